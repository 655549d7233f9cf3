"""Drawings made of pen strokes, and the paper they are written on (no data files).

A stroke is a list of (x, y) points drawn with a round pen; strokes that do not touch are
what a person draws with the pen lifted in between.
"""

import numpy as np
from PIL import Image, ImageDraw


def pen_drawing(strokes, size=(200, 200), width=12, dots=()):
    """White ink on black (uint8): ``strokes`` as round-capped lines, ``dots`` as (x, y, r)."""
    canvas = Image.new("L", size, 0)
    draw = ImageDraw.Draw(canvas)
    radius = width / 2
    for points in strokes:
        draw.line(points, fill=255, width=width, joint="curve")
        for x, y in (points[0], points[-1]):
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    for x, y, r in dots:
        draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return np.asarray(canvas)


def side_by_side(drawings, gap=40):
    """Drawings of equal height placed left to right with ``gap`` pixels of paper between."""
    height = drawings[0].shape[0]
    blank = np.zeros((height, gap), dtype=np.uint8)
    parts = [blank]
    for drawing in drawings:
        parts += [drawing, blank]
    return np.concatenate(parts, axis=1)


def on_grey_paper(ink, contrast, paper=150.0, noise=3.0, falloff=40.0, seed=0):
    """Dark writing of ``contrast`` grey levels on grey paper, lit unevenly (the middle
    ``falloff`` levels brighter than the corners, as under a phone's flash), with noise."""
    height, width = ink.shape
    y, x = np.mgrid[0:height, 0:width]
    light = falloff * (1 - ((y - height / 2) ** 2 / (height / 2) ** 2
                            + (x - width / 2) ** 2 / (width / 2) ** 2) / 2)
    rng = np.random.default_rng(seed)
    page = paper + light - contrast * (np.asarray(ink, dtype=np.float32) / 255.0)
    return np.clip(page + rng.normal(0, noise, ink.shape), 0, 255).astype(np.float32)


# Characters as a person writes them; strokes that do not touch were drawn with the pen lifted.
FIVE_WITH_SEPARATE_BAR = [[(70, 62), (66, 104), (110, 94), (138, 128), (112, 168), (62, 160)],
                          [(84, 42), (146, 40)]]
FOUR_IN_TWO_STROKES = [[(62, 28), (54, 112), (118, 112)], [(138, 30), (138, 182)]]
H_IN_THREE_STROKES = [[(48, 30), (48, 172)], [(132, 30), (132, 172)], [(50, 100), (112, 100)]]
E_IN_FOUR_STROKES = [[(48, 30), (48, 172)], [(66, 30), (140, 30)], [(66, 100), (124, 100)],
                     [(66, 172), (140, 172)]]
SEVEN = [[(48, 40), (150, 40), (90, 172)]]
TWO = [[(50, 62), (88, 32), (132, 46), (134, 86), (54, 168), (150, 168)]]
ZERO = [[(100 + 46 * np.sin(t), 100 - 68 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 40)]]
SIX = [[(134, 34), (86, 72), (58, 130), (80, 170), (124, 164), (132, 124), (98, 108), (62, 132)]]
# A lowercase i whose dot is a tick written above and to the right of the stem, clear of it;
# a 5 whose lifted bar reaches far to the right (wider than tall as a whole).
I_WITH_SIDE_TICK = [[(80, 90), (80, 176)], [(104, 28), (122, 58)]]
FIVE_WITH_LONG_BAR = [[(40, 70), (36, 112), (80, 102), (108, 136), (82, 174), (32, 166)],
                      [(96, 50), (206, 42)]]
