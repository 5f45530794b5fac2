"""Starting the window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from ame_desktop import __version__
from ame_desktop.domain.errors import AmeError


def run_gui(target: str | None = None) -> int:
    from ame_desktop.store.schema import open_register

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("AME Desktop")
    try:
        db = open_register(target)
    except AmeError as exc:
        QMessageBox.critical(None, "AME Desktop", exc.message)
        return exc.exit_status
    win = QMainWindow()
    win.setWindowTitle(f"AME Desktop {__version__}")
    win.statusBar().showMessage(f"Databas: {db.describe()}")
    win.resize(1200, 800)
    win.show()
    return app.exec()
