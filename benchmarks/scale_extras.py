"""What a scale register holds beyond people, referrals and enrollments: the activity
requirement with a schedule and daily hours for the last 30 months (~6 M rows on the city
register), step assessments, AF contacts and a few hundred individual plans.

Big tables are written through sqlite3's executemany (the bulk path); plans through the
program's own service, so their content is valid.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ame_desktop.domain.af_codes import AfCategory, AfChannel
from ame_desktop.domain.dates import add_months
from ame_desktop.domain.workdays import is_working_day

BATCH = 200_000
MONTHS_OF_HOURS = 30  # ~6 M hour rows on the city register


def _sqlite(db) -> sqlite3.Connection:
    con = sqlite3.connect(str(db.sqlite_path))
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")  # a benchmark file built once: speed over durability
    con.execute("PRAGMA cache_size=-1000000")  # 1 GB: the country-size register's indexes
    return con


def _drop_indexes(con: sqlite3.Connection, table: str) -> list[str]:
    """Drop a table's secondary indexes for a bulk load (rebuilt by _restore_indexes from sorted
    data — on the country-size register inserting into a date-ordered index row by row takes
    hours). The unique constraints' own indexes stay."""
    sqls = [r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                      "AND sql IS NOT NULL", (table,))]
    for name, in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                             "AND sql IS NOT NULL", (table,)).fetchall():
        con.execute(f'DROP INDEX "{name}"')
    return sqls


def _restore_indexes(con: sqlite3.Connection, sqls: list[str]) -> None:
    for sql in sqls:
        con.execute(sql)


def activity_requirement(db, scale, rng: random.Random, today: date, log) -> None:
    con = _sqlite(db)
    window_start = add_months(today, -MONTHS_OF_HOURS)
    groups = []
    for m in scale.municipalities:
        for i in range(8):
            con.execute("INSERT INTO activity(name, category, is_category, active) VALUES (?, ?, 0, 1)",
                        (f"Arbetsträning {m}-{i + 1}", 4))
            groups.append(con.execute("SELECT last_insert_rowid()").fetchone()[0])
    # own job seeking (JOBBSOK, category 0; issue 16) — the plan check wants it
    seek = con.execute("SELECT id FROM activity WHERE is_category = 1 AND category = 0").fetchone()[0]
    rows = con.execute("SELECT participant_id, start_date, end_date FROM enrollment "
                       "WHERE end_date IS NULL OR end_date >= ?", (window_start.isoformat(),)).fetchall()
    periods, schedules, hours = [], [], []
    n_hours = 0
    indexes = _drop_indexes(con, "attendance")
    done: set[int] = set()
    for pid, start, end in rows:
        if pid in done:
            continue
        done.add(pid)
        a = max(date.fromisoformat(start), window_start)
        b = min(date.fromisoformat(end), today) if end else today
        weekly = rng.choice([40, 40, 40, 30, 20])
        periods.append((pid, a.isoformat(), end, weekly, None if weekly == 40 else "Deltid", None))
        group = rng.choice(groups)
        per_day = weekly / 5
        schedules += [(pid, group, d, per_day - 2) for d in range(5)] + [(pid, seek, d, 2.0) for d in range(5)]
        d = a
        while d <= b:
            if is_working_day(d):
                r = rng.random()
                absence = rng.choice(["SJUK", "VAB", "OGILTIG", "BEVILJAD"]) if r < 0.07 else None
                hours.append((pid, d.isoformat(), group, per_day - 2, absence))
                hours.append((pid, d.isoformat(), seek, 2.0, None))
            d += timedelta(days=1)
        if len(hours) >= BATCH:
            con.executemany("INSERT INTO attendance(participant_id, attendance_date, activity_id, hours, absence) "
                            "VALUES (?,?,?,?,?)", hours)
            n_hours += len(hours)
            hours = []
    con.executemany("INSERT INTO attendance(participant_id, attendance_date, activity_id, hours, absence) "
                    "VALUES (?,?,?,?,?)", hours)
    n_hours += len(hours)
    con.executemany("INSERT INTO requirement_period(participant_id, start_date, end_date, hours_per_week, "
                    "reduction_reason, exemption) VALUES (?,?,?,?,?,?)", periods)
    con.executemany("INSERT INTO schedule_entry(participant_id, activity_id, weekday, hours) VALUES (?,?,?,?)",
                    schedules)
    _restore_indexes(con, indexes)
    con.commit()
    con.close()
    log(f"  activity requirement: {len(periods)} periods, {n_hours} hour rows")


def steps_and_contacts(db, scale, rng: random.Random, today: date, log) -> None:
    con = _sqlite(db)
    levels = [r[0] for r in con.execute("SELECT id FROM step_level WHERE model_id = "
                                        "(SELECT min(id) FROM step_model) ORDER BY number")]
    staff = [r[0] for r in con.execute("SELECT id FROM staff_member")]
    assessments, contacts = [], []
    now = datetime.now().replace(microsecond=0).isoformat(sep=" ")
    for pid, start, end in con.execute("SELECT participant_id, start_date, end_date FROM enrollment"):
        a = date.fromisoformat(start)
        b = min(date.fromisoformat(end), today) if end else today
        level = rng.randint(0, 2)
        d = a
        while d <= b and levels:
            assessments.append((pid, d.isoformat(), levels[level], rng.choice(staff), None, now))
            level = max(0, min(len(levels) - 1, level + rng.choice([1, 1, 0, -1])))
            d += timedelta(days=rng.randint(30, 90))
        for _ in range(rng.randint(0, 4)):
            when = a + timedelta(days=rng.randint(0, max(0, (b - a).days)))
            follow = when + timedelta(days=rng.randint(2, 20)) if rng.random() < 0.6 else None
            done = follow + timedelta(days=rng.randint(0, 10)) if follow and follow < today and rng.random() < 0.8 else None
            contacts.append((datetime.combine(when, datetime.min.time()).replace(hour=10).isoformat(sep=" "),
                             rng.choice(staff), pid, rng.choice(list(AfChannel)).value,
                             rng.choice(list(AfCategory)).value, rng.random() < 0.9,
                             follow.isoformat() if follow else None, done.isoformat() if done else None, now))
    con.executemany("INSERT INTO step_assessment(participant_id, assessed_on, level_id, assessor_id, comment, "
                    "created_at) VALUES (?,?,?,?,?,?)", assessments)
    con.executemany("INSERT INTO af_contact(contact_at, staff_id, participant_id, channel, category, "
                    "consent_documented, follow_up_on, follow_up_done_on, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    contacts)
    con.commit()
    con.close()
    log(f"  steps: {len(assessments)} assessments; AF contacts: {len(contacts)}")


def plans(db, scale, rng: random.Random, today: date, log) -> None:
    """Plans for some active participants, through the service (valid content)."""
    from ame_desktop.domain.models import Enrollment
    from ame_desktop.services import plans as plan_service

    with db.transaction() as s:
        ids = s.execute(sa.select(Enrollment.participant_id).where(Enrollment.end_date.is_(None))
                        .order_by(Enrollment.participant_id).limit(300)).scalars().all()
        for pid in ids:
            content = plan_service.draft_plan(s, pid, today)
            content.long_term_goal = "Arbete inom lager och logistik, på sikt egen försörjning."
            content.job_seeking_text = "Söker minst fem jobb i veckan via Platsbanken."
            plan_service.save_plan(s, pid, content)
    log(f"  plans: {len(ids)}")


EXTENSIONS = [activity_requirement, steps_and_contacts, plans]
