"""The coach's first week (issue 21): the traps a real coach met in the first hour, driven
through the real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt

import pytest

from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.ui.main_window import MainWindow


@pytest.fixture
def people(db):
    with db.transaction() as s:
        a = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg"))
        b = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg"))
        c = ps.create_participant(s, ps.ParticipantInput("198503141239", "Linnea", "Persson"))
        es.add_enrollment(s, a.id, "2025-01-10")
    return {"örjan": a.id, "märta": b.id, "linnea": c.id}


@pytest.fixture
def window(qtbot, db, people):
    win = MainWindow(db, remember_layout=False)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.participants.editor.revert()
    win.close()
    win.deleteLater()


def test_enter_right_after_typing_opens_the_person_typed(qtbot, window, people):
    page = window.participants
    assert page.model.rowCount() == 3  # Persson is not first in the unfiltered list
    page.focus_search()
    # Typing and Enter in the same event-loop turn: no time for the search delay to run.
    qtbot.keyClicks(page.search, "persson linnea")
    qtbot.keyClick(page.search, Qt.Key_Return)
    assert page.model.rowCount() == 1
    qtbot.waitUntil(lambda: page.editor.participant_id == people["linnea"])


def test_the_lists_own_name_format_finds_the_person(qtbot, window, people):
    page = window.participants
    page.search.setText("Öberg, Märta")  # pasted (QTest cannot type capital Ö)
    qtbot.keyClick(page.search, Qt.Key_Return)
    assert [page.model.id_at(r) for r in range(page.model.rowCount())] == [people["märta"]]


# -- the plan tab: "Hämta från schemat" with dated goals, and a schedule saved in the same sitting ----
@pytest.fixture
def plan_tab(qtbot, db):
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.ui.plan_tab import PlanTab

    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput("199001012385", "Ida", "Andersson"))
        es.add_enrollment(s, p.id, "2026-01-10")
        work = ar.add_activity(s, "Arbetsträning – Snickeriet", 4).id
        ar.set_schedule(s, p.id, [ar.ScheduleItem(work, d, 4) for d in range(3)])
    t = PlanTab(db)
    qtbot.addWidget(t)
    t.resize(900, 900)
    t.show()
    qtbot.waitExposed(t)
    t.load(p.id)
    return t, p.id, work


def test_fill_from_the_schedule_keeps_goals_with_dates(qtbot, db, plan_tab):
    tab, _pid, _work = plan_tab
    tab.goals.add_button.click()
    tab.goals.table.item(0, 0).setText("Ta truckkort")
    tab.goals.table.item(0, 1).setText("2027-04-30")
    qtbot.mouseClick(tab.prefill_button, Qt.LeftButton)  # an AttributeError here used to be lost
    assert tab.goals.rows()[0][:2] == ["Ta truckkort", "2027-04-30"]
    assert [r[:3] for r in tab.activities.rows()][0] == ["Arbetsträning – Snickeriet", "4", "4"]


def test_the_draft_follows_a_schedule_saved_in_the_same_sitting(qtbot, db, plan_tab):
    from ame_desktop.services import activity_requirement as ar

    tab, pid, work = plan_tab
    assert [r[0] for r in tab.activities.rows()] == ["Arbetsträning – Snickeriet"]
    tab.hide()  # the coach goes to the requirement tab and saves a longer schedule
    with db.transaction() as s:
        sfi = ar.add_activity(s, "SFI – Kommunens vuxenutbildning", 2).id
        ar.set_schedule(s, pid, [ar.ScheduleItem(work, d, 4) for d in range(3)]
                        + [ar.ScheduleItem(sfi, d, 3) for d in (3, 4)])
    tab.show()
    qtbot.waitExposed(tab)
    assert sorted(r[0] for r in tab.activities.rows()) == ["Arbetsträning – Snickeriet",
                                                          "SFI – Kommunens vuxenutbildning"]


# -- the 1366×768 laptop ----------------------------------------------------------------------------
def test_first_start_fits_the_screen(qtbot, db):
    win = MainWindow(db, remember_layout=False)
    qtbot.addWidget(win)
    free = win.screen().availableGeometry()
    assert win.width() <= free.width() and win.height() + 40 <= free.height()
    assert free.contains(win.geometry().topLeft())


def test_every_participant_tab_is_visible_at_1366x768(qtbot, window, people):
    window.resize(1366, 728)  # 768 less the taskbar
    window.participants._sized = False
    window.participants.hide()
    window.participants.show()
    window.participants.open_participant(people["örjan"])
    qtbot.wait(10)
    bar = window.participants.editor.tabs.tabBar()
    assert bar.count() >= 7
    for i in range(bar.count()):
        rect = bar.tabRect(i)
        assert rect.right() <= bar.width(), f"tab {bar.tabText(i)} is cut off"
        assert rect.width() >= bar.tabSizeHint(i).width() - 1, f"tab {bar.tabText(i)} is shortened"
    assert not bar.usesScrollButtons()


# -- the keyboard in record dialogs ----------------------------------------------------------------------
@pytest.fixture
def contact_dialog(qtbot, db, people):
    from PySide6.QtWidgets import QApplication

    from ame_desktop.ui.af_contacts_page import ContactDialog

    d = ContactDialog(None, db)
    qtbot.addWidget(d)
    d.show()
    d.activateWindow()
    qtbot.waitActive(d)
    qtbot.wait(10)
    return d, QApplication.focusWidget


def test_a_record_dialog_opens_with_focus_in_its_first_field(contact_dialog):
    d, focus = contact_dialog
    assert focus() is d.date


def test_every_alt_letter_of_the_contact_dialog_reaches_its_field(qtbot, contact_dialog):
    d, focus = contact_dialog
    for key, widget in ((Qt.Key_U, d.outcome), (Qt.Key_K, d.category), (Qt.Key_F, d.question),
                        (Qt.Key_E, d.picker.edit), (Qt.Key_D, d.date), (Qt.Key_O, d.af_office),
                        (Qt.Key_P, d.af_person), (Qt.Key_N, d.follow_up)):
        qtbot.keyClick(focus(), key, Qt.AltModifier)
        qtbot.wait(5)
        assert focus() is widget, f"Alt+{chr(key)}"


def test_enter_in_the_participant_picker_picks_and_does_not_save(qtbot, db, contact_dialog, people):
    d, focus = contact_dialog
    d.picker.setFocus()
    qtbot.keyClicks(d.picker.edit, "persson")
    qtbot.keyClick(d.picker.edit, Qt.Key_Return)  # before the picker's search delay has run
    assert d.isVisible() and d.result() == 0  # not saved, not closed
    assert d.picker.participant_id == people["linnea"]


def test_a_corrected_field_loses_its_old_error(qtbot, contact_dialog):
    d, focus = contact_dialog
    d.date.setText("2026-13-45")
    d.try_save()
    error = d.fields["contact_date"][1]
    assert d.isVisible() and error.text()
    qtbot.keyClick(d.date, Qt.Key_Backspace)  # the coach starts correcting the date
    assert error.isHidden() and not error.text()


# -- words on screen ---------------------------------------------------------------------------------
def test_ones_own_save_is_not_reported_as_someone_elses_change(qtbot, db, window, people):
    from ame_desktop.domain.actor import Actor
    from ame_desktop.store.database import Database

    window._last_change = window._change_marker()
    window.participants.open_participant(people["märta"])
    window.participants.editor.inputs["phone"].setText("070-111 22 33")
    window.participants.editor.save()
    window._check_for_changes()
    assert "andra användare" not in window.statusBar().currentMessage()

    other = Database(db.url)
    other.actor = Actor(name="kollega", role="handledare")
    with other.transaction() as s:
        ps.update_participant(s, people["örjan"], ps.ParticipantInput("640823-3234", "Örjan", "Åberg",
                                                                      phone="070-999 88 77"))
    other.dispose()
    window._check_for_changes()
    assert "ändringar från andra användare" in window.statusBar().currentMessage()


# -- files ---------------------------------------------------------------------------------------------
def test_the_plans_file_name_carries_no_personal_data(plan_tab):
    tab, _pid, _work = plan_tab
    for version in (None, 3):
        name = tab._default_file_name(version)
        assert name.startswith("individuell-plan") and name.endswith(".pdf")
        assert not any(ch.isdigit() for ch in name.replace("-v3", "")), name
        assert "Ida" not in name and "Andersson" not in name and "199001012385" not in name


def test_file_dialogs_start_in_the_last_folder_used_never_the_programs(qtbot, tmp_path, monkeypatch):
    import os

    from PySide6.QtWidgets import QFileDialog

    from ame_desktop.ui import file_dialogs

    seen = []
    chosen = tmp_path / "rapporter" / "oktober.pdf"
    chosen.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, start, flt="", *a, **k: (seen.append(start) or (str(chosen), flt)))
    first = file_dialogs.getSaveFileName(None, "Spara", "aktivitetskrav.pdf", "PDF (*.pdf)")
    assert first[0] == str(chosen)
    assert not seen[0].startswith(os.getcwd() + os.sep + "aktivitetskrav")  # not the program's folder
    file_dialogs.getSaveFileName(None, "Spara", "november.pdf", "PDF (*.pdf)")
    assert seen[1] == str(chosen.parent / "november.pdf")


# -- accessibility ------------------------------------------------------------------------------------------
def _describe(w) -> str:
    return f"{type(w).__name__}({w.objectName() or '-'}) in {type(w.parentWidget()).__name__}"


def test_every_focusable_widget_of_every_page_has_an_accessible_name(qtbot, window, people):
    from ame_desktop.ui.accessibility import unnamed

    window.participants.open_participant(people["örjan"])
    missing = {}
    for key in window.keys:
        page = window.show_view(key)
        qtbot.wait(1)
        bad = unnamed(page)
        if bad:
            missing[key] = sorted({_describe(w) for w in bad})
    missing_window = [_describe(w) for w in unnamed(window) if not any(p.isAncestorOf(w) for p in window.pages.values())]
    assert not missing and not missing_window, (missing, missing_window)


def test_names_come_from_what_the_user_reads(qtbot, window, people):
    ed = window.participants.editor
    assert ed.inputs["personnummer"].accessibleName() == "Personnummer"
    assert ed.inputs["email"].accessibleName() == "E-post"
    assert window.participants.search.accessibleName().startswith("Sök namn eller personnummer")
    assert window.participants.table.accessibleName()


def test_text_size_setting_scales_the_whole_window(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from ame_desktop.ui import accessibility

    app = QApplication.instance()
    accessibility.apply_look(app)
    base = app.font().pointSizeF()
    nav = window.nav.font().pointSizeF()
    try:
        accessibility.set_text_size(150)
        assert app.font().pointSizeF() == pytest.approx(base * 1.5, abs=0.05)
        assert window.participants.search.font().pointSizeF() == pytest.approx(base * 1.5, abs=0.05)
        assert window.nav.font().pointSizeF() == pytest.approx(nav * 1.5, abs=0.1)  # headings keep their lead
    finally:
        accessibility.set_text_size(100)
    assert app.font().pointSizeF() == pytest.approx(base, abs=0.05)


def test_focus_ring_and_message_colours_meet_wcag_aa():
    from ame_desktop.ui.accessibility import FOCUS_COLOUR
    from ame_desktop.ui.common import MESSAGE_COLOURS

    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str) -> float:
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    for background in ("#ffffff", "#efefef"):  # a form, the window
        assert contrast(FOCUS_COLOUR, background) >= 3.0  # non-text contrast (1.4.11)
        for colour in MESSAGE_COLOURS.values():
            assert contrast(colour, background) >= 4.5, colour  # text (1.4.3)


# -- the journal tab ---------------------------------------------------------------------------------------
def test_write_search_and_correct_in_the_journal_tab(qtbot, db, window, people):
    from datetime import datetime, timedelta

    import sqlalchemy as sa

    from ame_desktop.domain.models import JournalEntry
    from ame_desktop.ui.journal_tab import JournalTab

    ed = window.participants.editor
    window.participants.open_participant(people["örjan"])
    tab = next(w for w in ed.extra_tabs if isinstance(w, JournalTab))
    ed.tabs.setCurrentWidget(tab)
    dialog = tab.new_entry()
    qtbot.waitExposed(dialog)
    from PySide6.QtWidgets import QApplication

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date)  # the first field, not "Spara"
    dialog.text.setFocus()
    qtbot.keyClicks(dialog.text, "Samtal om praktik på Återbruket.")
    dialog.try_save()
    assert not dialog.isVisible()
    assert tab.model.rowCount() == 1 and tab.edit_button.isEnabled() and not tab.correct_button.isEnabled()
    assert "Samtal om praktik" in tab.full_text.toPlainText()

    # Two days later the entry is locked: the tab offers a correction instead.
    with db.transaction() as s:
        s.execute(sa.update(JournalEntry).values(written_at=datetime.now() - timedelta(days=2)))
    tab.reload()
    assert not tab.edit_button.isEnabled() and tab.correct_button.isEnabled()
    dialog = tab.correct_entry()
    dialog.text.setPlainText("Rättelse: praktiken börjar 7 december.")
    dialog.try_save()
    assert tab.model.rowCount() == 2
    assert "Rättelse" in tab.model.data(tab.model.index(0, 4))

    tab.search.setText("återbruket")
    assert tab.model.rowCount() == 1 and "Återbruket" in tab.model.data(tab.model.index(0, 2))


def test_a_long_field_error_is_shown_whole_in_a_narrow_pane(qtbot, window):
    page = window.participants
    window.resize(1366, 728)
    page.splitter.setSizes([1000, 330])
    ed = page.editor
    ed.new()
    label = ed.errors["personnummer"]
    label.show_message("”640823-3235” har fel kontrollsiffra. Kontrollera de tio sista siffrorna mot "
                       "legitimationen eller beslutet från Skatteverket.")
    qtbot.wait(20)
    assert label.width() < 300  # wrapped over several lines
    assert label.height() >= label.heightForWidth(label.width()) > 3 * label.fontMetrics().height()


def test_correcting_a_field_of_the_person_form_clears_its_error(qtbot, window):
    ed = window.participants.editor
    ed.new()
    qtbot.keyClicks(ed.inputs["personnummer"], "640823-3235")
    qtbot.keyClicks(ed.inputs["first_name"], "Fel")
    qtbot.keyClicks(ed.inputs["last_name"], "Siffra")
    ed.save()
    assert ed.errors["personnummer"].text()
    qtbot.keyClick(ed.inputs["personnummer"], Qt.Key_Backspace)
    assert not ed.errors["personnummer"].text() and ed.errors["personnummer"].isHidden()
