"""Accessibility (EN 301 549 ch. 11 / WCAG 2.1 AA for the window): every input, table and chart
has an accessible name a screen reader announces; a focus ring that can be seen; text that can be
enlarged for the whole window.

Names come from what a sighted user reads beside the widget: its label (buddy or form row), its
own text (buttons, check boxes), its placeholder or tooltip, the box it sits in (tables, charts).
`name_widgets` fills in what a page did not name itself; a test walks every page and fails on a
focusable widget without a name.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from ame_desktop.ui.common import plain_label, tr

FOCUS_COLOUR = "#1f4e79"  # 9.3:1 on white, 8.1:1 on the window grey: a focus ring that is seen (1.4.11)
TEXT_SIZES = (100, 125, 150, 175)  # percent of the system's text size
_SETTINGS_KEY = "ui/text_size"

# A clear two-pixel ring on the focused input (buttons and check boxes get it from the palette).
FOCUS_STYLE = f"""
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus, QComboBox:focus,
QAbstractItemView:focus {{ border: 2px solid {FOCUS_COLOUR}; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {FOCUS_COLOUR}; border-radius: 3px;
    background: #e8eff7; padding: 3px 10px; }}
QCheckBox:focus, QRadioButton:focus {{ border: 1px solid {FOCUS_COLOUR}; border-radius: 2px; }}
"""


def is_internal(w: QWidget) -> bool:
    """Parts of a compound widget that Qt names through the compound (a combo box's line edit,
    a spin box's editor, a scroll area's viewport, a tab widget's bar)."""
    parent = w.parentWidget()
    if parent is None:
        return False
    if isinstance(parent, (QComboBox, QAbstractSpinBox)):
        return True
    if isinstance(parent, QAbstractScrollArea) and w is parent.viewport():
        return True
    if isinstance(w, QTabBar) and isinstance(parent, QTabWidget):
        return False  # the tab bar itself is what takes focus: it is named below
    if isinstance(parent, QTabBar):  # its scroll buttons
        return True
    return False


def _form_labels(root: QWidget) -> dict[QWidget, str]:
    out: dict[QWidget, str] = {}
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text():
            out.setdefault(buddy, plain_label(label.text()))
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.LabelRole)
            field_item = form.itemAt(row, QFormLayout.FieldRole)
            if label_item is None or field_item is None:
                continue
            label = label_item.widget()
            field = field_item.widget()
            if not isinstance(label, QLabel) or field is None or not label.text():
                continue
            text = plain_label(label.text())
            out.setdefault(field, text)
            proxy = field.focusProxy()
            while proxy is not None:
                out.setdefault(proxy, text)
                proxy = proxy.focusProxy()
            for child in field.findChildren(QWidget):  # a box holding the input and its error label
                if child.focusPolicy() != Qt.NoFocus and not is_internal(child):
                    out.setdefault(child, text)
                    break
    return out


def _columns(model) -> int:
    for args in ((), (QModelIndex(),)):
        try:
            return int(model.columnCount(*args))
        except (TypeError, RuntimeError):  # list models hide columnCount; some want a parent
            continue
    return 1


def _box_title(w: QWidget) -> str:
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QGroupBox) and p.title():
            return plain_label(p.title())
        p = p.parentWidget()
    return ""


def _layout_of(w: QWidget):
    """The layout (possibly nested) that holds `w`, and w's index in it."""
    parent = w.parentWidget()
    if parent is None or parent.layout() is None:
        return None, -1
    stack = [parent.layout()]
    while stack:
        lay = stack.pop()
        for i in range(lay.count()):
            item = lay.itemAt(i)
            if item.widget() is w:
                return lay, i
            if item.layout() is not None:
                stack.append(item.layout())
    return None, -1


def _neighbour_label(w: QWidget) -> str:
    """The text of the label just before `w` in its row ("Bevaras i år:" [spin box])."""
    lay, i = _layout_of(w)
    if lay is None:
        return ""
    for j in range(i - 1, -1, -1):
        other = lay.itemAt(j).widget()
        if isinstance(other, QLabel) and other.text() and not other.text().lstrip().startswith("<"):
            text = plain_label(other.text())
            return text if len(text) <= 60 else ""  # a caption, not a paragraph of help
        if other is not None and not isinstance(other, QLabel):
            return ""
    return ""


def derive_name(w: QWidget, labels: dict[QWidget, str]) -> str:
    if w in labels:
        return labels[w]
    if isinstance(w, QAbstractButton) and w.text():
        return plain_label(w.text())
    if isinstance(w, (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)):
        neighbour = _neighbour_label(w)
        if neighbour:
            return neighbour
    if isinstance(w, QLineEdit) and w.placeholderText():
        return w.placeholderText()
    if w.toolTip():
        return plain_label(w.toolTip().split("\n")[0])
    if isinstance(w, QTabWidget):
        w = w.tabBar()
    if isinstance(w, QTabBar):
        return tr("Flikar: {tabs}").format(tabs=", ".join(plain_label(w.tabText(i)) for i in range(w.count())))
    if isinstance(w, QAbstractItemView):
        title = _box_title(w)
        model = w.model()
        columns = []
        if model is not None:
            for c in range(min(_columns(model), 4)):
                h = model.headerData(c, Qt.Horizontal)
                if h:
                    columns.append(str(h))
        what = tr("Tabell") if model is not None and _columns(model) > 1 else tr("Lista")
        if title:
            return f"{what}: {title}"
        return f"{what}: {', '.join(columns)}" if columns else what
    if isinstance(w, QComboBox) and w.count():
        return tr("Val: {first}").format(first=w.itemText(0))
    title = _box_title(w)
    if title:
        return title
    try:  # a chart view: its chart's title
        chart = w.chart()  # type: ignore[attr-defined]
        if chart is not None and chart.title():
            return tr("Diagram: {t}").format(t=plain_label(chart.title()))
        return tr("Diagram")
    except AttributeError:
        pass
    return plain_label(w.objectName().replace("_", " ")) if w.objectName() else ""


def name_widgets(root: QWidget) -> None:
    """Give every focusable widget under `root` an accessible name (and its tooltip as the
    description) unless it has one already."""
    labels = _form_labels(root)
    for w in [root, *root.findChildren(QWidget)]:
        if not keyboard_focusable(w, root):
            continue
        if not w.accessibleName():
            name = derive_name(w, labels)
            if name:
                w.setAccessibleName(name)
        if not w.accessibleDescription() and w.toolTip():
            w.setAccessibleDescription(plain_label(w.toolTip()))


def _is_chart(w: QWidget) -> bool:
    return callable(getattr(w, "chart", None)) and hasattr(w, "setRenderHint")


def keyboard_focusable(w: QWidget, root: QWidget) -> bool:
    """Reached with Tab (not only by a click, like selectable label text), in root's own window;
    tables and charts count whether or not they take focus (a screen reader reads them)."""
    if is_internal(w) or w.window() is not root.window():
        return False
    return bool(w.focusPolicy() & Qt.TabFocus) or isinstance(w, QAbstractItemView) or _is_chart(w)


def unnamed(root: QWidget) -> list[QWidget]:
    """Focusable widgets without an accessible name (for tests and a check)."""
    return [w for w in [root, *root.findChildren(QWidget)] if keyboard_focusable(w, root) and not w.accessibleName()]


# -- the look: focus ring and text size --------------------------------------------------------------
def text_size() -> int:
    value = QSettings("AME Desktop", "AME Desktop").value(_SETTINGS_KEY, 100)
    try:
        pct = int(value)
    except (TypeError, ValueError):
        return 100
    return pct if pct in TEXT_SIZES else 100


def set_text_size(pct: int) -> None:
    if pct not in TEXT_SIZES:
        raise ValueError(pct)
    QSettings("AME Desktop", "AME Desktop").setValue(_SETTINGS_KEY, pct)
    app = QApplication.instance()
    if app is not None:
        apply_look(app)


def apply_look(app: QApplication) -> None:
    """Focus ring and text size for the whole application (again after the size changes)."""
    base = app.property("ame_base_point_size")
    if base is None:
        base = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 9.0
        app.setProperty("ame_base_point_size", base)
    font = QFont(app.font())
    font.setPointSizeF(float(base) * text_size() / 100)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.Highlight, QColor(FOCUS_COLOUR))
    palette.setColor(QPalette.HighlightedText, QColor("#ffffff"))
    app.setPalette(palette)
    # Setting the style sheet again re-polishes every widget with the new font (a style sheet
    # otherwise keeps the font each widget was polished with).
    sheet = (app.styleSheet() or "").replace(FOCUS_STYLE, "")
    app.setStyleSheet(sheet + FOCUS_STYLE)
    for w in app.allWidgets():  # widgets with their own font size follow (headings, navigation)
        scale_font(w)


def scale_font(w: QWidget) -> None:
    """A widget whose text is larger than the rest (dynamic property `ame_relative_size`, a factor
    of the application's text size) keeps that proportion when the text size changes."""
    factor = w.property("ame_relative_size")
    if factor is None:
        return
    f = QFont(w.font())
    f.setPointSizeF(relative_point_size(float(factor)))
    w.setFont(f)


def relative_point_size(factor: float) -> float:
    """A point size relative to the application's text (headings: 1.5 × the text)."""
    app = QApplication.instance()
    size = app.font().pointSizeF() if app is not None else 9.0
    return round((size if size > 0 else 9.0) * factor, 1)


class AppearanceTab(QWidget):
    """Inställningar › Den här datorn: the text size, for this user on this computer."""

    def __init__(self, parent: QWidget | None = None):
        from PySide6.QtWidgets import QVBoxLayout

        super().__init__(parent)
        self.size = QComboBox()
        for pct in TEXT_SIZES:
            self.size.addItem(tr("{p} %").format(p=pct), pct)
        self.size.setCurrentIndex(TEXT_SIZES.index(text_size()))
        self.size.setAccessibleName(tr("Textstorlek"))
        label = QLabel(tr("&Textstorlek"))
        label.setBuddy(self.size)
        note = QLabel(tr("Gäller hela fönstret, för dig på den här datorn. Ändringen syns direkt."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow(label, self.size)
        # The window's language (ui/i18n.py): Swedish, or a language with a translation file.
        from ame_desktop.ui import i18n

        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            if code == i18n.SOURCE_LANGUAGE or i18n.qm_path(code).exists():
                self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.chosen_language())))
        self.language.setAccessibleName(tr("Språk"))
        language_label = QLabel(tr("S&pråk"))
        language_label.setBuddy(self.language)
        form.addRow(language_label, self.language)
        language_note = QLabel(tr("Språket gäller från nästa start av programmet."))
        language_note.setWordWrap(True)
        language_note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(language_note)
        layout.addStretch(1)
        self.size.currentIndexChanged.connect(lambda _i: set_text_size(self.size.currentData()))
        self.language.currentIndexChanged.connect(lambda _i: i18n.set_language(self.language.currentData()))
