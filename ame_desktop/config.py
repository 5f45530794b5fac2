"""Where things live: data directory, log file, resources (platformdirs)."""

from __future__ import annotations

import logging
import os
import re
import sys
from functools import cache
from pathlib import Path

APP_NAME = "AME Desktop"
DB_ENV = "AME_DB"


@cache
def _dirs():
    # platformdirs only when a place is asked for (a command with --db and AME_LOG_FILE never does)
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def __getattr__(name: str):  # config.DIRS, as before
    if name == "DIRS":
        return _dirs()
    raise AttributeError(name)


def data_dir() -> Path:
    return Path(_dirs().user_data_dir)


def default_db_path() -> Path:
    return data_dir() / "ame.db"


def log_dir() -> Path:
    return Path(_dirs().user_log_dir)


def log_file() -> Path:
    return log_dir() / "ame-desktop.log"


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


_PNR = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+]?\d{4}(?!\d)")


HIDDEN_MESSAGE = "[meddelandet skrivs inte i loggen]"


def _exception_chain(exc: BaseException | None) -> list[BaseException]:
    chain: list[BaseException] = []
    while exc is not None and all(exc is not e for e in chain):
        chain.append(exc)
        exc = exc.__cause__ if exc.__cause__ is not None else (None if exc.__suppress_context__ else exc.__context__)
    return chain[::-1]


class RedactingFormatter(logging.Formatter):
    """Our own log lines carry ids and counts only; this also masks anything shaped like a
    personnummer that reaches the log inside an exception text or traceback.

    Tracebacks name where an error happened (file, line, function, the line of code and the
    exception's type), never what it said: an exception's message may quote the data it failed
    on — reportlab quotes the whole paragraph (a name, a health detail), a database error the
    key values, an XML parser the offending text — so no exception message is ever logged."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler (or an earlier format) may have cached the traceback *with* the
        # message in record.exc_text: always render our own.
        cached, record.exc_text = record.exc_text, None
        try:
            return _PNR.sub("[personnummer]", super().format(record))
        finally:
            record.exc_text = cached

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        import traceback

        _etype, value, _tb = ei
        lines: list[str] = []
        for i, exc in enumerate(_exception_chain(value)):
            if i:
                lines.append("\nDet föregående felet ledde till detta:\n")
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_list(traceback.extract_tb(exc.__traceback__)))
            lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}: {HIDDEN_MESSAGE}\n")
        return "".join(lines).rstrip("\n")


LOG_MAX_BYTES, LOG_BACKUPS = 2_000_000, 3


class SharedLogHandler(logging.Handler):
    """Appends each record and closes the file again, so the window and a scheduled command can
    log to the same file at once (RotatingFileHandler renames a file the other process holds
    open, which fails on Windows). Log records are few; opening per record costs nothing here."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record) + "\n"
            with self.lock or _nolock(), open(self.path, "a", encoding="utf-8") as f:
                f.write(text)
        except Exception:  # never let logging end a command
            self.handleError(record)


class _nolock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def rotate_if_large(path: Path, max_bytes: int = LOG_MAX_BYTES, backups: int = LOG_BACKUPS) -> None:
    """At start: a log over `max_bytes` becomes .1 (and .1 → .2 …). If another process is writing
    just then (Windows refuses the rename), rotation waits for the next start."""
    try:
        if not path.exists() or path.stat().st_size <= max_bytes:
            return
        for i in range(backups, 0, -1):
            older = path.with_name(f"{path.name}.{i}")
            newer = path.with_name(f"{path.name}.{i - 1}") if i > 1 else path
            if newer.exists():
                os.replace(newer, older)
    except OSError:
        pass


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a file two processes can share, rotated at start (AME_LOG_FILE overrides the place)."""
    path = Path(os.environ.get("AME_LOG_FILE") or log_file())
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_ame", None) is not None:
            if h._ame == path:  # type: ignore[attr-defined]
                return path
            root.removeHandler(h)
            h.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        rotate_if_large(path)
        handler: logging.Handler = SharedLogHandler(path)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._ame = path  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path
