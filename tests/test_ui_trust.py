"""Sign-in and the administrator's tabs, with real widgets."""

from __future__ import annotations

import pytest

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_READER
from ame_desktop.services import accounts

PASSWORD = "hemligt-lösen-1"


@pytest.fixture
def with_accounts(db):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
    return db


def test_sign_in_dialog_refuses_a_wrong_password_and_accepts_the_right(qtbot, with_accounts):
    from ame_desktop.ui.sign_in import SignInDialog

    dlg = SignInDialog(with_accounts)
    qtbot.addWidget(dlg)
    dlg.username.setText("lasare")
    dlg.password.setText("fel")
    dlg.try_sign_in()
    assert "Fel användarnamn eller lösenord" in dlg.error.text()
    assert dlg.password.text() == ""
    dlg.password.setText(PASSWORD)
    dlg.try_sign_in()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert with_accounts.actor.name == "lasare" and not with_accounts.actor.can_write


def test_a_reader_gets_a_read_only_form_and_no_admin_tabs(qtbot, with_accounts):
    from ame_desktop.services import participants as ps
    from ame_desktop.ui.main_window import MainWindow

    with with_accounts.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg")).id
    with_accounts.actor = accounts.sign_in_db(with_accounts, "lasare", PASSWORD)
    win = MainWindow(with_accounts, remember_layout=False)
    qtbot.addWidget(win)
    win.show()
    win.participants.open_participant(pid)
    assert not win.participants.editor.inputs["last_name"].isEnabled()
    assert not win.participants.editor.save_button.isVisible()
    settings = win.show_view("settings")
    # Nothing of the administrator's: the unit, this computer's text size, the closed days.
    assert [settings.tabs.tabText(i) for i in range(settings.tabs.count())] == [
        "Enheten", "Den här datorn", "Aktivitetskrav"]


def test_the_administrator_sees_accounts_log_gallring_and_backups(qtbot, with_accounts):
    from ame_desktop.ui.settings_page import SettingsPage

    page = SettingsPage(with_accounts)
    qtbot.addWidget(page)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Enheten", "Den här datorn", "Aktivitetskrav", "Konton", "Logg", "Gallring", "Säkerhetskopior"]
    accounts_tab = page.admin_tabs[0]
    accounts_tab.load()
    assert accounts_tab.model.rowCount() == 2
    log = page.admin_tabs[1]
    log.since.setText("2000-01-01")
    log.load()
    assert log.model.rowCount() > 0  # the account creations and sign-ins
