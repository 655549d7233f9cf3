"""View ▸ Theme: light, dark, or the system's, for widgets and plots alike.

Qt 5 has no colour-scheme API, so "follow the system" reads the lightness of the window
colour in the platform's palette, captured when the application started (before Digit Lab
set its own); a system that switches later is followed at the next start.
"""

from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtGui import QPalette
from PyQt5.QtWidgets import QApplication

from lab.core.errors import LabError
from lab.gui.style import DARK, LIGHT, apply_style

THEMES = ("light", "dark", "system")
SETTINGS_KEY = "view/theme"


class Theme(QObject):
    """Applies a theme to the application and to the plots already on screen."""

    changed = pyqtSignal(bool)  # True when the theme now in use is dark

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        app = QApplication.instance()
        self.system_is_dark = app.property("lab_system_dark")
        if self.system_is_dark is None:  # the platform's palette, before apply_style's
            self.system_is_dark = app.palette().color(QPalette.Window).lightness() < 128
            app.setProperty("lab_system_dark", self.system_is_dark)
        self.choice = "light"
        self.dark = False

    def choose(self, requested=None):
        """``requested`` (``--theme``), else the stored choice, else light."""
        choice = requested or self.settings.value(SETTINGS_KEY, "light", type=str)
        return self.validated(choice)

    @staticmethod
    def validated(choice):
        if choice not in THEMES:
            raise LabError(f"unknown theme {choice!r}: choose one of {', '.join(THEMES)}")
        return choice

    def apply(self, choice, remember=False):
        """Switch to ``choice`` (one of THEMES); ``remember`` stores it in the settings."""
        self.choice = self.validated(choice)
        self.dark = choice == "dark" or (choice == "system" and self.system_is_dark)
        colours = DARK if self.dark else LIGHT
        app = QApplication.instance()
        apply_style(app, colours)
        for widget in app.allWidgets():
            recolour_plot(widget, colours)
        if remember:
            self.settings.setValue(SETTINGS_KEY, self.choice)
        self.changed.emit(self.dark)
        return self.dark


def recolour_plot(widget, colours):
    """Give a pyqtgraph view built before the switch the new background and axis colours
    (new plots take them from pyqtgraph's defaults, which apply_style has set)."""
    import pyqtgraph as pg

    if not isinstance(widget, pg.GraphicsView):
        return
    if widget.backgroundBrush().style() != 0:  # a transparent view shows the window colour
        widget.setBackground(colours["plot_background"])
    items = [widget.getPlotItem()] if isinstance(widget, pg.PlotWidget) else (
        widget.ci.items if isinstance(widget, pg.GraphicsLayoutWidget) else [])
    for item in items:
        if not isinstance(item, pg.PlotItem):
            continue
        for name in ("left", "bottom", "right", "top"):
            axis = item.getAxis(name)
            axis.setPen()
            axis.setTextPen()
        if item.titleLabel.text:
            item.titleLabel.setText(item.titleLabel.text, color=colours["plot_foreground"])
        if item.legend is not None:
            item.legend.setLabelTextColor(colours["plot_foreground"])
            for _sample, label in item.legend.items:
                label.setText(label.text)  # setLabelTextColor keeps the old rendering
