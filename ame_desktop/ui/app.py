"""Starting the window, and rendering views off screen for `ame-desktop screenshot`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ame_desktop import __version__, config
from ame_desktop.domain.errors import AmeError, UserError


def make_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("AME Desktop")
        app.setOrganizationName("AME Desktop")
        app.setApplicationVersion(__version__)
        QLocale.setDefault(QLocale(QLocale.Swedish, QLocale.Sweden))
        # Qt's own texts (standard buttons, file dialogs) in Swedish too; another language
        # (AME_LANGUAGE or the setting) from resources/translations/ (ui/i18n.py).
        from ame_desktop.ui.i18n import install_translators

        install_translators(app)
        app.setDesktopFileName("ame-desktop")  # ties the window to the Linux menu entry
        icon = config.resource("icons", "ame-desktop.png")
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
        from ame_desktop.ui.accessibility import apply_look

        apply_look(app)  # the focus ring and the user's text size
    return app  # type: ignore[return-value]


def run_gui(target: str | None = None) -> int:
    from ame_desktop.ui.main_window import MainWindow
    from ame_desktop.ui.sign_in import ensure_signed_in

    app = make_app()
    try:
        from ame_desktop.ui.db_sign_in import open_signed_in

        db = open_signed_in(target)  # PostgreSQL: as the person's own role when the server asks (issue 24)
    except AmeError as exc:
        QMessageBox.critical(None, "AME Desktop", exc.message)
        return exc.exit_status
    if db is None:
        return 0
    if not ensure_signed_in(db):
        return 0
    if db.actor.is_caseworker:  # a caseworker account sees only the reports delivered to her (issue 17)
        from ame_desktop.ui.caseworker_page import CaseworkerWindow

        win = CaseworkerWindow(db)
        win.show()
        return app.exec()
    win = MainWindow(db)
    win.show()
    win.participants.focus_search()  # keyboard first: the coach starts by finding someone
    win.start_background_tasks()
    return app.exec()


VIEWS = ("participants", "participant", "attendance", "steps", "af-contacts", "export", "compare", "settings",
         "followups", "results", "caseworker", "delivery", "deliveries", "notices", "quarter", "confirm-work",
         "summer-jobs", "consent", "sign-in", "protected", "protected-mark",
         "groups", "workplaces", "underscheduled", "capacity")
# Views that are tabs (or the dialog) of the page "Till handläggaren" (issue 17).
CASEWORKER_VIEWS = ("delivery", "deliveries", "notices", "quarter")


def save_picture(picture, out: Path) -> Path:
    """A screenshot written like every other file (io/files.atomic_output: the folder made, a
    temporary file renamed into place, Swedish messages for a locked file or a full disk)."""
    from ame_desktop.io.files import atomic_output

    def write(tmp: Path) -> None:
        if not picture.save(str(tmp), (Path(out).suffix[1:] or "png").upper()):
            raise AmeError(f"Skärmbilden kunde inte sparas i {out}.")

    return atomic_output(out, None, write)


def screenshot(target: str | None, view: str, out: Path, size: tuple[int, int] = (1280, 800), *,
               db=None) -> Path:
    """Render one view of the window off screen into a PNG. `db` is a register whose actor is
    already established (the command line signs in first); without it the register is opened
    here and the same sign-in rules apply (services.accounts.establish_actor)."""
    if view not in VIEWS:
        raise UserError(f"Okänd vy ”{view}”. Välj en av: {', '.join(VIEWS)}.")
    if out.suffix.lower() != ".png":
        raise UserError(f"Skärmbilden sparas som .png; {out.name} har fel filändelse.")
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ame_desktop.store.schema import open_register
    from ame_desktop.ui.main_window import MainWindow
    from ame_desktop.ui.page import ScreenshotPage

    app = make_app()
    if db is None:
        from ame_desktop.services.accounts import establish_actor

        db = open_register(target)
        establish_actor(db, os.environ.get("AME_USER"), os.environ.get("AME_PASSWORD"))
    if view == "sign-in":  # issue 24: the sign-in dialog, as it opens before the window
        return _sign_in_screenshot(db, out, size)
    win = MainWindow(db, remember_layout=False)
    win.setWindowState(Qt.WindowNoState)  # a size asked for, not the small-screen maximised start
    win.resize(*size)
    win.show()
    if view in ("protected", "protected-mark"):  # issue 24: a person with protected identity
        from ame_desktop.ui.protected_identity import prepare_screenshot

        win.show_view("participants")
        dialog = prepare_screenshot(win, view)
    elif view in ("participant", "consent"):
        win.show_view("participants")
        _open_example_participant(win)
        if view == "consent":  # issue 24: the participant's Samtycken tab
            from ame_desktop.ui.common import tr as tr_text
            from ame_desktop.ui.consent_tab import ConsentTab

            editor = win.participants.editor
            index = next(i for i in range(editor.tabs.count()) if editor.tabs.tabText(i).replace("&", "")
                         == tr_text("Samtycken"))
            editor.tabs.setCurrentIndex(index)  # built and filled when shown (ui/lazy_tabs.py)
            app.processEvents()
            for tab in editor.findChildren(ConsentTab):
                tab.prepare_screenshot()
    elif view in CASEWORKER_VIEWS:
        page = win.show_view("caseworker")
        page.prepare_screenshot(view)
    else:
        page = win.show_view(view)
        if isinstance(page, ScreenshotPage):
            page.prepare_screenshot()
    from PySide6.QtCore import QThreadPool

    win.start_counters()  # (otherwise after the first paint)
    QThreadPool.globalInstance().waitForDone(10_000)  # counts made in the background (notices waiting)
    for _ in range(3):
        app.processEvents()
    QTimer.singleShot(0, lambda: None)
    app.processEvents()
    picture = win.grab()
    overlay = getattr(win.pages.get("caseworker"), "overlay", None) if view == "delivery" else None
    if view == "protected-mark":
        overlay = dialog
    if overlay is not None:  # a dialog is a window of its own: drawn over the main window's picture
        from PySide6.QtGui import QPainter

        overlay.adjustSize()
        shot = overlay.grab()
        painter = QPainter(picture)
        painter.drawPixmap((picture.width() - shot.width()) // 2, (picture.height() - shot.height()) // 2, shot)
        painter.end()
    save_picture(picture, out)
    win.close()
    db.dispose()
    return out


def _sign_in_screenshot(db, out: Path, size: tuple[int, int]) -> Path:
    """The sign-in dialog centred on an empty screen of the size asked for."""
    from PySide6.QtGui import QColor, QPainter, QPixmap

    from ame_desktop.ui.sign_in import SignInDialog

    app = QApplication.instance()
    dialog = SignInDialog(db)
    dialog.show()
    for _ in range(3):
        app.processEvents()
    shot = dialog.grab()
    picture = QPixmap(*size)
    picture.fill(QColor("#dfe3e8"))
    painter = QPainter(picture)
    painter.drawPixmap((size[0] - shot.width()) // 2, (size[1] - shot.height()) // 2, shot)
    painter.end()
    save_picture(picture, out)
    dialog.close()
    db.dispose()
    return out


def _open_example_participant(win) -> None:
    """Show a participant with some history (the first active person with several enrollments)."""
    from ame_desktop.services import participant_list as pl

    page = win.participants
    from ame_desktop.services.protected_identity import protected_ids

    with win.db.reading() as s:
        ids = pl.matching_ids(s, pl.ListFilter(status=pl.STATUS_ACTIVE))
        hidden = protected_ids(s, ids)  # a marked person would ask for a reason (view `protected` shows one)
        ids = [i for i in ids if i not in hidden]
        rows = pl.list_rows(s, ids[:200])
    if not ids:
        return
    from ame_desktop.services.enrollments import list_enrollments
    from ame_desktop.services.referrals import list_referrals

    chosen = ids[0]
    with win.db.reading() as s:
        for pid in ids[:200]:
            if len(list_enrollments(s, pid)) > 1 and len(list_referrals(s, pid)) > 1 and rows[pid].staff:
                chosen = pid
                break
    page.open_participant(chosen)
