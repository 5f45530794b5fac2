"""Which schema versions this program knows: the migrations' folder, the newest one
(SCHEMA_HEAD) and alembic's view of them. Its own module so that both schema.py (which makes
a backup before migrating) and backup.py (which checks a backup's version before restoring)
use it without importing each other."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration. Opening a register that is already there needs no alembic at all
# (alembic and its script directory cost ~0.15 s of every start); a test keeps this in step.
SCHEMA_HEAD = "0016"


def alembic_config(connection: sa.Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head
