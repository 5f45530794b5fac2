"""Issue 25: the window's start does only what its first paint needs. The register list is read
once: the view's sort set-up only records the order (tests/test_municipalities_in_use.py: the
filters' municipalities)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ame_desktop.services import enrollments as es
from ame_desktop.services import participant_list as pl
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs
from ame_desktop.ui.main_window import MainWindow


@pytest.fixture
def people(db):
    with db.transaction() as s:
        a = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg", municipality_code="0860"))
        rs.add_referral(s, a.id, "2025-01-02", "SOC", municipality_code="2260")
        b = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg", municipality_code="0860"))
        es.add_enrollment(s, b.id, "2025-01-10", None, "6-12", municipality_code="1256")
        ps.create_participant(s, ps.ParticipantInput("19121212-1212", "Anders", "Berg", municipality_code="0860"))
    return [a.id, b.id]


def test_the_window_reads_the_register_list_once_sorted_by_name(qtbot, db, people, monkeypatch):
    calls: list = []
    original = pl.matching_ids

    def matching_ids(s, f, sort="name", descending=False, today=None):
        calls.append((sort, descending))
        return original(s, f, sort, descending, today)

    monkeypatch.setattr(pl, "matching_ids", matching_ids)
    win = MainWindow(db, remember_layout=False)
    qtbot.addWidget(win)
    win.show()
    assert calls == [("name", False)]
    page = win.participants
    assert page.model.rowCount() == 3
    assert win.count_label.text() == "3 deltagare i listan"
    names = [page.model.data(page.model.index(r, 1)) for r in range(3)]
    assert names == sorted(names) and len(set(names)) == 3
    # A click on a header sorts again (by a query), as before.
    page.table.sortByColumn(1, Qt.DescendingOrder)
    assert calls[-1] == ("name", True)
    assert [page.model.data(page.model.index(r, 1)) for r in range(3)] == names[::-1]


def test_the_municipality_filter_offers_the_municipalities_in_use(qtbot, db, people):
    with db.reading() as s:
        listed = pl.municipalities_in_use(s)
    win = MainWindow(db, remember_layout=False)
    qtbot.addWidget(win)
    box = win.participants.municipality_filter
    assert [box.itemData(i) for i in range(box.count())] == [None] + [c for c, _ in listed]
