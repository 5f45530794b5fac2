"""Reference data every register starts with: Kolada's municipality codes, the four
generic activities of the activity requirement, and the default step ladder with its rating
dimensions (resources/step_models/)."""

from __future__ import annotations

import csv
import json
from datetime import datetime

import sqlalchemy as sa

from ame_desktop import config
from ame_desktop.domain.codes import (
    ACTIVITY_CATEGORY_LABELS,
    JOB_SEEKING,
    JOB_SEEKING_CATEGORY,
    JOB_SEEKING_LABEL,
)

# A lightweight table, not the model: migrations must keep working when the model changes.
_municipality = sa.table("municipality", sa.column("code"), sa.column("name"), sa.column("kind"))


def municipalities_from_tsv() -> list[dict]:
    path = config.resource("data", "kolada_municipalities.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [{"code": r["id"].strip(), "name": r["title"].strip(), "kind": r["type"].strip()} for r in rows]


def seed_municipalities(conn: sa.Connection) -> int:
    """Insert municipalities that are missing; returns how many were added."""
    have = {row[0] for row in conn.execute(sa.select(_municipality.c.code))}
    new = [r for r in municipalities_from_tsv() if r["code"] not in have]
    if new:
        conn.execute(sa.insert(_municipality), new)
    return len(new)


_activity = sa.table("activity", sa.column("name"), sa.column("category"), sa.column("is_category"),
                     sa.column("active"))


def seed_category_activities(conn: sa.Connection) -> None:
    """One generic activity per category, so hours can be recorded by category alone."""
    have = {row[0] for row in conn.execute(sa.select(_activity.c.category).where(_activity.c.is_category == True))}  # noqa: E712
    new = [{"name": label, "category": c, "is_category": True, "active": True}
           for c, label in ACTIVITY_CATEGORY_LABELS.items() if c not in have]
    if new:
        conn.execute(sa.insert(_activity), new)


def seed_job_seeking_activity(conn: sa.Connection) -> None:
    """The generic activity for the person's own job seeking (Närvaro `JOBBSOK`, category 0)."""
    have = conn.execute(sa.select(sa.func.count()).select_from(_activity).where(
        _activity.c.category == JOB_SEEKING_CATEGORY, _activity.c.is_category == True)).scalar_one()  # noqa: E712
    if have:
        return
    names = {row[0] for row in conn.execute(sa.select(_activity.c.name))}
    name = JOB_SEEKING_LABEL if JOB_SEEKING_LABEL not in names else f"{JOB_SEEKING_LABEL} ({JOB_SEEKING})"
    conn.execute(sa.insert(_activity), [{"name": name, "category": JOB_SEEKING_CATEGORY, "is_category": True,
                                         "active": True}])


# Typed where the driver needs to know (SQLite stores dates and booleans its own way).
_step_model = sa.table("step_model", sa.column("id"), sa.column("name"), sa.column("description"),
                       sa.column("version"), sa.column("previous_id"), sa.column("is_current", sa.Boolean()),
                       sa.column("retired", sa.Boolean()), sa.column("created_at", sa.DateTime()))
_step_level = sa.table("step_level", sa.column("model_id"), sa.column("number"), sa.column("name"),
                       sa.column("description"))
_step_dimension = sa.table("step_dimension", sa.column("name"), sa.column("sort_order"),
                           sa.column("active", sa.Boolean()))


def step_defaults() -> tuple[dict, list[str]]:
    """The shipped ladder ({name, description, levels: [{number, name, description}]}) and dimension names."""
    with open(config.resource("step_models", "standard.json"), encoding="utf-8") as f:
        model = json.load(f)
    with open(config.resource("step_models", "dimensions.json"), encoding="utf-8") as f:
        dimensions = json.load(f)["dimensions"]
    return model, dimensions


def seed_step_defaults(conn: sa.Connection) -> None:
    """The default ladder and rating dimensions, each only into an empty table: a register whose
    unit has already shaped its own ladder is left alone."""
    model, dimensions = step_defaults()
    if conn.execute(sa.select(sa.func.count()).select_from(_step_model)).scalar_one() == 0:
        conn.execute(sa.insert(_step_model).values(
            name=model["name"], description=model.get("description"), version=1, previous_id=None,
            is_current=True, retired=False, created_at=datetime.now().replace(microsecond=0)))
        # Read the id back by name: lightweight tables know no primary key to return.
        model_id = conn.execute(sa.select(sa.func.max(_step_model.c.id))
                                .where(_step_model.c.name == model["name"])).scalar_one()
        conn.execute(sa.insert(_step_level), [
            {"model_id": model_id, "number": lv["number"], "name": lv["name"], "description": lv.get("description")}
            for lv in model["levels"]])
    if conn.execute(sa.select(sa.func.count()).select_from(_step_dimension)).scalar_one() == 0:
        conn.execute(sa.insert(_step_dimension), [
            {"name": name, "sort_order": i, "active": True} for i, name in enumerate(dimensions, start=1)])


_audit_head = sa.table("audit_head", sa.column("id"), sa.column("last_id"), sa.column("last_hash"))


def seed_audit_head(conn: sa.Connection) -> None:
    """The audit chain starts from 64 zeros."""
    if conn.execute(sa.select(sa.func.count()).select_from(_audit_head)).scalar_one() == 0:
        conn.execute(sa.insert(_audit_head), [{"id": 1, "last_id": 0, "last_hash": "0" * 64}])


def seed_reference_data(conn: sa.Connection) -> None:
    """Everything a new register needs (called after create_all)."""
    seed_municipalities(conn)
    seed_category_activities(conn)
    seed_job_seeking_activity(conn)
    seed_audit_head(conn)
    seed_step_defaults(conn)
