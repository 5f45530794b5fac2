"""Counts of the register (`ame-desktop stats`): of what the actor may see (services/authz.py)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import models
from ame_desktop.services import authz

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
    """Rows per table. An account limited to some municipalities counts only their participants'
    rows (contacts with AF about no person, which every account sees, are counted too)."""
    limited = authz.actor(s).municipalities is not None
    tables = models.SQLModel.metadata.tables
    out: dict[str, int] = {}
    for key, table in COUNTED.items():
        t = tables.get(table)
        if t is None:
            out[key] = 0
            continue
        q = sa.select(sa.func.count()).select_from(t)
        if limited:
            if table == "participant":
                q = q.where(authz.visible(s))
            elif "participant_id" in t.c:
                mine = t.c.participant_id.in_(authz.visible_ids(s))
                q = q.where(sa.or_(t.c.participant_id.is_(None), mine) if t.c.participant_id.nullable else mine)
        out[key] = int(s.execute(q).scalar_one())
    return out
