"""Kerberos (GSSAPI) sign-in to PostgreSQL as the staff member's own role (issue 24), against a
local MIT Kerberos KDC. `.ci/kerberos` sets up the KDC, the server's keytab and a pg_hba.conf
line (`host all +ame_kerberos_prov 127.0.0.1/32 gss include_realm=0 krb_realm=AME.TEST`) and
prints AME_TEST_KRB5_CONFIG; without it (or without AME_TEST_PG_URL) these tests skip.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("AME_TEST_PG_URL")
KRB5_CONFIG = os.environ.get("AME_TEST_KRB5_CONFIG")
REALM = os.environ.get("AME_TEST_KRB_REALM", "AME.TEST")
KRB_GROUP = "ame_kerberos_prov"  # pg_hba.conf: members of this group sign in with gss

pytestmark = pytest.mark.skipif(
    not (PG_URL and KRB5_CONFIG),
    reason="no Kerberos test setup: run .ci/kerberos as root (it prints AME_TEST_KRB5_CONFIG) and set AME_TEST_PG_URL")

_counter = itertools.count()


def run_cli(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    from ame_desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
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


def kadmin(query: str) -> None:
    env = {**os.environ, "KRB5_CONFIG": KRB5_CONFIG,
           "KRB5_KDC_PROFILE": str(Path(KRB5_CONFIG).with_name("kdc.conf"))}
    proc = subprocess.run(["kadmin.local", "-q", query], env=env, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr


def kinit(principal: str, password: str, cache: Path) -> None:
    env = {**os.environ, "KRB5_CONFIG": KRB5_CONFIG, "KRB5CCNAME": f"FILE:{cache}"}
    proc = subprocess.run(["kinit", principal], input=password + "\n", env=env, capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture
def kerberos_register(pg_databases, tmp_path):
    """A register with two municipalities, a coach of 0860 whose database role signs in with
    Kerberos only, in group roles of a prefix unique to this test."""
    if shutil.which("kinit") is None or shutil.which("kadmin.local") is None:
        pytest.skip("krb5-user / krb5-kdc are not installed")
    from ame_desktop.domain.actor import ROLE_ADMIN, Actor
    from ame_desktop.services import accounts, participants
    from ame_desktop.store import pg_security
    from ame_desktop.store.schema import open_register

    n = next(_counter)
    prefix = f"k{os.getpid()}x{n}"
    coach, stranger = f"{prefix}_bertil", f"{prefix}_cecilia"
    name, url = pg_databases.create()
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    groups = pg_security.groups(prefix)
    with admin.connect() as conn:
        ok = conn.exec_driver_sql("SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user").scalar()
        exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(g)s", {"g": KRB_GROUP}).scalar()
        if not ok or not exists:
            pytest.skip(f"the test role needs CREATEROLE, and the group {KRB_GROUP} must exist (.ci/kerberos)")
        conn.exec_driver_sql(f'CREATE ROLE "{groups["staff"]}" NOLOGIN')
        for role, group in groups.items():
            if role != "staff":
                conn.exec_driver_sql(f'CREATE ROLE "{group}" NOLOGIN IN ROLE "{groups["staff"]}"')
        conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{name}" TO "{groups["staff"]}"')
        for user in (coach, stranger):
            conn.exec_driver_sql(f'CREATE ROLE "{user}" LOGIN IN ROLE "{groups["handledare"]}", {KRB_GROUP}')
    db = open_register(url)
    with db.engine.begin() as conn:
        pg_security.install(conn, prefix)
    db.actor = Actor(name="it (datorn)", role=ROLE_ADMIN)
    with db.transaction() as s:
        accounts.create_account(s, "Ada Admin", f"{prefix}_ada", "Ett-langt-losen-1", "administratör")
        accounts.create_account(s, "Bertil Berg", coach, "Ett-langt-losen-2", "handledare", ["0860"])
        accounts.create_account(s, "Cecilia Ek", stranger, "Ett-langt-losen-3", "handledare", ["2260"])
        for pnr, first, code in (("196408233234", "Karin", "0860"), ("198503141239", "Omar", "0860"),
                                 ("199001012385", "Lisa", "2260")):
            participants.create_participant(s, participants.ParticipantInput(
                personnummer=pnr, first_name=first, last_name="Prov", municipality_code=code))
    db.dispose()
    for user in (coach, stranger):
        kadmin(f"addprinc -pw krb-{user} {user}@{REALM}")
    u = make_url(url)
    krb_url = sa.engine.URL.create(u.drivername, username=coach, host="localhost", port=u.port or 5432,
                                   database=name, query={"gssencmode": "require", "krbsrvname": "postgres"})
    yield {"url": krb_url.render_as_string(hide_password=False), "coach": coach, "stranger": stranger,
           "tmp": tmp_path}
    import gc

    gc.collect()
    pg_databases.drop(name)
    with admin.connect() as conn:
        for user in (coach, stranger, *[g for r, g in groups.items() if r != "staff"], groups["staff"]):
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{user}"')
    admin.dispose()
    for user in (coach, stranger):
        kadmin(f"delprinc -force {user}@{REALM}")


def krb_env(cache: Path) -> dict[str, str]:
    return {"KRB5_CONFIG": KRB5_CONFIG, "KRB5CCNAME": f"FILE:{cache}", "AME_USER": "", "AME_PASSWORD": ""}


def test_a_kerberos_ticket_signs_the_coach_in_as_her_own_role(kerberos_register):
    r = kerberos_register
    cache = r["tmp"] / "cc"
    kinit(f"{r['coach']}@{REALM}", f"krb-{r['coach']}", cache)
    code, out, err = run_cli("--db", r["url"], "stats", env=krb_env(cache))
    assert code == 0, err
    counts = json.loads(out)
    assert counts["participants"] == 2  # only 0860's: the database itself hides 2260's
    engine = sa.create_engine(r["url"])
    old = {k: os.environ.get(k) for k in ("KRB5_CONFIG", "KRB5CCNAME")}
    os.environ.update({"KRB5_CONFIG": KRB5_CONFIG, "KRB5CCNAME": f"FILE:{cache}"})
    try:
        with engine.connect() as conn:
            who, gss, encrypted = conn.exec_driver_sql(
                "SELECT current_user, gss_authenticated, encrypted FROM pg_stat_gssapi "
                "WHERE pid = pg_backend_pid()").one()
            codes = conn.exec_driver_sql("SELECT DISTINCT municipality_code FROM participant").scalars().all()
    finally:
        engine.dispose()
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert (who, gss, encrypted) == (r["coach"], True, True)
    assert codes == ["0860"]


def test_no_ticket_is_a_swedish_message_naming_what_to_do(kerberos_register):
    r = kerberos_register
    code, out, err = run_cli("--db", r["url"], "stats", env=krb_env(r["tmp"] / "ingen-biljett"))
    assert code == 2
    assert "Ingen giltig Kerberos-biljett" in err and "logga in i Windows igen" in err and "kontakta IT" in err
    assert "Traceback" not in err


def test_a_ticket_of_someone_else_is_refused_with_the_same_message(kerberos_register):
    r = kerberos_register
    cache = r["tmp"] / "cc-annan"
    kinit(f"{r['stranger']}@{REALM}", f"krb-{r['stranger']}", cache)
    code, out, err = run_cli("--db", r["url"], "stats", env=krb_env(cache))
    assert code == 2
    assert "Ingen giltig Kerberos-biljett" in err and "Traceback" not in err
