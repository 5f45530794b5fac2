"""Separation the database enforces (issue 24), on the real PostgreSQL server.

The IT guide's role setup (docs/it-guide.md, section 4, `skapa-ame.sql`) is run as written on
the test server — with the role and database names made unique for this run, since roles are
cluster-wide and xdist workers share the server — then a demo register of two municipalities is
moved there with `migrate-to`, the accounts get their login roles through `account pg-roles`,
and psql connects as each staff member's own role.

Needs AME_TEST_PG_URL and a role with CREATEROLE and CREATEDB (.ci/run gives ame_ci both).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("AME_TEST_PG_URL")
ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "it-guide.md"
PASSWORD = "Rls-prov-2026-lösen"
MONTH = "2026-10"

pytestmark = pytest.mark.skipif(not PG_URL, reason="AME_TEST_PG_URL is not set (PostgreSQL tests)")

_counter = itertools.count()


def guide_sql() -> str:
    """The `skapa-ame.sql` block of the IT guide, as written."""
    blocks = re.findall(r"```sql\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    setup = [b for b in blocks if "CREATE ROLE ame_personal" in b]
    assert len(setup) == 1, "the IT guide has one role setup block"
    return setup[0]


def uniquely_named(sql: str, prefix: str, database: str, owner_password: str) -> str:
    """The guide's SQL with this run's names: role ame_X → PREFIX_X, database ame → DATABASE."""
    sql = re.sub(r"\bame_(agare|personal|admin|handledare|lasbehorig|handlaggare)\b", rf"{prefix}_\1", sql)
    sql = re.sub(r"\bDATABASE ame\b", f"DATABASE {database}", sql)
    sql = re.sub(r"\\connect ame\b", rf"\\connect {database}", sql)
    return sql.replace("'byt-till-ett-langt-losenord-1'", f"'{owner_password}'")


def psql(user: str, password: str, database: str, sql: str, *, check: bool = True) -> subprocess.CompletedProcess:
    url = make_url(PG_URL)
    env = {**os.environ, "PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10"}
    proc = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", url.host or "127.0.0.1",
         "-p", str(url.port or 5432), "-U", user, "-d", database, "-c", sql],
        env=env, capture_output=True, text=True, timeout=60)
    if check and proc.returncode != 0:
        raise AssertionError(f"psql as {user} failed: {proc.stderr}")
    return proc


def psql_file(user: str, password: str, database: str, path: Path) -> None:
    url = make_url(PG_URL)
    env = {**os.environ, "PGPASSWORD": password}
    proc = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
         "-U", user, "-d", database, "-f", str(path)], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def run_cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    from ame_desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return code, out.getvalue(), err.getvalue()


class Server:
    """The test server as IT has set it up with the guide; names unique to this run."""

    def __init__(self, tmp: Path):
        if shutil.which("psql") is None:
            pytest.skip("psql is not installed")
        url = make_url(PG_URL)
        self.admin_user, self.admin_password = url.username, url.password or ""
        admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            ok = conn.exec_driver_sql(
                "SELECT rolsuper OR (rolcreaterole AND rolcreatedb) FROM pg_roles WHERE rolname = current_user").scalar()
        admin.dispose()
        if not ok:
            pytest.skip(f"{url.username} needs CREATEROLE and CREATEDB to run the IT guide's role setup "
                        "(.ci/run: ALTER ROLE ame_ci CREATEROLE)")
        self.prefix = f"r{os.getpid()}x{next(_counter)}"
        self.database = f"{self.prefix}_ame"
        self.owner = f"{self.prefix}_agare"
        self.owner_password = "agare-" + self.prefix
        self.tmp = tmp
        self.roles: list[str] = []
        self.env = {"AME_PG_ROLE_PREFIX": self.prefix}

    def user(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def url(self, user: str | None = None, password: str | None = None) -> str:
        u = make_url(PG_URL)
        return sa.engine.URL.create(u.drivername, username=user, password=password, host=u.host, port=u.port,
                                    database=self.database).render_as_string(hide_password=False)

    @property
    def owner_url(self) -> str:
        return self.url(self.owner, self.owner_password)

    def run_guide(self) -> None:
        script = self.tmp / "skapa-ame.sql"
        script.write_text(uniquely_named(guide_sql(), self.prefix, self.database, self.owner_password),
                          encoding="utf-8")
        self.roles = [self.owner] + [f"{self.prefix}_{g}" for g in
                                     ("admin", "handledare", "lasbehorig", "handlaggare", "personal")]
        psql_file(self.admin_user, self.admin_password, "postgres", script)

    def drop(self) -> None:
        admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            names = conn.exec_driver_sql("SELECT rolname FROM pg_roles WHERE rolname LIKE %(p)s",
                                         {"p": self.prefix + "\\_%"}).scalars().all()
            # Login roles first, then the groups (members before the roles they belong to).
            for name in sorted(names, key=lambda n: (n in self.roles, n)):
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"')
        admin.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The guide's setup, a two-municipality demo register moved there, one role per account."""
    tmp = tmp_path_factory.mktemp("pg_rls")
    srv = Server(tmp)
    old_env = {k: os.environ.get(k) for k in ("AME_PG_ROLE_PREFIX", "AME_LOG_FILE", "XDG_DATA_HOME",
                                             "XDG_STATE_HOME", "XDG_CONFIG_HOME", "AME_DB")}
    # AME_PG_ROLE_PREFIX only for the commands that install (migrate-to): a template register
    # another fixture makes meanwhile must not grant anything to this run's roles.
    os.environ.update({"AME_LOG_FILE": str(tmp / "ame.log"),
                       "XDG_DATA_HOME": str(tmp / "data"), "XDG_STATE_HOME": str(tmp / "state"),
                       "XDG_CONFIG_HOME": str(tmp / "config")})
    os.environ.pop("AME_DB", None)
    try:
        srv.sqlite = tmp / "ame.db"
        _make_sqlite_register(srv)
        srv.run_guide()
        admin = {"AME_USER": srv.user("ada"), "AME_PASSWORD": PASSWORD}
        code, out, err = run_cli("--db", str(srv.sqlite), "migrate-to", srv.owner_url,
                                 env={**admin, "AME_PG_ROLE_PREFIX": srv.prefix})
        assert code == 0, err
        # No `check` by the owner here: migrate-to alone must leave every right in place (IT guide).
        roles_file = tmp / "roller.sql"
        code, out, err = run_cli("--db", srv.owner_url, "account", "pg-roles", "--sql", str(roles_file), env=admin)
        assert code == 0, err
        psql_file(srv.admin_user, srv.admin_password, srv.database, roles_file)
        for name in ("ada", "bertil", "cecilia", "lasse", "hanna"):
            psql(srv.admin_user, srv.admin_password, srv.database,
                 f"ALTER ROLE \"{srv.user(name)}\" PASSWORD '{PASSWORD}'")
        yield srv
    finally:
        import gc

        gc.collect()
        srv.drop()
        for k, v in old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _make_sqlite_register(srv: Server) -> None:
    from ame_desktop.services import accounts
    from ame_desktop.services.demo import make_demo
    from ame_desktop.services.settings import set_setting
    from ame_desktop.store.schema import open_register

    db = open_register(str(srv.sqlite))
    with db.transaction() as s:
        set_setting(s, "municipality", "0860")
        make_demo(s, municipality="0860", participants_count=60, seed=1)
    with db.transaction() as s:
        # A second municipality in the same register: every third person (and their records) moves to 2260.
        s.execute(sa.text("UPDATE participant SET municipality_code = '2260' WHERE id % 3 = 0"))
        for table in ("enrollment", "referral"):
            s.execute(sa.text(f"UPDATE {table} SET municipality_code = '2260' "
                              "WHERE participant_id IN (SELECT id FROM participant WHERE municipality_code = '2260')"))
    with db.transaction() as s:
        from ame_desktop.domain.models import ReportDelivery, SocialCaseworker

        cw_id = s.execute(sa.select(ReportDelivery.caseworker_id).join(
            SocialCaseworker, SocialCaseworker.id == ReportDelivery.caseworker_id).where(
            SocialCaseworker.municipality_code == "0860").limit(1)).scalar()
        assert cw_id is not None, "the demo delivers reports to a caseworker of 0860"
        srv.caseworker_id = cw_id
        accounts.create_account(s, "Ada Admin", srv.user("ada"), PASSWORD, "administratör")
        s.info["actor"] = accounts.actor_for(s, accounts.accounts(s)[0])
        accounts.create_account(s, "Bertil Berg", srv.user("bertil"), PASSWORD, "handledare", ["0860"])
        accounts.create_account(s, "Cecilia Ek", srv.user("cecilia"), PASSWORD, "handledare", ["2260"])
        accounts.create_account(s, "Lasse Läs", srv.user("lasse"), PASSWORD, "läsbehörig", ["0860"])
        accounts.create_account(s, "Hanna Handläggare", srv.user("hanna"), PASSWORD,
                                "handläggare ekonomiskt bistånd", caseworker_id=cw_id)
    db.dispose()


def owner_count(srv: Server, sql: str) -> int:
    return int(psql(srv.owner, srv.owner_password, srv.database, sql).stdout.strip())


def as_role(srv: Server, name: str, sql: str, *, check: bool = True) -> subprocess.CompletedProcess:
    return psql(srv.user(name), PASSWORD, srv.database, sql, check=check)


# --- psql as the staff member's own role -----------------------------------------------------------
def test_a_coach_of_0860_sees_none_of_2260s_participants(server):
    assert owner_count(server, "SELECT count(*) FROM participant WHERE municipality_code = '2260'") > 0
    assert as_role(server, "bertil", "SELECT count(*) FROM participant WHERE municipality_code = '2260'").stdout.strip() == "0"
    mine = owner_count(server, "SELECT count(*) FROM participant WHERE municipality_code = '0860'")
    assert mine > 0
    assert int(as_role(server, "bertil", "SELECT count(*) FROM participant").stdout) == mine
    # Nor anything about them in the other tables with personal data.
    theirs = _ids_sql(server, "2260")
    for table in ("enrollment", "attendance", "requirement_period", "referral", "af_contact", "step_assessment"):
        sql = f"SELECT count(*) FROM {table} WHERE participant_id IN ({theirs})"
        assert owner_count(server, sql) > 0, table
        assert as_role(server, "bertil", sql).stdout.strip() == "0", table
    # The coach of 2260 sees hers, not 0860's.
    assert as_role(server, "cecilia", "SELECT count(*) FROM participant WHERE municipality_code = '0860'").stdout.strip() == "0"


def _ids_sql(srv: Server, code: str) -> str:
    ids = psql(srv.owner, srv.owner_password, srv.database,
               f"SELECT string_agg(id::text, ',') FROM participant WHERE municipality_code = '{code}'").stdout.strip()
    assert ids
    return ids


def test_a_coach_cannot_move_a_participant_to_another_municipality(server):
    proc = as_role(server, "bertil", "UPDATE participant SET municipality_code = '2260' "
                                     "WHERE id = (SELECT min(id) FROM participant)", check=False)
    assert proc.returncode != 0 and "row-level security" in proc.stderr


def test_the_audit_log_is_insert_only_for_staff_roles(server):
    before = owner_count(server, "SELECT count(*) FROM audit_entry")
    for name in ("bertil", "ada", "lasse"):
        for sql in ("UPDATE audit_entry SET actor = 'någon annan'", "DELETE FROM audit_entry",
                    "TRUNCATE audit_entry", "UPDATE audit_head SET last_hash = 'x'", "DELETE FROM audit_head"):
            proc = as_role(server, name, sql, check=False)
            assert proc.returncode != 0, (name, sql)
            assert "permission denied" in proc.stderr, proc.stderr
    assert owner_count(server, "SELECT count(*) FROM audit_entry") == before
    # Inserting is allowed — under one's own name only.
    proc = as_role(server, "bertil", "INSERT INTO audit_entry (at, actor, action, entity, content_digest, "
                                     "pseudonymized, prev_hash, hash) VALUES (now(), 'ada', 'read', 'x', '', false, '', '')",
                   check=False)
    assert proc.returncode != 0 and "row-level security" in proc.stderr


def test_a_readers_insert_is_refused(server):
    proc = as_role(server, "lasse", "INSERT INTO participant (personnummer, first_name, last_name, search_name, "
                                    "sort_name, gender, municipality_code, created_at, updated_at, version) VALUES "
                                    "('196408233234', 'A', 'B', '', '', 'M', '0860', now(), now(), 1)", check=False)
    assert proc.returncode != 0 and "permission denied for table participant" in proc.stderr
    proc = as_role(server, "lasse", "UPDATE participant SET first_name = 'X'", check=False)
    assert proc.returncode != 0 and "permission denied" in proc.stderr
    assert int(as_role(server, "lasse", "SELECT count(*) FROM participant").stdout) > 0


def test_a_caseworker_sees_only_her_delivered_reports(server):
    cw = server.caseworker_id
    hers = owner_count(server, f"SELECT count(*) FROM report_delivery WHERE caseworker_id = {cw}")
    total = owner_count(server, "SELECT count(*) FROM report_delivery")
    assert 0 < hers < total
    assert int(as_role(server, "hanna", "SELECT count(*) FROM report_delivery").stdout) == hers
    assert as_role(server, "hanna", f"SELECT count(*) FROM report_delivery WHERE caseworker_id <> {cw}").stdout.strip() == "0"
    persons = owner_count(server, "SELECT count(*) FROM report_delivery_person dp JOIN report_delivery d "
                                  f"ON d.id = dp.delivery_id WHERE d.caseworker_id = {cw}")
    assert int(as_role(server, "hanna", "SELECT count(*) FROM report_delivery_person").stdout) == persons
    assert owner_count(server, "SELECT count(*) FROM af_contact WHERE participant_id IS NULL") > 0
    for table in ("participant", "attendance", "enrollment", "journal_entry", "af_contact"):
        assert as_role(server, "hanna", f"SELECT count(*) FROM {table}").stdout.strip() == "0", table
    # Strategic AF contacts (about no person) are for the unit's staff, not for her.
    assert int(as_role(server, "bertil", "SELECT count(*) FROM af_contact WHERE participant_id IS NULL").stdout) > 0


def test_group_roles_cannot_be_used_to_see_more(server):
    """SET ROLE to one's own group gives no wider view (a group role is a staff role too)."""
    proc = as_role(server, "bertil", f"SET ROLE \"{server.prefix}_handledare\"; SELECT count(*) FROM participant")
    assert proc.stdout.strip().splitlines()[-1] == "0"


# --- the program connected as the coach's role ------------------------------------------------------
def test_the_programs_figures_as_the_coachs_role_are_those_of_sqlite(server, tmp_path):
    coach = {"AME_USER": server.user("bertil"), "AME_PASSWORD": PASSWORD}
    results = {}
    for backend, target, env in (
            ("sqlite", str(server.sqlite), coach),
            # No password in the address: the server asks, and the program signs in with AME_USER / AME_PASSWORD
            # as the coach's own role.
            ("postgres", server.url(), coach)):
        report = tmp_path / f"aktivitet-{backend}.json"
        code, out, err = run_cli("--db", target, "report", "activity", "--month", MONTH, "--out", str(report), env=env)
        assert code == 0, (backend, err)
        kolada = tmp_path / f"kolada-{backend}.json"
        code, out, err = run_cli("--db", target, "export", "kolada", "--year", "2026", "--through-month", "10",
                                 "--out", str(kolada), env=env)
        assert code == 0, (backend, err)
        results[backend] = (_timeless(json.loads(report.read_text(encoding="utf-8"))),
                            _timeless(json.loads(kolada.read_text(encoding="utf-8"))))
    sqlite_report, sqlite_kolada = results["sqlite"]
    pg_report, pg_kolada = results["postgres"]
    assert _persons(pg_report) and _persons(pg_report) == _persons(sqlite_report)
    assert pg_report == sqlite_report
    assert pg_kolada == sqlite_kolada
    # What the role's session itself sees: only 0860.
    engine = sa.create_engine(server.url(server.user("bertil"), PASSWORD))
    with engine.connect() as conn:
        codes = conn.exec_driver_sql("SELECT DISTINCT municipality_code FROM participant").scalars().all()
    engine.dispose()
    assert codes == ["0860"]


def _timeless(obj):
    """The file without the moment it was written."""
    if isinstance(obj, dict):
        return {k: _timeless(v) for k, v in obj.items() if k not in ("generated_at", "created_at")}
    if isinstance(obj, list):
        return [_timeless(v) for v in obj]
    return obj


def _persons(report) -> list:
    rows = report.get("persons") or report.get("rows") or report.get("participants") or []
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def test_the_program_signs_in_as_the_role_and_logs_under_its_name(server):
    """No program password is asked for the role: the server signed the person in."""
    code, out, err = run_cli("--db", server.url(server.user("bertil"), PASSWORD), "stats")
    assert code == 0, err
    counts = json.loads(out)
    assert counts
    actors = psql(server.owner, server.owner_password, server.database,
                  "SELECT DISTINCT actor FROM audit_entry WHERE id > (SELECT max(id) - 50 FROM audit_entry)").stdout
    assert server.user("bertil") in actors.split()


def test_check_names_what_is_missing(server):
    code, out, err = run_cli("--db", server.url(server.user("bertil"), PASSWORD), "check")
    assert code == 0, err
    # Switch off what the database enforces and see check name it (then put it back as the owner).
    psql(server.owner, server.owner_password, server.database,
         "ALTER TABLE journal_entry NO FORCE ROW LEVEL SECURITY; DROP POLICY ame_rows ON attendance; "
         f"GRANT UPDATE ON audit_entry TO \"{server.prefix}_handledare\"; "
         f"REVOKE ALL ON consent FROM \"{server.prefix}_lasbehorig\"")
    try:
        code, out, err = run_cli("--db", server.url(server.user("bertil"), PASSWORD), "check")
        assert code == 1
        assert "Radsäkerheten för tabellen journal_entry gäller inte tabellens ägare (FORCE saknas)." in err
        assert "Tabellen attendance saknar radsäkerhetsregeln ame_rows." in err
        assert f"Grupprollen {server.prefix}_handledare får UPDATE på loggtabellen audit_entry" in err
        assert f"Grupprollen {server.prefix}_lasbehorig saknar rättigheter till 1 tabell (consent)" in err
        assert "Traceback" not in err
    finally:
        code, out, err = run_cli("--db", server.owner_url, "check",
                                 env={"AME_USER": server.user("ada"), "AME_PASSWORD": PASSWORD})
    assert code == 0, err  # run by the owner, check put it back


def test_check_signs_in_as_the_role_like_every_other_command(server):
    """The IT guide: check may be run as any role. With no password in the address the server asks,
    and check signs in with AME_USER / AME_PASSWORD as the other commands do (it once failed with
    'fe_sendauth: no password supplied'); a wrong password is the Swedish message and exit 1."""
    coach = {"AME_USER": server.user("bertil"), "AME_PASSWORD": PASSWORD}
    code, out, err = run_cli("--db", server.url(), "check", env=coach)
    assert code == 0, err
    assert "allt i ordning" in out
    code, out, err = run_cli("--db", server.url(), "check", env=dict(coach, AME_PASSWORD="fel-lösenord"))
    assert code == 1
    assert "godtog inte användarnamnet eller lösenordet" in err and "Traceback" not in err


# --- bad sign-ins and missing rights: Swedish messages, never a traceback ------------------------
def test_a_wrong_password_is_a_swedish_message(server):
    code, out, err = run_cli("--db", server.url(server.user("bertil"), "fel-lösenord"), "stats")
    assert code == 2
    assert "godtog inte användarnamnet eller lösenordet" in err and "Traceback" not in err


def test_an_expired_password_is_a_swedish_message_naming_what_it_must_do(server):
    psql(server.admin_user, server.admin_password, server.database,
         f"ALTER ROLE \"{server.user('cecilia')}\" VALID UNTIL '2020-01-01'")
    try:
        code, out, err = run_cli("--db", server.url(server.user("cecilia"), PASSWORD), "stats")
    finally:
        psql(server.admin_user, server.admin_password, server.database,
             f"ALTER ROLE \"{server.user('cecilia')}\" VALID UNTIL 'infinity'")
    assert code == 2
    assert "gått ut" in err and "VALID UNTIL" in err and "Traceback" not in err


def test_no_password_at_all_is_a_swedish_message(server, monkeypatch):
    monkeypatch.delenv("AME_USER", raising=False)
    monkeypatch.delenv("AME_PASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(server.tmp / "ingen-pgpass"))
    code, out, err = run_cli("--db", server.url(server.user("bertil")), "stats")
    assert code == 2
    assert "kräver inloggning" in err and "Traceback" not in err


def test_a_role_without_rights_is_told_what_it_must_do(server):
    psql(server.admin_user, server.admin_password, server.database,
         f"REVOKE \"{server.prefix}_lasbehorig\" FROM \"{server.user('lasse')}\"; "
         f"GRANT \"{server.prefix}_personal\" TO \"{server.user('lasse')}\"")
    try:
        code, out, err = run_cli("--db", server.url(server.user("lasse"), PASSWORD), "stats")
    finally:
        psql(server.admin_user, server.admin_password, server.database,
             f"GRANT \"{server.prefix}_lasbehorig\" TO \"{server.user('lasse')}\"")
    assert code in (1, 2)
    assert "Din databasroll saknar rättighet" in err and "IT ska ge rollen" in err and "Traceback" not in err


def test_a_role_without_an_account_is_told_what_it_must_do(server):
    stranger = server.user("okand")
    psql(server.admin_user, server.admin_password, server.database,
         f"CREATE ROLE \"{stranger}\" LOGIN PASSWORD '{PASSWORD}' IN ROLE \"{server.prefix}_handledare\"")
    try:
        assert psql(stranger, PASSWORD, server.database, "SELECT count(*) FROM participant").stdout.strip() == "0"
        code, out, err = run_cli("--db", server.url(stranger, PASSWORD), "stats")
    finally:
        psql(server.admin_user, server.admin_password, server.database, f"DROP ROLE \"{stranger}\"")
    assert code == 2
    assert "hör inte till något aktivt konto" in err and "Traceback" not in err


# --- the window's sign-in to the server -----------------------------------------------------------
def test_the_window_asks_for_the_database_sign_in_and_opens_as_the_role(server, qtbot, monkeypatch, tmp_path):
    from ame_desktop.services import accounts
    from ame_desktop.store.database import DatabaseLoginNeeded
    from ame_desktop.ui.db_sign_in import DatabaseSignInDialog, open_signed_in

    monkeypatch.delenv("AME_USER", raising=False)
    monkeypatch.delenv("AME_PASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "ingen-pgpass"))
    shown = {}

    def fake_exec(dialog):
        shown["message"] = dialog.error.text()
        dialog.username.setText(server.user("bertil"))
        dialog.password.setText("fel-lösenord")
        dialog.try_sign_in()
        shown["wrong"] = dialog.error.text()
        assert dialog.db is None
        dialog.password.setText(PASSWORD)
        dialog.grab().save(str(tmp_path / "db-sign-in.png"))
        dialog.try_sign_in()
        return dialog.result()

    monkeypatch.setattr(DatabaseSignInDialog, "exec", fake_exec)
    db = open_signed_in(server.url())
    assert db is not None
    try:
        assert "kräver inloggning" in shown["message"]
        assert "godtog inte" in shown["wrong"]
        with db.reading() as s:
            actor = accounts.startup_actor(s)
        assert actor.name == server.user("bertil") and actor.municipalities == frozenset({"0860"})
    finally:
        db.dispose()
    with pytest.raises(DatabaseLoginNeeded):  # the command line, without AME_USER, gets the message
        from ame_desktop.store.schema import open_register

        open_register(server.url())


def test_the_caseworker_opens_and_acknowledges_her_report_through_the_program_as_her_role(server, tmp_path):
    url = server.url(server.user("hanna"), PASSWORD)
    code, out, err = run_cli("--db", url, "delivery", "list")
    assert code == 0, err
    listed = json.loads(out)
    hers = owner_count(server, f"SELECT count(*) FROM report_delivery WHERE caseworker_id = {server.caseworker_id}")
    assert len(listed) == hers > 0
    first = min(d["id"] for d in listed)
    psql(server.owner, server.owner_password, server.database,  # not yet acknowledged
         f"UPDATE report_delivery SET received_at = NULL, received_by = NULL, receipt_method = NULL WHERE id = {first}")
    code, out, err = run_cli("--db", url, "delivery", "open", "--id", str(first), "--out", str(tmp_path / "r.pdf"))
    assert code == 0, err
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    code, out, err = run_cli("--db", url, "delivery", "acknowledge", "--id", str(first))
    assert code == 0, err
    assert psql(server.owner, server.owner_password, server.database,
                f"SELECT receipt_method FROM report_delivery WHERE id = {first}").stdout.strip() == "kvitterad"
    # Someone else's delivery does not exist for her, in the program as in psql.
    other = owner_count(server, f"SELECT min(id) FROM report_delivery WHERE caseworker_id <> {server.caseworker_id}")
    code, out, err = run_cli("--db", url, "delivery", "acknowledge", "--id", str(other))
    assert code == 2 and "finns inte" in err
    # Her receipt is all she may change of a delivery.
    proc = as_role(server, "hanna", f"UPDATE report_delivery SET snapshot = '{{}}' WHERE id = {first}", check=False)
    assert proc.returncode != 0 and "permission denied" in proc.stderr


def test_the_audit_chain_written_by_staff_roles_verifies(server):
    """Staff roles only insert into the log; the head row follows through the owner's trigger,
    and the administrator's own role verifies the whole chain."""
    code, out, err = run_cli("--db", server.url(server.user("bertil"), PASSWORD), "stats")
    assert code == 0, err
    head = psql(server.owner, server.owner_password, server.database,
                "SELECT h.last_id = e.id AND h.last_hash = e.hash FROM audit_head h, "
                "(SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1) e").stdout.strip()
    assert head == "t"
    code, out, err = run_cli("--db", server.url(server.user("ada"), PASSWORD), "audit", "verify")
    assert code == 0, (out, err)
    # A coach's role reads only its own entries of the log; the administrator's role all.
    total = owner_count(server, "SELECT count(*) FROM audit_entry")
    own = owner_count(server, f"SELECT count(*) FROM audit_entry WHERE actor = '{server.user('bertil')}'")
    assert int(as_role(server, "bertil", "SELECT count(*) FROM audit_entry").stdout) == own < total
    assert int(as_role(server, "ada", "SELECT count(*) FROM audit_entry").stdout) == total


def test_pg_roles_apply_makes_the_login_roles_and_refuses_without_the_groups(pg_databases, monkeypatch):
    from ame_desktop.domain.actor import ROLE_ADMIN, Actor
    from ame_desktop.services import accounts
    from ame_desktop.store.schema import open_register

    prefix = f"a{os.getpid()}x{next(_counter)}"
    monkeypatch.setenv("AME_PG_ROLE_PREFIX", prefix)
    name, url = pg_databases.create(empty=True)
    db = open_register(url)
    db.actor = Actor(name="it (datorn)", role=ROLE_ADMIN)
    with db.transaction() as s:
        accounts.create_account(s, "Ada Admin", f"{prefix}_ada", PASSWORD, "administratör")
        accounts.create_account(s, "Bertil Berg", f"{prefix}_bertil", PASSWORD, "handledare", ["0860"])
    db.dispose()
    admin = {"AME_USER": f"{prefix}_ada", "AME_PASSWORD": PASSWORD}
    engine = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    groups = [f"{prefix}_{g}" for g in ("admin", "handledare", "lasbehorig", "handlaggare")]
    try:
        code, out, err = run_cli("--db", url, "account", "pg-roles", "--apply", env=admin)
        assert code == 2 and f"Grupprollerna {prefix}_admin" in err and "skapa-ame.sql" in err
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE ROLE "{prefix}_personal" NOLOGIN')
            for g in groups:
                conn.exec_driver_sql(f'CREATE ROLE "{g}" NOLOGIN IN ROLE "{prefix}_personal"')
        code, out, err = run_cli("--db", url, "account", "pg-roles", "--apply", env=admin)
        assert code == 0, err
        with engine.connect() as conn:
            member = conn.exec_driver_sql(
                "SELECT pg_has_role(%(u)s, %(g)s, 'MEMBER'), rolcanlogin FROM pg_roles WHERE rolname = %(u)s",
                {"u": f"{prefix}_bertil", "g": f"{prefix}_handledare"}).one()
        assert tuple(member) == (True, True)
        code, out, err = run_cli("--db", url, "account", "pg-roles", "--apply", env=admin)  # twice is fine
        assert code == 0, err
    finally:
        import gc

        gc.collect()
        pg_databases.drop(name)
        with engine.connect() as conn:
            for role in (f"{prefix}_ada", f"{prefix}_bertil", *groups, f"{prefix}_personal"):
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        engine.dispose()


def test_the_coachs_role_writes_through_the_program_in_its_own_municipality_only(server):
    mine = psql(server.owner, server.owner_password, server.database,
                "SELECT personnummer FROM participant WHERE municipality_code = '0860' ORDER BY id LIMIT 1").stdout.strip()
    theirs = psql(server.owner, server.owner_password, server.database,
                  "SELECT personnummer FROM participant WHERE municipality_code = '2260' ORDER BY id LIMIT 1").stdout.strip()
    url = server.url(server.user("bertil"), PASSWORD)
    before = owner_count(server, "SELECT count(*) FROM consent")
    code, out, err = run_cli("--db", url, "consent", "give", mine, "--purpose", "fk", "--date", "2026-11-02",
                             "--how", "skriftligt")
    assert code == 0, err
    assert owner_count(server, "SELECT count(*) FROM consent") == before + 1
    code, out, err = run_cli("--db", url, "consent", "give", theirs, "--purpose", "fk", "--date", "2026-11-02",
                             "--how", "skriftligt")
    assert code == 2 and "Traceback" not in err
    assert owner_count(server, "SELECT count(*) FROM consent") == before + 1
    # The reader's role: refused by the program, and by the database underneath it.
    code, out, err = run_cli("--db", server.url(server.user("lasse"), PASSWORD), "consent", "give", mine,
                             "--purpose", "sus", "--date", "2026-11-02", "--how", "muntligt")
    assert code == 2 and "läsbehörighet" in err
    proc = as_role(server, "lasse", "DELETE FROM consent", check=False)
    assert proc.returncode != 0 and "permission denied for table consent" in proc.stderr


def test_the_window_notices_changes_by_others_though_the_role_reads_only_its_own_log(server):
    from ame_desktop.services import accounts
    from ame_desktop.services.audit import latest_change_id
    from ame_desktop.store.schema import open_register

    db = open_register(server.url(server.user("bertil"), PASSWORD))
    try:
        with db.reading() as s:
            db.actor = accounts.startup_actor(s)
        with db.reading() as s:
            before = latest_change_id(s, by_others=True)
        mine = psql(server.owner, server.owner_password, server.database,
                    "SELECT personnummer FROM participant WHERE municipality_code = '0860' ORDER BY id LIMIT 1 OFFSET 1"
                    ).stdout.strip()
        code, out, err = run_cli("--db", server.url(server.user("ada"), PASSWORD), "consent", "give", mine,
                                 "--purpose", "foto", "--date", "2026-11-03", "--how", "muntligt")
        assert code == 0, err
        with db.reading() as s:
            after = latest_change_id(s, by_others=True)
        assert after is not None and (before is None or after > before)
        newest = owner_count(server, "SELECT max(id) FROM audit_entry WHERE action <> 'read' "
                                     f"AND actor = '{server.user('ada')}'")
        assert after == newest
    finally:
        db.dispose()


def test_upgrading_from_0015_writes_every_visibility_rule_as_an_index_probe(server):
    """Migration 0016: `participant_id IN (SELECT id FROM participant)` (0015) is planned as a list
    scanned for every row once the visible ids outgrow work_mem (country size); the rules become
    correlated EXISTS, and who sees what stays the same."""
    owner = (server.owner, server.owner_password, server.database)
    old_rule = ("(SELECT ame_scope(current_user)) IS NULL OR participant_id IN (SELECT id FROM participant)")
    sees = "SELECT count(*) FROM attendance"
    bertil_before = int(as_role(server, "bertil", sees).stdout.strip())
    psql(*owner, f"DROP POLICY ame_rows ON attendance; CREATE POLICY ame_rows ON attendance FOR ALL TO PUBLIC "
                 f"USING ({old_rule}) WITH CHECK ({old_rule}); UPDATE alembic_version SET version_num = '0015'")
    assert int(as_role(server, "bertil", sees).stdout.strip()) == bertil_before
    code, out, err = run_cli("--db", server.owner_url, "check", env={"AME_USER": server.user("ada"),
                                                                      "AME_PASSWORD": PASSWORD})
    assert code == 0, err
    assert psql(*owner, "SELECT version_num FROM alembic_version").stdout.strip() == "0016"
    rules = [line.split("|", 1) for line in psql(*owner, "SELECT tablename, regexp_replace(coalesce(qual, '') "
                                                      "|| ' ' || coalesce(with_check, ''), '\\s+', ' ', 'g') "
                                                      "FROM pg_policies WHERE schemaname = 'public'"
                                                 ).stdout.splitlines() if line]
    assert not [t for t, rule in rules if re.search(r"IN \( ?SELECT", rule)], rules
    attendance = [rule for t, rule in rules if t == "attendance"]
    assert attendance and "EXISTS" in attendance[0]
    in_0860 = owner_count(server, "SELECT count(*) FROM attendance a JOIN participant p ON p.id = a.participant_id "
                                  "WHERE p.municipality_code = '0860'")
    assert int(as_role(server, "bertil", sees).stdout.strip()) == bertil_before == in_0860 > 0
