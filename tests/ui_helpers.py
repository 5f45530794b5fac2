"""Helpers for driving real widgets with pytest-qt: answer the next modal dialog."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox


def answer_next_modal(button_text: str, then=None, timeout_ms: int = 5000) -> list:
    """When the next modal dialog opens, optionally run `then(dialog)`, then click its button
    whose text contains `button_text`. Returns a list that receives the dialog's text."""
    seen: list = []
    waited = [0]

    def poll():
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            waited[0] += 20
            if waited[0] < timeout_ms:
                QTimer.singleShot(20, poll)
            return
        text = getattr(dlg, "text", lambda: "")()
        seen.append(text if isinstance(text, str) else "")
        if then is not None:
            then(dlg)
            return
        # A standard button by its role, whatever language Qt's own texts are in ("Yes" is "Ja"
        # once an in-process command has installed the Swedish qtbase translation).
        standard = getattr(QMessageBox.StandardButton, button_text, None)
        if isinstance(dlg, QMessageBox) and standard is not None and dlg.button(standard) is not None:
            dlg.button(standard).click()
            return
        for b in dlg.findChildren(QAbstractButton):
            if button_text in b.text().replace("&", ""):
                b.click()
                return
        if isinstance(dlg, QDialog):
            dlg.reject()

    QTimer.singleShot(20, poll)
    return seen
