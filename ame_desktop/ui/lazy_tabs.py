"""Tabs built the first time they are shown, and filled for the open record only when shown
(issue 25): opening a participant fills the tab in view, not all nine; the window's start builds
none of them.

A tab is added either as a widget (built already, e.g. one the rest of the window connects to) or
as a factory `() -> QWidget`; either way the widget has `load(key)` (key = the record's id, or None
for none). `show(key)` is called when another record is opened; each tab then calls its `load` the
next time it is in view, once per record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QTabWidget, QWidget

_STALE = object()  # a tab that has not been loaded for the current record


@dataclass(eq=False)
class LazyTab:
    page: QWidget  # what the tab widget holds: the widget, or a placeholder until it is built
    widget: QWidget | None
    factory: Callable[[], QWidget] | None
    loaded: object = _STALE


class LazyTabs:
    def __init__(self, tabs: QTabWidget):
        self.tabs = tabs
        self.slots: list[LazyTab] = []
        self.key: object = None
        self._building = False
        tabs.currentChanged.connect(self._current_changed)

    def add(self, title: str, widget_or_factory: QWidget | Callable[[], QWidget]) -> LazyTab:
        if isinstance(widget_or_factory, QWidget):
            slot = LazyTab(widget_or_factory, widget_or_factory, None)
        else:
            slot = LazyTab(QWidget(), None, widget_or_factory)
        self.tabs.addTab(slot.page, title)
        self.slots.append(slot)
        return slot

    def built(self, slot: LazyTab) -> QWidget:
        """The tab's widget, built now (in place of its placeholder) if it was not yet."""
        if slot.widget is not None:
            return slot.widget
        assert slot.factory is not None
        widget = slot.factory()
        from ame_desktop.ui.accessibility import name_widgets

        name_widgets(widget)  # as the window does for every page it builds
        i = self.tabs.indexOf(slot.page)
        bar = self.tabs.tabBar()
        text, tip, enabled = self.tabs.tabText(i), bar.tabToolTip(i), self.tabs.isTabEnabled(i)
        current = self.tabs.currentIndex() == i
        self._building = True
        try:
            self.tabs.insertTab(i, widget, text)
            self.tabs.removeTab(i + 1)
            bar.setTabToolTip(i, tip)
            self.tabs.setTabEnabled(i, enabled)
            if current:
                self.tabs.setCurrentIndex(i)
        finally:
            self._building = False
        slot.page.deleteLater()
        slot.page, slot.widget = widget, widget
        return widget

    def loaded(self, slot: LazyTab) -> QWidget:
        """The tab's widget, built and loaded for the current record."""
        widget = self.built(slot)
        if slot.loaded is _STALE or slot.loaded != self.key:
            slot.loaded = self.key
            widget.load(self.key)
        return widget

    def show(self, key: object) -> None:
        """Another record (or none): every tab is loaded again when it is next in view."""
        self.key = key
        for slot in self.slots:
            slot.loaded = _STALE
        self._load_current()

    def _current_changed(self, _index: int) -> None:
        if not self._building:
            self._load_current()

    def _load_current(self) -> None:
        page = self.tabs.currentWidget()
        for slot in self.slots:
            if slot.page is page:
                self.loaded(slot)
                return
