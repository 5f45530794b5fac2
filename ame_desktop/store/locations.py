"""Where a register and its backups lie: a warning when it is a folder a cloud client syncs
(OneDrive above all: a municipal PC often redirects Dokument there). A synced SQLite file can be
uploaded half written, produce conflict copies, and puts personal data in a cloud service the unit
has not assessed."""

from __future__ import annotations

import os
from pathlib import Path

_ENV_ROOTS = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def sync_service(path: Path | str) -> str | None:
    """"OneDrive" when the path lies under a OneDrive folder, else None."""
    p = Path(path).expanduser()
    try:
        p = p.resolve()
    except OSError:
        pass
    for var in _ENV_ROOTS:
        root = os.environ.get(var)
        if root:
            try:
                p.relative_to(Path(root).expanduser().resolve())
                return "OneDrive"
            except (ValueError, OSError):
                pass
    if any(part.casefold().startswith("onedrive") for part in p.parts):
        return "OneDrive"
    return None


def location_warnings(register: Path | None, backup_folder: Path | str | None) -> list[str]:
    """Swedish warnings for the register file and the backup folder (empty = nothing to say)."""
    out = []
    if register is not None and sync_service(register):
        out.append(f"Varning: registret {register} ligger i en {sync_service(register)}-mapp. Synkningen kan ladda "
                   "upp en halvskriven fil och skapa konfliktkopior med personuppgifter i molnet. Flytta registret "
                   "till en lokal mapp (se IT-guiden) eller använd PostgreSQL.")
    if backup_folder and sync_service(backup_folder):
        out.append(f"Varning: säkerhetskopiorna sparas i {backup_folder}, som är en {sync_service(backup_folder)}-mapp: "
                   "kopiorna av hela registret hamnar då i molnet. Välj en lokal mapp eller en nätverksmapp.")
    return out
