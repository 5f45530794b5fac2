"""Grupper (issue 23): the unit's activity groups with their places, the sessions of a week or
month with booked and waiting counts, cancelling a session, and a group's bookings and waiting
list. Everything goes through services/capacity.py."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import words
from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import capacity as cap
from ame_desktop.store.database import Database
from ame_desktop.ui.capacity_common import (
    WEEK,
    PeriodPicker,
    add_months,
    monday_of,
    month_end,
    municipality_combo,
    number_model,
    on_enter,
    selected_row,
    staff_combo,
    table_view,
)
from ame_desktop.ui.common import DateField, date_text, heading, set_message, show_error, tr, user_label
from ame_desktop.ui.record_dialog import RecordDialog

CATEGORY_SHORT = {1: QT_TR_NOOP("1 Förmåga"), 2: QT_TR_NOOP("2 Språk"), 3: QT_TR_NOOP("3 Söka arbete"),
                  4: QT_TR_NOOP("4 Arbetsplats")}
CATEGORY_LONG = {1: QT_TR_NOOP("1 – Öka förmågan att ta ett arbete"), 2: QT_TR_NOOP("2 – Förbättra språkkunskaperna"),
                 3: QT_TR_NOOP("3 – Förbättra förmågan att söka arbete"), 4: QT_TR_NOOP("4 – Arbetsplatsförlagd")}
GROUP_HEADERS = [QT_TR_NOOP("Grupp"), QT_TR_NOOP("Kategori"), QT_TR_NOOP("Dagar"), QT_TR_NOOP("Tid"),
                 QT_TR_NOOP("Plats"), QT_TR_NOOP("Ansvarig"), QT_TR_NOOP("Platser"), QT_TR_NOOP("Bokade"),
                 QT_TR_NOOP("Lediga"), QT_TR_NOOP("Väntar")]
SESSION_HEADERS = [QT_TR_NOOP("Datum"), QT_TR_NOOP("Dag"), QT_TR_NOOP("Tid"), QT_TR_NOOP("Bokade"),
                   QT_TR_NOOP("Väntar"), QT_TR_NOOP("Status")]
MEMBER_HEADERS = [QT_TR_NOOP("Namn"), QT_TR_NOOP("Personnummer"), QT_TR_NOOP("Från"), QT_TR_NOOP("Till"),
                  QT_TR_NOOP("Status")]
WEEKDAY_BOXES = (QT_TR_NOOP("Mån"), QT_TR_NOOP("Tis"), QT_TR_NOOP("Ons"), QT_TR_NOOP("Tor"), QT_TR_NOOP("Fre"),
                 QT_TR_NOOP("Lör"), QT_TR_NOOP("Sön"))


class _Full(Exception):
    """Raised inside a transaction to undo a booking that would have gone to the waiting list."""


class WeekdayBoxes(QWidget):
    """The group's weekdays as check boxes (Monday–Friday shown; weekends are rare)."""

    def __init__(self, days: tuple[int, ...] = (), parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for i, name in enumerate(WEEKDAY_BOXES):
            b = QCheckBox(tr(name))
            b.setChecked(i in days)
            b.setAccessibleName(tr("Veckodag {d}").format(d=cap.WEEKDAY_NAMES[i]))
            if i >= 5 and i not in days:
                b.setVisible(False)  # Saturday and Sunday only when a group already meets then
            row.addWidget(b)
            self.boxes.append(b)
        row.addStretch(1)
        self.setFocusProxy(self.boxes[0])

    def value(self) -> tuple[int, ...]:
        return tuple(i for i, b in enumerate(self.boxes) if b.isChecked())

    # RecordDialog's on_edit hook looks for a `toggled` signal.
    @property
    def toggled(self):
        return self.boxes[0].toggled


def open_group_dialog(parent: QWidget, db: Database, group: cap.GroupView | None, today: date,
                      on_saved=None) -> RecordDialog:
    """Add (group None) or change a group. A new group also gets its sessions up to a day."""
    name = QLineEdit(group.name if group else "")
    name.setMaxLength(120)
    category = QComboBox()
    for c, label in CATEGORY_LONG.items():
        category.addItem(tr(label), c)
    category.setCurrentIndex(max(0, category.findData(group.category if group else 1)))
    days = WeekdayBoxes(group.weekdays if group else ())
    start = QLineEdit(group.start_time.strftime("%H:%M") if group else "09:00")
    end = QLineEdit(group.end_time.strftime("%H:%M") if group else "12:00")
    for w in (start, end):
        w.setMaxLength(5)
        w.setMaximumWidth(80)
        w.setPlaceholderText("TT:MM")
    times = QWidget()
    trow = QHBoxLayout(times)
    trow.setContentsMargins(0, 0, 0, 0)
    trow.addWidget(start)
    dash = QLabel("–")
    trow.addWidget(dash)
    trow.addWidget(end)
    trow.addStretch(1)
    times.setFocusProxy(start)
    start.setAccessibleName(tr("Starttid"))
    end.setAccessibleName(tr("Sluttid"))
    room = QLineEdit(group.room or "" if group else "")
    address = QLineEdit(group.address or "" if group else "")
    staff = staff_combo(db, group.staff_id if group else None)
    places = QSpinBox()
    places.setRange(0, 1000)
    places.setValue(group.places if group else 10)
    municipality = municipality_combo(db, group.municipality_code if group else None)
    valid_from = DateField()
    valid_from.set_value(group.valid_from if group else today)
    valid_to = DateField(optional=True)
    valid_to.set_value(group.valid_to if group else None)
    sessions_to = DateField(optional=True)
    sessions_to.setPlaceholderText(tr("ÅÅÅÅ-MM-DD (tomt = inga tillfällen nu)"))
    sessions_to.set_value(month_end(add_months(today, 2)))
    note = QPlainTextEdit(group.note or "" if group else "")
    note.setFixedHeight(54)
    note.setTabChangesFocus(True)
    active = QCheckBox(tr("Gruppen är aktiv (kan bokas)"))
    active.setChecked(group.active if group else True)

    def save():
        data = cap.GroupInput(name.text(), category.currentData(), days.value() or "", start.text(), end.text(),
                              places.value(), municipality.currentData(), room.text(), address.text(),
                              staff.currentData(), valid_from.value(), valid_to.value(), note.toPlainText(),
                              active.isChecked())
        with db.transaction() as s:
            if group is None:
                g = cap.create_group(s, data, today=today)
                made = None
                if sessions_to.value():
                    try:
                        made = cap.generate_sessions(s, g.id, g.valid_from, sessions_to.value())
                    except ValidationError as exc:
                        raise ValidationError.single("sessions_to", exc.message) from None
                return g.id, made
            g = cap.update_group(s, group.id, data, today=today)
            return g.id, None

    dlg = RecordDialog(parent, tr("Ny grupp") if group is None else tr("Ändra grupp"), save)
    dlg.add_field("name", tr("&Namn:"), name)
    dlg.add_field("category", tr("&Kategori:"), category)
    dlg.add_field("weekdays", tr("&Veckodagar:"), days)
    dlg.add_field("start_time", tr("&Tid:"), times)
    dlg.fields["end_time"] = (end, dlg.fields["start_time"][1])  # errors of either time under the row
    dlg.add_field("room", tr("&Lokal:"), room)
    dlg.add_field("address", tr("&Adress:"), address)
    dlg.add_field("staff_id", tr("An&svarig:"), staff)
    dlg.add_field("places", tr("&Platser:"), places)
    dlg.add_field("municipality_code", tr("K&ommun:"), municipality)
    dlg.add_field("valid_from", tr("Gäller &från:"), valid_from)
    dlg.add_field("valid_to", tr("Gäller t&ill:"), valid_to)
    if group is None:
        dlg.add_field("sessions_to", tr("Skapa tillfällen t.o.&m.:"), sessions_to,
                      note=_grey(tr("Tillfällen skapas på gruppens veckodagar; helgdagar och dagar då "
                                    "enheten är stängd hoppas över.")))
    dlg.add_field("note", tr("Ante&ckning:"), note)
    dlg.add_field("active", "", active)
    dlg.inputs = {"name": name, "category": category, "days": days, "start": start, "end": end,  # tests drive them
                  "room": room, "address": address, "staff": staff, "places": places,
                  "municipality": municipality, "valid_from": valid_from, "valid_to": valid_to,
                  "sessions_to": sessions_to, "note": note, "active": active}
    if on_saved is not None:
        dlg.accepted.connect(lambda: on_saved(dlg.result_value))
    dlg.open()
    return dlg


def days_text(days: tuple[int, ...]) -> str:
    """`mån–fre` for a run of three days or more, else `mån, ons`."""
    out, run = [], []
    for d in sorted(days) + [99]:
        if run and d == run[-1] + 1:
            run.append(d)
            continue
        if run:
            out.append(f"{cap.WEEKDAY_SHORT[run[0]]}–{cap.WEEKDAY_SHORT[run[-1]]}" if len(run) >= 3
                       else ", ".join(cap.WEEKDAY_SHORT[x] for x in run))
        run = [d]
    return ", ".join(out)


def _grey(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class GroupsPage(QWidget):
    open_participant = Signal(int)
    changed = Signal()  # a booking, placement, group or session changed (the start page's count follows)

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.groups: list[cap.GroupView] = []
        self.sessions: list[cap.SessionView] = []
        self.members: list[cap.BookingView] = []
        self.dialog: RecordDialog | None = None
        self.can_write = db.actor.can_write

        self.picker = PeriodPicker(today=self.today)
        self.show_inactive = QCheckBox(tr("Visa även inaktiva &grupper"))
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.show_inactive)

        self.new_button = QPushButton(tr("&Ny grupp… (Ctrl+N)"))
        self.edit_button = QPushButton(tr("&Ändra…"))
        self.sessions_button = QPushButton(tr("Skapa &tillfällen…"))
        self.new_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.edit_group)
        self.sessions_button.clicked.connect(self.make_sessions)
        gbuttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.sessions_button):
            gbuttons.addWidget(b)
        self.summary = user_label("")
        gbuttons.addSpacing(12)
        gbuttons.addWidget(self.summary, 1)

        self.group_model = number_model([tr(h) for h in GROUP_HEADERS], {6, 7, 8, 9})
        self.group_table = table_view(self.group_model)
        self.group_table.setAccessibleName(tr("Tabell: grupper"))
        on_enter(self.group_table, self.edit_group)
        fm = self.group_table.fontMetrics()
        for col, sample in enumerate(("Kartläggning och vägledning i grupp", "4 Arbetsplats", "mån, tis, ons, tor",
                                      "09:00–12:00", "Verkstaden, Storgatan 12", "Kerstin Ålund", "Platser",
                                      "Bokade", "Lediga", "Väntar")):
            self.group_table.setColumnWidth(col, fm.horizontalAdvance(sample) + 16)
        gh = self.group_table.horizontalHeader()
        gh.setStretchLastSection(False)
        gh.setSectionResizeMode(4, QHeaderView.Stretch)  # the place takes what is left

        # Sessions of the chosen period.
        self.session_model = number_model([tr(h) for h in SESSION_HEADERS], {3, 4})
        self.session_table = table_view(self.session_model)
        self.session_table.setAccessibleName(tr("Tabell: tillfällen"))
        for col, sample in enumerate(("2026-12-07", "mån", "09:00–12:00", "Bokade", "Väntar")):
            self.session_table.setColumnWidth(col, fm.horizontalAdvance(sample) + 12)
        self.cancel_button = QPushButton(tr("&Ställ in tillfälle…"))
        self.restore_button = QPushButton(tr("Åt&erställ tillfälle"))
        self.cancel_button.clicked.connect(self.cancel_session)
        self.restore_button.clicked.connect(self.restore_session)
        on_enter(self.session_table, self.cancel_session)
        self.session_box = QGroupBox(tr("Tillfällen"))
        sl = QVBoxLayout(self.session_box)
        sl.addWidget(self.session_table, 1)
        srow = QHBoxLayout()
        srow.addWidget(self.cancel_button)
        srow.addWidget(self.restore_button)
        srow.addStretch(1)
        sl.addLayout(srow)

        # Bookings and the waiting list.
        self.member_model = number_model([tr(h) for h in MEMBER_HEADERS], set())
        self.member_table = table_view(self.member_model)
        self.member_table.setAccessibleName(tr("Tabell: bokningar och väntelista"))
        for col, sample in enumerate(("Andersson, Mohammed", "19640823-3234", "2026-12-07", "tills vidare")):
            self.member_table.setColumnWidth(col, fm.horizontalAdvance(sample) + 12)
        on_enter(self.member_table, self._open_member)
        self.book_button = QPushButton(tr("&Boka deltagare…"))
        self.end_button = QPushButton(tr("Avsl&uta bokning…"))
        self.remove_button = QPushButton(tr("Ta b&ort bokning"))
        self.book_button.clicked.connect(self.book_participant)
        self.end_button.clicked.connect(self.end_booking)
        self.remove_button.clicked.connect(self.remove_booking)
        self.member_box = QGroupBox(tr("Bokningar och väntelista"))
        ml = QVBoxLayout(self.member_box)
        ml.addWidget(self.member_table, 1)
        mrow = QHBoxLayout()
        for b in (self.book_button, self.end_button, self.remove_button):
            mrow.addWidget(b)
        mrow.addStretch(1)
        ml.addLayout(mrow)

        self.status = user_label("")
        self.status.setWordWrap(True)

        lower = QSplitter(Qt.Horizontal)
        lower.addWidget(self.session_box)
        lower.addWidget(self.member_box)
        lower.setChildrenCollapsible(False)
        lower.setSizes([470, 660])
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addLayout(gbuttons)
        ul.addWidget(self.group_table, 1)
        split = QSplitter(Qt.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([250, 350])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading(tr("Grupper")))
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self.picker.changed.connect(self.load)
        self.show_inactive.toggled.connect(lambda _on: self.load())
        self.group_table.selectionModel().currentRowChanged.connect(lambda *_a: self._group_changed())
        self.session_table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.member_table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.load()

    # -- loading ---------------------------------------------------------------------------------
    def _after_change(self, keep_id: int | None = None) -> None:
        self.load(keep_id=keep_id)
        self.changed.emit()

    def period(self) -> tuple[date, date]:
        return self.picker.period()

    def load(self, keep_id: int | None = None) -> None:
        keep = keep_id if keep_id is not None else (self.current_group().id if self.current_group() else None)
        first, last = self.period()
        try:
            with self.db.reading() as s:
                if self.picker.mode == WEEK:
                    groups = cap.list_groups(s, week=first, include_inactive=self.show_inactive.isChecked())
                else:  # a month: the most booked (and waiting) in any of its weeks
                    groups = None
                    monday = monday_of(first)
                    while monday <= last:
                        week = {g.id: g for g in cap.list_groups(s, week=monday,
                                                                  include_inactive=self.show_inactive.isChecked())}
                        if groups is None:
                            groups = week
                        else:
                            for gid, g in week.items():
                                groups[gid].booked = max(groups[gid].booked, g.booked)
                                groups[gid].waiting = max(groups[gid].waiting, g.waiting)
                        monday += timedelta(days=7)
                    groups = list((groups or {}).values())
        except AmeError as exc:
            show_error(self, exc)
            return
        self.groups = groups
        self.group_model.set_rows([
            (g.name, tr(CATEGORY_SHORT.get(g.category, str(g.category))), days_text(g.weekdays), g.time_text,
             g.place_text,
             g.staff_name, g.places, g.booked, g.free, g.waiting or "")
            for g in groups])
        full = sum(1 for g in groups if g.active and g.free == 0)
        waiting = sum(g.waiting for g in groups)
        self.summary.setText(tr("{groups}, {full}, {waiting} i perioden.").format(
            groups=words.count(len(groups), "grupp", "grupper"),
            full=words.count(full, "fullbokad", "fullbokade"), waiting=words.count(waiting, "väntande", "väntande")))
        row = next((i for i, g in enumerate(groups) if g.id == keep), 0 if groups else None)
        if row is not None:
            self.group_table.selectRow(row)
        self._group_changed()

    def current_group(self) -> cap.GroupView | None:
        row = selected_row(self.group_table) if hasattr(self, "group_table") else None
        return self.groups[row] if row is not None and 0 <= row < len(self.groups) else None

    def current_session(self) -> cap.SessionView | None:
        row = selected_row(self.session_table)
        return self.sessions[row] if row is not None and 0 <= row < len(self.sessions) else None

    def current_member(self) -> cap.BookingView | None:
        row = selected_row(self.member_table)
        return self.members[row] if row is not None and 0 <= row < len(self.members) else None

    def _group_changed(self) -> None:
        kept_session = self.current_session().id if self.current_session() else None
        kept_member = self.current_member().id if self.current_member() else None
        g = self.current_group()
        first, last = self.period()
        if g is None:
            self.sessions, self.members = [], []
        else:
            try:
                with self.db.reading() as s:
                    self.sessions = cap.list_sessions(s, g.id, first, last)
                    members = cap.group_members(s, g.id)
            except AmeError as exc:
                show_error(self, exc)
                return
            # The bookings that touch the period: with a place first, then the waiting list in order.
            self.members = [m for m in members if m.start_date <= last and (m.end_date is None or m.end_date >= first)]
        waiting_on = {x.day: sum(1 for m in self.members if m.waiting and m.start_date <= x.day
                                 and (m.end_date is None or m.end_date >= x.day)) for x in self.sessions}
        self.session_model.set_rows([
            (x.day.isoformat(), cap.WEEKDAY_SHORT[x.day.weekday()],
             f"{x.start_time.strftime('%H:%M')}–{x.end_time.strftime('%H:%M')}", x.booked, waiting_on.get(x.day, 0),
             tr("Inställt: {r}").format(r=x.cancel_reason) if x.cancelled else tr("Planerat"))
            for x in self.sessions])
        position = 0
        rows = []
        for m in self.members:
            if m.waiting:
                position += 1
                status = tr("Väntar, nr {n} ({d})").format(n=position, d=m.waiting_since.isoformat())
            else:
                status = tr("Plats")
            rows.append((m.name, format_digits(m.personnummer), date_text(m.start_date),
                         date_text(m.end_date) or tr("tills vidare"), status))
        self.member_model.set_rows(rows)
        # The row the coach was on stays selected after a change (same group).
        for table, items, kept in ((self.session_table, self.sessions, kept_session),
                                   (self.member_table, self.members, kept_member)):
            row = next((i for i, x in enumerate(items) if x.id == kept), None)
            if row is not None:
                table.selectRow(row)
        if g is None:
            self.session_box.setTitle(tr("Tillfällen"))
            self.member_box.setTitle(tr("Bokningar och väntelista"))
        else:
            self.session_box.setTitle(tr("Tillfällen i {g} ({n})").format(g=g.name, n=len(self.sessions)))
            placed = sum(1 for m in self.members if not m.waiting)
            self.member_box.setTitle(tr("Bokningar och väntelista i {g}: {p} av {n} platser, {w} väntar").format(
                g=g.name, p=placed, n=g.places, w=len(self.members) - placed))
        self._update_buttons()

    def _update_buttons(self) -> None:
        g = self.current_group()
        x = self.current_session()
        m = self.current_member()
        w = self.can_write
        self.new_button.setEnabled(w)
        self.edit_button.setEnabled(w and g is not None)
        self.sessions_button.setEnabled(w and g is not None)
        self.cancel_button.setEnabled(w and x is not None and not x.cancelled)
        self.restore_button.setEnabled(w and x is not None and x.cancelled)
        self.book_button.setEnabled(w and g is not None and g.active)
        self.end_button.setEnabled(w and m is not None)
        self.remove_button.setEnabled(w and m is not None)

    # -- groups ----------------------------------------------------------------------------------
    def new_item(self) -> RecordDialog | None:
        if not self.can_write:
            return None
        self.dialog = open_group_dialog(self, self.db, None, self.today, self._saved_group)
        return self.dialog

    def edit_group(self) -> RecordDialog | None:
        g = self.current_group()
        if g is None or not self.can_write:
            return None
        self.dialog = open_group_dialog(self, self.db, g, self.today, self._saved_group)
        return self.dialog

    def _saved_group(self, value) -> None:
        gid, made = value if isinstance(value, tuple) else (value, None)
        self._after_change(keep_id=gid)
        if made is not None:
            text = tr("Gruppen sparades med {n}.").format(n=words.count(len(made.created), "tillfälle", "tillfällen"))
            if made.skipped:
                text += " " + tr("Hoppade över {n} (helgdag eller stängt).").format(n=len(made.skipped))
            set_message(self.status, text, "ok")
        else:
            set_message(self.status, tr("Gruppen sparades."), "ok")

    def make_sessions(self) -> RecordDialog | None:
        g = self.current_group()
        if g is None or not self.can_write:
            return None
        start = DateField()
        start.set_value(max(self.today, g.valid_from))
        end = DateField()
        end.set_value(g.valid_to if g.valid_to else month_end(add_months(self.today, 2)))

        def save():
            with self.db.transaction() as s:
                return cap.generate_sessions(s, g.id, start.value(), end.value())

        dlg = RecordDialog(self, tr("Skapa tillfällen i {g}").format(g=g.name), save)
        dlg.add_field("start", tr("&Från:"), start)
        dlg.add_field("end", tr("&Till och med:"), end,
                      note=_grey(tr("På gruppens veckodagar ({d}); helgdagar, dagar då enheten är stängd och "
                                    "tillfällen som redan finns hoppas över.").format(d=g.weekday_text)))
        dlg.buttons.button(dlg.buttons.StandardButton.Save).setText(tr("Skapa"))

        def done():
            r = dlg.result_value
            self._after_change(keep_id=g.id)
            set_message(self.status, tr("{n} skapade; {k} hoppades över.").format(
                n=words.count(len(r.created), "tillfälle", "tillfällen"), k=len(r.skipped)), "ok")

        dlg.accepted.connect(done)
        self.dialog = dlg
        dlg.open()
        return dlg

    # -- sessions --------------------------------------------------------------------------------
    def cancel_session(self) -> RecordDialog | None:
        g, x = self.current_group(), self.current_session()
        if g is None or x is None or x.cancelled or not self.can_write:
            return None
        reason = QLineEdit()
        reason.setMaxLength(500)
        reason.setPlaceholderText(tr("t.ex. Handledaren sjuk, lokalen stängd"))

        def save():
            with self.db.transaction() as s:
                return cap.cancel_session(s, x.id, reason.text())

        dlg = RecordDialog(self, tr("Ställ in tillfället {d} i {g}").format(d=x.day.isoformat(), g=g.name), save)
        if x.booked == 0:
            text = tr("Ingen har en bokad plats på passet.")
        elif x.booked == 1:
            text = tr("Den som är bokad får passet markerat som inställt av enheten. Aktivitetskravet kräver "
                      "då ingenting av henne eller honom för det här passet.")
        else:
            text = tr("Alla {n} bokade får passet markerat som inställt av enheten. Aktivitetskravet kräver "
                      "då ingenting av dem för det här passet.").format(n=x.booked)
        confirm = QLabel(text)
        confirm.setWordWrap(True)
        dlg.form.addRow(confirm)
        dlg.add_field("reason", tr("&Orsak:"), reason)
        dlg.buttons.button(dlg.buttons.StandardButton.Save).setText(tr("Ställ in"))
        dlg.confirm_label = confirm  # tests read it

        def done():
            r = dlg.result_value
            self._after_change(keep_id=g.id)
            text = tr("Tillfället {d} är inställt; {n} markerade som inställt av enheten.").format(
                d=r.day.isoformat(), n=words.count(r.marked, "person", "personer"))
            if r.already_registered:
                text += " " + tr("{k} hade redan timmar registrerade den dagen (lämnade som de var).").format(
                    k=r.already_registered)
            set_message(self.status, text, "ok")

        dlg.accepted.connect(done)
        self.dialog = dlg
        dlg.open()
        return dlg

    def restore_session(self) -> None:
        g, x = self.current_group(), self.current_session()
        if g is None or x is None or not x.cancelled or not self.can_write:
            return
        if QMessageBox.question(self, tr("Återställ tillfälle"), tr(
                "Tillfället {d} i {g} genomförs ändå? Markeringen ”inställt av enheten” tas bort för de bokade.")
                .format(d=x.day.isoformat(), g=g.name)) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                n = cap.restore_session(s, x.id)
        except AmeError as exc:
            show_error(self, exc)
            return
        self._after_change(keep_id=g.id)
        set_message(self.status, tr("Tillfället {d} återställt ({n} markeringar borttagna).").format(
            d=x.day.isoformat(), n=n), "ok")

    # -- bookings --------------------------------------------------------------------------------
    def book_participant(self, person: int | None = None) -> RecordDialog | None:
        """Book someone in the group: a place when one is free over the dates; when the group is
        full the coach chooses explicitly whether the person goes on the waiting list."""
        from ame_desktop.ui.af_contacts_page import ParticipantPicker

        g = self.current_group()
        if g is None or not self.can_write or not g.active:
            return None
        picker = ParticipantPicker(self.db)
        picker.edit.setPlaceholderText(tr("Sök namn eller personnummer, pil ned och Enter väljer"))
        picker.setFocusPolicy(Qt.StrongFocus)  # the dialog opens with the typing in the search
        if person:
            picker.set_participant(person)
        first, _last = self.period()
        start = DateField()
        start.set_value(max(first, g.valid_from, self.today))
        end = DateField(optional=True)
        note = QLineEdit()
        note.setMaxLength(500)
        info = _grey(tr("{g}: {d} {t}, {p} platser, {b} bokade och {w} väntar i perioden.").format(
            g=g.name, d=g.weekday_text, t=g.time_text, p=g.places, b=g.booked, w=g.waiting))

        def save():
            pid = picker.participant_id
            if pid is None:
                raise ValidationError.single("participant_id", tr(
                    "Välj deltagaren i listan under fältet (skriv namn eller personnummer, pil ned, Enter)."))
            try:
                with self.db.transaction() as s:
                    r = cap.book(s, pid, g.id, start.value(), end.value(), waiting_list=True, note=note.text(),
                                 today=self.today)
                    if r.waiting:
                        raise _Full()  # undone: the coach decides first
                    return r
            except _Full:
                pass
            if not self._ask_waiting_list(g):
                raise ValidationError.single("start_date", tr(
                    "Gruppen är fullbokad då. Välj andra datum eller en annan grupp – eller välj väntelistan."))
            with self.db.transaction() as s:
                return cap.book(s, pid, g.id, start.value(), end.value(), waiting_list=True, note=note.text(),
                                today=self.today)

        dlg = RecordDialog(self, tr("Boka deltagare i {g}").format(g=g.name), save)
        dlg.form.addRow(info)
        dlg.add_field("participant_id", tr("&Deltagare:"), picker)
        dlg.add_field("start_date", tr("&Från:"), start)
        dlg.add_field("end_date", tr("&Till:"), end)
        dlg.add_field("note", tr("Anteck&ning:"), note)
        dlg.buttons.button(dlg.buttons.StandardButton.Save).setText(tr("Boka"))
        dlg.picker = picker  # tests drive it
        self.full_question: QMessageBox | None = None

        def done():
            r = dlg.result_value
            self._after_change(keep_id=g.id)
            if r.waiting:
                set_message(self.status, tr("Personen står på väntelistan till {g} (plats {n} i kön).").format(
                    g=g.name, n=r.position), "info")
            else:
                set_message(self.status, tr("Personen är bokad i {g}.").format(g=g.name), "ok")

        dlg.accepted.connect(done)
        self.dialog = dlg
        dlg.open()
        return dlg

    def _ask_waiting_list(self, g: cap.GroupView) -> bool:
        box = QMessageBox(QMessageBox.Question, tr("Gruppen är fullbokad"), tr(
            "Alla {p} platser i {g} är bokade under de datumen. Vill du sätta personen på väntelistan? "
            "Hen får en plats när en plats blir ledig, i tur och ordning.").format(p=g.places, g=g.name),
            QMessageBox.NoButton, self)
        box.setTextFormat(Qt.PlainText)
        yes = box.addButton(tr("Sätt på &väntelistan"), QMessageBox.AcceptRole)
        box.addButton(tr("&Avbryt"), QMessageBox.RejectRole)
        box.setDefaultButton(yes)
        self.full_question = box
        box.exec()
        return box.clickedButton() is yes

    def end_booking(self) -> RecordDialog | None:
        g, m = self.current_group(), self.current_member()
        if g is None or m is None or not self.can_write:
            return None
        last = DateField()
        last.set_value(max(m.start_date, self.today))

        def save():
            with self.db.transaction() as s:
                return cap.end_booking(s, m.id, last.value(), today=self.today)

        dlg = RecordDialog(self, tr("Avsluta bokningen i {g}").format(g=g.name), save)
        dlg.form.addRow(user_label(m.name))
        dlg.add_field("end_date", tr("&Sista dag:"), last)

        def done():
            promoted = dlg.result_value or []
            self._after_change(keep_id=g.id)
            text = tr("Bokningen avslutades.")
            if promoted:
                text += " " + tr("{n} från väntelistan fick plats.").format(n=len(promoted))
            set_message(self.status, text, "ok")

        dlg.accepted.connect(done)
        self.dialog = dlg
        dlg.open()
        return dlg

    def remove_booking(self) -> None:
        g, m = self.current_group(), self.current_member()
        if g is None or m is None or not self.can_write:
            return
        box = QMessageBox(QMessageBox.Question, tr("Ta bort bokning"), tr(
            "Ta bort bokningen av {n} i {g}? Använd ”Avsluta bokning” om personen har deltagit och slutar.")
            .format(n=m.name, g=g.name), QMessageBox.Yes | QMessageBox.No, self)
        box.setTextFormat(Qt.PlainText)
        box.setDefaultButton(QMessageBox.No)
        if box.exec() != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                promoted = cap.cancel_booking(s, m.id, today=self.today)
        except AmeError as exc:
            show_error(self, exc)
            return
        self._after_change(keep_id=g.id)
        text = tr("Bokningen togs bort.")
        if promoted:
            text += " " + tr("{n} från väntelistan fick plats.").format(n=len(promoted))
        set_message(self.status, text, "ok")

    def _open_member(self) -> None:
        m = self.current_member()
        if m is not None:
            self.open_participant.emit(m.participant_id)

    # -- page protocol ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.group_table.setFocus()

    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.load()

    def prepare_screenshot(self) -> None:
        self.load()
        # A group with a cancelled session and a waiting list shows the most.
        if self.groups:
            first, last = self.period()
            with self.db.reading() as s:
                cancelled = {g.id: any(x.cancelled for x in cap.list_sessions(s, g.id, first, last))
                             for g in self.groups}
            best = max(range(len(self.groups)), key=lambda i: (cancelled[self.groups[i].id], self.groups[i].waiting,
                                                                self.groups[i].booked))
            self.group_table.selectRow(best)
            self._group_changed()
            if self.sessions:
                self.session_table.selectRow(0)
