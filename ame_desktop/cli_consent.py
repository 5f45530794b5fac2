"""Command-line entries of issue 24's consent register: `consent list|give|withdraw`.
Argument parsing and output only; services/consent.py does the work."""

from __future__ import annotations

import json
from datetime import date

OPTIONS = {"purpose": "--purpose", "consent_date": "--date", "method": "--how", "note": "--note"}

def cmd_consent(args) -> int:
    from ame_desktop.cli_common import date_arg as _date_arg
    from ame_desktop.cli_common import open_register as _open
    from ame_desktop.domain.errors import UserError
    from ame_desktop.services import consent
    from ame_desktop.services.participants import find_participant

    db = _open(args)
    on = _date_arg(args.date, "--date") if args.date else date.today()
    if args.action == "list":
        with db.transaction() as s:  # listing a person's consents is a recorded read
            data = consent.person_consents(s, args.personnummer, on)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        print(f"Samtycken den {data['date']}:")
        for code, st in data["current"].items():
            print(f"  {code:<5}{st['label']}: {st['text']}")
        if data["history"]:
            print("Historik (senaste först):")
        for e in data["history"]:
            how = {"SKRIFTLIGT": "skriftligt", "MUNTLIGT": "muntligt"}.get(e["method"], "okänt hur")
            kind = "lämnat" if e["action"] == "LAMNAT" else "återkallat"
            note = f" – {e['note']}" if e["note"] else ""
            print(f"  {e['date']}  {e['purpose']:<5}{kind}, {how} (registrerat av {e['registered_by']}){note}")
        return 0
    if not args.purpose:
        raise UserError("Ange ändamålet med --purpose: af, fk, vard, sus eller foto.")
    if not args.how:
        raise UserError("Ange hur samtycket lämnades eller återkallades med --how skriftligt eller --how muntligt.")
    from ame_desktop.domain.errors import ValidationError

    with db.transaction() as s:
        pid = find_participant(s, args.personnummer).id
        fn = consent.give if args.action == "give" else consent.withdraw
        try:
            c = fn(s, pid, args.purpose, on, args.how, args.note)
        except ValidationError as exc:  # name the option, not the field
            raise UserError("\n".join(f"{OPTIONS.get(e.field, e.field)}: {e.message}" for e in exc.errors)) from None
        kind = "lämnat" if args.action == "give" else "återkallat"
        print(f"Samtycket för {c.purpose} registrerades som {kind} {c.consent_date.isoformat()} "
              f"({c.method.lower()}).")
    return 0


def add_commands(sub, add) -> None:
    sp = add("consent", cmd_consent, "samtycken: list, give (lämnat), withdraw (återkallat)")
    sp.add_argument("action", choices=["list", "give", "withdraw"])
    sp.add_argument("personnummer", metavar="PERSONNUMMER")
    sp.add_argument("--purpose", metavar="ÄNDAMÅL", help="af, fk, vard, sus eller foto")
    sp.add_argument("--date", metavar="ÅÅÅÅ-MM-DD",
                    help="dagen samtycket lämnades/återkallades (list: läget den dagen); standard i dag")
    sp.add_argument("--how", metavar="SÄTT", help="skriftligt eller muntligt")
    sp.add_argument("--note", metavar="TEXT", help="anteckning, t.ex. var blanketten finns")
    sp.add_argument("--json", action="store_true", help="list: skriv ut som JSON")
    sp.add_argument("--reason", metavar="SKÄL",
                    help="list: skäl (till loggen) när personen har skyddade personuppgifter")
