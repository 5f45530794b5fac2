"""A small form dialog whose Save calls a service; the service's field errors show inline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.ui.common import ErrorLabel, on_edit, plain_label, set_error_style, show_error, tr


class RecordDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, on_save: Callable[[], object]):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.on_save = on_save
        self.result_value: object = None
        self.form = QFormLayout()
        self.fields: dict[str, tuple[QWidget, ErrorLabel]] = {}
        self.general_error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText(tr("Spara"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(tr("Avbryt"))
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self._focused_once = False
        for b in self.buttons.buttons():
            b.setAutoDefault(False)  # Enter in a field saves through the default button only
        self.buttons.button(QDialogButtonBox.Save).setDefault(True)

    def add_field(self, key: str, label: str, widget: QWidget, note: QWidget | None = None) -> QWidget:
        error = ErrorLabel()
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(widget)
        if note is not None:
            inner.addWidget(note)
        inner.addWidget(error)
        # The label's Alt+letter goes to the input itself (the box cannot take focus), and a
        # screen reader announces the input by the label's words.
        target = widget
        while target.focusProxy() is not None:  # a compound input (the participant picker): its field
            target = target.focusProxy()
        caption = QLabel(label)
        caption.setBuddy(target)
        box.setFocusProxy(widget)
        if not target.accessibleName():
            target.setAccessibleName(plain_label(label))
        self.form.addRow(caption, box)
        self.fields[key] = (widget, error)
        # A corrected field loses its old error as soon as the coach changes it.
        on_edit(widget, lambda w=widget, e=error: (e.show_message(""), set_error_style(w, False)))
        return widget

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        # Typing starts in the first field, never on "Spara" (typed text would be lost).
        if not self._focused_once:
            self._focused_once = True
            from ame_desktop.ui.accessibility import name_widgets

            name_widgets(self)
            first = next((w for w, _e in self.fields.values() if w.isEnabled() and w.focusPolicy() != Qt.NoFocus),
                         None)
            if first is not None:
                first.setFocus(Qt.OtherFocusReason)

    def show_errors(self, exc: ValidationError) -> None:
        general = []
        for widget, label in self.fields.values():
            label.show_message("")
            set_error_style(widget, False)
        for err in exc.errors:
            if err.field in self.fields:
                widget, label = self.fields[err.field]
                label.show_message((label.text() + "\n" if label.text() else "") + err.message)
                set_error_style(widget, True)
            else:
                general.append(err.message)
        self.general_error.show_message("\n".join(general))
        first = next((self.fields[e.field][0] for e in exc.errors if e.field in self.fields), None)
        if first is not None:
            first.setFocus()

    def try_save(self) -> None:
        try:
            self.result_value = self.on_save()
        except ValidationError as exc:
            self.show_errors(exc)
            return
        except AmeError as exc:
            show_error(self, exc)
            return
        self.accept()
