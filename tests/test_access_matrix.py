"""The access matrix (issue 18): every public function of ame_desktop/services/, called as the
accounts that must be refused.

- a *läsbehörig* (reader, who sees every municipality) is refused every write, with
  PermissionDenied, also about a person they can see;
- a *handledare* (coach) of 0860 gets nothing of a 2260 person: reads raise NotFoundError or
  PermissionDenied, or return nothing that names the person; writes are refused;
- only an administrator does what is the administrator's.

Every case has a control that must succeed (the same call for the 0860 person, or as the
administrator, in a transaction that is rolled back), so a refusal cannot come from a call that
is simply wrong. The functions are enumerated with `inspect`; `CASES` says how to call each one,
so a new public function without an entry fails `test_every_public_service_function_has_an_entry`.
Runs on SQLite and PostgreSQL (the `db` fixture).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

import pytest

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_CASEWORKER, ROLE_COACH, ROLE_READER
from ame_desktop.domain.errors import NotFoundError, UserError, ValidationError
from ame_desktop.services import accounts
from ame_desktop.services.authz import PermissionDenied

PASSWORD = "hemligt-lösen-1"
DAY = date(2025, 10, 6)  # a Monday in the past: every date rule accepts it
H_PNR, A_PNR = "196408233234", "197010632391"  # Hultsfred 0860 / Ånge 2260 (samordningsnummer)
NEW_PNR = "198503141239"  # a person not in the register
A_TRACES = ("197010632391", "7010632391", "701063-2391", "Märta", "Öberg")
# A refusal may repeat what the caller typed (the personnummer, the municipality asked for), but
# never what only the register knows about the person.
A_NAMES = ("Märta", "Öberg")
KOLADA_SAMPLE = Path(__file__).parent / "fixtures" / "kolada_sample.json"


class _Rollback(Exception):
    pass


@dataclass
class Person:
    key: str
    pid: int
    pnr: str
    code: str
    enrollment: int = 0
    referral: int = 0
    period: int = 0
    contact: int = 0
    assessment: int = 0
    print_id: int = 0
    caseworker: int = 0  # the social-assistance caseworker named on the person's period
    caseworker_name: str = ""
    closed: int = 0  # a closed day of the person's municipality
    ended: int = 0  # an earlier enrollment, ended with A1 (work)
    exit_date: date | None = None
    followup: int = 0  # the 3-month follow-up of that exit
    summer_job: int = 0
    delivery: int = 0  # October's report, delivered to the caseworker (changed since)


@dataclass
class World:
    db: object
    tmp: Path
    h: Person
    a: Person
    users: dict = field(default_factory=dict)
    activity: int = 0
    model: int = 0
    dimension: int = 0
    staff: int = 0
    rest: dict = field(default_factory=dict)

    def act(self, who: str) -> None:
        self.db.actor = self.users[who]


def _person(s, tmp, key, pnr, first, last, code, activity, caseworker, exit_date, summer_year):
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import af_contacts as af
    from ame_desktop.services import attendance as att
    from ame_desktop.services import enrollments as es
    from ame_desktop.services import followups as fu
    from ame_desktop.services import participants as ps
    from ame_desktop.services import plans
    from ame_desktop.services import referrals as rs
    from ame_desktop.services import steps
    from ame_desktop.services import summer_jobs as sj

    pid = ps.create_participant(s, ps.ParticipantInput(pnr, first, last, municipality_code=code)).id
    p = Person(key, pid, pnr, code)
    p.caseworker, p.caseworker_name = caseworker.id, caseworker.name
    p.referral = rs.add_referral(s, pid, DAY - timedelta(days=14), "SOC").id
    p.ended = es.add_enrollment(s, pid, DAY - timedelta(days=500), exit_date, None, "A1").id
    p.exit_date = exit_date
    p.followup = fu.record_followup(s, p.ended, 3, exit_date + timedelta(days=100), "SAMTAL", "LON", "ARBETE_OSUB",
                                    today=DAY).id
    p.enrollment = es.add_enrollment(s, pid, DAY - timedelta(days=7)).id
    # Försörjningsstöd since a month before: the period gets a warning (activity_requirement.warnings_for).
    p.period = ar.add_period(s, pid, DAY - timedelta(days=7), None, 40, caseworker_id=caseworker.id,
                             support_since=DAY - timedelta(days=30)).id
    p.closed = ar.add_closed_day(s, DAY + timedelta(days=3), None, code, "Studiedag").id
    p.summer_job = sj.add_summer_job(s, pid, sj.SummerJobInput(
        date(summer_year, 4, 1), "Café", "KOMMUN", "Biblioteket", date(summer_year, 6, 16),
        date(summer_year, 7, 4))).id
    ar.set_schedule(s, pid, [ar.ScheduleItem(activity, 0, 8)])
    # Monday present; Tuesday absent without a reported reason (a notice about it is sent below).
    att.save_cells(s, {att.CellKey(pid, activity, DAY): att.Cell(8),
                       att.CellKey(pid, activity, DAY + timedelta(days=1)): att.Cell(8, "OGILTIG")},
                   today=DAY + timedelta(days=2))
    p.assessment = steps.add_assessment(s, pid, DAY, 1, today=DAY + timedelta(days=1)).id
    p.contact = af.add_contact(s, af.ContactInput(contact_date=DAY, contact_time="10.00", channel="telefon",
                                                  category="tolka_beslut", participant_id=pid,
                                                  follow_up_on=DAY + timedelta(days=7)),
                               now=datetime.combine(DAY, datetime.min.time()) + timedelta(hours=11)).id
    plans.save_plan(s, pid, _plan())
    p.print_id = plans.print_participant_plan(s, pid, tmp / f"plan-{key}.pdf").print_id
    return p


def _plan():
    from ame_desktop.domain import codes
    from ame_desktop.services import plans

    seeking = getattr(codes, "JOB_SEEKING_CATEGORY", 3)
    return plans.PlanContent(long_term_goal="Ett arbete inom lager.", participant_commitments=["Delta."],
                             unit_commitments=["Stödja."], requirement_hours=40,
                             activities=[plans.PlannedActivity("Eget jobbsökande", seeking, [2, 2, 2, 0, 0, 0, 0])])


def _make_world(db, tmp_path) -> World:
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import settings, steps

    with db.transaction() as s:
        settings.set_setting(s, "municipality", "0860")
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    users = {"admin": accounts.sign_in_db(db, "anna", PASSWORD)}
    with db.transaction() as s:
        coach = accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"]).id
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
    users["coach"] = accounts.sign_in_db(db, "kerstin", PASSWORD)
    users["reader"] = accounts.sign_in_db(db, "lasare", PASSWORD)
    db.actor = users["admin"]
    with db.transaction() as s:
        activity = ar.add_activity(s, "Arbetsträning Återbruket", 4).id
        h = _person(s, tmp_path, "h", H_PNR, "Örjan", "Åberg", "0860", activity,
                    ar.add_caseworker(s, "Hanna Holm", "0860", email="hanna.holm@hultsfred.example"),
                    DAY - timedelta(days=400), 2025)
        a = _person(s, tmp_path, "a", A_PNR, "Märta", "Öberg", "2260", activity,
                    ar.add_caseworker(s, "Göran Gran", "2260", email="goran.gran@ange.example"),
                    DAY - timedelta(days=390), 2024)
        model = steps.active_model(s).id
        dimension = steps.list_dimensions(s)[0].id
    _deliveries_and_notices(db, tmp_path, (h, a), activity)
    with db.transaction() as s:
        accounts.create_account(s, "Hanna Holm", "hanna", PASSWORD, ROLE_CASEWORKER, caseworker_id=h.caseworker)
    users["caseworker"] = accounts.sign_in_db(db, "hanna", PASSWORD)  # the caseworker of 0860's person
    db.actor = users["admin"]
    world = World(db, tmp_path, h, a, users, activity, model, dimension, coach)
    with db.transaction() as s:
        world.rest.update(_capacity_world(s, (h, a)))  # issue 23
    return world


def _capacity_world(s, people) -> dict:
    """Issue 23: per municipality a group with sessions in DAY's week, the person booked in it, a
    workplace with the person placed there."""
    cap = _svc("capacity")
    out = {}
    for p in people:
        g = cap.create_group(s, cap.GroupInput(f"Jobbklubb {p.code}", 3, "mån, ons", "09:00", "11:00", 5,
                                               municipality=p.code, valid_from=DAY - timedelta(days=30)))
        cap.generate_sessions(s, g.id, DAY - timedelta(days=7), DAY + timedelta(days=14))
        out[f"group_{p.key}"] = g.id
        out[f"session_{p.key}"] = cap.list_sessions(s, g.id, DAY, DAY)[0].id
        out[f"booking_{p.key}"] = cap.book(s, p.pid, g.id, DAY - timedelta(days=7), DAY + timedelta(days=30),
                                           today=DAY).booking.id
        wp = cap.create_workplace(s, cap.WorkplaceInput(f"Arbetsplats {p.code}", "KOMMUN", municipality=p.code,
                                                        places=3))
        out[f"workplace_{p.key}"] = wp.id
        out[f"placement_{p.key}"] = cap.add_placement(s, p.pid, wp.id, DAY - timedelta(days=7), None, 8,
                                                      today=DAY).id
    return out


def _group_input(t, name="Ny grupp"):
    return _svc("capacity").GroupInput(f"{name} {t.code}", 2, "tis", "13:00", "15:00", 4, municipality=t.code,
                                       valid_from=DAY - timedelta(days=30))


def _workplace_input(t, name="Ny arbetsplats"):
    return _svc("capacity").WorkplaceInput(f"{name} {t.code}", "PRIVAT", municipality=t.code, places=2)


def _cancel_restore(s, w, t):
    cap = _svc("capacity")
    cap.cancel_session(s, w.rest[f"session_{t.key}"], "Handledaren sjuk")
    return cap.restore_session(s, w.rest[f"session_{t.key}"])


def _names_only_own_group(coach, admin, w):
    return "Jobbklubb 2260" not in repr(coach) and "Jobbklubb 2260" in repr(admin) and "Jobbklubb 0860" in repr(coach)


def _under_file(db, w):
    cv = _svc("capacity_view")
    with db.reading() as s:
        result = cv.underscheduled(s, "2025-W41")
    return cv.write_underscheduled(db, result, w.tmp / f"under-{id(result)}.json").read_text(encoding="utf-8")


def _capacity_file(db, w):
    cv = _svc("capacity_view")
    with db.reading() as s:
        view = cv.capacity(s, "2025-10", 1)
    return cv.write_capacity(db, view, w.tmp / f"kapacitet-{id(view)}.json").read_text(encoding="utf-8")


def _deliveries_and_notices(db, tmp, people, activity):
    """Tuesday's absence is told (a notice sent), October is delivered to each caseworker; then
    Wednesday's absence is registered: a notice waits and each delivery is changed after delivery.
    Each person has a month of ekonomiskt bistånd (the extract)."""
    from ame_desktop.services import attendance as att
    from ame_desktop.services import delivery, eb_import, notices

    with db.transaction() as s:
        notices.mark_sent(s, notices.pending_notices(s), sent_on=DAY + timedelta(days=2))
        for p in people:
            p.delivery = delivery.deliver(s, DAY.year, DAY.month, caseworker=p.caseworker,
                                          delivered_on=DAY + timedelta(days=2)).id
        att.save_cells(s, {att.CellKey(p.pid, activity, DAY + timedelta(days=2)): att.Cell(8, "OGILTIG")
                           for p in people}, today=DAY + timedelta(days=3))
    extract = tmp / "eb.csv"
    extract.write_text("Personnummer;Månad;Belopp\n" + "".join(f"{p.pnr};2025-09;8450\n" for p in people),
                       encoding="utf-8")
    eb_import.import_extract(db, extract)


@pytest.fixture
def world(db, tmp_path):
    """A world of its own (for the tests below the matrix, which change it)."""
    return _make_world(db, tmp_path)


MATRIX_BACKENDS = ["sqlite"] + (["postgres"] if __import__("os").environ.get("AME_TEST_PG_URL") else [])


@pytest.fixture(scope="module", params=MATRIX_BACKENDS)
def mworld(request, tmp_path_factory):
    """One world per backend for the whole matrix: every case runs in a transaction that is rolled
    back (or only reads), so the cases cannot change it for each other."""
    from ame_desktop.store.schema import open_register

    tmp = tmp_path_factory.mktemp(f"matrix-{request.param}")
    name = None
    if request.param == "sqlite":
        url = str(tmp / "ame.db")
    else:
        dbs = request.getfixturevalue("pg_databases")
        name, url = dbs.create()
    db = open_register(url)
    yield _make_world(db, tmp)
    db.dispose()
    if name is not None:
        import gc

        gc.collect()
        request.getfixturevalue("pg_databases").drop(name)


# -- how to call each function ---------------------------------------------------------------
# Kinds:
#   write     – about a person (t = the target): reader refused (PermissionDenied) for the 0860
#               person; coach refused (PermissionDenied/NotFoundError) for the 2260 person;
#               control: the coach for the 0860 person succeeds (rolled back).
#   read      – about a person: coach gets NotFoundError/PermissionDenied or nothing naming the
#               2260 person; control: coach and reader read the 0860 person.
#   list      – no person argument: coach's result names nothing of the 2260 person (or `check`
#               holds); control: the administrator's result does name them.
#   unit_write – the unit's own data (activities, Kolada cache): reader refused; control: coach.
#   admin     – reader and coach refused; control: the administrator (rolled back).
#   unit_read – no personal data (settings, ladders, published statistics): runs for every role.
#   caseworker – only a caseworker account (handläggare ekonomiskt bistånd): staff refused;
#               control: the account of the 0860 person's caseworker, about the delivery to her.
#   pure / internal – not called: no register, or the services' own plumbing (reason given).
# Every write, read, list, unit write and admin case also runs as that caseworker account, who
# sees nothing of the register but the deliveries to her.
@dataclass
class Case:
    kind: str
    call: Callable | None = None
    db: bool = False  # the function takes the Database, not a Session
    control: bool = True
    check: Callable | None = None  # list: (coach_result, admin_result, world) -> bool
    refusals: tuple = (NotFoundError, PermissionDenied)
    note: str = ""
    xfail: str | None = None


def W(call, **kw):
    return Case("write", call, **kw)


def R(call, **kw):
    return Case("read", call, **kw)


def L(call, **kw):
    return Case("list", call, **kw)


def UW(call, **kw):
    return Case("unit_write", call, **kw)


def ADM(call, **kw):
    return Case("admin", call, **kw)


def UR(call, **kw):
    return Case("unit_read", call, **kw)


PURE = Case("pure", note="no register")


def INTERNAL(note: str) -> Case:
    return Case("internal", note=note)


def _svc(name):
    return importlib.import_module(f"ame_desktop.services.{name}")


def _contact_input(t, **kw):
    af = _svc("af_contacts")
    return af.ContactInput(contact_date=DAY, contact_time="13.00", channel="telefon", category="tolka_beslut",
                           participant_id=t.pid, **kw)


def _new_person(t):
    ps = _svc("participants")
    return ps.ParticipantInput(NEW_PNR, "Ny", "Person", municipality_code=t.code)


def _input_of(s, t):
    ps = _svc("participants")
    p = s.get(ps.Participant, t.pid)
    data = ps.input_from(p)
    data.phone = "070-000 00 00"
    return data


def _reprint(s, w, t):
    return _svc("plans").reprint(s, t.print_id, w.tmp / f"kopia-{t.key}.pdf")


def _batch(db, w, t):
    r = _svc("plans").print_batch(db, [t.pid], w.tmp / f"batch-{t.key}", one_file=False)
    return r.files


def _import(db, w, t):
    """A workbook naming the target as a new participant of 0860."""
    from tests.workbooks import HEADERS, write_workbook

    path = write_workbook(w.tmp / f"import-{t.key}.xlsx", {"Deltagare": [
        HEADERS["Deltagare"], [t.pnr, "Ny", "Namn", None, "0860", None, None, None, None]]})
    return _svc("importing").import_workbook(db, path)


def _dry_run(db, w, t):
    from tests.workbooks import HEADERS, write_workbook

    path = write_workbook(w.tmp / f"dry-{t.key}.xlsx", {"Deltagare": [
        HEADERS["Deltagare"], [t.pnr, "Ny", "Namn", None, "0860", None, None, None, None]]})
    report = _svc("importing").import_workbook(db, path, dry_run=True)
    return [(c.kind, c.what) for c in report.changes]


def _fetch(db, w, t=None):
    kc = _svc("kolada_client")

    class NoNetwork:
        requests = 0

        def data(self, *a, **k):
            return []

        def municipality_group(self, *a, **k):
            raise AssertionError("no network in tests")

        def similar_group(self, *a, **k):
            return None

    return kc.fetch_to_cache(db, NoNetwork(), ["U40455"], ["0860"], [2024])


def _counts_exclude_a(coach, admin, w):
    return coach["participants"] == 1 and admin["participants"] == 2 and coach["enrollments"] == 2 \
        and admin["enrollments"] == 4 and coach["af_contacts"] == admin["af_contacts"] - 1


def _ids_exclude_a(coach, admin, w):
    return w.a.pid not in coach and w.a.pid in admin


def _fewer(coach, admin, w):
    return coach != admin


def _no_2260(coach, admin, w):
    return "2260" not in repr(coach) and "2260" in repr(admin)


# Issue 20: an ended enrollment written straight into the (rolled-back) transaction, so the
# follow-up and results functions have an exit to work on without changing the shared world.
def _eb_file(w, pnr):
    path = w.tmp / f"eb-{pnr}.csv"
    path.write_text(f"Personnummer;Månad;Belopp\n{pnr};2025-01;100\n", encoding="utf-8")
    return path


CASES: dict[str, Case] = {
    # accounts
    "accounts.accounts": UR(lambda s, w: _svc("accounts").accounts(s), note="staff accounts, no participant data"),
    "accounts.actor_for": INTERNAL("builds the actor at sign-in"),
    "accounts.create_account": ADM(lambda s, w: _svc("accounts").create_account(
        s, "Ny Kollega", "ny", PASSWORD, ROLE_COACH, ["0860"])),
    "accounts.establish_actor": INTERNAL("sign-in of the command line"),
    "accounts.has_accounts": INTERNAL("sign-in mode"),
    "accounts.municipality_links": ADM(lambda s, w: _svc("accounts").municipality_links(s)),
    "accounts.set_password": ADM(lambda s, w: _svc("accounts").set_password(s, w.users["admin"].staff_id,
                                                                             "ett-nytt-lösen-9"),
                                 note="someone else's password (one's own is allowed)"),
    "accounts.require_may_create_account": ADM(lambda s, w: _svc("accounts").require_may_create_account(s)),
    "accounts.require_may_set_password": INTERNAL("set_password's own check, asked before the password prompt"),
    "accounts.set_role": ADM(lambda s, w: _svc("accounts").set_role(s, w.users["reader"].staff_id, ROLE_COACH)),
    "accounts.sign_in": INTERNAL("sign-in itself"),
    "accounts.sign_in_db": INTERNAL("sign-in itself"),
    "accounts.sign_in_required": INTERNAL("sign-in mode"),
    "accounts.startup_actor": INTERNAL("sign-in mode"),
    "accounts.unlock": ADM(lambda s, w: _svc("accounts").unlock(s, w.users["reader"].staff_id)),
    # activity_report
    "activity_report.monthly_report": R(lambda s, w, t: _svc("activity_report").monthly_report(
        s, DAY.year, DAY.month, municipality=t.code)),
    "activity_report.monthly_report#all": L(lambda s, w: _svc("activity_report").monthly_report(
        s, DAY.year, DAY.month)),
    "activity_report.parse_month": PURE,
    "activity_report.running_balance": R(lambda s, w, t: _svc("activity_report").running_balance(s, t.pid, DAY)),
    "activity_report.shortfalls": PURE,
    # activity_requirement
    "activity_requirement.add_activity": UW(lambda s, w: _svc("activity_requirement").add_activity(s, "Ny kurs", 2)),
    "activity_requirement.add_period": W(lambda s, w, t: _svc("activity_requirement").add_period(
        s, t.pid, DAY - timedelta(days=60), DAY - timedelta(days=30), 40)),
    "activity_requirement.category_activity": UR(lambda s, w: _svc("activity_requirement").category_activity(s, 3)),
    "activity_requirement.delete_period": W(lambda s, w, t: _svc("activity_requirement").delete_period(s, t.period)),
    "activity_requirement.exemption": PURE,
    "activity_requirement.find_activity": UR(lambda s, w: _svc("activity_requirement").find_activity(s, "3")),
    "activity_requirement.get_period": R(lambda s, w, t: _svc("activity_requirement").get_period(s, t.period)),
    "activity_requirement.job_seeking_hours": R(lambda s, w, t: _svc("activity_requirement").job_seeking_hours(
        s, t.pid)),
    "activity_requirement.list_activities": UR(lambda s, w: _svc("activity_requirement").list_activities(s)),
    "activity_requirement.list_periods": R(lambda s, w, t: _svc("activity_requirement").list_periods(s, t.pid)),
    "activity_requirement.period_overlap_message": PURE,
    "activity_requirement.reason_problem": PURE,
    "activity_requirement.schedule": R(lambda s, w, t: _svc("activity_requirement").schedule(s, t.pid)),
    "activity_requirement.set_activity_active": UW(lambda s, w: _svc("activity_requirement").set_activity_active(
        s, w.activity, False)),
    "activity_requirement.set_schedule": W(lambda s, w, t: _svc("activity_requirement").set_schedule(
        s, t.pid, [_svc("activity_requirement").ScheduleItem(w.activity, 1, 4)])),
    "activity_requirement.update_period": W(lambda s, w, t: _svc("activity_requirement").update_period(
        s, t.period, DAY - timedelta(days=7), None, 30, "Deltidsarbete")),
    "activity_requirement.weekly_hours": PURE,
    # af_contacts
    "af_contacts.add_contact": W(lambda s, w, t: _svc("af_contacts").add_contact(s, _contact_input(t)),
                                 refusals=(NotFoundError, PermissionDenied, ValidationError)),
    "af_contacts.check_period": PURE,
    "af_contacts.clean_contact": R(lambda s, w, t: _svc("af_contacts").clean_contact(s, _contact_input(t)),
                                   refusals=(NotFoundError, PermissionDenied, ValidationError)),
    "af_contacts.clock": PURE,
    "af_contacts.consent_missing": PURE,
    "af_contacts.consent_on_file": R(lambda s, w, t: _svc("af_contacts").consent_on_file(s, t.pid)),
    "af_contacts.contact_report": L(lambda s, w: _svc("af_contacts").contact_report(
        s, DAY - timedelta(days=30), DAY + timedelta(days=30))),
    "af_contacts.delete_contact": W(lambda s, w, t: _svc("af_contacts").delete_contact(s, t.contact)),
    "af_contacts.due_follow_ups": L(lambda s, w: _svc("af_contacts").due_follow_ups(s, DAY + timedelta(days=30))),
    "af_contacts.follow_up_status": PURE,
    "af_contacts.get_contact": R(lambda s, w, t: _svc("af_contacts").get_contact(s, t.contact)),
    "af_contacts.input_from": PURE,
    "af_contacts.known_af_people": UR(lambda s, w: _svc("af_contacts").known_af_people(s),
                                      note="names of AF staff, not of participants"),
    "af_contacts.known_offices": UR(lambda s, w: _svc("af_contacts").known_offices(s)),
    "af_contacts.list_contacts": L(lambda s, w: _svc("af_contacts").list_contacts(s)),
    "demo.af_contacts.make_demo_data": ADM(lambda s, w: _svc("demo.af_contacts").make_demo_data(
        s, __import__("random").Random(1), DAY)),
    "af_contacts.mark_follow_up_done": W(lambda s, w, t: _svc("af_contacts").mark_follow_up_done(
        s, t.contact, DAY + timedelta(days=1))),
    "af_contacts.months_between": PURE,
    "af_contacts.summarize": PURE,
    "af_contacts.update_contact": W(lambda s, w, t: _svc("af_contacts").update_contact(
        s, t.contact, _contact_input(t, outcome="Klart."))),
    # attendance
    "attendance.cell_text": PURE,
    "attendance.day_hours": PURE,
    "attendance.enrollment_days": R(lambda s, w, t: dict(_svc("attendance").enrollment_days(
        s, [t.pid], DAY, DAY + timedelta(days=6)))),
    "attendance.group_week": L(lambda s, w: _svc("attendance").group_week(s, w.activity, DAY, DAY + timedelta(days=1))),
    "attendance.monday_of": PURE,
    "attendance.parse_absence": PURE,
    "attendance.parse_cell_text": PURE,
    "attendance.person_week": R(lambda s, w, t: _svc("attendance").person_week(s, t.pid, DAY, DAY + timedelta(days=1))),
    "attendance.prefill_from_schedule": PURE,
    "attendance.save_cells": W(lambda s, w, t: _svc("attendance").save_cells(
        s, {_svc("attendance").CellKey(t.pid, w.activity, DAY + timedelta(days=1)): _svc("attendance").Cell(4)},
        today=DAY + timedelta(days=2))),
    # audit
    "audit.changes": PURE,
    "audit.content_digest": PURE,
    "audit.entries": ADM(lambda s, w: _svc("audit").entries(s)),
    "audit.entry_hash": PURE,
    "audit.latest_change_id": UR(lambda s, w: _svc("audit").latest_change_id(s), note="an id: whether anything changed"),
    "audit.read_counts": ADM(lambda s, w: _svc("audit").read_counts(s, DAY)),
    "audit.record": INTERNAL("the services write the log in their own transactions"),
    "audit.record_export": INTERNAL("records an export the caller made"),
    "audit.record_many": INTERNAL("the services write the log in their own transactions"),
    "audit.review": ADM(lambda s, w: _svc("audit").review(s, DAY.year, DAY.month)),
    "audit.anchor_at_start": INTERNAL("anchors the log's head outside the register at start (ids and hashes)"),
    "audit.current_head": UR(lambda s, w: _svc("audit").current_head(s), note="an entry id, its hash and time"),
    "audit.pseudonymized_digest": PURE,
    "audit.verify": UR(lambda s, w: _svc("audit").verify(s), note="problems name entry ids only (audit helper)"),
    "audit.verify_chain": UR(lambda s, w: _svc("audit").verify_chain(s),
                             note="problems name entry ids only (the audit-chain helper owns it)"),
    # authz
    **{f"authz.{n}": INTERNAL("the access checks themselves") for n in (
        "actor", "allowed_municipalities", "check_municipality", "check_participant", "require_admin",
        "require_write", "visible", "visible_ids")},
    # demo
    "demo.fictitious_personnummer": PURE,
    "demo.make_demo": ADM(lambda s, w: _svc("demo").make_demo(s, participants_count=1), control=False,
                          note="needs an empty register; the refusal comes first"),
    # enrollments
    "enrollments.add_enrollment": W(lambda s, w, t: _svc("enrollments").add_enrollment(
        s, t.pid, DAY - timedelta(days=300), DAY - timedelta(days=200), None, "A1")),
    "enrollments.close_enrollment": W(lambda s, w, t: _svc("enrollments").close_enrollment(
        s, t.enrollment, DAY + timedelta(days=2), "A1")),
    "enrollments.delete_enrollment": W(lambda s, w, t: _svc("enrollments").delete_enrollment(s, t.enrollment)),
    "enrollments.get_enrollment": R(lambda s, w, t: _svc("enrollments").get_enrollment(s, t.enrollment)),
    "enrollments.list_enrollments": R(lambda s, w, t: _svc("enrollments").list_enrollments(s, t.pid)),
    "enrollments.clean_municipality": UR(lambda s, w: _svc("enrollments").clean_municipality(s, "0860", "0860")),
    "enrollments.overlap_message": PURE,
    "enrollments.person_municipality": R(lambda s, w, t: _svc("enrollments").person_municipality(s, t.pid)),
    "enrollments.update_enrollment": W(lambda s, w, t: _svc("enrollments").update_enrollment(
        s, t.enrollment, DAY - timedelta(days=8), None, None, None)),
    # gallring
    "gallring.describe": PURE,
    "gallring.last_entries": ADM(lambda s, w: _svc("gallring").last_entries(s)),
    "gallring.preview": ADM(lambda s, w: _svc("gallring").preview(s)),
    "gallring.run": ADM(lambda s, w: _svc("gallring").run(s, [])),
    # eb_import (issue 20)
    "eb_import.import_extract": UW(lambda db, w: _svc("eb_import").import_extract(db, _eb_file(w, NEW_PNR)), db=True,
                                   note="another municipality's person is dropped as not in the register: "
                                        "test_results.py::test_a_coach_of_0860_sees_nothing_of_2260"),
    "eb_import.parse_amount": PURE,
    "eb_import.parse_month": PURE,
    # importing
    "importing.all_handlers": PURE,
    "period_import.check_period_overlaps": INTERNAL("a step of import_workbook"),
    "importing.import_workbook": W(_import, db=True, control=False, refusals=(
        NotFoundError, PermissionDenied, importlib.import_module("ame_desktop.services.importing").ImportFailed),
                                   note="dry run: test_a_dry_run_treats_another_municipalitys_person_as_unknown"),
    "period_import.plan_period_changes": INTERNAL("a step of import_workbook"),
    "period_import.write_periods": INTERNAL("a step of import_workbook"),
    # kolada
    "kolada.compute_kolada": R(lambda s, w, t: _svc("kolada").compute_kolada(s, DAY.year, municipality=t.code)),
    "kolada.compute_kolada#all": L(lambda s, w: _svc("kolada").compute_kolada(s, DAY.year)),
    "kolada.confirmable_from": PURE,
    "kolada.data_years": UR(lambda s, w: _svc("kolada").data_years(s), note="years only"),
    "kolada.exported_kpis": PURE,
    "kolada.job_start": PURE,
    "kolada.kas_inputs": R(lambda s, w, t: _svc("kolada").kas_inputs(s, t.code, DAY.year)),
    "kolada.kpi_title": PURE,
    "kolada.last_year_of": PURE,
    "kolada.municipalities_with_participants": L(lambda s, w: _svc("kolada").municipalities_with_participants(s),
                                                 check=_no_2260),
    "kolada.persons_in_figure": R(lambda s, w, t: _svc("kolada").persons_in_figure(
        s, DAY.year, None, t.code, "U40455")),
    "kolada.set_kas_input": W(lambda s, w, t: _svc("kolada").set_kas_input(s, t.code, DAY.year, "U40000", "T", 3.5)),
    # kolada_client
    "kolada_client.cached_group": UR(lambda s, w: _svc("kolada_client").cached_group(s, "G1"),
                                     note="published statistics"),
    "kolada_client.cached_groups": UR(lambda s, w: _svc("kolada_client").cached_groups(s)),
    "kolada_client.cached_similar_group": UR(lambda s, w: _svc("kolada_client").cached_similar_group(s, "0860")),
    "kolada_client.cached_values": UR(lambda s, w: _svc("kolada_client").cached_values(s, ["U40455"], ["0860"],
                                                                                      [2024])),
    "kolada_client.clean_codes": UR(lambda s, w: _svc("kolada_client").clean_codes(["0860", "2260"], s),
                                    note="checks codes against the reference table"),
    "kolada_client.clean_group_id": PURE,
    "kolada_client.clean_kpis": PURE,
    "kolada_client.clean_years": PURE,
    "kolada_client.fetch_to_cache": UW(_fetch, db=True, control=False,
                                       note="the control would go out on the network"),
    "kolada_client.import_response_file": UW(lambda s, w: _svc("kolada_client").import_response_file(
        s, KOLADA_SAMPLE)),
    "kolada_client.parse_page": PURE,
    "kolada_client.pick_similar_group": PURE,
    "kolada_client.similar_group_matches": PURE,
    "kolada_client.store_groups": UW(lambda s, w: _svc("kolada_client").store_groups(s, [])),
    "kolada_client.store_values": UW(lambda s, w: _svc("kolada_client").store_values(s, [])),
    # kolada_compare
    "kolada_compare.compare": R(lambda s, w, t: _svc("kolada_compare").compare(s, t.code)),
    "kolada_compare.compare_kpis": PURE,
    "kolada_compare.default_peers": UR(lambda s, w: _svc("kolada_compare").default_peers(s, "0860"),
                                       note="Kolada's municipality groups"),
    "kolada_compare.kpi_info": PURE,
    # maintenance
    "maintenance.check_backup_file": INTERNAL("checks a file given on the command line (`check FILE`)"),
    "maintenance.check_register": INTERNAL("integrity of the whole file (`check`), names no person"),
    "maintenance.open_and_check": INTERNAL("integrity of the whole file (`check`), names no person"),
    # participant_list
    "participant_list.enrolled_between": L(lambda s, w: _svc("participant_list").enrolled_between(
        s, DAY, DAY + timedelta(days=6))),
    "participant_list.list_rows": R(lambda s, w, t: _svc("participant_list").list_rows(s, [t.pid])),
    "participant_list.matching_ids": L(lambda s, w: _svc("participant_list").matching_ids(
        s, _svc("participant_list").ListFilter()), check=_ids_exclude_a),
    "participant_list.municipalities_in_use": L(lambda s, w: _svc("participant_list").municipalities_in_use(s),
                                                check=_no_2260),
    "participant_list.picker_person": R(lambda s, w, t: _svc("participant_list").picker_person(s, t.pid)),
    "participant_list.scheduled_per_activity": L(lambda s, w: _svc("participant_list").scheduled_per_activity(s),
                                                 check=lambda c, a, w: c.get(w.activity) == 1
                                                 and a.get(w.activity) == 2),
    # participants
    "participants.clean_participant": R(lambda s, w, t: _svc("participants").clean_participant(
        s, _svc("participants").ParticipantInput(t.pnr, "Ny", "Namn", municipality_code="0860")),
        refusals=(ValidationError,), control=False, note="a new record with the number is refused, neutrally"),
    "participants.create_participant": W(lambda s, w, t: _svc("participants").create_participant(s, _new_person(t))),
    "participants.email": PURE,
    "participants.find_participant": R(lambda s, w, t: _svc("participants").find_participant(s, t.pnr)),
    "participants.get_participant": R(lambda s, w, t: _svc("participants").get_participant(s, t.pid)),
    "participants.input_from": PURE,
    "participants.municipality_code": UR(lambda s, w: _svc("participants").municipality_code(s, "0860")),
    "participants.open_record": R(lambda s, w, t: _svc("participants").open_record(s, t.pid)),
    "participants.update_participant": W(lambda s, w, t: _svc("participants").update_participant(
        s, t.pid, _input_of(s, t))),
    # plans
    "plan_prints.active_participants": L(lambda s, w: _svc("plan_prints").active_participants(s, today=DAY)),
    "plan_prints.batch_file_name": PURE,
    "plan_content.clean_plan": R(lambda s, w, t: _svc("plan_content").clean_plan(s, t.pid, _plan())),
    "plan_content.current_period": R(lambda s, w, t: _svc("plan_content").current_period(s, t.pid, DAY)),
    "plan_versions.draft_plan": R(lambda s, w, t: _svc("plan_versions").draft_plan(s, t.pid)),
    "plan_prints.get_print": R(lambda s, w, t: _svc("plan_prints").get_print(s, t.print_id)),
    "plan_versions.get_version": R(lambda s, w, t: _svc("plan_versions").get_version(s, t.pid)),
    "plan_prints.kommun_name": PURE,
    "plan_prints.list_prints": R(lambda s, w, t: _svc("plan_prints").list_prints(s, t.pid)),
    "plan_versions.list_versions": R(lambda s, w, t: _svc("plan_versions").list_versions(s, t.pid)),
    "plan_prints.logo_file": PURE,
    "demo.plans.make_demo_data": ADM(lambda s, w: _svc("demo.plans").make_demo_data(s, __import__("random").Random(1), DAY)),
    "plan_versions.os_user": PURE,
    "plan_content.plan_warnings": PURE,
    "plan_content.prefill_from_register": R(lambda s, w, t: _svc("plan_content").prefill_from_register(s, t.pid)),
    "plan_prints.print_batch": R(_batch, db=True, note="printing is a recorded read: a reader may print"),
    "plan_prints.print_in_force": R(lambda s, w, t: _svc("plan_prints").print_in_force(s, t.pid, date.today())),
    "plan_prints.print_participant_plan": R(lambda s, w, t: _svc("plan_prints").print_participant_plan(
        s, t.pid, w.tmp / f"p-{t.key}.pdf")),
    "plan_prints.print_plan": R(lambda s, w, t: _svc("plan_prints").print_plan(s, t.pnr, w.tmp / f"pp-{t.key}.pdf")),
    "plan_prints.reprint": R(_reprint),
    "plan_versions.save_plan": W(lambda s, w, t: _svc("plan_versions").save_plan(s, t.pid, _plan())),
    "plan_prints.snapshot_hash": PURE,
    "plan_prints.step_chart": R(lambda s, w, t: _svc("plan_prints").step_chart(s, t.pid)),
    # reference
    "reference.kommuner": UR(lambda s, w: _svc("reference").kommuner(s)),
    "reference.municipality_name": UR(lambda s, w: _svc("reference").municipality_name(s, "2260")),
    # referrals
    "referrals.add_referral": W(lambda s, w, t: _svc("referrals").add_referral(s, t.pid, DAY, "AF")),
    "referrals.delete_referral": W(lambda s, w, t: _svc("referrals").delete_referral(s, t.referral)),
    "referrals.get_referral": R(lambda s, w, t: _svc("referrals").get_referral(s, t.referral)),
    "referrals.list_referrals": R(lambda s, w, t: _svc("referrals").list_referrals(s, t.pid)),
    "referrals.update_referral": W(lambda s, w, t: _svc("referrals").update_referral(
        s, t.referral, DAY - timedelta(days=14), "SOC", "Ändrad")),
    # register_extract
    "register_extract.make_extract": R(lambda s, w, t: _svc("register_extract").make_extract(s, t.pnr)),
    # settings
    "settings.all_settings": UR(lambda s, w: _svc("settings").all_settings(s)),
    "settings.default_municipality": UR(lambda s, w: _svc("settings").default_municipality(s)),
    "settings.full_time_hours": UR(lambda s, w: _svc("settings").full_time_hours(s)),
    "settings.get_setting": UR(lambda s, w: _svc("settings").get_setting(s, "unit_name")),
    "settings.set_setting": ADM(lambda s, w: _svc("settings").set_setting(s, "unit_name", "Enheten")),
    # staff
    "staff.add_staff": ADM(lambda s, w: _svc("staff").add_staff(s, "Ny Kollega")),
    "staff.find_staff_by_name": UR(lambda s, w: _svc("staff").find_staff_by_name(s, "Kerstin Ålund")),
    "staff.get_staff": UR(lambda s, w: _svc("staff").get_staff(s, w.staff)),
    "staff.list_staff": UR(lambda s, w: _svc("staff").list_staff(s)),
    "staff.rename_staff": ADM(lambda s, w: _svc("staff").rename_staff(s, w.staff, "Kerstin Ålund-Berg")),
    "staff.set_staff_active": ADM(lambda s, w: _svc("staff").set_staff_active(s, w.staff, False)),
    # stats
    "stats.register_counts": L(lambda s, w: _svc("stats").register_counts(s), check=_counts_exclude_a),
    # steps
    "step_models.active_model": UR(lambda s, w: _svc("step_models").active_model(s)),
    "step_assessments.add_assessment": W(lambda s, w, t: _svc("step_assessments").add_assessment(s, t.pid, DAY + timedelta(days=1), 2,
                                                                           today=DAY + timedelta(days=2))),
    "step_models.add_dimension": ADM(lambda s, w: _svc("step_models").add_dimension(s, "Boende")),
    "step_models.assessment_counts": UR(lambda s, w: _svc("step_models").assessment_counts(s),
                                  note="assessments per ladder version: whether a ladder is in use, no person"),
    "step_assessments.assessment_date": PURE,
    "step_assessments.assessor_value": UR(lambda s, w: _svc("step_assessments").assessor_value(s, "Kerstin Ålund"), note="staff names"),
    "step_assessments.chart_data": R(lambda s, w, t: _svc("step_assessments").chart_data(s, t.pid)),
    "step_models.create_model": ADM(lambda s, w: _svc("step_models").create_model(
        s, "Ny stege", None, [_svc("step_models").LevelInput("Ett"), _svc("step_models").LevelInput("Två")])),
    "step_models.current_version": UR(lambda s, w: _svc("step_models").current_version(s, w.model)),
    "step_assessments.delete_assessment": W(lambda s, w, t: _svc("step_assessments").delete_assessment(s, t.assessment)),
    "step_models.edit_model": ADM(lambda s, w: _svc("step_models").edit_model(
        s, w.model, "Standardmodell", None, [_svc("step_models").LevelInput(lv.name, lv.description)
                                             for lv in _svc("step_models").levels(s, w.model)])),
    "step_assessments.find_level": UR(lambda s, w: _svc("step_assessments").find_level(s, _svc("step_models").get_model(s, w.model), 1)),
    "step_assessments.first_enrollment_start": R(lambda s, w, t: _svc("step_assessments").first_enrollment_start(s, t.pid)),
    "step_assessments.get_assessment": R(lambda s, w, t: _svc("step_assessments").get_assessment(s, t.assessment)),
    "step_models.get_dimension": UR(lambda s, w: _svc("step_models").get_dimension(s, w.dimension)),
    "step_models.get_model": UR(lambda s, w: _svc("step_models").get_model(s, w.model)),
    "step_assessments.history": R(lambda s, w, t: _svc("step_assessments").history(s, t.pid)),
    "step_models.ladders_in_use": UR(lambda s, w: _svc("step_models").ladders_in_use(s)),
    "step_figures.level_distribution": L(lambda s, w: _svc("step_figures").level_distribution(s, DAY + timedelta(days=1)),
                                  check=_fewer),
    "step_models.levels": UR(lambda s, w: _svc("step_models").levels(s, w.model)),
    "step_models.list_dimensions": UR(lambda s, w: _svc("step_models").list_dimensions(s)),
    "step_models.list_models": UR(lambda s, w: _svc("step_models").list_models(s)),
    "demo.steps.make_demo_data": ADM(lambda s, w: _svc("demo.steps").make_demo_data(s, __import__("random").Random(1), DAY)),
    "step_assessments.rating_value": PURE,
    "step_models.rename_dimension": ADM(lambda s, w: _svc("step_models").rename_dimension(s, w.dimension, "Drivkraft")),
    "step_models.set_active_model": ADM(lambda s, w: _svc("step_models").set_active_model(s, w.model)),
    "step_models.set_dimension_active": ADM(lambda s, w: _svc("step_models").set_dimension_active(s, w.dimension, False)),
    "step_models.set_model_retired": ADM(lambda s, w: _svc("step_models").set_model_retired(s, w.model, False)),
    "step_assessments.staff_by_name": UR(lambda s, w: _svc("step_assessments").staff_by_name(s), note="staff names"),
    "step_figures.summarize": L(lambda s, w: _svc("step_figures").summarize(s, DAY - timedelta(days=30), DAY + timedelta(days=1)),
                         check=_no_2260),
    "step_assessments.update_assessment": W(lambda s, w, t: _svc("step_assessments").update_assessment(
        s, t.assessment, DAY, 2, today=DAY + timedelta(days=2))),
    "step_models.versions": UR(lambda s, w: _svc("step_models").versions(s, w.model)),
}



# -- issues 16, 17, 19 and 20: aktivitetskrav, caseworkers and deliveries, KAS, follow-ups ---------
MONTH = (DAY.year, DAY.month)  # October 2025: the world's requirement month


def _deliveries(coach, admin, w):
    return coach == [w.h.delivery] and sorted(admin) == sorted([w.h.delivery, w.a.delivery])


def _municipalities(coach, admin, w):
    """Register rows (caseworkers, closed days) by their municipality: the coach's are 0860's."""
    return set(coach) == {"0860"} and set(admin) == {"0860", "2260"}


def _participant_ids(coach, admin, w):
    return {n.participant_id for n in coach} == {w.h.pid} and {n.participant_id for n in admin} == {w.h.pid, w.a.pid}


def _write_correction(db, w, t):
    d = _svc("delivery")
    with db.reading() as s:
        c = d.correction(s, t.delivery)
    return d.write_correction(db, c, w.tmp / f"rattelse-{t.key}.xlsx")


def _mark_sent(s, w, t):
    """The notice of Wednesday's absence, as the window hands it over (built here, so the case
    tests mark_sent's own checks rather than pending_notices' filter)."""
    n = _svc("notices")
    day = DAY + timedelta(days=2)
    pending = [n.PendingNotice(t.pid, t.pnr, "", t.code, t.caseworker, t.caseworker_name, None,
                               [n.Item(n.KIND_OGILTIG, day, day, 1, 8.0)])]
    return n.mark_sent(s, pending, sent_on=DAY + timedelta(days=3))


def _export_notices(db, w):
    """Everything the account has waiting, written as the e-mail texts: what the file says."""
    n = _svc("notices")
    with db.reading() as s:
        pending = n.pending_notices(s)
    return n.export_notices(db, pending, w.tmp / "underrattelser.txt", today=DAY + timedelta(days=3)).read_text(
        encoding="utf-8")


def _summer(year: int, wishes: str):
    sj = _svc("summer_jobs")
    return sj.SummerJobInput(date(year, 3, 2), wishes)


def _period(s, t):
    from ame_desktop.domain.models import RequirementPeriod

    return s.get(RequirementPeriod, t.period)


def _groups(s, w):
    report = _svc("activity_report").monthly_report(s, *MONTH)
    return _svc("recipients").caseworker_groups(s, *MONTH, report)


def _per_caseworker(coach, admin, w):
    return [f.caseworker_id for f in coach.files] == [w.h.caseworker] and \
        sorted(f.caseworker_id for f in admin.files) == sorted([w.h.caseworker, w.a.caseworker])


def CW(call, **kw):
    """Only a caseworker account (handläggare ekonomiskt bistånd), and only about deliveries to her."""
    return Case("caseworker", call, **kw)


CASES.update({
    # activity_report
    "activity_report.closed_days_between": UR(lambda s, w: _svc("activity_report").closed_days_between(
        s, DAY, DAY + timedelta(days=6)), note="the unit's closed days (dates, reasons), no person; a step of "
                                               "monthly_report"),
    # activity_requirement: caseworkers
    "activity_requirement.add_caseworker": W(lambda s, w, t: _svc("activity_requirement").add_caseworker(
        s, "Ny Handläggare", t.code), note="a caseworker of the person's municipality"),
    "activity_requirement.find_caseworker": R(lambda s, w, t: _svc("activity_requirement").find_caseworker(
        s, t.caseworker_name, t.code)),
    "activity_requirement.get_caseworker": R(lambda s, w, t: _svc("activity_requirement").get_caseworker(
        s, t.caseworker)),
    "activity_requirement.list_caseworkers": L(
        lambda s, w: [x.municipality_code for x in _svc("activity_requirement").list_caseworkers(s)], check=_municipalities),
    "activity_requirement.update_caseworker": W(lambda s, w, t: _svc("activity_requirement").update_caseworker(
        s, t.caseworker, t.caseworker_name, t.code, "Försörjningsstöd vuxna")),
    # activity_requirement: closed days
    "activity_requirement.add_closed_day": W(lambda s, w, t: _svc("activity_requirement").add_closed_day(
        s, DAY + timedelta(days=4), None, t.code, "Planeringsdag"), note="closed for the person's municipality"),
    "activity_requirement.add_closed_day#all": ADM(lambda s, w: _svc("activity_requirement").add_closed_day(
        s, DAY + timedelta(days=4), None, None, "Personaldag"), note="closed for every municipality"),
    "activity_requirement.clean_closed_day": UR(lambda s, w: _svc("activity_requirement").clean_closed_day(
        s, DAY, None, "2260", "Studiedag"), note="checks what was typed (the municipality list only)"),
    "activity_requirement.closed_dates_for": R(lambda s, w, t: _svc("activity_requirement").closed_dates_for(
        s, t.code, DAY, DAY + timedelta(days=6)), note="the person's municipality's closed days"),
    "activity_requirement.closed_days_for_participants": R(
        lambda s, w, t: _svc("activity_requirement").closed_days_for_participants(s, [t.pid], DAY,
                                                                                 DAY + timedelta(days=6))),
    "activity_requirement.delete_closed_day": W(lambda s, w, t: _svc("activity_requirement").delete_closed_day(
        s, t.closed)),
    "activity_requirement.list_closed_days": L(
        lambda s, w: [x.municipality_code for x in _svc("activity_requirement").list_closed_days(s)], check=_municipalities),
    "activity_requirement.update_closed_day": W(lambda s, w, t: _svc("activity_requirement").update_closed_day(
        s, t.closed, DAY + timedelta(days=4), None, t.code, "Flyttad studiedag")),
    # activity_requirement: periods
    "activity_requirement.clean_period_values": PURE,
    "activity_requirement.end_requirement_on": W(lambda s, w, t: _svc("activity_requirement").end_requirement_on(
        s, t.pid, DAY + timedelta(days=1))),
    "activity_requirement.job_seeking_activity": UR(lambda s, w: _svc("activity_requirement").job_seeking_activity(s)),
    "activity_requirement.pension_age": PURE,
    "activity_requirement.period_warnings": PURE,
    "activity_requirement.reduction_code": PURE,
    "activity_requirement.warnings_for": R(lambda s, w, t: _svc("activity_requirement").warnings_for(
        s, _period(s, t))),
    # authz
    **{f"authz.{n}": INTERNAL("the access checks themselves") for n in ("refuse_caseworker", "require_caseworker")},
    # delivery
    "delivery.acknowledge": CW(lambda s, w, t: _svc("delivery").acknowledge(s, t.delivery, "Mottaget.")),
    "delivery.changed_after_delivery": L(lambda s, w: [d.id for d in _svc("delivery").changed_after_delivery(s)],
                                         check=_deliveries),
    "delivery.correction": R(lambda s, w, t: _svc("delivery").correction(s, t.delivery)),
    "delivery.deliver": W(lambda s, w, t: _svc("delivery").deliver(
        s, *MONTH, caseworker=t.caseworker, delivered_on=DAY + timedelta(days=3))),
    "delivery.deliver#name": W(lambda s, w, t: _svc("delivery").deliver(
        s, *MONTH, caseworker=t.caseworker_name, delivered_on=DAY + timedelta(days=3)),
        note="the caseworker named as on the command line"),
    "delivery.deliver_correction": W(lambda s, w, t: _svc("delivery").deliver_correction(
        s, t.delivery, delivered_on=DAY + timedelta(days=3))),
    "delivery.entry_hash": PURE,
    "delivery.forget_person": INTERNAL("a step of gallring.run (administrators only), in its transaction"),
    "delivery.get_delivery": R(lambda s, w, t: _svc("delivery").get_delivery(s, t.delivery)),
    "delivery.inbox": CW(lambda s, w, t: [d for d in _svc("delivery").inbox(s) if d.id == t.delivery]),
    "delivery.list_deliveries": L(lambda s, w: [d.id for d in _svc("delivery").list_deliveries(s, with_status=True)],
                                  check=_deliveries),
    "delivery.open_delivery": R(lambda s, w, t: _svc("delivery").open_delivery(
        s, t.delivery, w.tmp / f"lev-{t.key}.pdf")),
    "delivery.record_receipt": W(lambda s, w, t: _svc("delivery").record_receipt(s, t.delivery, note="Per telefon.")),
    "delivery.render": PURE,
    "delivery.reprint": R(lambda s, w, t: _svc("delivery").reprint(s, t.delivery, w.tmp / f"omtryck-{t.key}.pdf")),
    "delivery.write_correction": R(_write_correction, db=True),
    # demo.delivery, demo.kas, demo.results
    "demo.delivery.make_demo_data": ADM(lambda s, w: _svc("demo.delivery").make_demo_data(
        s, __import__("random").Random(1), DAY)),
    "demo.kas.make_demo_data": ADM(lambda s, w: _svc("demo.kas").make_demo_data(
        s, __import__("random").Random(1), DAY)),
    "demo.capacity.make_demo_data": ADM(lambda s, w: _svc("demo.capacity").make_demo_data(
        s, __import__("random").Random(1), DAY), note="issue 23: groups, workplaces and bookings of the demo"),
    "demo.results.make_demo_data": ADM(lambda s, w: _svc("demo.results").make_demo_data(
        s, __import__("random").Random(1), DAY), control=False,
        note="fills the fresh demo register (here it would record follow-ups the world already has)"),
    # eb_import
    # eb_list
    # capacity, capacity_view (issue 23)
    "capacity.add_placement": W(lambda s, w, t: _svc("capacity").add_placement(
        s, t.pid, w.rest[f"workplace_{t.key}"], DAY + timedelta(days=30), None, 10, today=DAY)),
    "capacity.book": W(lambda s, w, t: _svc("capacity").book(s, t.pid, w.rest[f"group_{t.key}"],
                                                             DAY + timedelta(days=60), today=DAY)),
    "capacity.bookable_groups": L(lambda s, w: _svc("capacity").bookable_groups(s, DAY), check=_names_only_own_group),
    "capacity.cancel_booking": W(lambda s, w, t: _svc("capacity").cancel_booking(s, w.rest[f"booking_{t.key}"],
                                                                                 today=DAY)),
    "capacity.cancel_session": W(lambda s, w, t: _svc("capacity").cancel_session(s, w.rest[f"session_{t.key}"],
                                                                                 "Handledaren sjuk")),
    "capacity.clean_group": INTERNAL("the rules of one group: create_group, update_group and the import call it"),
    "capacity.clean_workplace": INTERNAL("the rules of one workplace: create/update_workplace and the import call it"),
    "capacity.create_group": W(lambda s, w, t: _svc("capacity").create_group(s, _group_input(t)),
                               note="the group's municipality is the target's"),
    "capacity.create_workplace": W(lambda s, w, t: _svc("capacity").create_workplace(s, _workplace_input(t)),
                                   note="the workplace's municipality is the target's"),
    "capacity.delete_placement": W(lambda s, w, t: _svc("capacity").delete_placement(s, w.rest[f"placement_{t.key}"],
                                                                                     today=DAY)),
    "capacity.end_booking": W(lambda s, w, t: _svc("capacity").end_booking(s, w.rest[f"booking_{t.key}"],
                                                                           DAY + timedelta(days=7), today=DAY)),
    "capacity.end_placement": W(lambda s, w, t: _svc("capacity").end_placement(s, w.rest[f"placement_{t.key}"],
                                                                               DAY + timedelta(days=7), today=DAY)),
    "capacity.find_group": L(lambda s, w: [_svc("capacity").find_group(s, "Jobbklubb 2260"),
                                           _svc("capacity").find_group(s, "Jobbklubb 0860")],
                             check=lambda c, a, w: c[0] is None and c[1] is not None and a[0] is not None),
    "capacity.find_workplace": L(lambda s, w: [_svc("capacity").find_workplace(s, "Arbetsplats 2260"),
                                               _svc("capacity").find_workplace(s, "Arbetsplats 0860")],
                                 check=lambda c, a, w: c[0] is None and c[1] is not None and a[0] is not None),
    "capacity.generate_sessions": W(lambda s, w, t: _svc("capacity").generate_sessions(
        s, w.rest[f"group_{t.key}"], DAY + timedelta(days=30), DAY + timedelta(days=60)),
        note="the group of the target's municipality"),
    "capacity.get_booking": R(lambda s, w, t: _svc("capacity").get_booking(s, w.rest[f"booking_{t.key}"])),
    "capacity.get_group": R(lambda s, w, t: _svc("capacity").get_group(s, w.rest[f"group_{t.key}"])),
    "capacity.get_workplace": R(lambda s, w, t: _svc("capacity").get_workplace(s, w.rest[f"workplace_{t.key}"])),
    "capacity.group_members": R(lambda s, w, t: _svc("capacity").group_members(s, w.rest[f"group_{t.key}"])),
    "capacity.list_groups": L(lambda s, w: _svc("capacity").list_groups(s, on=DAY), check=_names_only_own_group),
    "capacity.list_sessions": R(lambda s, w, t: _svc("capacity").list_sessions(s, w.rest[f"group_{t.key}"])),
    "capacity.list_workplaces": L(lambda s, w: _svc("capacity").list_workplaces(s, on=DAY), check=_no_2260),
    "capacity.minutes_between": PURE,
    "capacity.parse_time": PURE,
    "capacity.parse_weekdays": PURE,
    "capacity.participant_bookings": R(lambda s, w, t: _svc("capacity").participant_bookings(s, t.pid)),
    "capacity.promote_waiting": W(lambda s, w, t: _svc("capacity").promote_waiting(s, w.rest[f"group_{t.key}"],
                                                                                   today=DAY),
                                  note="the group of the target's municipality"),
    "capacity.restore_session": W(_cancel_restore, note="cancels and restores the session of the target's group"),
    "capacity.update_group": W(lambda s, w, t: _svc("capacity").update_group(
        s, w.rest[f"group_{t.key}"], _group_input(t, "Jobbklubb"))),
    "capacity.update_workplace": W(lambda s, w, t: _svc("capacity").update_workplace(
        s, w.rest[f"workplace_{t.key}"], _workplace_input(t, "Arbetsplats"))),
    "capacity.weekdays_text": PURE,
    "capacity.workplace_placements": R(lambda s, w, t: _svc("capacity").workplace_placements(
        s, w.rest[f"workplace_{t.key}"])),
    "capacity_view.capacity": L(lambda s, w: _svc("capacity_view").capacity(s, "2025-10", 1),
                                check=_names_only_own_group),
    "capacity_view.capacity#municipality": R(lambda s, w, t: _svc("capacity_view").capacity(
        s, "2025-10", 1, municipality=t.code)),
    "capacity_view.clear_cache": PURE,
    "capacity_view.parse_month_period": PURE,
    "capacity_view.parse_period": PURE,
    "capacity_view.parse_week": PURE,
    "capacity_view.underscheduled": L(lambda s, w: _svc("capacity_view").underscheduled(s, "2025-W41")),
    "capacity_view.underscheduled#municipality": R(lambda s, w, t: _svc("capacity_view").underscheduled(
        s, "2025-W41", t.code)),
    "capacity_view.underscheduled_count": L(lambda s, w: _svc("capacity_view").underscheduled_count(s, "2025-W41"),
                                            check=lambda c, a, w: c == 1 and a == 2),
    "capacity_view.week_of": PURE,
    "capacity_view.write_capacity": L(_capacity_file, db=True, check=_names_only_own_group),
    "capacity_view.write_underscheduled": L(_under_file, db=True),
    "eb_list.eb_list": R(lambda s, w, t: _svc("eb_list").eb_list(s, *MONTH, municipality=t.code)),
    "eb_list.eb_list#all": L(lambda s, w: _svc("eb_list").eb_list(s, *MONTH)),
    "eb_list.export_eb_list": R(lambda db, w, t: _svc("eb_list").export_eb_list(
        db, *MONTH, w.tmp / f"eb-lista-{t.key}.xlsx", municipality=t.code), db=True),
    "eb_list.export_eb_list#all": L(lambda db, w: _svc("eb_list").export_eb_list(
        db, *MONTH, w.tmp / "eb-lista.csv"), db=True),
    # followups
    "followups.as_json": PURE,
    "followups.delete_followup": W(lambda s, w, t: _svc("followups").delete_followup(s, t.followup)),
    "followups.due_followups": L(lambda s, w: _svc("followups").due_followups(s, today=DAY + timedelta(days=1))),
    "followups.due_followups#municipality": R(lambda s, w, t: _svc("followups").due_followups(
        s, today=DAY + timedelta(days=1), municipality=t.code)),
    "followups.due_summary": L(lambda s, w: _svc("followups").due_summary(s, today=DAY + timedelta(days=1)),
                               check=lambda c, a, w: (c.this_week + c.overdue, a.this_week + a.overdue) == (2, 4)),
    "followups.enrollment_followups": R(lambda s, w, t: _svc("followups").enrollment_followups(
        s, t.ended, today=DAY + timedelta(days=1))),
    "followups.offsets": UR(lambda s, w: _svc("followups").offsets(s)),
    "followups.record_followup": W(lambda s, w, t: _svc("followups").record_followup(
        s, t.ended, 6, t.exit_date + timedelta(days=190), "REGISTER", "LON", today=DAY + timedelta(days=1))),
    "followups.states_for": INTERNAL("a step of due_followups, enrollment_followups and results: the caller's "
                                     "select, already limited with authz.visible, picks the enrollments"),
    "followups.week_bounds": PURE,
    # maintenance
    "maintenance.odd_text_problems": INTERNAL("a step of check_register (`check`): participant ids only"),
    "maintenance.rule_problems": INTERNAL("a step of check_register (`check`): participant ids only"),
    "maintenance.database_separation_problems": INTERNAL("a step of check_register on PostgreSQL: the "
                                                         "database's policies and grants, names no person"),
    # notices
    "notices.export_notices": L(_export_notices, db=True, note="writes the list pending_notices gave"),
    "notices.mark_sent": W(_mark_sent),
    "notices.pending_notices": L(lambda s, w: _svc("notices").pending_notices(s)),
    "notices.pending_notices#person": R(lambda s, w, t: _svc("notices").pending_notices(s, [t.pid])),
    "notices.rules": UR(lambda s, w: _svc("notices").rules(s)),
    "notices.sent_notices": L(lambda s, w: _svc("notices").sent_notices(s), check=_participant_ids),
    "notices.sent_notices#person": R(lambda s, w, t: _svc("notices").sent_notices(s, t.pid)),
    "notices.waiting_count": L(lambda s, w: _svc("notices").waiting_count(s), check=lambda c, a, w: (c, a) == (1, 2)),
    # participant_copy
    "participant_copy.certificates": R(lambda s, w, t: _svc("participant_copy").certificates(s, *MONTH, [t.pid])),
    "participant_copy.certificates#all": L(lambda s, w: _svc("participant_copy").certificates(s, *MONTH)),
    "participant_copy.week_schedules": R(lambda s, w, t: _svc("participant_copy").week_schedules(s, [t.pid])),
    "participant_copy.write_certificates": R(lambda db, w, t: _svc("participant_copy").write_certificates(
        db, *MONTH, w.tmp / f"intyg-{t.key}.pdf", [t.pid]), db=True),
    "participant_copy.write_certificates#all": L(lambda db, w: _svc("participant_copy").write_certificates(
        db, *MONTH, w.tmp / "intyg.pdf"), db=True, check=lambda c, a, w: (c, a) == (1, 2)),
    "participant_copy.write_week_schedules": R(lambda db, w, t: _svc("participant_copy").write_week_schedules(
        db, [t.pid], w.tmp / f"schema-{t.key}.pdf"), db=True),
    # quarter
    "quarter.export_quarter": R(lambda db, w, t: _svc("quarter").export_quarter(
        db, DAY.year, 4, w.tmp / f"kvartal-{t.key}.xlsx", municipality=t.code), db=True),
    "quarter.export_quarter#all": L(lambda db, w: _svc("quarter").export_quarter(
        db, DAY.year, 4, w.tmp / "kvartal.xlsx"), db=True, check=_no_2260),
    "quarter.quarter_report": R(lambda s, w, t: _svc("quarter").quarter_report(s, DAY.year, 4, municipality=t.code)),
    "quarter.quarter_report#all": L(lambda s, w: _svc("quarter").quarter_report(s, DAY.year, 4), check=_no_2260),
    # recipients
    "recipients.caseworker_groups": L(_groups),
    "recipients.caseworkers": L(lambda s, w: _svc("recipients").caseworkers(s), check=_no_2260),
    "recipients.clients_in_month": L(lambda s, w: _svc("recipients").clients_in_month(s, *MONTH),
                                     check=_ids_exclude_a),
    "recipients.default_workers": PURE,
    "recipients.find_caseworker": R(lambda s, w, t: _svc("recipients").find_caseworker(s, t.caseworker_name)),
    "recipients.find_caseworker#municipality": R(lambda s, w, t: _svc("recipients").find_caseworker(
        s, t.caseworker_name, t.code)),
    "recipients.find_caseworkers": R(lambda s, w, t: _svc("recipients").find_caseworkers(s, t.caseworker_name)),
    "recipients.month_clients": R(lambda s, w, t: _svc("recipients").month_clients(s, *MONTH, t.caseworker)),
    "recipients.month_clients#all": L(lambda s, w: _svc("recipients").month_clients(s, *MONTH)),
    "recipients.name_key": PURE,
    "recipients.person_ids_for": R(lambda s, w, t: _svc("recipients").person_ids_for(s, [t.pnr])),
    "recipients.report_for_caseworker": R(lambda s, w, t: _svc("recipients").report_for_caseworker(
        s, *MONTH, t.caseworker)),
    "recipients.report_for_caseworker#name": R(lambda s, w, t: _svc("recipients").report_for_caseworker(
        s, *MONTH, t.caseworker_name)),
    "recipients.report_for_person": R(lambda s, w, t: _svc("recipients").report_for_person(s, *MONTH, t.pnr)),
    "recipients.safe_file_stem": PURE,
    "recipients.write_for_recipient": R(lambda db, w, t: _svc("recipients").write_for_recipient(
        db, *MONTH, w.tmp / f"person-{t.key}.json", personnummer=t.pnr), db=True),
    "recipients.write_for_recipient#caseworker": R(lambda db, w, t: _svc("recipients").write_for_recipient(
        db, *MONTH, w.tmp / f"handlaggare-{t.key}.json", caseworker=t.caseworker_name), db=True),
    "recipients.write_per_caseworker": L(lambda db, w: _svc("recipients").write_per_caseworker(
        db, *MONTH, w.tmp / "per-handlaggare", "json"), db=True, check=_per_caseworker),
    # results
    "results.compute_results": R(lambda s, w, t: _svc("results").compute_results(
        s, DAY - timedelta(days=600), DAY, t.code, today=DAY + timedelta(days=1))),
    "results.compute_results#all": L(lambda s, w: _svc("results").compute_results(
        s, DAY - timedelta(days=600), DAY, today=DAY + timedelta(days=1))),
    "results.last_exit_date": L(lambda s, w: _svc("results").last_exit_date(s),
                                check=lambda c, a, w: (c, a) == (w.h.exit_date, w.a.exit_date)),
    "results.municipality_choices": L(lambda s, w: _svc("results").municipality_choices(s), check=_no_2260),
    "results.write_results_report": R(lambda db, w, t: _svc("results").write_results_report(
        db, DAY - timedelta(days=600), DAY, w.tmp / f"resultat-{t.key}.json", t.code, today=DAY), db=True),
    "results.write_results_report#all": L(lambda db, w: _svc("results").write_results_report(
        db, DAY - timedelta(days=600), DAY, w.tmp / "resultat.json", today=DAY), db=True),
    # settings
    "settings.job_seeking_minimum_hours": UR(lambda s, w: _svc("settings").job_seeking_minimum_hours(s)),
    "settings.sick_without_certificate_days": UR(lambda s, w: _svc("settings").sick_without_certificate_days(s)),
    # snapshot_codec
    **{f"snapshot_codec.{n}": PURE for n in ("decode", "dump", "encode", "report_classes", "sha256")},
    # summer_jobs
    "summer_jobs.add_summer_job": W(lambda s, w, t: _svc("summer_jobs").add_summer_job(
        s, t.pid, _summer(2026, "Park"))),
    "summer_jobs.delete_summer_job": W(lambda s, w, t: _svc("summer_jobs").delete_summer_job(s, t.summer_job)),
    "summer_jobs.export_summer_jobs": R(lambda db, w, t: _svc("summer_jobs").export_summer_jobs(
        db, _svc("summer_jobs").SummerJobFilter(municipality=t.code), w.tmp / f"ferie-{t.key}.xlsx"), db=True),
    "summer_jobs.export_summer_jobs#all": L(lambda db, w: _svc("summer_jobs").export_summer_jobs(
        db, _svc("summer_jobs").SummerJobFilter(), w.tmp / "ferie.xlsx"), db=True,
        check=lambda c, a, w: (c[1], a[1]) == (1, 2)),
    "summer_jobs.get_summer_job": R(lambda s, w, t: _svc("summer_jobs").get_summer_job(s, t.summer_job)),
    "summer_jobs.list_for_participant": R(lambda s, w, t: _svc("summer_jobs").list_for_participant(s, t.pid)),
    "summer_jobs.list_summer_jobs": L(lambda s, w: _svc("summer_jobs").list_summer_jobs(s)),
    "summer_jobs.list_summer_jobs#municipality": R(lambda s, w, t: _svc("summer_jobs").list_summer_jobs(
        s, _svc("summer_jobs").SummerJobFilter(municipality=t.code))),
    "summer_jobs.summer_years": L(lambda s, w: _svc("summer_jobs").summer_years(s),
                                  check=lambda c, a, w: (c, a) == ([2025], [2025, 2024])),
    "summer_jobs.update_summer_job": W(lambda s, w, t: _svc("summer_jobs").update_summer_job(
        s, t.summer_job, _summer(2023, "Kontor"))),
    # work_confirmation
    "work_confirmation.confirm_work": W(lambda s, w, t: _svc("work_confirmation").confirm_work(
        s, t.ended, t.exit_date + timedelta(days=40), today=DAY)),
    "work_confirmation.pending_confirmations": L(lambda s, w: _svc("work_confirmation").pending_confirmations(
        s, today=DAY)),
    "work_confirmation.pending_confirmations#municipality": R(
        lambda s, w, t: _svc("work_confirmation").pending_confirmations(s, today=DAY, municipality=t.code)),
    "work_confirmation.set_job_start": W(lambda s, w, t: _svc("work_confirmation").set_job_start(
        s, t.ended, t.exit_date + timedelta(days=3))),
    "work_confirmation.work_did_not_last": W(lambda s, w, t: _svc("work_confirmation").work_did_not_last(
        s, t.ended, "E9", "Anställningen upphörde efter två veckor.")),
})

def _version_id(s, t):
    import sqlalchemy as sa

    from ame_desktop.domain.models import PlanVersion

    return s.execute(sa.select(PlanVersion.id).where(PlanVersion.participant_id == t.pid)).scalar_one()


def _journal_id(s, t) -> int:
    """A journal entry about t written just now by whoever acts (put in directly, so the case
    tests the service's own checks for changing it)."""
    from ame_desktop.domain.models import JournalEntry
    from ame_desktop.services import authz

    e = JournalEntry(participant_id=t.pid, entry_date=DAY, category="SAMTAL", text="Samtal.",
                     author=authz.actor(s).name, written_at=datetime.now().replace(microsecond=0))
    s.add(e)
    s.flush()
    return e.id


CASES["journal.add_entry"] = W(lambda s, w, t: _svc("journal").add_entry(s, t.pid, DAY, "SAMTAL", "Samtal om praktik."))
CASES["journal.list_entries"] = R(lambda s, w, t: (_journal_id(s, t), _svc("journal").list_entries(s, t.pid))[1])
CASES["journal.update_entry"] = W(lambda s, w, t: _svc("journal").update_entry(
    s, _journal_id(s, t), DAY, "MOTE", "Möte i stället."))
CASES["journal.correct_entry"] = W(lambda s, w, t: _svc("journal").correct_entry(s, _journal_id(s, t), "Rättelse."))


# Issue 24: the consent register, and Windows sign-in on one PC.
def _consent_given(s, t):
    """An AF consent of t given on DAY, put in directly (so the case tests the service's own checks)."""
    from ame_desktop.domain.models import Consent

    s.add(Consent(participant_id=t.pid, purpose="AF", action="LAMNAT", consent_date=DAY, method="SKRIFTLIGT",
                  registered_by="test"))
    s.flush()


CASES["consent.give"] = W(lambda s, w, t: _svc("consent").give(s, t.pid, "af", DAY, "skriftligt"))
CASES["consent.withdraw"] = W(lambda s, w, t: (_consent_given(s, t), _svc("consent").withdraw(
    s, t.pid, "af", DAY + timedelta(days=1), "muntligt"))[1])
CASES["consent.history"] = R(lambda s, w, t: (_consent_given(s, t), _svc("consent").history(s, t.pid))[1])
CASES["consent.status"] = R(lambda s, w, t: _svc("consent").status(s, t.pid, DAY))
CASES["consent.in_force"] = R(lambda s, w, t: (_consent_given(s, t), _svc("consent").in_force(s, t.pid, "af", DAY))[1])
CASES["consent.person_consents"] = R(lambda s, w, t: _svc("consent").person_consents(s, t.pnr, DAY))
CASES["consent.af_warning"] = R(lambda s, w, t: _svc("consent").af_warning(s, t.pid, DAY - timedelta(days=3650)))
CASES["consent.af_entries"] = INTERNAL("the AF log's flag reads them for people it already may see")
CASES["consent.seed_af_from_contact"] = INTERNAL("called by af_contacts.add_contact/update_contact and the import "
                                                 "after their own checks")
CASES["consent.describe"] = PURE
CASES["accounts.current_windows_identity"] = PURE
CASES["accounts.identity_source"] = PURE
CASES["accounts.windows_tie"] = PURE
CASES["accounts.windows_sign_in"] = INTERNAL("sign-in itself")
CASES["accounts.windows_sign_in_db"] = INTERNAL("sign-in itself")


def _windows_tie(s, w):
    """Tie the reader's account to a Windows user (a local register only; PostgreSQL refuses every
    tie, so there the case removes one, which has the same check)."""
    acc = _svc("accounts")
    if s.get_bind().dialect.name == "sqlite":
        return acc.set_windows_sign_in(s, w.users["reader"].staff_id, "KOMMUN\\lasare", "PC-1")
    return acc.remove_windows_sign_in(s, w.users["reader"].staff_id)


CASES["accounts.set_windows_sign_in"] = ADM(_windows_tie)
CASES["accounts.remove_windows_sign_in"] = ADM(lambda s, w: _svc("accounts").remove_windows_sign_in(
    s, w.users["reader"].staff_id))


CASES["plan_prints.build_snapshot"] = R(lambda s, w, t: _svc("plan_prints").build_snapshot(
    s, s.get(_svc("plan_prints").Participant, t.pid), s.get(_svc("plan_prints").PlanVersion, _version_id(s, t)),
    datetime(2025, 10, 6, 12), "x"))


# -- issue 24: protected identity -------------------------------------------------------------------
def _mark(s, *people) -> None:
    """Mark people straight in the (rolled-back) transaction, so each case tests the service's own checks."""
    from ame_desktop.domain.models import ProtectedIdentity

    for t in people:
        if s.get(ProtectedIdentity, t.pid) is None:
            s.add(ProtectedIdentity(participant_id=t.pid, kind="SEKRETESS", marked_on=DAY, registered_by="test",
                                    pseudonym=f"SKYDD-TEST{t.key.upper()}"))
    s.flush()


@dataclass(frozen=True)
class _Row:
    participant_id: int
    personnummer: str
    name: str


def _pi():
    return _svc("protected_identity")


CASES.update({
    "protected_identity.is_protected": R(lambda s, w, t: _pi().is_protected(s, t.pid)),
    "protected_identity.may_see_contact": R(lambda s, w, t: _pi().may_see_contact(s, t.pid)),
    "protected_identity.contact_view": R(lambda s, w, t: _pi().contact_view(
        s, s.get(_svc("participants").Participant, t.pid))),
    "protected_identity.title_name": R(lambda s, w, t: (_mark(s, t), _pi().title_name(
        s, s.get(_svc("participants").Participant, t.pid)))[1]),
    "protected_identity.get_mark": R(lambda s, w, t: (_mark(s, t), _pi().get_mark(s, t.pid))[1]),
    "protected_identity.set_mark": W(lambda s, w, t: _pi().set_mark(s, t.pid, "SEKRETESS", DAY, [w.staff])),
    "protected_identity.remove_mark": ADM(lambda s, w: (_mark(s, w.h), _pi().remove_mark(s, w.h.pid))),
    "protected_identity.find_staff": UR(lambda s, w: _pi().find_staff(s, ["Kerstin Ålund", "lasare"]),
                                        note="staff names and usernames, no participant"),
    "protected_reads.protected_ids": L(lambda s, w: (_mark(s, w.h, w.a), _pi().protected_ids(s))[1],
                                          check=lambda c, a, w: c == {w.h.pid} and a == {w.h.pid, w.a.pid}),
    "protected_identity.leave_out": L(lambda s, w: (_mark(s, w.h, w.a), _pi().leave_out(s, [w.h.pid, w.a.pid]))[1],
                                      check=lambda c, a, w: c == ([w.a.pid], 1) and a == ([], 2),
                                      note="the coach learns nothing of the 2260 person's mark"),
    "protected_identity.pseudonyms": L(lambda s, w: (_mark(s, w.h, w.a), _pi().pseudonyms(s))[1],
                                       check=lambda c, a, w: set(c) == {w.h.pid} and set(a) == {w.h.pid, w.a.pid}),
    "protected_identity.pseudonym_by_number": L(lambda s, w: (_mark(s, w.h, w.a), _pi().pseudonym_by_number(s))[1]),
    "protected_identity.pseudonymise": L(lambda s, w: (_mark(s, w.h, w.a), _pi().pseudonymise(
        s, [_Row(w.a.pid, A_PNR, "Märta Öberg")]))[1][1], check=lambda c, a, w: (c, a) == (0, 1),
        note="the caller's own rows; the coach's are left as given (she sees no 2260 person to pseudonymise)"),
    "protected_reads.hidden_contact_ids": L(
        lambda s, w: (_mark(s, w.h, w.a), _pi().hidden_contact_ids(s, [w.h.pid, w.a.pid]))[1],
        check=lambda c, a, w: c == {w.h.pid} and a == {w.h.pid, w.a.pid}),
    "protected_reads.redact_entries": INTERNAL("audit.entries' own step (administrators only there)"),
    "protected_reads.give_reason": INTERNAL("the session's read reasons (no register data)"),
    "protected_reads.forget_reason": INTERNAL("the session's read reasons (no register data)"),
    "protected_reads.reason_for": INTERNAL("the session's read reasons (no register data)"),
    "protected_reads.require_reasons": INTERNAL("the services' check before a read of a marked person"),
    "protected_reads.with_reasons": INTERNAL("audit.record_many's hook: the reason into the entry"),
})


# -- services/exports.py: every export and print, compute + write + audit (issue 22) -------------
def _file_text(path) -> str:
    """What a written file says (the cells of an .xlsx, the text of .json/.csv/.txt)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return path.read_text(encoding="utf-8-sig")
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return "\n".join(" ".join(str(v) for v in row if v is not None)
                         for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
    finally:
        wb.close()


def _export_comparison(db, w):
    ex = _svc("exports")
    with db.reading() as s:
        c = _svc("kolada_compare").compare(s, "0860", ["U40455"], [DAY.year], today=DAY)
    return _file_text(ex.comparison(db, c, w.tmp / "jamforelse.xlsx"))


CASES.update({
    "exports.kolada": R(lambda db, w, t: _svc("exports").kolada(
        db, DAY.year, w.tmp / f"kolada-{t.key}.json", municipality=t.code), db=True),
    "exports.kolada#all": L(lambda db, w: _svc("exports").kolada(db, DAY.year, w.tmp / "kolada.json").municipalities,
                            db=True, check=lambda c, a, w: c == ["0860"] and "2260" in a),
    "exports.activity_report": L(lambda db, w: _svc("exports").activity_report(
        db, *MONTH, w.tmp / "aktivitet.json"), db=True),
    "exports.af_contacts": L(lambda db, w: _svc("exports").af_contacts(
        db, DAY - timedelta(days=30), DAY + timedelta(days=30), w.tmp / "af.xlsx"), db=True),
    "exports.register_extract": R(lambda db, w, t: _file_text(_svc("exports").register_extract(
        db, w.tmp / f"utdrag-{t.key}.xlsx", personnummer=t.pnr)), db=True),
    "exports.audit_review": ADM(lambda db, w: _svc("exports").audit_review(
        db, DAY.year, DAY.month, w.tmp / "granskning.xlsx"), db=True),
    "exports.last_month": PURE,
    "exports.steps_summary": L(lambda db, w: _file_text(_svc("exports").steps_summary(
        db, DAY - timedelta(days=30), DAY + timedelta(days=1), w.tmp / "steg.xlsx")), db=True,
        check=lambda c, a, w: "Ånge" not in c and "Ånge" in a, note="figures per municipality, by name"),
    "exports.comparison": L(_export_comparison, db=True, check=lambda c, a, w: "Hultsfred" in c and "Hultsfred" in a,
                            note="the comparison the caller computed: the 0860 figures and published ones"),
    "exports.notices_json": L(lambda db, w: _svc("exports").notices_json(
        db, _pending_of(db)), db=True, note="writes the list pending_notices gave"),
    "exports.followups_json": L(lambda db, w: _svc("exports").followups_json(
        db, DAY + timedelta(days=400), DAY + timedelta(days=1)), db=True),
    "exports.plan": R(lambda db, w, t: _svc("exports").plan(db, t.pnr, w.tmp / f"plan-{t.key}.pdf"), db=True),
    "exports.plan_reprint": R(lambda db, w, t: _svc("exports").plan_reprint(db, t.print_id, w.tmp / f"kopia-{t.key}.pdf"),
                              db=True),
    "exports.eb_list": INTERNAL("passes its arguments to eb_list.export_eb_list, whose rows say who is refused"),
    "exports.quarter": INTERNAL("passes its arguments to quarter.export_quarter, whose rows say who is refused"),
    "exports.results": INTERNAL("passes its arguments to results.write_results_report, whose rows say who is refused"),
    "exports.notices": INTERNAL("passes its arguments to notices.export_notices, whose rows say who is refused"),
    "exports.summer_jobs": INTERNAL("passes its arguments to summer_jobs.export_summer_jobs, whose rows say who is refused"),
    "exports.certificates": INTERNAL("passes its arguments to participant_copy.write_certificates, whose rows say who is refused"),
    "exports.week_schedules": INTERNAL("passes its arguments to participant_copy.write_week_schedules, whose rows say who is refused"),
    "exports.activity_report_for_recipient": INTERNAL("passes its arguments to recipients.write_for_recipient, whose rows say who is refused"),
    "exports.activity_reports_per_caseworker": INTERNAL("passes its arguments to recipients.write_per_caseworker, whose rows say who is refused"),
    "exports.plan_batch": INTERNAL("passes its arguments to plan_prints.print_batch, whose rows say who is refused"),
    "exports.correction": INTERNAL("passes its arguments to delivery.write_correction, whose rows say who is refused"),
    "exports.underscheduled": INTERNAL("passes its arguments to capacity_view.write_underscheduled, whose rows say who is refused"),
    "exports.capacity": INTERNAL("passes its arguments to capacity_view.write_capacity, whose rows say who is refused"),
    "exports.import_template": UR(lambda db, w: _svc("exports").import_template(db, w.tmp / "mall.xlsx"), db=True,
                                  note="municipalities and activities as choices, no person"),
    "importing.all_sheets": PURE,
    "import_base.staff_ref": INTERNAL("a step of the import: the staff id or a coach the import adds"),
})


def _pending_of(db):
    with db.reading() as s:
        return _svc("notices").pending_notices(s)


def public_functions() -> list[str]:
    import ame_desktop.services as pkg

    out = []
    # Subpackages too (services/demo/): "demo.steps.make_demo_data" = module path below services.
    for m in pkgutil.walk_packages(pkg.__path__, prefix="ame_desktop.services."):
        mod = importlib.import_module(m.name)
        short = m.name.removeprefix("ame_desktop.services.")
        for name, f in inspect.getmembers(mod, inspect.isfunction):
            if not name.startswith("_") and f.__module__ == mod.__name__:
                out.append(f"{short}.{name}")
    return sorted(out)


def test_every_public_service_function_has_an_entry():
    functions = public_functions()
    # "module.function#variant" keys are further cases of the same function.
    missing = [f for f in functions if f not in CASES]
    by_module: dict[str, list[str]] = {}
    for f in missing:
        module, function = f.rsplit(".", 1)
        by_module.setdefault(module, []).append(function)
    assert not missing, ("Public service functions without an entry in CASES (add a row saying how a reader "
                         "and a coach of 0860 are refused; see the kinds above CASES): "
                         + "; ".join(f"{m}: {', '.join(fs)}" for m, fs in sorted(by_module.items())))
    stale = [f for f in CASES if f.split("#")[0] not in functions]
    assert not stale, "Entries for functions that no longer exist: " + ", ".join(stale)
    for name in CASES:
        c = CASES[name]
        if c.kind in ("pure", "internal"):
            continue
        assert c.call is not None, name
    # The pure ones really take no register.
    for name in functions:
        if CASES[name].kind == "pure":
            mod, fn = name.rsplit(".", 1)
            params = inspect.signature(getattr(_svc(mod), fn)).parameters
            assert not ({"s", "session", "db"} & set(params)), f"{name} takes a register: not pure"


# -- running the cases -------------------------------------------------------------------------
def _leaks(result, traces: tuple[str, ...] = A_TRACES) -> list[str]:
    text = result if isinstance(result, str) else repr(result)
    return [t for t in traces if t in text]


def _run(w: World, who: str, case: Case, target: Person | None, *, rollback: bool):
    w.act(who)
    args = (w,) if target is None else (w, target)
    if case.db:
        return case.call(w.db, *args)
    if not rollback:
        with w.db.reading() as s:
            return case.call(s, *args)
    box = {}
    try:
        with w.db.transaction() as s:
            box["r"] = case.call(s, *args)
            s.flush()
            raise _Rollback
    except _Rollback:
        pass
    return box.get("r")


def _cases(kinds: tuple[str, ...]):
    out = []
    for name, c in sorted(CASES.items()):
        if c.kind in kinds:
            marks = [pytest.mark.xfail(strict=False, reason=c.xfail)] if c.xfail else []
            out.append(pytest.param(name, id=name, marks=marks))
    return out


@pytest.mark.parametrize("name", _cases(("write",)))
def test_writes_about_a_person(mworld, name):
    c, world = CASES[name], mworld
    with pytest.raises(PermissionDenied):  # a reader, even about a person they can see
        _run(world, "reader", c, world.h, rollback=True)
    with pytest.raises(c.refusals) as refused:  # a coach of 0860, about the 2260 person
        _run(world, "coach", c, world.a, rollback=True)
    assert not _leaks(refused.value.message, A_NAMES), refused.value.message
    if c.control:
        _run(world, "coach", c, world.h, rollback=True)  # the same call for her own person works


@pytest.mark.parametrize("name", _cases(("read",)))
def test_reads_about_a_person(mworld, name):
    c, world = CASES[name], mworld
    try:
        result = _run(world, "coach", c, world.a, rollback=True)
    except c.refusals as exc:
        assert not _leaks(exc.message, A_NAMES), exc.message
    else:
        assert not result or result == {} or result == [], f"{name} gave the coach of 0860 {result!r}"
        assert not _leaks(result)
    if c.control:
        own = _run(world, "coach", c, world.h, rollback=True)
        _run(world, "reader", c, world.h, rollback=True)
        if c.refusals == (NotFoundError, PermissionDenied) and name not in NOTHING_FOR_OWN:
            assert own is not None and own != [] and own != {}, f"{name}: the control read nothing"


# Reads whose control may legitimately be empty for the 0860 person in this world.
NOTHING_FOR_OWN = {"activity_report.running_balance", "af_contacts.consent_on_file", "plans.current_period",
                   "plans.print_in_force", "plans.print_batch", "kolada.kas_inputs", "kolada.persons_in_figure",
                   "activity_requirement.job_seeking_hours"}


@pytest.mark.parametrize("name", _cases(("list",)))
def test_lists_leave_out_the_other_municipality(mworld, name):
    c, world = CASES[name], mworld
    coach = _run(world, "coach", c, None, rollback=True)
    admin = _run(world, "admin", c, None, rollback=True)
    if c.check is not None:
        assert c.check(coach, admin, world), f"{name}: coach {coach!r} / administrator {admin!r}"
    else:
        assert not _leaks(coach), f"{name} showed the coach of 0860 the 2260 person"
        assert _leaks(admin), f"{name}: the control (administrator) does not name the 2260 person"
    _run(world, "reader", c, None, rollback=True)


@pytest.mark.parametrize("name", _cases(("unit_write",)))
def test_unit_writes_need_a_role_that_may_write(mworld, name):
    c, world = CASES[name], mworld
    with pytest.raises(PermissionDenied):
        _run(world, "reader", c, None, rollback=True)
    if c.control:
        _run(world, "coach", c, None, rollback=True)


@pytest.mark.parametrize("name", _cases(("admin",)))
def test_administrators_only(mworld, name):
    c, world = CASES[name], mworld
    for who in ("reader", "coach"):
        with pytest.raises(PermissionDenied):
            _run(world, who, c, None, rollback=True)
    if c.control:
        _run(world, "admin", c, None, rollback=True)


@pytest.mark.parametrize("name", _cases(("unit_read",)))
def test_unit_reads_work_for_every_role(mworld, name):
    c, world = CASES[name], mworld
    for who in ("reader", "coach"):
        _run(world, who, c, None, rollback=True)



@pytest.mark.parametrize("name", _cases(("caseworker",)))
def test_caseworker_accounts_only_and_only_their_own(mworld, name):
    """The caseworker account of the 0860 person's caseworker: staff are refused; a delivery to
    another caseworker is not there for her; her own works."""
    c, world = CASES[name], mworld
    for who in ("reader", "coach", "admin"):
        with pytest.raises(PermissionDenied):
            _run(world, who, c, world.h, rollback=True)
    try:
        result = _run(world, "caseworker", c, world.a, rollback=True)
    except c.refusals as exc:
        assert not _leaks(exc.message, A_NAMES), exc.message
    else:
        assert not result, f"{name} gave the caseworker another caseworker's delivery: {result!r}"
    if c.control:
        assert _run(world, "caseworker", c, world.h, rollback=True)


H_TRACES = ("196408233234", "6408233234", "640823-3234", "Örjan", "Åberg")
DELIVERED_TO_HER = {"delivery.get_delivery", "delivery.list_deliveries", "delivery.open_delivery"}


@pytest.mark.parametrize("name", _cases(("write", "read", "list", "unit_write", "admin")))
def test_a_caseworker_account_sees_and_changes_nothing_in_the_register(mworld, name):
    """The caseworker account (handläggare ekonomiskt bistånd) sees only the deliveries to her:
    not even her own client in the register (the 0860 person, whose period names her)."""
    c, world = CASES[name], mworld
    target = None if c.kind in ("list", "unit_write", "admin") else world.h
    refusals = (PermissionDenied, NotFoundError) + tuple(c.refusals)
    if c.kind in ("write", "unit_write", "admin"):
        with pytest.raises(refusals):
            _run(world, "caseworker", c, target, rollback=True)
        return
    if name in DELIVERED_TO_HER:  # she sees the delivery to her, and no other
        if target is None:
            assert _run(world, "caseworker", c, None, rollback=True) == [world.h.delivery]
        else:
            _run(world, "caseworker", c, world.h, rollback=True)
            with pytest.raises(NotFoundError):
                _run(world, "caseworker", c, world.a, rollback=True)
        return
    try:
        result = _run(world, "caseworker", c, target, rollback=True)
    except refusals as exc:
        assert not _leaks(exc.message, A_NAMES + H_TRACES[3:]), exc.message
    else:
        assert not _leaks(result, A_TRACES + H_TRACES), f"{name} showed the caseworker account {result!r}"
        assert not result, f"{name} gave the caseworker account {result!r}"

# -- the cases the matrix cannot express in one call -------------------------------------------
def test_a_dry_run_treats_another_municipalitys_person_as_unknown(world):
    """`import --dry-run` (allowed for a reader) must not tell that a number is a client elsewhere:
    for a coach or reader of 0860 the 2260 person reads exactly as a number nobody has."""
    db, a = world.db, world.a
    unknown = Person("u", 0, NEW_PNR, "0860")
    with db.transaction() as s:
        accounts.create_account(s, "Läsa Hultsfred", "lasare2", PASSWORD, ROLE_READER, ["0860"])
    world.users["reader0860"] = accounts.sign_in_db(db, "lasare2", PASSWORD)
    for who in ("reader0860", "coach"):
        world.act(who)
        seen = _dry_run(db, world, a)
        never = _dry_run(db, world, unknown)
        assert [k for k, _ in seen] == [k for k, _ in never] == ["ny"]
        assert not _leaks(seen, A_NAMES)
    # The administrator (who sees 2260) is told the truth: it is an existing person.
    world.act("admin")
    assert [k for k, _ in _dry_run(db, world, a)] == ["ändrad"]


def test_a_coach_cannot_create_a_second_record_of_another_municipalitys_person(world, cli, monkeypatch):
    """The real import and the form refuse, and the message says nothing of where the person is."""
    from ame_desktop.services import participants as ps
    from ame_desktop.services.importing import ImportFailed

    world.act("coach")
    with pytest.raises(ImportFailed) as e:
        _import(world.db, world, world.a)
    text = "\n".join(err.message for err in e.value.report.errors)
    assert "kan inte läggas in" in text
    for word in ("2260", "Ånge", "kommun", "Märta", "Öberg", "finns redan"):
        assert word not in text, word
    with pytest.raises(ValidationError) as e2, world.db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput(A_PNR, "Ny", "Namn", municipality_code="0860"))
    assert "kan inte läggas in" in e2.value.message and "2260" not in e2.value.message
    world.act("admin")
    with world.db.reading() as s:
        assert len(s.execute(__import__("sqlalchemy").text(
            "SELECT id FROM participant WHERE personnummer = :p"), {"p": A_PNR}).all()) == 1


def test_plans_are_stamped_with_the_signed_in_account(world, monkeypatch):
    import getpass

    from ame_desktop.services import plans

    monkeypatch.setattr(getpass, "getuser", lambda: "os-anvandaren")
    world.act("coach")
    with world.db.transaction() as s:
        saved = plans.save_plan(s, world.h.pid, _plan())
        printed = plans.print_participant_plan(s, world.h.pid, world.tmp / "stamp.pdf")
    assert saved.version.created_by == "kerstin"
    with world.db.reading() as s:
        assert plans.get_print(s, printed.print_id).printed_by == "kerstin"
    result = plans.print_batch(world.db, [world.h.pid, world.a.pid], world.tmp / "alla.pdf", one_file=True)
    assert result.printed == 1 and result.without_plan == 1  # the 2260 person does not exist for her
    with world.db.reading() as s:
        assert {p.printed_by for p in plans.list_prints(s, world.h.pid)} == {"anna", "kerstin"}


def test_cli_screenshot_kolada_fetch_and_migrate_to_sign_in(world, cli, monkeypatch, tmp_path):
    monkeypatch.delenv("AME_USER", raising=False)
    r = cli("screenshot", "participants", str(tmp_path / "a.png"))
    assert r.code == 2 and "inloggning" in r.err and not (tmp_path / "a.png").exists()
    sqlite = world.db.is_sqlite  # migrate-to copies from a SQLite register only
    r = cli("migrate-to", "postgresql+psycopg://ingen@127.0.0.1:1/ingen")
    assert r.code == 2 and ("inloggning" in r.err or not sqlite)
    monkeypatch.setenv("AME_USER", "lasare")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    r = cli("kolada-fetch", "--from-file", str(KOLADA_SAMPLE))
    assert r.code == 2 and "läsbehörighet" in r.err
    monkeypatch.setenv("AME_USER", "kerstin")
    r = cli("migrate-to", "postgresql+psycopg://ingen@127.0.0.1:1/ingen")
    assert r.code == 2 and ("administratör" in r.err or not sqlite)
    assert cli("kolada-fetch", "--from-file", str(KOLADA_SAMPLE)).code == 0
    r = cli("stats")
    assert r.code == 0 and '"participants": 1' in r.out


@pytest.mark.sqlite_only
def test_screenshot_draws_what_the_account_sees_and_logs_it_under_that_name(world, cli, monkeypatch, tmp_path):
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    r = cli("screenshot", "participant", str(tmp_path / "p.png"), "--size", "1000x700")
    assert r.code == 0, r
    world.act("admin")
    from ame_desktop.services import audit

    with world.db.reading() as s:
        reads = [e for e in audit.entries(s, action="read") if e.entity == "participant"]
    assert reads and reads[0].actor == "kerstin" and reads[0].participant_id == world.h.pid


def test_the_log_is_for_administrators(world):
    from ame_desktop.services import audit

    for who in ("coach", "reader"):
        world.act(who)
        with pytest.raises(PermissionDenied), world.db.reading() as s:
            audit.entries(s)
        with pytest.raises(PermissionDenied), world.db.reading() as s:
            audit.review(s, DAY.year, DAY.month)
    world.act("admin")
    with world.db.reading() as s:
        assert audit.entries(s, participant_id=world.a.pid)


@pytest.mark.sqlite_only
def test_the_attendance_pages_person_picker_lists_only_the_accounts_municipalities(world, qtbot):
    """The picker once ran its own query past the visibility filter (no SQL in pages)."""
    from ame_desktop.ui.attendance_page import AttendancePage

    def picker_ids(who: str) -> list[int]:
        world.act(who)
        page = AttendancePage(world.db, today=DAY + timedelta(days=1))
        qtbot.addWidget(page)
        page.monday = DAY
        page.reload_choices()
        return [page.person.itemData(i) for i in range(page.person.count())]

    assert sorted(picker_ids("admin")) == sorted([world.h.pid, world.a.pid])
    assert picker_ids("coach") == [world.h.pid]
