"""Any image → the 28×28 MNIST-style input a model expects; splitting a line of characters.

Pillow + NumPy only (the GUI imports this at start-up, so no TensorFlow here).
All arrays are float32 grayscale on a 0..255 scale; ``to_mnist`` returns white ink on black.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from lab.core.errors import EmptyImageError, ImageError

EMPTY_MESSAGE = "the image is empty: draw or load a character first"
MAX_PIXELS = 150_000_000      # refused above this (Pillow itself refuses > 2 × 89.5 M)
MAX_SIDE = 1024               # load_image shrinks larger images to this longest side
SEGMENT_SIDE = 400            # ink masks are block-reduced to at most this for labelling
MIN_CONTRAST = 16.0           # ink weaker than this (0..255) counts as an empty image
NOISE_FLOOR = 0.10            # ink below this fraction of the strongest ink is noise
MASK_LEVEL = 0.35 * 255       # ink above this belongs to a stroke (bounding boxes, components)
FIT = 20                      # MNIST: the character fits a 20×20 box ...
SIZE = 28                     # ... centred by mass in a 28×28 field
STYLES = ("mnist", "notmnist")  # how each dataset's images were made (see to_mnist)
CENTRE = 14.0                 # mean centre of mass of MNIST digits (row, column indices)
SUPER = 4                     # fit at 4× (80×80), then box-average down: MNIST-like antialiasing
MIN_STROKE = 1.5              # strokes thinner than this (20×20 px) are thickened ...
TARGET_STROKE = 2.5           # ... towards the median MNIST stroke width
SPECK_FRACTION = 0.02         # components smaller than this × the largest are dropped
MIN_SPECK = 6                 # ... and so are components under this many pixels
OVERLAP = 0.5                 # x-extents overlapping this × the narrower width → one character
SMALL_PIECE = 0.35            # pieces smaller than this × the median height join a neighbour
_EXIF_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                   4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                   6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
                   8: Image.Transpose.ROTATE_90}
_ALPHA_MODES = ("RGBA", "LA", "PA", "La", "RGBa")
_REDUCIBLE = ("L", "LA", "RGB", "RGBA", "I", "F", "CMYK")


def load_image(path) -> np.ndarray:
    """Read a PNG/JPEG (any mode, any size) → float32 2-D gray 0..255, at most 1024 px a side.

    Transparency is composited on white paper. Raises ImageError for missing, empty, damaged,
    non-image or absurdly large files.
    """
    path = Path(path)
    if not path.is_file():
        raise ImageError(f"{path} does not exist or is not a file: choose a PNG or JPEG image")
    if path.stat().st_size == 0:
        raise ImageError(f"{path.name} is empty (0 bytes): choose a PNG or JPEG image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return _decode(image, path.name)
    except Image.DecompressionBombError as exc:
        raise ImageError(f"{path.name} is too large to open safely ({exc}): "
                         f"shrink it below {MAX_PIXELS:,} pixels") from None
    except UnidentifiedImageError:
        raise ImageError(f"{path.name} is not an image Digit Lab can read: "
                         f"choose a PNG or JPEG file") from None
    except MemoryError:
        raise ImageError(f"{path.name} needs more memory than is available: "
                         f"shrink the image and try again") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(f"{path.name} could not be decoded ({exc}): the file may be damaged "
                         f"or truncated, save it again") from None


def to_mnist(gray, style="mnist") -> np.ndarray:
    """Any grayscale image of one character → (28, 28) float32 0..255, white ink on black.

    Polarity from the border, crop to the ink, then the way the model's dataset was made:
    "mnist" fits 20×20 keeping the aspect ratio with the centre of mass at the centre;
    "notmnist" stretches the crop over the whole 28×28, as notMNIST's glyphs are.
    No ink → EmptyImageError.
    """
    ink = _ink(gray)
    labels, factor, _, areas = _analyse(ink)
    specks = np.flatnonzero(~_kept(areas, factor)) + 1
    if specks.size:
        ink = np.where(np.isin(_upsample(labels, factor, ink.shape), specks), 0.0, ink)
    return _fit(ink, style)


def segment(gray) -> list[tuple[int, int, int, int]]:
    """Character boxes (x0, y0, x1, y1), ends exclusive, left → right; [] for an empty image."""
    try:
        ink = _ink(gray)
    except EmptyImageError:
        return []
    return [box for box, _ in _groups(ink)[2]]


def split_characters(gray, style="mnist") -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """[(box, 28×28 image)] for each character, left → right. No ink → EmptyImageError."""
    ink = _ink(gray)
    labels, factor, groups = _groups(ink)
    if not groups:
        raise EmptyImageError(EMPTY_MESSAGE)
    result = []
    for (x0, y0, x1, y1), ids in groups:
        crop = ink[y0:y1, x0:x1]
        owner = _upsample(labels, factor, ink.shape, (x0, y0, x1, y1))
        # Strokes of neighbours (and dropped specks) inside this box are blanked out.
        crop = np.where((owner == 0) | np.isin(owner, ids), crop, 0.0)
        result.append(((x0, y0, x1, y1), _fit(crop, style)))
    return result


def _decode(image, name):
    """The opened image → downscaled float32 gray array (the memory-safe part of load_image)."""
    width, height = image.size
    if width * height == 0:
        raise ImageError(f"{name} has no pixels ({width}×{height}): choose another image")
    if width * height > MAX_PIXELS:
        raise ImageError(f"{name} is too large ({width:,}×{height:,} pixels, more than "
                         f"{MAX_PIXELS:,}): shrink or crop it first")
    try:
        orientation = image.getexif().get(0x0112, 1)
    except Exception:  # broken EXIF must not stop a readable image
        orientation = 1
    if image.format == "JPEG":
        image.draft("L", (MAX_SIDE, MAX_SIDE))  # decode at 1/2, 1/4 or 1/8 scale directly
    image.load()
    factor = math.ceil(max(image.size) / MAX_SIDE)
    if factor > 1:
        if image.mode not in _REDUCIBLE:
            image = image.convert(_working_mode(image))
        image = image.reduce(factor)
    if orientation in _EXIF_TRANSPOSE:
        image = image.transpose(_EXIF_TRANSPOSE[orientation])
    return _gray_array(image)


def _working_mode(image):
    """A mode Image.reduce supports that keeps what matters (alpha, depth)."""
    if image.mode.startswith("I"):
        return "I"
    if image.mode in _ALPHA_MODES or "transparency" in image.info:
        return "RGBA"
    return "L" if image.mode in ("1", "L") else "RGB"


def _gray_array(image):
    """Pillow image → float32 0..255 gray; alpha composited on white."""
    if image.mode.startswith(("I", "F")):
        array = np.asarray(image, dtype=np.float32)
        top = float(array.max(initial=0))
        if top > 255:  # 16-bit (or wider) samples
            array = array * (255.0 / (65535.0 if top <= 65535 else top))
        return array
    if image.mode in _ALPHA_MODES or "transparency" in image.info:
        rgba = np.asarray(image.convert("RGBA"), dtype=np.float32)
        alpha = rgba[..., 3] / 255.0
        gray = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        flat = gray * alpha + 255.0 * (1.0 - alpha)
        if np.ptp(flat) < MIN_CONTRAST <= np.ptp(rgba[..., 3]):
            return 255.0 - rgba[..., 3]  # e.g. white ink on transparency: the opacity is the ink
        return flat
    return np.asarray(image.convert("L"), dtype=np.float32)


def _ink(gray):
    """Ink strength 0..255 on a 0 background, whatever the polarity and contrast of the input."""
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
    border = np.concatenate([array[0], array[-1], array[:, 0], array[:, -1]])
    paper = float(np.median(border))
    if paper - float(array.min()) > float(array.max()) - paper:
        ink = paper - array  # dark ink on light paper
    else:
        ink = array - paper
    peak = float(ink.max())
    if peak < MIN_CONTRAST:
        raise EmptyImageError(EMPTY_MESSAGE)
    floor = NOISE_FLOOR * peak
    ink -= floor
    ink *= 255.0 / (peak - floor)
    return np.maximum(ink, 0.0, out=ink)


def _analyse(ink):
    """Label the stroke mask → (labels at mask scale, factor, boxes (k,4) full scale, areas)."""
    mask = ink > MASK_LEVEL
    factor = max(1, math.ceil(max(mask.shape) / SEGMENT_SIDE))
    if factor > 1:
        small = Image.fromarray(mask.astype(np.uint8) * 255).reduce(factor)
        mask = np.asarray(small) > 0  # block-max: any ink in the block
    labels, boxes, areas = _components(mask)
    height, width = ink.shape
    boxes = np.minimum(boxes * factor, [width, height, width, height])
    return labels, factor, boxes, areas


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


def _kept(areas, factor):
    """Which components are strokes rather than specks."""
    if areas.size == 0:
        return np.zeros(0, dtype=bool)
    minimum = max(MIN_SPECK / factor ** 2, SPECK_FRACTION * float(areas.max()))
    return areas >= minimum


def _groups(ink):
    """Components merged into characters → (labels, factor, [(box, ids)] left → right)."""
    labels, factor, boxes, areas = _analyse(ink)
    ids = np.flatnonzero(_kept(areas, factor))
    groups = [([int(i) + 1], boxes[i].tolist(), float(areas[i])) for i in ids]
    merged = True
    while merged:  # broken strokes of one character overlap in x: merge until stable
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if _x_overlap(groups[i][1], groups[j][1]):
                    groups[i] = _join(groups[i], groups.pop(j))
                    merged = True
                    break
            if merged:
                break
    while len(groups) > 1:  # a dot or small piece joins its nearest neighbour
        median_height = float(np.median([g[1][3] - g[1][1] for g in groups]))
        sizes = [max(g[1][2] - g[1][0], g[1][3] - g[1][1]) for g in groups]
        small = int(np.argmin(sizes))
        if sizes[small] >= SMALL_PIECE * median_height:
            break
        piece = groups.pop(small)
        nearest = min(range(len(groups)), key=lambda k: _gap(piece[1], groups[k][1]))
        groups[nearest] = _join(groups[nearest], piece)
    groups.sort(key=lambda g: (g[1][0] + g[1][2], g[1][1]))
    return labels, factor, [(tuple(int(v) for v in g[1]), g[0]) for g in groups]


def _x_overlap(a, b):
    """True when the x-extents overlap by at least OVERLAP × the narrower width."""
    overlap = min(a[2], b[2]) - max(a[0], b[0])
    return overlap > 0 and overlap >= OVERLAP * min(a[2] - a[0], b[2] - b[0])


def _gap(a, b):
    """Distance between two boxes (0 when they touch or overlap)."""
    dx = max(0, a[0] - b[2], b[0] - a[2])
    dy = max(0, a[1] - b[3], b[1] - a[3])
    return math.hypot(dx, dy)


def _join(a, b):
    """Union of two (ids, box, area) groups."""
    box = [min(a[1][0], b[1][0]), min(a[1][1], b[1][1]),
           max(a[1][2], b[1][2]), max(a[1][3], b[1][3])]
    return a[0] + b[0], box, a[2] + b[2]


def _upsample(labels, factor, shape, box=None):
    """Labels at mask scale → labels for the full-scale pixels of ``box`` (default: all)."""
    x0, y0, x1, y1 = box or (0, 0, shape[1], shape[0])
    if factor == 1:
        return labels[y0:y1, x0:x1]
    return labels[np.ix_(np.arange(y0, y1) // factor, np.arange(x0, x1) // factor)]


def _fit(ink, style="mnist"):
    """Ink on 0 → crop to the strokes, then fit them as the dataset's images are made."""
    if style not in STYLES:
        raise ValueError(f"unknown preprocessing style {style!r}; use one of {STYLES}")
    mask = ink > MASK_LEVEL
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        raise EmptyImageError(EMPTY_MESSAGE)
    crop = np.ascontiguousarray(ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])
    stroke_mask = mask[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    height, width = crop.shape
    scale = FIT / max(height, width)
    size = (max(1, round(width * scale)) * SUPER, max(1, round(height * scale)) * SUPER)
    if style == "notmnist":
        scale, size = SIZE / max(height, width), (SIZE * SUPER, SIZE * SUPER)
    big = Image.fromarray(crop).resize(size, Image.Resampling.BILINEAR)
    stroke = _stroke_width(stroke_mask) * scale
    if stroke < MIN_STROKE:  # thin pen on a big image: thicken like an MNIST pen
        big = Image.fromarray(_dilate(np.asarray(big), round((TARGET_STROKE - stroke) * SUPER)))
    small = np.asarray(big.reduce(SUPER), dtype=np.float32)
    small = small * (255.0 / max(float(small.max()), 1e-6))
    if style == "notmnist":
        return np.clip(small, 0.0, 255.0)
    total = float(small.sum())
    grid_y, grid_x = np.arange(small.shape[0]), np.arange(small.shape[1])
    centre_y = float(small.sum(axis=1) @ grid_y) / total
    centre_x = float(small.sum(axis=0) @ grid_x) / total
    top = int(np.clip(round(CENTRE - centre_y), 0, SIZE - small.shape[0]))
    left = int(np.clip(round(CENTRE - centre_x), 0, SIZE - small.shape[1]))
    out = np.zeros((SIZE, SIZE), dtype=np.float32)
    out[top:top + small.shape[0], left:left + small.shape[1]] = small
    return np.clip(out, 0.0, 255.0, out=out)


def _dilate(array, extra):
    """Grey dilation by a square of side extra + 1 (separable max, so O(extra) per pixel)."""
    before, after = extra // 2, extra - extra // 2
    padded = np.pad(array, ((before, after), (before, after)))
    windows = np.lib.stride_tricks.sliding_window_view
    rows = windows(padded, extra + 1, axis=1).max(axis=-1)
    return np.ascontiguousarray(windows(rows, extra + 1, axis=0).max(axis=-1))


def _stroke_width(mask):
    """Mean stroke width in pixels ≈ 2 × area / perimeter."""
    padded = np.pad(mask, 1)
    perimeter = (np.count_nonzero(padded[:, 1:] != padded[:, :-1])
                 + np.count_nonzero(padded[1:] != padded[:-1]))
    return 2.0 * np.count_nonzero(mask) / max(perimeter, 1)
