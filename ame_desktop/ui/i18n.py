"""The window's language: Swedish is the source text; another language comes from a Qt Linguist
file `resources/translations/ame_<lang>.qm` (made by `python dev.py lupdate` → Qt Linguist →
`python dev.py lrelease`, after Vorta's i18n).

The language is chosen by the environment variable AME_LANGUAGE (for a test or one start), else
by the setting `language` of this user on this computer (QSettings), else Swedish."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ame_desktop import config

SOURCE_LANGUAGE = "sv"
# The languages the window can show: code → its name in that language.
LANGUAGES = {"sv": "Svenska", "en": "English"}
SETTINGS_KEY = "language"
ENV_VAR = "AME_LANGUAGE"


def translations_dir():
    return config.resource("translations")


def qm_path(language: str):
    return translations_dir() / f"ame_{language}.qm"


def chosen_language() -> str:
    """AME_LANGUAGE, else the saved setting, else Swedish; an unknown code means Swedish."""
    value = os.environ.get(ENV_VAR) or QSettings("AME Desktop", "AME Desktop").value(SETTINGS_KEY, SOURCE_LANGUAGE)
    code = str(value or SOURCE_LANGUAGE).strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def set_language(language: str) -> None:
    """Save the language for the next start (a running window keeps its texts)."""
    if language not in LANGUAGES:
        raise ValueError(language)
    QSettings("AME Desktop", "AME Desktop").setValue(SETTINGS_KEY, language)


def install_translators(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Install Qt's own texts (standard buttons, file dialogs) and the program's texts for the
    language. Swedish: Qt's Swedish texts and no program translation (the source is Swedish).
    Returns the installed translators (parented to the app, so they live as long as it)."""
    language = language or chosen_language()
    installed = []
    if language == SOURCE_LANGUAGE:
        qt = QTranslator(app)
        if qt.load(QLocale(QLocale.Swedish, QLocale.Sweden), "qtbase", "_",
                   QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt)
            installed.append(qt)
        return installed
    # Qt's source texts are English; another language would load qtbase_<lang> here.
    own = QTranslator(app)
    if own.load(str(qm_path(language))):
        app.installTranslator(own)
        installed.append(own)
    return installed
