"""Where things live: data directory, log file, resources (platformdirs)."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "AME Desktop"
DIRS = PlatformDirs(APP_NAME, appauthor=False)
DB_ENV = "AME_DB"


def data_dir() -> Path:
    return Path(DIRS.user_data_dir)


def default_db_path() -> Path:
    return data_dir() / "ame.db"


def log_dir() -> Path:
    return Path(DIRS.user_log_dir)


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


class RedactingFormatter(logging.Formatter):
    """Our own log lines carry ids and counts only; this also masks anything shaped like a
    personnummer that reaches the log inside an exception text or traceback."""

    def format(self, record: logging.LogRecord) -> str:
        return _PNR.sub("[personnummer]", super().format(record))


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file (AME_LOG_FILE overrides the place)."""
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
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._ame = path  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path
