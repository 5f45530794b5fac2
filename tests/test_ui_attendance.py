"""The week grid, driven with real widgets: typed hours are stored and move the month balance."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services.activity_report import monthly_report
from ame_desktop.ui.attendance_page import MODE_GROUP, MODE_PERSON, AttendancePage

TODAY = date(2026, 6, 10)  # a Wednesday: Mon 8 … Wed 10 June are open, Thu on is the future


@pytest.fixture
def setup(db):
    with db.transaction() as s:
        a = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg")).id
        b = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg")).id
        work = ar.add_activity(s, "Arbetsträning – Återbruket", 4).id
        for pid in (a, b):
            es.add_enrollment(s, pid, "2026-06-01")
            ar.add_period(s, pid, "2026-06-01", None, 40)
            ar.set_schedule(s, pid, [ar.ScheduleItem(work, d, 8) for d in range(5)])
    return {"a": a, "b": b, "work": work}


@pytest.fixture
def page(qtbot, db, setup):
    p = AttendancePage(db, today=TODAY)
    qtbot.addWidget(p)
    p.show()
    p.mode.setCurrentIndex(p.mode.findData(MODE_GROUP))
    p.activity.setCurrentIndex(p.activity.findData(setup["work"]))
    p.load_week()
    yield p
    p.model.pending.clear()


def type_into_cell(qtbot, grid, index, text):
    """As a coach does: arrow to the cell, start typing (that opens the editor), Enter."""
    from PySide6.QtWidgets import QApplication

    grid.setCurrentIndex(index)
    qtbot.keyClicks(grid, text[0])
    editor = QApplication.focusWidget()
    assert editor is not grid, "typing opened no editor"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key_Return)
    # The delegate commits on Return through a queued call: let the event loop run it.
    qtbot.waitUntil(lambda: grid.state() != grid.State.EditingState)


def month_figures(db, pid):
    with db.reading() as s:
        rep = monthly_report(s, 2026, 6, through=TODAY)
    return next(x for x in rep.participants if x.participant_id == pid)


def test_typed_hours_are_stored_and_change_the_balance(qtbot, db, page, setup):
    assert [page.model.headerData(r, Qt.Vertical) for r in range(page.model.rowCount())] == ["Åberg, Örjan",
                                                                                            "Öberg, Märta"]
    before = month_figures(db, setup["a"])
    assert (before.required_hours, before.attended_hours) == (64.0, 0.0)  # 1–5 and 8–10 June so far
    grid = page.grid
    grid.setFocus()
    type_into_cell(qtbot, grid, page.model.index(0, 0), "7,5")  # Örjan, Monday 8 June
    type_into_cell(qtbot, grid, page.model.index(0, 1), "8 s")  # Tuesday: sick
    assert len(page.model.pending) == 2
    page.save_button.click()
    assert not page.model.pending
    after = month_figures(db, setup["a"])
    assert (after.attended_hours, after.valid_absence_hours) == (7.5, 8.0)
    # The grid shows the label (issue 16); the editor gets the typed form back.
    assert page.model.data(page.model.index(0, 1)) == "8 Sjuk"
    assert page.model.data(page.model.index(0, 1), Qt.EditRole) == "8 SJUK"


def test_fill_from_schedule_only_fills_open_days(qtbot, db, page, setup):
    qtbot.keyClick(page, Qt.Key_D, Qt.ControlModifier)
    # Mon–Wed for both people; Thu and Fri are in the future.
    assert len(page.model.pending) == 6
    assert page.save()
    figures = month_figures(db, setup["b"])
    assert (figures.attended_hours, figures.status, figures.shortfall) == (24.0, "ej_registrerat", 40.0)


def test_refused_text_and_refused_cells(qtbot, db, page, setup):
    grid = page.grid
    grid.setFocus()
    type_into_cell(qtbot, grid, page.model.index(0, 0), "7,3")
    assert "kvartar" in page.status.text()
    assert not page.model.pending
    # Thursday is in the future: the cell cannot be edited at all.
    assert not (page.model.flags(page.model.index(0, 3)) & Qt.ItemIsEditable)


def test_person_grid_and_month_view(qtbot, db, page, setup):
    page.fill_from_schedule()
    page.save()
    page.show_person(setup["a"])
    assert page.mode.currentData() == MODE_PERSON
    assert [page.model.headerData(r, Qt.Vertical) for r in range(page.model.rowCount())] == [
        "Arbetsträning – Återbruket"]
    assert "krav 64 h, närvaro 24 h" in page.balance.text()
    page.only_short.setChecked(False)
    names = [page.month_model.rows[r][0] for r in range(page.month_model.rowCount())]
    assert sorted(names) == ["Märta Öberg", "Örjan Åberg"]


def test_unsaved_hours_are_guarded(qtbot, page):
    from tests.ui_helpers import answer_next_modal

    page.fill_from_schedule()
    seen = answer_next_modal("Avbryt")
    page.go_week(7)
    assert seen and "utan att spara" in seen[0]
    assert page.model.pending  # kept
    answer_next_modal("Spara inte")
    assert page.can_leave()


def test_ctrl_s_in_the_main_window_saves_the_week(qtbot, db, setup):
    """The window owns Ctrl+S (one shortcut per key) and hands it to the page on show."""
    from ame_desktop.ui.main_window import MainWindow

    win = MainWindow(db, remember_layout=False)
    win.show()
    page = win.show_view("attendance")
    page.today = TODAY
    page.monday = date(2026, 6, 8)
    page.mode.setCurrentIndex(page.mode.findData(MODE_GROUP))
    page.activity.setCurrentIndex(page.activity.findData(setup["work"]))
    page.load_week()
    page.fill_from_schedule()
    assert page.model.pending
    from PySide6.QtWidgets import QApplication

    win.activateWindow()  # window shortcuts need the active window (offscreen too)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    qtbot.keyClick(win, Qt.Key_S, Qt.ControlModifier)
    assert not page.model.pending
    assert month_figures(db, setup["a"]).attended_hours == 24.0
    win.close()


def test_a_save_recomputes_the_month_view_for_the_saved_people_only(qtbot, db, page, setup, monkeypatch):
    """Issue 25: after a save the month view computes the saved people's figures again, not the
    whole register's month, and shows what a full computation would."""
    from ame_desktop.services.attendance import Cell, CellKey

    page.only_short.setChecked(False)  # (shows the month, computed whole)
    asked = []
    whole = page._month_report
    monkeypatch.setattr(page, "_month_report", lambda y, m, people=None: asked.append(people) or whole(y, m, people))
    page.model.set_pending({CellKey(setup["a"], setup["work"], date(2026, 6, 8)): Cell(7.5),
                            CellKey(setup["a"], setup["work"], date(2026, 6, 9)): Cell(8.0, "SJUK")})
    assert page.save()
    # The grid shows the cells as stored (save_cells' `written`), without reading the week again.
    kept = {(r.participant_id, d): c for r in page.model.week.rows for d, c in r.cells.items()}
    page.load_week()
    assert kept == {(r.participant_id, d): c for r in page.model.week.rows for d, c in r.cells.items()}
    assert kept[(setup["a"], date(2026, 6, 9))] == Cell(8.0, "SJUK")

    def shown():
        return {row[0]: row for row in page.month_model.rows}
    qtbot.waitUntil(lambda: shown()["Örjan Åberg"][4] == "7,5")
    assert asked == [[setup["a"]]]
    merged = shown()
    assert merged["Örjan Åberg"][6] == "8"  # the reported-reason absence
    page.load_month()  # the whole month again
    assert asked[-1] is None
    assert shown() == merged and [r[0] for r in page.month_model.rows] == list(merged)
