"""One person's handwriting for the fine-tuning tests: a zero crossed by a backslash that
runs past the ring, and a two written as a Z with a bar through it (Ƶ). Drawn with the
tests' own pen (tests/pen.py) and jittered like a hand; digits models read both badly.
"""

from pathlib import Path

import numpy as np
from PIL import Image

from pen import pen_drawing

RING = [(0.5, 0.0), (0.15, 0.15), (0.05, 0.5), (0.18, 0.88), (0.5, 1.0), (0.82, 0.86),
        (0.93, 0.5), (0.8, 0.13), (0.5, 0.0)]
STYLE = {
    "0": [RING, [(0.0, -0.1), (1.0, 1.1)]],                                   # backslashed zero
    "2": [[(0.1, 0.0), (0.9, 0.0), (0.1, 1.0), (0.9, 1.0)], [(0.25, 0.5), (0.75, 0.5)]],  # Ƶ
}


def personal_drawing(label, rng):
    """One uint8 drawing (white ink on black, the pad's canvas) of ``label`` in the style."""
    height = rng.uniform(120, 170)
    width = height * rng.uniform(0.55, 0.75)
    slant = rng.uniform(-0.1, 0.25)
    strokes = [[(40 + (x + rng.normal(0, 0.03)) * width + (1 - y) * height * slant,
                 25 + (y + rng.normal(0, 0.03)) * height) for x, y in stroke]
               for stroke in STYLE[label]]
    return pen_drawing(strokes, size=(260, 220), width=int(rng.integers(8, 16)))


def write_personal_drawings(folder, per_class, seed=0, labels=tuple(STYLE)):
    """``per_class`` drawings of each label as ``folder/<label>/<n>.png``; the folder."""
    rng = np.random.default_rng(seed)
    folder = Path(folder)
    for label in labels:
        (folder / label).mkdir(parents=True, exist_ok=True)
        for index in range(per_class):
            Image.fromarray(personal_drawing(label, rng)).save(folder / label / f"{index:03d}.png")
    return folder
