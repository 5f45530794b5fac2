"""The Samtycken tab and the AF contact dialog's consent check in the window (issue 24), driven
with real widgets and the keyboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_READER
from ame_desktop.domain.models import Consent
from ame_desktop.services import accounts, consent
from ame_desktop.services import af_contacts as af
from ame_desktop.services import participants as ps
from ame_desktop.ui.consent_tab import ConsentTab

PASSWORD = "hemligt-lösen-1"


@pytest.fixture
def person(db):
    with db.transaction() as s:
        return ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg")).id


@pytest.fixture
def tab(qtbot, db, person):
    t = ConsentTab(db)
    qtbot.addWidget(t)
    t.show()
    t.load(person)
    return t


def save(qtbot, dlg) -> None:
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)


def test_enter_on_a_purpose_gives_then_withdraws_it_and_the_history_stays(qtbot, db, tab, person):
    assert tab.status_model.rowCount() == 5 and tab.history_model.rowCount() == 0
    assert "Inget samtycke gäller" in tab.summary.text()
    assert not tab.withdraw_button.isEnabled()
    tab.status.setFocus()
    tab.status.selectRow(1)  # Försäkringskassan
    qtbot.keyClick(tab.status, Qt.Key_Return)
    dlg = tab.dialog
    qtbot.waitUntil(dlg.isVisible)
    assert dlg.purpose.currentData() == "FK" and dlg.focusWidget() is dlg.purpose  # typing starts in the form
    dlg.date.setText((date.today() - timedelta(days=10)).isoformat())
    dlg.method.setCurrentIndex(dlg.method.findData("MUNTLIGT"))
    qtbot.keyClicks(dlg.note, "Ringde")
    save(qtbot, dlg)
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert tab.status_model.rows[1][1] == "Gäller" and tab.withdraw_button.isEnabled()
    assert tab.selected().purpose == "FK"  # the row stays chosen
    qtbot.keyClick(tab.status, Qt.Key_Return)  # in force: Enter withdraws
    dlg = tab.dialog
    qtbot.waitUntil(dlg.isVisible)
    assert dlg.windowTitle() == "Återkalla samtycke"
    dlg.date.setText((date.today() + timedelta(days=1)).isoformat())
    save(qtbot, dlg)
    assert dlg.isVisible() and "framtiden" in dlg.fields["consent_date"][1].text()  # stays, field marked
    dlg.date.setText(date.today().isoformat())
    save(qtbot, dlg)
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert tab.status_model.rows[1][1] == "Gäller inte"
    assert [r[2] for r in tab.history_model.rows] == ["Återkallat", "Lämnat"]
    assert tab.history_model.rows[1][5] == "Ringde"
    with db.reading() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(Consent)).scalar_one() == 2


def test_a_reader_sees_the_consents_but_cannot_register(qtbot, db, person):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        consent.give(s, person, "sus", date.today(), "skriftligt")
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
    db.actor = accounts.sign_in_db(db, "lasare", PASSWORD)
    t = ConsentTab(db)
    qtbot.addWidget(t)
    t.load(person)
    assert t.history_model.rowCount() == 1 and "1 av 5" in t.summary.text()
    assert not t.give_button.isEnabled() and not t.withdraw_button.isEnabled()
    assert t.act_on_selected() is None


def test_the_af_contact_dialog_warns_once_when_the_register_has_no_af_consent(qtbot, db, person):
    from ame_desktop.ui.af_contacts_page import ContactDialog

    with db.transaction() as s:
        consent.give(s, person, "af", date.today() - timedelta(days=60), "skriftligt")
        consent.withdraw(s, person, "af", date.today() - timedelta(days=5), "muntligt")
    dlg = ContactDialog(None, db, participant_id=person)
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.consent.isChecked()  # withdrawn: not ticked from the register
    dlg.category.setCurrentIndex(dlg.category.findData("TOLKA_BESLUT"))
    save(qtbot, dlg)
    assert dlg.isVisible()
    message = dlg.fields["consent_documented"][1].text()
    assert "återkallades" in message and "Spara igen" in message
    save(qtbot, dlg)  # the coach has read it: the contact is saved, flagged
    qtbot.waitUntil(lambda: not dlg.isVisible())
    with db.reading() as s:
        (row,) = af.list_contacts(s)
    assert row.participant_id == person and row.consent_missing
