"""Command line (shared/spec/CLI.md). Argument parsing and output only: the work is done by
the services, the same ones the window uses.

Exit status: 0 done; 2 the input or request is wrong (nothing changed); 1 anything else.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from ame_desktop import __version__, config
# Shared with the feature modules (cli_*.py), which import them from cli_common, not from here.
from ame_desktop.cli_common import Progress
from ame_desktop.cli_common import date_arg as _date_arg
from ame_desktop.cli_common import open_register as _open
from ame_desktop.domain.errors import AmeError, UserError

log = logging.getLogger("ame_desktop.cli")


class CliUsageError(UserError):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse with Swedish error text and exit status 2 through our own handler."""

    def error(self, message: str):  # type: ignore[override]
        raise CliUsageError(f"Fel i kommandoraden: {message}\n{self.format_usage().strip()}")


# --- commands -------------------------------------------------------------------------------
def cmd_gui(args) -> int:
    from ame_desktop.ui.app import run_gui

    return run_gui(args.db)


def cmd_settings(args) -> int:
    from ame_desktop.services import settings

    db = _open(args)
    if args.key is None:
        with db.reading() as s:
            for key, value in settings.all_settings(s).items():
                print(f"{key}={value}")
    elif args.value is None:
        with db.reading() as s:
            print(settings.get_setting(s, args.key))
    else:
        with db.transaction() as s:
            value = settings.set_setting(s, args.key, args.value)
        print(f"{args.key}={value}")
    return 0


def cmd_demo(args) -> int:
    from ame_desktop.services.demo import make_demo

    db = _open(args)
    progress = Progress()
    with db.transaction() as s:
        result = make_demo(s, municipality=args.municipality, participants_count=args.participants, seed=args.seed,
                           progress=lambda f: progress("Skapar demodata…", f))
    print(f"Demodata skapad: {result.participants} påhittade deltagare i kommun {result.municipality} ({db.describe()}).")
    return 0


def cmd_template(args) -> int:
    from ame_desktop.services import exports

    out = Path(args.file)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"Mallen skrivs som .xlsx; {out.name} har fel filändelse.")
    db = _open(args)
    exports.import_template(db, out)
    print(f"Importmallen skrevs till {out}.")
    return 0


def cmd_import(args) -> int:
    from ame_desktop.services.importing import ImportFailed, import_workbook

    db = _open(args)
    progress = Progress()
    try:
        report = import_workbook(db, args.file, dry_run=args.dry_run, progress=progress)
    except ImportFailed as exc:
        for w in exc.report.warnings:
            print("Varning: " + w, file=sys.stderr)
        raise
    for w in report.warnings:
        print("Varning: " + w, file=sys.stderr)
    if args.dry_run:
        print(f"Provkörning av {report.file} – inget sparades. Så här skulle registret ändras:")
        for ch in report.changes:
            print(f"  {ch.sheet}, rad {ch.row}: {ch.kind} – {ch.what}")
    else:
        print(f"Importen av {report.file} är klar.")
    for line in report.summary_lines():
        print(line)
    return 0


def cmd_stats(args) -> int:
    from ame_desktop.services.stats import register_counts

    db = _open(args)
    with db.reading() as s:
        print(json.dumps(register_counts(s)))
    return 0


def cmd_check(args) -> int:
    from ame_desktop.services.maintenance import check_backup_file, open_and_check

    if args.file:
        problems = check_backup_file(args.file)
        target = args.file
    else:
        target, problems = open_and_check(args.db)
        _print_location_warnings(args.db)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"Kontrollen av {target} hittade {len(problems)} problem.", file=sys.stderr)
        return 2 if args.file else 1
    print(f"{target}: allt i ordning (integritet, referenser och schemaversion).")
    return 0


def _print_location_warnings(target: str | None) -> None:
    """A register or backup folder in OneDrive is worth saying, not a failed check."""
    from ame_desktop.store.database import Database
    from ame_desktop.store.locations import location_warnings

    try:
        db = Database.open(target)
    except AmeError:
        return
    try:
        folder = None
        if db.sqlite_path is not None:
            from ame_desktop.services.settings import all_settings

            with db.reading() as s:
                folder = all_settings(s).get("backup_folder") or None
        for w in location_warnings(db.sqlite_path, folder):
            print(w, file=sys.stderr)
    except Exception:  # a register too broken to read its settings: check has said so already
        pass
    finally:
        db.dispose()


def cmd_backup(args) -> int:
    from ame_desktop.services.authz import require_admin
    from ame_desktop.store.backup import backup_sqlite

    db = _open(args)
    with db.reading() as s:
        require_admin(s, "säkerhetskopiera hela registret")
    path = backup_sqlite(db, args.file)
    print(f"Säkerhetskopian skrevs till {path}.")
    return 0


def cmd_restore(args) -> int:
    import os

    from ame_desktop.services.accounts import establish_actor
    from ame_desktop.services.authz import require_admin
    from sqlalchemy.exc import DatabaseError

    from ame_desktop.domain.errors import StoreError
    from ame_desktop.store.backup import restore_needs_sign_in, restore_sqlite
    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import ensure_schema, register_opens

    # The register is never opened as usual (migrated) here: restore must work on one that
    # cannot be opened. Its accounts decide when they can be read; a register too broken for
    # that (a failed upgrade, a damaged file) has none to ask: whoever can replace the file can
    # do so anyway, and the broken file is kept aside as the safety copy.
    db = Database.open(args.db)
    if db.sqlite_path is None or restore_needs_sign_in(db.sqlite_path):
        try:
            establish_actor(db, os.environ.get("AME_USER"), os.environ.get("AME_PASSWORD"))
            with db.reading() as s:
                require_admin(s, "återställa registret")
        except (StoreError, DatabaseError):
            if db.sqlite_path is None or register_opens(db):
                raise
    safety = restore_sqlite(db, args.file)
    ensure_schema(db)  # an older backup is migrated now, after its own safety copy
    print(f"Databasen återställdes från {args.file}. Den tidigare databasen sparades som {safety}.")
    return 0


def cmd_export_kolada(args) -> int:
    from ame_desktop.services import exports

    out = Path(args.out)
    db = _open(args)
    result = exports.kolada(db, args.year, out, through_month=args.through_month, municipality=args.municipality,
                            progress=Progress())
    print(f"Kolada-exporten för {result.period_start.isoformat()}–{result.period_end.isoformat()} skrevs till {out}.")
    return 0


def cmd_report_activity(args) -> int:
    from ame_desktop.cli_caseworker import report_activity_per_recipient
    from ame_desktop.services import exports
    from ame_desktop.services.activity_report import parse_month

    handled = report_activity_per_recipient(args)  # --personnummer / --handlaggare / --per-handlaggare
    if handled is not None:
        return handled
    year, month = parse_month(args.month)
    out = Path(args.out)
    db = _open(args)
    report = exports.activity_report(db, year, month, out, municipality=args.municipality)
    print(f"Aktivitetsrapporten för {args.month} ({len(report.participants)} personer) skrevs till {out}.")
    return 0


def cmd_export_af_contacts(args) -> int:
    from ame_desktop.services import exports

    start, end = _date_arg(args.date_from, "--from"), _date_arg(args.date_to, "--to")
    out = Path(args.out)
    db = _open(args)
    exports.af_contacts(db, start, end, out, pseudonymous=args.pseudonymous)
    print(f"AF-kontakterna {start.isoformat()}–{end.isoformat()} skrevs till {out}.")
    return 0


def cmd_plan(args) -> int:
    from ame_desktop.services import exports

    db = _open(args)
    result = exports.plan(db, args.personnummer, Path(args.out), version=args.version)
    print(f"Planen skrevs till {result.path}.")
    return 0


def cmd_migrate_to(args) -> int:
    from ame_desktop.store.database import Database, resolve_url
    from ame_desktop.store.migrate_to import migrate_to

    source = Database(resolve_url(args.db))
    if source.sqlite_path is not None and not source.sqlite_path.exists():
        raise UserError(f"Databasfilen {source.sqlite_path} finns inte.")
    if source.is_sqlite:  # (migrate_to refuses any other source itself)
        import os

        from ame_desktop.services.accounts import establish_actor
        from ame_desktop.services.authz import require_admin
        from ame_desktop.store.schema import ensure_schema

        ensure_schema(source)
        # The whole register is copied: sign in like every command, as an administrator.
        establish_actor(source, os.environ.get("AME_USER"), os.environ.get("AME_PASSWORD"))
        with source.reading() as s:
            require_admin(s, "kopiera hela registret till en annan databas")
    checks = migrate_to(source, args.url, Progress())
    width = max(len(c.table) for c in checks)
    for c in checks:
        state = "ok" if c.ok else "SKILLNAD"
        print(f"{c.table:<{width}}  {c.target_rows:>8} rader  {state}")
    bad = [c for c in checks if not c.ok]
    if bad:
        print(f"Kontrollen misslyckades för {len(bad)} tabeller: " + ", ".join(c.table for c in bad), file=sys.stderr)
        return 1
    print(f"Registret kopierades och kontrollerades: {sum(c.target_rows for c in checks)} rader i {len(checks)} tabeller.")
    return 0


def cmd_extract(args) -> int:
    from ame_desktop.services import exports

    out = Path(args.out)
    if out.suffix.lower() not in exports.EXTRACT_SUFFIXES:  # before signing in (the service checks it too)
        raise UserError(f"Registerutdraget skrivs som .pdf eller .xlsx – inte ”{out.suffix or out.name}”.")
    db = _open(args)
    exports.register_extract(db, out, personnummer=args.personnummer)
    print(f"Registerutdraget skrevs till {out}.")
    return 0


def cmd_gallring(args) -> int:
    from ame_desktop.services import gallring

    db = _open(args)
    with db.reading() as s:
        due = gallring.preview(s)
    if not due:
        print("Ingen ska gallras nu.")
        return 0
    for d in due:
        print(gallring.describe(d))
    if not args.confirm:
        print(f"{len(due)} personer skulle gallras. Kör igen med --confirm för att radera dem.")
        return 0
    with db.transaction() as s:
        record = gallring.run(s, [d.participant_id for d in due])
    print(f"{record.persons_deleted} personer gallrades. Gallringen är loggad (post {record.id}).")
    return 0


def cmd_audit(args) -> int:
    from ame_desktop.services import audit, authz

    db = _open(args)
    with db.reading() as s:
        authz.require_admin(s, "granska loggen")
    if args.action == "review":
        from ame_desktop.services import exports
        from ame_desktop.services.activity_report import parse_month

        year, month = parse_month(args.month or "")
        path = exports.audit_review(db, year, month, Path(args.out) if args.out else None)
        print(f"Logggranskningen för {year}-{month:02d} skrevs till {path}.")
        return 0
    with db.reading() as s:
        # The chain, gallring's pseudonyms, and the anchors outside the register (store.audit_anchor).
        report = audit.verify(s, [Path(f) for f in (args.against or [])])
        problems = report.problems
    if args.action == "verify":
        if problems:
            for p in problems:
                print(p, file=sys.stderr)
            for note in report.notes:
                print(note)
            return 1
        print("Loggen är hel: kedjan av kontrollsummor stämmer.")
        for note in report.notes:
            print(note)
        return 0
    raise UserError(f"Okänd åtgärd {args.action}.")


def cmd_account(args) -> int:
    import getpass
    import os

    from ame_desktop.services import accounts

    db = _open(args)
    if args.action == "list":
        with db.reading() as s:
            for m in accounts.accounts(s):
                locked = " (låst)" if m.locked_until else ""
                print(f"{m.username}\t{m.name}\t{m.role}{locked}")
        return 0
    if args.action == "pg-roles":
        return _pg_roles(db, args)
    if args.action == "add":
        with db.reading() as s:  # the role first: nobody types a password only to be refused
            accounts.require_may_create_account(s)
        password = os.environ.get("AME_NEW_PASSWORD") or getpass.getpass("Lösenord för det nya kontot: ")
        with db.transaction() as s:
            caseworker_id = None
            if args.caseworker:  # a caseworker account (issue 17) is linked to her register entry
                from ame_desktop.services.recipients import find_caseworker

                caseworker_id = find_caseworker(s, args.caseworker).id
            m = accounts.create_account(s, args.name or args.username, args.username, password, args.role,
                                        args.municipality or None, caseworker_id=caseworker_id)
        print(f"Kontot {m.username} ({m.role}) skapades.")
        return 0
    with db.transaction() as s:
        member = next((m for m in accounts.accounts(s) if m.username == args.username), None)
        if member is None:
            raise UserError(f"Det finns inget konto {args.username}.")
        if args.action == "unlock":
            accounts.unlock(s, member.id)
        elif args.action == "windows":  # issue 24: Windows sign-in on one PC
            if args.remove:
                accounts.remove_windows_sign_in(s, member.id)
            elif args.user or args.pc:
                accounts.set_windows_sign_in(s, member.id, args.user, args.pc)
            else:
                accounts.require_may_create_account(s)
            tie = accounts.windows_tie(member)
            print(f"{member.username}: Windows-inloggning {tie}." if tie
                  else f"{member.username}: ingen Windows-inloggning (lösenord krävs).")
            return 0
        elif args.action == "password":
            accounts.require_may_set_password(s, member.id)  # before asking for the password
            password = os.environ.get("AME_NEW_PASSWORD") or getpass.getpass("Nytt lösenord: ")
            accounts.set_password(s, member.id, password)
    print("Klart.")
    return 0


def _pg_roles(db, args) -> int:
    """`account pg-roles`: the SQL that gives every account its own PostgreSQL login role in its
    group (issue 24); printed, written (--sql FILE) or run (--apply, needs CREATEROLE)."""
    from ame_desktop.services import accounts
    from ame_desktop.services.authz import require_admin
    from ame_desktop.store import pg_security

    if db.is_sqlite:
        raise UserError("account pg-roles gäller bara ett register på PostgreSQL (en SQLite-fil har inga databasroller).")
    with db.reading() as s:
        require_admin(s, "skapa databasroller för kontona")
        prefix = pg_security.installed_prefix(s.connection()) or pg_security.role_prefix()
        sql = pg_security.roles_sql(accounts.accounts(s), db.url.database or "", prefix)
    if args.sql:
        from ame_desktop.io.files import atomic_output

        atomic_output(Path(args.sql), [".sql"], lambda tmp: tmp.write_text(sql, encoding="utf-8"), what="SQL-filen")
        print(f"SQL för databasrollerna skrevs till {args.sql}. Kör den med psql som superanvändare "
              "eller en roll med CREATEROLE.")
    if args.apply:
        with db.engine.connect() as conn, conn.begin():
            have = set(conn.exec_driver_sql("SELECT rolname FROM pg_roles").scalars())
            missing = [g for g in pg_security.groups(prefix).values() if g not in have]
            if missing:
                raise UserError(f"Grupprollerna {', '.join(missing)} finns inte på servern. Kör först IT-guidens "
                                "skapa-ame.sql (avsnitt 4) som superanvändare.")
            for stmt in pg_security.split_sql(sql):
                conn.exec_driver_sql(stmt)
        print("Databasrollerna är skapade. Sätt lösenorden med \\password NAMN i psql, eller använd Kerberos.")
    if not args.sql and not args.apply:
        print(sql, end="")
    return 0


def cmd_screenshot(args) -> int:
    from ame_desktop.ui.app import screenshot

    size = (1280, 800)
    if args.size:
        try:
            w, h = (int(x) for x in args.size.lower().split("x"))
            if not (200 <= w <= 8000 and 200 <= h <= 8000):
                raise ValueError
        except ValueError:
            raise UserError(f"--size ska vara BREDDxHÖJD i bildpunkter, t.ex. 1280x800 (inte ”{args.size}”).") from None
        size = (w, h)
    # Sign in like every other command: the window is drawn as that account sees it, and what
    # it shows is recorded under that account's name.
    db = _open(args)
    out = screenshot(args.db, args.view, Path(args.file), size, db=db)
    print(f"Skärmbilden sparades i {out}.")
    return 0


def cmd_kolada_fetch(args) -> int:
    """Fill the Kolada cache for comparisons: from api.kolada.se (or AME_KOLADA_URL), or from a
    saved answer with --from-file. Only KPI ids, municipality codes, years and group ids go out."""
    from ame_desktop.services import kolada_client as kc

    db = _open(args)
    if args.from_file:
        with db.transaction() as s:
            summary = kc.import_response_file(s, args.from_file)
        print(summary.text())
        return 0
    missing = [opt for opt, value in (("--kpi", args.kpi), ("--year", args.year)) if not value]
    if not (args.municipality or args.group):
        missing.append("--municipality eller --group")
    if missing:
        raise UserError("Ange " + ", ".join(missing) + " (eller --from-file FIL). Exempel: ame-desktop "
                        "kolada-fetch --kpi U40455,U40406 --municipality 0860,0000 --year 2024,2025")
    kpis = kc.clean_kpis(args.kpi)
    years = kc.clean_years(args.year)
    groups = [kc.clean_group_id(g) for g in args.group.split(",") if g.strip()] if args.group else []
    with db.reading() as s:
        munis = kc.clean_codes(args.municipality, s) if args.municipality else []
    summary = kc.fetch_to_cache(db, kc.KoladaClient(), kpis, munis, years, group_ids=groups, progress=Progress())
    print(summary.text())
    return 0


# --- parser ---------------------------------------------------------------------------------
class _NotBuilt:
    """A sub-command other than the one asked for: every call on it (add_argument, set_defaults,
    add_subparsers, add_parser …) does nothing. argparse builds a parser per sub-command (forty,
    with gettext look-ups on disk for each text): about half of a short command's own work."""

    def __getattr__(self, _name):
        return lambda *_a, **_k: self


_NOT_BUILT = _NotBuilt()


def _command_of(argv: list[str]) -> str | None:
    """The sub-command named on the command line, when only --db comes before it; "" for none
    (the window); None for --help, --version or a mistake: they get the whole parser."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db":
            i += 2
        elif arg.startswith("--db="):
            i += 1
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return "" if i == len(argv) else None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given the arguments, only the sub-command they name is built
    (an unknown one gets the whole parser, so the error lists them all)."""
    wanted = _command_of(sys.argv[1:] if argv is None else argv)
    if wanted is not None:
        p, built = _build_parser(wanted)
        if built:
            return p
    return _build_parser(None)[0]


def _build_parser(wanted: str | None) -> tuple[argparse.ArgumentParser, bool]:
    p = _Parser(prog="ame-desktop", description="AME Desktop – register och rapporter för arbetsmarknadsenheter.")
    p.add_argument("--version", action="version", version=f"ame-desktop {__version__}")
    p.add_argument("--db", metavar="TARGET", help="SQLite-fil eller SQLAlchemy-URL (annars AME_DB eller standardfilen)")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="KOMMANDO")
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="TARGET", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def add(name: str, func, help: str):
        if wanted is not None and name != wanted:
            return _NOT_BUILT
        sp = sub.add_parser(name, help=help, parents=[common])
        sp.set_defaults(func=func)
        return sp

    add("gui", cmd_gui, "öppna fönstret")
    sp = add("settings", cmd_settings, "visa eller ändra inställningar")
    sp.add_argument("key", nargs="?")
    sp.add_argument("value", nargs="?")
    sp = add("demo", cmd_demo, "fyll databasen med påhittade demodata")
    sp.add_argument("--municipality", metavar="KOD")
    sp.add_argument("--participants", type=int, default=300, metavar="N")
    sp.add_argument("--seed", type=int, default=1, metavar="S")
    sp = add("template", cmd_template, "skriv en tom importmall (.xlsx)")
    sp.add_argument("file", metavar="FILE.xlsx")
    sp = add("import", cmd_import, "importera en arbetsbok; allt eller inget")
    sp.add_argument("file", metavar="FILE.xlsx")
    sp.add_argument("--dry-run", action="store_true", help="visa vad som skulle ändras, spara inget")
    add("stats", cmd_stats, "antal poster som JSON")
    sp = add("check", cmd_check, "kontrollera databasen (eller en säkerhetskopia)")
    sp.add_argument("file", nargs="?", metavar="BACKUP", help="kontrollera denna säkerhetskopia i stället")
    sp = add("backup", cmd_backup, "skriv en säkerhetskopia")
    sp.add_argument("file", metavar="FILE")
    sp = add("restore", cmd_restore, "ersätt databasen med en säkerhetskopia")
    sp.add_argument("file", metavar="FILE")
    sp = add("export", None, "exportera (kolada, af-contacts)")
    export_sub = sp.add_subparsers(dest="what", parser_class=_Parser, metavar="VAD")
    ek = export_sub.add_parser("kolada", help="KAS-nyckeltal i Koladas format (.xlsx, .csv, .json)", parents=[common])
    ek.set_defaults(func=cmd_export_kolada)
    ek.add_argument("--year", type=int, required=True, metavar="ÅÅÅÅ")
    ek.add_argument("--through-month", type=int, metavar="M")
    ek.add_argument("--municipality", metavar="KOD")
    ek.add_argument("--out", required=True, metavar="FILE")
    ea = export_sub.add_parser("af-contacts", help="kontaktloggen med Arbetsförmedlingen (.xlsx, .pdf)",
                               parents=[common])
    ea.set_defaults(func=cmd_export_af_contacts)
    ea.add_argument("--from", dest="date_from", required=True, metavar="ÅÅÅÅ-MM-DD")
    ea.add_argument("--to", dest="date_to", required=True, metavar="ÅÅÅÅ-MM-DD")
    ea.add_argument("--out", required=True, metavar="FILE")
    ea.add_argument("--pseudonymous", action="store_true",
                    help="utan personnummer och namn (för att dela med AF eller nämnden)")
    sp = add("plan", cmd_plan, "skriv ut deltagarens individuella plan (PDF)")
    sp.add_argument("personnummer", metavar="PERSONNUMMER")
    sp.add_argument("--out", required=True, metavar="FILE.pdf")
    sp.add_argument("--version", type=int, metavar="N", help="en tidigare version av planen")
    sp.add_argument("--reason", metavar="SKÄL", help="skäl (till loggen) när personen har skyddade personuppgifter")
    sp = add("report", None, "rapporter (activity)")
    report_sub = sp.add_subparsers(dest="what", parser_class=_Parser, metavar="VAD")
    ra = report_sub.add_parser("activity", help="aktivitetskravet per månad (.json, .xlsx, .pdf)", parents=[common])
    ra.set_defaults(func=cmd_report_activity)
    ra.add_argument("--month", required=True, metavar="ÅÅÅÅ-MM")
    ra.add_argument("--municipality", metavar="KOD")
    ra.add_argument("--out", metavar="FILE")
    from ame_desktop import cli_caseworker

    cli_caseworker.add_recipient_options(ra)
    cli_caseworker.add_report_commands(report_sub, common)
    from ame_desktop import cli_results

    cli_results.add_report_commands(report_sub, common)
    sp = add("migrate-to", cmd_migrate_to, "kopiera en lokal SQLite-databas till en tom PostgreSQL-databas")
    sp.add_argument("url", metavar="URL", help="t.ex. postgresql+psycopg://ame@dbserver/ame")
    sp = add("extract", cmd_extract, "registerutdrag: allt som finns om en person (.pdf, .xlsx)")
    sp.add_argument("personnummer", metavar="PERSONNUMMER")
    sp.add_argument("--out", required=True, metavar="FILE")
    sp.add_argument("--reason", metavar="SKÄL", help="skäl (till loggen) när personen har skyddade personuppgifter")
    sp = add("gallring", cmd_gallring, "visa (och med --confirm radera) personer vars bevarandetid gått ut")
    sp.add_argument("--confirm", action="store_true")
    sp = add("audit", cmd_audit, "kontrollera loggen (verify) eller skriv månadens logggranskning (review)")
    sp.add_argument("action", choices=["verify", "review"])
    sp.add_argument("--month", metavar="ÅÅÅÅ-MM")
    sp.add_argument("--out", metavar="FILE.xlsx")
    sp.add_argument("--against", action="append", metavar="FIL",
                    help="jämför (verify) också med en säkerhetskopia, en logggranskning (.xlsx) eller en ankarfil")
    sp = add("account", cmd_account, "konton: list, add, unlock, password, windows, pg-roles (databasroller)")
    sp.add_argument("action", choices=["list", "add", "unlock", "password", "windows", "pg-roles"])
    sp.add_argument("--sql", metavar="FILE.sql", help="pg-roles: skriv SQL:en till en fil")
    sp.add_argument("--apply", action="store_true", help="pg-roles: kör SQL:en direkt (rollen behöver CREATEROLE)")
    sp.add_argument("username", nargs="?")
    sp.add_argument("--name")
    sp.add_argument("--role", default="handledare",
                    choices=["administratör", "handledare", "läsbehörig", "handläggare ekonomiskt bistånd"])
    sp.add_argument("--caseworker", metavar="NAMN", help="handläggaren ett handläggarkonto kopplas till")
    sp.add_argument("--municipality", action="append", metavar="KOD")
    sp.add_argument("--user", metavar="DOMÄN\\namn", help="windows: Windows-kontot som kontot kopplas till")
    sp.add_argument("--pc", metavar="DATORNAMN", help="windows: datorn där kopplingen gäller")
    sp.add_argument("--remove", action="store_true", help="windows: ta bort kopplingen")
    sp = add("screenshot", cmd_screenshot, "rita en vy av fönstret till en PNG-fil")
    sp.add_argument("view", metavar="VIEW", help="participants, participant, attendance, steps, af-contacts, export, compare, settings")
    sp.add_argument("file", metavar="FILE.png")
    sp.add_argument("--size", metavar="WxH")
    sp.add_argument("--reason", metavar="SKÄL", help="skäl (till loggen) när vyn visar en person med skyddade "
                                                       "personuppgifter (vyerna protected, protected-mark)")
    sp = add("kolada-fetch", cmd_kolada_fetch, "hämta Kolada-värden för jämförelser (eller läs in en sparad fil)")
    sp.add_argument("--kpi", metavar="ID[,ID…]")
    sp.add_argument("--municipality", metavar="KOD[,KOD…]")
    sp.add_argument("--year", metavar="ÅÅÅÅ[,ÅÅÅÅ…]")
    sp.add_argument("--group", metavar="GRUPP-ID", help="hämta också en kommungrupp och dess medlemmars värden")
    sp.add_argument("--from-file", metavar="FIL", help="läs in ett sparat svar från Koladas API (.json)")
    for extra in _EXTRA_COMMANDS:
        extra(sub, add)
    return p, wanted is None or wanted == "" or wanted in sub.choices


# Later features register their sub-commands here: fn(subparsers, add) -> None.
_EXTRA_COMMANDS: list = []


def _caseworker_commands(sub, add) -> None:
    from ame_desktop import cli_caseworker

    cli_caseworker.add_commands(sub, add)


_EXTRA_COMMANDS.append(_caseworker_commands)


def _results_commands(sub, add) -> None:
    from ame_desktop import cli_results

    cli_results.add_commands(sub, add)


_EXTRA_COMMANDS.append(_results_commands)


def _capacity_commands(sub, add) -> None:  # issue 23: groups, workplaces, book, place, underscheduled, capacity
    from ame_desktop import cli_capacity

    cli_capacity.add_commands(sub, add)


_EXTRA_COMMANDS.append(_capacity_commands)


def _consent_commands(sub, add) -> None:
    from ame_desktop import cli_consent

    cli_consent.add_commands(sub, add)


_EXTRA_COMMANDS.append(_consent_commands)


def _protected_commands(sub, add) -> None:
    from ame_desktop import cli_protected

    cli_protected.add_commands(sub, add)


_EXTRA_COMMANDS.append(_protected_commands)


def _console_never_fails() -> None:
    """A redirected Windows console (Task Scheduler, `> logg.txt`) is cp1252: a name such as
    "Łukasz" in a message must come out as "?ukasz", not end the command with exit 1."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that is closed or not a text file
                pass


def _database_refusal(exc: Exception):
    """A database server's refusal that has a Swedish message (store.database), else None."""
    from sqlalchemy.exc import DBAPIError

    from ame_desktop.store.database import translate_db_error

    if not isinstance(exc, DBAPIError):
        return None
    err = translate_db_error(exc)
    return None if err.message.startswith("Databasfel") else err


def main(argv: list[str] | None = None) -> int:
    _console_never_fails()
    log_path = config.setup_logging()
    try:
        args = build_parser(argv).parse_args(argv)
        if getattr(args, "func", None) is None:
            if args.command in ("export", "report"):
                raise CliUsageError(f"Ange vad som ska tas fram, t.ex. ame-desktop {args.command} "
                                    + ("kolada" if args.command == "export" else "activity") + " …")
            args.func = cmd_gui
        return int(args.func(args) or 0)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_status
    except AmeError as exc:
        log.error("%s: %s", type(exc).__name__, exc.message)
        print(f"{exc.message} (logg: {log_path})", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line for the user, the traceback in the log
        known = _database_refusal(exc)
        if known is not None:  # a refusal by the server (e.g. a role without rights, issue 24)
            log.error("%s: %s", type(known).__name__, known.message)
            print(f"{known.message} (logg: {log_path})", file=sys.stderr)
            return known.exit_status
        log.exception("unexpected error in command")
        print(f"Ett oväntat fel inträffade ({type(exc).__name__}). Detaljer finns i loggfilen {log_path}.",
              file=sys.stderr)
        return 1
    finally:  # the command is done: anchor the audit log's head outside the register
        from ame_desktop.store import audit_anchor

        audit_anchor.flush()


if __name__ == "__main__":
    raise SystemExit(main())
