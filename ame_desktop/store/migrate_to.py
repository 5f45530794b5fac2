"""`ame-desktop migrate-to URL`: copy a local SQLite register into an empty (PostgreSQL)
database, then verify row counts and a checksum per table on both sides."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import SQLModel

from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import Participant
from ame_desktop.store.database import Database
from ame_desktop.store.schema import ensure_schema

log = logging.getLogger(__name__)
CHUNK = 5000


@dataclass
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_checksum == self.target_checksum


def _canonical(value: object) -> str:
    """One text form per value, whatever the backend returned (bool vs 0/1, float noise)."""
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _ordered(table: sa.Table) -> sa.Select:
    return sa.select(table).order_by(*table.primary_key.columns)


def table_checksum(conn: sa.Connection, table: sa.Table) -> tuple[int, str]:
    digest = hashlib.sha256()
    n = 0
    for row in conn.execute(_ordered(table)):
        digest.update("\x1f".join(_canonical(v) for v in row).encode())
        digest.update(b"\n")
        n += 1
    return n, digest.hexdigest()


def tables() -> list[sa.Table]:
    """Every table of the model, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def migrate_to(source: Database, target_url: str, progress: Callable[[str, float], None] | None = None
               ) -> list[TableCheck]:
    step = progress or (lambda _t, _f: None)
    if not source.is_sqlite:
        raise UserError("migrate-to kopierar från en lokal SQLite-databas; ange den med --db.")
    ensure_schema(source)
    target = Database(target_url)
    try:
        ensure_schema(target)  # creates the schema at head (and its reference data) when empty
        with target.engine.connect() as conn:
            people = conn.execute(sa.select(sa.func.count()).select_from(Participant.__table__)).scalar_one()
        if people:
            raise UserError(f"Måldatabasen {target.describe()} innehåller redan {people} deltagare. "
                            "migrate-to kopierar bara till en tom databas.")
        all_tables = tables()
        with source.engine.connect() as src, target.engine.begin() as dst:
            # The reference data the new schema was seeded with is replaced by the register's own.
            for table in reversed(all_tables):
                dst.execute(table.delete())
            for i, table in enumerate(all_tables):
                step(f"Kopierar {table.name}…", i / len(all_tables))
                batch: list[dict] = []
                for row in src.execute(_ordered(table)).mappings():
                    batch.append(dict(row))
                    if len(batch) >= CHUNK:
                        dst.execute(table.insert(), batch)
                        batch = []
                if batch:
                    dst.execute(table.insert(), batch)
            if target.url.get_backend_name() == "postgresql":
                _reset_sequences(dst, all_tables)
        step("Kontrollerar…", 0.95)
        checks = []
        with source.engine.connect() as src, target.engine.connect() as dst:
            for table in all_tables:
                n_src, sum_src = table_checksum(src, table)
                n_dst, sum_dst = table_checksum(dst, table)
                checks.append(TableCheck(table.name, n_src, n_dst, sum_src, sum_dst))
        log.info("migrate-to: %d tables copied, all verified: %s", len(checks), all(c.ok for c in checks))
        return checks
    finally:
        target.dispose()


def _reset_sequences(conn: sa.Connection, all_tables: list[sa.Table]) -> None:
    """Rows were copied with their ids: move each id sequence past the largest one."""
    for table in all_tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].name == "id" and isinstance(pk[0].type, sa.Integer):
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
                f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)")
