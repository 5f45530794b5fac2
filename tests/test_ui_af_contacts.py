"""AF-kontakter in the window, driven with real widgets: log a contact through the dialog, see the
due reminder; refused input stays in the dialog; the participant view's tab."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ame_desktop.services import af_contacts as af
from ame_desktop.services import participants as ps
from ame_desktop.services import staff
from ame_desktop.ui.af_contacts_page import AfContactsPage, show_follow_up_reminder


@pytest.fixture
def person(db):
    with db.transaction() as s:
        coach = staff.add_staff(s, "Kerstin Ålund").id
        pid = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg", staff_id=coach)).id
        ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg"))
    return {"id": pid, "staff": coach}


@pytest.fixture
def page(qtbot, db, person):
    p = AfContactsPage(db)
    qtbot.addWidget(p)
    p.show()
    return p


def pick_person(qtbot, dlg, text: str) -> None:
    """As a coach does: type part of the name, arrow down into the hits, Enter. (QTest types
    ASCII only.)"""
    qtbot.keyClicks(dlg.picker.edit, text)
    qtbot.waitUntil(lambda: dlg.picker.hits.isVisible() and dlg.picker.hits.count() >= 1)
    qtbot.keyClick(dlg.picker.edit, Qt.Key_Down)
    qtbot.keyClick(dlg.picker.hits, Qt.Key_Return)


def save(qtbot, dlg) -> None:
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)


def test_log_a_contact_through_the_dialog_and_see_the_due_reminder(qtbot, db, page, person):
    assert not page.banner_box.isVisible()
    dlg = page.new_contact()
    qtbot.waitUntil(dlg.isVisible)
    pick_person(qtbot, dlg, "rjan")
    assert dlg.picker.participant_id == person["id"]
    assert dlg.staff.currentData() == person["staff"]  # the person's coach, by default
    assert dlg.consent_warning.isVisible()  # no consent on file yet
    dlg.category.setCurrentIndex(dlg.category.findData("TOLKA_BESLUT"))
    dlg.af_office.setText("Arbetsförmedlingen Västervik")
    qtbot.keyClick(dlg.consent, Qt.Key_Space)
    assert not dlg.consent_warning.isVisible()
    qtbot.keyClicks(dlg.question, "Beslut om avaktualisering, varfor?")
    qtbot.keyClicks(dlg.follow_up, date.today().isoformat())  # AF calls back today
    save(qtbot, dlg)
    qtbot.waitUntil(lambda: not dlg.isVisible())

    with db.reading() as s:
        (row,) = af.list_contacts(s)
    assert (row.participant_id, row.category, row.channel, row.consent_documented) == (
        person["id"], "TOLKA_BESLUT", "TELEFON", True)
    assert row.follow_up == af.FOLLOW_DUE_TODAY
    # The log and the banner on the page …
    assert page.model.rowCount() == 1
    assert page.banner_box.isVisible() and "1 att göra i dag" in page.banner.text()
    # … and the start-up reminder, which does not block.
    box = show_follow_up_reminder(page)
    assert box is not None and not box.isModal()
    assert "1 att göra i dag" in box.text()
    assert "Örjan Åberg" in box.informativeText() and "Tolka beslut" in box.informativeText()
    box.close()

    # Marked done: no reminder any more.
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key_K, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not page.banner_box.isVisible())
    assert show_follow_up_reminder(page) is None


def test_reminder_in_the_main_window_leads_to_the_follow_ups(qtbot, db, person):
    from ame_desktop.ui.main_window import MainWindow

    with db.transaction() as s:
        yesterday = date.today() - timedelta(days=1)
        af.add_contact(s, af.ContactInput(contact_date=yesterday - timedelta(days=3), channel="EPOST",
                                          category="INFORMATIONSBEGARAN", participant_id=person["id"],
                                          follow_up_on=yesterday))
    win = MainWindow(db, remember_layout=False)
    qtbot.addWidget(win)
    win.show()
    box = show_follow_up_reminder(win)
    assert "1 försenade" in box.text() and "1 försenade" in win.statusBar().currentMessage()
    show = next(b for b in box.buttons() if "Visa" in b.text())
    qtbot.mouseClick(show, Qt.LeftButton)
    page = win.pages["af-contacts"]
    assert isinstance(page, AfContactsPage) and win.stack.currentWidget() is page
    assert page.follow_filter.currentData() == af.DUE and page.model.rowCount() == 1
    assert page.model.contacts[0].follow_up == af.FOLLOW_LATE


def test_refused_input_stays_in_the_dialog_with_the_field_marked(qtbot, db, page, person):
    dlg = page.new_contact()
    qtbot.waitUntil(dlg.isVisible)
    dlg.date.setText((date.today() + timedelta(days=1)).isoformat())
    save(qtbot, dlg)
    assert dlg.isVisible()
    assert "framtiden" in dlg.fields["contact_date"][1].text()
    assert "Måste fyllas i" in dlg.fields["category"][1].text()
    dlg.date.setText(date.today().isoformat())
    dlg.time.setText("00:00")
    dlg.category.setCurrentIndex(dlg.category.findData("SAMVERKANSMOTE"))
    dlg.follow_up.setText((date.today() - timedelta(days=1)).isoformat())
    save(qtbot, dlg)
    assert dlg.isVisible() and "före kontakten" in dlg.fields["follow_up_on"][1].text()
    # A search typed but nobody picked is not silently a strategic contact.
    dlg.follow_up.setText("")
    qtbot.keyClicks(dlg.picker.edit, "zzz")
    save(qtbot, dlg)
    assert dlg.isVisible() and "Välj deltagaren" in dlg.fields["participant_id"][1].text()
    dlg.picker.edit.clear()
    save(qtbot, dlg)
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert page.model.rowCount() == 1 and page.model.contacts[0].participant_id is None


def test_participant_tab_lists_the_persons_contacts(qtbot, db, person):
    from ame_desktop.ui.af_contacts_tab import ContactsTab

    with db.transaction() as s:
        af.add_contact(s, af.ContactInput(contact_date=date.today() - timedelta(days=2), channel="TELEFON",
                                          category="SAMRAD_ANVISNING", participant_id=person["id"],
                                          consent_documented=True, consent_on=date.today() - timedelta(days=30)))
        af.add_contact(s, af.ContactInput(contact_date=date.today() - timedelta(days=2), channel="TELEFON",
                                          category="SAMVERKANSMOTE"))
    tab = ContactsTab(db)
    qtbot.addWidget(tab)
    tab.show()
    tab.load(person["id"])
    assert tab.model.rowCount() == 1 and "dokumenterat" in tab.summary.text()
    dlg = tab.new_contact()
    qtbot.waitUntil(dlg.isVisible)
    # A new contact from the tab is about this person, with the consent already on file.
    assert dlg.picker.participant_id == person["id"] and dlg.consent.isChecked()
    dlg.category.setCurrentIndex(dlg.category.findData("TREPARTSMOTE"))
    save(qtbot, dlg)
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert tab.model.rowCount() == 2
    tab.load(None)
    assert tab.model.rowCount() == 0 and not tab.new_button.isEnabled()


def test_export_runs_off_the_gui_thread(qtbot, db, page, person, tmp_path):
    with db.transaction() as s:
        af.add_contact(s, af.ContactInput(contact_date=date.today(), contact_time="00:00", channel="TELEFON",
                                          category="TOLKA_BESLUT", participant_id=person["id"]))
    out = tmp_path / "af.xlsx"
    page.start_export(str(out), (date.today() - timedelta(days=30), date.today()), True)
    qtbot.waitUntil(lambda: "Sparad" in page.export_status.text(), timeout=10_000)
    assert out.exists()
    from openpyxl import load_workbook

    cells = [str(c) for ws in load_workbook(out).worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "Deltagare 1" in cells and not any("Åberg" in c or "6408233234" in c for c in cells)
