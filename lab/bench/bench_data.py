"""The benchmark's data: the MNIST it trains on, and generated stand-in images."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

DIGITS = tuple("0123456789")
LETTERS = tuple("ABCDEFGHIJ")
QUICK_SIZES = {"train": 600, "validation": 100, "test": 300}


def training_dataset(data_dir, quick, mnist=None):
    """(MNIST Dataset, note): full real data (``mnist`` if already loaded), or in quick a
    slice (generated digits if the real data is missing)."""
    from lab.core.datasets import Dataset, Split, load_dataset

    if mnist is None:
        try:
            mnist = load_dataset("mnist", data_dir)
        except Exception:  # noqa: BLE001 - quick falls back below; full says why
            if not quick:
                raise
    if not quick:
        return mnist, None
    sizes = [QUICK_SIZES[s] for s in ("train", "validation", "test")]
    if mnist is not None:
        splits = [mnist.split(s) for s in ("train", "validation", "test")]
        note = "toy slice of the real MNIST"
    else:
        images, labels = glyphs(DIGITS, sum(sizes) // 10 + 1, seed=3)
        edges = np.cumsum([0] + sizes)
        splits = [Split(images[a:b], labels[a:b], s) for a, b, s in
                  zip(edges, edges[1:], ("train", "validation", "test"))]
        note = "real MNIST not found: generated toy digits"
    parts = [Split(s.images[:n], s.labels[:n], s.name) for s, n in zip(splits, sizes)]
    return Dataset("mnist", "MNIST digits", DIGITS, *parts, source="bench", skipped=()), note


def glyphs(class_names, per_class, seed=0, size=28):
    """Learnable stand-in images: each class is its character in Pillow's bundled font,
    jittered in size and position, white on black; (uint8 (N,size,size), int64 labels)."""
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for _ in range(per_class):
        for label, name in enumerate(class_names):
            font = ImageFont.load_default(size=int(size * rng.uniform(0.55, 0.8)))
            canvas = Image.new("L", (size, size), 0)
            dx, dy = rng.uniform(-0.07, 0.07, size=2) * size
            ImageDraw.Draw(canvas).text((size / 2 + dx, size / 2 + dy), name, fill=255,
                                        font=font, anchor="mm",
                                        stroke_width=max(1, size // 40), stroke_fill=255)
            images.append(np.asarray(canvas, dtype=np.uint8))
            labels.append(label)
    order = rng.permutation(len(labels))
    return np.stack(images)[order], np.asarray(labels, dtype=np.int64)[order]

