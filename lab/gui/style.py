"""The look of Digit Lab: Fusion, a calm palette (light or dark), one accent colour, clear
headings. lab.gui.theme chooses the palette; this module turns one into Qt's palette, style
sheet and pyqtgraph's defaults.

Widgets opt in through a dynamic ``role`` property: ``heading``, ``subheading``, ``hint`` on
labels; ``primary`` and ``toggle`` on push buttons.
"""

from PyQt5.QtGui import QColor, QFont, QPalette

ACCENT = "#2f6fb3"
LIGHT = {"window": "#f4f5f7", "pane": "#ffffff", "alternate": "#f0f2f5", "text": "#1d2127",
         "soft_text": "#30353c", "tab_text": "#4a4f57", "hint": "#6b717a", "border": "#d5d8de",
         "hover": "#e8eaee", "button": "#ffffff", "button_border": "#c5cad2",
         "button_hover": "#eef2f7", "hover_border": "#9fb1c8", "pressed": "#dde6f1",
         "disabled": "#a0a5ad", "status": "#eceef1", "chunk": "#8db4de",
         "placeholder": "#8a9099", "plot_background": "#ffffff", "plot_foreground": "#30353c"}
DARK = {"window": "#202328", "pane": "#2a2d33", "alternate": "#30343a", "text": "#e6e8eb",
        "soft_text": "#d0d4da", "tab_text": "#a9afb8", "hint": "#9aa1ab", "border": "#42464e",
        "hover": "#353941", "button": "#33373e", "button_border": "#4d525b",
        "button_hover": "#3c414a", "hover_border": "#6683a8", "pressed": "#44505f",
        "disabled": "#6b7079", "status": "#1a1c20", "chunk": "#3d6fa3",
        "placeholder": "#7d838c", "plot_background": "#1d1f23", "plot_foreground": "#d0d4da"}


def stylesheet(c):
    """The style sheet for the colours ``c`` (LIGHT or DARK)."""
    return f"""
QMainWindow, QDialog {{ background: {c['window']}; }}
QTabWidget::pane {{ border: 1px solid {c['border']}; border-radius: 6px; background: {c['pane']};
                    top: -1px; }}
QTabBar::tab {{ padding: 7px 18px; margin-right: 2px; border: 1px solid transparent;
               border-top-left-radius: 6px; border-top-right-radius: 6px; color: {c['tab_text']}; }}
QTabBar::tab:selected {{ background: {c['pane']}; border-color: {c['border']};
                        border-bottom-color: {c['pane']}; color: {c['text']}; }}
QTabBar::tab:hover:!selected {{ background: {c['hover']}; }}
QLabel[role="heading"] {{ font-size: 13pt; font-weight: 600; color: {c['text']}; }}
QLabel[role="subheading"] {{ font-weight: 600; color: {c['soft_text']}; padding-top: 4px; }}
QLabel[role="hint"] {{ color: {c['hint']}; }}
QPushButton {{ padding: 5px 14px; border: 1px solid {c['button_border']}; border-radius: 5px;
              background: {c['button']}; color: {c['text']}; }}
QPushButton:hover {{ background: {c['button_hover']}; border-color: {c['hover_border']}; }}
QPushButton:pressed {{ background: {c['pressed']}; }}
QPushButton:disabled {{ color: {c['disabled']}; background: {c['window']}; }}
QPushButton[role="primary"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton[role="primary"]:hover {{ background: #285f9a; }}
QPushButton[role="toggle"] {{ padding: 3px 8px; min-height: 20px; }}
QPushButton[role="toggle"]:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QComboBox {{ padding: 3px 8px; min-width: 110px; }}
QListView {{ border: 1px solid {c['border']}; border-radius: 6px; }}
QProgressBar {{ border: 1px solid {c['button_border']}; border-radius: 5px; text-align: center;
               background: {c['pane']}; min-height: 18px; }}
QProgressBar::chunk {{ background: {c['chunk']}; border-radius: 4px; }}
QStatusBar {{ background: {c['status']}; color: {c['soft_text']}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def palette(c):
    """Qt's palette for the colours ``c``."""
    colours = {QPalette.Window: c["window"], QPalette.Base: c["pane"],
               QPalette.AlternateBase: c["alternate"], QPalette.Text: c["text"],
               QPalette.WindowText: c["text"], QPalette.Button: c["button"],
               QPalette.ButtonText: c["text"], QPalette.Highlight: ACCENT,
               QPalette.HighlightedText: "#ffffff", QPalette.ToolTipBase: c["pane"],
               QPalette.ToolTipText: c["text"], QPalette.PlaceholderText: c["placeholder"],
               QPalette.BrightText: "#ffffff", QPalette.Link: "#5b9bdf" if c is DARK else ACCENT}
    result = QPalette()
    for role, colour in colours.items():
        result.setColor(role, QColor(colour))
    for role in (QPalette.Text, QPalette.WindowText, QPalette.ButtonText):
        result.setColor(QPalette.Disabled, role, QColor(c["disabled"]))
    return result


def apply_style(app, colours=LIGHT):
    """Give ``app`` the Digit Lab look in ``colours``; plots created from now on follow it."""
    import pyqtgraph as pg

    if app.property("lab_font_set") is None:
        app.setStyle("Fusion")
        font = QFont(app.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0))
        app.setFont(font)
        app.setProperty("lab_font_set", True)
    app.setPalette(palette(colours))
    app.setStyleSheet(stylesheet(colours))
    pg.setConfigOptions(background=colours["plot_background"],
                        foreground=colours["plot_foreground"], antialias=True)
