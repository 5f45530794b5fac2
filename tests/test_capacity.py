"""Issue 23: activity groups, sessions, bookings with a waiting list, workplaces and placements;
the under-scheduled list and the capacity view. Hand-built weeks pin the arithmetic: week 52 of
2026 (julafton and juldagen on Thursday and Friday), a closed day, a reduced requirement, a
cancelled session, a waiting-list booking, a placement and own job seeking. Runs on SQLite and
PostgreSQL (the `db` and `cli` fixtures)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
from ame_desktop.domain.errors import NotFoundError, UserError, ValidationError
from ame_desktop.services import accounts, audit
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import capacity as cap
from ame_desktop.services import capacity_view as cv
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services.authz import PermissionDenied

PASSWORD = "hemligt-lösen-1"
A, B, C, D, E, F = "196408233234", "198503141239", "199001012385", "195512124560", "199204153341", "197010632391"
TODAY = date(2026, 12, 1)  # when the bookings are made
W52 = "2026-W52"  # 21–27 December 2026: Thu 24 julafton, Fri 25 juldagen


def _person(s, pnr, first, last, hours=40, *, municipality="0860", enrolled_until=None, **period):
    pid = ps.create_participant(s, ps.ParticipantInput(pnr, first, last, municipality_code=municipality)).id
    es.add_enrollment(s, pid, date(2026, 10, 1), enrolled_until, None, None if enrolled_until is None else "E1")
    ar.add_period(s, pid, date(2026, 11, 1), None, hours, **period)
    return pid


@pytest.fixture
def week(db):
    """Five people of Hultsfred and one of Ånge, two groups, a workplace, a closed day (Tue 22 Dec).

    A: 40 h; Språkcafé Mon–Wed 09–12 (place), Arbetsträning (waiting list), 10 h/week at the
       workplace, 2 h own job seeking on Mondays.
    B: 30 h (reduced, DELTIDSARBETE); the only place of Arbetsträning Mon–Fri 08–12.
    C: 20 h (reduced, STUDIER); nothing booked.
    D: 40 h, enrollment ended 18 December: nothing is required that week.
    E: exempt (SJUK).
    F: Ånge, 40 h, nothing booked.
    """
    with db.transaction() as s:
        a = _person(s, A, "Örjan", "Åberg")
        ar.set_schedule(s, a, [ar.ScheduleItem(ar.job_seeking_activity(s).id, 0, 2)])
        b = _person(s, B, "Bo", "Ek", 30, reduction_code="DELTIDSARBETE")
        c = _person(s, C, "Cecilia", "Lind", 20, reduction_code="STUDIER")
        d = _person(s, D, "Dan", "Holm", enrolled_until=date(2026, 12, 18))
        e = _person(s, E, "Eva", "Berg", 0, exemption_code="SJUK")
        f = _person(s, F, "Märta", "Öberg", municipality="2260")
        ar.add_closed_day(s, date(2026, 12, 22), None, "0860", "Planeringsdag")
        cafe = cap.create_group(s, cap.GroupInput("Språkcafé", 2, "mån, tis, ons", "09:00", "12:00", 10,
                                                  room="Rum 3", address="Storgatan 1", valid_from=date(2026, 11, 1)))
        work = cap.create_group(s, cap.GroupInput("Arbetsträning Återbruket", 1, "mån, tis, ons, tor, fre", "08:00", "12:00", 1,
                                                  valid_from=date(2026, 11, 1)))
        made = cap.generate_sessions(s, cafe.id, date(2026, 12, 1), date(2027, 1, 31))
        made_work = cap.generate_sessions(s, work.id, date(2026, 12, 1), date(2027, 1, 31))
        assert cap.book(s, b, work.id, date(2026, 12, 1), today=TODAY).waiting is False
        assert cap.book(s, a, cafe.id, date(2026, 12, 1), today=TODAY).waiting is False
        queued = cap.book(s, a, work.id, date(2026, 12, 1), today=TODAY)
        shop = cap.create_workplace(s, cap.WorkplaceInput("Återbruket butik", "KOMMUN", places=2, insurance_noted="ja",
                                                          supervisor="Stina Sund", agreement_from=date(2026, 1, 1)))
        cap.add_placement(s, a, shop.id, date(2026, 12, 1), None, 10, today=TODAY)
        ids = {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "cafe": cafe.id, "work": work.id, "shop": shop.id,
               "queued": queued.booking.id}
    assert queued.waiting and queued.position == 1 and queued.booking.waiting_since == TODAY
    assert date(2026, 12, 22) in dict(made.skipped) and "Planeringsdag" in dict(made.skipped)[date(2026, 12, 22)]
    assert dict(made_work.skipped)[date(2026, 12, 24)] == "Julafton"
    assert dict(made_work.skipped)[date(2026, 12, 25)] == "Juldagen"
    return ids


def _cancel(db, group_id, day, reason="Handledaren sjuk"):
    with db.transaction() as s:
        sid = next(x.id for x in cap.list_sessions(s, group_id, day, day))
        return cap.cancel_session(s, sid, reason)


def _rows(db, period, municipality=None):
    with db.reading() as s:
        result = cv.underscheduled(s, period, municipality)
    return result, {r.personnummer: r for r in result.rows}


def test_week_52_shortfall_arithmetic(db, week):
    """Requirement days of A: Mon 21 and Wed 23 (Tue 22 closed, Thu 24 julafton, Fri 25 juldagen)."""
    result = _cancel(db, week["cafe"], date(2026, 12, 23))
    assert (result.marked, result.already_registered) == (1, 0)  # A has the place; nobody else in the café
    res, rows = _rows(db, W52)
    a = rows[A]
    assert a.required_hours == 16.0  # 2 days × 40/5
    assert a.booked_hours == 3.0  # café Mon 21 (Wed 23 cancelled, Tue 22 closed: no session)
    assert a.cancelled_hours == 3.0  # shown apart, not counted
    assert a.waiting_hours == 8.0  # Arbetsträning Mon + Wed on the waiting list: not counted
    assert a.placement_hours == 4.0  # 10 h/week / 5 × 2 days
    assert a.job_seeking_hours == 2.0  # Monday's own job seeking
    assert a.shortfall_hours == 16 - 3 - 4 - 2 and a.no_booking is False
    b = rows[B]
    assert (b.required_hours, b.booked_hours, b.shortfall_hours) == (12.0, 8.0, 4.0)  # 30/5 × 2; 4 h × 2
    c = rows[C]
    assert (c.required_hours, c.planned_hours, c.shortfall_hours, c.no_booking) == (8.0, 0.0, 8.0, True)
    assert D not in rows and E not in rows  # no longer enrolled / exempt: nothing required
    # F (Ånge, 40 h, no closed day there): Mon 21, Tue 22, Wed 23 = 24 h, all a gap.
    assert rows[F].required_hours == 24.0 and rows[F].shortfall_hours == 24.0
    assert [r.personnummer for r in res.rows] == [F, C, A, B]  # largest shortfall first
    assert res.people_with_requirement == 4  # A, B, C, F (D is not enrolled that week, E is exempt)
    with db.reading() as s:
        assert cv.underscheduled_count(s, W52) == 4
        assert cv.underscheduled_count(s, W52, "0860") == 3


def test_month_and_the_week_of_trettondedagen(db, week):
    _, rows = _rows(db, "2026-12")
    # December 2026: 23 weekdays − 24, 25, 31 December − the closed 22nd = 19 requirement days.
    assert rows[C].required_hours == 19 * 4.0
    # 2027-W01: 4–8 January, Wednesday 6 January is trettondedag jul.
    _, rows = _rows(db, "2027-W01")
    assert rows[C].required_hours == 4 * 4.0
    assert rows[A].booked_hours == 2 * 3.0  # café Mon 4 and Tue 5 (Wed 6 is a holiday: no session)


def test_over_booking_is_refused_without_a_waiting_list_and_a_freed_place_promotes(db, week):
    with pytest.raises(UserError) as e, db.transaction() as s:
        cap.book(s, week["C"], week["work"], date(2026, 12, 14), waiting_list=False, today=TODAY)
    assert "Arbetsträning Återbruket" in e.value.message and "2026-12-14" in e.value.message
    assert "fullbokad" in e.value.message
    with db.transaction() as s:
        b_booking = next(m.id for m in cap.group_members(s, week["work"]) if m.participant_id == week["B"])
        promoted = cap.cancel_booking(s, b_booking, today=TODAY)
        assert [p.id for p in promoted] == [week["queued"]]
    _, rows = _rows(db, W52)
    assert A not in rows  # café 3 h + Arbetsträning 4 h on Mon and Wed, 4 h placement, 2 h own: 20 h ≥ 16 h
    with db.reading() as s:
        members = cap.group_members(s, week["work"])
        assert [(m.participant_id, m.waiting) for m in members] == [(week["A"], False)]
        # The weekly schedule follows: A now has Arbetsträning Mon–Fri 4 h; B has none.
        entries = {(e.activity_id, e.weekday): e.hours for e in ar.schedule(s, week["A"])}
        work_activity = cap.get_group(s, week["work"]).activity_id
        assert {wd for (aid, wd) in entries if aid == work_activity} == {0, 1, 2, 3, 4}
        assert all(e.activity_id != work_activity for e in ar.schedule(s, week["B"]))


def test_cancelled_session_requires_nothing_in_the_activity_report(db, cli, week, tmp_path):
    """Through the real `report activity`: the cancelled café session is INSTALLD (cancelled) hours for
    A, so it counts as covered; restoring the session removes them again."""
    _cancel(db, week["cafe"], date(2026, 12, 23))
    out = tmp_path / "dec.json"
    r = cli("report", "activity", "--month", "2026-12", "--out", str(out))
    assert r.code == 0, r.err
    people = {p["personnummer"]: p for p in json.loads(out.read_text(encoding="utf-8"))["participants"]}
    assert people[A]["cancelled_hours"] == 3.0
    assert people[B]["cancelled_hours"] == 0.0 and people[C]["cancelled_hours"] == 0.0
    with db.transaction() as s:
        sid = next(x.id for x in cap.list_sessions(s, week["cafe"], date(2026, 12, 23), date(2026, 12, 23)))
        assert cap.restore_session(s, sid) == 1
    assert cli("report", "activity", "--month", "2026-12", "--out", str(out)).code == 0
    people = {p["personnummer"]: p for p in json.loads(out.read_text(encoding="utf-8"))["participants"]}
    assert people[A]["cancelled_hours"] == 0.0


def test_a_person_booked_after_the_cancellation_gets_it_as_cancelled_too(db, week):
    _cancel(db, week["cafe"], date(2026, 12, 23))
    with db.transaction() as s:
        cap.book(s, week["C"], week["cafe"], date(2026, 12, 21), date(2026, 12, 31), today=TODAY)
    _, rows = _rows(db, W52)
    assert rows[C].booked_hours == 3.0 and rows[C].cancelled_hours == 3.0 and rows[C].shortfall_hours == 5.0
    assert rows[C].no_booking is False


def test_capacity_view(db, week):
    _cancel(db, week["cafe"], date(2026, 12, 23))
    with db.reading() as s:
        view = cv.capacity(s, "2026-12", 3)
    w52 = {g.group_name: g for g in view.group_weeks if g.week == "2026-W52"}
    assert (w52["Arbetsträning Återbruket"].places, w52["Arbetsträning Återbruket"].booked,
            w52["Arbetsträning Återbruket"].waiting, w52["Arbetsträning Återbruket"].free) == (1, 1, 1, 0)
    assert (w52["Språkcafé"].booked, w52["Språkcafé"].sessions, w52["Språkcafé"].cancelled_sessions) == (1, 2, 1)
    assert [f.month for f in view.forecast] == ["2026-12", "2027-01", "2027-02"]
    dec = view.forecast[0]
    assert dec.people_with_requirement == 5  # A B C D F (D until the 18th; E exempt)
    cats = {c.category: c for c in view.categories}
    # Category 4 booked = A's placement, 10/5 h on each of A's 19 requirement days in December.
    assert cats[4].booked_hours == 2.0 * 19
    # The café offers 10 places × 3 h × its December sessions that were not cancelled.
    with db.reading() as s:
        dec_sessions = [x for x in cap.list_sessions(s, week["cafe"], date(2026, 12, 1), date(2026, 12, 31))
                        if not x.cancelled]
    assert cats[2].offered_hours == 10 * 3.0 * len(dec_sessions)
    assert view.eb_latest_month is None and dec.eb_candidates == 0


def test_capacity_forecast_reads_the_social_assistance_extract(db, week, tmp_path):
    from ame_desktop.services import eb_import

    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("200805051232", "Ny", "Sökande", municipality_code="0860"))
    extract = tmp_path / "eb.csv"
    extract.write_text("Personnummer;Månad;Belopp\n" + "".join(
        f"200805051232;2026-{m:02d};8450\n" for m in (10, 11)), encoding="utf-8")
    eb_import.import_extract(db, extract)
    with db.reading() as s:
        view = cv.capacity(s, "2026-12", 3)
    # Försörjningsstöd October and November: three months in a row from January 2027.
    assert view.eb_latest_month == "2026-11"
    assert [f.eb_candidates for f in view.forecast] == [0, 1, 1]
    assert view.forecast[1].eb_hours > 0


def test_placements_beyond_the_places_are_refused_and_listed_with_open_places(db, week):
    with db.transaction() as s:
        cap.add_placement(s, week["C"], week["shop"], date(2026, 12, 7), date(2026, 12, 31), 20, today=TODAY)
        with pytest.raises(UserError) as e:
            cap.add_placement(s, week["B"], week["shop"], date(2026, 12, 14), None, 10, today=TODAY)
        assert "Återbruket butik" in e.value.message and "inga lediga platser" in e.value.message
    with db.reading() as s:
        assert [w.open_places for w in cap.list_workplaces(s, on=date(2026, 12, 1))] == [1]
        assert cap.list_workplaces(s, on=date(2026, 12, 14), only_open=True) == []
        assert len(cap.list_workplaces(s, on=date(2027, 1, 14), only_open=True)) == 1
    _, rows = _rows(db, W52)
    assert C not in rows  # 20 h/week = 4 h on each of her two requirement days: her 8 h are covered


def test_bad_input_is_refused_in_swedish(db, week):
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        cap.create_group(s, cap.GroupInput("Språkcafé", 5, "mån, blurp", "10:00", "09:00", -1))
    fields = {f.field for f in e.value.errors}
    assert {"name", "category", "weekdays", "end_time", "places"} <= fields
    with pytest.raises(ValidationError), db.transaction() as s:
        cap.book(s, week["C"], week["cafe"], date(2026, 12, 10), date(2026, 12, 1))
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        cap.book(s, week["A"], week["cafe"], date(2026, 12, 14))
    assert "redan bokad" in str(e.value)
    with pytest.raises(ValidationError), db.transaction() as s:
        cap.cancel_session(s, cap.list_sessions(s, week["cafe"])[0].id, "  ")
    with pytest.raises(UserError):
        cv.parse_period(week="2026-W54")
    with pytest.raises(UserError):
        cv.parse_period()


def test_changes_are_in_the_audit_log(db, week):
    _cancel(db, week["cafe"], date(2026, 12, 23))
    with db.reading() as s:
        mine = audit.entries(s, participant_id=week["A"])
        kinds = {(e.action, e.entity) for e in mine}
        assert {("create", "group_booking"), ("create", "placement"), ("update", "attendance"),
                ("update", "schedule")} <= kinds
        unit = {(e.action, e.entity) for e in audit.entries(s) if e.participant_id is None}
        assert {("create", "activity_group"), ("create", "group_session"), ("update", "group_session"),
                ("create", "workplace")} <= unit
        assert audit.verify_chain(s) == []


# -- who may do what ----------------------------------------------------------------------------------
@pytest.fixture
def accounts_of(db, week):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
        ange = cap.create_group(s, cap.GroupInput("Ånge jobbklubb", 3, "tor", "13:00", "15:00", 5, municipality="2260",
                                                  valid_from=date(2026, 11, 1)))
        cap.generate_sessions(s, ange.id, date(2026, 12, 1), date(2026, 12, 31))
        cap.book(s, week["F"], ange.id, date(2026, 12, 1), today=TODAY)
        ange_place = cap.create_workplace(s, cap.WorkplaceInput("Ånge bygg", "PRIVAT", municipality="2260"))
    return {"ange_group": ange.id, "ange_place": ange_place.id}


def _as(db, username):
    db.actor = accounts.sign_in_db(db, username, PASSWORD)


def test_a_reader_cannot_write(db, week, accounts_of):
    _as(db, "lasare")
    for change in (
        lambda s: cap.create_group(s, cap.GroupInput("Ny grupp", 1, "mån", "09:00", "10:00", 3)),
        lambda s: cap.book(s, week["C"], week["cafe"], date(2026, 12, 14)),
        lambda s: cap.cancel_session(s, cap.list_sessions(s, week["cafe"])[0].id, "Sjuk"),
        lambda s: cap.generate_sessions(s, week["cafe"], date(2027, 2, 1), date(2027, 2, 28)),
        lambda s: cap.create_workplace(s, cap.WorkplaceInput("Ny plats", "PRIVAT")),
        lambda s: cap.add_placement(s, week["C"], week["shop"], date(2026, 12, 14), None, 10),
    ):
        with pytest.raises(PermissionDenied), db.transaction() as s:
            change(s)
    with db.reading() as s:  # reading is allowed
        assert cv.underscheduled_count(s, W52) == 4


def test_a_coach_of_0860_sees_nothing_of_2260(db, week, accounts_of):
    _as(db, "kerstin")
    with db.reading() as s:
        assert "Ånge jobbklubb" not in [g.name for g in cap.list_groups(s)]
        assert "Ånge bygg" not in [w.name for w in cap.list_workplaces(s)]
        with pytest.raises(PermissionDenied):
            cap.get_group(s, accounts_of["ange_group"])
        with pytest.raises(PermissionDenied):
            cap.group_members(s, accounts_of["ange_group"])
        with pytest.raises(NotFoundError):
            cap.participant_bookings(s, week["F"])
        result = cv.underscheduled(s, W52)
        assert F not in [r.personnummer for r in result.rows] and "Öberg" not in repr(result.rows)
        with pytest.raises(PermissionDenied):
            cv.underscheduled(s, W52, "2260")
        view = cv.capacity(s, "2026-12", 1)
        assert "Ånge" not in repr(view.as_json())
    with pytest.raises(NotFoundError), db.transaction() as s:
        cap.book(s, week["F"], week["cafe"], date(2026, 12, 14))
    with pytest.raises(PermissionDenied), db.transaction() as s:
        cap.create_group(s, cap.GroupInput("Ånge två", 1, "mån", "09:00", "10:00", 3, municipality="2260"))
    _as(db, "anna")
    with db.reading() as s:
        assert F in [r.personnummer for r in cv.underscheduled(s, W52).rows]
        assert "Ånge jobbklubb" in [g.name for g in cap.list_groups(s)]


def test_bookable_groups_and_a_persons_bookings(db, week):
    with db.reading() as s:
        free = cap.bookable_groups(s, date(2026, 12, 16))
        assert [g.name for g in free] == ["Språkcafé"]  # Arbetsträning has its one place taken
        assert free[0].free == 9 and free[0].weekday_text == "mån, tis, ons" and free[0].time_text == "09:00–12:00"
        mine = cap.participant_bookings(s, week["A"])
        assert sorted((b.group_name, b.waiting) for b in mine.bookings) == [
            ("Arbetsträning Återbruket", True), ("Språkcafé", False)]
        assert [(p.workplace_name, p.hours_per_week) for p in mine.placements] == [("Återbruket butik", 10.0)]
        assert mine.job_seeking_hours == 2.0


def test_the_kept_results_follow_every_change_and_a_rollback(db, week):
    _, rows = _rows(db, W52)
    assert C in rows
    with db.transaction() as s:
        cap.add_placement(s, week["C"], week["shop"], date(2026, 12, 7), None, 20, today=TODAY)
        assert C not in {r.personnummer for r in cv.underscheduled(s, W52).rows}  # the transaction's own change
        s.rollback()
    _, rows = _rows(db, W52)
    assert C in rows  # rolled back: the register is as before, and so is the list
    with db.transaction() as s:
        cap.add_placement(s, week["C"], week["shop"], date(2026, 12, 7), None, 20, today=TODAY)
    _, rows = _rows(db, W52)
    assert C not in rows


def test_schedule_hours_off_the_five_minute_grid_are_summed_exactly(db, week):
    """The schedule is summed as packed five-minute units; 0,1 h (6 minutes) does not fit and the
    plain sum is used instead — with the same result for everyone else."""
    import sqlalchemy as sa

    _, before = _rows(db, W52)
    with db.transaction() as s:
        seek = ar.job_seeking_activity(s).id
        s.execute(sa.text("INSERT INTO schedule_entry (participant_id, activity_id, weekday, hours) "
                          "VALUES (:p, :a, 2, 0.1)"), {"p": week["C"], "a": seek})
        audit.record(s, "update", "schedule", week["C"], week["C"], {"test": "0,1 h"})
    _, after = _rows(db, W52)
    assert after[C].job_seeking_hours == 0.1 and after[C].shortfall_hours == 7.9  # Wed 23: 6 minutes
    assert {k: v for k, v in after.items() if k != C} == {k: v for k, v in before.items() if k != C}


def test_every_kind_of_change_writes_its_audit_entry(db, week):
    def entries_since(n):
        with db.reading() as s:
            return [(e.action, e.entity, e.participant_id) for e in audit.entries(s)][: len(audit.entries(s)) - n]

    def count():
        with db.reading() as s:
            return len(audit.entries(s))

    steps = [
        (lambda s: cap.update_group(s, week["work"], cap.GroupInput("Arbetsträning Återbruket", 1,
                                                                    "mån, tis, ons, tor, fre", "08:00", "12:00", 2,
                                                                    valid_from=date(2026, 11, 1)), today=TODAY),
         {("update", "activity_group", None), ("update", "group_booking", week["A"])}),  # A gets the new place
        (lambda s: cap.end_booking(s, week["queued"], date(2026, 12, 31), today=TODAY),
         {("update", "group_booking", week["A"])}),
        (lambda s: cap.cancel_booking(s, week["queued"], today=TODAY),
         {("delete", "group_booking", week["A"]), ("update", "schedule", week["A"])}),
        (lambda s: cap.update_workplace(s, week["shop"], cap.WorkplaceInput("Återbruket butik", "KOMMUN", places=3)),
         {("update", "workplace", None)}),
        (lambda s: cap.end_placement(s, cap.participant_bookings(s, week["A"]).placements[0].id, date(2026, 12, 31),
                                     today=TODAY), {("update", "placement", week["A"])}),
        (lambda s: cap.delete_placement(s, cap.participant_bookings(s, week["A"]).placements[0].id, today=TODAY),
         {("delete", "placement", week["A"]), ("update", "schedule", week["A"])}),
    ]
    for change, expected in steps:
        n = count()
        with db.transaction() as s:
            change(s)
        assert expected <= set(entries_since(n)), (expected, entries_since(n))
