"""Command-line entries of issue 23 (places for everyone): `groups`, `workplaces`, `book`,
`place`, `underscheduled` and `capacity`. Argument parsing and output only; the services
(services/capacity.py, services/capacity_view.py) do the work."""

from __future__ import annotations

import argparse
from pathlib import Path

from ame_desktop.domain.errors import UserError


def _open(args):
    from ame_desktop.cli_common import open_register

    return open_register(args)


def _date(text, name: str):
    if text is None:
        return None
    from ame_desktop.cli_common import date_arg as _date_arg

    return _date_arg(text, name)


def _group(s, name: str):
    from ame_desktop.services import capacity as cap

    g = cap.find_group(s, name)
    if g is None:
        raise UserError(f"Det finns ingen grupp som heter ”{name}”. Se: groups list")
    return g


def _workplace(s, name: str, municipality: str | None = None):
    from ame_desktop.services import capacity as cap

    w = cap.find_workplace(s, name, municipality)
    if w is None:
        raise UserError(f"Det finns ingen (entydig) arbetsplats som heter ”{name}”. Se: workplaces list "
                        "(ange --municipality om flera kommuner har samma namn)")
    return w


def _places(n: int) -> str:
    return f"{n} plats" if n == 1 else f"{n} platser"


def _h(x: float) -> str:
    return f"{x:g}".replace(".", ",")


# -- groups -----------------------------------------------------------------------------------------
def cmd_groups(args) -> int:
    from ame_desktop.services import capacity as cap

    db = _open(args)
    action = args.action
    if action == "list":
        week = _date(args.week_date, "--date") if args.week_date else None
        with db.reading() as s:
            groups = cap.list_groups(s, municipality=args.municipality, on=week, include_inactive=args.all)
        if not groups:
            print("Inga grupper.")
        for g in groups:
            staff = f", ansvarig {g.staff_name}" if g.staff_name else ""
            place = f", {g.place_text}" if g.place_text else ""
            print(f"{g.name} (kategori {g.category}, kommun {g.municipality_code}): {g.weekday_text} {g.time_text}"
                  f"{place}{staff} – {_places(g.places)}, {g.booked} bokade, {g.free} lediga, {g.waiting} i kö"
                  + ("" if g.active else " [inaktiv]"))
        return 0
    if action == "add":
        data = cap.GroupInput(args.name, args.category, args.weekdays, args.start, args.end, args.places,
                              municipality=args.municipality, room=args.room, address=args.address, staff=args.staff,
                              valid_from=_date(args.date_from, "--from"), valid_to=_date(args.date_to, "--to"))
        with db.transaction() as s:
            g = cap.create_group(s, data)
            name, places = g.name, g.places
        print(f"Gruppen {name} med {_places(places)} är sparad.")
        return 0
    if args.group is None:
        raise UserError(f"groups {action} behöver gruppens namn.")
    if action == "sessions":
        first, last = _date(args.date_from, "--from"), _date(args.date_to, "--to")
        if args.create:
            if first is None or last is None:
                raise UserError("groups sessions --create behöver --from och --to.")
            with db.transaction() as s:
                result = cap.generate_sessions(s, _group(s, args.group).id, first, last)
            print(f"{len(result.created)} tillfällen skapades.")
            for d, why in result.skipped:
                print(f"  {d.isoformat()} hoppades över: {why}")
            return 0
        with db.reading() as s:
            sessions = cap.list_sessions(s, _group(s, args.group).id, first, last)
        if not sessions:
            print("Inga tillfällen (skapa dem med --create --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD).")
        for x in sessions:
            state = f"INSTÄLLT: {x.cancel_reason}" if x.cancelled else f"{x.booked} bokade"
            print(f"{x.day.isoformat()} {x.start_time.strftime('%H:%M')}–{x.end_time.strftime('%H:%M')}  {state}")
        return 0
    if action in ("cancel-session", "restore-session"):
        day = _date(args.session_date, "--date")
        if day is None:
            raise UserError(f"groups {action} behöver --date ÅÅÅÅ-MM-DD.")
        with db.transaction() as s:
            g = _group(s, args.group)
            match = [x for x in cap.list_sessions(s, g.id, day, day)]
            if not match:
                raise UserError(f"Gruppen {g.name} har inget tillfälle {day.isoformat()}.")
            if action == "restore-session":
                n = cap.restore_session(s, match[0].id)
                print(f"Tillfället {day.isoformat()} i {g.name} är återställt; {n} inställda timmar togs bort "
                      "ur närvaron.")
                return 0
            if not args.reason:
                raise UserError("groups cancel-session behöver --reason (varför enheten ställer in).")
            result = cap.cancel_session(s, match[0].id, args.reason)
            name = g.name
        print(f"Tillfället {day.isoformat()} i {name} är inställt: {result.marked} bokade fick det som INSTALLD "
              "(inställt av enheten) i närvaron.")
        if result.already_registered:
            print(f"{result.already_registered} hade redan timmar registrerade den dagen; de lämnades orörda.")
        return 0
    if action == "members":
        on = _date(args.session_date, "--date")
        with db.reading() as s:
            members = cap.group_members(s, _group(s, args.group).id, on=on)
            from ame_desktop.services import protected_identity

            kept, left = protected_identity.leave_out(s, [m.participant_id for m in members])
        kept_set = set(kept)
        for m in members:
            if m.participant_id not in kept_set:
                continue
            until = m.end_date.isoformat() if m.end_date else "tills vidare"
            print(f"{m.personnummer}  {m.name}  {m.start_date.isoformat()} – {until}  {m.status_text}")
        if left:
            print(f"{left} personer med skyddade personuppgifter visas inte.")
        if not members:
            print("Inga bokningar.")
        return 0
    raise UserError(f"Okänd åtgärd ”{action}”.")  # pragma: no cover - argparse choices


# -- workplaces -------------------------------------------------------------------------------------
def cmd_workplaces(args) -> int:
    from ame_desktop.services import capacity as cap

    db = _open(args)
    if args.action == "list":
        on = _date(args.on_date, "--date")
        with db.reading() as s:
            places = cap.list_workplaces(s, on=on, municipality=args.municipality, only_open=args.open)
        if not places:
            print("Inga arbetsplatser." if not args.open else "Inga arbetsplatser med lediga platser.")
        for w in places:
            agreement = ""
            if w.agreement_from or w.agreement_to:
                agreement = (f", avtal {w.agreement_from.isoformat() if w.agreement_from else '…'} – "
                             f"{w.agreement_to.isoformat() if w.agreement_to else 'tills vidare'}")
            insurance = ", försäkring noterad" if w.insurance_noted else ", försäkring ej noterad"
            supervisor = f", handledare {w.supervisor}" if w.supervisor else ""
            print(f"{w.name} ({w.sector_label}, kommun {w.municipality_code}){agreement}{insurance}{supervisor} – "
                  f"{_places(w.places)}, {w.placed} placerade, {w.open_places} lediga")
        return 0
    data = cap.WorkplaceInput(args.name, args.sector, municipality=args.municipality, address=args.address,
                              contact_person=args.contact, contact_phone=args.phone,
                              agreement_from=_date(args.date_from, "--agreement-from"),
                              agreement_to=_date(args.date_to, "--agreement-to"), insurance_noted=args.insurance,
                              supervisor=args.supervisor, supervisor_phone=args.supervisor_phone, places=args.places)
    with db.transaction() as s:
        w = cap.create_workplace(s, data)
        name, places = w.name, w.places
    print(f"Arbetsplatsen {name} med {_places(places)} är sparad.")
    return 0


# -- booking and placing ----------------------------------------------------------------------------
def cmd_book(args) -> int:
    from ame_desktop.services import capacity as cap
    from ame_desktop.services.participants import find_participant

    db = _open(args)
    start = _date(args.date_from, "--from")
    end = _date(args.date_to, "--to")
    with db.transaction() as s:
        p = find_participant(s, args.personnummer)
        g = _group(s, args.group)
        result = cap.book(s, p.id, g.id, start, end, waiting_list=not args.no_waiting_list)
        name = g.name
    if result.waiting:
        print(f"Gruppen {name} är fullbokad: bokningen står på väntelistan (plats {result.position} i kön) "
              f"sedan {result.booking.waiting_since.isoformat()}.")
    else:
        print(f"Bokad i {name} från {start.isoformat()}.")
    return 0


def cmd_place(args) -> int:
    from ame_desktop.services import capacity as cap
    from ame_desktop.services.participants import find_participant

    db = _open(args)
    start = _date(args.date_from, "--from")
    end = _date(args.date_to, "--to")
    with db.transaction() as s:
        p = find_participant(s, args.personnummer)
        w = _workplace(s, args.workplace, args.municipality)
        cap.add_placement(s, p.id, w.id, start, end, args.hours)
        name = w.name
    print(f"Placerad på {name} från {start.isoformat()}, {_h(float(args.hours.replace(',', '.')))} timmar/vecka.")
    return 0


# -- the under-scheduled list and the capacity view -------------------------------------------------
def cmd_underscheduled(args) -> int:
    from ame_desktop.services import capacity_view as cv

    period = cv.parse_period(args.week, args.month)
    db = _open(args)
    with db.reading() as s:
        result = cv.underscheduled(s, period, args.municipality)
    if args.out:
        out = Path(args.out)
        cv.write_underscheduled(db, result, out, include_protected=args.include_protected)
        print(f"{len(result.rows)} personer med planeringsglapp {period.label} skrevs till {out}.")
        return 0
    print(f"Underschemalagda {period.label} ({period.first.isoformat()} – {period.last.isoformat()}): "
          f"{len(result.rows)} av {result.people_with_requirement} personer med krav.")
    print(cv.PLANNING_NOTE)
    for r in result.rows:
        extra = " – ingen bokning" if r.no_booking else ""
        waiting = f", {_h(r.waiting_hours)} h på väntelista" if r.waiting_hours else ""
        cancelled = f", {_h(r.cancelled_hours)} h inställda av enheten" if r.cancelled_hours else ""
        print(f"{r.personnummer}  {r.name}: krav {_h(r.required_hours)} h, planerat {_h(r.planned_hours)} h, "
              f"underskott {_h(r.shortfall_hours)} h{waiting}{cancelled}{extra}")
    return 0


def cmd_capacity(args) -> int:
    from ame_desktop.services import capacity_view as cv

    db = _open(args)
    with db.reading() as s:
        view = cv.capacity(s, args.from_month, args.months, args.municipality)
    if args.out:
        out = Path(args.out)
        cv.write_capacity(db, view, out)
        print(f"Kapacitetsöversikten {view.first.isoformat()} – {view.last.isoformat()} skrevs till {out}.")
        return 0
    print(f"Kapacitet {view.first.isoformat()} – {view.last.isoformat()}")
    for f in view.forecast:
        eb = f", {f.eb_candidates} nya enligt EB-utdraget" if view.eb_latest_month else ""
        print(f"{f.month}: {f.people_with_requirement} personer med krav, krav {_h(f.required_hours)} h, "
              f"bokat {_h(f.booked_hours)} h, planeringsglapp {_h(f.gap_hours)} h "
              f"({_h(f.fulltime_missing)} heltidsplatser){eb}")
    print("Per kategori (första månaden): planerat enligt planer / bokat / väntelista / erbjudet i grupper")
    for c in view.categories:
        print(f"  {c.label}: {_h(c.planned_hours)} / {_h(c.booked_hours)} / {_h(c.waiting_hours)} / "
              f"{_h(c.offered_hours)} h")
    full = [g for g in view.group_weeks if g.free == 0 and g.places]
    print(f"Fullbokade gruppveckor: {len(full)} av {len(view.group_weeks)}")
    return 0


def _months(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"”{text}” är inget antal månader") from None
    return n


def add_commands(sub, add) -> None:
    sp = add("groups", cmd_groups, "aktivitetsgrupper: list, add, sessions, cancel-session, restore-session, members")
    sp.add_argument("action", choices=["list", "add", "sessions", "cancel-session", "restore-session", "members"])
    sp.add_argument("group", nargs="?", metavar="GRUPP", help="gruppens namn (sessions, cancel-session, members)")
    sp.add_argument("--name", metavar="NAMN", help="add: gruppens namn")
    sp.add_argument("--category", metavar="1-4", help="add: kategori 1–4")
    sp.add_argument("--weekdays", metavar="DAGAR", help="add: veckodagar, t.ex. ”mån, ons”")
    sp.add_argument("--start", metavar="TT:MM", help="add: starttid")
    sp.add_argument("--end", metavar="TT:MM", help="add: sluttid")
    sp.add_argument("--places", metavar="N", help="add: antal platser")
    sp.add_argument("--room", metavar="LOKAL", help="add: lokal")
    sp.add_argument("--address", metavar="ADRESS", help="add: adress")
    sp.add_argument("--staff", metavar="NAMN", help="add: ansvarig personal")
    sp.add_argument("--municipality", metavar="KOD")
    sp.add_argument("--from", dest="date_from", metavar="ÅÅÅÅ-MM-DD")
    sp.add_argument("--to", dest="date_to", metavar="ÅÅÅÅ-MM-DD")
    sp.add_argument("--create", action="store_true", help="sessions: skapa tillfällen --from … --to …")
    sp.add_argument("--date", dest="session_date", metavar="ÅÅÅÅ-MM-DD",
                    help="cancel-session/restore-session: tillfällets datum; members: bokade den dagen")
    sp.add_argument("--week-date", dest="week_date", metavar="ÅÅÅÅ-MM-DD", help="list: bokningar den dagen")
    sp.add_argument("--reason", metavar="TEXT", help="cancel-session: varför enheten ställer in")
    sp.add_argument("--all", action="store_true", help="list: också inaktiva grupper")

    sp = add("workplaces", cmd_workplaces, "arbetsplatser/praktikplatser: list, add")
    sp.add_argument("action", choices=["list", "add"])
    sp.add_argument("--open", action="store_true", help="list: bara arbetsplatser med lediga platser")
    sp.add_argument("--date", dest="on_date", metavar="ÅÅÅÅ-MM-DD", help="list: placeringar den dagen")
    sp.add_argument("--name", metavar="NAMN", help="add: arbetsgivare/arbetsplats")
    sp.add_argument("--sector", metavar="SEKTOR", help="add: KOMMUN, PRIVAT, CIVIL eller ANNAN")
    sp.add_argument("--municipality", metavar="KOD")
    sp.add_argument("--address", metavar="ADRESS")
    sp.add_argument("--contact", metavar="NAMN", help="add: kontaktperson")
    sp.add_argument("--phone", metavar="TELEFON", help="add: kontaktpersonens telefon")
    sp.add_argument("--agreement-from", dest="date_from", metavar="ÅÅÅÅ-MM-DD")
    sp.add_argument("--agreement-to", dest="date_to", metavar="ÅÅÅÅ-MM-DD")
    sp.add_argument("--insurance", action="store_true", help="add: försäkringen är noterad")
    sp.add_argument("--supervisor", metavar="NAMN", help="add: handledare på arbetsplatsen")
    sp.add_argument("--supervisor-phone", metavar="TELEFON")
    sp.add_argument("--places", metavar="N", default="1", help="add: antal platser (1)")

    sp = add("book", cmd_book, "boka en deltagare i en aktivitetsgrupp (fullt = väntelista)")
    sp.add_argument("personnummer", metavar="PERSONNUMMER")
    sp.add_argument("group", metavar="GRUPP")
    sp.add_argument("--from", dest="date_from", required=True, metavar="ÅÅÅÅ-MM-DD")
    sp.add_argument("--to", dest="date_to", metavar="ÅÅÅÅ-MM-DD")
    sp.add_argument("--no-waiting-list", action="store_true", help="vägra i stället för att ställa i kö när det är fullt")

    sp = add("place", cmd_place, "placera en deltagare på en arbetsplats (kategori 4)")
    sp.add_argument("personnummer", metavar="PERSONNUMMER")
    sp.add_argument("workplace", metavar="ARBETSPLATS")
    sp.add_argument("--from", dest="date_from", required=True, metavar="ÅÅÅÅ-MM-DD")
    sp.add_argument("--to", dest="date_to", metavar="ÅÅÅÅ-MM-DD")
    sp.add_argument("--hours", required=True, metavar="H", help="timmar per vecka")
    sp.add_argument("--municipality", metavar="KOD", help="arbetsplatsens kommun (om namnet finns i flera)")

    sp = add("underscheduled", cmd_underscheduled,
             "personer vars bokade timmar inte räcker till kravet en vecka eller månad (.json, .xlsx)")
    sp.add_argument("--week", metavar="ÅÅÅÅ-Vnn")
    sp.add_argument("--include-protected", action="store_true",
                    help="ta med personer med skyddade personuppgifter i filen (kräver --reason)")
    sp.add_argument("--reason", metavar="SKÄL", help="skäl (till loggen) när personer med skyddade personuppgifter tas med")
    sp.add_argument("--month", metavar="ÅÅÅÅ-MM")
    sp.add_argument("--municipality", metavar="KOD")
    sp.add_argument("--out", metavar="FILE")

    sp = add("capacity", cmd_capacity, "platser, bokningar och prognos för de kommande månaderna (.json, .xlsx)")
    sp.add_argument("--from-month", metavar="ÅÅÅÅ-MM")
    sp.add_argument("--months", type=_months, default=3, metavar="N")
    sp.add_argument("--municipality", metavar="KOD")
    sp.add_argument("--out", metavar="FILE")
