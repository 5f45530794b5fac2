"""Skriv ut planer: the individual plans of a coach's or the whole unit's active participants,
into one PDF or a folder with one file each. The work runs off the GUI thread with a progress
dialog that can be cancelled; every print is recorded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain import words
from ame_desktop.domain.errors import AmeError
from ame_desktop.services import plan_prints
from ame_desktop.services import protected_identity as protected
from ame_desktop.services import staff as staff_service
from ame_desktop.store.database import Database
from ame_desktop.ui.common import ErrorLabel, show_error, tr, user_label
from ame_desktop.ui.workers import run_in_background


class PlanBatchDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(tr("Skriv ut individuella planer"))
        self.people: list[plan_prints.BatchPerson] = []
        self.job = None
        self.result: plan_prints.BatchResult | None = None

        self.by_coach = QRadioButton(tr("En handledares aktiva deltagare"))
        self.whole_unit = QRadioButton(tr("Hela enhetens aktiva deltagare"))
        self.coach = QComboBox()
        with db.reading() as s:
            for m in staff_service.list_staff(s):
                self.coach.addItem(m.name, m.id)
        scope = QButtonGroup(self)
        scope.addButton(self.by_coach)
        scope.addButton(self.whole_unit)
        (self.by_coach if self.coach.count() else self.whole_unit).setChecked(True)
        self.by_coach.setEnabled(self.coach.count() > 0)
        self.count_label = QLabel("")
        self.count_label.setWordWrap(True)

        self.one_file = QRadioButton(tr("En PDF-fil med alla planer"))
        self.folder = QRadioButton(tr("En PDF-fil per deltagare i en mapp"))
        kind = QButtonGroup(self)
        kind.addButton(self.one_file)
        kind.addButton(self.folder)
        self.one_file.setChecked(True)
        self.target = QLineEdit()
        self.target.setPlaceholderText(tr("Välj var planerna ska sparas"))
        browse = QPushButton(tr("Välj…"))
        browse.clicked.connect(self.browse)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(browse)
        # Protected identity (issue 24): left out unless chosen, with a reason for the log.
        self.include_protected = QCheckBox(tr(protected.INCLUDE_LABEL))
        self.protected_reason = QLineEdit()
        self.protected_reason.setPlaceholderText(tr("Skäl att ta med dem (skrivs i loggen)"))
        self.protected_reason.setEnabled(False)
        self.include_protected.toggled.connect(self.protected_reason.setEnabled)
        self.include_protected.toggled.connect(lambda _on: self.refresh())
        self.protected: set[int] = set()

        self.error = ErrorLabel()
        self.message = user_label("")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Close)
        self.start_button = self.buttons.button(QDialogButtonBox.Ok)
        self.start_button.setText(tr("Skriv ut"))
        self.buttons.button(QDialogButtonBox.Close).setText(tr("Stäng"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        coach_row = QHBoxLayout()
        coach_row.addWidget(self.by_coach)
        coach_row.addWidget(self.coach, 1)
        form.addRow(tr("Vilka"), coach_row)
        form.addRow("", self.whole_unit)
        form.addRow("", self.count_label)
        form.addRow(tr("Hur"), self.one_file)
        form.addRow("", self.folder)
        form.addRow(tr("Var"), target_row)
        form.addRow(tr("Skyddade"), self.include_protected)
        form.addRow("", self.protected_reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Den senaste versionen av varje plan skrivs ut, och utskriften sparas i "
                                   "registret. Deltagare utan plan hoppas över.")))
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        for w in (self.by_coach, self.whole_unit):
            w.toggled.connect(lambda _on: self.refresh())
        self.coach.currentIndexChanged.connect(lambda _i: self.refresh())
        self.one_file.toggled.connect(lambda _on: self.target.clear())
        self.refresh()

    def staff_id(self) -> int | None:
        return self.coach.currentData() if self.by_coach.isChecked() else None

    def refresh(self) -> None:
        with self.db.reading() as s:
            self.people = plan_prints.active_participants(s, self.staff_id())
            self.protected = protected.protected_ids(s, [p.id for p in self.people])
        with_plan = sum(p.has_plan for p in self.people)
        text = tr("{n} aktiva deltagare, varav {k} med en sparad plan.").format(n=len(self.people), k=with_plan)
        if self.protected:
            text += " " + (tr("{n} har skyddade personuppgifter och tas med.") if self.include_protected.isChecked()
                           else tr("{n} har skyddade personuppgifter och tas inte med.")).format(
                n=words.count(len(self.protected), "person", "personer"))
        self.count_label.setText(text)
        self.start_button.setEnabled(with_plan > 0 and self.job is None)

    def ask_target(self, one_file: bool) -> str | None:
        """A file or a folder (a separate method so tests can answer it)."""
        if one_file:
            path, _ = file_dialogs.getSaveFileName(self, tr("Spara planerna som en PDF"), "planer.pdf",
                                                  tr("PDF-dokument (*.pdf)"))
            if path and not path.lower().endswith(".pdf"):
                path += ".pdf"
            return path or None
        return file_dialogs.getExistingDirectory(self, tr("Välj mapp för planerna")) or None

    def browse(self) -> None:
        path = self.ask_target(self.one_file.isChecked())
        if path:
            self.target.setText(path)

    def start(self) -> None:
        self.error.show_message("")
        target = self.target.text().strip()
        if not target:
            self.browse()
            target = self.target.text().strip()
            if not target:
                return
        ids = [p.id for p in self.people if p.has_plan]
        one_file = self.one_file.isChecked()
        include = self.include_protected.isChecked()
        reason = self.protected_reason.text().strip()
        if include and self.protected & set(ids) and not reason:
            self.error.show_message(tr("Skriv varför personerna med skyddade personuppgifter ska tas med "
                                       "(skälet skrivs i loggen)."))
            self.protected_reason.setFocus()
            return
        self.start_button.setEnabled(False)
        self.message.setText(tr("Skriver ut {n}…").format(n=words.count(len(ids), "plan", "planer")))
        db = self.db

        chosen = self.protected & set(ids) if include else set()

        def work(progress, cancelled):
            with db.reading() as s:
                for pid in chosen:
                    protected.give_reason(s, reason, pid)
            from ame_desktop.services import exports

            return exports.plan_batch(db, ids, Path(target), one_file, progress, cancelled, include_protected=include)

        self.job = run_in_background(self, tr("Skriver ut planer…"), work, self._done, self._failed)

    def _done(self, result: object) -> None:
        assert isinstance(result, plan_prints.BatchResult)
        self.job = None
        self.result = result
        target = self.target.text().strip()
        if result.cancelled:
            text = (tr("Avbrutet. Ingen fil skrevs.") if self.one_file.isChecked()
                    else tr("Avbrutet. {n} planer hann skrivas till {target}.").format(n=result.printed, target=target))
        else:
            text = tr("{n} till {target}.").format(n=words.count(result.printed, "plan skrevs", "planer skrevs"), target=target)
            if result.left_out_protected:
                text += " " + tr("{n} med skyddade personuppgifter togs inte med.").format(
                    n=words.count(result.left_out_protected, "person", "personer"))
        self.message.setText(text)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.message.setText("")
        if isinstance(exc, AmeError):
            self.error.show_message(exc.message)
        else:
            show_error(self, exc)
        self.refresh()


def open_batch_dialog(parent: QWidget | None, db: Database) -> PlanBatchDialog:
    """Menu entry "Skriv ut planer…": shows the dialog (modal) and returns it when closed."""
    dialog = PlanBatchDialog(parent, db)
    dialog.exec()
    return dialog
