"""The window, driven with real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import pytest

from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs
from ame_desktop.ui.main_window import MainWindow
from tests.ui_helpers import answer_next_modal
from tests.workbooks import HEADERS, write_workbook


@pytest.fixture
def people(db):
    with db.transaction() as s:
        a = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg"))
        b = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg"))
        c = ps.create_participant(s, ps.ParticipantInput("19121212-1212", "Tolvan", "Tolvansson"))
        es.add_enrollment(s, a.id, "2025-01-10")
        rs.add_referral(s, a.id, "2025-01-02", "SOC")
        es.add_enrollment(s, b.id, "2025-01-10", "2025-05-31", exit_reason="B")
    return {"örjan": a.id, "märta": b.id, "tolvan": c.id}


@pytest.fixture
def window(qtbot, db, people):
    win = MainWindow(db, remember_layout=False)
    win.show()
    yield win
    win.participants.editor.revert()  # no unsaved-changes question when the test closes it
    win.close()
    win.deleteLater()


def names_in_list(win) -> list[str]:
    m = win.participants.model
    return [m.data(m.index(r, 1)) for r in range(m.rowCount())]


def test_list_shows_everyone_sorted_in_swedish_order(window):
    assert names_in_list(window) == ["Tolvansson, Tolvan", "Åberg, Örjan", "Öberg, Märta"]
    m = window.participants.model
    assert m.data(m.index(1, 0)) == "19640823-3234"
    assert m.data(m.index(1, 4)) == "aktiv" and m.data(m.index(2, 4)) == "avslutad"
    assert m.data(m.index(0, 4)) == "ej inskriven"
    assert m.data(m.index(1, 6)) == "SOC"
    assert "Databas:" in window.db_label.text()


def test_search_narrows_the_list(qtbot, window):
    page = window.participants
    qtbot.keyClicks(page.search, "åbe")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert names_in_list(window) == ["Åberg, Örjan"]
    page.search.clear()
    qtbot.keyClicks(page.search, "701063-23")  # personnummer in any format
    qtbot.waitUntil(lambda: names_in_list(window) == ["Öberg, Märta"])
    page.search.clear()
    qtbot.keyClicks(page.search, "19121212")
    qtbot.waitUntil(lambda: names_in_list(window) == ["Tolvansson, Tolvan"])


def test_filters_for_status(qtbot, window):
    page = window.participants
    page.status_filter.setCurrentIndex(page.status_filter.findData("avslutad"))
    assert names_in_list(window) == ["Öberg, Märta"]


def test_sorting_by_clicking_a_header(qtbot, window):
    page = window.participants
    page.table.sortByColumn(0, Qt.DescendingOrder)
    assert names_in_list(window)[0] == "Öberg, Märta"  # 1970… is the largest number
    numbers = [page.model.data(page.model.index(r, 0)) for r in range(3)]
    assert numbers == sorted(numbers, reverse=True)


def test_new_participant_through_the_form_appears_in_the_list(qtbot, window, db):
    page = window.participants
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    assert page.editor.participant_id is None
    assert QApplication.focusWidget() is page.editor.inputs["personnummer"]
    qtbot.keyClicks(page.editor.inputs["personnummer"], "850709-9805")
    qtbot.keyClick(page.editor.inputs["personnummer"], Qt.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Anna")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Ärlig")
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    assert page.editor.participant_id is not None, page.editor.general_error.text() + page.editor.errors["personnummer"].text()
    assert "Ärlig, Anna" in names_in_list(window)
    with db.reading() as s:
        p = ps.find_participant(s, "850709-9805")
        assert (p.first_name, p.last_name, p.gender, p.municipality_code) == ("Anna", "Ärlig", "K", "0860")
    selected = page.table.currentIndex().row()
    assert page.model.id_at(selected) == page.editor.participant_id


def test_invalid_personnummer_is_refused_at_the_field(qtbot, window, db):
    page = window.participants
    page.new_participant()
    ed = page.editor
    qtbot.keyClicks(ed.inputs["personnummer"], "640823-3235")
    qtbot.keyClicks(ed.inputs["first_name"], "Fel")
    qtbot.keyClicks(ed.inputs["last_name"], "Siffra")
    assert ed.save() is False
    assert "kontrollsiffra" in ed.errors["personnummer"].text()
    assert ed.errors["personnummer"].isVisible()
    assert not ed.errors["first_name"].isVisible()
    assert ed.inputs["personnummer"].text() == "640823-3235"  # the edit is kept
    with db.reading() as s:
        from ame_desktop.services.stats import register_counts

        assert register_counts(s)["participants"] == 3


def test_duplicate_personnummer_shows_at_the_field(qtbot, window):
    ed = window.participants.editor
    window.participants.new_participant()
    qtbot.keyClicks(ed.inputs["personnummer"], "6408233234")
    qtbot.keyClicks(ed.inputs["first_name"], "Dubbel")
    qtbot.keyClicks(ed.inputs["last_name"], "Person")
    assert not ed.save()
    assert "finns redan" in ed.errors["personnummer"].text()


def test_edit_and_save_updates_the_list(qtbot, window, people):
    page = window.participants
    page.open_participant(people["örjan"])
    page.editor.inputs["last_name"].setText("Ekberg")
    assert page.editor.is_dirty()
    assert page.editor.save()
    assert "Ekberg, Örjan" in names_in_list(window)


def test_unsaved_changes_guard_on_navigation(qtbot, window, people):
    page = window.participants
    page.open_participant(people["örjan"])
    page.editor.inputs["phone"].setText("070-174 06 10")
    # Choosing another person asks; "Avbryt" keeps the edit and the person.
    seen = answer_next_modal("Avbryt")
    page.table.selectRow(page.model.row_of(people["märta"]))
    assert seen and "utan att spara" in seen[0]
    assert page.editor.participant_id == people["örjan"]
    assert page.editor.inputs["phone"].text() == "070-174 06 10"
    assert page.model.id_at(page.table.currentIndex().row()) == people["örjan"]
    # Leaving the page asks too; "Spara" saves and goes on.
    answer_next_modal("Spara")
    window.nav.setCurrentRow(window.keys.index("settings"))
    assert window.stack.currentWidget() is window.pages["settings"]
    with window.db.reading() as s:
        assert ps.get_participant(s, people["örjan"]).phone == "070-174 06 10"


def test_unsaved_changes_guard_on_close(qtbot, window, people):
    page = window.participants
    page.open_participant(people["märta"])
    page.editor.inputs["email"].setText("ny@example.com")
    answer_next_modal("Avbryt")
    assert window.close() is False
    assert window.isVisible()
    answer_next_modal("Spara inte")
    assert window.close() is True
    with window.db.reading() as s:
        assert ps.get_participant(s, people["märta"]).email is None


def test_escape_reverts_edits(qtbot, window, people):
    page = window.participants
    page.open_participant(people["örjan"])
    page.editor.inputs["first_name"].setFocus()
    page.editor.inputs["first_name"].setText("Fel")
    qtbot.keyClick(page.editor.inputs["first_name"], Qt.Key_Escape)
    assert page.editor.inputs["first_name"].text() == "Örjan"
    assert not page.editor.is_dirty()


def test_exit_dialog_closes_an_enrollment(qtbot, window, people, db):
    page = window.participants
    page.open_participant(people["örjan"])
    ed = page.editor
    ed.tabs.setCurrentIndex(2)
    ed.enrollment_table.selectRow(0)

    def fill(dlg):
        date_field, _ = dlg.fields["end_date"]
        reason, _ = dlg.fields["exit_reason"]
        date_field.setText("2025-06-30")
        reason.setCurrentIndex(reason.findData("KA"))
        from PySide6.QtWidgets import QLabel

        assert any("räknas inte som arbete" in label.text() for label in dlg.findChildren(QLabel))
        dlg.try_save()

    answer_next_modal("", then=fill)
    ed.close_enrollment()
    with db.reading() as s:
        e = es.list_enrollments(s, people["örjan"])[0]
    assert (e.end_date.isoformat(), e.exit_reason, e.exit_kas) == ("2025-06-30", "KA", "E")
    assert ed.enrollment_table.item(0, 5).text() == "E"  # columns: start, end, kommun, tid, orsak, KAS
    assert ed.enrollment_table.item(0, 2).text() == "0860"


def test_exit_dialog_shows_service_errors_inline(qtbot, window, people):
    page = window.participants
    page.open_participant(people["örjan"])
    ed = page.editor
    ed.enrollment_table.selectRow(0)
    messages = []

    def fill(dlg):
        date_field, _ = dlg.fields["end_date"]
        date_field.setText("2024-01-01")  # before the start
        dlg.try_save()
        messages.append(dlg.fields["end_date"][1].text())
        messages.append(dlg.fields["exit_reason"][1].text())
        dlg.reject()

    answer_next_modal("", then=fill)
    ed.close_enrollment()
    assert "före startdatum" in messages[0]
    assert "Avslutsorsak måste anges" in messages[1]


def test_import_preview_lists_errors_from_a_bad_workbook(qtbot, window, tmp_path):
    book = write_workbook(tmp_path / "fel.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], ["640823-3299", "Fel", "Nummer"], ["7010632391", "", "Öberg"]]})
    flow = window.import_workbook(str(book))
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.isVisible(), timeout=10000)
    dlg = flow.preview
    model = dlg.errors_view.model()
    rows = [tuple(model.data(model.index(r, c)) for c in range(4)) for r in range(model.rowCount())]
    assert ("Deltagare", "2", "Personnummer", "”640823-3299” har fel kontrollsiffra.") in rows
    assert any(r[:3] == ("Deltagare", "3", "Förnamn") for r in rows)
    assert not dlg.import_button.isEnabled()
    dlg.reject()


def test_import_from_the_window_runs_after_the_preview(qtbot, window, tmp_path, db):
    book = write_workbook(tmp_path / "ny.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], ["850709-9805", "Anna", "Ärlig"]]})
    flow = window.import_workbook(str(book))
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.isVisible(), timeout=10000)
    assert flow.preview.import_button.isEnabled()
    done = answer_next_modal("OK")
    flow.preview.import_button.click()
    qtbot.waitUntil(lambda: "Ärlig, Anna" in names_in_list(window), timeout=10000)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert "Deltagare: 1 nya" in done[0]


def test_window_layout_is_remembered(qtbot, db, people):
    win = MainWindow(db)
    win.show()
    win.participants.table.setColumnWidth(1, 222)
    win.participants.splitter.setSizes([500, 400])
    sizes = win.participants.splitter.sizes()
    assert win.close()
    again = MainWindow(db)
    qtbot.addWidget(again)
    again.show()
    assert again.participants.table.columnWidth(1) == 222
    # The offscreen screen is small, so the window comes back narrower; the split keeps its share.
    left, right = again.participants.splitter.sizes()
    assert abs(left / (left + right) - sizes[0] / sum(sizes)) < 0.02


def test_settings_page_saves_and_refuses_bad_values(qtbot, window, db):
    page = window.show_view("settings")
    page.unit_name.setText("AME Ånge")
    page.full_time.setText("37,5")
    page.save()
    assert page.saved_label.text() == "Sparat."
    page.full_time.setText("41,1")
    page.save()
    assert "kvartar" in page.errors["full_time_hours"].text()
    page.new_staff.setText("Lena Berg")
    page.add_staff()
    from ame_desktop.services import settings, staff

    with db.reading() as s:
        assert settings.get_setting(s, "unit_name") == "AME Ånge"
        assert settings.get_setting(s, "full_time_hours") == "37.5"
        assert [m.name for m in staff.list_staff(s)] == ["Lena Berg"]
    window.show_view("participants")
    assert window.participants.editor.inputs["staff_id"].findText("Lena Berg") >= 0


def test_screenshot_command_writes_pngs(cli, tmp_path):
    cli("demo", "--participants", "40")
    for view in ("participants", "participant"):
        out = tmp_path / f"{view}.png"
        r = cli("screenshot", view, str(out), "--size", "1000x700")
        assert r.code == 0, r
        from PySide6.QtGui import QImage

        img = QImage(str(out))
        assert (img.width(), img.height()) == (1000, 700)
    assert cli("screenshot", "nosuchview", str(tmp_path / "x.png")).code == 2
