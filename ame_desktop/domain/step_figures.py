"""The step figures of a period as plain values (services/steps.summarize computes them; the
window shows them; io/steps_export.py writes them) and the definitions printed beside them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ame_desktop.domain.i18n import QT_TR_NOOP

DEFINITIONS = [
    (QT_TR_NOOP("Bedömda"), QT_TR_NOOP("Personer med minst en stegbedömning daterad i perioden.")),
    (QT_TR_NOOP("Med jämförelse"), QT_TR_NOOP("Bedömda som har en tidigare bedömning att jämföra med (i eller "
                                              "före perioden).")),
    (QT_TR_NOOP("Steg framåt"), QT_TR_NOOP("Andel av de bedömda där minst en bedömning i perioden ligger på "
                                           "en högre nivå än personens närmast föregående bedömning (även en "
                                           "bedömning före perioden).")),
    (QT_TR_NOOP("Steg bakåt"), QT_TR_NOOP("Andel av de bedömda där minst en bedömning i perioden ligger på en "
                                          "lägre nivå än den närmast föregående. En person kan räknas både "
                                          "framåt och bakåt.")),
    (QT_TR_NOOP("Median dagar per steg"), QT_TR_NOOP("För varje höjning mellan två på varandra följande "
                                                     "bedömningar: antal dagar mellan dem delat med antal "
                                                     "steg uppåt. Medianen av dessa värden.")),
    (QT_TR_NOOP("Nivåer"), QT_TR_NOOP("Nivåerna jämförs med sitt nummer, även mellan olika versioner av "
                                      "stegmodellen.")),
    (QT_TR_NOOP("Kommun"), QT_TR_NOOP("Den kommun som är registrerad på personen.")),
    (QT_TR_NOOP("Anvisare"), QT_TR_NOOP("Anvisaren i personens senaste anvisning till och med periodens sista "
                                        "dag.")),
]


GROUP_TOTAL, GROUP_MUNICIPALITY, GROUP_GENDER, GROUP_SOURCE = "total", "municipality", "gender", "source"
GROUP_LABELS = {GROUP_TOTAL: "Totalt", GROUP_MUNICIPALITY: "Kommun", GROUP_GENDER: "Kön", GROUP_SOURCE: "Anvisare"}
NO_SOURCE = "Uppgift saknas"


@dataclass
class GroupFigures:
    group: str  # GROUP_*
    key: str | None
    label: str
    assessed: int = 0
    compared: int = 0
    forward: int = 0
    back: int = 0
    rises: int = 0  # rising comparisons: the values the median is taken over
    median_days_per_step: float | None = None

    @property
    def forward_share(self) -> float | None:
        return round(100 * self.forward / self.assessed, 1) if self.assessed else None

    @property
    def back_share(self) -> float | None:
        return round(100 * self.back / self.assessed, 1) if self.assessed else None


@dataclass
class StepSummary:
    start: date
    end: date
    groups: list[GroupFigures]

    def total(self) -> GroupFigures:
        return self.groups[0]

    def by(self, group: str) -> list[GroupFigures]:
        return [g for g in self.groups if g.group == group]

    def find(self, group: str, key: str | None) -> GroupFigures | None:
        return next((g for g in self.groups if g.group == group and g.key == key), None)
