"""The project's own drawn test set: handwriting-like characters made by code, not MNIST.

Each character has one or more stroke templates (control points in a unit box, y down; a
point marked ``C`` is a sharp corner). A sample jitters the control points, smooths them
with a Catmull-Rom spline, slants/rotates/stretches the result and draws it with a round pen
of random thickness somewhere (off-centre) on a canvas of random size and polarity. Some
samples are rendered from installed fonts instead (Pillow's bundled font is always there).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from lab.core.errors import LabError

DIGITS = tuple("0123456789")
LETTERS = tuple("ABCDEFGHIJ")
C = "C"  # corner marker: the spline is split there instead of rounded

# Per character: a list of variants; a variant is a list of strokes; a stroke a list of points.
TEMPLATES = {
    "0": [[[(0.5, 0.0), (0.18, 0.2), (0.12, 0.55), (0.3, 0.93), (0.62, 0.98), (0.86, 0.68),
            (0.84, 0.25), (0.6, 0.02), (0.45, 0.03)]]],
    "1": [[[(0.55, 0.0), (0.5, 1.0)]],
          [[(0.28, 0.22), (0.58, 0.0, C), (0.55, 1.0)]],
          [[(0.3, 0.2), (0.6, 0.0, C), (0.58, 1.0)], [(0.3, 1.0), (0.85, 1.0)]]],
    "2": [[[(0.15, 0.25), (0.4, 0.02), (0.75, 0.08), (0.8, 0.35), (0.5, 0.65),
            (0.12, 0.98, C), (0.9, 0.97)]],
          [[(0.15, 0.3), (0.3, 0.06), (0.62, 0.02), (0.82, 0.25), (0.7, 0.55),
            (0.4, 0.78), (0.1, 0.98, C), (0.55, 0.9), (0.92, 0.98)]]],
    "3": [[[(0.15, 0.12), (0.48, 0.0), (0.8, 0.15), (0.75, 0.38), (0.42, 0.48, C),
            (0.8, 0.6), (0.85, 0.84), (0.5, 1.0), (0.12, 0.88)]]],
    "4": [[[(0.62, 0.0), (0.1, 0.68, C), (0.92, 0.68)], [(0.68, 0.3), (0.66, 1.0)]],
          [[(0.22, 0.0), (0.15, 0.55, C), (0.85, 0.55)], [(0.75, 0.05), (0.72, 1.0)]]],
    "5": [[[(0.82, 0.02), (0.28, 0.02, C), (0.22, 0.45, C), (0.55, 0.38), (0.82, 0.55),
            (0.8, 0.85), (0.5, 1.0), (0.15, 0.9)]],
          [[(0.28, 0.02), (0.22, 0.45, C), (0.55, 0.38), (0.82, 0.55), (0.8, 0.85),
            (0.5, 1.0), (0.15, 0.9)], [(0.28, 0.02), (0.85, 0.0)]]],
    "6": [[[(0.72, 0.02), (0.4, 0.18), (0.2, 0.52), (0.22, 0.85), (0.5, 1.0), (0.8, 0.85),
            (0.8, 0.6), (0.52, 0.48), (0.22, 0.62)]]],
    "7": [[[(0.1, 0.04), (0.9, 0.04, C), (0.62, 0.45), (0.42, 1.0)]],
          [[(0.1, 0.04), (0.9, 0.04, C), (0.42, 1.0)], [(0.38, 0.52), (0.82, 0.5)]]],
    "8": [[[(0.78, 0.15), (0.5, 0.0), (0.22, 0.13), (0.25, 0.35), (0.5, 0.48), (0.8, 0.66),
            (0.78, 0.9), (0.5, 1.0), (0.2, 0.88), (0.22, 0.65), (0.5, 0.48), (0.75, 0.32),
            (0.78, 0.15)]]],
    "9": [[[(0.8, 0.18), (0.55, 0.0), (0.25, 0.08), (0.18, 0.32), (0.4, 0.48), (0.7, 0.42),
            (0.8, 0.2)], [(0.8, 0.05), (0.78, 0.55), (0.7, 1.0)]],
          [[(0.78, 0.25), (0.55, 0.02), (0.25, 0.08), (0.2, 0.35), (0.45, 0.48),
            (0.78, 0.25, C), (0.72, 0.65), (0.62, 1.0)]]],
    "A": [[[(0.05, 1.0), (0.5, 0.0, C), (0.95, 1.0)], [(0.26, 0.6), (0.74, 0.6)]]],
    "B": [[[(0.15, 0.0), (0.15, 1.0)],
           [(0.15, 0.0), (0.6, 0.02), (0.78, 0.22), (0.6, 0.45), (0.15, 0.48, C), (0.7, 0.52),
            (0.86, 0.75), (0.65, 0.98), (0.15, 1.0)]]],
    "C": [[[(0.85, 0.15), (0.55, 0.0), (0.2, 0.18), (0.1, 0.5), (0.2, 0.82), (0.55, 1.0),
            (0.88, 0.85)]]],
    "D": [[[(0.15, 0.0), (0.15, 1.0)],
           [(0.15, 0.0), (0.62, 0.06), (0.88, 0.5), (0.62, 0.94), (0.15, 1.0)]]],
    "E": [[[(0.85, 0.0), (0.15, 0.0, C), (0.15, 1.0, C), (0.85, 1.0)],
           [(0.15, 0.5), (0.7, 0.5)]]],
    "F": [[[(0.85, 0.0), (0.15, 0.0, C), (0.15, 1.0)], [(0.15, 0.48), (0.7, 0.48)]]],
    "G": [[[(0.85, 0.15), (0.55, 0.0), (0.2, 0.18), (0.1, 0.5), (0.2, 0.82), (0.55, 1.0),
            (0.85, 0.85, C), (0.85, 0.55, C), (0.55, 0.55)]]],
    "H": [[[(0.15, 0.0), (0.15, 1.0)], [(0.85, 0.0), (0.85, 1.0)], [(0.15, 0.5), (0.85, 0.5)]]],
    "I": [[[(0.5, 0.0), (0.5, 1.0)]],
          [[(0.5, 0.0), (0.5, 1.0)], [(0.2, 0.0), (0.8, 0.0)], [(0.2, 1.0), (0.8, 1.0)]]],
    "J": [[[(0.72, 0.0), (0.72, 0.72), (0.58, 0.97), (0.32, 0.98), (0.15, 0.78)]],
          [[(0.72, 0.0), (0.72, 0.72), (0.58, 0.97), (0.32, 0.98), (0.15, 0.78)],
           [(0.35, 0.0), (0.95, 0.0)]]],
}
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts",
             "C:/Windows/Fonts")


class SyntheticDrawings:
    """Deterministic generator of handwriting-like character images (see module docstring)."""

    def __init__(self, seed=0, font_fraction=0.2, system_fonts=True, canvas=(100, 400),
                 supersample=3):
        self.rng = np.random.default_rng(seed)
        self.canvas = (int(canvas[0]), int(canvas[1]))
        self.font_fraction = font_fraction
        self.supersample = supersample
        self.fonts = _font_files() if system_fonts else []

    def sample(self, char):
        """One uint8 2-D image of ``char`` on a canvas of random size, either polarity."""
        rng, (low, high) = self.rng, self.canvas
        width = int(rng.integers(low, high + 1))
        height = int(np.clip(width * rng.uniform(0.6, 1.6), low, high))
        if rng.random() < self.font_fraction:
            mask = _render_font(char, width, height, rng, self.fonts)
        else:
            mask = self._strokes(char, width, height)
        ink, paper = int(rng.integers(200, 256)), int(rng.integers(0, 50))
        if rng.random() < 0.5:  # dark ink on light paper
            ink, paper = 255 - ink, 255 - paper
        image = paper + (ink - paper) * mask
        image += rng.normal(0, rng.uniform(0, 6), size=image.shape)
        return np.clip(image, 0, 255).astype(np.uint8)

    def _strokes(self, char, width, height):
        """Ink coverage 0..1 (height, width) of a jittered stroke template."""
        rng, ss = self.rng, self.supersample
        variants = TEMPLATES[char]
        strokes = variants[int(rng.integers(len(variants)))]
        char_h = rng.uniform(0.35, 0.8) * min(width, height)
        char_w = char_h * rng.uniform(0.55, 0.85) * (0.6 if char in "1I" else 1.0)
        slant, angle = rng.uniform(-0.3, 0.2), math.radians(rng.uniform(-10, 10))
        pen = max(2.0, char_h * rng.uniform(0.06, 0.16))
        paths = [_affine(_spline(_jitter(s, rng)), char_w, char_h, slant, angle) for s in strokes]
        points = np.concatenate(paths)
        lo, hi = points.min(axis=0) - pen, points.max(axis=0) + pen
        room = np.maximum(np.array([width, height]) - (hi - lo), 0)
        shift = -lo + rng.uniform(0, 1, size=2) * room
        canvas = Image.new("L", (width * ss, height * ss), 0)
        draw = ImageDraw.Draw(canvas)
        r = pen * ss / 2
        for path in paths:
            xy = [(float(x), float(y)) for x, y in (path + shift) * ss]
            draw.line(xy, fill=255, width=int(round(pen * ss)), joint="curve")
            for x, y in (xy[0], xy[-1]):
                draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
        small = canvas.resize((width, height), Image.Resampling.BOX)
        return np.asarray(small, dtype=np.float32) / 255.0


def generate(n_per_class, classes="digits", seed=0, font_fraction=0.2, system_fonts=True,
             canvas=(100, 400)):
    """``n_per_class`` images of each class → (list of uint8 2-D arrays, list of labels).

    ``classes``: "digits" (0–9), "letters" (A–J) or a sequence of characters. Labels are the
    class names (strings). The same seed gives the same images on the same machine; pass
    ``system_fonts=False`` for images that do not depend on the installed fonts. ``canvas``:
    (smallest, largest) side in pixels; small canvases are quicker (training data in tests).
    """
    names = _class_names(classes)
    maker = SyntheticDrawings(seed, font_fraction, system_fonts, canvas)
    images, labels = [], []
    for _ in range(n_per_class):
        for name in names:
            images.append(maker.sample(name))
            labels.append(name)
    return images, labels


def write_folder(path, n_per_class=20, classes="digits", seed=0, **options):
    """Write a generated set as ``path/<label>/<index>.png`` (the saved-drawings layout).

    ``options`` are those of ``generate``.
    """
    folder = Path(path)
    images, labels = generate(n_per_class, classes, seed, **options)
    for index, (image, label) in enumerate(zip(images, labels)):
        target = folder / label / f"synthetic-{index:05d}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.tmp")
        Image.fromarray(image).save(temp, format="PNG")
        os.replace(temp, target)
    return folder


def _class_names(classes):
    if classes == "digits":
        return DIGITS
    if classes == "letters":
        return LETTERS
    names = tuple(classes)
    unknown = [c for c in names if c not in TEMPLATES]
    if unknown:
        raise LabError(f"no stroke template for {unknown}: use digits 0-9 or letters A-J")
    return names


def _jitter(stroke, rng):
    """Move each control point a little (independent Gaussian jitter in unit-box units)."""
    pts = np.array([p[:2] for p in stroke], dtype=np.float64)
    pts += rng.normal(0, 0.035, size=pts.shape)
    corners = [i for i, p in enumerate(stroke) if len(p) > 2]
    return pts, corners


def _spline(stroke, per_segment=12):
    """Catmull-Rom through the points, restarted at corners so they stay sharp."""
    pts, corners = stroke
    cuts = [0, *corners, len(pts) - 1]
    pieces = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        seg = pts[a:b + 1]
        if len(seg) < 3:
            pieces.append(seg)
            continue
        padded = np.vstack([2 * seg[0] - seg[1], seg, 2 * seg[-1] - seg[-2]])
        t = np.linspace(0, 1, per_segment, endpoint=False)[:, None]
        for i in range(1, len(padded) - 2):
            p0, p1, p2, p3 = padded[i - 1:i + 3]
            pieces.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                                 + (3 * p1 - p0 - 3 * p2 + p3) * t ** 3))
        pieces.append(seg[-1:])
    return np.concatenate(pieces)


def _affine(path, width, height, slant, angle):
    """Unit box → pixels: stretch, slant (shear right as y goes up), rotate about the centre."""
    xy = (path - 0.5) * np.array([width, height])
    xy[:, 0] -= slant * xy[:, 1]
    c, s = math.cos(angle), math.sin(angle)
    return xy @ np.array([[c, s], [-s, c]])


def _font_files():
    """Installed regular-looking TrueType/OpenType fonts, sorted for determinism."""
    found = []
    for root in FONT_DIRS:
        base = Path(root)
        if base.is_dir():
            found += [p for p in base.rglob("*") if p.suffix.lower() in (".ttf", ".otf")]
    # Symbol/dingbat fonts have no digits worth reading.
    skip = ("symbol", "dingbat", "d050000l", "emoji", "music", "math")
    return sorted(str(p) for p in found if not any(k in p.name.lower() for k in skip))


def _render_font(char, width, height, rng, fonts):
    """Ink coverage 0..1 of ``char`` typeset with a random font, size and position."""
    size = int(rng.uniform(0.4, 0.75) * min(width, height))
    font = None
    if fonts and rng.random() < 0.8:
        try:
            font = ImageFont.truetype(fonts[int(rng.integers(len(fonts)))], size)
        except OSError:
            font = None
    if font is not None and not has_glyph(font, char):
        font = None   # a font without this character would draw a box or nothing
    font = font or ImageFont.load_default(size=size)
    stroke = int(rng.integers(0, max(1, size // 18)))
    probe = Image.new("L", (1, 1))
    left, top, right, bottom = ImageDraw.Draw(probe).textbbox(
        (0, 0), char, font=font, stroke_width=stroke)
    room_x, room_y = max(width - (right - left), 0), max(height - (bottom - top), 0)
    x, y = rng.uniform(0, room_x + 1) - left, rng.uniform(0, room_y + 1) - top
    canvas = Image.new("L", (width, height), 0)
    ImageDraw.Draw(canvas).text((x, y), char, fill=255, font=font, stroke_width=stroke,
                                stroke_fill=255)
    angle = rng.uniform(-10, 10)
    canvas = canvas.rotate(angle, resample=Image.Resampling.BILINEAR)
    return np.asarray(canvas, dtype=np.float32) / 255.0


def has_glyph(font, char):
    """Whether ``font`` draws ``char`` (fonts draw a box, or nothing, for ones they lack)."""
    drawn = font.getmask(char)
    missing = font.getmask("\U0010fffd")
    return drawn.getbbox() is not None and (drawn.size != missing.size
                                            or bytes(drawn) != bytes(missing))
