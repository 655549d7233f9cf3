"""Labelled drawings on disk: save one, score a Predictor on a folder of them.

Layout (also written by ``lab.core.synthetic_drawings.write_folder``)::

    <LAB_USER_DIR or ~/.local/share/digit-lab>/drawings/<dataset>/<label>/<timestamp>.png

Every drawing is read with ``Predictor.read``, exactly as ``python -m lab predict`` reads
it: a character that segmentation splits in two counts as wrong, and a longer label (a
number such as ``42``) is compared with the text read. A letters model also scores folders
named in lowercase (``a`` is scored as ``A``).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image

from lab.core.errors import ImageError, LabError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")


@dataclass
class DrawingScore:
    """How a model did on a folder of labelled drawings."""

    folder: str
    n: int = 0
    correct: int = 0
    per_class: dict = field(default_factory=dict)  # label → {"n", "correct"}
    mistakes: list = field(default_factory=list)   # {"path","label","predicted","confidence"}
    skipped: list = field(default_factory=list)    # "file: reason"

    @property
    def accuracy(self):
        return self.correct / self.n if self.n else 0.0

    def add(self, label, predicted, confidence, path, expected=None):
        """Count one drawing of folder ``label`` (``expected``: the text it should read as,
        when that differs from the folder name)."""
        counts = self.per_class.setdefault(label, {"n": 0, "correct": 0})
        counts["n"] += 1
        self.n += 1
        if predicted == (label if expected is None else expected):
            counts["correct"] += 1
            self.correct += 1
        else:
            self.mistakes.append({"path": str(path), "label": label, "predicted": predicted,
                                  "confidence": float(confidence)})

    def misread(self):
        """The mistakes, most confident first (the clearest misreadings lead)."""
        return sorted(self.mistakes, key=lambda m: -m["confidence"])

    def confusions(self, count=5):
        """The commonest misreadings as "label→read ×n", most frequent first."""
        pairs = Counter((m["label"], m["predicted"]) for m in self.mistakes)
        return [f"{label}→{read or '∅'} ×{n}" for (label, read), n in pairs.most_common(count)]

    def summary(self):
        """One line for people: accuracy then per-class counts."""
        parts = [f"{label}: {c['correct']}/{c['n']}" for label, c in sorted(self.per_class.items())]
        text = f"accuracy {self.accuracy:.1%} ({self.correct}/{self.n})"
        if parts:
            text += " — " + ", ".join(parts)
        if self.skipped:
            text += f" — {len(self.skipped)} skipped"
        return text


def user_dir():
    """The per-user folder: $LAB_USER_DIR, else $XDG_DATA_HOME/digit-lab, else ~/.local/share."""
    if os.environ.get("LAB_USER_DIR"):
        return Path(os.environ["LAB_USER_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "digit-lab"


def drawings_dir(dataset="mnist", base=None):
    """Where drawings for ``dataset`` are saved by default."""
    return Path(base) if base else user_dir() / "drawings" / (dataset or "unknown")


def save_drawing(image, label, dataset="mnist", folder=None, now=None):
    """Write a uint8 2-D drawing as ``<folder>/<label>/<timestamp>.png`` atomically; the path.

    ``folder`` defaults to ``drawings_dir(dataset)``.
    """
    label = str(label).strip()
    if not label or any(c in label for c in '/\\:*?"<>|') or label.startswith("."):
        raise LabError(f"cannot save a drawing labelled {label!r}: pick a class name as label")
    array = np.asarray(image)
    if array.ndim != 2 or array.size == 0:
        raise ImageError(f"a drawing must be a 2-D grayscale image, got shape {array.shape}")
    target_dir = drawings_dir(dataset, folder) / label
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = target_dir / f"{stamp}.png"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        counter = 1
        while target.exists():
            target = target_dir / f"{stamp}-{counter}.png"
            counter += 1
        temp = target_dir / f".{target.name}.tmp"
        Image.fromarray(np.clip(array, 0, 255).astype(np.uint8)).save(temp, format="PNG")
        os.replace(temp, target)
    except OSError as exc:
        raise LabError(f"cannot save the drawing to {target_dir}: {exc.strerror or exc}; "
                       "choose another folder or free some space") from exc
    return target


def list_drawings(folder):
    """(path, label) for each image in ``folder/<label>/``, sorted."""
    root = Path(folder)
    if not root.is_dir():
        raise LabError(f"no drawings folder at {root}: save some drawings first "
                       "(Draw tab ▸ Save drawing) or pick another folder")
    items = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        items += [(p, sub.name) for p in sorted(sub.iterdir())
                  if p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith(".")]
    return items


def score_folder(predictor, folder, progress=None, medium=None):
    """Read every drawing in ``folder`` with ``predictor.read`` → DrawingScore.

    Labels that are not made of the model's class names are skipped (and listed), so a
    digits folder scored with a letters model says so instead of scoring 0%; lowercase
    labels count as their uppercase class when the model has no lowercase classes.
    ``progress``: optional callable(fraction, message). ``medium`` (one of
    lab.core.media.MEDIA): read each drawing as a paper copy of itself in that medium.
    """
    from lab.core.media import PaperCopy
    from lab.core.preprocess import load_image

    copy = PaperCopy(medium) if medium else (lambda gray: gray)
    items = list_drawings(folder)
    if not items:
        raise LabError(f"{folder} holds no drawings: expected <label>/<name>.png files")
    classes = set(predictor.class_names)
    score = DrawingScore(folder=str(folder))
    for index, (path, label) in enumerate(items):
        if progress and index % 20 == 0:
            progress(index / len(items), f"scoring {index}/{len(items)}")
        expected = expected_text(label, classes)
        if expected is None:
            score.skipped.append(f"{path.parent.name}/{path.name}: label {label!r} is not a "
                                 f"class of this model")
            continue
        try:
            result = predictor.read(copy(load_image(path)))
        except ImageError as exc:
            score.skipped.append(f"{path.parent.name}/{path.name}: {exc}")
            continue
        score.add(label, result["text"], result["confidence"], path, expected)
    if progress:
        progress(1.0, f"scored {score.n} drawings")
    return score


def expected_text(label, classes):
    """What a drawing labelled ``label`` should read as with these class names, or None.

    A label made of class names is itself; a lowercase label counts as its uppercase class
    for a model that has uppercase classes but no lowercase ones (a letters model reads
    ``a`` as ``A``).
    """
    if set(label) <= classes:
        return label
    upper = label.upper()
    if upper != label and set(upper) <= classes and not any(c.islower() for c in classes):
        return upper
    return None


def canvas_image(gray, size=280, margin=0.1):
    """Fit any grayscale image into a size×size uint8 canvas as white ink on black.

    Light-paper images (judged by the border) are inverted so they look like the draw pad.
    """
    array = np.asarray(gray, dtype=np.float32)
    if array.ndim != 2 or array.size == 0:
        raise ImageError(f"expected a 2-D grayscale image, got shape {array.shape}")
    border = np.concatenate([array[0], array[-1], array[:, 0], array[:, -1]])
    paper = float(np.median(border))
    if paper > 127:
        array, paper = 255.0 - array, 255.0 - paper
    # Paper becomes black and the strongest ink white, whatever the photo's contrast.
    array = (array - paper) * (255.0 / max(float(array.max()) - paper, 1.0))
    h, w = array.shape
    scale = size * (1 - 2 * margin) / max(h, w)
    new_w, new_h = max(1, round(w * scale)), max(1, round(h * scale))
    resized = Image.fromarray(np.clip(array, 0, 255).astype(np.uint8)).resize(
        (new_w, new_h), Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BILINEAR)
    out = np.zeros((size, size), dtype=np.uint8)
    x0, y0 = (size - new_w) // 2, (size - new_h) // 2
    out[y0:y0 + new_h, x0:x0 + new_w] = np.asarray(resized)
    return out
