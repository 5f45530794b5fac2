"""Issue 25: a short command imports only what it needs. `stats` and `check` never load the window
(PySide6), the PDF library (reportlab) or the Excel library (openpyxl), nor alembic for a register at
this program's schema, the `holidays` package's 250 countries or argon2 (no password to check); a
report written as JSON needs no openpyxl either. Each command runs in a fresh process and reports the
modules it ended with."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ame_desktop.services import demo

HEAVY = ("PySide6", "shiboken6", "reportlab", "openpyxl", "alembic", "holidays", "argon2", "personnummer")

PROBE = """
import json, sys
from ame_desktop.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}), file=sys.stderr)
"""


@pytest.fixture
def register(db_path):
    """A small demo register (a few dozen people with hours), made at this program's schema."""
    from ame_desktop.store.schema import open_register

    db = open_register(str(db_path))
    with db.transaction() as s:
        demo.make_demo(s, municipality="0860", participants_count=30, seed=3)
    db.dispose()
    return db_path


def _loaded(register, *args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AME_USER", "AME_PASSWORD")}
    proc = subprocess.run([sys.executable, "-c", PROBE, "--db", str(register), *args],
                          capture_output=True, text=True, env=env, timeout=120)
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, 1), proc.stderr  # check may find the demo's planted problems (1)
    return set(report["modules"])


@pytest.mark.parametrize("command", [["stats"], ["check"]])
def test_stats_and_check_import_no_window_pdf_excel_or_migrations(register, command):
    loaded = _loaded(register, *command)
    assert "sqlalchemy" in loaded  # (the probe sees the command's modules)
    assert sorted(loaded & set(HEAVY)) == []


def test_reports_written_as_json_import_no_window_pdf_or_excel(register, tmp_path):
    for command in (["report", "activity", "--month", "2026-10", "--out", str(tmp_path / "r.json")],
                    ["export", "kolada", "--year", "2025", "--out", str(tmp_path / "k.json")]):
        loaded = _loaded(register, *command)
        assert sorted(loaded & {"PySide6", "shiboken6", "reportlab", "openpyxl", "alembic", "holidays"}) == []


def test_the_kolada_workbook_still_gets_openpyxl(register, tmp_path):
    out = tmp_path / "k.xlsx"
    assert "openpyxl" in _loaded(register, "export", "kolada", "--year", "2025", "--out", str(out))
    from openpyxl import load_workbook

    assert load_workbook(out, read_only=True).sheetnames[0] == "Kolada"
