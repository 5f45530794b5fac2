"""The Plan tab and the batch print dialog, driven with real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt

import pytest

from ame_desktop.services import plans
from ame_desktop.ui.plan_batch import PlanBatchDialog
from ame_desktop.ui.plan_tab import PlanTab
from tests.test_plans import TODAY, build_register, pdf_text, sample_content


@pytest.fixture
def tab(qtbot, db):
    t = PlanTab(db)
    qtbot.addWidget(t)
    t.resize(900, 900)
    t.show()
    qtbot.waitExposed(t)
    return t


def versions_in_db(db, pid) -> list[int]:
    with db.reading() as s:
        return [v.version for v in plans.list_versions(s, pid)]


def test_edit_the_plan_and_save_a_new_version(qtbot, db, tab):
    ids = build_register(db)
    tab.load(ids["örjan"])
    assert tab.version_box.count() == 1 and "Version 1" in tab.version_box.currentText()
    assert not tab.save_button.isEnabled()
    assert "Få ett arbete inom lager" in tab.long_goal.toPlainText()

    tab.long_goal.moveCursor(tab.long_goal.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.long_goal, " Helst på lagret i Målilla.")
    tab.goals.add_button.click()
    row = tab.goals.table.rowCount() - 1
    tab.goals.table.item(row, 0).setText("Övningsköra en gång i veckan")
    tab.goals.table.item(row, 1).setText("2027-04-30")
    assert tab.save_button.isEnabled() and "version 2" in tab.state_label.text()

    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert versions_in_db(db, ids["örjan"]) == [2, 1]
    assert tab.version_box.count() == 2 and "Version 2" in tab.version_box.currentText()
    assert "Version 2 sparad" in tab.state_label.text() and not tab.save_button.isEnabled()
    with db.reading() as s:
        _info, saved = plans.get_version(s, ids["örjan"])
    assert saved.long_term_goal.endswith("Helst på lagret i Målilla.")
    assert saved.short_term_goals[-1].text == "Övningsköra en gång i veckan"
    assert saved.short_term_goals[-1].target_date.isoformat() == "2027-04-30"


def test_a_new_plan_starts_from_the_schedule_and_errors_show_at_the_field(qtbot, db, tab):
    ids = build_register(db, with_plan=False)
    tab.load(ids["örjan"])
    assert tab.version_box.currentText() == "Ny plan (inte sparad)" and tab.save_button.isEnabled()
    rows = tab.activities.rows()
    assert [r[:3] for r in rows] == [["Arbetsträning – Återbruket", "4", "5"], ["Eget jobbsökande", "0", "2"]]
    assert tab.requirement_hours.text() == "30" and "4 timmar per vecka" in tab.job_seeking_hours.text()

    qtbot.keyClicks(tab.long_goal, "Arbete inom lager")
    tab.goals.add_button.click()
    tab.goals.table.item(0, 0).setText("Ta truckkort")
    tab.goals.table.item(0, 1).setText("2027-02-30")
    tab.activities.table.item(0, 3).setText("4,1")
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert versions_in_db(db, ids["örjan"]) == []
    assert "Delmål 1, datum" in tab.error_label.text() and "omöjligt datum" in tab.error_label.text()
    assert "Aktivitet 1, tisdag" in tab.error_label.text()
    assert tab.goals.table.item(0, 1).background().color().name() == "#f8d7da"
    assert tab.activities.table.item(0, 3).background().color().name() == "#f8d7da"
    assert tab.long_goal.toPlainText() == "Arbete inom lager"  # the edits are kept

    tab.goals.table.item(0, 1).setText("2027-02-28")
    tab.activities.table.item(0, 3).setText("4,25")
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert versions_in_db(db, ids["örjan"]) == [1]
    assert tab.error_label.isHidden()


def test_no_time_for_job_seeking_is_refused(qtbot, db, tab):
    ids = build_register(db)
    tab.load(ids["örjan"])
    tab.activities.table.selectRow(2)  # Eget jobbsökande, the only own-job-seeking (category 0) row
    tab.activities.table.setCurrentCell(2, 0)
    tab.activities.remove_button.click()
    assert "0 timmar per vecka" in tab.job_seeking_hours.text()
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert "Tid för eget jobbsökande saknas" in tab.error_label.text()
    assert versions_in_db(db, ids["örjan"]) == [1]


def test_older_versions_are_read_only_and_print_and_reprint(qtbot, db, tab, tmp_path, monkeypatch):
    ids = build_register(db)
    with db.transaction() as s:
        plans.save_plan(s, ids["örjan"], sample_content(long_term_goal="Studera på Komvux."), today=TODAY)
    tab.load(ids["örjan"])
    assert tab.long_goal.toPlainText() == "Studera på Komvux."
    tab.version_box.setCurrentIndex(tab.version_box.findData(1))
    tab.version_box.activated.emit(tab.version_box.currentIndex())
    assert tab.viewing == 1 and tab.long_goal.isReadOnly() and not tab.save_button.isEnabled()
    assert "Version 1 visas skrivskyddad" in tab.state_label.text()
    assert tab.long_goal.toPlainText().startswith("Få ett arbete")

    out = tmp_path / "v1.pdf"
    monkeypatch.setattr(tab, "ask_pdf_path", lambda _suggestion: str(out))
    qtbot.mouseClick(tab.print_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.prints.rowCount() == 1, timeout=15000)
    assert "Få ett arbete inom lager" in pdf_text(out) and "Version 1" in pdf_text(out)
    assert tab.prints.item(0, 1).text() == "1" and "skrevs till" in tab.state_label.text()

    copy = tmp_path / "kopia.pdf"
    monkeypatch.setattr(tab, "ask_pdf_path", lambda _suggestion: str(copy))
    qtbot.mouseClick(tab.reprint_button, Qt.LeftButton)
    qtbot.waitUntil(copy.exists, timeout=15000)
    assert pdf_text(copy) == pdf_text(out)
    assert tab.prints.rowCount() == 1  # a reprint is a copy, not a new print


def test_unsaved_plan_edits_survive_a_reload_of_the_same_person(qtbot, db, tab):
    ids = build_register(db)
    tab.load(ids["örjan"])
    tab.job_seeking_text.moveCursor(tab.job_seeking_text.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.job_seeking_text, " Också via LinkedIn.")
    tab.load(ids["örjan"])  # what the participant editor does after saving the person data
    assert tab.job_seeking_text.toPlainText().endswith("Också via LinkedIn.") and tab.dirty


def test_batch_dialog_prints_a_coachs_plans_into_a_folder(qtbot, db, tmp_path, monkeypatch):
    ids = build_register(db)
    with db.transaction() as s:
        plans.save_plan(s, ids["märta"], sample_content(long_term_goal="Arbete i butik.", requirement_hours=None),
                        today=TODAY)
    dialog = PlanBatchDialog(None, db)
    qtbot.addWidget(dialog)
    dialog.coach.setCurrentIndex(dialog.coach.findData(ids["kerstin"]))
    assert "1 aktiva deltagare, varav 1 med en sparad plan" in dialog.count_label.text()
    dialog.whole_unit.setChecked(True)
    assert "2 aktiva deltagare, varav 2" in dialog.count_label.text()
    dialog.folder.setChecked(True)
    folder = tmp_path / "planer"
    monkeypatch.setattr(dialog, "ask_target", lambda one_file: None if one_file else str(folder))
    dialog.start()  # asks for the folder first
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert dialog.result.printed == 2 and len(list(folder.glob("*.pdf"))) == 2
    assert "2 planer skrevs till" in dialog.message.text()
    assert dialog.start_button.isEnabled()
