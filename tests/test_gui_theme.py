"""View ▸ Theme: dark widgets and plots (also the plots built before the switch), remembered."""

import pytest
from PyQt5.QtGui import QColor, QPalette
from PyQt5.QtWidgets import QApplication

from lab.core.errors import LabError
from lab.gui.app import parse_args
from lab.gui.style import DARK, LIGHT


@pytest.fixture
def window(make_window, restore_look):
    return make_window()


@pytest.fixture
def restore_look(qapp):
    """The application's look as other tests know it (applying a theme also sets Fusion and a
    larger font, which would make the next tests' windows wider)."""
    import pyqtgraph as pg

    style, font, palette = qapp.style().objectName(), qapp.font(), qapp.palette()
    sheet, options = qapp.styleSheet(), dict(pg.CONFIG_OPTIONS)
    property_ = qapp.property("lab_font_set")
    yield
    qapp.setStyle(style)
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    qapp.setProperty("lab_font_set", property_)
    pg.setConfigOptions(**options)


def _plot_colours(plot_widget):
    axis = plot_widget.getPlotItem().getAxis("left")
    return (plot_widget.backgroundBrush().color().name(), axis.textPen().color().name(),
            axis.pen().color().name())


def test_view_theme_dark_recolours_widgets_and_existing_plots(window):
    loss_plot = window.train_tab.plots.loss_plot  # built in the light theme
    heatmap = window.inspect_tab.confusion.heatmap
    window.menu_actions["theme_light"].trigger()
    assert _plot_colours(loss_plot) == (LIGHT["plot_background"], LIGHT["plot_foreground"],
                                        LIGHT["plot_foreground"])
    window.menu_actions["theme_dark"].trigger()
    window_colour = QApplication.palette().color(QPalette.Window)
    assert window_colour == QColor(DARK["window"]) and window_colour.lightness() < 60
    assert QApplication.palette().color(QPalette.Text).lightness() > 200
    for plot in (loss_plot, heatmap, window.draw_tab.bars):
        assert _plot_colours(plot) == (DARK["plot_background"], DARK["plot_foreground"],
                                       DARK["plot_foreground"])
    assert f"color:{DARK['plot_foreground']}" in loss_plot.getPlotItem().titleLabel.item.toHtml()
    assert window.menu_actions["theme_dark"].isChecked()
    assert window.session.settings.value("view/theme") == "dark"
    window.menu_actions["theme_light"].trigger()
    assert QApplication.palette().color(QPalette.Window) == QColor(LIGHT["window"])
    assert window.session.settings.value("view/theme") == "light"


def test_a_confusion_matrix_stays_legible_on_dark(window):
    """Cell numbers are dark on the bright end of viridis and white on the dark end, in
    either theme; the axes take the theme's foreground."""
    import numpy as np

    window.theme.apply("dark")
    heatmap = window.inspect_tab.confusion.heatmap
    heatmap.set_matrix(np.array([[90, 10], [5, 95]]), ("0", "1"))
    colours = {item.textItem.defaultTextColor().name() for item in heatmap._texts}
    assert colours <= {"#000000", "#ffffff"} and len(colours) == 2
    assert heatmap.getPlotItem().getAxis("bottom").textPen().color().name() == \
        DARK["plot_foreground"]


def test_the_choice_comes_from_the_option_then_the_settings(window):
    theme = window.theme
    assert theme.choose("dark") == "dark"
    window.session.settings.setValue("view/theme", "system")
    assert theme.choose() == "system"
    assert theme.apply("system") == theme.system_is_dark  # the platform's palette at start-up
    with pytest.raises(LabError, match="unknown theme 'blue'"):
        theme.choose("blue")
    assert parse_args(["--theme", "dark"])[0].theme == "dark"
