"""Command-line entries of issue 20 (results that last): `import-eb`, `report results` and
`followups`. Argument parsing and output only; the services do the work."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path



def _open(args):
    from ame_desktop.cli_common import open_register

    return open_register(args)


def _date(text: str, name: str) -> date:
    from ame_desktop.cli_common import date_arg as _date_arg

    return _date_arg(text, name)


def cmd_import_eb(args) -> int:
    from ame_desktop.cli_common import Progress
    from ame_desktop.services.eb_import import EbImportFailed, import_extract

    db = _open(args)
    progress = Progress()
    try:
        result = import_extract(db, args.file, progress=progress)
    except EbImportFailed as exc:
        for w in exc.warnings:
            print("Varning: " + w, file=sys.stderr)
        raise
    for w in result.warnings:
        print("Varning: " + w, file=sys.stderr)
    print(f"Utdraget {result.file} är importerat.")
    for line in result.summary_lines():
        print(line)
    return 0


def cmd_report_results(args) -> int:
    from ame_desktop.services import exports

    start, end = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    out = Path(args.out)
    db = _open(args)
    report = exports.results(db, start, end, out, municipality=args.municipality)
    print(f"Resultatrapporten för avslut {start.isoformat()}–{end.isoformat()} ({len(report.rows)} avslut) "
          f"skrevs till {out}.")
    return 0


def cmd_followups(args) -> int:
    from ame_desktop.services import exports

    today = date.today()
    due_by = _date(args.due_by, "--due-by") if args.due_by else today
    db = _open(args)
    data = exports.followups_json(db, due_by, today, municipality=args.municipality)
    print(json.dumps(data, ensure_ascii=False, indent=1))
    return 0


def add_report_commands(report_sub, common) -> None:
    rr = report_sub.add_parser("results", help="resultat efter avslut för avslut i perioden (.json, .xlsx, .pdf)",
                               parents=[common])
    rr.set_defaults(func=cmd_report_results)
    rr.add_argument("--from", dest="date_from", required=True, metavar="ÅÅÅÅ-MM-DD")
    rr.add_argument("--to", dest="date_to", required=True, metavar="ÅÅÅÅ-MM-DD")
    rr.add_argument("--municipality", metavar="KOD")
    rr.add_argument("--out", required=True, metavar="FILE")


def add_commands(sub, add) -> None:
    sp = add("import-eb", cmd_import_eb, "importera ett månadsutdrag från systemet för ekonomiskt bistånd "
                                         "(.xlsx, .csv); allt eller inget")
    sp.add_argument("file", metavar="FILE")
    sp = add("followups", cmd_followups, "uppföljningar efter avslut som ska göras (JSON)")
    sp.add_argument("--due-by", dest="due_by", metavar="ÅÅÅÅ-MM-DD", help="som infaller senast detta datum "
                                                                        "(standard: i dag)")
    sp.add_argument("--municipality", metavar="KOD")
