"""PostgreSQL only: separation the database enforces (issue 24).

One login role per staff member (named as the account's username), in one group role per
program role; every group is a member of the staff group (`ame_personal` by default). Row-level
security on every table with personal data lets a staff role see only the rows of its
municipalities (and a caseworker only what was delivered to her); the audit log is
insert-only for staff roles (its head row is advanced by a trigger, not by them).

A role that is neither an account's username nor a member of the staff group is a *program
role* (the table owner, or a shared role of the older setup): the database does not separate
municipalities for it; the program does, as before.

The table lists are derived from the metadata (`classify`): a table with `participant_id`, a
municipality column, or a foreign key to such a table gets a policy; the rest must be named
in NO_PERSONAL_DATA or SPECIAL, or a test fails. `install` is idempotent: migration 0015 runs
it, a new PostgreSQL register gets it at creation, and `check` run by the owner runs it again
when something is missing (so group roles created later get their rights).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import SQLModel

from ame_desktop.domain import models as _models  # noqa: F401  (registers the tables)

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_CASEWORKER, ROLE_COACH, ROLE_READER

PREFIX_ENV = "AME_PG_ROLE_PREFIX"  # for tests: group roles are cluster-wide
DEFAULT_PREFIX = "ame"
# Program role → the suffix of its group role.
GROUP_SUFFIX = {ROLE_ADMIN: "admin", ROLE_COACH: "handledare", ROLE_READER: "lasbehorig",
                ROLE_CASEWORKER: "handlaggare"}
STAFF_SUFFIX = "personal"

# Tables without personal data: no policy (readers still get SELECT only).
NO_PERSONAL_DATA = {
    "alembic_version", "municipality", "setting", "activity", "kas_input", "step_model", "step_level",
    "step_dimension", "kolada_value", "kolada_group", "closed_day", "eb_import", "gallring_record",
}
# Tables with policies of their own (written out below), not derived from their columns.
SPECIAL = {"audit_entry", "audit_head", "staff_member", "staff_municipality", "report_delivery",
           "report_delivery_person", "social_caseworker"}
# Read by the SECURITY DEFINER functions: RLS enabled but not forced, so the owner's functions
# read them without recursing into their own policies. Staff roles are still subject to it.
NOT_FORCED = {"staff_member", "staff_municipality"}
AUDIT_TABLES = {"audit_entry", "audit_head"}

VALID_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def role_prefix() -> str:
    prefix = os.environ.get(PREFIX_ENV) or DEFAULT_PREFIX
    if not VALID_PREFIX.match(prefix):
        raise ValueError(f"{PREFIX_ENV} must match {VALID_PREFIX.pattern}")
    return prefix


def groups(prefix: str | None = None) -> dict[str, str]:
    """Program role (or "staff") → group role name."""
    p = prefix or role_prefix()
    out = {role: f"{p}_{suffix}" for role, suffix in GROUP_SUFFIX.items()}
    out["staff"] = f"{p}_{STAFF_SUFFIX}"
    return out


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --- which table gets which policy ----------------------------------------------------------------
def visible_in(table: str, column: str, parent: str, parent_column: str = "id") -> str:
    """`table.column` names a row of `parent` that the role may see (the parent's own policy
    applies inside). A correlated EXISTS, one index probe per row (migration 0016): the
    `column IN (SELECT id FROM parent)` of 0015 is planned as a hashed subquery only while the
    parent's visible ids fit in work_mem — at country size (500 000 people) PostgreSQL fell back to
    scanning the whole list for every hour row, and a coach's week of hour sums did not finish in
    150 s (benchmarks/README.md)."""
    return (f"EXISTS (SELECT 1 FROM {quote_ident(parent)} AS ame_parent "
            f"WHERE ame_parent.{quote_ident(parent_column)} = {quote_ident(table)}.{quote_ident(column)})")


def vis_participant(table: str) -> str:
    return visible_in(table, "participant_id", "participant")
SCOPE = "(SELECT ame_scope(current_user))"
ALL = f"{SCOPE} IS NULL"
SCOPE_ARRAY = f"{SCOPE}::text[]"  # ANY (subquery) would compare each row; ANY (array) it must be


# Rows about no person / no municipality (a strategic AF contact, a place for all): for staff
# roles with some municipality — not for a caseworker or an unknown role, whose scope is empty.
SOME = f"cardinality({SCOPE_ARRAY}) > 0"


def _municipality(col: str, nullable: bool) -> str:
    cond = f"{col} = ANY ({SCOPE_ARRAY})"
    return f"({cond} OR ({col} IS NULL AND {SOME}))" if nullable else cond


@dataclass
class Plan:
    policies: dict[str, str] = field(default_factory=dict)  # table → USING/CHECK expression (FOR ALL)
    unclassified: list[str] = field(default_factory=list)  # tables nobody decided about (a test fails)


def classify(metadata: sa.MetaData | None = None) -> Plan:
    """The row policy of every table, from its columns and foreign keys."""
    md = metadata or SQLModel.metadata
    plan = Plan()
    tables = {t.name: t for t in md.sorted_tables}
    for name, t in tables.items():
        if name in SPECIAL or name in NO_PERSONAL_DATA:
            continue
        cols = t.c
        if name == "participant":
            plan.policies[name] = f"{ALL} OR " + _municipality("municipality_code", False)
            continue
        parts: list[str] = []
        if "participant_id" in cols:
            c = cols["participant_id"]
            parts.append(f"({vis_participant(name)} OR (participant_id IS NULL AND {SOME}))" if c.nullable
                         else vis_participant(name))
        for mcol in ("municipality_code", "municipality"):
            if mcol in cols and any(fk.column.table.name == "municipality" for fk in cols[mcol].foreign_keys):
                parts.append(_municipality(mcol, cols[mcol].nullable))
        if not parts:  # a child of a restricted table: visible when its parent row is
            for fk in sorted(t.foreign_keys, key=lambda f: f.parent.name):  # the same rule every time
                parent = fk.column.table.name
                if parent in ("participant",) or parent in plan.policies or parent in SPECIAL - NOT_FORCED - AUDIT_TABLES:
                    local = fk.parent.name
                    sub = visible_in(name, local, parent, fk.column.name)
                    parts.append(f"({sub} OR ({local} IS NULL AND {SOME}))" if fk.parent.nullable else sub)
                    break
        if parts:
            plan.policies[name] = f"{ALL} OR " + (" OR ".join(parts) if len(parts) > 1 else parts[0])
        else:
            plan.unclassified.append(name)
    # sorted_tables puts parents first, so a child sees its parent's rule.
    return plan


def special_policies() -> dict[str, list[tuple[str, str, str | None, str | None]]]:
    """table → [(policy name, command, USING, WITH CHECK)]."""
    cw = "(SELECT ame_caseworker(current_user))"
    admin = "(SELECT ame_is_admin(current_user))"
    return {
        "audit_entry": [
            ("ame_read", "SELECT", f"{ALL} OR {admin} OR actor = current_user::text", None),
            ("ame_insert", "INSERT", None, f"{ALL} OR actor = current_user::text"),
            ("ame_update", "UPDATE", ALL, ALL),  # gallring's pseudonyms: the owner (IT) only
            ("ame_delete", "DELETE", ALL, None),
        ],
        "audit_head": [
            ("ame_read", "SELECT", "true", None),
            ("ame_write", "ALL", ALL, ALL),
        ],
        "staff_member": [
            ("ame_read", "SELECT", "true", None),
            # Staff (not accounts) are added and renamed by coaches (imports name new coaches);
            # accounts, roles and usernames only by an administrator.
            ("ame_write", "ALL", f"{ALL} OR {admin} OR username IS NULL", f"{ALL} OR {admin} OR username IS NULL"),
        ],
        "staff_municipality": [
            ("ame_read", "SELECT", "true", None),
            ("ame_write", "ALL", f"{ALL} OR {admin}", f"{ALL} OR {admin}"),
        ],
        "social_caseworker": [
            ("ame_rows", "ALL", f"{ALL} OR municipality_code = ANY ({SCOPE_ARRAY}) OR id = {cw}",
             f"{ALL} OR municipality_code = ANY ({SCOPE_ARRAY})"),
        ],
        "report_delivery": [
            ("ame_rows", "ALL",
             f"CASE WHEN {cw} IS NOT NULL THEN caseworker_id = {cw} "
             f"ELSE {ALL} OR NOT (id = ANY ((SELECT ame_hidden_deliveries(current_user))::integer[])) END",
             f"CASE WHEN {cw} IS NOT NULL THEN caseworker_id = {cw} "
             f"ELSE {ALL} OR NOT (id = ANY ((SELECT ame_hidden_deliveries(current_user))::integer[])) END"),
        ],
        "report_delivery_person": [
            ("ame_rows", "ALL",
             f"{ALL} OR {vis_participant('report_delivery_person')} OR ({cw} IS NOT NULL AND "
             f"{visible_in('report_delivery_person', 'delivery_id', 'report_delivery')})",
             f"{ALL} OR {vis_participant('report_delivery_person')}"),
        ],
    }


def rls_tables(metadata: sa.MetaData | None = None) -> list[str]:
    """Every table that must have row-level security enabled (and forced, but NOT_FORCED)."""
    return sorted(set(classify(metadata).policies) | SPECIAL)


# --- functions ------------------------------------------------------------------------------------
def functions_sql(prefix: str) -> list[str]:
    staff_group = quote_literal(groups(prefix)["staff"])
    cw, admin = quote_literal(ROLE_CASEWORKER), quote_literal(ROLE_ADMIN)
    definer = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog"
    return [
        f"CREATE OR REPLACE FUNCTION ame_staff_group() RETURNS text LANGUAGE sql IMMUTABLE "
        f"AS $$ SELECT {staff_group}::text $$",
        # A staff role: an account's username, or a member of the staff group (a group role itself
        # too, so SET ROLE to a group never widens what one sees).
        f"""CREATE OR REPLACE FUNCTION ame_is_staff_role(r name) RETURNS boolean {definer} AS $$
  SELECT EXISTS (SELECT 1 FROM staff_member WHERE username = r::text)
      OR EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = ame_staff_group() AND pg_has_role(r, g.oid, 'MEMBER'))
$$""",
        # NULL = every municipality (a program role, or an account linked to none, as in the
        # program); otherwise the codes (empty: nothing — an unknown, inactive or caseworker role).
        f"""CREATE OR REPLACE FUNCTION ame_scope(r name) RETURNS text[] {definer} AS $$
  SELECT CASE
    WHEN NOT ame_is_staff_role(r) THEN NULL
    WHEN m.id IS NULL OR NOT m.active OR m.role = {cw} THEN '{{}}'::text[]
    ELSE (SELECT array_agg(sm.municipality_code::text) FROM staff_municipality sm WHERE sm.staff_id = m.id)
  END
  FROM (SELECT 1) AS one LEFT JOIN staff_member m ON m.username = r::text
$$""",
        f"""CREATE OR REPLACE FUNCTION ame_is_admin(r name) RETURNS boolean {definer} AS $$
  SELECT EXISTS (SELECT 1 FROM staff_member WHERE username = r::text AND active AND role = {admin})
$$""",
        f"""CREATE OR REPLACE FUNCTION ame_caseworker(r name) RETURNS integer {definer} AS $$
  SELECT CASE WHEN ame_is_staff_role(r) THEN
    (SELECT coalesce(caseworker_id, -1) FROM staff_member WHERE username = r::text AND active AND role = {cw})
  END
$$""",
        # Deliveries with a person outside the role's municipalities (hidden from staff, as in
        # services.delivery._visible_deliveries).
        f"""CREATE OR REPLACE FUNCTION ame_hidden_deliveries(r name) RETURNS integer[] {definer} AS $$
  SELECT coalesce(array_agg(DISTINCT dp.delivery_id), '{{}}'::integer[])
  FROM report_delivery_person dp JOIN participant p ON p.id = dp.participant_id
  WHERE ame_scope(r) IS NOT NULL AND NOT (p.municipality_code = ANY (ame_scope(r)))
$$""",
        # For the window's poll (services.audit.latest_change_id): a staff role reads only its own
        # log entries, yet must notice that someone else changed something. An id, nothing else.
        f"""CREATE OR REPLACE FUNCTION ame_latest_change(me text, others boolean) RETURNS integer {definer} AS $$
  SELECT max(id) FROM audit_entry WHERE action <> 'read' AND (NOT others OR actor <> me)
$$""",
        # The audit chain: staff roles only insert. The head row is locked through this function
        # and advanced by the trigger below, both as the owner.
        """CREATE OR REPLACE FUNCTION ame_audit_lock() RETURNS text LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_catalog AS $$
DECLARE h text;
BEGIN
  SELECT last_hash INTO h FROM audit_head WHERE id = 1 FOR UPDATE;
  RETURN h;
END $$""",
        """CREATE OR REPLACE FUNCTION ame_audit_advance() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_catalog AS $$
BEGIN
  UPDATE audit_head SET last_id = e.id, last_hash = e.hash
  FROM (SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1) AS e WHERE audit_head.id = 1;
  RETURN NULL;
END $$""",
        "DROP TRIGGER IF EXISTS ame_audit_advance ON audit_entry",
        "CREATE TRIGGER ame_audit_advance AFTER INSERT ON audit_entry FOR EACH STATEMENT "
        "EXECUTE FUNCTION ame_audit_advance()",
    ]


FUNCTIONS = ("ame_staff_group", "ame_is_staff_role", "ame_scope", "ame_is_admin", "ame_caseworker",
             "ame_hidden_deliveries", "ame_latest_change", "ame_audit_lock", "ame_audit_advance")


# --- privileges -----------------------------------------------------------------------------------
def privileges(table: str) -> dict[str, str]:
    """Program role → the table privileges of its group (never TRUNCATE)."""
    write = "SELECT, INSERT, UPDATE, DELETE"
    if table == "audit_entry":
        return {r: "SELECT, INSERT" for r in GROUP_SUFFIX}
    if table == "audit_head" or table == "alembic_version":
        return {r: "SELECT" for r in GROUP_SUFFIX}
    out = {ROLE_ADMIN: write, ROLE_COACH: write, ROLE_READER: "SELECT", ROLE_CASEWORKER: "SELECT"}
    if table == "report_delivery":  # the caseworker's receipt (kvittens)
        out[ROLE_CASEWORKER] = "SELECT, UPDATE (received_at, received_by, receipt_method, receipt_note)"
    return out


def grants_sql(conn: sa.Connection, prefix: str, tables: list[str]) -> list[str]:
    existing = set(conn.exec_driver_sql("SELECT rolname FROM pg_roles").scalars())
    g = groups(prefix)
    out: list[str] = []
    for role, group in g.items():
        if role == "staff" or group not in existing:
            continue
        q = quote_ident(group)
        for table in tables:
            out.append(f"REVOKE ALL ON TABLE {quote_ident(table)} FROM {q}")
            out.append(f"GRANT {privileges(table)[role]} ON TABLE {quote_ident(table)} TO {q}")
        seq = "USAGE, SELECT, UPDATE" if role in (ROLE_ADMIN, ROLE_COACH) else "USAGE, SELECT"
        out.append(f"GRANT {seq} ON ALL SEQUENCES IN SCHEMA public TO {q}")
    return out


# --- install and verify ---------------------------------------------------------------------------
def _all_tables(conn: sa.Connection) -> list[str]:
    return list(conn.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").scalars())


def install(conn: sa.Connection, prefix: str | None = None) -> None:
    """Functions, trigger, row-level security and policies, and the group roles' rights.
    Run by the table owner, in its transaction. Idempotent."""
    prefix = prefix or role_prefix()
    present = set(_all_tables(conn))
    plan = classify()
    for stmt in functions_sql(prefix):
        conn.exec_driver_sql(stmt)
    policies: dict[str, list[tuple[str, str, str | None, str | None]]] = {
        t: [("ame_rows", "ALL", expr, expr)] for t, expr in plan.policies.items()}
    policies.update(special_policies())
    for table, pols in policies.items():
        if table not in present:
            continue
        q = quote_ident(table)
        old = conn.exec_driver_sql(
            "SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = %(t)s",
            {"t": table}).scalars().all()
        for name in old:
            conn.exec_driver_sql(f"DROP POLICY {quote_ident(name)} ON {q}")
        for name, cmd, using, check in pols:
            sql = f"CREATE POLICY {name} ON {q} FOR {cmd} TO PUBLIC"
            if using is not None:
                sql += f" USING ({using})"
            if check is not None:
                sql += f" WITH CHECK ({check})"
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql(f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {q} {'NO ' if table in NOT_FORCED else ''}FORCE ROW LEVEL SECURITY")
    for stmt in grants_sql(conn, prefix, sorted(present)):
        conn.exec_driver_sql(stmt)


def owns_tables(conn: sa.Connection) -> bool:
    return bool(conn.exec_driver_sql(
        "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
        "WHERE schemaname = 'public' AND tablename = 'participant'").scalar())


def installed_prefix(conn: sa.Connection) -> str | None:
    """The group-role prefix the installed functions name (None before migration 0015)."""
    if not conn.exec_driver_sql("SELECT to_regprocedure('ame_staff_group()') IS NOT NULL").scalar():
        return None
    name = conn.exec_driver_sql("SELECT ame_staff_group()").scalar()
    return name[: -len(STAFF_SUFFIX) - 1] if name and name.endswith("_" + STAFF_SUFFIX) else None


def verify(conn: sa.Connection) -> list[str]:
    """What is missing of the database's own separation, in Swedish (empty: all in force)."""
    problems: list[str] = []
    present = set(_all_tables(conn))
    rls = {r[0]: (r[1], r[2]) for r in conn.exec_driver_sql(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'")}
    pols: dict[str, set[str]] = {}
    for t, name in conn.exec_driver_sql(
            "SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'"):
        pols.setdefault(t, set()).add(name)
    expected = {t: {"ame_rows"} for t in classify().policies}
    expected.update({t: {p[0] for p in ps} for t, ps in special_policies().items()})
    for table in sorted(expected):
        if table not in present:
            continue
        enabled, forced = rls.get(table, (False, False))
        if not enabled:
            problems.append(f"Radsäkerhet (row level security) är inte påslagen för tabellen {table}.")
        elif not forced and table not in NOT_FORCED:
            problems.append(f"Radsäkerheten för tabellen {table} gäller inte tabellens ägare (FORCE saknas).")
        missing = expected[table] - pols.get(table, set())
        if missing:
            problems.append(f"Tabellen {table} saknar radsäkerhetsregeln {', '.join(sorted(missing))}.")
    plan = classify()
    for table in plan.unclassified:
        problems.append(f"Tabellen {table} har ingen radsäkerhetsregel (programfel: tabellen är inte klassad).")
    have = set(conn.exec_driver_sql(
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public'").scalars())
    for fn in FUNCTIONS:
        if fn not in have:
            problems.append(f"Databasfunktionen {fn} saknas.")
    if "ame_staff_group" not in have:
        return problems
    prefix = installed_prefix(conn) or role_prefix()
    existing = set(conn.exec_driver_sql("SELECT rolname FROM pg_roles").scalars())
    g = groups(prefix)
    if g["staff"] not in existing:
        # No role per staff member (yet): a register used through one program role, as before
        # issue 24. Not a fault; the IT guide says how to set the roles up.
        return problems
    for role, group in g.items():
        if role == "staff":
            continue
        if group not in existing:
            problems.append(f"Grupprollen {group} ({role}) finns inte (IT-guiden, avsnitt 4).")
            continue
        for table in ("audit_entry", "audit_head"):
            if table not in present:
                continue
            for priv in ("UPDATE", "DELETE", "TRUNCATE"):
                if conn.exec_driver_sql("SELECT has_table_privilege(%(g)s, %(t)s, %(p)s)",
                                        {"g": group, "t": table, "p": priv}).scalar():
                    problems.append(f"Grupprollen {group} får {priv} på loggtabellen {table}; loggen ska bara "
                                    "gå att lägga till i.")
        lacking = conn.exec_driver_sql(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT has_table_privilege(%(g)s, c.oid, 'SELECT') "
            "ORDER BY c.relname", {"g": group}).scalars().all()
        if lacking:
            problems.append(f"Grupprollen {group} saknar rättigheter till {len(lacking)} {'tabell' if len(lacking) == 1 else 'tabeller'} ({', '.join(lacking[:5])}"
                            f"{' …' if len(lacking) > 5 else ''}): kör ame-desktop check som ägarrollen (IT-guiden, "
                            "avsnitt 4).")
        if role == ROLE_READER and "participant" in present and conn.exec_driver_sql(
                "SELECT has_table_privilege(%(g)s, 'participant', 'INSERT')", {"g": group}).scalar():
            problems.append(f"Grupprollen {group} (läsbehörig) får ändra i tabellerna; den ska bara få läsa.")
    return problems


# --- the login roles of the accounts ---------------------------------------------------------------
def roles_sql(members, database: str, prefix: str | None = None) -> str:
    """SQL that makes one login role per account (named as its username) in its group, and
    takes login away from inactive accounts. No passwords: IT sets them (\\password) or uses
    Kerberos. Run by a role with CREATEROLE (or a superuser)."""
    g = groups(prefix)
    lines = [
        "-- AME Desktop: en inloggningsroll per konto (ame-desktop account pg-roles).",
        "-- Körs av en superanvändare eller en roll med CREATEROLE. Inga lösenord: sätt dem med",
        "-- \\password NAMN i psql, eller logga in med Kerberos (IT-guiden, avsnitt 4).",
    ]
    for m in members:
        if not m.username or m.role not in g:
            continue
        role = quote_ident(m.username)
        lit = quote_literal(m.username)
        login = "LOGIN" if m.active else "NOLOGIN"
        lines.append(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {lit}) "
                     f"THEN CREATE ROLE {role} {login}; END IF; END $$;")
        lines.append(f"ALTER ROLE {role} {login};")
        others = [quote_ident(grp) for r, grp in g.items() if r not in ("staff", m.role)]
        lines.append(f"REVOKE {', '.join(others)} FROM {role};  -- om rollen har bytts")
        lines.append(f"GRANT {quote_ident(g[m.role])} TO {role};")
    lines.append(f"-- Databasen: {database}")
    return "\n".join(lines) + "\n"


def uninstall(conn: sa.Connection) -> None:
    """Migration 0015 backwards: policies, row-level security, trigger and functions gone."""
    for table in _all_tables(conn):
        q = quote_ident(table)
        for name in conn.exec_driver_sql(
                "SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = %(t)s",
                {"t": table}).scalars().all():
            conn.exec_driver_sql(f"DROP POLICY {quote_ident(name)} ON {q}")
        conn.exec_driver_sql(f"ALTER TABLE {q} NO FORCE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {q} DISABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS ame_audit_advance ON audit_entry")
    for fn in ("ame_audit_advance()", "ame_audit_lock()", "ame_latest_change(text, boolean)",
               "ame_hidden_deliveries(name)", "ame_caseworker(name)",
               "ame_is_admin(name)", "ame_scope(name)", "ame_is_staff_role(name)", "ame_staff_group()"):
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {fn}")


def split_sql(sql: str) -> list[str]:
    """The statements of roles_sql (one per line; comments dropped)."""
    return [line.split("  --")[0].rstrip().rstrip(";") for line in sql.splitlines()
            if line.strip() and not line.lstrip().startswith("--")]
