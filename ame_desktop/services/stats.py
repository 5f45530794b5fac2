"""Counts of the register (`ame-desktop stats`)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import models

# Key in the stats JSON → table. Keys are a contract (shared/spec/CLI.md); a table that does
# not exist yet in this version counts 0.
COUNTED: dict[str, str] = {
    "participants": "participant",
    "referrals": "referral",
    "enrollments": "enrollment",
    "requirements": "requirement_period",
    "attendance": "attendance",
    "step_assessments": "step_assessment",
    "af_contacts": "af_contact",
}


def register_counts(s: Session) -> dict[str, int]:
    tables = models.SQLModel.metadata.tables
    out: dict[str, int] = {}
    for key, table in COUNTED.items():
        t = tables.get(table)
        out[key] = int(s.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()) if t is not None else 0
    return out
