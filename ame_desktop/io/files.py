"""One atomic writer for every file the program writes (exports, reports, PDFs, templates).

`atomic_output(path, allowed_suffixes, write)` checks the file name's extension, makes the
folder, lets `write(tmp)` write a temporary file beside the target, and moves it into place
with `os.replace` only when it is complete: a failed or cancelled export never leaves half a
file and never destroys the previous one. The temporary file is removed on every failure
(including KeyboardInterrupt). File-system failures become Swedish messages:

- the file is open in Excel / locked, or a read-only file or folder → UserError (exit 2: the
  user picks another place or closes the file);
- the folder is missing and cannot be made, or the name is a folder → UserError (exit 2);
- disk full, or any other write failure → OutputError (exit 1: "anything else", CLI.md).

The messages name the file, never its content.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from ame_desktop.domain.errors import AmeError, UserError

T = TypeVar("T")
TMP_SUFFIX = ".tmp"


class OutputError(AmeError):
    """A file could not be written for a reason that is not the user's request (disk full …)."""

    exit_status = 1


def tmp_path_for(path: Path) -> Path:
    return path.with_name(path.name + TMP_SUFFIX)


def check_suffix(path: Path, allowed_suffixes: Iterable[str] | None, what: str = "Filen") -> str:
    """The lower-case extension, or UserError naming the allowed ones."""
    suffix = path.suffix.lower()
    if allowed_suffixes is None:
        return suffix
    allowed = [s.lower() for s in allowed_suffixes]
    if suffix not in allowed:
        if len(allowed) == 1:
            names = allowed[0]
        else:
            names = ", ".join(allowed[:-1]) + " eller " + allowed[-1]
        raise UserError(f"{what} kan skrivas som {names} – inte ”{path.suffix or path.name}”.")
    return suffix


def _make_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        raise UserError(f"Mappen {folder} kan inte skapas: behörighet saknas. Välj en annan mapp.") from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise OutputError(f"Mappen {folder} kan inte skapas: disken är full.") from None
        raise UserError(f"Mappen {folder} kan inte skapas: {exc.strerror or exc}.") from None


def describe_os_error(path: Path, exc: OSError) -> AmeError:
    """A Swedish message for an OSError met while writing `path`."""
    folder = path.parent
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return OutputError(f"Filen {path} kunde inte skrivas: disken är full (eller kvoten är slut). "
                           "Inget sparades; frigör utrymme och försök igen.")
    if code == errno.EROFS:
        return UserError(f"Filen {path} kunde inte skrivas: enheten är skrivskyddad. Välj en annan mapp.")
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return UserError(f"{path} är en mapp; ange ett filnamn.")
    if isinstance(exc, FileNotFoundError) and not folder.is_dir():
        return UserError(f"Mappen {folder} finns inte; välj en befintlig mapp.")
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return UserError(f"Mappen {folder} är skrivskyddad (eller behörighet saknas); välj en annan mapp.")
        return UserError(f"Filen {path} går inte att skriva. Är den öppen i Excel (eller ett annat program), "
                         "eller är den skrivskyddad? Stäng den och försök igen.")
    return OutputError(f"Filen {path} kunde inte skrivas: {exc.strerror or type(exc).__name__}.")


def atomic_output(path: Path | str, allowed_suffixes: Iterable[str] | None, write: Callable[[Path], T], *,
                  what: str = "Filen", make_folder: bool = True) -> Path:
    """Write `path` atomically through `write(tmp_path)`; returns `path`.

    `allowed_suffixes`: the extensions accepted (lower case, with the dot), or None when the
    caller has checked the name itself. `make_folder`: create a missing folder (the exports
    do: a scheduled export may write into a new dated folder), else refuse it."""
    path = Path(path)
    check_suffix(path, allowed_suffixes, what)
    if path.is_dir():
        raise UserError(f"{path} är en mapp; ange ett filnamn.")
    if make_folder:
        _make_folder(path.parent)
    elif not path.parent.is_dir():
        raise UserError(f"Mappen {path.parent} finns inte; välj en befintlig mapp.")
    tmp = tmp_path_for(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise describe_os_error(path, exc) from None
    except BaseException:
        _remove(tmp)
        raise
    return path


def atomic_output_as(path: Path | str, writers: Mapping[str, Callable[[Path], object]], *, what: str = "Filen",
                     make_folder: bool = True) -> Path:
    """`atomic_output` with the writer chosen by the file name's extension: `writers` maps each
    allowed extension (lower case, with the dot; in the order the refusal names them) to its
    `write(tmp_path)`."""
    path = Path(path)
    suffix = check_suffix(path, list(writers), what)
    return atomic_output(path, list(writers), writers[suffix], what=what, make_folder=make_folder)


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass
