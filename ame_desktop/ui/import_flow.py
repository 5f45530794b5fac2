"""Import from the window: pick a workbook, preview (a dry run), confirm, import with progress.

The same service as `ame-desktop import`; both runs happen off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.services.importing import ImportCancelled, ImportFailed, ImportReport, import_workbook
from ame_desktop.store.database import Database
from ame_desktop.ui.common import message_box, show_error, tr, user_label
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.workers import run_in_background


def _table(headers: list[str], rows: list[tuple]) -> QTableView:
    view = QTableView()
    view.setModel(ListTableModel(headers, rows, view))
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


class ImportPreviewDialog(QDialog):
    """What the import would do: new and changed rows, or every error with sheet, row and column."""

    def __init__(self, parent: QWidget | None, report: ImportReport):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(tr("Förhandsgranska import – {file}").format(file=report.file))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        if report.errors:
            summary = tr("Arbetsboken har {n} fel. Inget kommer att sparas förrän alla är rättade i filen.").format(
                n=len(report.errors))
        else:
            summary = tr("Så här ändras registret om du importerar:") + "\n" + "\n".join(report.summary_lines())
        self.summary = user_label(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.errors_view = _table([tr("Blad"), tr("Rad"), tr("Kolumn"), tr("Fel")],
                                  [(e.sheet, e.row, e.field, e.message) for e in report.errors]
                                  + ([("", "", "", tr("… och {n} fel till.").format(n=report.errors.omitted))]
                                     if getattr(report.errors, "omitted", 0) else []))
        self.errors_view.setColumnWidth(0, 110)
        self.errors_view.setColumnWidth(1, 60)
        self.errors_view.setColumnWidth(2, 200)
        self.changes_view = _table([tr("Blad"), tr("Rad"), tr("Ändring"), tr("Vad")],
                                   [(c.sheet, c.row, c.kind, c.what) for c in report.changes])
        self.changes_view.setColumnWidth(0, 110)
        self.changes_view.setColumnWidth(1, 60)
        if report.errors:
            self.tabs.addTab(self.errors_view, tr("Fel ({n})").format(n=len(report.errors)))
        self.tabs.addTab(self.changes_view, tr("Nya och ändrade ({n})").format(n=len(report.changes)))
        if report.warnings:
            self.tabs.addTab(_table([tr("Varning")], [(w,) for w in report.warnings]),
                             tr("Varningar ({n})").format(n=len(report.warnings)))
        layout.addWidget(self.tabs)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(tr("Importera"), QDialogButtonBox.AcceptRole)
        self.import_button.setEnabled(not report.errors and report.changed_rows > 0)
        self.buttons.addButton(tr("Stäng") if report.errors else tr("Avbryt"), QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class ImportFlow:
    """Drives one import from the window. `finished(report)` is called after a real import."""

    def __init__(self, parent: QWidget, db: Database, finished: Callable[[ImportReport], None] | None = None):
        self.parent, self.db, self.finished = parent, db, finished
        self.preview: ImportPreviewDialog | None = None
        self.path: Path | None = None

    def start(self, path: str | Path | None = None) -> None:
        if path is None:
            chosen, _ = file_dialogs.getOpenFileName(self.parent, tr("Välj arbetsbok att importera"), "",
                                                    tr("Excel-arbetsböcker (*.xlsx)"))
            if not chosen:
                return
            path = chosen
        self.path = Path(path)
        run_in_background(
            self.parent, tr("Kontrollerar {file}…").format(file=self.path.name),
            lambda progress, cancelled: import_workbook(self.db, self.path, dry_run=True, progress=progress,
                                                        cancelled=cancelled),
            self._show_preview, self._preview_failed,
        )

    def _preview_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportFailed):
            self._show_preview(exc.report)
        elif not isinstance(exc, ImportCancelled):
            show_error(self.parent, exc)

    def _show_preview(self, report: ImportReport) -> None:
        self.preview = ImportPreviewDialog(self.parent, report)
        self.preview.accepted.connect(self._run)
        self.preview.open()

    def _run(self) -> None:
        run_in_background(
            self.parent, tr("Importerar {file}…").format(file=self.path.name),
            lambda progress, cancelled: import_workbook(self.db, self.path, progress=progress, cancelled=cancelled),
            self._done, self._failed,
        )

    def _done(self, report: ImportReport) -> None:
        if self.finished:
            self.finished(report)
        message_box(self.parent, QMessageBox.Information, tr("Importen är klar"), "\n".join(report.summary_lines()))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportCancelled):
            message_box(self.parent, QMessageBox.Information, tr("Importen avbröts"), exc.message)
        elif isinstance(exc, ImportFailed):
            self._show_preview(exc.report)  # the file changed between preview and import
        else:
            show_error(self.parent, exc)
