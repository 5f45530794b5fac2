"""Demo data for issue 23 (services/demo/__init__.py): the unit's activity groups with sessions
(one cancelled next week), workplaces with placements, and bookings for the people with an
ongoing activity requirement — most planned in full, some only in part, some on a waiting list,
a few not yet at all — so the pages Grupper, Arbetsplatser, Underplanerade and Kapacitet have
something to show. Its own random generator, so the rest of the demo register stays as it was.
Everything goes through services/capacity.py."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.dates import add_months
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import RequirementPeriod
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import authz
from ame_desktop.services import capacity as cap
from ame_desktop.services import settings as settings_service
from ame_desktop.services import staff as staff_service

# name, category, weekdays, start, end, places, room, address
GROUPS = [
    ("Jobbsökarverkstaden", 3, "mån, ons", "09:00", "12:00", 20, "Sal 2", "Kommunhuset, Storgatan 1"),
    ("Återbruket förmiddag", 4, "mån, tis, ons, tor, fre", "08:00", "12:00", 18, "Verkstaden", "Industrigatan 4"),
    ("Återbruket eftermiddag", 4, "mån, tis, ons, tor", "12:30", "16:00", 12, "Verkstaden", "Industrigatan 4"),
    ("Kök och café", 4, "mån, tis, ons, tor", "09:00", "14:00", 8, "Café Tellus", "Torget 3"),
    ("Svenska för arbetslivet", 2, "mån, ons, fre", "13:00", "15:30", 16, "Sal 1", "Lärcentrum, Skolgatan 8"),
    ("Språkcafé", 2, "tis, tor", "13:00", "15:00", 20, "Biblioteket", "Biblioteksgatan 2"),
    ("Hälsa och rörelse", 1, "tis", "10:00", "12:00", 12, "Sporthallen", "Idrottsvägen 5"),
    ("Kartläggning och vägledning i grupp", 1, "tor", "09:00", "12:00", 10, "Sal 2", "Kommunhuset, Storgatan 1"),
    ("Digital vardag", 1, "fre", "09:00", "11:00", 10, "Datasalen", "Lärcentrum, Skolgatan 8"),
]
# name, sector, places, contact, phone, supervisor
WORKPLACES = [
    ("Parkförvaltningen", "KOMMUN", 4, "Eva Lind", "0495-24 01 10", "Kalle Holm"),
    ("Äldreboendet Solgläntan", "KOMMUN", 3, "Maria Nyberg", "0495-24 05 20", "Fatima Ali"),
    ("ICA Nära Centrum", "PRIVAT", 2, "Johan Ek", "0495-100 20", "Johan Ek"),
    ("Byggvaruhuset", "PRIVAT", 2, "Per Sand", "0495-103 40", "Nils Berg"),
    ("Hembygdsföreningen", "CIVIL", 2, "Gun Ahl", "070-123 45 67", "Gun Ahl"),
    ("Second hand Kupan", "CIVIL", 3, "Lena Roos", "070-765 43 21", "Lena Roos"),
]


def make_demo_data(s: Session, _rng: random.Random, today: date) -> None:
    authz.require_admin(s, "lägga in demodata")
    rng = random.Random(23_2026)
    municipality = settings_service.default_municipality(s)
    members = staff_service.list_staff(s)
    monday = today - timedelta(days=today.weekday())
    start = min(monday, today.replace(day=1))
    sessions_to = add_months(today.replace(day=1), 4) - timedelta(days=1)
    groups = []
    for i, (name, cat, days, t0, t1, places, room, address) in enumerate(GROUPS):
        if cap.find_group(s, name) is not None:
            return  # already made (a second demo run)
        g = cap.create_group(s, cap.GroupInput(
            name, cat, days, t0, t1, places, municipality, room, address,
            members[i % len(members)].id if members else None, start), today=today)
        cap.generate_sessions(s, g.id, start, sessions_to)
        groups.append(g)
    workplaces = []
    for name, sector, places, contact, phone, supervisor in WORKPLACES:
        w = cap.create_workplace(s, cap.WorkplaceInput(
            name, sector, municipality, f"{name}, Hultsfred" if municipality == "0860" else None, contact, phone,
            add_months(today.replace(day=1), -6), add_months(today.replace(day=1), 12) - timedelta(days=1),
            rng.random() < 0.85, supervisor, phone, places))
        workplaces.append(w)

    # The people with an ongoing requirement: a fresh plan of bookings instead of the old schedule.
    rp = RequirementPeriod
    people = s.execute(sa.select(rp.participant_id, rp.hours_per_week).where(
        rp.exemption.is_(None), rp.hours_per_week > 0, rp.start_date <= today,
        sa.or_(rp.end_date.is_(None), rp.end_date >= monday + timedelta(days=13)))
        .order_by(rp.participant_id)).all()
    seek = ar.job_seeking_activity(s).id
    booking_start = monday
    for pid, hours in people:
        r = rng.random()
        ar.set_schedule(s, pid, [ar.ScheduleItem(seek, d, 1.0) for d in range(5)])  # own job seeking 5 h
        if r < 0.08:
            continue  # not planned yet: the list shows "Ingen bokning ännu"
        target = hours - 5 if r > 0.3 else (hours - 5) * rng.choice([0.4, 0.6])
        planned = 0.0
        if rng.random() < 0.2 and workplaces:
            w = rng.choice(workplaces)
            h = min(max(8.0, round(target * 4) / 4), 30.0)
            try:
                cap.add_placement(s, pid, w.id, booking_start - timedelta(days=rng.randint(0, 40)), None, h,
                                  today=today)
                planned += h
            except Exception:  # noqa: BLE001 - the workplace is full: try the groups instead
                pass
        order = groups[:]
        rng.shuffle(order)
        for g in order:
            if planned >= target:
                break
            weekly = len(g.weekdays.split(",")) * cap.minutes_between(g.start_time, g.end_time) / 60
            if planned + weekly > hours - 5 + 2:
                continue
            when = max(start, booking_start - timedelta(days=7 * rng.randint(0, 3)))
            try:
                cap.book(s, pid, g.id, when, None, waiting_list=False, today=today)
                planned += weekly
            except UserError:  # full: now and then the person waits for a place
                if rng.random() < 0.15:
                    cap.book(s, pid, g.id, when, None, waiting_list=True,
                             today=today - timedelta(days=rng.randint(0, 20)))
    # Next week one session is cancelled by the unit.
    cancel_week = monday + timedelta(days=7)
    for g in groups[:2]:
        sessions = cap.list_sessions(s, g.id, cancel_week, cancel_week + timedelta(days=6))
        if sessions:
            cap.cancel_session(s, sessions[0].id, "Handledaren är på utbildning")
