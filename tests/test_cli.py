"""The command line contract (shared/spec/CLI.md): exit status, messages, outputs."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ame_desktop import __version__
from tests.workbooks import HEADERS, write_workbook

EXE = [sys.executable, "-m", "ame_desktop"]


def run(*args, env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*EXE, *args], capture_output=True, text=True, env=env or os.environ.copy(), **kw)


def test_version():
    r = run("--version")
    assert r.returncode == 0
    assert __version__ in r.stdout


def test_stats_on_a_new_database(cli):
    r = cli("stats")
    assert r.code == 0
    assert json.loads(r.out) == {"participants": 0, "referrals": 0, "enrollments": 0, "requirements": 0,
                                 "attendance": 0, "step_assessments": 0, "af_contacts": 0}


@pytest.mark.sqlite_only
def test_default_database_and_env_variable(tmp_path):
    env = os.environ.copy()
    env["AME_DB"] = str(tmp_path / "frommiljö.db")
    assert run("stats", env=env).returncode == 0
    assert (tmp_path / "frommiljö.db").exists()
    env.pop("AME_DB")
    r = run("settings", "municipality", "0860", env=env)
    assert r.returncode == 0
    data_home = Path(env["XDG_DATA_HOME"])
    assert (data_home / "AME Desktop" / "ame.db").exists()


def test_settings(cli):
    assert cli("settings", "municipality", "2260").code == 0
    assert cli("settings", "municipality").out.strip() == "2260"
    r = cli("settings")
    assert "municipality=2260" in r.out.splitlines()
    bad = cli("settings", "municipality", "9999")
    assert bad.code == 2 and "Okänd kommunkod" in bad.err
    assert cli("settings", "municipality").out.strip() == "2260"


@pytest.mark.sqlite_only
def test_demo_is_reproducible_and_varied(cli, tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert cli("demo", "--participants", "120", "--seed", "7", db=a).code == 0
    assert cli("demo", "--participants", "120", "--seed", "7", db=b).code == 0

    def content(p):
        con = sqlite3.connect(p)
        rows = [con.execute("SELECT id, personnummer, first_name, last_name, gender, municipality_code, "
                            "education_level, phone, email, staff_id FROM participant ORDER BY 1").fetchall()]
        rows += [con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()  # no timestamps in these
                 for t in ("referral", "enrollment", "requirement_period", "schedule_entry", "attendance")]
        con.close()
        return rows

    assert content(a) == content(b)
    con = sqlite3.connect(a)
    assert {r[0] for r in con.execute("SELECT DISTINCT source FROM referral")} == {"AF", "FK", "EGEN", "SOC", "ANNAN"}
    assert {r[0] for r in con.execute("SELECT DISTINCT exit_reason FROM enrollment WHERE exit_reason IS NOT NULL")} == {
        "A1", "A2", "B", "C", "D", "E1", "E2", "E3", "E9", "KA", "S0"}
    levels = {r[0] for r in con.execute("SELECT DISTINCT education_level FROM participant")}
    assert levels == {"EJ_GRUNDSKOLA", "GRUNDSKOLA", "GYMNASIUM", "EFTERGYMNASIAL", "EJ_VALIDERAD", None}
    assert con.execute("SELECT value FROM setting WHERE key='municipality'").fetchone() == ("0860",)
    con.close()
    c = cli("demo", "--seed", "8", db=a)
    assert c.code == 2 and "redan deltagare" in c.err
    assert json.loads(cli("stats", db=a).out)["participants"] == 120


def test_demo_for_another_municipality(cli):
    assert cli("demo", "--participants", "20", "--municipality", "2260").code == 0
    assert cli("settings", "municipality").out.strip() == "2260"


def test_import_error_exit_2_names_sheet_row_column_and_changes_nothing(tmp_path, db_path):
    book = write_workbook(tmp_path / "in.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], ["640823-3234", "Örjan", "Åberg"], ["640823-3299", "Fel", "Nummer"]]})
    run("--db", str(db_path), "settings", "municipality", "0860")
    r = run("--db", str(db_path), "import", str(book))
    assert r.returncode == 2
    assert "Deltagare, rad 3, Personnummer:" in r.stderr
    assert "Traceback" not in r.stderr
    assert json.loads(run("--db", str(db_path), "stats").stdout)["participants"] == 0


def test_import_and_dry_run(cli, tmp_path):
    cli("settings", "municipality", "0860")
    book = write_workbook(tmp_path / "in.xlsx", {"Deltagare": [HEADERS["Deltagare"][:3], ["640823-3234", "Örjan", "Åberg"]]})
    r = cli("import", str(book), "--dry-run")
    assert r.code == 0 and "Deltagare: 1 nya" in r.out and "inget sparades" in r.out
    assert json.loads(cli("stats").out)["participants"] == 0
    r = cli("import", str(book))
    assert r.code == 0 and json.loads(cli("stats").out)["participants"] == 1
    assert "Deltagare: 0 nya, 0 ändrade, 1 oförändrade" in cli("import", str(book)).out


@pytest.mark.parametrize("args", [["import", "saknas.xlsx"], ["nosuchcommand"], ["demo", "--participants", "x"],
                                  ["template", "mall.csv"], ["restore", "saknas.db"]])
def test_bad_requests_exit_2(cli, args, tmp_path):
    r = cli(*[str(tmp_path / a) if a.endswith((".xlsx", ".csv", ".db")) else a for a in args])
    assert r.code == 2, r
    assert r.err.strip()


@pytest.mark.sqlite_only
def test_check_backup_restore(cli, tmp_path):
    cli("demo", "--participants", "30")
    assert cli("check").code == 0
    r = cli("backup", str(tmp_path / "kopia.db"))
    assert r.code == 0
    assert cli("check", str(tmp_path / "kopia.db")).code == 0
    (tmp_path / "trasig.db").write_bytes(b"nonsense")
    assert cli("check", str(tmp_path / "trasig.db")).code == 2
    r = cli("restore", str(tmp_path / "kopia.db"))
    assert r.code == 0 and "återställdes" in r.out
    assert json.loads(cli("stats").out)["participants"] == 30


def test_unexpected_error_is_one_line_and_logged(tmp_path, monkeypatch, cli):
    from ame_desktop import cli as cli_module

    def boom(_args):
        raise RuntimeError("196408233234 must not reach the user")

    monkeypatch.setattr(cli_module, "cmd_stats", boom)
    r = cli("stats")
    assert r.code == 1
    assert len(r.err.strip().splitlines()) == 1
    assert "loggfilen" in r.err and "Traceback" not in r.err
    log = Path(os.environ["AME_LOG_FILE"]).read_text(encoding="utf-8")
    assert "RuntimeError" in log
    assert "196408233234" not in log and "[personnummer]" in log


@pytest.mark.sqlite_only
def test_locked_database_gives_a_clear_message(cli, db_path):
    cli("settings", "municipality", "0860")
    con = sqlite3.connect(db_path, timeout=0)
    con.execute("BEGIN EXCLUSIVE")
    try:
        from ame_desktop.store import database

        old = database.BUSY_TIMEOUT_MS
        database.BUSY_TIMEOUT_MS = 100
        try:
            r = cli("settings", "municipality", "2260")
        finally:
            database.BUSY_TIMEOUT_MS = old
    finally:
        con.rollback()
        con.close()
    assert r.code == 1
    assert "låst" in r.err


@pytest.mark.slow
def test_killed_import_leaves_none_or_all(tmp_path, db_path):
    """SIGKILL during a large import: the register opens, passes check, and has 0 or all rows."""
    n = 6000
    rows = [HEADERS["Deltagare"][:3]] + [[_number(i), "Test", f"Person{i}"] for i in range(n)]
    book = write_workbook(tmp_path / "big.xlsx", {"Deltagare": rows})
    run("--db", str(db_path), "settings", "municipality", "0860")
    for delay in (0.4, 0.9, 1.5):
        proc = subprocess.Popen([*EXE, "--db", str(db_path), "import", str(book)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        r = run("--db", str(db_path), "check")
        assert r.returncode == 0, r.stderr
        count = json.loads(run("--db", str(db_path), "stats").stdout)["participants"]
        assert count in (0, n)


def _number(i: int) -> str:
    """A valid fictitious personnummer per i (born 1950–1999, serial from i)."""
    from ame_desktop.domain.personnummer import _luhn_ok

    y, m, d = 50 + i % 50, 1 + i % 12, 1 + i % 28
    serial = 100 + (i // 600) % 900
    nine = f"{y:02d}{m:02d}{d:02d}{serial:03d}"
    return nine + next(c for c in "0123456789" if _luhn_ok(nine + c))
