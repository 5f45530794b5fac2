"""Command-line entries of issue 17 (what reaches the caseworker): `report activity` per
recipient, `report eb-list`, `report quarter`, `notices`, and the delivery record
(`delivery …`). Argument parsing and output only; the services do the work."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ame_desktop.domain.errors import UserError


def _open(args):
    from ame_desktop.cli_common import open_register

    return open_register(args)


def _progress():
    from ame_desktop.cli_common import Progress

    return Progress()


# --- report activity, per recipient ----------------------------------------------------------
def add_recipient_options(ra) -> None:
    g = ra.add_mutually_exclusive_group()
    g.add_argument("--personnummer", metavar="P", help="rapporten för en person")
    g.add_argument("--handlaggare", metavar="NAMN", help="rapporten för en handläggares klienter")
    g.add_argument("--per-handlaggare", metavar="MAPP", dest="per_handlaggare",
                   help="en fil per handläggare i MAPP (namngiven efter handläggaren)")
    ra.add_argument("--format", choices=["pdf", "xlsx", "json"],
                    help="filformat med --per-handlaggare (annars --out:s filändelse, annars pdf)")
    ra.add_argument("--reason", metavar="SKÄL",
                    help="med --personnummer: skäl (till loggen) när personen har skyddade personuppgifter")


def report_activity_per_recipient(args) -> int | None:
    """Handle the recipient options of `report activity`; None = no such option given."""
    from ame_desktop.services import exports, recipients

    if not (args.personnummer or args.handlaggare or args.per_handlaggare):
        if not args.out:
            raise UserError("Ange --out FIL (eller --per-handlaggare MAPP).")
        return None
    from ame_desktop.services.activity_report import parse_month

    year, month = parse_month(args.month)
    db = _open(args)
    if args.per_handlaggare:
        fmt = args.format or (Path(args.out).suffix.lower().lstrip(".") if args.out else "") or "pdf"
        if fmt not in ("pdf", "xlsx", "json"):
            raise UserError(f"Rapporterna kan skrivas som pdf, xlsx eller json – inte ”{fmt}”.")
        progress = _progress()
        result = exports.activity_reports_per_caseworker(
            db, year, month, Path(args.per_handlaggare), fmt, municipality=args.municipality,
            progress=lambda done, total: progress("Skriver rapporterna…", done / max(total, 1)),
            workers=recipients.default_workers())
        for f in result.files:
            print(f"{f.path.name}: {f.persons} personer")
        print(f"{len(result.files)} rapporter för {args.month} skrevs till {args.per_handlaggare}.")
        if result.without_caseworker:
            print(f"Obs: {result.without_caseworker} personer har ingen handläggare på kravperioden och finns inte i "
                  "någon fil (ta fram deras rapport med --personnummer).", file=sys.stderr)
        return 0
    if not args.out:
        raise UserError("Ange --out FIL.")
    report = exports.activity_report_for_recipient(db, year, month, Path(args.out), municipality=args.municipality,
                                                   personnummer=args.personnummer, caseworker=args.handlaggare)
    print(f"Aktivitetsrapporten för {args.month} ({len(report.participants)} personer) skrevs till {args.out}.")
    return 0


# --- report eb-list / quarter ----------------------------------------------------------------
def cmd_eb_list(args) -> int:
    from ame_desktop.services import exports
    from ame_desktop.services.activity_report import parse_month

    year, month = parse_month(args.month)
    db = _open(args)
    result = exports.eb_list(db, year, month, Path(args.out), municipality=args.municipality)
    persons = len({r.participant_id for r in result.rows})
    print(f"Månadslistan för {result.label} ({persons} personer) skrevs till {args.out}.")
    return 0


def cmd_quarter(args) -> int:
    from ame_desktop.services import exports

    db = _open(args)
    result = exports.quarter(db, args.year, args.quarter, Path(args.out), municipality=args.municipality)
    print(f"Kvartalsuppföljningen för {result.label} skrevs till {args.out}.")
    return 0


def add_report_commands(report_sub, common) -> None:
    rb = report_sub.add_parser("eb-list", parents=[common],
                               help="nämndens månadslista: deltagande i kommunala arbetsmarknadsinsatser (.xlsx, .csv)")
    rb.set_defaults(func=cmd_eb_list)
    rb.add_argument("--month", required=True, metavar="ÅÅÅÅ-MM")
    rb.add_argument("--municipality", metavar="KOD")
    rb.add_argument("--out", required=True, metavar="FILE")
    rq = report_sub.add_parser("quarter", parents=[common],
                               help="kvartalsuppföljning för nämnden och IVO (.xlsx, .pdf)")
    rq.set_defaults(func=cmd_quarter)
    rq.add_argument("--year", type=int, required=True, metavar="ÅÅÅÅ")
    rq.add_argument("--quarter", type=int, required=True, metavar="Q", choices=[1, 2, 3, 4])
    rq.add_argument("--municipality", metavar="KOD")
    rq.add_argument("--out", required=True, metavar="FILE")


# --- notices ---------------------------------------------------------------------------------
def cmd_notices(args) -> int:
    from ame_desktop.domain.dates import parse_date
    from ame_desktop.services import notices

    db = _open(args)
    today = None
    if args.date:
        try:
            today = parse_date(args.date)
        except ValueError as exc:
            raise UserError(f"--date: {exc}") from None
    with db.reading() as s:
        pending = notices.pending_notices(s)
    if args.out:
        from ame_desktop.services import exports

        exports.notices(db, pending, Path(args.out), today=today)
        print(f"{len(pending)} underrättelser skrevs till {args.out}.", file=sys.stderr)
    else:
        from ame_desktop.services import exports

        print(json.dumps(exports.notices_json(db, pending), ensure_ascii=False, indent=1))
    if args.mark_sent:
        with db.transaction() as s:
            n = notices.mark_sent(s, pending, channel=args.channel, sent_on=today)
        print(f"{n} underrättelser markerades som skickade ({args.channel}).", file=sys.stderr)
    return 0


# --- the delivery record ---------------------------------------------------------------------
def cmd_delivery(args) -> int:
    from ame_desktop.domain.dates import parse_date
    from ame_desktop.services import delivery

    db = _open(args)
    if args.action == "list":
        with db.reading() as s:
            rows = delivery.list_deliveries(s, month=args.month, with_status=True)
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    if args.action == "deliver":
        from ame_desktop.services.activity_report import parse_month

        if not (args.month and args.handlaggare and args.out):
            raise UserError("Ange --month ÅÅÅÅ-MM, --handlaggare NAMN och --out FIL.pdf.")
        year, month = parse_month(args.month)
        on = parse_date(args.date) if args.date else None
        with db.transaction() as s:
            d = delivery.deliver(s, year, month, Path(args.out), caseworker=args.handlaggare, channel=args.channel,
                                 delivered_on=on, municipality=args.municipality)
        print(f"Rapporten lämnades till {d.recipient} ({d.channel}); leverans {d.id}, kontrollsumma "
              f"{d.content_hash[:16]}. PDF: {args.out}")
        return 0
    if args.id is None:
        raise UserError("Ange leveransens nummer med --id N.")
    if args.action == "reprint":
        if not args.out:
            raise UserError("Ange --out FIL.pdf.")
        with db.transaction() as s:
            path = delivery.reprint(s, args.id, Path(args.out))
        print(f"Leverans {args.id} skrevs ut på nytt till {path} (samma innehåll som då).")
        return 0
    if args.action == "open":  # the caseworker account opens a report delivered to her
        if not args.out:
            raise UserError("Ange --out FIL.pdf.")
        with db.transaction() as s:
            path = delivery.open_delivery(s, args.id, Path(args.out))
        print(f"Leverans {args.id} skrevs till {path}.")
        return 0
    if args.action == "acknowledge":  # … and acknowledges (kvitterar) it
        with db.transaction() as s:
            d = delivery.acknowledge(s, args.id, note=args.note)
        print(f"Leverans {d.id} är kvitterad.")
        return 0
    if args.action == "receipt":
        with db.transaction() as s:
            d = delivery.record_receipt(s, args.id, note=args.note)
        print(f"Kvittens registrerad för leverans {d.id} ({d.receipt_method}).")
        return 0
    if args.action == "correction":
        if not args.out:
            raise UserError("Ange --out FIL.pdf.")
        with db.reading() as s:
            corr = delivery.correction(s, args.id)
        from ame_desktop.services import exports

        exports.correction(db, corr, Path(args.out))
        print(f"Rättelsen för leverans {args.id} ({len(corr.changed)} ändrade personer) skrevs till {args.out}.")
        return 0
    raise UserError(f"Okänd åtgärd {args.action}.")


# --- the participant's own copy ------------------------------------------------------------------
def _person_ids(db, numbers: list[str] | None) -> list[int] | None:
    if not numbers:
        return None
    from ame_desktop.services.participants import find_participant

    with db.reading() as s:
        return [find_participant(s, n).id for n in numbers]


def cmd_certificate(args) -> int:
    from ame_desktop.services import exports
    from ame_desktop.services.activity_report import parse_month

    year, month = parse_month(args.month)
    db = _open(args)
    ids = _person_ids(db, args.personnummer)
    left_out = 0
    if ids is None:  # everyone with a requirement: protected identity only when chosen (issue 24)
        from ame_desktop.services import protected_identity
        from ame_desktop.services.participant_copy import certificates

        with db.reading() as s:
            ids, left_out = protected_identity.leave_out(
                s, [p.participant_id for p in certificates(s, year, month).participants], args.include_protected)
    n = exports.certificates(db, year, month, Path(args.out), ids)
    print(f"Närvarointyg för {args.month} ({n} personer) skrevs till {args.out}.")
    _say_left_out(left_out)
    return 0


def _say_left_out(n: int) -> None:
    if n:
        from ame_desktop.domain.words import count

        print(f"{count(n, 'person', 'personer')} med skyddade personuppgifter togs inte med "
              "(ta med dem med --include-protected och --reason).")


def cmd_week_schedule(args) -> int:
    from ame_desktop.services import exports

    db = _open(args)
    ids = _person_ids(db, args.personnummer)
    if ids is None:
        from ame_desktop.services.activity_report import parse_month
        from ame_desktop.services.participant_copy import certificates

        if not args.month:
            raise UserError("Ange --personnummer P (en eller flera) eller --month ÅÅÅÅ-MM (alla med krav då).")
        from ame_desktop.services import protected_identity

        with db.reading() as s:
            ids = [p.participant_id for p in certificates(s, *parse_month(args.month)).participants]
            ids, left_out = protected_identity.leave_out(s, ids, args.include_protected)
    else:
        left_out = 0
    n = exports.week_schedules(db, ids, Path(args.out))
    print(f"Veckoscheman ({n} personer) skrevs till {args.out}.")
    _say_left_out(left_out)
    return 0


def _protected_options(sp) -> None:
    sp.add_argument("--include-protected", action="store_true",
                    help="utan --personnummer: ta med personer med skyddade personuppgifter (kräver --reason)")
    sp.add_argument("--reason", metavar="SKÄL", help="skäl (till loggen) för personer med skyddade personuppgifter")


def add_commands(sub, add) -> None:
    sp = add("certificate", cmd_certificate, "deltagarens närvarointyg för en månad (PDF; en eller alla med krav)")
    sp.add_argument("--month", required=True, metavar="ÅÅÅÅ-MM")
    sp.add_argument("--personnummer", action="append", metavar="P", help="en person (flera gånger för flera)")
    sp.add_argument("--out", required=True, metavar="FILE.pdf")
    _protected_options(sp)
    sp = add("week-schedule", cmd_week_schedule, "deltagarens veckoschema att skriva ut (PDF)")
    sp.add_argument("--personnummer", action="append", metavar="P", help="en person (flera gånger för flera)")
    sp.add_argument("--month", metavar="ÅÅÅÅ-MM", help="utan --personnummer: alla med aktivitetskrav den månaden")
    sp.add_argument("--out", required=True, metavar="FILE.pdf")
    _protected_options(sp)
    sp = add("notices", cmd_notices, "frånvaro att underrätta handläggaren om (JSON, eller .pdf/.xlsx)")
    sp.add_argument("--mark-sent", action="store_true", help="markera dem som skickade")
    sp.add_argument("--out", metavar="FILE")
    sp.add_argument("--channel", default="e-post", choices=["e-post", "utskrift", "säker e-post", "annat"])
    sp.add_argument("--date", metavar="ÅÅÅÅ-MM-DD", help="skickat den dagen (annars i dag)")
    sp = add("delivery", cmd_delivery, "leveranser till handläggare: list, deliver, reprint, receipt, correction; "
                                       "för ett handläggarkonto: list, open, acknowledge")
    sp.add_argument("action", choices=["list", "deliver", "reprint", "receipt", "correction", "open", "acknowledge"])
    sp.add_argument("--id", type=int, metavar="N")
    sp.add_argument("--month", metavar="ÅÅÅÅ-MM")
    sp.add_argument("--handlaggare", metavar="NAMN")
    sp.add_argument("--municipality", metavar="KOD", help="handläggarens kommun (när två har samma namn)")
    sp.add_argument("--channel", default="e-post", choices=["e-post", "utskrift", "säker e-post", "annat"])
    sp.add_argument("--date", metavar="ÅÅÅÅ-MM-DD")
    sp.add_argument("--note", metavar="TEXT")
    sp.add_argument("--out", metavar="FILE")
