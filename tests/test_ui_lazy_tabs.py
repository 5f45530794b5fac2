"""Issue 25: opening a participant fills only the tab in view; the other tabs are built and filled
when first shown, once per person (ui/lazy_tabs.py), and show the person that is open."""

from __future__ import annotations

import pytest

from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs
from ame_desktop.ui.lazy_tabs import _STALE
from ame_desktop.ui.main_window import MainWindow


@pytest.fixture
def people(db):
    with db.transaction() as s:
        a = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg"))
        rs.add_referral(s, a.id, "2025-01-02", "SOC")
        es.add_enrollment(s, a.id, "2025-01-10", None, "6-12")
        b = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg"))
        rs.add_referral(s, b.id, "2025-01-02", "AF")
    return {"örjan": a.id, "märta": b.id}


@pytest.fixture
def window(qtbot, db, people):
    win = MainWindow(db, remember_layout=False)
    win.show()
    yield win
    win.participants.editor.revert()
    win.close()
    win.deleteLater()


def _count_loads(monkeypatch, widget) -> list:
    calls: list = []
    original = widget.load

    def load(key):
        calls.append(key)
        return original(key)

    monkeypatch.setattr(widget, "load", load)
    return calls


def test_the_window_builds_no_feature_tab_and_opening_a_person_fills_only_the_tab_in_view(
        qtbot, window, people, monkeypatch):
    ed = window.participants.editor
    slots = ed.lazy_tabs.slots
    assert len(slots) >= 6  # Aktivitetskrav and the other features' tabs
    assert all(slot.widget is None for slot in ed._extra_slots)  # none built at start
    assert ed._requirement_slot.widget is None and not ed.is_dirty()
    requirement = _count_loads(monkeypatch, ed.requirement_tab)

    window.participants.open_participant(people["örjan"])
    assert ed.tabs.currentIndex() == 0
    assert requirement == [] and all(slot.widget is None for slot in ed._extra_slots)

    ed.tabs.setCurrentWidget(ed.requirement_tab)  # shown: filled for Örjan, once
    assert requirement == [people["örjan"]]
    ed.tabs.setCurrentIndex(0)
    ed.tabs.setCurrentWidget(ed.requirement_tab)
    assert requirement == [people["örjan"]]

    # A feature tab is built where its placeholder was, keeps its title, and is filled.
    i = ed.tabs.indexOf(ed._extra_slots[0].page)
    title = ed.tabs.tabText(i)
    ed.tabs.setCurrentIndex(i)
    slot = ed._extra_slots[0]
    assert slot.widget is not None and ed.tabs.widget(i) is slot.widget and ed.tabs.currentIndex() == i
    assert ed.tabs.tabText(i) == title and slot.loaded == people["örjan"]
    feature = _count_loads(monkeypatch, slot.widget)

    # Another person with a feature tab in view: that tab is filled at once, the rest when shown.
    window.participants.open_participant(people["märta"])
    assert ed.tabs.currentIndex() == i and feature == [people["märta"]]
    assert requirement == [people["örjan"]]
    ed.tabs.setCurrentWidget(ed.requirement_tab)
    assert requirement == [people["örjan"], people["märta"]]


def test_extra_tabs_are_built_and_show_the_open_person(qtbot, window, people):
    ed = window.participants.editor
    window.participants.open_participant(people["märta"])
    widgets = ed.extra_tabs
    assert all(slot.widget is w for slot, w in zip(ed._extra_slots, widgets))
    assert all(slot.loaded == people["märta"] for slot in ed._extra_slots)
    assert all(ed.tabs.indexOf(w) >= 0 for w in widgets)
    ed.revert()
    ed.clear()  # no person: each tab is emptied when shown again
    assert all(slot.loaded is _STALE for slot in ed._extra_slots if slot.page is not ed.tabs.currentWidget())
    ed.extra_tabs
    assert all(slot.loaded is None for slot in ed._extra_slots)
