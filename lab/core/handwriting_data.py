"""Handwriting-like training images: handwriting fonts and stroke shapes people really write.

MNIST has few slashed zeros or open-top 4s, and notMNIST is all typefaces: no single-bar I,
no three-stroke E, no lowercase. This module makes such characters in two ways:

- handwriting fonts (the Debian packages in ``HANDWRITING_FONT_PACKAGES``, when installed),
  typeset at random sizes, pen widths, slants and rotations;
- stroke synthesis from ``lab.core.handwriting_templates``: the written shapes, jittered,
  smoothed, slanted, rotated and drawn with a round pen of random width.

Letters are written upper- or lowercase, and a lowercase letter is labelled as the class of
the same uppercase letter. Every image then goes through ``lab.core.preprocess.to_mnist``, as
the drawing pad and ``predict`` do, so training sees exactly what the model is fed later.
Without any handwriting font the strokes and whatever fonts are installed are used.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from lab.core.errors import EmptyImageError, LabError
from lab.core.handwriting_templates import (CLASS_OF, DIGIT_TEMPLATES, LETTER_TEMPLATES,
                                            LOWERCASE_TEMPLATES)
from lab.core.preprocess import to_mnist
from lab.core.synthetic_drawings import _affine, _font_files, _spline, has_glyph

HANDWRITING_FONT_PACKAGES = (
    "fonts-dkg-handwriting", "fonts-bwht", "fonts-breip", "fonts-humor-sans", "fonts-klee",
    "fonts-kristi", "fonts-comic-neue", "fonts-ecolier-court", "fonts-dancingscript",
    "fonts-kaushanscript", "fonts-rufscript", "fonts-tlwg-purisa-ttf", "fonts-kiloji",
    "fonts-seto",
    # added 2026-12-04, after the shipped models were trained
    "fonts-sjfonts", "fonts-yusei-magic", "fonts-leckerli-one", "fonts-yozvox-yozfont",
    "fonts-navilu")
# Folder or file names (lower case) of those packages' font files. Not used although they
# look handwritten: fonts-femkeklaver (hollow outlines) and fonts-sil-andika (a print face).
HANDWRITING_FONT_NAMES = (
    "fifthhorseman", "bwht", "breip", "humor-sans", "klee", "kristi", "comic-neue", "ecolier",
    "dancingscript", "kaushanscript", "rufscript", "purisa", "kiloji", "seto", "sjfonts",
    "yusei-magic", "leckerli", "yozvox", "navilu")
TEMPLATES = {**DIGIT_TEMPLATES, **LETTER_TEMPLATES, **LOWERCASE_TEMPLATES}
STYLE_OF = {"mnist": "mnist", "notmnist": "notmnist"}
SUPERSAMPLE = 2
SEED_OFFSET = 1000   # training seeds never meet the drawn test set's seed 0
# People write narrower than templates and type are drawn: width / height of a written
# character is 0.8-0.9 of a typeface's, and some writers go far narrower. Stroke shapes are
# drawn this wide (× their box's height), typeset glyphs squeezed this much horizontally.
STROKE_WIDTH_RANGE = (0.5, 1.2)
TYPESET_SQUEEZE_RANGE = (0.7, 1.15)


def handwriting_fonts(font_files=None):
    """The installed handwriting fonts (paths, sorted); [] when none is installed."""
    files = _font_files() if font_files is None else font_files
    return sorted(f for f in files
                  if any(name in str(f).lower() for name in HANDWRITING_FONT_NAMES))


class HandwritingData:
    """Deterministic generator of preprocessed handwriting-like 28×28 training images.

    ``fonts``: font files to typeset with; None finds the installed handwriting fonts and,
    without any, falls back to the other installed fonts. ``font_fraction``: the share of
    images typeset (the rest are drawn from strokes); ``lowercase_fraction``: the share of
    letters written in lowercase.
    """

    def __init__(self, seed=SEED_OFFSET, fonts=None, font_fraction=0.4,
                 lowercase_fraction=0.45):
        self.rng = np.random.default_rng(seed)
        if fonts is None:
            fonts = handwriting_fonts()
            self.font_source = "handwriting fonts" if fonts else "other installed fonts"
            fonts = fonts or _font_files()
        else:
            self.font_source = "given fonts"
        self.fonts = [str(f) for f in fonts]
        self.font_fraction = font_fraction if self.fonts else 0.0
        self.lowercase_fraction = lowercase_fraction
        self._families = _families(self.fonts)
        self._has_glyph = {}

    def describe(self):
        """What the images are made from, for a model's metadata and the log."""
        return {"fonts": [Path(f).name for f in self.fonts], "font_source": self.font_source
                if self.fonts else "none (strokes only)", "font_fraction": self.font_fraction,
                "lowercase_fraction": self.lowercase_fraction,
                "stroke_variants": sum(len(v) for v in TEMPLATES.values())}

    def written_form(self, class_name):
        """The character to write for a class: a letter class is sometimes lowercase."""
        if class_name in LETTER_TEMPLATES and self.rng.random() < self.lowercase_fraction:
            return class_name.lower()
        return class_name

    def sample(self, char):
        """One float32 2-D image (white ink on black, 0..255) of the written ``char``."""
        if char not in TEMPLATES:
            raise LabError(f"no handwriting shapes for {char!r}: use digits 0-9 or letters "
                           f"A-J / a-j")
        if self.fonts and self.rng.random() < self.font_fraction:
            image = self._typeset(char)
            if image is not None:
                return image
        return self._draw_strokes(char)

    def images(self, n_per_class, class_names, style="mnist"):
        """``n_per_class`` images of each class → (uint8 (N, 28, 28), int64 labels).

        ``class_names`` are the dataset's ("0"…"9" or "A"…"J"); a label is the index of the
        class. Each image is preprocessed with ``to_mnist(image, style)``.
        """
        if style not in STYLE_OF:
            raise LabError(f"unknown preprocessing style {style!r}: use mnist or notmnist")
        unknown = [c for c in class_names if c not in TEMPLATES or CLASS_OF[c] != c]
        if unknown:
            raise LabError(f"no handwriting shapes for the classes {unknown}: handwriting "
                           f"data covers digits 0-9 and letters A-J")
        images = np.zeros((n_per_class * len(class_names), 28, 28), dtype=np.uint8)
        labels = np.zeros(len(images), dtype=np.int64)
        index = 0
        for _ in range(n_per_class):
            for label, class_name in enumerate(class_names):
                images[index] = self._preprocessed(self.written_form(class_name), style)
                labels[index] = label
                index += 1
        return images, labels

    def _preprocessed(self, char, style):
        for _ in range(5):
            try:
                return np.round(to_mnist(self.sample(char), style)).astype(np.uint8)
            except EmptyImageError:   # a glyph too faint to read: make another
                continue
        return np.round(to_mnist(self._draw_strokes(char), style)).astype(np.uint8)

    def _draw_strokes(self, char):
        rng = self.rng
        variants = TEMPLATES[char]
        strokes = variants[int(rng.integers(len(variants)))]
        height = rng.uniform(40, 90)
        width = height * rng.uniform(*STROKE_WIDTH_RANGE)
        slant, angle = rng.uniform(-0.15, 0.35), math.radians(rng.uniform(-12, 12))
        pen = max(1.5, height * rng.uniform(0.04, 0.15))
        wobble = 0.035 * rng.uniform(0.5, 1.5)
        paths = [_affine(_spline(_written(s, rng, wobble)), width, height, slant, angle)
                 for s in strokes]
        points = np.concatenate(paths)
        margin = pen + 4
        shift = -points.min(axis=0) + margin
        size = np.ceil(points.max(axis=0) - points.min(axis=0) + 2 * margin).astype(int)
        canvas = Image.new("L", tuple(int(s) * SUPERSAMPLE for s in size), 0)
        draw = ImageDraw.Draw(canvas)
        radius = pen * SUPERSAMPLE / 2
        for path in paths:
            xy = [(float(x), float(y)) for x, y in (path + shift) * SUPERSAMPLE]
            draw.line(xy, fill=255, width=int(round(pen * SUPERSAMPLE)), joint="curve")
            for x, y in (xy[0], xy[-1]):
                draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
        small = canvas.resize(tuple(int(s) for s in size), Image.Resampling.BOX)
        return np.asarray(small, dtype=np.float32)

    def _typeset(self, char):
        """``char`` in a random font (None if no chosen font has it), slanted and rotated."""
        rng = self.rng
        family = self._families[int(rng.integers(len(self._families)))]
        path = family[int(rng.integers(len(family)))]
        size = int(rng.integers(40, 80))
        try:
            font = ImageFont.truetype(path, size)
        except OSError:
            return None
        if not self._glyph_exists(path, font, char):
            return None
        stroke = int(rng.integers(0, max(1, size // 20)))
        left, top, right, bottom = font.getbbox(char, stroke_width=stroke)
        margin = size // 2
        canvas = Image.new("L", (right - left + 2 * margin, bottom - top + 2 * margin), 0)
        ImageDraw.Draw(canvas).text((margin - left, margin - top), char, fill=255, font=font,
                                    stroke_width=stroke, stroke_fill=255)
        shear, squeeze = rng.uniform(-0.15, 0.3), rng.uniform(*TYPESET_SQUEEZE_RANGE)
        w, h = canvas.size
        # Pillow maps output to input pixels: squeeze about the centre, slant about the middle
        canvas = canvas.transform((w, h), Image.Transform.AFFINE,
                                  (1 / squeeze, shear / squeeze,
                                   w / 2 - (w / 2 + shear * h / 2) / squeeze, 0, 1, 0),
                                  resample=Image.Resampling.BILINEAR)
        canvas = canvas.rotate(rng.uniform(-10, 10), resample=Image.Resampling.BILINEAR)
        return np.asarray(canvas, dtype=np.float32)

    def _glyph_exists(self, path, font, char):
        key = (path, char)
        if key not in self._has_glyph:
            self._has_glyph[key] = has_glyph(font, char)
        return self._has_glyph[key]


def _written(stroke, rng, wobble, hook=0.2):
    """A template stroke as a hand writes it → (points, corner indices) for ``_spline``.

    Straight lines are bowed a little, every point is jittered by ``wobble`` (box units),
    and an end sometimes gets the small tick of a pen landing or leaving."""
    points = [np.array(p[:2], dtype=np.float64) for p in stroke]
    corners = [i for i, p in enumerate(stroke) if len(p) > 2 and 0 < i < len(stroke) - 1]
    length = float(np.linalg.norm(points[-1] - points[0]))
    if len(points) == 2 and length > 0.2:
        direction = (points[1] - points[0]) / length
        normal = np.array([-direction[1], direction[0]])
        points.insert(1, (points[0] + points[1]) / 2 + normal * rng.normal(0, 0.05) * length)
    if length > 0.2 and rng.random() < hook:
        angle = rng.uniform(0, 2 * math.pi)
        points.insert(0, points[0] + rng.uniform(0.04, 0.1) * np.array([math.cos(angle),
                                                                         math.sin(angle)]))
        corners = [1] + [i + 1 for i in corners]
    if length > 0.2 and rng.random() < hook:
        angle = rng.uniform(0, 2 * math.pi)
        points.append(points[-1] + rng.uniform(0.04, 0.1) * np.array([math.cos(angle),
                                                                      math.sin(angle)]))
        corners = corners + [len(points) - 2]
    pts = np.array(points) + rng.normal(0, wobble, size=(len(points), 2))
    # Each stroke lands a little off where the template puts it, a little larger or smaller:
    # bars that miss (or cross) the stem, bowls that do not quite close.
    centre = pts.mean(axis=0)
    pts = centre + (pts - centre) * rng.uniform(0.9, 1.1) + rng.normal(0, 0.025, size=2)
    return pts, sorted(set(corners))


def _families(fonts):
    """Fonts grouped by folder (one package), so a family with many files is not favoured."""
    groups = {}
    for path in fonts:
        groups.setdefault(str(Path(path).parent), []).append(path)
    return [groups[key] for key in sorted(groups)]


def handwriting_split(dataset_name, class_names, n_per_class, seed=0):
    """(images, labels, description) of ``n_per_class`` handwriting images per class for a
    dataset ("mnist" or "notmnist"), made with seed ``SEED_OFFSET + seed``."""
    maker = HandwritingData(seed=SEED_OFFSET + int(seed or 0))
    images, labels = maker.images(n_per_class, list(class_names), STYLE_OF.get(dataset_name,
                                                                                "mnist"))
    return images, labels, maker.describe()


def with_handwriting(split, dataset, n_per_class, seed=None, reporter=None):
    """The training ``split`` plus ``n_per_class`` handwriting images of each of the
    dataset's classes (a new split of the same type; the originals come first)."""
    if reporter is not None:   # drawing them takes a while (tens of seconds for thousands)
        reporter.message(f"handwriting: drawing {n_per_class * len(dataset.class_names):,} "
                         f"images…")
    images, labels, description = handwriting_split(dataset.name, dataset.class_names,
                                                    n_per_class, seed)
    if reporter is not None:
        reporter.message(f"handwriting: {len(images):,} images ({n_per_class} per class) "
                         f"from {description['stroke_variants']} stroke shapes and "
                         f"{len(description['fonts'])} fonts ({description['font_source']})")
    return type(split)(np.concatenate([split.images, images]),
                       np.concatenate([split.labels, labels.astype(split.labels.dtype)]),
                       split.name)
