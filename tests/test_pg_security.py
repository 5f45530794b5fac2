"""Which tables the database's row-level security covers (issue 24): derived from the metadata,
so a new table with personal data cannot be forgotten. No server needed."""

from __future__ import annotations

import sqlalchemy as sa

from ame_desktop.domain.models import SQLModel
from ame_desktop.store import pg_security


def test_every_table_of_the_register_has_a_policy_or_is_named_as_without_personal_data():
    plan = pg_security.classify()
    assert plan.unclassified == [], (
        "A table without a row-level security rule: give it participant_id or a municipality column, or add it "
        "to pg_security.NO_PERSONAL_DATA (no personal data) or SPECIAL (a policy of its own).")
    every = {t.name for t in SQLModel.metadata.sorted_tables}
    covered = set(plan.policies) | pg_security.SPECIAL | pg_security.NO_PERSONAL_DATA
    assert every <= covered
    # The lists name only tables that exist (a renamed table would slip through otherwise).
    assert (pg_security.SPECIAL | pg_security.NO_PERSONAL_DATA) - {"alembic_version"} <= every


def test_tables_with_personal_data_are_restricted():
    plan = pg_security.classify()
    for table in ("participant", "enrollment", "referral", "attendance", "journal_entry", "requirement_period",
                  "step_assessment", "step_rating", "plan_version", "plan_print", "af_contact", "follow_up",
                  "social_assistance_month", "absence_notice", "absence_notice_item", "summer_job"):
        assert table in plan.policies, table
    for table in ("audit_entry", "audit_head", "report_delivery", "report_delivery_person", "social_caseworker"):
        assert table in pg_security.rls_tables()
    assert "municipality" not in pg_security.rls_tables()


def test_a_new_table_is_classified_by_its_columns_or_fails():
    md = sa.MetaData()
    sa.Table("municipality", md, sa.Column("code", sa.String(4), primary_key=True))
    sa.Table("participant", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("municipality_code", sa.String(4), sa.ForeignKey("municipality.code")))
    sa.Table("new_notes", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("participant_id", sa.Integer, sa.ForeignKey("participant.id"), nullable=False))
    sa.Table("new_note_parts", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("note_id", sa.Integer, sa.ForeignKey("new_notes.id"), nullable=False))
    sa.Table("new_places", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("municipality_code", sa.String(4), sa.ForeignKey("municipality.code"), nullable=True))
    sa.Table("new_free_text", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("text", sa.Text))
    plan = pg_security.classify(md)
    # Correlated EXISTS, one index probe per row (migration 0016), not IN (SELECT …): see test_pg_rls.
    assert ('EXISTS (SELECT 1 FROM "participant" AS ame_parent WHERE ame_parent."id" = "new_notes"."participant_id")'
            in plan.policies["new_notes"])
    assert ('EXISTS (SELECT 1 FROM "new_notes" AS ame_parent WHERE ame_parent."id" = "new_note_parts"."note_id")'
            in plan.policies["new_note_parts"])
    assert not [t for t, rule in plan.policies.items() if "IN (SELECT" in rule]
    assert "municipality_code IS NULL AND cardinality(" in plan.policies["new_places"]
    assert plan.unclassified == ["new_free_text"]


def test_group_roles_follow_the_prefix_and_staff_never_change_the_log():
    g = pg_security.groups("ame")
    assert g == {"administratör": "ame_admin", "handledare": "ame_handledare", "läsbehörig": "ame_lasbehorig",
                 "handläggare ekonomiskt bistånd": "ame_handlaggare", "staff": "ame_personal"}
    for table in ("audit_entry", "audit_head"):
        for privs in pg_security.privileges(table).values():
            assert "UPDATE" not in privs and "DELETE" not in privs and "TRUNCATE" not in privs
    assert pg_security.privileges("participant")["läsbehörig"] == "SELECT"


def test_the_role_sql_names_each_account_in_its_group():
    from types import SimpleNamespace as NS

    sql = pg_security.roles_sql([NS(username="bertil", role="handledare", active=True),
                                 NS(username="o'hara", role="läsbehörig", active=False),
                                 NS(username=None, role="handledare", active=True)], "ame", "ame")
    assert 'CREATE ROLE "bertil" LOGIN' in sql and 'GRANT "ame_handledare" TO "bertil";' in sql
    assert 'CREATE ROLE "o\'hara" NOLOGIN' in sql and "'o''hara'" in sql
    assert "PASSWORD" not in sql
    assert len(pg_security.split_sql(sql)) == 8  # per account: create, (no)login, leave other groups, join


def test_a_write_refused_by_row_security_is_a_swedish_message():
    from ame_desktop.store.database import translate_db_error

    class Orig(Exception):
        pass

    exc = sa.exc.ProgrammingError("UPDATE …", {}, Orig('new row violates row-level security policy for table "participant"'))
    msg = translate_db_error(exc).message
    assert "tabellen participant" in msg and "kommun" in msg
    exc = sa.exc.ProgrammingError("SELECT …", {}, Orig("permission denied for table journal_entry"))
    msg = translate_db_error(exc).message
    assert msg.startswith("Din databasroll saknar rättighet till tabellen journal_entry") and "IT ska ge rollen" in msg
    exc = sa.exc.OperationalError("connect", {}, Orig(
        'connection to server at "db" failed: GSSAPI continuation error: Unspecified GSS failure. '
        "Minor code may provide more information: No Kerberos credentials available"))
    msg = translate_db_error(exc).message
    assert msg.startswith("Ingen giltig Kerberos-biljett") and "logga in i Windows igen" in msg and "IT" in msg


def test_sign_in_refusals_are_swedish_messages_naming_what_it_must_do():
    from ame_desktop.store.database import DatabaseLoginNeeded, translate_db_error

    class Orig(Exception):
        pass

    def msg(kind, text):
        return translate_db_error(kind("connect", {}, Orig(text)))

    err = msg(sa.exc.OperationalError, 'connection failed: FATAL:  password authentication failed for user "bertil"')
    assert isinstance(err, DatabaseLoginNeeded) and err.exit_status == 2
    assert "gått ut" in err.message and "VALID UNTIL" in err.message and "\\password" in err.message
    err = msg(sa.exc.OperationalError, "connection failed: fe_sendauth: no password supplied")
    assert isinstance(err, DatabaseLoginNeeded) and "kräver inloggning" in err.message
    err = msg(sa.exc.OperationalError, 'connection failed: FATAL:  role "bertil" does not exist')
    assert "account pg-roles" in err.message
    err = msg(sa.exc.OperationalError, 'connection failed: GSSAPI authentication failed for user "bertil"')
    assert err.message.startswith("Ingen giltig Kerberos-biljett")
    # A GRANT to a missing group is not a sign-in problem.
    err = msg(sa.exc.ProgrammingError, 'role "ame_handledare" does not exist')
    assert "account pg-roles" not in err.message
