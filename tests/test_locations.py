"""A register or backup folder in OneDrive is warned about (issue 22): `check` and the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from ame_desktop.store.locations import location_warnings, sync_service


def test_onedrive_is_recognised_by_its_folder_and_by_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("OneDrive", raising=False)
    monkeypatch.delenv("OneDriveCommercial", raising=False)
    assert sync_service(tmp_path / "OneDrive - Hultsfreds kommun" / "Dokument" / "ame.db") == "OneDrive"
    assert sync_service(tmp_path / "Lokalt" / "ame.db") is None
    root = tmp_path / "Jobbmoln"
    monkeypatch.setenv("OneDriveCommercial", str(root))
    assert sync_service(root / "AME" / "ame.db") == "OneDrive"
    assert location_warnings(tmp_path / "Lokalt" / "ame.db", root / "kopior")[0].startswith("Varning: säkerhetskopiorna")


@pytest.mark.sqlite_only
def test_check_warns_but_does_not_fail(tmp_path, cli):
    register = tmp_path / "OneDrive - Ånge kommun" / "ame.db"
    r = cli("check", db=str(register))
    assert r.code == 0, r
    assert "ligger i en OneDrive-mapp" in r.err


def test_the_window_says_it_once_at_start(qtbot, tmp_path):
    from ame_desktop.store.schema import open_register
    from ame_desktop.ui.main_window import MainWindow

    db = open_register(str(tmp_path / "OneDrive" / "ame.db"))
    win = MainWindow(db, remember_layout=False)
    qtbot.addWidget(win)
    warnings = win.show_location_warnings(None)
    assert len(warnings) == 1 and "OneDrive" in win.statusBar().currentMessage()
    win._location_box.close()
    db.dispose()
