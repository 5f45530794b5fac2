"""Issue 23 in the window (pytest-qt, offscreen, real SQLite files): the Grupper page (a group
added through the dialog, booking until full and the explicit waiting-list choice, a cancelled
session marking everyone booked), the Underplanerade list on a hand-built week, the Kapacitet
view, Arbetsplatser, the participant's Bokningar tab, and what a reader and a coach of another
kommun see."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
from ame_desktop.domain.models import Attendance, GroupBooking
from ame_desktop.services import accounts
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import capacity as cap
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from tests.ui_helpers import answer_next_modal

TODAY = date(2026, 12, 1)  # a Tuesday: the coming week is 2026-W50 (7–13 December, five working days)
W50 = date(2026, 12, 7)
PASSWORD = "hemligt-lösen-1"


def _person(s, pnr, first, last, hours=40, municipality=None, reduced=False):
    p = ps.create_participant(s, ps.ParticipantInput(pnr, first, last, municipality_code=municipality))
    es.add_enrollment(s, p.id, "2026-09-01")
    if reduced:
        ar.add_period(s, p.id, "2026-10-01", None, hours, "Deltidsarbete 50 %", reduction_code="DELTIDSARBETE")
    else:
        ar.add_period(s, p.id, "2026-10-01", None, hours)
    return p.id


def _group(s, name, days, start, end, places, municipality=None):
    g = cap.create_group(s, cap.GroupInput(name, 3, days, start, end, places, municipality, "Sal 2",
                                           valid_from="2026-11-01"), today=TODAY)
    cap.generate_sessions(s, g.id, "2026-11-01", "2027-01-31")
    return g.id


def _ok(dlg):
    dlg.buttons.button(QDialogButtonBox.Save).click()


# -- Grupper -------------------------------------------------------------------------------------------
def test_a_group_added_through_the_dialog_gets_its_sessions(qtbot, db):
    from ame_desktop.ui.groups_page import GroupsPage

    page = GroupsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.group_model.rowCount() == 0
    dlg = page.new_item()
    qtbot.waitExposed(dlg)
    f = dlg.inputs
    qtbot.keyClicks(f["name"], "Jobbklubb torsdag")
    f["category"].setCurrentIndex(f["category"].findData(3))
    qtbot.mouseClick(f["days"].boxes[3], Qt.LeftButton, pos=f["days"].boxes[3].rect().center())
    f["start"].clear()
    qtbot.keyClicks(f["start"], "13:00")
    f["end"].clear()
    qtbot.keyClicks(f["end"], "15:30")
    f["places"].setValue(8)
    assert f["sessions_to"].text() == "2027-02-28"  # three months ahead by default
    qtbot.keyClick(f["name"], Qt.Key_Return)  # Enter saves
    assert not dlg.isVisible() and dlg.result() == dlg.DialogCode.Accepted
    assert [page.group_model.rows[0][i] for i in (0, 1, 2, 3, 6)] == [
        "Jobbklubb torsdag", "3 Söka arbete", "tor", "13:00–15:30", 8]
    with db.reading() as s:
        g = cap.find_group(s, "jobbklubb torsdag")
        days = [x.day for x in cap.list_sessions(s, g.id)]
    # Every Thursday 2026-12-03 … 2027-02-25 but julafton and nyårsafton (both Thursdays).
    assert days[0] == date(2026, 12, 3) and days[-1] == date(2027, 2, 25) and len(days) == 11
    assert date(2026, 12, 24) not in days and date(2026, 12, 31) not in days
    assert "11 tillfällen" in page.status.text() and "Hoppade över 2" in page.status.text()


def test_the_group_dialog_shows_the_services_refusal_and_esc_cancels(qtbot, db):
    from ame_desktop.ui.groups_page import GroupsPage

    page = GroupsPage(db, today=TODAY)
    qtbot.addWidget(page)
    dlg = page.new_item()
    qtbot.keyClicks(dlg.inputs["name"], "Utan dagar")
    _ok(dlg)
    assert dlg.isVisible()
    assert "veckodag" in dlg.fields["weekdays"][1].text()
    qtbot.keyClick(dlg.inputs["name"], Qt.Key_Escape)
    assert not dlg.isVisible()
    with db.reading() as s:
        assert cap.list_groups(s) == []


@pytest.fixture
def small_group(db):
    with db.transaction() as s:
        people = [_person(s, pnr, first, "Testsson") for pnr, first in (
            ("196408233234", "Örjan"), ("198503141239", "Anders"), ("199001012385", "Lena"))]
        gid = _group(s, "Språkcafé", "mån, ons", "09:00", "12:00", 2)
    return gid, people


def _select_group(page, gid):
    row = next(i for i, g in enumerate(page.groups) if g.id == gid)
    page.group_table.selectRow(row)


def _book(qtbot, page, pnr):
    dlg = page.book_participant()
    qtbot.keyClicks(dlg.picker.edit, pnr)
    qtbot.keyClick(dlg.picker.edit, Qt.Key_Return)  # picks the first hit, does not save
    assert dlg.isVisible() and dlg.picker.participant_id is not None
    return dlg


def test_booking_until_full_asks_before_the_waiting_list(qtbot, db, small_group):
    from ame_desktop.ui.groups_page import GroupsPage

    gid, (a, b, c) = small_group
    page = GroupsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    _select_group(page, gid)
    for pnr in ("196408233234", "198503141239"):
        dlg = _book(qtbot, page, pnr)
        assert dlg.fields["start_date"][0].text() == "2026-12-07"  # the coming week
        _ok(dlg)
        assert not dlg.isVisible()
    assert [r[4] for r in page.member_model.rows] == ["Plats", "Plats"]

    # The third: the group is full. "Avbryt" keeps the dialog open and books nothing …
    dlg = _book(qtbot, page, "199001012385")
    seen = answer_next_modal("Avbryt")
    _ok(dlg)
    assert seen and "Alla 2 platser i Språkcafé är bokade" in seen[0]
    assert dlg.isVisible() and "fullbokad" in dlg.fields["start_date"][1].text()
    with db.reading() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(GroupBooking)).scalar() == 2
    # … and the explicit choice puts the person on the waiting list with today's date.
    seen = answer_next_modal("väntelistan")
    _ok(dlg)
    assert seen and not dlg.isVisible()
    assert page.member_model.rows[-1][4] == "Väntar, nr 1 (2026-12-01)"
    assert "väntelistan" in page.status.text()
    with db.reading() as s:
        waiting = [m for m in cap.group_members(s, gid) if m.waiting]
    assert [m.participant_id for m in waiting] == [c]


def test_cancelling_a_session_marks_everyone_booked(qtbot, db, small_group):
    from ame_desktop.ui.groups_page import GroupsPage

    gid, (a, b, c) = small_group
    with db.transaction() as s:
        for pid in (a, b):
            cap.book(s, pid, gid, "2026-12-07", today=TODAY)
    page = GroupsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    _select_group(page, gid)
    assert [r[0] for r in page.session_model.rows] == ["2026-12-07", "2026-12-09"]
    page.session_table.selectRow(1)
    dlg = page.cancel_session()
    assert "Alla 2 bokade får passet markerat som inställt av enheten" in dlg.confirm_label.text()
    _ok(dlg)  # no reason: refused in place
    assert dlg.isVisible() and dlg.fields["reason"][1].text()
    qtbot.keyClicks(dlg.fields["reason"][0], "Lokalen vattenskadad")
    qtbot.keyClick(dlg.fields["reason"][0], Qt.Key_Return)
    assert not dlg.isVisible()
    assert page.session_model.rows[1][5] == "Inställt: Lokalen vattenskadad"
    assert "2 personer markerade som inställt av enheten" in page.status.text()
    with db.reading() as s:
        marked = s.execute(sa.select(Attendance.participant_id, Attendance.hours, Attendance.absence).where(
            Attendance.attendance_date == date(2026, 12, 9)).order_by(Attendance.participant_id)).all()
    assert marked == [(a, 3.0, "INSTALLD"), (b, 3.0, "INSTALLD")]
    assert not page.cancel_button.isEnabled() and page.restore_button.isEnabled()


# -- Underplanerade ------------------------------------------------------------------------------------
@pytest.fixture
def planned_week(db):
    """Week 50: A has one group (6 h of 40), B a reduced requirement of 20 with the group and a
    placement of 10 h, C nothing booked, D a placement covering all 10 h, E a group whose only
    session of the week the unit cancelled."""
    with db.transaction() as s:
        a = _person(s, "196408233234", "Anna", "Alm")
        b = _person(s, "198503141239", "Bo", "Berg", 20, reduced=True)
        c = _person(s, "199001012385", "Cilla", "Cedersund")
        d = _person(s, "195512124560", "Dan", "Dahl", 10, reduced=True)
        e = _person(s, "197010632391", "Eva", "Ek")  # a samordningsnummer
        g1 = _group(s, "Jobbsökarverkstaden", "mån, ons", "09:00", "12:00", 5)
        g2 = _group(s, "Digital vardag", "tis", "13:00", "16:00", 5)
        for pid in (a, b):
            cap.book(s, pid, g1, "2026-11-30", today=TODAY)
        cap.book(s, e, g2, "2026-11-30", today=TODAY)
        w = cap.create_workplace(s, cap.WorkplaceInput("Parkförvaltningen", "KOMMUN", places=3))
        cap.add_placement(s, b, w.id, "2026-11-01", None, 10, today=TODAY)
        cap.add_placement(s, d, w.id, "2026-11-01", None, 10, today=TODAY)
        tuesday = next(x for x in cap.list_sessions(s, g2, W50, W50 + timedelta(days=6)))
        cap.cancel_session(s, tuesday.id, "Handledaren sjuk")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_the_underscheduled_list_of_a_hand_built_week(qtbot, db, planned_week):
    from ame_desktop.ui.capacity_page import UNDER_HEADERS, UnderscheduledPage

    page = UnderscheduledPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.result is not None or "Räknar" not in page.status.text())  # a background job
    assert page.result is not None, page.status.text()
    assert page.result.period.label == "2026-W50"
    col = {h: i for i, h in enumerate(UNDER_HEADERS)}
    rows = page.model.rows
    # Largest shortfall first, ties by personnummer: Eva (40, her session cancelled) before
    # Cilla (40, nothing booked), then Anna (34), then Bo (4). Dan is fully planned.
    assert [r[0] for r in rows] == ["Ek, Eva", "Cedersund, Cilla", "Alm, Anna", "Berg, Bo"]
    assert [r[col["Planerade\ntimmar saknas"]] for r in rows] == ["40", "40", "34", "4"]
    assert [r[col["Krav"]] for r in rows] == ["40", "40", "40", "20"]
    assert [r[col["Planerat"]] for r in rows] == ["0", "0", "6", "16"]
    assert [r[col["Inställt av\nenheten"]] for r in rows] == ["3", "", "", ""]
    assert [r[col["Anmärkning"]] for r in rows] == ["", "Ingen bokad plats ännu", "", ""]
    assert rows[0][1] == "19701063-2391"
    text = page.summary.text()
    assert "Vecka 50: 4 av 5 personer med aktivitetskrav har timmar kvar att planera" in text
    assert "uppfyller" not in text and "fel" not in text  # the unit's planning gap, not the person's
    # Enter (and double-click) opens the person.
    page.table.setFocus()
    page.table.selectRow(1)
    with qtbot.waitSignal(page.open_participant) as opened:
        qtbot.keyClick(page.table, Qt.Key_Return)
    assert opened.args == [planned_week["c"]]


def test_the_list_exported_as_a_workbook(qtbot, db, planned_week, tmp_path):
    from openpyxl import load_workbook

    from ame_desktop.ui.capacity_page import UnderscheduledPage

    page = UnderscheduledPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.compute(background=False)
    assert page.export_button.isEnabled()
    out = page.export_to(tmp_path / "lista.xlsx")
    ws = load_workbook(out).active
    rows = [r for r in ws.iter_rows(values_only=True)]
    pnrs = [r[0] for r in rows[3:]]
    assert pnrs == ["197010632391", "199001012385", "196408233234", "198503141239"]


def test_the_month_and_the_next_week_are_other_periods(qtbot, db, planned_week):
    from ame_desktop.ui.capacity_page import UnderscheduledPage

    page = UnderscheduledPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.compute(background=False)
    page.picker.blockSignals(True)
    page.picker.kind.setCurrentIndex(page.picker.kind.findData("month"))
    page.picker.blockSignals(False)
    page.picker.reset()  # the coming month: January 2027
    qtbot.waitUntil(lambda: page.result is not None and page.result.period.label == "2027-01")
    assert page.picker.title.text() == "Januari 2027"
    assert page.result.rows[0].personnummer in ("197010632391", "199001012385")


# -- Kapacitet and Arbetsplatser -----------------------------------------------------------------------
def test_the_capacity_view_shows_groups_per_week_categories_and_a_forecast(qtbot, db, planned_week):
    from ame_desktop.ui.capacity_page import CapacityPage

    page = CapacityPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.view is not None)
    assert page.picker.title.text() == "Januari 2027"
    assert page.forecast_model.rowCount() == 3
    assert [r[0] for r in page.forecast_model.rows] == ["januari 2027", "februari 2027", "mars 2027"]
    names = [g[1] for g in page.week_model.groups]
    assert names == ["Digital vardag", "Jobbsökarverkstaden"]
    i = page.week_model.weeks.index(date(2027, 1, 11))
    cell = page.week_model.index(names.index("Jobbsökarverkstaden"), 2 + i)
    assert cell.data() == "2/5"
    assert page.category_model.rowCount() == 5
    assert len(page.chart.chart().series()) == 2  # the bars and the line


def test_a_workplace_and_a_placement_through_the_dialogs(qtbot, db):
    from ame_desktop.ui.workplaces_page import WorkplacesPage

    with db.transaction() as s:
        pid = _person(s, "196408233234", "Anna", "Alm")
    page = WorkplacesPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    dlg = page.new_item()
    qtbot.keyClicks(dlg.inputs["name"], "ICA Centrum")
    dlg.inputs["sector"].setCurrentIndex(dlg.inputs["sector"].findData("PRIVAT"))
    qtbot.keyClicks(dlg.inputs["agreement_from"], "2026-12-01")
    qtbot.keyClicks(dlg.inputs["agreement_to"], "2026-11-01")
    qtbot.keyClick(dlg.inputs["name"], Qt.Key_Return)
    assert dlg.isVisible() and "Avtalet slutar före det börjar" in dlg.fields["agreement_to"][1].text()
    dlg.inputs["agreement_to"].setText("2027-11-30")
    dlg.inputs["places"].setValue(2)
    dlg.inputs["insurance"].setChecked(True)
    qtbot.keyClick(dlg.inputs["name"], Qt.Key_Return)
    assert not dlg.isVisible()
    assert page.model.rows[0][:2] == ("ICA Centrum", "Privat") and page.model.rows[0][-2:] == (2, 2)
    pdlg = page.add_placement()
    qtbot.keyClicks(pdlg.picker.edit, "196408233234")
    qtbot.keyClick(pdlg.picker.edit, Qt.Key_Return)
    pdlg.fields["hours_per_week"][0].setValue(16)
    _ok(pdlg)
    assert not pdlg.isVisible()
    assert page.placement_model.rows == [("Alm, Anna", "19640823-3234", "2026-12-01", "tills vidare", "16", "")]
    assert page.model.rows[0][-1] == 1  # one open place left
    with db.reading() as s:
        assert [p.workplace_name for p in cap.participant_bookings(s, pid).placements] == ["ICA Centrum"]


def test_the_participants_bookings_tab(qtbot, db, planned_week):
    from ame_desktop.ui.bookings_tab import BookingsTab
    from ame_desktop.ui.participant_editor import ParticipantEditor

    editor = ParticipantEditor(db)
    qtbot.addWidget(editor)
    editor.show()
    assert not editor.bookings_button.isVisible()
    editor.load(planned_week["b"])
    assert editor.bookings_button.isVisible()
    qtbot.mouseClick(editor.bookings_button, Qt.LeftButton)
    dlg = editor.bookings_dialog
    assert dlg.isVisible() and dlg.tab.booking_table.rowCount() == 1
    qtbot.keyClick(dlg, Qt.Key_Escape)
    assert not dlg.isVisible()

    tab = BookingsTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.load(planned_week["b"])
    assert tab.booking_table.rowCount() == 1 and tab.booking_table.item(0, 0).text() == "Jobbsökarverkstaden"
    assert tab.booking_table.item(0, 4).text() == "Plats"
    assert tab.placement_table.item(0, 0).text() == "Parkförvaltningen"
    assert "16 timmar per vecka" in tab.summary.text()


# -- who sees what -------------------------------------------------------------------------------------
@pytest.fixture
def two_kommuner(db):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
        here = _person(s, "196408233234", "Örjan", "Åberg")
        there = _person(s, "197010632391", "Märta", "Öberg", municipality="2260")
        g_here = _group(s, "Jobbsökarverkstaden", "mån", "09:00", "12:00", 4)
        g_there = _group(s, "Ånge språkcafé", "tis", "09:00", "12:00", 4, municipality="2260")
        cap.book(s, here, g_here, "2026-11-30", today=TODAY)
        cap.book(s, there, g_there, "2026-11-30", today=TODAY)
        cap.create_workplace(s, cap.WorkplaceInput("Parkförvaltningen", "KOMMUN", "0860"))
        cap.create_workplace(s, cap.WorkplaceInput("Ånge bygg", "PRIVAT", "2260"))
    return {"here": here, "there": there, "g_here": g_here, "g_there": g_there}


def test_a_reader_sees_the_pages_but_cannot_write(qtbot, db, two_kommuner):
    from ame_desktop.ui.groups_page import GroupsPage
    from ame_desktop.ui.workplaces_page import WorkplacesPage

    db.actor = accounts.sign_in_db(db, "lasare", PASSWORD)
    groups = GroupsPage(db, today=TODAY)
    qtbot.addWidget(groups)
    assert groups.group_model.rowCount() == 2 and groups.member_model.rowCount() == 1
    groups.session_table.selectRow(0)
    groups.member_table.selectRow(0)
    for b in (groups.new_button, groups.edit_button, groups.sessions_button, groups.cancel_button,
              groups.restore_button, groups.book_button, groups.end_button, groups.remove_button):
        assert not b.isEnabled(), b.text()
    assert groups.new_item() is None and groups.book_participant() is None and groups.cancel_session() is None
    places = WorkplacesPage(db, today=TODAY)
    qtbot.addWidget(places)
    assert places.model.rowCount() == 2
    for b in (places.new_button, places.edit_button, places.place_button, places.end_button, places.remove_button):
        assert not b.isEnabled(), b.text()


def test_a_coach_of_0860_sees_nothing_of_2260(qtbot, db, two_kommuner):
    from ame_desktop.ui.bookings_tab import BookingsTab
    from ame_desktop.ui.capacity_page import CapacityPage, UnderscheduledPage
    from ame_desktop.ui.groups_page import GroupsPage
    from ame_desktop.ui.workplaces_page import WorkplacesPage

    db.actor = accounts.sign_in_db(db, "kerstin", PASSWORD)
    groups = GroupsPage(db, today=TODAY)
    qtbot.addWidget(groups)
    assert [g.name for g in groups.groups] == ["Jobbsökarverkstaden"]
    assert [m[0] for m in groups.member_model.rows] == ["Åberg, Örjan"]
    places = WorkplacesPage(db, today=TODAY)
    qtbot.addWidget(places)
    assert [w.name for w in places.workplaces] == ["Parkförvaltningen"]
    under = UnderscheduledPage(db, today=TODAY)
    qtbot.addWidget(under)
    under.compute(background=False)
    assert [r.participant_id for r in under.result.rows] == [two_kommuner["here"]]
    assert [under.municipality.itemData(i) for i in range(under.municipality.count())] == [None, "0860"]
    capacity = CapacityPage(db, today=TODAY)
    qtbot.addWidget(capacity)
    capacity.compute(background=False)
    assert [g[1] for g in capacity.week_model.groups] == ["Jobbsökarverkstaden"]
    tab = BookingsTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.load(two_kommuner["there"])
    assert tab.booking_table.rowCount() == 0 and tab.summary.text()  # refused, said in Swedish


# -- the window ---------------------------------------------------------------------------------------
def test_the_window_shows_the_underscheduled_count_and_the_four_pages(qtbot, db):
    from ame_desktop.ui.main_window import MainWindow

    next_monday = date.today() - timedelta(days=date.today().weekday()) + timedelta(days=7)
    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput("196408233234", "Örjan", "Åberg"))
        es.add_enrollment(s, p.id, next_monday - timedelta(days=60))
        ar.add_period(s, p.id, next_monday - timedelta(days=30), None, 40)
    win = MainWindow(db, remember_layout=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.underscheduled_label.text() == "Underplanerade: 1")
    assert win.nav.item(win.keys.index("underscheduled")).text() == "Underplanerade (1)"
    for key, title in (("groups", "Grupper"), ("workplaces", "Arbetsplatser"), ("capacity", "Kapacitet")):
        page = win.show_view(key)
        assert win.stack.currentWidget() is page
        assert win.nav.item(win.keys.index(key)).text() == title
        if key != "capacity":  # Ctrl+N is the page's own "new"
            qtbot.keyClick(win, Qt.Key_N, Qt.ControlModifier)
            assert page.dialog is not None and page.dialog.isVisible()
            page.dialog.reject()
    # Booking on Grupper updates the count: an hour every working day covers a requirement of 5 h.
    with db.transaction() as s:
        q = ps.create_participant(s, ps.ParticipantInput("198503141239", "Bo", "Berg"))
        es.add_enrollment(s, q.id, next_monday - timedelta(days=60))
        ar.add_period(s, q.id, next_monday - timedelta(days=30), None, 5, "Deltidsarbete", reduction_code="DELTIDSARBETE")
        g = cap.create_group(s, cap.GroupInput("Morgonpass", 1, "mån, tis, ons, tor, fre", "09:00", "10:00", 3,
                                               valid_from=next_monday - timedelta(days=7)))
        cap.generate_sessions(s, g.id, next_monday - timedelta(days=7), next_monday + timedelta(days=13))
    win.show_underscheduled()
    qtbot.waitUntil(lambda: win.underscheduled_label.text() == "Underplanerade: 2")
    groups = win.show_view("groups")
    groups.refresh()
    _select_group(groups, g.id)
    dlg = _book(qtbot, groups, "198503141239")
    _ok(dlg)
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: win.underscheduled_label.text() == "Underplanerade: 1")

    page = win.show_view("underscheduled")
    qtbot.waitUntil(lambda: page.result is not None)
    first = page.picker.start
    from PySide6.QtWidgets import QApplication

    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Right, Qt.AltModifier)  # only the page in view takes the key
    assert page.picker.start == first + timedelta(days=7)
    qtbot.waitUntil(lambda: page.result.period.first == first + timedelta(days=7))
    qtbot.keyClick(page.picker.default_button, Qt.Key_Space)  # back to the coming week
    qtbot.waitUntil(lambda: page.result.period.first == first)
    page.table.selectRow(0)
    page._open()
    assert win.stack.currentWidget() is win.participants and win.participants.editor.participant_id == p.id
    win.close()


def test_the_group_dialog_is_keyboard_first(qtbot, db):
    from PySide6.QtWidgets import QApplication

    from ame_desktop.ui.groups_page import GroupsPage

    page = GroupsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    dlg = page.new_item()
    dlg.activateWindow()
    qtbot.waitActive(dlg)
    qtbot.wait(10)
    focus = QApplication.focusWidget
    assert focus() is dlg.inputs["name"]  # typing starts in the first field
    for key, widget in ((Qt.Key_K, dlg.inputs["category"]), (Qt.Key_V, dlg.inputs["days"].boxes[0]),
                        (Qt.Key_T, dlg.inputs["start"]), (Qt.Key_P, dlg.inputs["places"]),
                        (Qt.Key_C, dlg.inputs["note"]), (Qt.Key_N, dlg.inputs["name"])):
        qtbot.keyClick(focus(), key, Qt.AltModifier)
        qtbot.wait(5)
        assert focus() is widget, f"Alt+{chr(key)}"
    qtbot.keyClick(focus(), Qt.Key_Escape)
    assert not dlg.isVisible()


def test_the_screenshot_views_of_the_capacity_pages(cli, db, tmp_path):
    from PySide6.QtGui import QImage

    assert cli("demo", "--participants", "40").code == 0
    with db.reading() as s:  # the demo has groups with bookings, sessions and workplaces
        groups = cap.list_groups(s)
        assert len(groups) >= 5 and sum(g.booked for g in groups) > 0
        assert any(cap.list_sessions(s, g.id) for g in groups) and cap.list_workplaces(s)
    for view in ("groups", "workplaces", "underscheduled", "capacity"):
        out = tmp_path / f"{view}.png"
        r = cli("screenshot", view, str(out), "--size", "1366x768")
        assert r.code == 0, r
        img = QImage(str(out))
        assert (img.width(), img.height()) == (1366, 768)
