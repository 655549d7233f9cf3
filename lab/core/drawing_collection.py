"""A person's saved drawings of one dataset, as files: count, list, delete, relabel.

The folder is the one ``lab.core.drawings.save_drawing`` writes (``<folder>/<label>/*.png``),
one per dataset, so digits and letters never mix. Relabelling moves the file atomically
(``os.replace`` within the same folder tree).
"""

from __future__ import annotations

import os
from pathlib import Path

from lab.core.drawings import IMAGE_SUFFIXES, drawings_dir
from lab.core.errors import LabError


class DrawingCollection:
    """The drawings under ``folder`` (default: the per-user folder of ``dataset``)."""

    def __init__(self, dataset="mnist", folder=None):
        self.dataset = dataset
        self.folder = Path(folder) if folder else drawings_dir(dataset)

    def counts(self):
        """{label: number of drawings}, labels sorted; {} when nothing is saved yet."""
        return {label: len(self.paths(label)) for label in self.labels()}

    def labels(self):
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir()
                      if p.is_dir() and not p.name.startswith(".") and self.paths(p.name))

    def paths(self, label):
        """The drawings labelled ``label``, oldest first (their names are timestamps)."""
        folder = self.folder / label
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES
                      and not p.name.startswith("."))

    def delete(self, path):
        """Remove one drawing (and its label folder once empty)."""
        path = self._inside(path)
        try:
            path.unlink()
            if not any(path.parent.iterdir()):
                path.parent.rmdir()
        except OSError as exc:
            raise LabError(f"cannot delete {path.name}: {exc.strerror or exc}; check the "
                           f"folder's permissions") from exc

    def relabel(self, path, label):
        """Move one drawing to ``label``; the new path."""
        path = self._inside(path)
        label = str(label).strip()
        if not label or any(c in label for c in '/\\:*?"<>|') or label.startswith("."):
            raise LabError(f"cannot relabel a drawing as {label!r}: pick a class name")
        if label == path.parent.name:
            return path
        target_dir = self.folder / label
        target = target_dir / path.name
        counter = 1
        while target.exists():
            target = target_dir / f"{path.stem}-{counter}{path.suffix}"
            counter += 1
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            if not any(path.parent.iterdir()):
                path.parent.rmdir()
        except OSError as exc:
            raise LabError(f"cannot move {path.name} to {label}: {exc.strerror or exc}; check "
                           f"the folder's permissions") from exc
        return target

    def _inside(self, path):
        path = Path(path)
        if path.parent.parent.resolve() != self.folder.resolve() or not path.is_file():
            raise LabError(f"{path} is not one of the drawings in {self.folder}: refresh the "
                           f"gallery")
        return path
