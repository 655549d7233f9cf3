"""Where the characters are: pen strokes grouped into parts, and which parts may be one.

NumPy + Pillow only. Geometry settles what it can be sure of; the close calls are left to
the model (``Predictor.read`` compares the readings):

- Strokes whose columns overlap (by half the narrower one, or one inside the other) belong
  to one character: the bar of a 5, the second stroke of a 4, the crossbar of an H.
- A piece much smaller than the others (the dot of an i or j) joins the nearest one.
- A shorter part written above or below another one, within its column or just beside it
  (a dot or tick drawn off to the side, the bar of a 5 lifted clear of its body), is offered
  together with it as if it touched: letters and digits sit side by side, not on top of
  one another.
- Strokes meant to meet but drawn with the pen lifted end within a pen width or two of each
  other (the crossbar of an H that stops short of the second upright); people leave wider
  gaps between characters. Neighbouring parts whose nearest ink is within NEAR_PENS pen
  widths (and less than CLEAR_GAP × their height) may be one character: ``runs`` offers
  them together as well as apart, up to MAX_RUN parts and never wider than MAX_ASPECT ×
  tall, and ``closeness`` says how near they are.
"""

from __future__ import annotations

import math

import numpy as np

from lab.core.components import StrokeComponents
from lab.core.errors import EmptyImageError
from lab.core.ink import EMPTY_MESSAGE, ink_map
from lab.core.preprocess import fit_character, stroke_width

OVERLAP = 0.5        # x-extents overlapping this × the narrower width → one character
SMALL_PIECE = 0.35   # pieces smaller than this × the others' median height join a neighbour
NEAR_PENS = 2.0      # parts whose ink comes this many pen widths close may be one character
CLEAR_GAP = 0.25     # ... unless the gap is this × the taller one's height: clearly two
MAX_RUN = 4          # at most this many neighbouring parts are read as one character
MAX_ASPECT = 1.3     # ... and only while the whole is at most this × as wide as tall (a wide H),
                     # unless the parts are stacked (a 5 with a long bar)
STACK_SIZE = 0.6     # a part wholly above or below another, or at most this × as tall ...
STACK_CENTRE = 0.2   # ... whose middle is above (or below) this share of the neighbour's height
STACK_REACH = 0.5    # ... and whose box is within this × the neighbour's height to its side


class Segmentation:
    """The parts of one image, left to right. No ink → EmptyImageError."""

    def __init__(self, gray):
        self.ink = ink_map(gray)
        self.strokes = StrokeComponents(self.ink)
        self.parts = _group(self.strokes)  # [(box, [component ids])]
        if not self.parts:
            raise EmptyImageError(EMPTY_MESSAGE)
        self._closeness = None  # measured only when there are neighbours to compare

    def __len__(self):
        return len(self.parts)

    def boxes(self) -> list[tuple[int, int, int, int]]:
        """(x0, y0, x1, y1) of each part, ends exclusive."""
        return [box for box, _ in self.parts]

    def closeness(self, index) -> float:
        """How near parts ``index`` and ``index + 1`` are: 1 when their ink touches, falling
        to 0 at NEAR_PENS pen widths or CLEAR_GAP × the taller one's height."""
        if self._closeness is None:
            pen = stroke_width(self.strokes.labels > 0) * self.strokes.factor
            self._closeness = [self._near(i, pen) for i in range(len(self.parts) - 1)]
        return self._closeness[index]

    def _near(self, index, pen):
        (a, ids_a), (b, ids_b) = self.parts[index], self.parts[index + 1]
        height = max(a[3] - a[1], b[3] - b[1], 1)
        reach = min(NEAR_PENS * pen, CLEAR_GAP * height) / self.strokes.factor
        if _stacked(a, b):
            return 1.0
        # Only ink within reach of the other part's box can be the nearest.
        points_a = _within(self._outline(ids_a), b, reach, self.strokes.factor)
        points_b = _within(self._outline(ids_b), a, reach, self.strokes.factor)
        if len(points_a) == 0 or len(points_b) == 0:
            return 0.0
        gap = _distance(points_a, points_b)
        return float(np.clip(1.0 - gap / max(reach, 1e-6), 0.0, 1.0))

    def _outline(self, ids):
        """(row, column) of the leftmost, rightmost, top and bottom ink of each row and column
        of the components ``ids``, at mask scale."""
        mask = np.isin(self.strokes.labels, ids)
        rows = np.flatnonzero(mask.any(axis=1))
        cols = np.flatnonzero(mask.any(axis=0))
        left, right = mask[rows].argmax(axis=1), mask.shape[1] - 1 - mask[rows, ::-1].argmax(axis=1)
        top = mask[:, cols].argmax(axis=0)
        bottom = mask.shape[0] - 1 - mask[::-1, cols].argmax(axis=0)
        return np.concatenate([np.stack([rows, left], 1), np.stack([rows, right], 1),
                               np.stack([top, cols], 1), np.stack([bottom, cols], 1)])

    def runs(self) -> list[tuple[int, int]]:
        """(start, stop) of every group of neighbouring parts that may be one character:
        each part alone, and runs whose inner gaps are all close."""
        found = []
        for start in range(len(self.parts)):
            found.append((start, start + 1))
            for stop in range(start + 2, min(start + MAX_RUN, len(self.parts)) + 1):
                x0, y0, x1, y1 = self.box(start, stop)
                stacked = all(_stacked(self.parts[i][0], self.parts[i + 1][0])
                              for i in range(start, stop - 1))
                if self.closeness(stop - 2) == 0.0 or (
                        not stacked and x1 - x0 > MAX_ASPECT * (y1 - y0)):
                    break
                found.append((start, stop))
        return found

    def box(self, start, stop) -> tuple[int, int, int, int]:
        """The box around parts start..stop-1."""
        boxes = np.array([box for box, _ in self.parts[start:stop]])
        return (int(boxes[:, 0].min()), int(boxes[:, 1].min()),
                int(boxes[:, 2].max()), int(boxes[:, 3].max()))

    def image(self, start, stop, style="mnist") -> np.ndarray:
        """Parts start..stop-1 as one character, 28×28 (strokes of other parts and specks
        inside the box are blanked out)."""
        ids = [i for _, members in self.parts[start:stop] for i in members]
        x0, y0, x1, y1 = box = self.box(start, stop)
        owner = self.strokes.owner(box)
        crop = np.where((owner == 0) | np.isin(owner, ids), self.ink[y0:y1, x0:x1], 0.0)
        return fit_character(crop, style)


def segment(gray) -> list[tuple[int, int, int, int]]:
    """Part boxes (x0, y0, x1, y1), ends exclusive, left → right; [] for an empty image.

    Geometry only: parts that the model might read as one character are still separate here.
    """
    try:
        return Segmentation(gray).boxes()
    except EmptyImageError:
        return []


def split_characters(gray, style="mnist") -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """[(box, 28×28 image)] for each part, left → right. No ink → EmptyImageError."""
    layout = Segmentation(gray)
    return [(layout.box(i, i + 1), layout.image(i, i + 1, style)) for i in range(len(layout))]


def _group(strokes):
    """Stroke components merged into parts → [(box, ids)] left → right."""
    groups = [([int(i)], strokes.boxes[i - 1].tolist()) for i in strokes.kept()]
    merged = True
    while merged:  # strokes of one character share its column: merge until stable
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if _same_column(groups[i][1], groups[j][1]):
                    groups[i] = _join(groups[i], groups.pop(j))
                    merged = True
                    break
            if merged:
                break
    while len(groups) > 1:  # a dot or small piece joins its nearest neighbour
        sizes = [max(g[1][2] - g[1][0], g[1][3] - g[1][1]) for g in groups]
        small = int(np.argmin(sizes))
        # The others' heights: with two parts, the dot's own would halve the median.
        others = [g[1][3] - g[1][1] for k, g in enumerate(groups) if k != small]
        if sizes[small] >= SMALL_PIECE * float(np.median(others)):
            break
        piece = groups.pop(small)
        nearest = min(range(len(groups)), key=lambda k: _gap(piece[1], groups[k][1]))
        groups[nearest] = _join(groups[nearest], piece)
    groups.sort(key=lambda g: (g[1][0] + g[1][2], g[1][1]))
    return [(tuple(int(v) for v in box), ids) for ids, box in groups]


def _same_column(a, b):
    """True when the x-extents overlap by at least OVERLAP × the narrower width."""
    overlap = min(a[2], b[2]) - max(a[0], b[0])
    return overlap > 0 and overlap >= OVERLAP * min(a[2] - a[0], b[2] - b[0])


def _stacked(a, b):
    """True when box a or b sits above or below the other, within STACK_REACH × the
    taller one's height to its side: wholly above or below it, or (the shorter, at most
    STACK_SIZE × as tall) with its middle outside the taller one's middle rows."""
    short, tall = sorted((a, b), key=lambda box: box[3] - box[1])
    height = tall[3] - tall[1]
    side_gap = max(0, short[0] - tall[2], tall[0] - short[2])
    if side_gap > STACK_REACH * height:
        return False
    if short[3] <= tall[1] or short[1] >= tall[3]:
        return True  # wholly above or below: a tick as long as its stem still belongs to it
    middle = (short[1] + short[3]) / 2
    return short[3] - short[1] <= STACK_SIZE * height and (
        middle < tall[1] + STACK_CENTRE * height or middle > tall[3] - STACK_CENTRE * height)


def _within(points, box, reach, factor):
    """The (row, column) points at mask scale within ``reach`` of a full-scale box."""
    x0, y0, x1, y1 = (np.asarray(box) / factor).tolist()
    rows, cols = points[:, 0], points[:, 1]
    near = ((rows >= y0 - reach) & (rows <= y1 + reach)
            & (cols >= x0 - reach) & (cols <= x1 + reach))
    return points[near]


def _distance(points_a, points_b):
    """Smallest distance between two sets of (row, column) points, less one pixel (0 when
    they touch)."""
    best = math.inf
    for chunk in np.array_split(points_a, max(1, len(points_a) // 256)):
        delta = chunk[:, None, :].astype(np.float64) - points_b[None, :, :]
        best = min(best, float(np.sqrt((delta ** 2).sum(axis=-1).min())))
    return max(best - 1.0, 0.0)


def _gap(a, b):
    """Distance between two boxes (0 when they touch or overlap)."""
    dx = max(0, a[0] - b[2], b[0] - a[2])
    dy = max(0, a[1] - b[3], b[1] - a[3])
    return math.hypot(dx, dy)


def _join(a, b):
    """Union of two (ids, box) groups."""
    box = [min(a[1][0], b[1][0]), min(a[1][1], b[1][1]),
           max(a[1][2], b[1][2]), max(a[1][3], b[1][3])]
    return a[0] + b[0], box
