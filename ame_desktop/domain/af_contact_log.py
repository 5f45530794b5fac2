"""The contact log with Arbetsförmedlingen as plain values (services/af_contacts.py reads and counts
it; the window shows it; io/af_contacts_export.py writes it): a line of the log, the period's
summary, the report, and the follow-up states with their labels."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from ame_desktop.domain.af_codes import CATEGORY_LABELS, CHANNEL_LABELS
from ame_desktop.domain.i18n import QT_TR_NOOP

# Follow-up states of one contact, as of a day.
FOLLOW_NONE, FOLLOW_DONE, FOLLOW_PLANNED, FOLLOW_DUE_TODAY, FOLLOW_LATE = "", "klar", "planerad", "idag", "forsenad"
FOLLOW_LABELS = {FOLLOW_NONE: "", FOLLOW_DONE: QT_TR_NOOP("Klar"), FOLLOW_PLANNED: QT_TR_NOOP("Planerad"),
                 FOLLOW_DUE_TODAY: QT_TR_NOOP("I dag"), FOLLOW_LATE: QT_TR_NOOP("Försenad")}

@dataclass(frozen=True)
class ContactRow:
    """One line of the log, with the names it shows and its state as of `today`."""

    id: int
    contact_at: datetime
    staff_id: int | None
    staff: str
    participant_id: int | None
    personnummer: str | None
    name: str  # "Förnamn Efternamn"; "" for a strategic contact
    af_person: str | None
    af_office: str | None
    channel: str
    category: str
    consent_documented: bool
    consent_on: date | None
    question: str | None
    outcome: str | None
    follow_up_on: date | None
    follow_up_done_on: date | None
    follow_up: str  # FOLLOW_* as of today
    consent_missing: bool

    @property
    def contact_day(self) -> date:
        return self.contact_at.date()

    @property
    def days_to_done(self) -> int | None:
        if self.follow_up_done_on is None:
            return None
        return (self.follow_up_done_on - self.contact_day).days

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)


@dataclass
class Summary:
    start: date
    end: date
    today: date
    months: list[str]  # "YYYY-MM", every month the period touches
    total: int = 0
    with_participant: int = 0
    strategic: int = 0
    by_category_month: dict[str, dict[str, int]] = field(default_factory=dict)  # every category × month
    by_category: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    with_follow_up: int = 0
    open_follow_ups: int = 0
    due_follow_ups: int = 0  # open and dated ≤ today (late ones included)
    late_follow_ups: int = 0
    done_follow_ups: int = 0
    median_days_to_done: float | None = None
    consent_missing: int = 0


@dataclass
class ContactReport:
    """The log of a period (oldest first) and its summary: what the exports write."""

    start: date
    end: date
    today: date
    rows: list[ContactRow]
    summary: Summary


def contacts_per_month_total(sm: Summary) -> dict[str, int]:
    totals: Counter = Counter()
    for per_month in sm.by_category_month.values():
        totals.update(per_month)
    return {m: totals.get(m, 0) for m in sm.months}
