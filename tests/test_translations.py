"""Qt Linguist end to end (issue 22, item 5; after Vorta's i18n): the texts the code marks are the
ones pyside6-lupdate collects, in the context the code looks them up in; a translation made from
lupdate's output by lrelease applies to the real window; the shipped English file loads."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from ame_desktop.ui import i18n
from ame_desktop.ui.common import TR_CONTEXT, tr

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    exe = BIN / (f"{name}.exe" if sys.platform == "win32" else name)
    found = str(exe) if exe.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} saknas (PySide6-hjulet ger det)")
    return found


def _lupdate(sources: list[Path], ts: Path) -> None:
    subprocess.run([_tool("pyside6-lupdate"), "-locations", "none", *map(str, sources), "-ts", str(ts)],
                   check=True, capture_output=True)


def _translate(ts: Path, translations: dict[str, str]) -> None:
    """What a translator does in Qt Linguist: fill a translation and mark it finished."""
    tree = ET.parse(ts)
    for msg in tree.iter("message"):
        src = msg.findtext("source")
        if src in translations:
            t = msg.find("translation")
            t.text = translations[src]
            t.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def _contexts(ts: Path) -> dict[str, set[str]]:
    return {(c.findtext("name") or ""): {m.findtext("source") for m in c.iter("message")}
            for c in ET.parse(ts).getroot().iter("context")}


@pytest.fixture
def translator(qapp):
    installed: list[QTranslator] = []

    def install(qm: Path) -> QTranslator:
        t = QTranslator()
        assert t.load(str(qm)), qm
        qapp.installTranslator(t)
        installed.append(t)
        return t

    yield install
    for t in installed:
        qapp.removeTranslator(t)


def test_lupdate_then_lrelease_translates_the_real_window(qtbot, tmp_path, db, translator):
    """lupdate over main_window.py → one translator fills two texts → lrelease → the window
    built afterwards shows them: a navigation title from the module-level PAGES list
    (QT_TR_NOOP) and a tr() text of the constructor."""
    ts, qm = tmp_path / "ame_xx.ts", tmp_path / "ame_xx.qm"
    _lupdate([ROOT / "ame_desktop" / "ui" / "main_window.py"], ts)
    contexts = _contexts(ts)
    assert set(contexts) == {TR_CONTEXT}, "lupdate filed texts under another context than tr() looks in"
    assert {"Deltagare", "Inställningar", "Sidor"} <= contexts[TR_CONTEXT]
    _translate(ts, {"Deltagare": "Participants", "Sidor": "Pages"})
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    translator(qm)

    from ame_desktop.ui.main_window import MainWindow

    win = MainWindow(db, remember_layout=False)
    qtbot.addWidget(win)
    assert win.nav.item(0).text() == "Participants"
    assert win.nav.accessibleName() == "Pages"
    assert win.nav.item(win.keys.index("settings")).text() == "Inställningar"  # untranslated: the Swedish source


def test_module_level_label_tables_reach_lupdate(tmp_path):
    """Labels that the window passes through tr() from tables outside functions (navigation,
    list columns, AF categories, headers) are marked, so lupdate collects them — under the
    same context as every tr()."""
    from ame_desktop.domain import af_codes
    from ame_desktop.services import participant_list as pl
    from ame_desktop.ui import main_window, results_page, summer_jobs_page

    ts = tmp_path / "all.ts"
    _lupdate(sorted((ROOT / "ame_desktop").rglob("*.py")), ts)
    contexts = _contexts(ts)
    assert set(contexts) == {TR_CONTEXT}
    found = contexts[TR_CONTEXT]
    wanted = ({title for _, title, _ in main_window.PAGES} | set(pl.COLUMN_TITLES.values())
              | set(af_codes.CATEGORY_LABELS.values()) | set(af_codes.CHANNEL_LABELS.values())
              | set(results_page.FollowUpsPage.HEADERS) | set(summer_jobs_page.HEADERS))
    assert wanted - found == set()


def test_the_shipped_english_translation_applies(qapp, translator):
    ts, qm = i18n.translations_dir() / "ame_en.ts", i18n.qm_path("en")
    assert ts.exists() and qm.exists()
    translator(qm)
    assert tr("Deltagare") == "Participants"
    assert tr("Rapporter och export") == "Reports and export"
    assert tr("Kommun") == "Municipality"
    assert tr("En text som ingen översatt") == "En text som ingen översatt"
    # Every finished translation in the .ts is in the .qm (lrelease was run after the last edit).
    text = ts.read_text(encoding="utf-8")
    finished = {m.findtext("source"): m.findtext("translation") for m in ET.parse(ts).iter("message")
                if m.find("translation").get("type") is None and m.findtext("translation")}
    assert len(finished) >= 100, len(finished)
    stale = {s: t for s, t in finished.items() if QCoreApplication.translate(TR_CONTEXT, s) != t}
    assert not stale, f"ame_en.qm is older than ame_en.ts (run `python dev.py lrelease`): {list(stale)[:5]}"
    assert re.search(r'language="en_GB"', text) and 'sourcelanguage="sv_SE"' in text


def test_the_language_comes_from_the_environment_then_the_setting(monkeypatch, qapp):
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert i18n.chosen_language() == "en"
    monkeypatch.setenv(i18n.ENV_VAR, "en_GB.UTF-8")
    assert i18n.chosen_language() == "en"
    monkeypatch.setenv(i18n.ENV_VAR, "fi")  # no Finnish file: the Swedish source
    assert i18n.chosen_language() == "sv"
    monkeypatch.delenv(i18n.ENV_VAR)
    try:
        i18n.set_language("en")
        assert i18n.chosen_language() == "en"
    finally:
        i18n.set_language("sv")
    assert i18n.chosen_language() == "sv"


def test_installing_english_replaces_qts_swedish_and_swedish_installs_no_program_file(qapp):
    english = i18n.install_translators(qapp, "en")
    try:
        assert len(english) == 1 and tr("Inställningar") == "Settings"
    finally:
        for t in english:
            qapp.removeTranslator(t)
    swedish = i18n.install_translators(qapp, "sv")
    try:
        assert tr("Inställningar") == "Inställningar"
        assert all(not t.filePath().endswith("ame_en.qm") for t in swedish)
    finally:
        for t in swedish:
            qapp.removeTranslator(t)


def test_the_language_is_chosen_under_settings_this_computer(qtbot, monkeypatch):
    """Inställningar › Den här datorn offers Swedish and every language with a translation file;
    a choice is saved for the next start."""
    from ame_desktop.ui.accessibility import AppearanceTab

    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    i18n.set_language("sv")
    tab = AppearanceTab()
    qtbot.addWidget(tab)
    assert [tab.language.itemData(i) for i in range(tab.language.count())] == ["sv", "en"]
    assert tab.language.currentData() == "sv"
    try:
        tab.language.setCurrentIndex(tab.language.findData("en"))
        assert i18n.chosen_language() == "en"
    finally:
        i18n.set_language("sv")
