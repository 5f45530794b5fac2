"""Every custom item model of the window under Qt's model tester (pytest-qt `qtmodeltester`, issue 22
item 8; after qutebrowser): each page is opened over a demo register as `ame-desktop screenshot`
opens it, and every model its views show that is ours is checked — row and column counts, parents,
indexes, header and data for every role, and the signals of a reset. A model class of ame_desktop/ui
that no page showed fails the last test, so a new model cannot slip past."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from PySide6.QtCore import QAbstractItemModel, QThreadPool
from PySide6.QtWidgets import QAbstractItemView, QApplication

import ame_desktop.ui as ui_pkg

SEEN: set[type] = set()  # the model classes the page tests checked (one process: -n 0, or per worker)


@pytest.fixture(scope="module")
def demo_register(tmp_path_factory):
    from ame_desktop.services.accounts import establish_actor
    from ame_desktop.services.demo import make_demo
    from ame_desktop.store.schema import open_register

    path = tmp_path_factory.mktemp("models") / "demo.db"
    db = open_register(str(path))
    establish_actor(db, None, None)
    with db.transaction() as s:
        make_demo(s, participants_count=30, seed=7)
    yield db
    db.dispose()


def _ours(model) -> bool:
    return model is not None and type(model).__module__.startswith("ame_desktop.")


def _models_of(widget) -> list[QAbstractItemModel]:
    out = []
    for view in widget.findChildren(QAbstractItemView):
        m = view.model()
        if _ours(m) and all(m is not x for x in out):
            out.append(m)
    return out


def _check_all(qtmodeltester, widget) -> list[str]:
    checked = []
    for model in _models_of(widget):
        qtmodeltester.check(model, force_py=False)  # Qt's QAbstractItemModelTester
        qtmodeltester.check(model, force_py=True)  # pytest-qt's own, which also walks every role
        SEEN.add(type(model))
        checked.append(type(model).__name__)
    return checked


def _page_keys():
    from ame_desktop.ui.main_window import PAGES

    return [key for key, _title, _factory in PAGES]


@pytest.fixture
def window(qtbot, demo_register):
    from ame_desktop.ui.main_window import MainWindow

    win = MainWindow(demo_register, remember_layout=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    QThreadPool.globalInstance().waitForDone(10_000)
    win.close()


def _settle() -> None:
    QThreadPool.globalInstance().waitForDone(10_000)  # counts and lists made in the background
    QApplication.processEvents()


def test_every_model_of_the_window_passes_the_model_tester(qtbot, qtmodeltester, window):
    """One test, so the last assertion knows every page was opened (xdist spreads tests)."""
    from ame_desktop.ui.app import CASEWORKER_VIEWS, _open_example_participant

    checked: dict[str, list[str]] = {}
    for key in _page_keys():
        page = window.show_view(key)
        prepare = getattr(page, "prepare_screenshot", None)
        if prepare and key != "caseworker":
            prepare()
        _settle()
        checked[key] = _check_all(qtmodeltester, page)
    page = window.show_view("caseworker")
    for view in CASEWORKER_VIEWS:
        if view == "delivery":  # a dialog over the page: its own widget
            continue
        page.prepare_screenshot(view)
        _settle()
        checked[f"caseworker/{view}"] = _check_all(qtmodeltester, page)
    window.show_view("participants")
    _open_example_participant(window)
    editor = window.participants.editor
    for i in range(editor.tabs.count()):  # each tab loads when shown
        editor.tabs.setCurrentIndex(i)
        _settle()
    checked["participant"] = _check_all(qtmodeltester, window.participants)
    editor.revert()
    assert checked["participants"] and checked["participant"], checked
    unchecked = sorted(f"{c.__module__}.{c.__qualname__}" for c in _model_classes() - SEEN)
    assert not unchecked, f"model classes no page showed (open them here): {unchecked}; checked: {checked}"


def test_the_model_tester_catches_a_broken_model(qtmodeltester):
    """The tester is live here: flags for the root (an invalid index) other than none — what the
    week grid did before this test — is caught."""
    from PySide6.QtCore import Qt

    from ame_desktop.ui.list_model import ListTableModel

    class Broken(ListTableModel):
        def flags(self, index):
            return Qt.ItemIsSelectable | Qt.ItemIsEnabled

    with pytest.raises(AssertionError):
        qtmodeltester.check(Broken(["a"], [("x",)]), force_py=True)


def _model_classes() -> set[type]:
    found = set()
    for m in pkgutil.iter_modules(ui_pkg.__path__):
        mod = importlib.import_module(f"ame_desktop.ui.{m.name}")
        for _name, cls in inspect.getmembers(mod, inspect.isclass):
            if issubclass(cls, QAbstractItemModel) and cls.__module__ == mod.__name__:
                found.add(cls)
    return found


def test_every_page_is_a_page_and_a_widget_that_is_not_is_refused(qtbot, window):
    """The main window asks its pages through ui/page.py's protocols, not hasattr: each page of
    the navigation is a Page, and a page without can_leave/refresh fails when it is built."""
    from PySide6.QtWidgets import QWidget

    from ame_desktop.ui.page import Page, SavePage

    assert isinstance(window.participants, Page)
    assert isinstance(window.show_view("attendance"), SavePage)  # Ctrl+S saves the week
    window._factories["settings"] = lambda db: QWidget()
    with pytest.raises(TypeError, match="is not a Page"):
        window.page("settings")
