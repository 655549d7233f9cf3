"""The window's language: English source texts, a Simplified Chinese translation.

The choice comes from ``--lang``, then the settings (View ▸ Language), then the system locale.
Installing a translator makes Qt send every widget a LanguageChange event; the main window
answers it by retitling its tabs, menus and status bar at once, while texts the tabs set when
they were built change at the next start (README, "Language").
"""

from pathlib import Path

from PyQt5.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, pyqtSignal
from PyQt5.QtGui import QFont, QGuiApplication

from lab.core.errors import LabError

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "i18n"
CATALOGUE = "digit_lab"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}  # each shown in its own language
SETTINGS_KEY = "view/language"
# Simplified Chinese fonts, asked for first when the window's font lacks a character: left to
# itself, Qt may take the first font claiming Chinese, and a Japanese handwriting font (such
# as fonts-seto, one of the handwriting fonts for training) lacks many simplified characters.
CHINESE_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                 "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN")


def translations_dir():
    """resources/i18n of a checkout, or its copy installed as the package lab.translations."""
    installed = Path(__file__).resolve().parent.parent / "translations"
    return TRANSLATIONS_DIR if TRANSLATIONS_DIR.is_dir() else installed


class Language(QObject):
    """Installs the translators for one of LANGUAGES and remembers the choice."""

    changed = pyqtSignal(str)  # the language code now in use

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.code = "en"
        self._translators = []

    def choose(self, requested=None):
        """``requested`` (``--lang``), else the stored choice, else the system locale."""
        stored = self.settings.value(SETTINGS_KEY, "", type=str)
        for code in (requested, stored):
            if code:
                return self.validated(code)
        return "zh_CN" if QLocale.system().name().startswith("zh") else "en"

    @staticmethod
    def validated(code):
        if code not in LANGUAGES:
            raise LabError(f"unknown language {code!r}: choose one of {', '.join(LANGUAGES)}")
        return code

    def apply(self, code, remember=False):
        """Switch the whole application to ``code``; ``remember`` stores it in the settings."""
        app = QCoreApplication.instance()
        code = self.validated(code)
        for translator in self._translators:
            app.removeTranslator(translator)
        self._translators = []
        if code != "en":
            self._install(app, QLibraryInfo.location(QLibraryInfo.TranslationsPath),
                          f"qtbase_{code}")  # standard buttons (OK, Cancel…) of Qt's dialogs
            if not self._install(app, str(translations_dir()), f"{CATALOGUE}_{code}"):
                raise LabError(f"the {LANGUAGES[code]} translation is missing from "
                               f"{translations_dir()}: reinstall Digit Lab")
            if code == "zh_CN" and isinstance(app, QGuiApplication):
                QFont.insertSubstitutions(QGuiApplication.font().family(), list(CHINESE_FONTS))
        self.code = code
        if remember:
            self.settings.setValue(SETTINGS_KEY, code)
        self.changed.emit(code)
        return code

    def _install(self, app, folder, name):
        translator = QTranslator(self)
        if not translator.load(name, folder):
            return False
        app.installTranslator(translator)
        self._translators.append(translator)
        return True
