"""Anchors of the audit log's chain, kept outside the register (loggankare).

The hash chain in `audit_entry` shows an edited or removed entry only as long as nobody
recomputes it. Whoever holds the register file can recompute a plain SHA-256 chain, delete the
whole log, or cut its tail and fix the head row. So the program also writes the chain's head
(time, last entry id, its hash) *outside* the register:

- an append-only text file, one JSON object a line: beside a SQLite file
  (`<register>.logg-ankare`); for PostgreSQL in the user's data folder, named after a hash of
  the server address and database (each workstation keeps its own);
- every backup (the copy's own head, plus a line in the anchor file when it is made);
- every monthly log review file (a row "Loggens ankare" on the first sheet).

`audit verify` (services.audit) checks that each anchored entry still exists with the same
hash. A rewritten history cannot match an anchor without breaking SHA-256.

Writing is cheap (no query): after a commit that added entries, the head this process wrote
is anchored at once the first time in a process, then at most every `EVERY_SECONDS`, and
always at exit, before `audit verify`, at a backup and at a log review. Failing to write an anchor never stops the user's work (it is logged).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

SUFFIX = ".logg-ankare"
EVERY_SECONDS = 60.0
RESTORE = "återställning"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Anchor:
    source: str  # Swedish: where it was found ("loggankaret", "säkerhetskopian X", …)
    at: datetime
    last_id: int
    last_hash: str
    event: str = "skrivning"


def anchor_path(url: URL | str) -> Path | None:
    """Where the anchor file of a register lives (None for an in-memory database)."""
    from sqlalchemy.engine import make_url

    from ame_desktop import config

    url = make_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        p = Path(url.database)
        return p.with_name(p.name + SUFFIX)
    # The same database whatever driver or role reaches it; the password never enters the name.
    key = f"{url.get_backend_name()}://{(url.host or 'localhost').lower()}:{url.port or ''}/{url.database or ''}"
    name = hashlib.sha256(key.encode()).hexdigest()[:24]
    return config.data_dir() / "loggankare" / f"{name}{SUFFIX}"


def append(path: Path, last_id: int, last_hash: str, event: str, at: datetime | None = None) -> bool:
    """Append one anchor line; False (and a log line) when the file cannot be written."""
    at = (at or datetime.now()).replace(microsecond=0)
    line = json.dumps({"tid": at.isoformat(), "sista_id": int(last_id), "sista_hash": last_hash,
                       "händelse": event}, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One write of one line in append mode: concurrent programs do not interleave inside a line.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
        finally:
            os.close(fd)
        return True
    except OSError as exc:
        log.warning("could not write the audit anchor file (%s)", exc.strerror)
        return False


def read_file(path: Path, source: str = "loggankaret") -> tuple[list[Anchor], int]:
    """The anchors in an anchor file, and how many lines could not be read."""
    anchors: list[Anchor] = []
    bad = 0
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            a = Anchor(source, datetime.fromisoformat(obj["tid"]), int(obj["sista_id"]), str(obj["sista_hash"]),
                       str(obj.get("händelse") or "skrivning"))
            if a.last_id < 0 or (a.last_id > 0 and not _HEX64.match(a.last_hash)):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            bad += 1
            continue
        anchors.append(a)
    return anchors, bad


def head_of_connection(conn) -> tuple[int, str] | None:
    """The last entry (id, hash) of a register's chain, through SQLAlchemy or sqlite3."""
    q = "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1"
    if isinstance(conn, sqlite3.Connection):
        row = conn.execute(q).fetchone()
    else:
        row = conn.execute(sa.text(q)).first()
    return (int(row[0]), str(row[1])) if row else None


def head_of_sqlite_file(path: Path) -> tuple[int, str, datetime | None] | None:
    """The head of the chain in a SQLite file (a backup), read-only; None when it has no log."""
    from ame_desktop.store.database import read_only_uri

    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT id, hash, at FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    if not row:
        return None
    try:
        at = datetime.fromisoformat(str(row[2]))
    except ValueError:
        at = None
    return int(row[0]), str(row[1]), at


def anchor_sqlite_copy(register: Path, copy: Path, event: str) -> None:
    """A backup was made (or restored): anchor the copy's head in the register's anchor file."""
    head = head_of_sqlite_file(copy)
    path = register.with_name(register.name + SUFFIX)
    if head is None:
        if event == RESTORE:
            append(path, 0, "0" * 64, event)
        return
    append(path, head[0], head[1], event)


# -- anchoring after commits (throttled) ------------------------------------------------------------
class _State:
    """Per anchor file in this process: the newest head this process committed, not yet anchored."""

    __slots__ = ("written", "pending")

    def __init__(self) -> None:
        self.written = 0.0  # time.monotonic() of the last line this process wrote; 0 = none yet
        self.pending: tuple[int, str] | None = None


_lock = threading.Lock()
_states: dict[Path, _State] = {}


def _write_pending(path: Path, state: _State, event: str) -> None:
    head, state.pending = state.pending, None
    if head is not None:
        append(path, head[0], head[1], event)
        state.written = time.monotonic()  # also after a failure: one warning a minute at most


def committed(url: URL | str, last_id: int, last_hash: str) -> None:
    """This process committed entries up to (last_id, last_hash): anchor it now (the first time
    in the process, then at most every EVERY_SECONDS), or keep it for the next flush.

    What is anchored is what this process itself wrote, not what the register says later."""
    path = anchor_path(url)
    if path is None:
        return
    with _lock:
        state = _states.setdefault(path, _State())
        if state.pending is None or last_id > state.pending[0]:
            state.pending = (int(last_id), last_hash)
        if state.written == 0.0 or time.monotonic() - state.written >= EVERY_SECONDS:
            _write_pending(path, state, "skrivning")


def flush(event: str = "avslut", url: URL | str | None = None) -> None:
    """Anchor what is still pending (at exit, before a check, in tests); one register or all."""
    only = anchor_path(url) if url is not None else None
    with _lock:
        for path, state in list(_states.items()):
            if only is None or path == only:
                _write_pending(path, state, event)


def forget() -> None:
    """Drop the in-process state (tests simulate a new program)."""
    with _lock:
        _states.clear()


atexit.register(flush)
