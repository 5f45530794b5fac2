"""`protect`: the mark for protected identity (issue 24). Argument parsing and output only;
services/protected_identity.py does the work and holds the rules."""

from __future__ import annotations

from datetime import date

from ame_desktop.domain.errors import UserError

KIND_ARGS = {"sekretess": "SEKRETESS", "skyddad-folkbokforing": "SKYDDAD_FOLKBOKFORING",
             "kvarskrivning": "KVARSKRIVNING"}


def cmd_protect(args) -> int:
    from ame_desktop.cli_common import date_arg as _date_arg
    from ame_desktop.cli_common import open_register as _open
    from ame_desktop.services import protected_identity as pi
    from ame_desktop.services.participants import find_participant

    db = _open(args)
    if args.remove:
        if args.kind or args.staff or args.date_from:
            raise UserError("--remove tar inga andra val (--kind, --staff, --from).")
        with db.transaction() as s:
            p = find_participant(s, args.personnummer)
            pi.remove_mark(s, p.id)
        print("Markeringen för skyddade personuppgifter togs bort.")
        return 0
    if not args.kind:
        with db.reading() as s:
            p = find_participant(s, args.personnummer)
            mark = pi.get_mark(s, p.id)
        if mark is None:
            print("Personen har ingen markering för skyddade personuppgifter.")
        else:
            print(f"{mark.kind_label} från {mark.marked_on.isoformat()}, registrerad av {mark.registered_by}. "
                  f"Pseudonym i exporter: {mark.pseudonym}. Ser kontaktuppgifterna: "
                  + (", ".join(n for _i, n in mark.staff) or "ingen"))
        return 0
    marked_on = _date_arg(args.date_from, "--from") if args.date_from else date.today()
    with db.transaction() as s:
        p = find_participant(s, args.personnummer)
        staff = pi.find_staff(s, args.staff or [])
        mark = pi.set_mark(s, p.id, KIND_ARGS[args.kind], marked_on, staff)
    print(f"{mark.kind_label} från {mark.marked_on.isoformat()} registrerades. Kontaktuppgifterna visas bara för: "
          + (", ".join(n for _i, n in mark.staff) or "ingen (en administratör kan namnge personal)") + ".")
    return 0


def add_commands(sub, add) -> None:
    sp = add("protect", cmd_protect, "skyddade personuppgifter: markera, ändra (--staff), visa eller ta bort (--remove)")
    sp.add_argument("personnummer", metavar="PERSONNUMMER")
    sp.add_argument("--kind", choices=sorted(KIND_ARGS), help="sekretess, skyddad-folkbokforing eller kvarskrivning "
                                                              "(utan --kind visas markeringen)")
    sp.add_argument("--from", dest="date_from", metavar="ÅÅÅÅ-MM-DD", help="markeringen gäller från (annars i dag)")
    sp.add_argument("--staff", action="append", metavar="NAMN",
                    help="personal som får se kontaktuppgifterna (namn eller användarnamn; flera gånger för flera)")
    sp.add_argument("--remove", action="store_true", help="ta bort markeringen (administratör)")
