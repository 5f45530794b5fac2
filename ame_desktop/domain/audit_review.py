"""The monthly log review (logggranskning) as plain values: services/exports.audit_review fills
it from the audit log, io/audit_review.py writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

ANCHOR_LABEL = "Loggens ankare"  # the row of the review's sheet that holds the chain's head


@dataclass
class EntryView:
    """One entry of the audit log as an administrator reads it."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    record_id: str | None
    participant_id: int | None
    details: str | None


@dataclass
class ReviewFinding:
    actor: str
    kind: str  # "många" | "utanför"
    count: int
    text: str


@dataclass
class AuditReview:
    year: int
    month: int
    made_on: date
    findings: list[ReviewFinding]
    entries: list[EntryView]  # the month's entries, newest first
    chain_problems: list[str]  # empty = the chain is whole
    head_id: int  # the chain's last entry when the review was made (its anchor)
    head_hash: str
    head_at: datetime | None
