"""Copy a cached SQLite scale register into a PostgreSQL database, fast, for the benchmarks.

    python -m benchmarks.pg_load REGISTER.db postgresql+psycopg://user:pw@host/dbname

The program's own `migrate-to` copies row by row through SQLAlchemy with checks (6 min for the
city register's 6.9 M rows); a country-size register (60 M hour rows) would take an hour that
way. Here each table streams from the `sqlite3` command line tool as CSV straight into
PostgreSQL's COPY, in foreign-key order, and the id sequences are set afterwards. The schema is
the program's own (created by opening the empty database at the head revision), so what the
benchmarks then measure on PostgreSQL is exactly what a coach's program would meet.

Only for benchmark registers (fictitious data, built by benchmarks/scale.py); it drops and
recreates the target database.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit


def _psql_args(url: str, database: str | None = None) -> tuple[list[str], dict]:
    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://"))
    # A benchmark copy: a crash mid-load means loading again, so no wait for each commit's flush.
    env = dict(os.environ, PGPASSWORD=parts.password or "", PGOPTIONS="-c synchronous_commit=off")
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", parts.hostname or "127.0.0.1",
            "-p", str(parts.port or 5432), "-U", parts.username or "postgres",
            "-d", database or parts.path.lstrip("/")]
    return args, env


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    args, env = _psql_args(url, "postgres")
    subprocess.run(args + ["-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True, env=env)
    subprocess.run(args + ["-c", f'CREATE DATABASE "{name}"'], check=True, env=env)


def _drop_secondary(psql: list[str], env: dict) -> list[str]:
    """Drop the schema's foreign keys and its indexes that back no constraint; return the
    statements that create them again (indexes first, then the keys)."""
    def rows(sql: str) -> list[list[str]]:
        out = subprocess.run(psql + ["-tAF", "\t", "-c", sql], check=True, env=env, capture_output=True,
                             text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    keys = rows("SELECT conrelid::regclass, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND connamespace = 'public'::regnamespace")
    indexes = rows("SELECT quote_ident(c.relname), pg_get_indexdef(i.indexrelid) FROM pg_index i "
                   "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = 'public' AND NOT EXISTS "
                   "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)")
    drops = [f"ALTER TABLE {t} DROP CONSTRAINT {name}" for t, name, _ in keys]
    drops += [f"DROP INDEX {name}" for name, _ in indexes]
    if drops:
        subprocess.run(psql + [a for d in drops for a in ("-c", d)], check=True, env=env)
    return ([f"SET maintenance_work_mem = '1GB'; {definition}" for _, definition in indexes]
            + [f"ALTER TABLE {t} ADD CONSTRAINT {name} {definition}" for t, name, definition in keys])


def load(register: Path, url: str, log=print) -> None:
    from sqlmodel import SQLModel

    from ame_desktop.domain import models  # noqa: F401  (the tables)
    from ame_desktop.store.schema import open_register

    t0 = time.perf_counter()
    recreate_database(url)
    db = open_register(url)  # the program creates its schema at the head revision
    db.dispose()
    src = sqlite3.connect(f"file:{register}?mode=ro", uri=True)
    psql, env = _psql_args(url)
    # The seed rows the program wrote on creation (categories, settings, …) come again from the file.
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    subprocess.run(psql + ["-c", f"TRUNCATE {names} RESTART IDENTITY CASCADE"], check=True, env=env)
    # As pg_restore does: the rows first, then the secondary indexes and the foreign keys. A foreign
    # key checked row by row (a trigger per inserted row) and an index maintained for each of 60 M
    # hour rows are what made the country-size load take most of an hour; one index build and one
    # validating join per key afterwards are minutes. Primary keys and unique constraints stay.
    deferred = _drop_secondary(psql, env)
    total = 0
    for table in SQLModel.metadata.sorted_tables:
        have = {r[1] for r in src.execute(f'PRAGMA table_info("{table.name}")')}
        if not have:
            continue
        cols = [c.name for c in table.columns if c.name in have]
        n = src.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
        if not n:
            continue
        select = "SELECT " + ", ".join(f'"{c}"' for c in cols) + f' FROM "{table.name}"'
        dump = subprocess.Popen(["sqlite3", "-csv", f"file:{register}?mode=ro", select], stdout=subprocess.PIPE)
        copy = f'\\copy "{table.name}" (' + ", ".join(f'"{c}"' for c in cols) + ") FROM STDIN WITH (FORMAT csv)"
        # COPY is refused on a table under row-level security (migration 0015): switched off for
        # the load by the owner and on again after (FORCE and the policies are left as they are).
        rls = [f'ALTER TABLE "{table.name}" DISABLE ROW LEVEL SECURITY', copy,
               f'ALTER TABLE "{table.name}" ENABLE ROW LEVEL SECURITY']
        secured = subprocess.run(psql + ["-tAc", f"SELECT relrowsecurity FROM pg_class WHERE oid = "
                                                 f"'public.\"{table.name}\"'::regclass"],
                                 check=True, env=env, capture_output=True, text=True).stdout.strip() == "t"
        steps = rls if secured else [copy]
        subprocess.run(psql + [a for step in steps for a in ("-c", step)], stdin=dump.stdout, check=True, env=env)
        dump.stdout.close()
        if dump.wait() != 0:
            raise RuntimeError(f"sqlite3 could not read {table.name}")
        if "id" in cols:
            subprocess.run(psql + ["-c", f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                         f"(SELECT coalesce(max(id), 1) FROM \"{table.name}\"))"],
                           check=True, env=env, stdout=subprocess.DEVNULL)
        total += n
        log(f"  {table.name}: {n} rows ({time.perf_counter() - t0:.0f} s)")
    src.close()
    t1 = time.perf_counter()
    subprocess.run(psql + [a for statement in deferred for a in ("-c", statement)], check=True, env=env)
    log(f"  {len(deferred)} indexes and foreign keys rebuilt in {time.perf_counter() - t1:.0f} s")
    subprocess.run(psql + ["-c", "SET client_min_messages = error", "-c", "VACUUM ANALYZE"], check=True, env=env)
    log(f"loaded {total} rows into PostgreSQL in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    load(Path(sys.argv[1]), sys.argv[2])
