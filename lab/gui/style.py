"""The look of Digit Lab: Fusion, a calm light palette, one accent colour, clear headings.

Widgets opt in through a dynamic ``role`` property: ``heading``, ``subheading``, ``hint`` on
labels; ``primary`` and ``toggle`` on push buttons.
"""

from PyQt5.QtGui import QColor, QFont, QPalette

ACCENT = "#2f6fb3"
STYLESHEET = f"""
QMainWindow, QDialog {{ background: #f4f5f7; }}
QTabWidget::pane {{ border: 1px solid #d5d8de; border-radius: 6px; background: #ffffff;
                    top: -1px; }}
QTabBar::tab {{ padding: 7px 18px; margin-right: 2px; border: 1px solid transparent;
               border-top-left-radius: 6px; border-top-right-radius: 6px; color: #4a4f57; }}
QTabBar::tab:selected {{ background: #ffffff; border-color: #d5d8de; border-bottom-color: #ffffff;
                        color: #1d2127; }}
QTabBar::tab:hover:!selected {{ background: #e8eaee; }}
QLabel[role="heading"] {{ font-size: 13pt; font-weight: 600; color: #1d2127; }}
QLabel[role="subheading"] {{ font-weight: 600; color: #30353c; padding-top: 4px; }}
QLabel[role="hint"] {{ color: #6b717a; }}
QPushButton {{ padding: 5px 14px; border: 1px solid #c5cad2; border-radius: 5px;
              background: #ffffff; }}
QPushButton:hover {{ background: #eef2f7; border-color: #9fb1c8; }}
QPushButton:pressed {{ background: #dde6f1; }}
QPushButton:disabled {{ color: #a0a5ad; background: #f4f5f7; }}
QPushButton[role="primary"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton[role="primary"]:hover {{ background: #285f9a; }}
QPushButton[role="toggle"] {{ padding: 3px 8px; min-height: 20px; }}
QPushButton[role="toggle"]:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QComboBox {{ padding: 3px 8px; min-width: 110px; }}
QListView {{ border: 1px solid #d5d8de; border-radius: 6px; }}
QProgressBar {{ border: 1px solid #c5cad2; border-radius: 5px; text-align: center;
               background: #ffffff; min-height: 18px; }}
QProgressBar::chunk {{ background: #8db4de; border-radius: 4px; }}
QStatusBar {{ background: #eceef1; color: #30353c; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def apply_style(app):
    """Give ``app`` the Digit Lab look (call once, before the first window is built)."""
    import pyqtgraph as pg

    app.setStyle("Fusion")
    palette = QPalette()
    colours = {QPalette.Window: "#f4f5f7", QPalette.Base: "#ffffff",
               QPalette.AlternateBase: "#f0f2f5", QPalette.Text: "#1d2127",
               QPalette.WindowText: "#1d2127", QPalette.Button: "#ffffff",
               QPalette.ButtonText: "#1d2127", QPalette.Highlight: ACCENT,
               QPalette.HighlightedText: "#ffffff", QPalette.ToolTipBase: "#ffffff",
               QPalette.ToolTipText: "#1d2127", QPalette.PlaceholderText: "#8a9099"}
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
    pg.setConfigOptions(background="w", foreground="#30353c", antialias=True)
