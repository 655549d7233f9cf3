"""Connected strokes of an ink map: labels, boxes and areas, and which of them are specks.

NumPy + Pillow only. Large masks are labelled at a reduced scale (block-max, so thin strokes
stay connected); boxes are given at full scale.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from lab.core.ink import MASK_LEVEL

SEGMENT_SIDE = 400            # ink masks are block-reduced to at most this for labelling
SPECK_FRACTION = 0.02         # components smaller than this × the largest are specks ...
MIN_SPECK = 6                 # ... and so are components under this many pixels


class StrokeComponents:
    """8-connected components of ``ink > MASK_LEVEL``; ids are 1..count, 0 is paper."""

    def __init__(self, ink):
        mask = ink > MASK_LEVEL
        self.shape = ink.shape
        self.factor = max(1, math.ceil(max(mask.shape) / SEGMENT_SIDE))
        if self.factor > 1:
            small = Image.fromarray(mask.astype(np.uint8) * 255).reduce(self.factor)
            mask = np.asarray(small) > 0  # block-max: any ink in the block
        self.labels, boxes, self.areas = _components(mask)
        height, width = ink.shape
        self.boxes = np.minimum(boxes * self.factor, [width, height, width, height])

    def kept(self) -> np.ndarray:
        """Ids of the components that are strokes rather than specks."""
        if self.areas.size == 0:
            return np.zeros(0, dtype=np.int64)
        minimum = max(MIN_SPECK / self.factor ** 2, SPECK_FRACTION * float(self.areas.max()))
        return np.flatnonzero(self.areas >= minimum) + 1

    def specks(self) -> np.ndarray:
        """Ids of the components too small to be strokes."""
        return np.setdiff1d(np.arange(1, self.areas.size + 1), self.kept())

    def owner(self, box=None) -> np.ndarray:
        """Component id of each full-scale pixel in ``box`` (x0, y0, x1, y1; default: all)."""
        x0, y0, x1, y1 = box or (0, 0, self.shape[1], self.shape[0])
        if self.factor == 1:
            return self.labels[y0:y1, x0:x1]
        return self.labels[np.ix_(np.arange(y0, y1) // self.factor,
                                  np.arange(x0, x1) // self.factor)]


def _components(mask):
    """8-connected components from row runs + union-find → (labels 1..k, boxes, areas)."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)  # exclusive; row-major order pairs them with starts
    labels = np.zeros(mask.shape, dtype=np.int32)
    if rows.size == 0:
        return labels, np.zeros((0, 4), dtype=np.int64), np.zeros(0, dtype=np.int64)
    stride = width + 2
    start_keys, end_keys = rows * stride + starts, rows * stride + ends
    # Runs of the previous row that touch each run (diagonals included) form one slice.
    lo = np.searchsorted(end_keys, (rows - 1) * stride + starts, side="left")
    hi = np.searchsorted(start_keys, (rows - 1) * stride + ends, side="right")
    counts = np.maximum(hi - lo, 0)
    run_of_edge = np.repeat(np.arange(rows.size), counts)
    first = np.repeat(lo - np.cumsum(counts) + counts, counts)
    neighbour = first + np.arange(counts.sum())
    parent = list(range(rows.size))
    for a, b in zip(run_of_edge.tolist(), neighbour.tolist()):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        if a < b:
            parent[b] = a
        elif b < a:
            parent[a] = b
    roots = np.array(parent)
    while True:  # flatten the forest
        deeper = roots[roots]
        if np.array_equal(deeper, roots):
            break
        roots = deeper
    _, component = np.unique(roots, return_inverse=True)
    count = int(component.max()) + 1
    boxes = np.empty((count, 4), dtype=np.int64)
    boxes[:, 0] = np.full(count, width)
    boxes[:, 1] = np.full(count, height)
    boxes[:, 2:] = 0
    np.minimum.at(boxes[:, 0], component, starts)
    np.minimum.at(boxes[:, 1], component, rows)
    np.maximum.at(boxes[:, 2], component, ends)
    np.maximum.at(boxes[:, 3], component, rows + 1)
    areas = np.bincount(component, weights=ends - starts, minlength=count).astype(np.int64)
    lengths = ends - starts
    pixels = np.repeat(rows * width + starts - np.cumsum(lengths) + lengths, lengths)
    labels.ravel()[pixels + np.arange(lengths.sum())] = np.repeat(component + 1, lengths)
    return labels, boxes, areas
