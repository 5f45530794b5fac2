"""Shared fixtures: a fresh register file per test, an in-process CLI runner, workbook builders.

Qt runs offscreen and logs go to the test's temporary folder (never to the user's log).
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("AME_LOG_FILE", str(home / "ame-test.log"))
    monkeypatch.delenv("AME_DB", raising=False)
    # platformdirs on Linux honours XDG_*: keep the default register out of the real home.
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    yield


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "ame.db"


@pytest.fixture
def db(db_path):
    from ame_desktop.store.schema import open_register

    database = open_register(str(db_path))
    with database.transaction() as s:
        from ame_desktop.services.settings import set_setting

        set_setting(s, "municipality", "0860")
    yield database
    database.dispose()


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def cli(db_path):
    """Run `ame-desktop --db <db_path> ...` in-process; returns CliResult."""
    from ame_desktop.cli import main

    def run(*args: str, db: Path | str | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--db", str(db or db_path), *args])
            except SystemExit as exc:  # --version / --help
                code = int(exc.code or 0)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
