"""Fictitious, reproducible demo data: a small AME unit over about three years.

Everything here is invented. Personnummer are generated with valid check digits from random
dates and serials; phone numbers come from the range PTS reserves for fiction (070-1740605 …
070-1740699) and e-mail addresses use example.com.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.dates import add_months
from ame_desktop.domain.personnummer import check_digit
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import Participant
from ame_desktop.services import enrollments, participants, referrals, settings as settings_service, staff

FIRST_K = ["Anna", "Maria", "Fatima", "Sara", "Emma", "Linnea", "Amina", "Hanna", "Elin", "Ida", "Noor",
           "Karin", "Leila", "Sofia", "Malin", "Johanna", "Hodan", "Aisha", "Jenny", "Åsa", "Märta", "Ebba"]
FIRST_M = ["Erik", "Mohammed", "Johan", "Ali", "Anders", "Ahmad", "Lars", "Karl", "Omar", "Jonas", "Per",
           "Mikael", "Yusuf", "Daniel", "Hassan", "Oskar", "Emil", "Abdi", "Patrik", "Örjan", "Tobias", "Ibrahim"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
        "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Hassan", "Ali", "Mohamed", "Lindberg",
        "Lindström", "Åberg", "Öberg", "Ekström", "Holm", "Berglund", "Sandberg", "Lundqvist", "Abdullahi",
        "Nyström", "Hedlund", "Sjöberg", "Wallin", "Engström"]
STAFF = ["Kerstin Ålund", "Ahmed Yusuf", "Lena Berg", "Tomas Ek", "Sanna Öhman"]
ANNAN_DETAILS = ["Samordningsförbundet", "Hälso- och sjukvården", "KAA (under 20 år)", "Psykiatrin",
                 "Migrationsverket", "Kriminalvården"]

SOURCES = ["SOC"] * 45 + ["AF"] * 28 + ["FK"] * 8 + ["EGEN"] * 7 + ["ANNAN"] * 12
EXITS = (["A1"] * 14 + ["A2"] * 10 + ["B"] * 10 + ["C"] * 8 + ["D"] * 16 + ["E1"] * 12 + ["E2"] * 5
         + ["E3"] * 1 + ["E9"] * 6 + ["KA"] * 10 + ["S0"] * 4)
EDUCATION = (["EJ_GRUNDSKOLA"] * 15 + ["GRUNDSKOLA"] * 25 + ["GYMNASIUM"] * 30 + ["EFTERGYMNASIAL"] * 10
             + ["EJ_VALIDERAD"] * 12 + [None] * 8)
TIME_WITHOUT = ["under 6"] * 15 + ["6-12"] * 20 + ["12-24"] * 25 + ["över 24"] * 30 + ["saknas"] * 10


def fictitious_personnummer(rng: random.Random, birth: date, gender: str, coordination: bool = False) -> str:
    day = birth.day + (60 if coordination else 0)
    serial = rng.randint(10, 99)
    odd = gender == "M"
    g = rng.choice([1, 3, 5, 7, 9] if odd else [0, 2, 4, 6, 8])
    nine = f"{birth:%y%m}{day:02d}{serial:02d}{g}"
    return f"{birth:%Y%m}{day:02d}{serial:02d}{g}{check_digit(nine)}"


@dataclass
class DemoResult:
    participants: int
    municipality: str


def make_demo(s: Session, *, municipality: str | None = None, participants_count: int = 300, seed: int = 1,
              today: date | None = None, progress: Callable[[float], None] | None = None) -> DemoResult:
    """Fill an empty register. Same seed (and day) → same data. Administrators only."""
    from ame_desktop.services import authz

    authz.require_admin(s, "lägga in demodata")
    if s.execute(sa.select(sa.func.count()).select_from(Participant)).scalar_one():
        raise UserError("Databasen innehåller redan deltagare. Demodata läggs bara in i en tom databas "
                        "(ange en ny fil med --db).")
    if participants_count < 1 or participants_count > 100_000:
        raise UserError("--participants ska vara mellan 1 och 100 000.")
    today = today or date.today()
    rng = random.Random(seed)
    current = settings_service.default_municipality(s)
    code = municipality or current or "0860"
    if municipality or not current:
        settings_service.set_setting(s, "municipality", code)
    code = settings_service.default_municipality(s) or code
    if settings_service.get_setting(s, "unit_name") == settings_service.SETTINGS["unit_name"].default:
        settings_service.set_setting(s, "unit_name", "Arbetsmarknadsenheten")
    staff_ids = []
    for name in STAFF:
        existing = staff.find_staff_by_name(s, name)
        staff_ids.append((existing or staff.add_staff(s, name)).id)

    pick_source = _Picker(rng, SOURCES, list(codes.ReferralSource))
    pick_exit = _Picker(rng, EXITS, list(codes.ExitReason))
    pick_education = _Picker(rng, EDUCATION, list(codes.EducationLevel) + [None])
    pick_time = _Picker(rng, TIME_WITHOUT, [v.value for v in codes.TimeWithoutWork])
    used: set[str] = set()
    first_day = add_months(today, -36)
    span = (today - first_day).days
    for i in range(participants_count):
        gender = "K" if rng.random() < 0.47 else "M"
        age = rng.choice([rng.randint(18, 24), rng.randint(25, 64), rng.randint(25, 64)])
        birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
        coordination = rng.random() < 0.06
        while True:
            number = fictitious_personnummer(rng, birth, gender, coordination)
            if number not in used:
                used.add(number)
                break
        first = rng.choice(FIRST_K if gender == "K" else FIRST_M)
        last = rng.choice(LAST)
        p = participants.create_participant(s, participants.ParticipantInput(
            personnummer=number, first_name=first, last_name=last,
            gender="X" if rng.random() < 0.005 else None,
            municipality_code=code, education_level=pick_education(),
            phone=f"070-174 06 {rng.randint(5, 99):02d}" if rng.random() < 0.8 else None,
            email=f"{_ascii(first)}.{_ascii(last)}{i}@example.com".lower() if rng.random() < 0.5 else None,
            staff_id=rng.choice(staff_ids),
        ))
        start = first_day + timedelta(days=rng.randint(0, span))
        n_enrollments = 2 if rng.random() < 0.12 else 1
        for _ in range(n_enrollments):
            if start > today:
                break
            source = pick_source()
            referrals.add_referral(s, p.id, start - timedelta(days=rng.randint(3, 40)), source,
                                   rng.choice(ANNAN_DETAILS) if source == "ANNAN" else None)
            months = rng.choice([2, 4, 5, 7, 9, 11, 14, 18, 26])
            end = add_months(start, months) - timedelta(days=rng.randint(0, 20))
            ongoing = end >= today or rng.random() < 0.1
            enrollments.add_enrollment(
                s, p.id, start, None if ongoing else end, pick_time(), None if ongoing else pick_exit(),
            )
            if ongoing:
                break
            start = end + timedelta(days=rng.randint(30, 200))
        if rng.random() < 0.04:  # referred again, not (yet) enrolled again
            when = today - timedelta(days=rng.randint(1, 20))
            source = rng.choice(SOURCES)
            if all(r.referral_date != when or r.source != source for r in referrals.list_referrals(s, p.id)):
                referrals.add_referral(s, p.id, when, source)
        if progress and i % 25 == 0:
            progress(i / participants_count)
    s.flush()
    _activity_requirement(s, rng, today)
    for extend in _demo_extensions():
        extend(s, rng, today)
    return DemoResult(participants=participants_count, municipality=code)


# Other features add their demo data, in this order (each draws from the shared generator, or
# from a copy of it: the order keeps every register made with a seed the same). Imported plainly:
# a frozen bundle that lost one fails loudly instead of making a smaller demo.
def _demo_extensions() -> list[Callable[[Session, random.Random, date], None]]:
    from ame_desktop.services.demo import af_contacts, capacity, delivery, kas, plans, results, steps

    return [steps.make_demo_data, af_contacts.make_demo_data, plans.make_demo_data, results.make_demo_data,
            delivery.make_demo_data, kas.make_demo_data, capacity.make_demo_data]


ACTIVITIES = [("Arbetsträning – Återbruket", 4), ("Arbetsträning – Kök och café", 4), ("Praktik hos arbetsgivare", 4),
              ("SFI", 2), ("Svenska på jobbet", 2), ("Jobbklubben", 3), ("Eget jobbsökande", 3),
              ("Kartläggning och vägledning", 1), ("Friskvård och hälsa", 1)]
REDUCED = [(20, "DELTIDSARBETE", "Deltidsarbete 50 %"), (25, "FORMAGA", "Nedsatt arbetsförmåga enligt läkarintyg"),
           (30, "STUDIER", "Studerar SFI på deltid hos annan anordnare"),
           (15, "OVRIGT", "Gradvis upptrappning efter sjukskrivning")]
EXEMPT = ["SJUK", "AF_PROGRAM", "HELTIDSSYSSELSATT"]
LAW_IN_FORCE = date(2026, 7, 1)  # aktivitetskravet (prop. 2025/26:207)
ABSENCES = (["SJUK"] * 6 + ["SJUK_INTYG"] * 2 + ["VAB"] * 2 + ["BEVILJAD"] * 2 + ["OGILTIG"] * 4
            + ["ARBETE", "INTERVJU", "MYNDIGHET", "VARD", "INSTALLD"])  # issue 16


def _activity_requirement(s: Session, rng: random.Random, today: date) -> None:
    """Activities, requirement periods (some reduced, some exempt), weekly schedules and a year of
    hours with absences for the people enrolled during the last year."""
    from ame_desktop.domain.models import Attendance, Enrollment, Referral
    from ame_desktop.domain.workdays import is_working_day
    from ame_desktop.services import activity_requirement as ar

    catalog = {}
    for name, category in ACTIVITIES:
        catalog[name] = (ar.find_activity(s, name) or ar.add_activity(s, name, category)).id
    year_ago = today - timedelta(days=365)
    enrolled = s.execute(
        sa.select(Enrollment.participant_id, Enrollment.start_date, Enrollment.end_date)
        .where(sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= year_ago), Enrollment.start_date <= today)
        .order_by(Enrollment.participant_id, Enrollment.start_date)).all()
    latest_source = dict(s.execute(sa.select(Referral.participant_id, Referral.source)
                                   .order_by(Referral.participant_id, Referral.referral_date)).all())
    periods_by_person: dict[int, list] = {}
    for pid, start, end in enrolled:
        periods_by_person.setdefault(pid, []).append((start, end))
    rows: list[dict] = []
    for pid, intervals in periods_by_person.items():
        kind = rng.random()
        work = rng.choice([n for n, c in ACTIVITIES if c == 4])
        language = "SFI" if rng.random() < 0.3 else None
        weekly = 40.0
        start, end = intervals[-1]
        on_support = latest_source.get(pid) == "SOC" or rng.random() < 0.25
        if on_support and (end is None or end >= LAW_IN_FORCE):
            p_start = max(start, LAW_IN_FORCE)
            if kind < 0.12:
                ar.add_period(s, pid, p_start, end, 0, None, rng.choice(EXEMPT))
                weekly = 0
            elif kind < 0.35:
                weekly, code, reason = rng.choice(REDUCED)
                ar.add_period(s, pid, p_start, end, weekly, reason, reduction_code=code)
            else:
                ar.add_period(s, pid, p_start, end, 40)
        if weekly == 0:
            continue
        per_day = round(weekly / 5 * 4) / 4  # the schedule is kept in quarter hours
        items = []
        for day in range(5):
            seek = 2.0 if per_day >= 6 else 1.0
            main = per_day - seek
            if language and day in (1, 3):
                items.append(ar.ScheduleItem(catalog["SFI"], day, min(3.0, main)))
                main -= min(3.0, main)
            if main > 0:
                items.append(ar.ScheduleItem(catalog[work], day, main))
            items.append(ar.ScheduleItem(catalog["Eget jobbsökande" if day != 2 else "Jobbklubben"], day, seek))
        ar.set_schedule(s, pid, items)
        by_day: dict[int, list] = {}
        for it in items:
            by_day.setdefault(it.weekday, []).append(it)
        for a, b in intervals:
            d = max(a, year_ago)
            last = min(b or today, today)
            while d <= last:
                if is_working_day(d):
                    for it in by_day.get(d.weekday(), []):
                        r = rng.random()
                        if r < 0.12:
                            rows.append({"participant_id": pid, "attendance_date": d, "activity_id": it.activity_id,
                                         "hours": it.hours, "absence": rng.choice(ABSENCES)})
                        elif r < 0.13:
                            rows.append({"participant_id": pid, "attendance_date": d, "activity_id": it.activity_id,
                                         "hours": max(0.25, it.hours - rng.choice([0.5, 1.0, 2.0])), "absence": None})
                        elif r < 0.998:
                            rows.append({"participant_id": pid, "attendance_date": d, "activity_id": it.activity_id,
                                         "hours": it.hours, "absence": None})
                d += timedelta(days=1)
    for i in range(0, len(rows), 5000):
        s.execute(sa.insert(Attendance), rows[i:i + 5000])


class _Picker:
    """Random choices that first go through every code once, so small demos show them all."""

    def __init__(self, rng: random.Random, weighted: list, must: list):
        self.rng, self.weighted, self.must = rng, weighted, list(must)

    def __call__(self):
        return self.must.pop(0) if self.must else self.rng.choice(self.weighted)


def _ascii(name: str) -> str:
    return name.translate(str.maketrans("åäöÅÄÖé", "aaoAAOe"))
