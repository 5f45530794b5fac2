"""AF-kontakter: the contact table's model and the texts of its cells (who, consent, follow-up),
shared by the page and the participant's tab."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ame_desktop.services import af_contacts as af
from ame_desktop.ui.common import tr
from ame_desktop.ui.list_model import ListTableModel

RED, AMBER, GREY = QColor("#b00020"), QColor("#fff3cd"), QColor("#666666")
LATE_BG = QColor("#f8d7da")
FOREGROUND, BACKGROUND, TOOLTIP = (int(r.value) for r in (Qt.ForegroundRole, Qt.BackgroundRole, Qt.ToolTipRole))


def who_text(r: af.ContactRow) -> str:
    if r.participant_id is None:
        return tr("Strategisk kontakt")
    return r.name


def consent_text(r: af.ContactRow) -> str:
    if r.participant_id is None:
        return "–"
    if r.consent_missing:
        return tr("Saknas")
    return tr("Ja") + (f" {r.consent_on.isoformat()}" if r.consent_on else "")


def follow_text(r: af.ContactRow) -> str:
    if r.follow_up_on is None:
        return ""
    if r.follow_up_done_on is not None:
        return tr("klar {done} ({n} d)").format(done=r.follow_up_done_on.isoformat(), n=r.days_to_done)
    return f"{r.follow_up_on.isoformat()} {tr(af.FOLLOW_LABELS[r.follow_up]).lower()}"


# -- table models --------------------------------------------------------------------------------
class ContactTableModel(ListTableModel):
    """The log: one row per contact; late follow-ups and missing consent stand out."""

    COLUMNS = ("when", "who", "category", "follow", "consent", "staff", "channel", "question")

    def __init__(self, parent=None, with_person: bool = True):
        self.with_person = with_person
        titles = {"when": tr("Datum"), "who": tr("Deltagare"), "staff": tr("Handledare"), "category": tr("Kategori"),
                  "channel": tr("Kanal"), "office": tr("AF-kontor"), "consent": tr("Samtycke"),
                  "follow": tr("Uppföljning"), "question": tr("Fråga / utfall")}
        self.columns = [c for c in self.COLUMNS if with_person or c != "who"]
        super().__init__([titles[c] for c in self.columns], parent=parent)
        self.contacts: list[af.ContactRow] = []

    def set_contacts(self, contacts: list[af.ContactRow]) -> None:
        self.contacts = contacts
        self.set_rows([self._row(r) for r in contacts])

    def _row(self, r: af.ContactRow) -> tuple:
        text = " · ".join(x for x in (r.question, r.outcome) if x)
        # Without the person column the table sits in the narrow participant view: date only.
        when = f"{r.contact_at:%Y-%m-%d %H:%M}" if self.with_person else r.contact_day.isoformat()
        values = {"when": when, "who": who_text(r), "staff": r.staff,
                  "category": tr(r.category_label), "channel": tr(r.channel_label), "office": r.af_office or "",
                  "consent": consent_text(r), "follow": follow_text(r), "question": text.replace("\n", " ")}
        return tuple(values[c] for c in self.columns)

    def contact(self, row: int) -> af.ContactRow | None:
        return self.contacts[row] if 0 <= row < len(self.contacts) else None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        role = role if type(role) is int else int(role.value)
        column = self.columns[index.column()]
        r = self.contacts[index.row()]
        if role == FOREGROUND:
            if column == "consent" and r.consent_missing:
                return RED
            if column == "who" and r.participant_id is None:
                return GREY
            return None
        if role == BACKGROUND and column == "follow":
            if r.follow_up == af.FOLLOW_LATE:
                return LATE_BG
            if r.follow_up == af.FOLLOW_DUE_TODAY:
                return AMBER
            return None
        if role == TOOLTIP:
            if column == "consent" and r.consent_missing:
                return tr("Samtycke till informationsdelning var inte dokumenterat vid kontakten.")
            if column == "question":
                parts = []
                if r.question:
                    parts.append(tr("Fråga: ") + r.question)
                if r.outcome:
                    parts.append(tr("Utfall: ") + r.outcome)
                if r.af_person or r.af_office:
                    parts.append(tr("AF: ") + ", ".join(x for x in (r.af_person, r.af_office) if x))
                return "\n".join(parts)
        return super().data(index, role)


def fit_contact_columns(model: ContactTableModel, view: QTableView) -> None:
    """Widths from the first rows, capped so the free text (last, stretched) stays in view."""
    model.fit_columns(view, sample_rows=100)
    caps = {"when": 125, "who": 155, "category": 170, "staff": 115, "channel": 100, "follow": 155, "consent": 105}
    for c, name in enumerate(model.columns):
        if name in caps:
            view.setColumnWidth(c, min(view.columnWidth(c), caps[name]))
    view.setColumnWidth(len(model.columns) - 1, 120)  # the last one stretches over what is left


def _table_view(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view
