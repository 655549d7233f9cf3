"""Random distortions of training batches, as each dataset's images vary (tf.data ops).

Only training batches are distorted; nothing here is saved in a model.
"""

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()
import keras


POLICIES = ("move", "glyph")
DEFAULT_POLICY = {"mnist": "move", "notmnist": "glyph"}


def default_policy(dataset_name):
    """The policy that fits how the dataset's images were made ("move" when unknown)."""
    return DEFAULT_POLICY.get(dataset_name, "move")


def augmentation(policy, seed):
    """The random distortions of a training batch under `policy`.

    "move" (MNIST's default): digits sit in a 20×20 box inside the frame, so they are
    rotated, zoomed and shifted there. "glyph" (notMNIST's default): notMNIST glyphs fill the
    whole frame (the font's box is stretched over it), so they are rotated and slanted like
    italic fonts, then their ink box is stretched back over the frame, as the fonts were
    rendered; nothing is cut off. Both also vary the stroke thickness.
    """
    if policy == "glyph":
        distort = keras.Sequential([
            keras.layers.RandomRotation(8 / 360, fill_mode="constant", seed=seed),
            keras.layers.RandomShear(x_factor=0.2, fill_mode="constant", seed=seed)])
        return lambda images: refit_to_ink(vary_thickness(distort(images, training=True)))
    if policy != "move":
        raise ValueError(f"unknown augmentation {policy!r}: choose one of {POLICIES}")
    distort = keras.Sequential([
        keras.layers.RandomRotation(10 / 360, fill_mode="constant", seed=seed),
        keras.layers.RandomZoom(0.1, fill_mode="constant", seed=seed),
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed)])
    return lambda images: vary_thickness(distort(images, training=True))


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
