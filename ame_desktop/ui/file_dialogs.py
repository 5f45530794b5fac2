"""File dialogs that start where the coach works: the folder last used (remembered per user),
else Dokument — never the program's own folder. Same signatures as QFileDialog's static
functions, which they call (tests that answer QFileDialog keep working)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_KEY = "files/last_folder"


def start_folder() -> Path:
    last = QSettings("AME Desktop", "AME Desktop").value(_KEY)
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    docs = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def _start(name: str) -> str:
    """A suggested name (or nothing) placed in the start folder; an absolute path is kept."""
    if name and Path(name).is_absolute():
        return name
    return str(start_folder() / name) if name else str(start_folder())


def remember(path: str) -> None:
    if path:
        p = Path(path)
        QSettings("AME Desktop", "AME Desktop").setValue(_KEY, str(p if p.is_dir() else p.parent))


def getSaveFileName(parent: QWidget | None, caption: str, dir: str = "", filter: str = "",  # noqa: N802, A002
                    *args, **kwargs):
    path, chosen = QFileDialog.getSaveFileName(parent, caption, _start(dir), filter, *args, **kwargs)
    remember(path)
    return path, chosen


def getOpenFileName(parent: QWidget | None, caption: str, dir: str = "", filter: str = "",  # noqa: N802, A002
                    *args, **kwargs):
    path, chosen = QFileDialog.getOpenFileName(parent, caption, _start(dir), filter, *args, **kwargs)
    remember(path)
    return path, chosen


def getExistingDirectory(parent: QWidget | None, caption: str, dir: str = "", *args, **kwargs) -> str:  # noqa: N802, A002
    path = QFileDialog.getExistingDirectory(parent, caption, _start(dir), *args, **kwargs)
    remember(path)
    return path


def save_with(parent: QWidget | None, caption: str, suggested: str, filters: str, write) -> tuple[bool, object]:
    """Ask where to save, then `write(Path)` (a service call); a refusal or failure is shown in
    Swedish. Returns (True, what write returned), or (False, None) when cancelled or failed."""
    from ame_desktop.ui.common import show_error

    path, _ = getSaveFileName(parent, caption, suggested, filters)
    if not path:
        return False, None
    try:
        return True, write(Path(path))
    except Exception as exc:  # noqa: BLE001 (shown to the user; unexpected ones are logged by show_error)
        show_error(parent, exc)
        return False, None
