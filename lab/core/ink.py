"""How much ink each pixel holds, judged from the image itself: polarity, lighting, threshold.

NumPy + Pillow only. The result is an ink map on a 0..255 scale: 0 is paper, 255 the typical
strength of the strokes, whatever the paper's colour, the pen's darkness or the lighting.

1. Polarity: the border is paper; ink lies on the side of it where more of the image stands
   out (after evening out the lighting, see 2).
2. Lighting: a phone photo is brighter in the middle than at the edges, which can exceed the
   contrast of a pencil stroke. On images large enough, the paper level is estimated per cell
   (a low percentile of the ink side, so strokes covering up to most of a cell do not count),
   a smooth quadratic surface is fitted through the cells (cells the strokes fill left out)
   and subtracted.
3. Threshold: paper covers most of a page (or of its border), so the median is the paper and
   the median absolute deviation its noise; pixels well above that noise are strokes. Their level must stand out
   from the noise (and by a minimum contrast), or the image is empty. (Otsu's threshold was
   tried first: with faint strokes covering a few percent of a noisy photo it splits the
   paper's noise in two instead of finding the strokes.)
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from lab.core.errors import EmptyImageError, ImageError

EMPTY_MESSAGE = "the image is empty: draw or load a character first"
MIN_CONTRAST = 8.0        # strokes weaker than this (0..255) above the paper: an empty image
MIN_SEPARATION = 6.0      # ... or weaker than this many times the paper's noise
MIN_NOISE = 1.0           # the noise is taken as at least one grey level
NOISE_FLOOR = 0.10        # ink below this fraction of the strokes' level is paper
PAPER_SIGMAS = 3.0        # ... and so is ink within this many noise deviations of the paper
STROKE_SIGMAS = 4.0       # pixels this many deviations above the paper are strokes ...
STRONG_PERCENTILE = 90    # ... and this percentile of them is the strokes' level
FLATTEN_MIN_SIDE = 64     # smaller images (MNIST-sized crops) are taken as evenly lit
CELLS_PER_SIDE = 6        # lighting cells: a sixth of the shorter side ...
MIN_CELL = 16             # ... but at least this many pixels
PAPER_PERCENTILE = 25     # a cell's paper level: strokes may cover up to 3/4 of it
MASK_LEVEL = 0.35 * 255   # ink above this belongs to a stroke (boxes, components)
SAMPLES = 5_000           # levels and noise are measured on about this many pixels


def ink_map(gray) -> np.ndarray:
    """Any 2-D gray image (0..255, or 0..1 floats) → float32 ink 0..255 on a 0 background.

    Raises EmptyImageError when nothing stands out from the paper, ImageError for arrays that
    are not images.
    """
    array = _as_gray(gray)
    if float(array.max()) - float(array.min()) < MIN_CONTRAST:
        raise EmptyImageError(EMPTY_MESSAGE)
    step = max(1, math.isqrt(array.size // SAMPLES))  # statistics from a regular subsample
    ink = array if _light_ink(array, step) else -array
    ink -= _paper_level(ink, PAPER_PERCENTILE, step)
    if float(ink.max()) - float(ink.min()) < MIN_CONTRAST:
        raise EmptyImageError(EMPTY_MESSAGE)
    # Paper is most of the page, or at least most of its border (a bold character filling
    # a tight crop): whichever of the two is less disturbed by strokes.
    paper, noise = _level_and_noise(ink[::step, ::step])
    edge_paper, edge_noise = _level_and_noise(
        np.concatenate([ink[0], ink[-1], ink[:, 0], ink[:, -1]]))
    paper, noise = min(paper, edge_paper), max(min(noise, edge_noise), MIN_NOISE)
    strokes = ink[ink > paper + STROKE_SIGMAS * noise]  # all pixels: thin lines are sparse
    if strokes.size == 0:
        raise EmptyImageError(EMPTY_MESSAGE)
    strong = float(np.percentile(strokes, STRONG_PERCENTILE))
    contrast = strong - paper
    if contrast < MIN_CONTRAST or contrast < MIN_SEPARATION * noise:
        raise EmptyImageError(EMPTY_MESSAGE)
    floor = paper + max(NOISE_FLOOR * contrast, PAPER_SIGMAS * noise)
    ink -= floor
    ink *= 255.0 / (strong - floor)
    return np.clip(ink, 0.0, 255.0, out=ink)


def _light_ink(array, step):
    """True for light strokes on dark paper. The border is paper: when the image reaches
    clearly further to one side of it (twice as far), that side is the ink. Otherwise (uneven
    light as strong as the strokes) the side where, with the lighting evened out, more of the
    image stands out of the noise."""
    border = np.concatenate([array[0], array[-1], array[:, 0], array[:, -1]])
    paper = float(np.median(border))
    darker, lighter = paper - float(array.min()), float(array.max()) - paper
    if max(darker, lighter) >= 2.0 * min(darker, lighter):
        return lighter > darker
    residual = (array - _paper_level(array, 50, step, symmetric=True))[::step, ::step]
    _, noise = _level_and_noise(residual)
    margin = 3.0 * noise
    above = float(np.maximum(residual - margin, 0.0).sum())
    below = float(np.maximum(-residual - margin, 0.0).sum())
    return above >= below


def _level_and_noise(values):
    """Median and robust standard deviation (1.4826 × median absolute deviation)."""
    level = float(np.median(values))
    return level, 1.4826 * float(np.median(np.abs(values - level)))


def _as_gray(gray):
    """Validated float32 copy on a 0..255 scale (colour averaged, NaN and infinities tamed)."""
    source = np.asarray(gray)
    array = np.array(source, dtype=np.float32)
    if array.ndim == 3 and array.shape[-1] in (1, 3, 4):
        array = array[..., :3].mean(axis=-1)
    if array.ndim != 2:
        raise ImageError(f"expected a 2-D grayscale image, got an array of shape {source.shape}")
    if array.size == 0:
        raise EmptyImageError(EMPTY_MESSAGE)
    np.nan_to_num(array, copy=False, nan=0.0, posinf=255.0, neginf=0.0)
    if np.issubdtype(source.dtype, np.floating) and array.max() <= 1.0:
        array *= 255.0  # a 0..1 float image
    return array


def _paper_level(ink, percentile, step=1, symmetric=False):
    """The paper under each pixel: the border's level on small images, a smooth surface
    through the cells' ``percentile`` on large ones (a scalar when it is flat). Strokes
    raise a cell's level (``symmetric``: raise or lower it, the polarity being unknown)."""
    height, width = ink.shape
    if min(height, width) < FLATTEN_MIN_SIDE:
        border = np.concatenate([ink[0], ink[-1], ink[:, 0], ink[:, -1]])
        return float(np.median(border))
    side = max(MIN_CELL, min(height, width) // CELLS_PER_SIDE)
    rows, cols = height // side, width // side
    top, left = (height - rows * side) // 2, (width - cols * side) // 2
    blocks = ink[top:top + rows * side, left:left + cols * side].reshape(rows, side, cols, side)
    blocks = blocks[:, ::step, :, ::step].transpose(0, 2, 1, 3).reshape(rows, cols, -1)
    rank = round(percentile / 100 * (blocks.shape[-1] - 1))
    cells = np.partition(blocks, rank, axis=-1)[..., rank].astype(np.float64)
    levels = cells.ravel()
    middle = np.median(levels)
    if symmetric:  # half the cells, those nearest the median, are paper at least
        paper = np.abs(levels - middle) <= np.median(np.abs(levels - middle))
    else:  # strokes raise a cell's level: the lower half are paper at least
        paper = levels <= middle
    if np.ptp(levels[paper]) == 0:
        return float(levels[paper][0])  # evenly lit (a clean scan, a drawing pad): one level
    # Light falls off smoothly (a lamp, a phone's flash): a quadratic surface through the
    # paper cells follows it and, unlike interpolation, keeps following it out to the edges.
    # Fitted first to the lower half of the cells, then to every cell near the surface.
    centre_y = (top + (np.arange(rows) + 0.5) * side) / height - 0.5
    centre_x = (left + (np.arange(cols) + 0.5) * side) / width - 0.5
    grid_y, grid_x = np.meshgrid(centre_y, centre_x, indexing="ij")
    terms = np.stack([np.ones(levels.size), grid_y.ravel(), grid_x.ravel(), grid_y.ravel() ** 2,
                      grid_y.ravel() * grid_x.ravel(), grid_x.ravel() ** 2], axis=1)
    for _ in range(3):
        count = 6 if paper.sum() >= 12 else 3  # few paper cells: a plane only
        if paper.sum() < count:
            return float(np.median(levels))
        coefficients = np.zeros(6)
        coefficients[:count] = np.linalg.lstsq(terms[paper, :count], levels[paper],
                                               rcond=None)[0]
        residual = levels - terms @ coefficients
        spread = max(1.4826 * float(np.median(np.abs(residual[paper]))), 1.0)
        near = (np.abs(residual) if symmetric else residual) <= 2.5 * spread
        if np.array_equal(near, paper) or near.sum() < 3:
            break
        paper = near
    y = (np.arange(height) + 0.5) / height - 0.5
    x = (np.arange(width) + 0.5) / width - 0.5
    c0, cy, cx, cyy, cxy, cxx = coefficients
    surface = (c0 + cy * y + cyy * y ** 2)[:, None] + (cx * x + cxx * x ** 2)[None, :] \
        + cxy * np.outer(y, x)
    return surface.astype(np.float32)
