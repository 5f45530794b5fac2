"""The Jämför med andra page, driven with real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QBarSeries
from PySide6.QtCore import Qt

from ame_desktop.services import kolada_client as kc
from ame_desktop.services import kolada_compare as cmp
from ame_desktop.ui.compare_page import ComparePage
from tests.test_kolada import TODAY, build_register
from tests.test_kolada_client import SAMPLE, FakeKolada, Reply, item, page, unused_port
from tests.ui_helpers import answer_next_modal

SAMPLE_VALUES = {(i["kpi"], i["municipality"], i["period"]): i["values"][0]["value"]
                 for i in json.loads(SAMPLE.read_text(encoding="utf-8"))[1]["values"]}


def make_page(qtbot, db) -> ComparePage:
    p = ComparePage(db, today=TODAY)
    qtbot.addWidget(p)
    p.resize(1100, 750)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def page_with_peers(qtbot, db):
    build_register(db)
    with db.transaction() as s:
        kc.import_response_file(s, SAMPLE)
    return make_page(qtbot, db)


def text(p: ComparePage, row: int, col: int) -> str:
    return p.model.data(p.model.index(row, col))


def row_of(p: ComparePage, role: str, municipality: str | None = None) -> int:
    lines = p.comparison.lines
    return next(i for i, ln in enumerate(lines) if ln.role == role and municipality in (None, ln.municipality))


def col_of(p: ComparePage, kpi: str, year: int) -> int:
    return 1 + next(i for i, (k, y) in enumerate(p.model.columns) if k.kpi == kpi and y == year)


def pct(v: float) -> str:
    return f"{v:.1f} %".replace(".", ",")


def test_table_shows_own_figures_beside_cached_peers(page_with_peers):
    p = page_with_peers
    assert p.chosen_municipality == "0860"
    assert p.years == [2024, 2025, 2026]
    assert p.kpi_picker.chosen() == ["U40455", "U40406", "U40409", "U40800"]
    assert "G216170" in p.group_label.text() and "Vingåker" in p.group_label.text()
    assert p.peers.text() == "0428, 0481, 0767, 0862, 1315, 1492, 2084"

    own = row_of(p, cmp.OWN)
    assert own == 0 and text(p, own, 0) == "Hultsfred – egna siffror (prel.)"
    assert text(p, own, col_of(p, "U40455", 2025)) == "28,6 %"  # 2 of 7 exited (tests/test_kolada.py)
    assert text(p, own, col_of(p, "U40800", 2025)) == "9"
    assert "preliminära" in p.model.data(p.model.index(own, col_of(p, "U40455", 2025)), Qt.ToolTipRole)
    vingaker = row_of(p, cmp.PEER, "0428")
    assert text(p, vingaker, 0) == "Vingåker"
    assert text(p, vingaker, col_of(p, "U40455", 2024)) == pct(SAMPLE_VALUES[("U40455", "0428", 2024)])
    assert text(p, vingaker, col_of(p, "U40455", 2026)) == ""  # not published (not fetched)
    riket = row_of(p, cmp.RIKET_ROLE)
    assert riket == p.model.rowCount() - 1 and text(p, riket, 0) == "Riket"
    assert text(p, riket, col_of(p, "U40455", 2025)) == pct(SAMPLE_VALUES[("U40455", "0000", 2025)])
    assert text(p, riket, col_of(p, "U40800", 2024)) == "–"  # Kolada has no value (Missing)
    tip = p.model.data(p.model.index(riket, col_of(p, "U40455", 2025)), Qt.ToolTipRole)
    assert "Publicerat i Kolada" in tip
    assert "Kolada-värdena hämtades" in p.status.text()
    assert "2026: egna siffror hittills i år" in p.status.text()


def test_chart_has_a_series_per_year(qtbot, page_with_peers):
    p = page_with_peers
    series = [s for s in p.chart.series() if isinstance(s, QBarSeries)]
    assert len(series) == 1
    sets = series[0].barSets()
    assert [b.label() for b in sets] == ["2024", "2025", "2026"]
    axis = next(a for a in p.chart.axes() if isinstance(a, QBarCategoryAxis))
    categories = axis.categories()
    assert categories[0] == "Egna siffror" and categories[-1] == "Riket" and "Vingåker" in categories
    assert p.chart_kpi.currentData() == "U40455" and p.chart.title().startswith("U40455")
    vingaker = categories.index("Vingåker")
    assert sets[0].at(vingaker) == pytest.approx(SAMPLE_VALUES[("U40455", "0428", 2024)])
    assert sets[1].at(0) == pytest.approx(28.6)
    assert sets[1].isBarSelected(0)  # the own register's bar is highlighted
    # Clicking a cell shows that KPI in the chart.
    index = p.model.index(0, col_of(p, "U40800", 2025))
    rect = p.table.visualRect(index)
    qtbot.mouseClick(p.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert p.chart_kpi.currentData() == "U40800" and p.chart.title().startswith("U40800")


def test_own_peer_list_and_back_to_the_group(qtbot, page_with_peers):
    p = page_with_peers
    p.peers.setText("0428, 9999")
    p._peers_edited()
    assert p.peer_error.isVisible() and "9999" in p.peer_error.text()
    p.peers.setText("0428,1315")
    p._peers_edited()
    assert not p.peer_error.isVisible()
    assert [ln.municipality for ln in p.comparison.lines if ln.role == cmp.PEER] == ["1315", "0428"]  # by name
    assert p.group_label.text().startswith("Egen lista")
    p.use_group()
    assert len([ln for ln in p.comparison.lines if ln.role == cmp.PEER]) == 7


def test_without_cache_then_read_a_saved_answer(qtbot, db, tmp_path):
    build_register(db)
    p = make_page(qtbot, db)
    assert "Ingen jämförelsegrupp hämtad" in p.group_label.text()
    assert [ln.role for ln in p.comparison.lines] == [cmp.OWN, cmp.RIKET_ROLE]
    assert p.import_file(SAMPLE)
    assert "300 värden lästes in" in p.status.text()
    assert len([ln for ln in p.comparison.lines if ln.role == cmp.PEER]) == 7
    out = p.export_to(tmp_path / "jamforelse.xlsx")
    assert out.exists() and "sparades" in p.status.text()


def test_fetch_runs_off_the_gui_thread(qtbot, db, monkeypatch):
    build_register(db)
    fake = FakeKolada()
    threads = []

    def answer(path, query):
        if path == "/v3/municipality_groups":
            return Reply(page([{"id": "G216170", "title": "Liknande kommuner arbetsmarknad, Hultsfred",
                                "members": [{"member_id": "0428", "member_title": "Vingåker"}]}]))
        return Reply(page([item("U40455", "0428", 2025, 37.5), item("U40455", "0000", 2025, 40.1)]))

    fake.answer = answer
    real = kc.KoladaClient.get_json

    def spy(self, url, cancelled=None):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(self, url, cancelled)

    monkeypatch.setattr(kc.KoladaClient, "get_json", spy)
    monkeypatch.setenv(kc.URL_ENV, fake.url)
    try:
        p = make_page(qtbot, db)
        assert fake.requests == []  # nothing is fetched on opening the page
        job = p.fetch()
        assert job is not None and not p.fetch_button.isEnabled()
        qtbot.waitUntil(lambda: p.fetch_button.isEnabled(), timeout=10_000)
    finally:
        fake.close()
    assert threads and not any(threads)
    assert "värden från Kolada sparades" in p.status.text()
    vingaker = row_of(p, cmp.PEER, "0428")
    assert text(p, vingaker, col_of(p, "U40455", 2025)) == "37,5 %"
    assert "G216170" in p.group_label.text()


def test_fetch_offline_says_so(qtbot, db, monkeypatch):
    build_register(db)
    monkeypatch.setenv(kc.URL_ENV, f"http://127.0.0.1:{unused_port()}/v3")
    p = make_page(qtbot, db)
    seen = answer_next_modal("OK")
    p.fetch()
    qtbot.waitUntil(lambda: p.fetch_button.isEnabled(), timeout=10_000)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen[0].startswith("Kan inte nå Kolada")
    assert p.status.text().startswith("Hämtningen misslyckades: Kan inte nå Kolada")
