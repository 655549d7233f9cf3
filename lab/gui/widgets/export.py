"""Atomic PNG/CSV export of inspect views, and the save dialog the export buttons use."""

import csv
import os
import tempfile
from pathlib import Path

from PyQt5.QtCore import QCoreApplication
from PyQt5.QtWidgets import QFileDialog

from lab.core.errors import LabError


def _atomic(path, write):
    """Write through a temp file in the same folder, then os.replace (never a half file)."""
    path = Path(path)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix,
                                        dir=path.parent)
        os.close(handle)
        write(temp)
        os.replace(temp, path)
    except OSError as exc:
        raise LabError(QCoreApplication.translate(
            "export", "cannot write {path}: {reason}; choose another folder").format(
                path=path, reason=exc.strerror or exc)) from None
    finally:
        if "temp" in locals() and os.path.exists(temp):
            os.remove(temp)


def save_png(widget, path):
    """Render ``widget`` (all of it, also parts scrolled away) to a PNG file."""
    pixmap = widget.grab()

    def write(temp):
        if not pixmap.save(temp, "PNG"):
            raise OSError(f"Qt could not encode the image ({pixmap.width()}×{pixmap.height()})")
    _atomic(path, write)


def save_csv(path, rows):
    """Write ``rows`` (lists of cells, header first) as CSV."""
    def write(temp):
        with open(temp, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    _atomic(path, write)


def ask_save_path(parent, title, default_name, pattern):
    """A save dialog; returns the chosen path or None."""
    path, _ = QFileDialog.getSaveFileName(parent, title, default_name, pattern)
    return path or None


def ask_and_save_csv(parent, title, default_name, rows):
    """Ask where, then save ``rows`` as CSV; returns a message for people on failure, else None."""
    path = ask_save_path(parent, title, default_name, "CSV (*.csv)")
    if not path:
        return None
    try:
        save_csv(path, rows)
    except Exception as exc:  # noqa: BLE001 - shown to the person, the window carries on
        return str(exc)
    return None
