"""Reference data every register starts with: Kolada's municipality codes and the four
generic activities of the activity requirement."""

from __future__ import annotations

import csv

import sqlalchemy as sa

from ame_desktop import config
from ame_desktop.domain.codes import ACTIVITY_CATEGORY_LABELS

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


def seed_reference_data(conn: sa.Connection) -> None:
    """Everything a new register needs (called after create_all)."""
    seed_municipalities(conn)
    seed_category_activities(conn)
