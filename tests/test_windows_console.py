"""A redirected Windows console is cp1252 (Task Scheduler, `> logg.txt`): a command that prints a
name outside cp1252 must still finish with exit 0 (issue 22)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.sqlite_only
def test_a_cp1252_console_does_not_end_the_command(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "AME_LOG_FILE": str(tmp_path / "ame.log")}
    out = tmp_path / "mall-Łukasz.xlsx"
    run = subprocess.run([sys.executable, "-m", "ame_desktop", "--db", str(tmp_path / "r.db"), "template", str(out)],
                         env=env, capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode("cp1252", "replace")
    assert out.exists()
    assert "?ukasz" in run.stdout.decode("cp1252")  # replaced, not a crash


def test_postgresql_without_psycopg_is_a_swedish_message(tmp_path, monkeypatch, capsys):
    from ame_desktop.cli import main

    for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the package were not installed
    code = main(["--db", "postgresql+psycopg://ame@127.0.0.1:5/ame", "stats"])
    err = capsys.readouterr().err
    assert code == 1
    assert "saknar stöd för postgresql" in err and "psycopg" in err
    assert "oväntat fel" not in err and "ModuleNotFoundError" not in err
