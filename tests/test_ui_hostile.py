"""The window with hostile input (issue 18): user data in labels is plain text, a thousand-word
search is a message, not an uncaught error."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

import pytest

from ame_desktop.services import participants as ps
from ame_desktop.ui.main_window import MainWindow
from tests.ui_helpers import answer_next_modal

RICH_FIRST = "<b>Fet</b><img src='x.png'>"
RICH_LAST = "<a href='http://x'>Länk</a>"


@pytest.fixture
def window(qtbot, db):
    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput("198503141239", RICH_FIRST, RICH_LAST)).id
    win = MainWindow(db, remember_layout=False)
    win.show()
    win.participants.open_participant(pid)
    yield win
    win.participants.editor.revert()
    win.close()
    win.deleteLater()


def test_the_participant_heading_shows_the_name_as_written(window):
    title = window.participants.editor.title
    assert title.text() == f"{RICH_FIRST} {RICH_LAST}"
    assert title.textFormat() == Qt.PlainText
    # every label that holds this name is plain text
    holders = [lb for lb in window.findChildren(QLabel) if "<b>Fet</b>" in lb.text()]
    assert holders and all(lb.textFormat() == Qt.PlainText for lb in holders)


def test_a_thousand_word_search_is_a_message(qtbot, window):
    page = window.participants
    page.search.setText(" ".join(f"ord{i}" for i in range(1000)))
    page.apply_filter()  # raised an uncaught error before
    assert page.model.rowCount() == 0
    assert "högst" in page.count_label.text()
    page.search.clear()
    page.apply_filter()
    assert page.model.rowCount() == 1


def test_error_messages_are_plain_text(qtbot, window):
    from ame_desktop.domain.errors import UserError
    from ame_desktop.ui.common import show_error

    seen = answer_next_modal("OK", then=lambda dlg: (formats.append(dlg.textFormat()), dlg.accept()))
    formats: list = []
    show_error(window, UserError("Aktiviteten ”<b>x</b><img src='y'>” finns redan."))
    qtbot.waitUntil(lambda: bool(formats))
    assert formats == [Qt.PlainText] and "<b>x</b>" in seen[0]


def test_table_tooltips_show_markup_as_written(qtbot):
    from ame_desktop.ui.list_model import ListTableModel

    model = ListTableModel(["Fel"], [("”<b>x</b><img src='y'>” är inget antal timmar",), ("vanlig text",)])
    tip = model.data(model.index(0, 0), Qt.ToolTipRole)
    assert tip.startswith("<qt>") and "&lt;b&gt;x&lt;/b&gt;&lt;img" in tip and "<b>" not in tip
    assert model.data(model.index(1, 0), Qt.ToolTipRole) == "vanlig text"
    assert model.data(model.index(0, 0), Qt.DisplayRole).startswith("”<b>x</b>")
