"""Where things live: data directory, log file, resources (platformdirs)."""

from __future__ import annotations

import logging
import logging.handlers
import os
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


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file. Log records carry ids and counts, never names or personnummer."""
    path = Path(os.environ.get("AME_LOG_FILE") or log_file())
    root = logging.getLogger()
    if any(getattr(h, "_ame", False) for h in root.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._ame = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path
