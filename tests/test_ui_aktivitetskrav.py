"""Issue 16 in the window, driven with real widgets: the requirement tab with the decision and a
caseworker added from the picker, the month view's statuses, the week grid's closed days and
absence labels, the exit dialog that ends the requirement, and closed days in Inställningar."""

from __future__ import annotations

from datetime import date

import pytest

from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services.importing import import_workbook
from ame_desktop.services.participants import find_participant
from tests.test_aktivitetskrav_v2 import CANCEL, DROP, NEVER, SEEK, october_book
from tests.ui_helpers import answer_next_modal

TODAY = date(2026, 11, 20)


@pytest.fixture
def october(db, tmp_path):
    import_workbook(db, october_book(tmp_path / "oktober.xlsx"))
    with db.reading() as s:
        return {n: find_participant(s, n).id for n in (DROP, NEVER, SEEK, CANCEL)}


def test_requirement_tab_saves_the_decision_with_a_new_caseworker_and_shows_the_warning(qtbot, db):
    from ame_desktop.ui.requirement_tab import RequirementTab

    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput(DROP, "Örjan", "Åberg")).id
        es.add_enrollment(s, pid, "2026-01-01")
    tab = RequirementTab(db)
    qtbot.addWidget(tab)
    tab.show()
    tab.load(pid)
    warnings = []

    def fill_caseworker(dlg):
        dlg.fields["name"][0].setText("Anna Lind")
        dlg.fields["unit"][0].setText("Försörjningsstöd")
        dlg.fields["email"][0].setText("anna.lind@example.se")
        dlg.try_save()

    def fill(dlg):
        dlg.fields["start_date"][0].setText("2026-09-01")
        dlg.fields["hours_per_week"][0].setText("30")
        code = dlg.fields["reduction_code"][0]
        code.setCurrentIndex(code.findData("DELTIDSARBETE"))
        dlg.fields["decision_date"][0].setText("2026-08-25")
        dlg.fields["decision_reference"][0].setText("SOC 2026/123")
        dlg.fields["support_since"][0].setText("2026-07-01")
        picker = dlg.fields["caseworker_id"][0]
        answer_next_modal("", then=fill_caseworker)
        picker.add_new()
        assert picker.combo.currentText().startswith("Anna Lind")
        warnings.append(answer_next_modal("OK"))  # the warning after saving (filled in when it shows)
        dlg.try_save()

    answer_next_modal("", then=fill)
    tab.edit_period(new=True)
    with db.reading() as s:
        p = ar.list_periods(s, pid)[0]
        worker = ar.get_caseworker(s, p.caseworker_id)
    assert (p.hours_per_week, p.reduction_code, p.reduction_hours, p.decision_reference) == \
        (30.0, "DELTIDSARBETE", 10.0, "SOC 2026/123")
    assert (worker.name, worker.unit, worker.municipality_code) == ("Anna Lind", "Försörjningsstöd", "0860")
    assert warnings and "tre månader" in warnings[0][0]
    row = [tab.periods.item(0, c).text() for c in range(tab.periods.columnCount())]
    assert row[3] == "Deltidsarbete (10 h)" and "SOC 2026/123" in row[5] and row[6] == "Anna Lind"


def test_requirement_tab_shows_errors_at_the_field(qtbot, db):
    from ame_desktop.ui.requirement_tab import RequirementTab

    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput(DROP, "Örjan", "Åberg")).id
    tab = RequirementTab(db)
    qtbot.addWidget(tab)
    tab.load(pid)
    messages = []

    def fill(dlg):
        dlg.fields["hours_per_week"][0].setText("25")
        dlg.try_save()
        messages.append(dlg.fields["reduction_code"][1].text())
        dlg.reject()

    answer_next_modal("", then=fill)
    tab.edit_period(new=True)
    assert "orsakskod" in messages[0]
    with db.reading() as s:
        assert ar.list_periods(s, pid) == []


def test_month_view_shows_the_reports_statuses(qtbot, db, october):
    from ame_desktop.ui.attendance_page import AttendancePage

    page = AttendancePage(db, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    page.only_short.setChecked(False)
    page.month.setCurrentIndex(next(i for i in range(page.month.count())
                                    if tuple(page.month.itemData(i)) == (2026, 10)))
    page.load_month()
    rows = {r[1].replace("-", ""): r for r in page.month_model.rows}
    assert rows[DROP][2] == "Frånvaro utan anmält skäl" and rows[DROP][10] == "14"
    assert rows[NEVER][2] == "Ej inskriven"
    assert rows[SEEK][2] == "Timmar ej registrerade" and rows[SEEK][5] == "40"
    assert rows[CANCEL][2] == "Uppfyllt" and rows[CANCEL][7] == "8"
    page.only_short.setChecked(True)
    page.load_month()
    assert {r[2] for r in page.month_model.rows} == {"Frånvaro utan anmält skäl", "Timmar ej registrerade"}


def test_week_grid_shows_closed_days_and_absence_labels(qtbot, db, october):
    from PySide6.QtCore import Qt

    from ame_desktop.ui.attendance_page import AttendancePage

    page = AttendancePage(db, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    page.show_person(october[DROP], day=date(2026, 10, 8))
    model = page.model
    texts = {model.week.days[c].day: model.data(model.index(0, c)) for c in range(7)}
    assert texts[8] == "8 Frånvaro utan anmält skäl"  # the label, not the code OGILTIG
    page.show_person(october[CANCEL], day=date(2026, 10, 29))
    texts = {model.week.days[c].day: model.data(model.index(0, c)) for c in range(7)}
    assert texts[29] == "8 Inställd av enheten" and texts[30] == "stängt"
    tip = model.data(model.index(0, 4), Qt.ToolTipRole)
    assert "Studiedag Ånge" in tip and "Inget krävs" in tip
    assert "Stängt: Studiedag Ånge" in model.headerData(4, Qt.Horizontal, Qt.ToolTipRole)


def test_exit_dialog_ends_the_requirement_for_exits_a_to_d(qtbot, db):
    from ame_desktop.ui.main_window import MainWindow

    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput(DROP, "Örjan", "Åberg")).id
        es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, pid, "2026-01-01", None, 40)
        ar.set_schedule(s, pid, [ar.ScheduleItem(ar.category_activity(s, 4).id, d, 8) for d in range(5)])
    win = MainWindow(db, remember_layout=False)
    win.show()
    try:
        page = win.participants
        page.open_participant(pid)
        ed = page.editor
        ed.enrollment_table.selectRow(0)
        ticked = []

        def fill(dlg):
            dlg.fields["end_date"][0].setText("2026-10-09")
            reason = dlg.fields["exit_reason"][0]
            reason.setCurrentIndex(reason.findData("E1"))
            ticked.append(ed.exit_end_requirement.isChecked())
            reason.setCurrentIndex(reason.findData("A1"))
            ticked.append(ed.exit_end_requirement.isChecked())
            dlg.try_save()

        answer_next_modal("", then=fill)
        ed.close_enrollment()
        assert ticked == [False, True]
        with db.reading() as s:
            assert ar.list_periods(s, pid)[0].end_date == date(2026, 10, 9)
            assert ar.schedule(s, pid) == []
    finally:
        win.participants.editor.revert()
        win.close()
        win.deleteLater()


def test_closed_days_are_edited_in_installningar(qtbot, db):
    from ame_desktop.ui.settings_page import SettingsPage

    page = SettingsPage(db)
    qtbot.addWidget(page)
    page.show()
    tab = page.closed_days

    def fill(dlg):
        dlg.fields["start_date"][0].setText("2026-12-28")
        dlg.fields["end_date"][0].setText("2026-12-30")
        muni = dlg.fields["municipality_code"][0]
        muni.setCurrentIndex(muni.findData("0860"))
        dlg.fields["reason"][0].setText("Mellandagar")
        dlg.try_save()

    answer_next_modal("", then=fill)
    tab.edit(new=True)
    assert [tab.table.item(0, c).text() for c in (0, 1, 3)] == ["2026-12-28", "2026-12-30", "Mellandagar"]
    tab.inputs["sick_without_certificate_days"].setText("10")
    tab.save_settings()
    from ame_desktop.services.settings import get_setting

    with db.reading() as s:
        assert get_setting(s, "sick_without_certificate_days") == "10"
        assert [c.reason for c in ar.list_closed_days(s)] == ["Mellandagar"]
