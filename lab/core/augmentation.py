"""Random distortions of training batches, as each dataset's images vary (tf.data ops).

Only training batches are distorted; nothing here is saved in a model.
"""

import numpy as np

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()
import keras


POLICIES = ("move", "glyph", "elastic", "elastic-glyph")
DEFAULT_POLICY = {"mnist": "move", "notmnist": "glyph"}
ELASTIC_ALPHA = 34.0   # Simard et al. (2003) on 28×28 MNIST
ELASTIC_SIGMA = 4.0
GLYPH_ELASTIC_ALPHA = 20.0   # milder: a glyph fills the frame, so the same field bends it more


def default_policy(dataset_name):
    """The policy that fits how the dataset's images were made ("move" when unknown)."""
    return DEFAULT_POLICY.get(dataset_name, "move")


def augmentation(policy, seed):
    """The random distortions of a training batch under `policy`.

    "move" (MNIST's default): digits sit in a 20×20 box inside the frame, so they are
    rotated, zoomed and shifted there. "glyph" (notMNIST's default): notMNIST glyphs fill the
    whole frame (the font's box is stretched over it), so they are rotated and slanted like
    italic fonts, then their ink box is stretched back over the frame, as the fonts were
    rendered; nothing is cut off. "elastic": as "move", then each image is bent by a smooth
    random displacement field (Simard et al., 2003), as different writers bend the same
    shape. "elastic-glyph": as "glyph", bent by a milder field before the ink box is
    stretched back over the frame (the shape bends, yet fills the frame as notMNIST's do).
    All vary the stroke thickness.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown augmentation {policy!r}: choose one of {POLICIES}")
    fills_frame = policy in ("glyph", "elastic-glyph")
    if fills_frame:
        distort = keras.Sequential([
            keras.layers.RandomRotation(8 / 360, fill_mode="constant", seed=seed),
            keras.layers.RandomShear(x_factor=0.2, fill_mode="constant", seed=seed)])
    else:
        distort = keras.Sequential([
            keras.layers.RandomRotation(10 / 360, fill_mode="constant", seed=seed),
            keras.layers.RandomZoom(0.1, fill_mode="constant", seed=seed),
            keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed)])
    bend = {"elastic": ELASTIC_ALPHA, "elastic-glyph": GLYPH_ELASTIC_ALPHA}.get(policy)

    def distorted(images):
        images = distort(images, training=True)
        if bend is not None:
            images = elastic_warp(images, alpha=bend)
        images = vary_thickness(images)
        return refit_to_ink(images) if fills_frame else images
    return distorted


def preview(images, policy, draws=3):
    """``images`` (N, 28, 28), 0..255 → uint8 (draws, N, 28, 28): each image as ``draws``
    training batches would see it under ``policy``, every draw distorted anew."""
    batch = tf.constant(np.asarray(images, np.float32)[..., None])
    distort = augmentation(policy, seed=None)
    return np.stack([np.clip(np.asarray(distort(batch))[..., 0], 0, 255).astype(np.uint8)
                     for _ in range(draws)])


def elastic_warp(images, alpha=ELASTIC_ALPHA, sigma=ELASTIC_SIGMA):
    """Move every pixel by a smooth random field: uniform noise in -1..1 per pixel and
    direction, blurred by a Gaussian of ``sigma`` pixels, times ``alpha`` (Simard et al.'s
    elastic distortion; 34 and 4 move the strokes of a 28×28 digit by 1-2 pixels, bending
    it as a whole rather than making it ragged). Bilinear sampling, paper beyond the frame.
    (keras.layers.RandomElasticTransform ties its strength to its smoothness and draws the
    same field for both directions, so strokes only ever bend diagonally.)"""
    shape = tf.shape(images)
    batch, height, width = shape[0], shape[1], shape[2]
    side = 2 * int(2 * sigma) + 1   # the Gaussian out to two sigmas each side
    noise = tf.random.uniform([batch, height, width, 2], -1.0, 1.0)
    field = alpha * keras.ops.image.gaussian_blur(noise, (side, side), (sigma, sigma))
    rows, cols = tf.meshgrid(tf.range(height, dtype=tf.float32),
                             tf.range(width, dtype=tf.float32), indexing="ij")
    return _bilinear(images, rows[None] + field[..., 0], cols[None] + field[..., 1])


def _bilinear(images, rows, cols):
    """images (B, H, W, 1) sampled at (B, H, W) fractional rows/cols; 0 outside the frame.
    (keras.ops.image.map_coordinates does this too, but needs the batch size when traced,
    which a tf.data pipeline does not know.)"""
    shape = tf.shape(images)
    height, width = shape[1], shape[2]
    padded = tf.pad(images[..., 0], [[0, 0], [1, 1], [1, 1]])  # a border of paper
    rows = tf.clip_by_value(rows + 1.0, 0.0, tf.cast(height, tf.float32) + 1.0)
    cols = tf.clip_by_value(cols + 1.0, 0.0, tf.cast(width, tf.float32) + 1.0)
    top = tf.minimum(tf.floor(rows), tf.cast(height, tf.float32))
    left = tf.minimum(tf.floor(cols), tf.cast(width, tf.float32))
    down, right = rows - top, cols - left
    top, left = tf.cast(top, tf.int32), tf.cast(left, tf.int32)

    def at(r, c):
        return tf.gather_nd(padded, tf.stack([r, c], axis=-1), batch_dims=1)

    upper = at(top, left) * (1 - right) + at(top, left + 1) * right
    lower = at(top + 1, left) * (1 - right) + at(top + 1, left + 1) * right
    return (upper * (1 - down) + lower * down)[..., None]


def vary_thickness(images):
    """Thicken (2×2 dilation) a quarter of the images and thin (erosion) a sixth of them,
    so pens thicker or thinner than MNIST's are read too."""
    dilated = tf.nn.max_pool2d(images, 2, 1, "SAME")
    eroded = -tf.nn.max_pool2d(-images, 2, 1, "SAME")
    choice = tf.random.uniform([tf.shape(images)[0], 1, 1, 1])
    return tf.where(choice < 0.25, dilated, tf.where(choice > 5 / 6, eroded, images))


def refit_to_ink(images, level=32.0):
    """Stretch each image's ink box (pixels above `level`) over the whole 28×28 frame."""
    size = images.shape[1]
    ink = images[..., 0] > level
    positions = tf.range(size, dtype=tf.float32)

    def span(mask):   # first and last inked row (or column), 0..1; the whole frame if blank
        first = tf.reduce_min(tf.where(mask, positions, float(size)), axis=1)
        last = tf.reduce_max(tf.where(mask, positions, -1.0), axis=1)
        blank = first > last
        return (tf.where(blank, 0.0, first) / (size - 1),
                tf.where(blank, size - 1.0, last) / (size - 1))

    top, bottom = span(tf.reduce_any(ink, axis=2))
    left, right = span(tf.reduce_any(ink, axis=1))
    boxes = tf.stack([top, left, bottom, right], axis=1)
    return tf.image.crop_and_resize(images, boxes, tf.range(tf.shape(images)[0]),
                                    (size, size))
