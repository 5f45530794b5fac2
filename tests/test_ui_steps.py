"""The Steg tab and the Stegförflyttning page, driven with real widgets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import steps
from ame_desktop.ui.steps_page import StepsPage
from ame_desktop.ui.steps_tab import StepsTab
from tests.ui_helpers import answer_next_modal

START = date.today() - timedelta(days=200)


@pytest.fixture
def person(db):
    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg")).id
        es.add_enrollment(s, pid, START)
        steps.add_assessment(s, pid, START + timedelta(days=10), 1)
    return pid


@pytest.fixture
def tab(qtbot, db, person):
    t = StepsTab(db)
    qtbot.addWidget(t)
    t.resize(900, 700)
    t.show()
    t.load(person)
    return t


def save_button(dlg):
    return dlg.buttons.button(QDialogButtonBox.Save)


def test_recording_an_assessment_through_the_dialog_updates_the_chart(qtbot, db, tab, person):
    assert tab.chart.points.count() == 1
    assert tab.table.rowCount() == 1
    assert len(tab.chart.bands) == 1  # the enrollment, shaded
    when = (START + timedelta(days=60)).isoformat()
    seen_errors: list[str] = []

    def fill(dlg):
        # (Inside the dialog's own event loop: set values and click, no QTest key events.)
        # First a date before the enrollment: the dialog stays open with the error under the field.
        dlg.date_field.setText((START - timedelta(days=1)).isoformat())
        dlg.level_box.setCurrentIndex(dlg.level_box.findData(3))
        motivation = next(iter(dlg.rating_boxes))
        dlg.rating_boxes[motivation].setCurrentIndex(dlg.rating_boxes[motivation].findData(4))
        dlg.comment_box.setPlainText("Arbetstränar fyra dagar i veckan.")
        save_button(dlg).click()
        error = dlg.fields["assessed_on"][1]
        seen_errors.append(error.text() if error.isVisible() else "")
        dlg.date_field.setText(when)
        save_button(dlg).click()

    answer_next_modal("Spara", then=fill)
    qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    assert seen_errors and "före personens första inskrivning" in seen_errors[0]
    qtbot.waitUntil(lambda: tab.chart.points.count() == 2)
    assert tab.table.rowCount() == 2
    assert tab.table.item(0, 0).text() == when and tab.table.item(0, 1).text() == "3 Arbetsträning"
    assert "Motivation 4" in tab.table.item(0, 4).text()
    with db.reading() as s:
        latest = steps.history(s, person)[-1]
    assert (latest.level_number, latest.comment) == (3, "Arbetstränar fyra dagar i veckan.")
    # The step line: start, the jump at the new date, and a tail to today.
    assert tab.chart.line.count() == 4


def test_editing_and_deleting_an_assessment(qtbot, db, tab, person):
    tab.table.selectRow(0)
    dlg = tab.assessment_dialog(tab._selected_id())
    assert dlg.level_box.currentData() == 1
    dlg.level_box.setCurrentIndex(dlg.level_box.findData(2))
    qtbot.mouseClick(save_button(dlg), Qt.LeftButton)
    assert dlg.result() == QDialog.Accepted
    tab.load(person)
    assert tab.table.item(0, 1).text() == "2 Förberedande insats"
    answer_next_modal("Yes")
    tab.table.selectRow(0)
    tab.delete_assessment()
    assert tab.chart.points.count() == 0 and tab.table.rowCount() == 0
    assert tab.summary.text() == "Inga stegbedömningar ännu."


def test_narrow_panel_shows_level_numbers_and_the_large_chart_names(qtbot, tab):
    from PySide6.QtCharts import QCategoryAxis

    def y_labels(chart):
        axis = next(a for a in chart.chart_.axes() if isinstance(a, QCategoryAxis))
        return axis.categoriesLabels()

    assert y_labels(tab.chart)[0] == "1 Kartläggning"
    tab.resize(360, 700)
    qtbot.waitUntil(lambda: y_labels(tab.chart)[0] == "1")

    def check(dlg):
        labels.extend(y_labels(tab.large_dialog.findChild(type(tab.chart))))
        dlg.reject()

    labels: list[str] = []
    answer_next_modal("Stäng", then=check)
    tab.show_large_chart()
    assert labels[:2] == ["1 Kartläggning", "2 Förberedande insats"]


@pytest.fixture
def page(qtbot, db, person):
    p = StepsPage(db)
    qtbot.addWidget(p)
    p.resize(1100, 760)
    p.show()
    return p


def test_page_shows_the_figures_and_exports_them(qtbot, db, page, person, tmp_path, monkeypatch):
    with db.transaction() as s:
        steps.add_assessment(s, person, START + timedelta(days=70), 2)
    page.load_results()
    assert page.figures.rows[0][:4] == ("Totalt", "Alla", 1, 1)
    assert page.figures.rows[0][4] == "1 (100,0 %)"
    assert "1</b> person bedömdes" in page.headline.text()  # one person: singular
    # A period the wrong way round: an inline error, nothing computed.
    page.start.setText("2030-01-01")
    page.load_results()
    assert page.period_error.isVisible() and "före" in page.period_error.text()

    page.preset.setCurrentIndex(page.preset.findData("Senaste 12 månaderna"))
    out = tmp_path / "steg.xlsx"
    monkeypatch.setattr("ame_desktop.ui.steps_page.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    shown: list[str] = []
    monkeypatch.setattr("ame_desktop.ui.steps_page.QMessageBox.information", lambda _p, _t, text: shown.append(text))
    page.export()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert out.exists() and str(out) in shown[0]


def test_page_manages_ladders_and_dimensions(qtbot, db, page, person):
    rows = page.model_rows
    assert [(m.name, m.version, m.active) for m in rows] == [("Standardmodell", 1, True)]
    # The standard ladder has an assessment: saving a change makes version 2.
    dlg = page.model_dialog(rows[0].id)
    assert "skapas version 2" in " ".join(w.text() for w in dlg.findChildren(type(page.model_title)))
    dlg.levels_table.setCurrentCell(2, 0)
    dlg.level_text.setPlainText("Arbetsträning i egen verksamhet, 4 timmar om dagen.")
    qtbot.mouseClick(save_button(dlg), Qt.LeftButton)
    assert dlg.result() == QDialog.Accepted
    page.load_models()
    assert [(m.version, m.active) for m in page.model_rows] == [(2, True)]
    page.old_versions.setChecked(True)
    assert sorted(m.version for m in page.model_rows) == [1, 2]
    page.old_versions.setChecked(False)

    # A new ladder: an empty level name is refused inline.
    dlg = page.model_dialog()
    qtbot.keyClicks(dlg.name_field, "Ungdomsstegen")
    dlg.levels_table.item(1, 0).setText("")
    qtbot.mouseClick(save_button(dlg), Qt.LeftButton)
    assert dlg.result() != QDialog.Accepted and "Nivå 2, namn: Måste fyllas i." in dlg.general_error.text()
    dlg.levels_table.item(1, 0).setText("Förberedelse")
    qtbot.mouseClick(save_button(dlg), Qt.LeftButton)
    assert dlg.result() == QDialog.Accepted
    page.load_models()
    assert {m.name for m in page.model_rows} == {"Standardmodell", "Ungdomsstegen"}
    page._select_model(next(m.id for m in page.model_rows if m.name == "Ungdomsstegen"))
    page.activate_model()
    assert next(m for m in page.model_rows if m.name == "Ungdomsstegen").active

    # Dimensions: add one, refuse a duplicate inline, deactivate.
    dlg = page.dimension_dialog()
    dlg.name_field.setText("hälsa")
    qtbot.mouseClick(save_button(dlg), Qt.LeftButton)
    assert "finns redan" in dlg.fields["name"][1].text() and dlg.result() != QDialog.Accepted
    dlg.name_field.setText("Boende")
    qtbot.mouseClick(save_button(dlg), Qt.LeftButton)
    page.load_models()
    assert [d.name for d in page.dimension_rows][-1] == "Boende"
    page.dimensions.selectRow(len(page.dimension_rows) - 1)
    page.toggle_dimension()
    assert not page.dimension_rows[-1].active


def test_screenshot_view_of_the_page(qtbot, db, page, person):
    page.prepare_screenshot()
    assert page.tabs.currentIndex() == 0
    assert page.preset.currentData() == "Senaste 12 månaderna"
    assert page.figures.rowCount() >= 1 and page.can_leave()
