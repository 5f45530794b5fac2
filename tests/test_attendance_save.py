"""Issue 25: a week grid save reads the stored cells once, writes the changed ones in bulk and one
audit entry per person in ONE statement — with the same audit content as before, still chained."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from ame_desktop.domain.errors import ValidationError
from ame_desktop.domain.models import AuditEntry
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import attendance as att
from ame_desktop.services import audit
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps

TODAY = date(2026, 11, 20)
MON, TUE, WED = date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 11)
NUMBERS = ["640823-3234", "198503141239", "199001012385"]


@pytest.fixture
def week(db):
    with db.transaction() as s:
        work = ar.add_activity(s, "Arbetsträning – Återbruket", 4).id
        other = ar.add_activity(s, "Studiecirkel", 4).id
        pids = []
        for number in NUMBERS:
            pid = ps.create_participant(s, ps.ParticipantInput(number, "Test", "Person")).id
            es.add_enrollment(s, pid, "2026-01-01")
            pids.append(pid)
        att.save_cells(s, {att.CellKey(pids[0], work, MON): att.Cell(6.0),
                           att.CellKey(pids[0], work, TUE): att.Cell(4.0, "SJUK"),
                           att.CellKey(pids[1], other, MON): att.Cell(20.0)}, today=TODAY)
    return {"work": work, "other": other, "pids": pids}


def _statements(db):
    seen: list[tuple[str, int]] = []

    def listen(_conn, _cursor, statement, parameters, _context, many):
        seen.append((statement, len(parameters) if many else 1))
    sa.event.listen(db.engine, "before_cursor_execute", listen)
    return seen, lambda: sa.event.remove(db.engine, "before_cursor_execute", listen)


def test_one_audit_statement_for_every_person_with_old_and_new_values(db, week):
    p0, p1, p2 = week["pids"]
    work = week["work"]
    changes = {att.CellKey(p0, work, MON): att.Cell(6.0),  # unchanged: no update, not in the log
               att.CellKey(p0, work, TUE): att.Cell(7.5),  # changed
               att.CellKey(p0, work, WED): None,  # cleared, nothing stored: nothing to log
               att.CellKey(p1, work, MON): att.Cell(3.75, "VAB"),  # new
               att.CellKey(p2, work, TUE): att.Cell(8.0)}  # new
    seen, stop = _statements(db)
    try:
        with db.transaction() as s:
            assert att.save_cells(s, changes, today=TODAY) == 5
    finally:
        stop()
    inserts = [(q, n) for q, n in seen if q.lstrip().upper().startswith("INSERT INTO AUDIT_ENTRY")]
    assert inserts == [(inserts[0][0], 3)]  # one statement, one row per person
    reads = [q for q, _n in seen if q.lstrip().upper().startswith("SELECT") and "FROM attendance" in q]
    assert len(reads) == 1  # the stored cells are read once
    updates = [n for q, n in seen if q.lstrip().upper().startswith("UPDATE ATTENDANCE")]
    assert updates == [1]  # only the changed cell
    with db.reading() as s:
        rows = s.execute(sa.select(AuditEntry.participant_id, AuditEntry.action, AuditEntry.entity,
                                   AuditEntry.details).where(AuditEntry.entity == "attendance")
                         .order_by(AuditEntry.id)).all()[-3:]
        assert audit.verify_chain(s) == []
    cells = {pid: json.loads(details)["celler"] for pid, action, entity, details in rows}
    assert {r[1] for r in rows} == {"update"}
    assert cells == {p0: [[TUE.isoformat(), work, [4.0, "SJUK"], [7.5, None]]],
                     p1: [[MON.isoformat(), work, None, [3.75, "VAB"]]],
                     p2: [[TUE.isoformat(), work, None, [8.0, None]]]}
    with db.reading() as s:
        stored = dict(s.execute(sa.text("SELECT participant_id, hours FROM attendance WHERE attendance_date = :d "
                                        "AND activity_id = :a"), {"d": TUE, "a": work}).all())
    assert stored == {p0: 7.5, p2: 8.0}


def test_the_day_total_counts_other_activities_stored(db, week):
    p1 = week["pids"][1]
    with db.transaction() as s, pytest.raises(ValidationError) as exc:
        att.save_cells(s, {att.CellKey(p1, week["work"], MON): att.Cell(4.25)}, today=TODAY)  # 20 + 4.25
    assert "24.25 timmar sammanlagt" in exc.value.errors[0].message
    with db.transaction() as s:  # the stored cell itself being changed is not counted twice
        att.save_cells(s, {att.CellKey(p1, week["other"], MON): att.Cell(23.0),
                           att.CellKey(p1, week["work"], MON): att.Cell(1.0)}, today=TODAY)


def test_who_a_groups_week_shows(db, week):
    """Issue 25 found the group's people from its own side (the scheduled people's enrollments, the
    week's people probed for this activity): the same people as before, on both backends."""
    p0, p1, p2 = week["pids"]
    work, other = week["work"], week["other"]
    with db.transaction() as s:
        late = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Sen", "Start")).id
        es.add_enrollment(s, late, "2026-11-16")  # enrolled from the week after
        for pid in (p2, late):
            ar.set_schedule(s, pid, [ar.ScheduleItem(work, d, 6) for d in range(5)])
        att.save_cells(s, {att.CellKey(p1, work, date(2026, 11, 2)): att.Cell(3.0)}, today=TODAY)  # another week
    with db.reading() as s:
        rows = att.group_week(s, work, WED, today=TODAY).rows
        later = att.group_week(s, work, date(2026, 11, 16), today=TODAY).rows
        earlier = att.group_week(s, work, date(2026, 11, 2), today=TODAY).rows
        others = att.group_week(s, other, MON, today=TODAY).rows
    # p0: hours recorded here, not scheduled; p2: scheduled and enrolled; p1: hours in another
    # activity this week and in this one another week; late: scheduled, not yet enrolled.
    assert sorted(r.participant_id for r in rows) == sorted([p0, p2])
    assert sorted(r.participant_id for r in later) == sorted([p2, late])
    assert sorted(r.participant_id for r in earlier) == sorted([p1, p2])
    assert [r.participant_id for r in others] == [p1]
    assert {d: c.hours for d, c in next(r for r in rows if r.participant_id == p0).cells.items()} == {MON: 6.0,
                                                                                                  TUE: 4.0}
