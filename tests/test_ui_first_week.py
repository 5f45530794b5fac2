"""The coach's first week (issue 21): the traps a real coach met in the first hour, driven
through the real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt

import pytest

from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.ui.main_window import MainWindow


@pytest.fixture
def people(db):
    with db.transaction() as s:
        a = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg"))
        b = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg"))
        c = ps.create_participant(s, ps.ParticipantInput("198503141239", "Linnea", "Persson"))
        es.add_enrollment(s, a.id, "2025-01-10")
    return {"örjan": a.id, "märta": b.id, "linnea": c.id}


@pytest.fixture
def window(qtbot, db, people):
    win = MainWindow(db, remember_layout=False)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.participants.editor.revert()
    win.close()
    win.deleteLater()


def test_enter_right_after_typing_opens_the_person_typed(qtbot, window, people):
    page = window.participants
    assert page.model.rowCount() == 3  # Persson is not first in the unfiltered list
    page.focus_search()
    # Typing and Enter in the same event-loop turn: no time for the search delay to run.
    qtbot.keyClicks(page.search, "persson linnea")
    qtbot.keyClick(page.search, Qt.Key_Return)
    assert page.model.rowCount() == 1
    qtbot.waitUntil(lambda: page.editor.participant_id == people["linnea"])


def test_the_lists_own_name_format_finds_the_person(qtbot, window, people):
    page = window.participants
    page.search.setText("Öberg, Märta")  # pasted (QTest cannot type capital Ö)
    qtbot.keyClick(page.search, Qt.Key_Return)
    assert [page.model.id_at(r) for r in range(page.model.rowCount())] == [people["märta"]]
