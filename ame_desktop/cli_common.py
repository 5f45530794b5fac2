"""What every command module shares (cli.py and the cli_*.py of the features): opening the
register as the signed-in account, progress on stderr, a date argument. Its own module so the
feature modules need not import cli.py, which imports them."""

from __future__ import annotations

import sys
import time

from ame_desktop.domain.errors import UserError


class Progress:
    """Progress on stderr, only once the work has taken more than a second."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.last = ""

    def __call__(self, text: str, fraction: float | None = None) -> None:
        if time.monotonic() - self.start < 1.0:
            return
        line = f"{text} {fraction * 100:3.0f} %" if fraction is not None else text
        if line != self.last:
            print(line, file=self.stream, flush=True)
            self.last = line


def open_register(args):
    """Open the register and establish who acts (see services.accounts)."""
    import os

    from ame_desktop.services.accounts import establish_actor
    from ame_desktop.store.schema import open_register as open_db

    db = open_db(args.db)
    establish_actor(db, os.environ.get("AME_USER"), os.environ.get("AME_PASSWORD"))
    reason = getattr(args, "reason", None)
    if reason and reason.strip():  # issue 24: why people with protected identity are read (into the log)
        db.read_reasons[None] = " ".join(reason.split())
    return db


def date_arg(text: str, name: str):
    from ame_desktop.domain.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UserError(f"{name}: {exc}") from None
