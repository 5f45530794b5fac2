"""The page Till handläggaren and the caseworker account's window, driven with real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pypdf import PdfReader

from ame_desktop.services import delivery
from ame_desktop.ui.caseworker_page import CaseworkerPage, CaseworkerWindow
from tests.caseworker_fixtures import A, B, add_accounts, as_user, build


@pytest.fixture
def page(qtbot, db):
    ids = build(db)
    p = CaseworkerPage(db)
    qtbot.addWidget(p)
    p.resize(1300, 700)
    p.show()
    qtbot.waitExposed(p)
    p.ids = ids  # type: ignore[attr-defined]
    return p


def _select_caseworker(tab, name: str) -> None:
    i = next(i for i in range(tab.caseworker.count()) if tab.caseworker.itemText(i).startswith(name))
    tab.caseworker.setCurrentIndex(i)


def test_deliver_from_the_month_view_by_caseworker(page, db, qtbot, tmp_path, monkeypatch):
    tab = page.deliver_tab
    tab.month.setText("2026-10")
    tab.refresh()
    assert tab.table.rowCount() == 4  # everyone with a requirement
    _select_caseworker(tab, "Karin Berg")
    assert [tab.table.item(i, 1).text() for i in range(tab.table.rowCount())] == [A]
    out = tmp_path / "karin.pdf"

    def fake_exec(dlg):
        dlg.channel.setCurrentIndex(dlg.channel.findData("utskrift"))
        dlg.date.setText("2026-11-03")
        dlg.file.setText(str(out))
        return QDialog.Accepted

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    qtbot.mouseClick(tab.deliver_button, Qt.LeftButton)
    assert "leverans" in tab.message.text()
    assert "Åberg" in PdfReader(out).pages[0].extract_text()
    page.tabs.setCurrentWidget(page.deliveries_tab)
    t = page.deliveries_tab.table
    assert t.rowCount() == 1
    assert [t.item(0, c).text() for c in (1, 2, 4, 5, 7)] == ["2026-11-03", "2026-10", "Karin Berg", "utskrift",
                                                               "levererad"]


def test_notice_list_before_and_after_marking(page, qtbot):
    page.tabs.setCurrentWidget(page.notices_tab)
    tab = page.notices_tab
    assert tab.table.rowCount() == 4
    counted = []
    page.notices_counted.connect(counted.append)
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(next(b for b in tab.findChildren(QPushButton) if b.text() == "Markera som skickade"), Qt.LeftButton)
    assert tab.table.rowCount() == 0 and counted[-1] == 0
    assert "markerades" in tab.message.text()


def test_quarter_tab_shows_the_figures(page):
    page.tabs.setCurrentWidget(page.quarter_tab)
    page.quarter_tab.year.setValue(2026)
    page.quarter_tab.quarter.setValue(4)
    page.quarter_tab.refresh()
    t = page.quarter_tab.table
    rows = {(t.item(r, 0).text(), t.item(r, 1).text()): t.item(r, 2).text() for r in range(t.rowCount())}
    assert rows[("Hultsfred", "Personer med aktivitetskrav")] == "3"
    assert rows[("Ånge", "Personer med aktivitetskrav")] == "1"


def test_caseworker_window_shows_only_her_reports(qtbot, db, tmp_path):
    ids = build(db)
    add_accounts(db, ids)
    with db.transaction() as s:
        k = delivery.deliver(s, 2026, 10, caseworker="Karin Berg").id
        delivery.deliver(s, 2026, 10, caseworker="Lars Lund")
    as_user(db, "karin")
    win = CaseworkerWindow(db)
    qtbot.addWidget(win)
    win.show()
    t = win.inbox.table
    assert t.rowCount() == 1 and t.item(0, 0).text() == str(k)
    t.setCurrentCell(0, 0)
    win.inbox.acknowledge()
    assert "kvitterad" in win.inbox.message.text()
    assert t.item(0, 6).text() != "ej kvitterad"


def test_participant_view_prints_the_own_copies(qtbot, db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QPushButton

    from ame_desktop.ui import caseworker_page, requirement_tab

    ids = build(db)
    tab = requirement_tab.RequirementTab(db)
    qtbot.addWidget(tab)
    tab.load(ids[A])
    out = {"Närvarointyg…": tmp_path / "intyg.pdf", "Veckoschema…": tmp_path / "schema.pdf"}
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("2026-10", True)))
    for text, path in out.items():
        monkeypatch.setattr(caseworker_page.file_dialogs, "getSaveFileName", lambda *a, p=path, **k: (str(p), ""))
        qtbot.mouseClick(next(b for b in tab.findChildren(QPushButton) if b.text() == text), Qt.LeftButton)
    assert "Närvarointyg – oktober 2026" in PdfReader(out["Närvarointyg…"]).pages[0].extract_text()
    assert "Mitt veckoschema" in PdfReader(out["Veckoschema…"]).pages[0].extract_text()


def test_month_list_for_the_namnd_from_the_window(page, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from ame_desktop.ui import caseworker_page

    out = tmp_path / "lista.xlsx"
    monkeypatch.setattr(caseworker_page.file_dialogs, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.deliver_tab.month.setText("2026-10")
    page.deliver_tab.eb_button.click()
    rows = list(load_workbook(out)["Månadslista"].iter_rows(values_only=True))
    assert len(rows) == 6 and "sparades" in page.deliver_tab.message.text()


def test_one_pdf_per_caseworker_runs_with_a_progress_dialog(page, qtbot, tmp_path, monkeypatch):
    from ame_desktop.ui import caseworker_page

    folder = tmp_path / "mapp"
    folder.mkdir()
    monkeypatch.setattr(caseworker_page.file_dialogs, "getExistingDirectory", lambda *a, **k: str(folder))
    page.deliver_tab.month.setText("2026-10")
    page.deliver_tab.batch_button.click()
    job = page.deliver_tab.job
    assert job.dialog.labelText() and job.dialog.maximum() == 100  # a progress bar that can be cancelled
    qtbot.waitUntil(lambda: "klart" in page.deliver_tab.message.text(), timeout=60_000)
    assert sorted(p.name for p in folder.iterdir()) == ["Karin Berg.pdf", "Lars Lund.pdf", "Sara Ek.pdf"]
    assert "utan handläggare" in page.deliver_tab.message.text()
