"""Any image → the 28×28 MNIST-style input a model expects.

Pillow + NumPy only (the GUI imports this at start-up, so no TensorFlow here).
All arrays are float32 grayscale on a 0..255 scale; ``to_mnist`` returns white ink on black.
How much ink a pixel holds is decided in lab.core.ink; splitting a line of characters is
lab.core.segmentation.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from lab.core.components import StrokeComponents
from lab.core.errors import EmptyImageError, ImageError
from lab.core.ink import EMPTY_MESSAGE, MASK_LEVEL, MIN_CONTRAST, ink_map

MAX_PIXELS = 150_000_000      # refused above this (Pillow itself refuses > 2 × 89.5 M)
MAX_SIDE = 1024               # load_image shrinks larger images to this longest side
FIT = 20                      # MNIST: the character fits a 20×20 box ...
SIZE = 28                     # ... centred by mass in a 28×28 field
STYLES = ("mnist", "notmnist")  # how each dataset's images were made (see to_mnist)
CENTRE = 14.0                 # mean centre of mass of MNIST digits (row, column indices)
SUPER = 4                     # fit at 4× (80×80), then box-average down: MNIST-like antialiasing
# A thin pen's strokes are thickened to this width (pixels at the 20×20 scale). Measured on
# MNIST's training digits with stroke_width at ink MASK_LEVEL: median 2.16 px (quartiles 1.86 and
# 2.5) and 100 pixels' worth of ink; a pen thickened to 1.9 comes out at 2.2 px and 98 (after
# the box-averaging down), where the earlier 2.5 gave 2.75 px and 129, thicker than 3 in 4 MNIST
# digits, and closed the gaps that tell an open 4 from a 9.
TARGET_STROKE = 1.9
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

    The ink as lab.core.ink judges it (polarity, lighting, threshold), specks dropped, then
    the way the model's dataset was made: "mnist" fits 20×20 keeping the aspect ratio with
    the centre of mass at the centre; "notmnist" stretches the crop over the whole 28×28, as
    notMNIST's glyphs are. No ink → EmptyImageError.
    """
    ink = ink_map(gray)
    strokes = StrokeComponents(ink)
    specks = strokes.specks()
    if specks.size:
        ink = np.where(np.isin(strokes.owner(), specks), 0.0, ink)
    return fit_character(ink, style)


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


def fit_character(ink, style="mnist") -> np.ndarray:
    """An ink map (0 = paper) → crop to the strokes, then fit them as the dataset's images
    are made (see to_mnist). No stroke → EmptyImageError."""
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
    stroke = stroke_width(stroke_mask) * scale
    if stroke < TARGET_STROKE:  # thin pen on a big image: thicken like an MNIST pen
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


def stroke_width(mask):
    """Mean stroke width in pixels ≈ 2 × area / perimeter."""
    padded = np.pad(mask, 1)
    perimeter = (np.count_nonzero(padded[:, 1:] != padded[:, :-1])
                 + np.count_nonzero(padded[1:] != padded[:-1]))
    return 2.0 * np.count_nonzero(mask) / max(perimeter, 1)
