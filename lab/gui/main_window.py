"""The main window: assembles the tabs, menus and status bar; owns no lab logic."""

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QEvent
from PyQt5.QtGui import QKeySequence
from PyQt5.QtWidgets import (QAction, QActionGroup, QDialog, QDialogButtonBox, QFileDialog,
                             QInputDialog,
                             QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout)

import lab
from lab.core.errors import LabError
from lab.core.shipped_models import shipped_models_dir
from lab.gui.language import LANGUAGES, Language
from lab.gui.tabs.dataset.dataset_tab import DatasetTab
from lab.gui.tabs.draw.draw_tab import DrawTab
from lab.gui.tabs.inspect.inspect_tab import InspectTab
from lab.gui.tabs.train.train_tab import TrainTab
from lab.gui.theme import Theme

TABS = (DatasetTab, TrainTab, InspectTab, DrawTab)
TAB_TITLES = (QT_TRANSLATE_NOOP("MainWindow", "Dataset"), QT_TRANSLATE_NOOP("MainWindow", "Train"),
              QT_TRANSLATE_NOOP("MainWindow", "Inspect"), QT_TRANSLATE_NOOP("MainWindow", "Draw"))
SHORTCUTS = (("Ctrl+O", QT_TRANSLATE_NOOP("MainWindow", "Open data folder…")),
             ("Ctrl+L", QT_TRANSLATE_NOOP("MainWindow", "Load model…")),
             ("Ctrl+S", QT_TRANSLATE_NOOP("MainWindow", "Save model…")),
             ("Ctrl+E", QT_TRANSLATE_NOOP("MainWindow", "Export plot… (current tab)")),
             ("Ctrl+1 … Ctrl+4",
              QT_TRANSLATE_NOOP("MainWindow", "Dataset, Train, Inspect, Draw tab")),
             ("Ctrl+Tab / Ctrl+Shift+Tab", QT_TRANSLATE_NOOP("MainWindow", "Next / previous tab")),
             ("Arrows, Page Up/Down, Home/End",
              QT_TRANSLATE_NOOP("MainWindow", "Move through the image grid")),
             ("F1", QT_TRANSLATE_NOOP("MainWindow", "This list of shortcuts")),
             ("Ctrl+Q", QT_TRANSLATE_NOOP("MainWindow", "Quit")))
# (key, source text) of each menu entry: texts are set, and reset on a language change, by
# MainWindow.retranslate
MENU_TEXTS = {"file": QT_TRANSLATE_NOOP("MainWindow", "&File"),
              "view": QT_TRANSLATE_NOOP("MainWindow", "&View"),
              "help": QT_TRANSLATE_NOOP("MainWindow", "&Help"),
              "language": QT_TRANSLATE_NOOP("MainWindow", "Language"),
              "theme": QT_TRANSLATE_NOOP("MainWindow", "Theme"),
              "open_data": QT_TRANSLATE_NOOP("MainWindow", "Open data folder…"),
              "load_model": QT_TRANSLATE_NOOP("MainWindow", "Load model…"),
              "save_model": QT_TRANSLATE_NOOP("MainWindow", "Save model…"),
              "export_model": QT_TRANSLATE_NOOP("MainWindow", "Export model…"),
              "export_plot": QT_TRANSLATE_NOOP("MainWindow", "Export plot…"),
              "quit": QT_TRANSLATE_NOOP("MainWindow", "Quit"),
              "shortcuts": QT_TRANSLATE_NOOP("MainWindow", "Keyboard shortcuts"),
              "about": QT_TRANSLATE_NOOP("MainWindow", "About"),
              "theme_light": QT_TRANSLATE_NOOP("MainWindow", "Light"),
              "theme_dark": QT_TRANSLATE_NOOP("MainWindow", "Dark"),
              "theme_system": QT_TRANSLATE_NOOP("MainWindow", "Follow the system")}


class MainWindow(QMainWindow):
    """Tabs Dataset, Train, Inspect, Draw around one LabSession."""

    def __init__(self, session, parent=None, language=None, theme=None):
        super().__init__(parent)
        self.session = session
        self.language = language or Language(session.settings, parent=self)
        self.theme = theme or Theme(session.settings, parent=self)
        self.setWindowTitle("Digit Lab")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.pages = {}
        for tab_class in TABS:
            page = tab_class(session, self)
            self.pages[page.title] = page
            self.tabs.addTab(page, self.tr(page.title))
        self.setCentralWidget(self.tabs)
        self.menu_actions = {}
        self._build_menus()
        self._build_status_bar()
        self._shortcuts_dialog = None
        self.error_box = None
        self.last_export = None  # the latest ExportCheck
        self._closed = False
        session.error_raised.connect(self.show_error)
        session.inspect_requested.connect(
            lambda *_: self.tabs.setCurrentWidget(self.inspect_tab))
        self._restore()
        self.tabs.currentChanged.connect(
            lambda i: self.session.settings.setValue("window/tab", i))

    @property
    def dataset_tab(self):
        return self.pages["Dataset"]

    @property
    def train_tab(self):
        return self.pages["Train"]

    @property
    def inspect_tab(self):
        return self.pages["Inspect"]

    @property
    def draw_tab(self):
        return self.pages["Draw"]

    def _action(self, key, slot, shortcut=None):
        action = QAction(self.tr(MENU_TEXTS.get(key, "")), self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.menu_actions[key] = action
        return action

    def _build_menus(self):
        file_menu = self.menuBar().addMenu(self.tr(MENU_TEXTS["file"]))
        file_menu.addAction(self._action("open_data", self.open_data_folder, QKeySequence.Open))
        file_menu.addAction(self._action("load_model", self.load_model, "Ctrl+L"))
        file_menu.addAction(self._action("save_model", self.save_model, QKeySequence.Save))
        file_menu.addAction(self._action("export_model", self.export_model))
        file_menu.addSeparator()
        file_menu.addAction(self._action("export_plot", self.export_plot, "Ctrl+E"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("quit", self.close, "Ctrl+Q"))
        self.view_menu = self.menuBar().addMenu(self.tr(MENU_TEXTS["view"]))
        self._build_view_menu()
        help_menu = self.menuBar().addMenu(self.tr(MENU_TEXTS["help"]))
        help_menu.addAction(self._action("shortcuts", self.show_shortcuts, "F1"))
        help_menu.addAction(self._action("about", self.show_about))
        for i in range(self.tabs.count()):
            action = self._action(f"tab{i + 1}", lambda _=False, i=i: self.tabs.setCurrentIndex(i),
                                  f"Ctrl+{i + 1}")
            self.addAction(action)  # window-wide shortcut without a menu entry
        self.file_menu, self.help_menu = file_menu, help_menu

    def _build_view_menu(self):
        """View ▸ Language (each language named in itself) and View ▸ Theme, both exclusive."""
        self.language_menu = self.view_menu.addMenu(self.tr(MENU_TEXTS["language"]))
        self.theme_menu = self.view_menu.addMenu(self.tr(MENU_TEXTS["theme"]))
        languages, themes = QActionGroup(self), QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = self._action(f"language_{code}",
                                  lambda _=False, code=code: self.switch_language(code))
            action.setText(name)
            action.setCheckable(True)
            action.setChecked(code == self.language.code)
            languages.addAction(action)
            self.language_menu.addAction(action)
        for choice in ("light", "dark", "system"):
            action = self._action(f"theme_{choice}",
                                  lambda _=False, choice=choice: self.theme.apply(choice, True))
            action.setCheckable(True)
            action.setChecked(choice == self.theme.choice)
            themes.addAction(action)
            self.theme_menu.addAction(action)
        self.language.changed.connect(
            lambda code: self.menu_actions[f"language_{code}"].setChecked(True))
        self.language.changed.connect(lambda _code: self.retranslate())  # Qt's event comes later
        self.theme.changed.connect(
            lambda _dark: self.menu_actions[f"theme_{self.theme.choice}"].setChecked(True))

    def switch_language(self, code):
        """View ▸ Language: switch now and remember it for the next start."""
        try:
            self.language.apply(code, remember=True)
        except LabError as exc:
            self.session.error(str(exc))

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self):
        """Tab titles, menus and the status bar in the language just installed."""
        for i, title in enumerate(TAB_TITLES):
            self.tabs.setTabText(i, self.tr(title))
        for menu, key in ((self.file_menu, "file"), (self.view_menu, "view"),
                          (self.help_menu, "help"), (self.language_menu, "language"),
                          (self.theme_menu, "theme")):
            menu.setTitle(self.tr(MENU_TEXTS[key]))
        for key, action in self.menu_actions.items():
            if key in MENU_TEXTS:
                action.setText(self.tr(MENU_TEXTS[key]))
        self.dataset_label.setText(self.session.describe_dataset(self.session.dataset))
        self.model_label.setText(self.session.describe_model(self.session.model))
        self._shortcuts_dialog = None  # rebuilt in the new language when asked for

    def _build_status_bar(self):
        self.dataset_label = QLabel(self.session.describe_dataset(self.session.dataset))
        self.model_label = QLabel(self.session.describe_model(self.session.model))
        self.statusBar().addPermanentWidget(self.dataset_label)
        self.statusBar().addPermanentWidget(self.model_label)
        self.session.dataset_changed.connect(
            lambda ds: self.dataset_label.setText(self.session.describe_dataset(ds)))
        self.session.model_changed.connect(
            lambda saved: self.model_label.setText(self.session.describe_model(saved)))
        self.session.status.connect(lambda text: self.statusBar().showMessage(text, 8000))

    def _restore(self):
        settings = self.session.settings
        geometry = settings.value("window/geometry", None)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 840)
        self.tabs.setCurrentIndex(int(settings.value("window/tab", 0) or 0))

    # ----- menu actions -----------------------------------------------------------------------
    def open_data_folder(self):
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open data folder"),
                                                  str(self.session.data_dir or ""))
        if folder:
            self.session.set_data_dir(folder)

    def load_model(self):
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Load model folder (model.keras + metadata.json)"), str(lab_models_dir()))
        if folder:
            self.session.load_model(folder)

    def save_model(self):
        try:
            self.train_tab.save_work()
        except LabError as exc:
            self.session.error(str(exc))

    def export_model(self):
        """The session's model as a SavedModel, TFLite or ONNX file, written and checked
        against Keras on 100 test images in the background (lab.core.export)."""
        from lab.core.export import FORMATS, export_saved  # numpy only: keras loads in the task
        from lab.gui.tasks import BackgroundTask

        saved = self.session.model
        if saved is None:
            self.session.error(self.tr("There is no model to export: load or train one first."))
            return None
        export_format, chosen = QInputDialog.getItem(
            self, self.tr("Export model"),
            self.tr("Format (SavedModel is a folder, the others one file):"),
            FORMATS, 0, False)
        if not chosen:
            return None
        suffix = {"tflite": ".tflite", "onnx": ".onnx"}.get(export_format, "")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export model as {0}").format(export_format),
            f"{saved.title.split()[0]}{suffix}",
            f"{export_format} (*{suffix})" if suffix else "")
        if not path:
            return None
        self.session.status.emit(self.tr("Exporting to {0}…").format(path))
        task = BackgroundTask(export_saved, saved, export_format, path,
                              self.session.data_dir, self.session.dataset,
                              progress_kwarg="progress", parent=self)
        task.progress.connect(lambda _, message: self.session.status.emit(message))
        task.done.connect(self._exported)
        task.failed.connect(self.session.error)
        return task.start()

    def _exported(self, check):
        self.last_export = check
        if check.passed:
            self.session.status.emit(self.tr("Exported {path}: {summary}").format(
                path=check.path, summary=check.summary()))
        else:
            self.session.error(self.tr("{path} was written but does not match the model: "
                                       "{summary}").format(path=check.path,
                                                           summary=check.summary()))

    def export_plot(self):
        tab = self.tabs.currentWidget()
        name = TAB_TITLES[self.tabs.currentIndex()].lower()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export plot"), f"{name}.png",
                                              self.tr("PNG image (*.png)"))
        if not path:
            return
        try:
            tab.export_png(path)
        except LabError as exc:
            self.session.error(str(exc))
            return
        self.session.status.emit(self.tr("Exported {0}").format(path))

    def show_error(self, text):
        """A session error, in one non-modal box (newer errors replace its text)."""
        if self.session.quiet:
            return
        if self.error_box is None:
            self.error_box = QMessageBox(QMessageBox.Warning, "Digit Lab", "", QMessageBox.Ok,
                                         self)
            self.error_box.setModal(False)
        self.error_box.setText(text)
        self.error_box.show()
        self.error_box.raise_()

    def show_about(self):
        QMessageBox.about(self, self.tr("About Digit Lab"),
                          f"<h3>Digit Lab {lab.__version__}</h3><p>"
                          + self.tr("Browse MNIST digits and notMNIST letters, train classic "
                                    "recognizers live, look inside them, and draw.")
                          + "</p><p>Python · TensorFlow/Keras · NumPy · PyQt5 · pyqtgraph · "
                          "Pillow</p>")

    def shortcut_rows(self):
        """(keys, what) rows: the window's own, then any a tab lists via shortcut_help()."""
        rows = list(SHORTCUTS)
        for page in self.pages.values():
            rows += list(page.shortcut_help())
        return rows

    def show_shortcuts(self):
        """A small non-modal dialog listing the keyboard shortcuts."""
        if self._shortcuts_dialog is None:
            dialog = QDialog(self)
            dialog.setWindowTitle(self.tr("Keyboard shortcuts"))
            table = "".join(f"<tr><td style='padding:3px 16px 3px 0'><b>{keys}</b></td>"
                            f"<td>{QCoreApplication.translate('MainWindow', what)}</td></tr>"
                            for keys, what in self.shortcut_rows())
            text = QLabel(f"<table>{table}</table>")
            buttons = QDialogButtonBox(QDialogButtonBox.Close)
            buttons.rejected.connect(dialog.close)
            layout = QVBoxLayout(dialog)
            layout.addWidget(text)
            layout.addWidget(buttons)
            self._shortcuts_dialog = dialog
        self._shortcuts_dialog.show()
        self._shortcuts_dialog.raise_()
        return self._shortcuts_dialog

    # ----- closing ----------------------------------------------------------------------------
    def _confirm_discard(self):
        """False when a person chose to keep the window open for an unsaved model."""
        unsaved = [page for page in self.pages.values() if page.has_unsaved_work()]
        if not unsaved:
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved model"),
            self.tr("The model you trained has not been saved. Save it first?"),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            for page in unsaved:
                try:
                    page.save_work()
                except LabError as exc:
                    self.session.error(str(exc))
            return not any(page.has_unsaved_work() for page in unsaved)
        return answer == QMessageBox.Discard

    def closeEvent(self, event):
        if self._closed:  # a second close (app exit, test teardown) has nothing left to do
            event.accept()
            return
        if not self._confirm_discard():
            event.ignore()
            return
        self._closed = True
        settings = self.session.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/tab", self.tabs.currentIndex())
        for page in self.pages.values():
            page.shutdown()
        settings.sync()
        event.accept()


def lab_models_dir():
    """The folder of the models that come with the lab (installed copy or checkout's models/)."""
    return shipped_models_dir()
