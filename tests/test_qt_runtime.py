"""The Qt binding itself must not corrupt reference counts (PySide6 6.12.0 under Python 3.11
dropped a reference to None on every void call, so a long session ended in a crash)."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    label.show()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.update()
        label.setText("y")
    assert sys.getrefcount(None) >= before - 50
