"""LabTab: what the main window may ask of every tab, declared once."""

from PyQt5.QtCore import QCoreApplication
from PyQt5.QtWidgets import QWidget

from lab.core.errors import LabError
from lab.gui.widgets.export import save_png


class LabTab(QWidget):
    """A page of the window. It takes the session and talks to other tabs only through it.

    The window calls exactly these; a tab overrides the ones it has something to say for.
    """

    title = ""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session

    def export_png(self, path):
        """File ▸ Export plot…: save what the tab shows; LabError when it cannot be written."""
        save_png(self, path)

    def shortcut_help(self):
        """(keys, what) rows the tab adds to Help ▸ Keyboard shortcuts."""
        return []

    def has_unsaved_work(self):
        """True when closing the window would lose something (the window asks first)."""
        return False

    def save_work(self):
        """Save what has_unsaved_work() is about (File ▸ Save model… for the Train tab)."""
        raise LabError(QCoreApplication.translate("LabTab", "This tab has nothing to save."))

    def shutdown(self, timeout_ms=30000):
        """Window close: stop background work and wait for it; True when all has ended."""
        return True
