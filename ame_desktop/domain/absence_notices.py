"""Prompt notices to the caseworker as plain values (services/notices.py finds what is waiting;
io/notices.py writes it): the kinds with their Swedish labels, the items, and the notice's text.
Facts only: a notice says what was registered and that the assessment of acceptable reasons is
the nämnd's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

CHANNELS = ("e-post", "utskrift", "säker e-post", "annat")
CHANNEL_LABELS = {"e-post": "E-post", "utskrift": "Utskrift", "säker e-post": "Säker e-post", "annat": "Annat"}
KIND_OGILTIG, KIND_RUN, KIND_SICK = "ogiltig", "franvaro_i_rad", "sjuk_utan_intyg"
KIND_LABELS = {KIND_OGILTIG: "Frånvaro utan anmält skäl", KIND_RUN: "Frånvarande flera dagar i följd",
               KIND_SICK: "Sjuk utan läkarintyg"}
RUN_CODES = frozenset({"OGILTIG", "SJUK", "SJUK_INTYG", "VAB", "VARD", "MYNDIGHET"})
NAMND_SENTENCE = ("Om frånvaron hade godtagbart skäl bedömer socialnämnden – arbetsmarknadsenheten redovisar "
                  "bara vad som registrerats.")



@dataclass(frozen=True)
class Item:
    kind: str
    day_from: date
    day_to: date
    days: int
    hours: float
    activities: str = ""

    def describe(self, threshold: int | None = None) -> str:
        h = f"{self.hours:.2f}".replace(".", ",")
        if self.kind == KIND_OGILTIG:
            return f"{self.day_from.isoformat()}: frånvaro utan anmält skäl, {h} timmar" + (
                f" ({self.activities})" if self.activities else "")
        span = f"{self.day_from.isoformat()} – {self.day_to.isoformat()}"
        if self.kind == KIND_RUN:
            return f"{span}: registrerad som frånvarande {self.days} arbetsdagar i följd"
        limit = f" (gränsen är {threshold} dagar)" if threshold else ""
        return f"{span}: sjuk utan läkarintyg {self.days} arbetsdagar i följd{limit}"


@dataclass
class PendingNotice:
    participant_id: int
    personnummer: str
    name: str
    municipality_code: str
    caseworker_id: int | None
    caseworker: str | None
    caseworker_email: str | None
    items: list[Item] = field(default_factory=list)



def as_json(pending: list[PendingNotice]) -> dict:
    return {"count": len(pending), "notices": [{
        "personnummer": n.personnummer,
        "municipality": n.municipality_code,
        "caseworker": n.caseworker,
        "items": [{"kind": i.kind, "from": i.day_from.isoformat(), "to": i.day_to.isoformat(), "days": i.days,
                   "hours": i.hours} for i in n.items],
    } for n in pending]}



def notice_text(n: PendingNotice, unit_name: str, threshold: int | None = None, sent_on: date | None = None) -> str:
    """The notice as plain text (for an e-mail): facts only, in plain Swedish."""
    from ame_desktop.domain.personnummer import format_digits

    lines = [f"Underrättelse om frånvaro – aktivitetskrav ({(sent_on or date.today()).isoformat()})", ""]
    lines.append(f"Till: {n.caseworker or 'handläggaren för ekonomiskt bistånd'}")
    lines.append(f"Från: {unit_name}")
    lines.append(f"Deltagare: {n.name}, {format_digits(n.personnummer)}")
    lines.append("")
    lines.append("Sedan förra underrättelsen har följande registrerats:")
    for i in n.items:
        lines.append(f"- {i.describe(threshold)}")
    lines.append("")
    lines.append(NAMND_SENTENCE)
    return "\n".join(lines) + "\n"
