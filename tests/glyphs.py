"""Generated test images: characters rendered with Pillow's bundled font (no data files)."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont


def make_glyph(text, size=28, font_size=None, offset=(0, 0), stroke=0, invert=False):
    """Render ``text`` centred on a size×size canvas: uint8, white ink on black.

    ``invert`` gives dark ink on white paper; ``stroke`` thickens the ink by that many pixels.
    """
    font = ImageFont.load_default(size=font_size or int(size * 0.7))
    canvas = Image.new("L", (size * 3, size * 3), 0)
    draw = ImageDraw.Draw(canvas)
    draw.text((size * 1.5, size * 1.5), text, fill=255, font=font, anchor="mm",
              stroke_width=stroke, stroke_fill=255)
    box = (size + offset[0], size + offset[1], 2 * size + offset[0], 2 * size + offset[1])
    image = np.asarray(canvas.crop(box), dtype=np.uint8)
    return 255 - image if invert else image


def glyph_dataset_arrays(class_names, per_class, seed=0):
    """Learnable synthetic 28×28 images: each class is its glyph, jittered in position and size."""
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for label, name in enumerate(class_names):
        for _ in range(per_class):
            dx, dy = rng.integers(-2, 3, size=2)
            glyph = make_glyph(name, font_size=int(rng.integers(16, 22)), offset=(int(dx), int(dy)))
            noise = rng.integers(0, 30, size=glyph.shape)
            images.append(np.clip(glyph.astype(int) + noise * (glyph == 0), 0, 255))
            labels.append(label)
    order = rng.permutation(len(labels))
    return np.asarray(images, dtype=np.uint8)[order], np.asarray(labels, dtype=np.int64)[order]
