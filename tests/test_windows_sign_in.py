"""Windows sign-in on one PC (issue 24): an account tied to a Windows user on a computer opens
without a password there, and only there; the command line and the account administration set
the tie; PostgreSQL registers neither set nor use it. The Windows identity is faked through
`accounts.identity_source` (on a real PC it comes from the process token, never from USERNAME)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
from ame_desktop.domain.errors import UserError, ValidationError
from ame_desktop.domain.models import AuditEntry, StaffMember
from ame_desktop.services import accounts
from ame_desktop.services.accounts import WindowsIdentity
from ame_desktop.services.authz import PermissionDenied

PASSWORD = "hemligt-lösen-1"
KERSTIN = WindowsIdentity("KOMMUN\\kerstin.alund", "PC-AME-12")
ADMIN: list = []  # the administrator's actor of the running test


@pytest.fixture
def unit(db):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    admin = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        kerstin = accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"]).id
        reader = accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER).id
    db.actor = admin
    ADMIN[:] = [admin]
    return {"admin": admin, "kerstin": kerstin, "reader": reader}


def tie(db, staff_id, account=KERSTIN.account, computer=KERSTIN.computer):
    db.actor = ADMIN[0]
    with db.transaction() as s:
        accounts.set_windows_sign_in(s, staff_id, account, computer)


def windows(db, who):
    return accounts.windows_sign_in_db(db, who)


def logins(db):
    with db.reading() as s:
        return [(a, json.loads(d) if d else None) for a, d in s.execute(
            sa.select(AuditEntry.action, AuditEntry.details).where(AuditEntry.entity == "account",
                                                                   AuditEntry.action.in_(("login", "login_failed")))
            .order_by(AuditEntry.id))]


def test_a_tied_account_signs_in_without_password_on_its_pc_only(db, unit, backend):
    if backend != "sqlite":
        pytest.skip("PostgreSQL: test_postgresql_neither_sets_nor_uses_a_tie")
    assert windows(db, KERSTIN) == (None, None)  # untied: the password is asked for
    tie(db, unit["kerstin"])
    before = len(logins(db))
    actor, reason = windows(db, KERSTIN)
    assert reason is None and actor.name == "kerstin" and actor.role == ROLE_COACH
    assert actor.municipalities == frozenset({"0860"}) and db.actor == actor
    # Windows compares user and computer names without case; a full DNS name is the same PC.
    assert windows(db, WindowsIdentity("kommun\\KERSTIN.ALUND", "pc-ame-12.kommun.local"))[0].name == "kerstin"
    # Another user on that PC, the same user on another PC, the name without its domain: no.
    for other in (WindowsIdentity("KOMMUN\\bertil", "PC-AME-12"), WindowsIdentity(KERSTIN.account, "PC-AME-13"),
                  WindowsIdentity("kerstin.alund", "PC-AME-12"), WindowsIdentity("ANNAN\\kerstin.alund", "PC-AME-12")):
        assert windows(db, other) == (None, None), other
    entries = logins(db)[before:]
    assert [a for a, _d in entries] == ["login", "login"]  # recorded like a password's sign-in
    assert entries[0][1] == {"sätt": "Windows", "windows": KERSTIN.account, "dator": KERSTIN.computer}


def test_a_removed_tie_a_locked_or_disabled_account_asks_for_the_password(db, unit, backend):
    if backend != "sqlite":
        pytest.skip("PostgreSQL: test_postgresql_neither_sets_nor_uses_a_tie")
    tie(db, unit["kerstin"])
    with db.transaction() as s:
        s.get(StaffMember, unit["kerstin"]).locked_until = datetime.now() + timedelta(minutes=10)
    actor, reason = windows(db, KERSTIN)
    assert actor is None and "låst" in reason and "administratör låsa upp" in reason
    assert logins(db)[-1] == ("login_failed", {"sätt": "Windows", "windows": KERSTIN.account,
                                               "dator": KERSTIN.computer, "orsak": "kontot är låst"})
    db.actor = unit["admin"]
    with db.transaction() as s:
        accounts.unlock(s, unit["kerstin"])
        s.get(StaffMember, unit["kerstin"]).active = False
    actor, reason = windows(db, KERSTIN)
    assert actor is None and "avstängt" in reason
    db.actor = unit["admin"]
    with db.transaction() as s:
        s.get(StaffMember, unit["kerstin"]).active = True
    assert windows(db, KERSTIN)[0].name == "kerstin"
    db.actor = unit["admin"]
    with db.transaction() as s:
        accounts.remove_windows_sign_in(s, unit["kerstin"])
    assert windows(db, KERSTIN) == (None, None)
    with db.reading() as s:
        changes = s.execute(sa.select(AuditEntry.details).where(AuditEntry.entity == "account",
                                                                AuditEntry.action == "update")).scalars().all()
    assert {"windows": [None, "KOMMUN\\kerstin.alund på PC-AME-12"]} in [json.loads(c) for c in changes]
    assert {"windows": ["KOMMUN\\kerstin.alund på PC-AME-12", None]} in [json.loads(c) for c in changes]


def test_single_user_mode_and_an_open_register_need_no_windows_sign_in(db, unit, backend):
    if backend != "sqlite":
        pytest.skip("SQLite only")
    tie(db, unit["kerstin"])
    with db.transaction() as s:
        from ame_desktop.services.settings import set_setting

        set_setting(s, "single_user", "1")
        set_setting(s, "single_user_account", "anna")
    assert windows(db, KERSTIN) == (None, None)  # single-user mode decides who acts


def test_only_an_administrator_ties_and_ties_are_checked(db, unit, backend):
    if backend != "sqlite":
        pytest.skip("PostgreSQL: test_postgresql_neither_sets_nor_uses_a_tie")
    for user in ("kerstin", "lasare"):
        db.actor = accounts.sign_in_db(db, user, PASSWORD)
        with pytest.raises(PermissionDenied, match="administratör"), db.transaction() as s:
            accounts.set_windows_sign_in(s, unit["kerstin"], KERSTIN.account, KERSTIN.computer)
        with pytest.raises(PermissionDenied), db.transaction() as s:
            accounts.remove_windows_sign_in(s, unit["kerstin"])
    db.actor = unit["admin"]
    for account, computer, field in (("", "PC-1", "windows_account"), ("A\\B\\C", "PC-1", "windows_account"),
                                     ("KOMMUN\\", "PC-1", "windows_account"),
                                     ("KOMMUN\\a:b", "PC-1", "windows_account"),
                                     ("KOMMUN\\anna", "", "windows_computer"),
                                     ("KOMMUN\\anna", "PC 1", "windows_computer")):
        with pytest.raises(ValidationError) as e, db.transaction() as s:
            accounts.set_windows_sign_in(s, unit["kerstin"], account, computer)
        assert e.value.field == field
    tie(db, unit["kerstin"])
    with pytest.raises(ValidationError, match="redan kopplat till kontot kerstin"), db.transaction() as s:
        accounts.set_windows_sign_in(s, unit["reader"], "kommun\\Kerstin.Alund", "pc-ame-12")
    tie(db, unit["reader"], "KOMMUN\\lasare", "PC-AME-12")  # another user on the same PC is fine


def test_postgresql_neither_sets_nor_uses_a_tie(db, unit, backend):
    if backend == "sqlite":
        pytest.skip("PostgreSQL only")
    with pytest.raises(UserError, match="bara för ett lokalt register") as e, db.transaction() as s:
        accounts.set_windows_sign_in(s, unit["kerstin"], KERSTIN.account, KERSTIN.computer)
    assert not isinstance(e.value, PermissionDenied)
    with db.transaction() as s:  # even a tie written into the table is not used
        m = s.get(StaffMember, unit["kerstin"])
        m.windows_account, m.windows_computer = KERSTIN.account, KERSTIN.computer
    assert windows(db, KERSTIN) == (None, None)


def test_command_line_sets_shows_uses_and_removes_a_tie(db, unit, cli, monkeypatch, backend):
    monkeypatch.setattr(accounts, "identity_source", lambda: KERSTIN)
    monkeypatch.setenv("AME_USER", "anna")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    r = cli("account", "windows", "kerstin", "--user", KERSTIN.account, "--pc", KERSTIN.computer)
    if backend != "sqlite":
        assert r.code == 2 and "PostgreSQL" in r.err
        return
    assert r.code == 0 and "kerstin: Windows-inloggning KOMMUN\\kerstin.alund på PC-AME-12." in r.out, r
    assert "PC-AME-12" in cli("account", "windows", "kerstin").out
    monkeypatch.delenv("AME_USER")
    monkeypatch.delenv("AME_PASSWORD")
    r = cli("consent", "list", "196408233234")  # no password: signed in as kerstin through Windows
    assert r.code == 2 and "Ingen deltagare" in r.err and "kräver inloggning" not in r.err
    with db.reading() as s:
        assert s.execute(sa.select(AuditEntry.actor).where(AuditEntry.action == "login")
                         .order_by(AuditEntry.id.desc())).scalars().first() == "kerstin"
    r = cli("account", "windows", "kerstin", "--remove")  # kerstin is no administrator
    assert r.code == 2 and "administratör" in r.err
    monkeypatch.setenv("AME_USER", "anna")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    r = cli("account", "windows", "kerstin", "--remove")
    assert r.code == 0 and "ingen Windows-inloggning" in r.out
    monkeypatch.delenv("AME_USER")
    r = cli("stats")
    assert r.code == 2 and "kräver inloggning" in r.err
    monkeypatch.setattr(accounts, "identity_source", lambda: WindowsIdentity("KOMMUN\\bertil", "PC-AME-12"))
    monkeypatch.setenv("AME_USER", "anna")
    cli("account", "windows", "kerstin", "--user", KERSTIN.account, "--pc", KERSTIN.computer)
    monkeypatch.delenv("AME_USER")
    assert cli("stats").code == 2  # another Windows user on that PC


def test_the_window_opens_without_the_dialog_for_the_tied_user(qtbot, db, unit, monkeypatch, backend):
    if backend != "sqlite":
        pytest.skip("SQLite only")
    from ame_desktop.ui import sign_in

    shown = []
    monkeypatch.setattr(sign_in.SignInDialog, "exec", lambda self: shown.append(self.error.text()) or 0)
    monkeypatch.setattr(accounts, "identity_source", lambda: KERSTIN)
    assert sign_in.ensure_signed_in(db) is False and shown == [""]  # untied: the dialog, no message
    tie(db, unit["kerstin"])
    assert sign_in.ensure_signed_in(db) is True and shown == [""]
    assert db.actor.name == "kerstin"
    with db.transaction() as s:
        s.get(StaffMember, unit["kerstin"]).locked_until = datetime.now() + timedelta(minutes=10)
    assert sign_in.ensure_signed_in(db) is False and "låst" in shown[-1]  # the dialog says why


def test_account_administration_ties_the_selected_account(qtbot, db, unit, monkeypatch, backend):
    if backend != "sqlite":
        pytest.skip("SQLite only")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from ame_desktop.ui.admin_tabs import AccountsTab

    monkeypatch.setattr(accounts, "identity_source", lambda: KERSTIN)
    tab = AccountsTab(db)
    qtbot.addWidget(tab)
    row = next(i for i in range(tab.model.rowCount()) if tab.model.rows[i][0] == "kerstin")
    tab.view.selectRow(row)
    dlg = tab.windows_sign_in()
    qtbot.waitUntil(dlg.isVisible)
    account = dlg.fields["windows_account"][0]
    qtbot.keyClicks(account, "KOMMUN\\")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    assert dlg.isVisible() and "inget Windows-konto" in dlg.fields["windows_account"][1].text()
    this_pc = next(b for b in dlg.findChildren(type(tab.windows_button))
                   if "den här datorns" in b.text().replace("&", ""))
    qtbot.mouseClick(this_pc, Qt.LeftButton)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert tab.model.rows[row][4] == "KOMMUN\\kerstin.alund på PC-AME-12"
    dlg = tab.windows_sign_in()  # empty fields remove the tie
    dlg.fields["windows_account"][0].clear()
    dlg.fields["windows_computer"][0].clear()
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert tab.model.rows[row][4] == "–"


def test_the_identity_comes_from_the_system_not_from_environment_variables(monkeypatch):
    """USERNAME/USERDOMAIN/COMPUTERNAME can be set by anyone before starting the program; the
    identity is asked of the system (Windows: the process token's name, faked here)."""
    import ctypes
    import sys

    for name, value in (("USERNAME", "anna"), ("USERDOMAIN", "KOMMUN"), ("COMPUTERNAME", "PC-AME-12"),
                        ("USER", "anna"), ("LOGNAME", "anna")):
        monkeypatch.setenv(name, value)
    import os
    import pwd
    import socket

    # Elsewhere: the user id's own name and the host name, whatever USER and LOGNAME say.
    assert accounts.current_windows_identity() == WindowsIdentity(pwd.getpwuid(os.getuid()).pw_name,
                                                                  socket.gethostname())

    class Secur32:
        @staticmethod
        def GetUserNameExW(fmt, buf, size):  # noqa: N802 (the Windows name)
            assert fmt == 2  # NameSamCompatible: DOMAIN\user
            buf.value = "KOMMUN\\bertil"
            return 1

    class Kernel32:
        @staticmethod
        def GetComputerNameW(buf, size):  # noqa: N802
            buf.value = "PC-AME-07"
            return 1

    class WinDll:
        secur32, kernel32 = Secur32, Kernel32

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", WinDll, raising=False)
    assert accounts.current_windows_identity() == WindowsIdentity("KOMMUN\\bertil", "PC-AME-07")
    Secur32.GetUserNameExW = staticmethod(lambda fmt, buf, size: 0)  # the call fails: no Windows sign-in
    assert accounts.current_windows_identity() is None
