"""Long work off the GUI thread, with a progress dialog that can be cancelled.

`fn(progress, cancelled)` runs in Qt's thread pool with its own database session; the result
or the exception comes back to the GUI thread by signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ame_desktop.ui.common import show_error, tr


class _Signals(QObject):
    progress = Signal(str, float)
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    def __init__(self, fn: Callable):
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = _Signals()
        self.cancel_event = threading.Event()

    def run(self) -> None:
        try:
            result = self.fn(lambda text, fraction: self._emit(self.signals.progress, text, float(fraction)),
                             self.cancel_event.is_set)
        except BaseException as exc:  # handed to the GUI thread, which shows it
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.done, result)

    @staticmethod
    def _emit(signal, *args) -> None:
        # The window that asked may have closed meanwhile (its signal object is gone): nobody
        # is waiting for the answer, which is not an error.
        try:
            signal.emit(*args)
        except RuntimeError:
            pass


_running: set[Job] = set()  # keep Python references until the job reports back


def run_in_background(parent: QWidget | None, title: str, fn: Callable, on_done: Callable[[object], None],
                      on_failed: Callable[[BaseException], None] | None = None, cancellable: bool = True) -> Job:
    dialog = QProgressDialog(title, tr("Avbryt") if cancellable else None, 0, 100, parent)
    dialog.setWindowTitle("AME Desktop")
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    job = Job(fn)
    _running.add(job)

    def progress(text: str, fraction: float) -> None:
        dialog.setLabelText(text)
        dialog.setValue(int(fraction * 100))

    def finish() -> None:
        _running.discard(job)
        dialog.close()
        dialog.deleteLater()

    def done(result: object) -> None:
        finish()
        on_done(result)

    def failed(exc: object) -> None:
        finish()
        (on_failed or (lambda e: show_error(parent, e)))(exc)  # type: ignore[arg-type]

    job.signals.progress.connect(progress)
    job.signals.done.connect(done)
    job.signals.failed.connect(failed)
    dialog.canceled.connect(job.cancel_event.set)
    job.dialog = dialog  # type: ignore[attr-defined]  (tests look at it)
    QThreadPool.globalInstance().start(job)
    return job
