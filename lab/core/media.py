"""Drawings re-rendered as if written on paper: how a model would read the same writing
scanned, in pencil, photographed with a phone, or written with a marker.

NumPy + Pillow only. A robustness probe, not training data: ``evaluate --drawings FOLDER
--medium scan`` scores a folder of tablet or pad drawings as paper copies of themselves, so
a reading that leans on the tablet's clean black-on-white can be told from one that
survives the media people really use. Each image gets its own paper, ink, enlargement,
blur, noise and JPEG quality, drawn from a seeded generator (the same seed, the same copies):

- scan: dark ink (50–150) on paper grey 185–235, the writing enlarged 1.5–3 × (a scanner's
  resolution) and blurred as its optics do, sensor noise, JPEG at quality 60–90;
- pencil: as a scan, but the ink only 35–70 grey levels darker than the paper;
- photo: as a scan, with light falling off towards the corners and across the page;
- marker: as a scan, the strokes first thickened by 5, 7 or 9 pixels.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageFilter

from lab.core.ink import ink_map

MEDIA = ("scan", "pencil", "photo", "marker")


class PaperCopy:
    """Renders ink images as paper copies in one medium: ``PaperCopy("scan")(gray)``."""

    def __init__(self, medium, seed=0):
        if medium not in MEDIA:
            raise ValueError(f"unknown medium {medium!r}: choose one of {', '.join(MEDIA)}")
        self.medium = medium
        self.rng = np.random.default_rng(seed)

    def __call__(self, gray) -> np.ndarray:
        """Any 2-D image of writing (either polarity) → float32 0..255 gray: dark ink on
        lighter paper. EmptyImageError when it holds no ink."""
        rng = self.rng
        ink = Image.fromarray(np.round(ink_map(gray)).astype(np.uint8))
        scale = rng.uniform(1.5, 3.0)
        ink = ink.resize((max(1, round(ink.width * scale)), max(1, round(ink.height * scale))),
                         Image.Resampling.BICUBIC)
        if self.medium == "marker":
            ink = ink.filter(ImageFilter.MaxFilter(int(rng.choice([5, 7, 9]))))
        ink = ink.filter(ImageFilter.GaussianBlur(rng.uniform(0.25, 0.75) * scale))
        share = np.asarray(ink, dtype=np.float32) / 255.0   # 1 where the pen was
        paper = rng.uniform(185.0, 235.0)
        dark = paper - rng.uniform(35.0, 70.0) if self.medium == "pencil" \
            else rng.uniform(50.0, 150.0)
        gray = paper - (paper - dark) * share
        if self.medium == "photo":
            gray *= self._lighting(share.shape)
        gray += rng.normal(0.0, rng.uniform(2.0, 6.0), gray.shape)
        copy = Image.fromarray(np.clip(gray, 0, 255).astype(np.uint8))
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=int(rng.integers(60, 91)))
        with Image.open(buffer) as compressed:
            return np.asarray(compressed.convert("L"), dtype=np.float32)

    def _lighting(self, shape):
        """A phone's light: brighter or darker towards the corners, and across the page."""
        height, width = shape
        y, x = np.mgrid[0:height, 0:width] / max(height, width)
        corners = self.rng.uniform(-0.6, 0.6) * ((x - 0.5) ** 2 + (y - 0.5) ** 2)
        return (1.0 + corners + self.rng.uniform(-0.1, 0.1) * (x - 0.5)).astype(np.float32)
