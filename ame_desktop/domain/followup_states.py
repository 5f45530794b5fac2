"""The states of a follow-up after exit as plain values (services/followups.py computes them;
the window, the results report and io/results_report.py show them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ame_desktop.domain import codes

# States of one follow-up.
DONE, NOT_REACHED, REENROLLED, OPEN, OVERDUE, UPCOMING = (
    "uppfoljd", "ej_nadd", "aterinskriven", "att_gora", "forsenad", "kommande")
STATE_LABELS = {
    DONE: "Uppföljd",
    NOT_REACHED: "Ej nådd",
    REENROLLED: "Stängd – inskriven igen",
    OPEN: "Att göra",
    OVERDUE: "Försenad",
    UPCOMING: "Kommande",
}


NO_FOLLOW_UP = "E3"  # avliden


@dataclass
class FollowUpState:
    enrollment_id: int
    participant_id: int
    months: int
    exit_date: date
    due_on: date
    state: str
    reenrolled_on: date | None = None
    followup_id: int | None = None
    done_on: date | None = None
    method: str | None = None
    support: str | None = None
    occupation: str | None = None
    note: str | None = None
    recorded_by: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state in (OPEN, OVERDUE)

    def describe(self) -> str:
        if self.state == REENROLLED and self.reenrolled_on:
            return f"Stängd: inskriven igen {self.reenrolled_on.isoformat()}"
        if self.state == DONE:
            return (f"{codes.SUPPORT_LABELS.get(self.support or '', self.support or '')}"
                    + (f"; {codes.OCCUPATION_LABELS.get(self.occupation, self.occupation)}" if self.occupation else ""))
        return STATE_LABELS[self.state]
