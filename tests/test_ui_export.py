"""The Rapporter och export page, driven with real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ame_desktop.services import kolada as kol
from ame_desktop.ui.export_page import ExportPage
from tests.test_kolada import build_register


@pytest.fixture
def page(qtbot, db):
    ids = build_register(db)
    p = ExportPage(db)
    qtbot.addWidget(p)
    p.resize(1090, 740)
    p.show()
    qtbot.waitExposed(p)
    p.ids = ids  # type: ignore[attr-defined]
    return p


def figure_row(page: ExportPage, kpi: str, gender: str = "T") -> int:
    return next(i for i in range(page.figures.rowCount())
                if page.figure_at(i) is not None and page.figure_at(i).kpi == kpi
                and page.figure_at(i).gender == gender)


def cell(model, row: int, col: int) -> str:
    return model.data(model.index(row, col))


def double_click(qtbot, view, row: int, col: int = 0) -> None:
    index = view.model().index(row, col)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=rect.center())


def test_figures_for_the_last_full_year(page):
    # The register's data runs 2022–2025; today is later, so the page opens on 2025, whole year,
    # the default municipality.
    assert page.year.value() == 2025 and page.through_month is None
    assert page.chosen_municipality == "0860"
    assert [page.municipality.itemData(i) for i in range(page.municipality.count())] == ["0860", "2260"]
    r = figure_row(page, "U40800")
    assert [cell(page.figures, r, c) for c in range(7)] == ["U40800", "Deltagare", "Totalt", "9", "9", "", ""]
    r = figure_row(page, "U40811")
    assert [cell(page.figures, r, c) for c in range(3, 7)] == ["11,1 %", "1", "9", ""]
    r = figure_row(page, "U40403", "K")
    assert cell(page.figures, r, 3) == "–" and cell(page.figures, r, 6) == "Ej inmatat"
    # 78 figures (44 KPIs) and the visible sums: education (T) and A–E (T, K, M).
    assert page.figures.rowCount() == 78 + 1 + 3
    sums = [i for i in range(page.figures.rowCount()) if cell(page.figures, i, 0) == "Σ"]
    assert [[cell(page.figures, i, c) for c in range(1, 7)] for i in sums] == [
        ["Summa utbildningsnivåer", "Totalt", "88,9 %", "8", "9", "under 100 %"],
        ["Summa A–E", "Totalt", "85,7 %", "6", "7", "under 100 %"],
        ["  Summa A–E", "Kvinnor", "75,0 %", "3", "4", "under 100 %"],
        ["  Summa A–E", "Män", "100,0 %", "2", "2", ""],
    ]
    assert "10 personer bakom siffrorna" in page.summary.text()
    assert "7 anmärkningar" in page.findings_title.text()


def test_year_to_date_and_other_municipality(qtbot, page):
    page.month.setCurrentIndex(page.month.findData(3))
    assert page.result.period_end.isoformat() == "2025-03-31"
    assert cell(page.figures, figure_row(page, "U40800"), 3) == "8"
    page.municipality.setCurrentIndex(page.municipality.findData("2260"))
    page.month.setCurrentIndex(0)
    assert cell(page.figures, figure_row(page, "U40800"), 3) == "1"
    r = figure_row(page, "U40406", "K")  # no exits in 2260: 0 in the denominator
    assert cell(page.figures, r, 3) == "–" and cell(page.figures, r, 6) == "0 i nämnaren"
    assert "inga anmärkningar" in page.findings_title.text()


def test_double_click_on_a_finding_opens_the_person(qtbot, page):
    row = next(i for i in range(page.findings.rowCount()) if cell(page.findings, i, 0) == "Jonna Johansson")
    assert cell(page.findings, row, 2) == "Avslutsorsak saknas"
    tip = page.findings.data(page.findings.index(row, 2), Qt.ToolTipRole)
    assert "N40450" in tip
    with qtbot.waitSignal(page.open_participant, timeout=2000) as blocker:
        double_click(qtbot, page.finding_view, row)
    assert blocker.args == [page.ids["jonna"]]


def test_drill_down_lists_the_persons_in_a_figure(qtbot, page):
    double_click(qtbot, page.figure_view, figure_row(page, "U40454"))
    qtbot.waitUntil(lambda: page.drill_dialog is not None and page.drill_dialog.isVisible())
    dlg = page.drill_dialog
    names = [cell(dlg.model, i, 0) for i in range(dlg.model.rowCount())]
    assert names == ["Cecilia Carlsson", "Helena Holm"]
    assert "KAS E" in cell(dlg.model, 0, 2)
    # Double-clicking a person there opens the person too.
    with qtbot.waitSignal(page.open_participant, timeout=2000) as blocker:
        double_click(qtbot, dlg.view, 1)
    assert blocker.args == [page.ids["helena"]]
    qtbot.waitUntil(lambda: not dlg.isVisible())


def test_staff_fte_entry_is_saved(qtbot, page, db):
    page.fte[("U40000", "T")].setText("4,5")
    page.fte[("U40000", "K")].setText("3")
    assert page.save_fte()
    assert page.fte_status.text() == "Sparat."
    with db.reading() as s:
        assert kol.kas_inputs(s, "0860", 2025) == {("U40000", "T"): 4.5, ("U40000", "K"): 3.0}
    assert cell(page.figures, figure_row(page, "U40000"), 3) == "4,5"
    assert page.fte[("U40000", "T")].text() == "4,5"  # reloaded from the register
    # A wrong value: a Swedish message, nothing saved.
    page.fte[("U40000", "T")].setText("-2")
    page.fte[("U40000", "K")].setText("")
    assert not page.save_fte()
    assert "negativt" in page.fte_error.text()
    with db.reading() as s:
        assert kol.kas_inputs(s, "0860", 2025) == {("U40000", "T"): 4.5, ("U40000", "K"): 3.0}
    # Another year shows its own (empty) entries.
    page.year.setValue(2024)
    assert page.fte[("U40000", "T")].text() == ""


def test_export_runs_in_the_background(qtbot, page, tmp_path):
    out = tmp_path / "ut" / "kolada.json"
    out.parent.mkdir()
    job = page.export_to(out)
    assert job is not None
    qtbot.waitUntil(lambda: out.exists() and "sparades" in page.export_status.text(), timeout=10000)
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert {v["municipality"] for v in data["values"]} == {"0860"}
    assert data["metadata"]["period_end"] == "2025-12-31"


def test_page_in_the_main_window(qtbot, db):
    from ame_desktop.ui.main_window import MainWindow

    build_register(db)
    win = MainWindow(db, remember_layout=False)
    qtbot.addWidget(win)
    page = win.show_view("export")
    assert isinstance(page, ExportPage)
    page.prepare_screenshot()
    assert page.year.value() == 2025  # the latest year with data
    assert page.can_leave()
    page.refresh()
    assert page.figures.rowCount() == 78 + 4


def test_empty_register(qtbot, db):
    p = ExportPage(db)
    qtbot.addWidget(p)
    assert p.figures.rowCount() == 0
    assert "inga deltagare" in p.summary.text()
    assert not p.export_button.isEnabled()
