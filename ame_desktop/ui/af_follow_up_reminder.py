"""AF-kontakter: the start-up reminder of follow-ups due (late and today)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ame_desktop.services import af_contacts as af
from ame_desktop.ui.common import tr


# -- the start-up reminder ------------------------------------------------------------------------------
def reminder_text(due: list[af.ContactRow]) -> str:
    late = sum(1 for r in due if r.follow_up == af.FOLLOW_LATE)
    today = len(due) - late
    parts = []
    if late:
        parts.append(tr("{n} försenade").format(n=late))
    if today:
        parts.append(tr("{n} att göra i dag").format(n=today))
    return tr("Uppföljningar av AF-kontakter: {what}.").format(what=tr(" och ").join(parts))


def reminder_lines(due: list[af.ContactRow], limit: int = 12) -> list[str]:
    lines = []
    for r in due[:limit]:
        state = tr("försenad") if r.follow_up == af.FOLLOW_LATE else tr("i dag")
        who = r.name if r.participant_id is not None else tr("strategisk kontakt")
        lines.append(f"{r.follow_up_on.isoformat()} ({state}) – {who} – {tr(r.category_label)}"
                     + (f" – {r.staff}" if r.staff else ""))
    if len(due) > limit:
        lines.append(tr("… och {n} till.").format(n=len(due) - limit))
    return lines


def keep_keyboard_in(window: QWidget) -> None:
    """A notice shown at start stays on screen above the window, but the keyboard stays in the
    window: what the coach is typing must not land in (or press a button of) the notice."""
    focus = QApplication.focusWidget()

    def back() -> None:
        window.activateWindow()
        if focus is not None and focus.window() is window:
            focus.setFocus()

    QTimer.singleShot(0, back)


def show_follow_up_reminder(window: QWidget, today: date | None = None) -> QMessageBox | None:
    """Tell, without blocking, which follow-ups are due or late (None when there are none).

    A non-modal notice listing them, with a button to the filtered log, and a status-bar message
    when `window` is the main window. Call it once the main window is shown.
    """
    with window.db.reading() as s:  # type: ignore[attr-defined]
        due = af.due_follow_ups(s, today)
    if not due:
        return None
    text = reminder_text(due)
    status_bar = getattr(window, "statusBar", None)
    if callable(status_bar):
        status_bar().showMessage(text, 30_000)
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Information)
    box.setWindowTitle(tr("Uppföljningar"))
    box.setText(text)
    box.setInformativeText("\n".join(reminder_lines(due)))
    show = box.addButton(tr("Visa uppföljningarna"), QMessageBox.AcceptRole)
    box.addButton(tr("Stäng"), QMessageBox.RejectRole)
    box.setWindowModality(Qt.NonModal)
    box.setAttribute(Qt.WA_ShowWithoutActivating)  # typing stays in the window (Enter must not press its button)
    box.setStyleSheet("QLabel { min-width: 32em; }")  # one line per follow-up, not three
    box.setAttribute(Qt.WA_DeleteOnClose)

    def clicked(button) -> None:
        if button is show and hasattr(window, "show_view"):
            page = window.show_view("af-contacts")  # type: ignore[attr-defined]
            if hasattr(page, "show_due_follow_ups"):
                page.show_due_follow_ups()

    box.buttonClicked.connect(clicked)
    for b in box.buttons():  # Enter typed for the window must never press the reminder's button
        b.setAutoDefault(False)
        b.setDefault(False)
    box.show()
    keep_keyboard_in(window)
    window._follow_up_reminder = box  # type: ignore[attr-defined]  (keeps it alive; tests look at it)
    return box
