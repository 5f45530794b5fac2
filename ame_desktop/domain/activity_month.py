"""The monthly activity-requirement report as plain values: the statuses with their Swedish labels
and explanations, a person's month, the report (services/activity_report.monthly_report computes
it; io/activity_report.py and io/delivery.py write it). CLI.md `report activity` is the contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ame_desktop.domain import codes

STATUS_MET = "uppfyllt"
STATUS_NO_REASON = "franvaro_utan_skal"
STATUS_UNREGISTERED = "ej_registrerat"
STATUS_NOT_ENROLLED = "ej_inskriven"
STATUS_EXEMPT = "undantagen"
STATUSES = (STATUS_MET, STATUS_NO_REASON, STATUS_UNREGISTERED, STATUS_NOT_ENROLLED, STATUS_EXEMPT)
STATUS_LABELS = {
    STATUS_MET: "Uppfyllt",
    STATUS_NO_REASON: "Frånvaro utan anmält skäl",
    STATUS_UNREGISTERED: "Timmar ej registrerade",
    STATUS_NOT_ENROLLED: "Ej inskriven",
    STATUS_EXEMPT: "Undantagen",
}
# What each status means, in words for the caseworker (xlsx, PDF, the window's tooltips).
STATUS_EXPLANATIONS = {
    STATUS_MET: "De registrerade timmarna täcker kravet.",
    STATUS_NO_REASON: "Det finns frånvaro utan anmält skäl; datumen står i rapporten.",
    STATUS_UNREGISTERED: "Timmar saknas som ingen har registrerat – det är inte registrerad frånvaro.",
    STATUS_NOT_ENROLLED: "Personen var inte inskriven vid enheten under kravdagarna; inget krävdes.",
    STATUS_EXEMPT: "Kravperioden har undantag från aktivitetskravet hela månaden.",
}

NAMND_NOTE = ("Rapporten redovisar fakta: timmar, frånvaroorsaker och datum. Om en frånvaro har "
              "godtagbart skäl bedömer socialnämnden, inte enheten.")

@dataclass
class DayEntry:
    activity: str
    hours: float
    absence: str | None
    job_seeking: bool = False


@dataclass
class PeriodInfo:
    start: date
    end: date | None
    hours: float
    reduction_code: str | None
    reduction_reason: str | None
    reduction_hours: float | None
    exemption: str | None
    decision_date: date | None = None
    decision_reference: str | None = None
    caseworker: str | None = None

    def __iter__(self):  # (start, end, hours, reason, exemption), as before December 2026
        return iter((self.start, self.end, self.hours, self.reduction_reason, self.exemption))

    def __lt__(self, other: PeriodInfo) -> bool:
        return self.start < other.start

    def describe(self) -> str:
        until = self.end.isoformat() if self.end else "tills vidare"
        text = f"{self.start.isoformat()} – {until}: "
        if self.exemption:
            return text + f"undantag ({codes.EXEMPTION_LABELS.get(self.exemption, self.exemption)})"
        text += f"{self.hours:g} timmar/vecka"
        if self.reduction_code:
            label = codes.REDUCTION_LABELS.get(self.reduction_code, self.reduction_code)
            detail = f": {self.reduction_reason}" if self.reduction_reason else ""
            hours = f", {self.reduction_hours:g} h/vecka" if self.reduction_hours else ""
            text += f" (nedsatt – {label}{detail}{hours})"
        elif self.reduction_reason:
            text += f" (nedsatt: {self.reduction_reason})"
        return text

    def decision(self) -> str:
        parts = []
        if self.decision_date:
            parts.append(f"beslut {self.decision_date.isoformat()}")
        if self.decision_reference:
            parts.append(f"dnr {self.decision_reference}")
        if self.caseworker:
            parts.append(f"handläggare {self.caseworker}")
        return ", ".join(parts)


@dataclass
class PersonMonth:
    participant_id: int
    personnummer: str
    name: str
    municipality: str
    staff: str
    required_hours: float
    attended_hours: float
    valid_absence_hours: float
    invalid_absence_hours: float
    status: str
    job_seeking_hours: float = 0.0
    cancelled_hours: float = 0.0
    unregistered_hours: float = 0.0
    not_enrolled_days: int = 0
    closed_days: int = 0
    municipality_code: str = ""
    caseworker: str = ""  # the caseworker of the month's latest requirement period
    caseworker_id: int | None = None
    required_by_day: dict[date, float] = field(default_factory=dict)
    entries_by_day: dict[date, list[DayEntry]] = field(default_factory=dict)
    periods: list[PeriodInfo] = field(default_factory=list)
    # Day lists (with_days): closed requirement days with the reason, not-enrolled requirement
    # days, and required days on which fewer hours were registered than required.
    closed_dates: dict[date, str] = field(default_factory=dict)
    not_enrolled_dates: list[date] = field(default_factory=list)
    unregistered_dates: list[tuple[date, float, float]] = field(default_factory=list)  # (day, registered, required)
    # Runs of consecutive working days with SJUK (no läkarintyg) of at least the setting's length.
    sick_without_certificate: list[tuple[date, date, int]] = field(default_factory=list)

    @property
    def covered_hours(self) -> float:
        return round(self.attended_hours + self.job_seeking_hours + self.valid_absence_hours + self.cancelled_hours, 2)

    @property
    def shortfall(self) -> float:
        """Hours the registered hours fall short of the requirement (0 when the month needs nothing more)."""
        if self.status not in (STATUS_NO_REASON, STATUS_UNREGISTERED):
            return 0.0
        return round(max(0.0, self.required_hours - self.covered_hours), 2)

    @property
    def no_reason_absences(self) -> list[tuple[date, DayEntry]]:
        return [(d, e) for d, items in sorted(self.entries_by_day.items()) for e in items
                if e.absence == codes.NO_REASON_ABSENCE]

    def as_json(self) -> dict:
        return {
            "personnummer": self.personnummer,
            "required_hours": self.required_hours,
            "attended_hours": self.attended_hours,
            "job_seeking_hours": self.job_seeking_hours,
            "valid_absence_hours": self.valid_absence_hours,
            "cancelled_hours": self.cancelled_hours,
            "invalid_absence_hours": self.invalid_absence_hours,
            "unregistered_hours": self.unregistered_hours,
            "not_enrolled_days": self.not_enrolled_days,
            "closed_days": self.closed_days,
            "status": self.status,
        }


@dataclass
class MonthlyReport:
    year: int
    month: int
    first_day: date
    last_day: date
    municipality: str | None
    participants: list[PersonMonth]
    working_days: list[date]

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def as_json(self) -> dict:
        return {"month": self.label, "participants": [p.as_json() for p in self.participants]}
