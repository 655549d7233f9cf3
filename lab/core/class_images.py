"""What a class looks like to the network: activation maximisation.

Starting from grey noise, gradient ascent on the class score (the logit of a plain model,
the log-probability of an ensemble; lab.core.attribution.class_score) makes the image the
network finds most typical of the class. Regularisation keeps it readable instead of
adversarial noise: a random jitter of a few pixels each step, a Gaussian blur every few
steps, a small total-variation and an L2 penalty (ink only where it helps, on black as in
MNIST), pixels kept within 0..255. All classes are optimised together, one batch per step.

filter_images does the same for the filters of a convolution layer: the objective is a
filter's mean activation over the layer's positions instead of a class score.
"""

import numpy as np

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()

from lab.core.attribution import class_scores
from lab.core.errors import ModelError

STEPS = 300
LEARNING_RATE = 6.0      # in pixel units (0..255)
JITTER = 2               # pixels, each direction
BLUR_EVERY = 8
TV_WEIGHT = 0.05        # against a unit-sized score gradient
L2_WEIGHT = 1.0         # pulls the background to black, as MNIST is
# Classes and filters start from grey noise: a black start leaves the ReLUs of a conv layer
# with a fused activation (cnn, lenet, fast) dead everywhere, with no gradient to climb; the L2
# penalty then pulls the background to black.
FILTER_START = 96.0


def class_images(model, classes, steps=STEPS, seed=0, progress=None):
    """(len(classes), 28, 28) float32 images in 0..255, one per class index."""
    classes = [int(k) for k in classes]
    if not classes:
        raise ModelError("no class to draw: give at least one class")
    picks = tf.constant(classes)
    return _ascend(lambda x: tf.gather(class_scores(model, x), picks, axis=1, batch_dims=1),
                   len(classes), steps, seed, progress, "drawing the classes",
                   start_level=FILTER_START)


def filter_images(model, layer_name, filters, steps=STEPS, seed=0, progress=None):
    """(len(filters), 28, 28) float32 images in 0..255: for each filter index of the conv
    layer ``layer_name``, the image that makes the filter's mean activation highest (same
    regularisation as class_images)."""
    filters = [int(k) for k in filters]
    if not filters:
        raise ModelError("no filter to draw: give at least one filter")
    probe = _layer_model(model, layer_name)
    picks = tf.constant(filters)
    return _ascend(lambda x: _filter_means(probe, x, picks), len(filters), steps, seed,
                   progress, f"drawing the filters of {layer_name}", start_level=FILTER_START)


def filter_activations(model, layer_name, images, filters):
    """(len(filters),) the mean activation of filter ``filters[i]`` on ``images[i]``."""
    probe = _layer_model(model, layer_name)
    x = tf.constant(np.asarray(images, np.float32)[..., None])
    return _filter_means(probe, x, tf.constant([int(k) for k in filters])).numpy()


def _layer_model(model, layer_name):
    """A model from the input to the layer's output (after the convolution's own activation,
    if it has one). A first layer without an activation is linear in the image: its best
    image is a plain bright or dark page, which is the truth about such a filter."""
    try:
        layer = model.get_layer(layer_name)
    except ValueError:
        raise ModelError(f"the model has no layer {layer_name!r}") from None
    if len(layer.output.shape) != 4:
        raise ModelError(f"layer {layer_name!r} is not a convolution layer: its filters "
                         f"cannot be drawn")
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    return tf.keras.Model(inputs, layer.output)


def _filter_means(probe, x, picks):
    """(N,) image i's mean activation of channel picks[i] over the layer's positions, an
    eighth of the map left out at each edge (the padding makes frames there)."""
    maps = probe(x, training=False)
    margin = maps.shape[1] // 8
    if margin:
        maps = maps[:, margin:-margin, margin:-margin]
    means = tf.reduce_mean(maps, axis=(1, 2))   # (N, channels)
    return tf.gather(means, picks, axis=1, batch_dims=1)


def filter_start(count, seed=0):
    """The grey noisy images filter_images starts from (count, 28, 28) in 0..255."""
    return _start(count, np.random.default_rng(seed), FILTER_START)[..., 0]


def _start(count, rng, level):
    noise = np.abs(rng.normal(0.0, 8.0, (count, 28, 28, 1))) if level == 0 else \
        rng.normal(level, 24.0, (count, 28, 28, 1))
    return np.clip(noise, 0.0, 255.0).astype(np.float32)


def _ascend(objective, count, steps, seed, progress, what, start_level=0.0):
    """Gradient ascent on objective(images) → (count,) with jitter, blur, TV and L2; each step
    one compiled graph (eager ops were ~8× slower)."""
    rng = np.random.default_rng(seed)
    image = tf.Variable(_start(count, rng, start_level))
    optimizer = tf.keras.optimizers.Adam(LEARNING_RATE)
    optimizer.build([image])

    @tf.function
    def step(shift, blur):
        with tf.GradientTape(persistent=True) as tape:
            shifted = tf.roll(image, shift=shift, axis=(1, 2))
            score = tf.reduce_sum(objective(shifted))
            variation = tf.reduce_sum(tf.image.total_variation(image))
        ascent = tape.gradient(score, image)
        if ascent is None:
            raise ModelError("this model's output does not depend on its input pixels")
        # Each image's score gradient scaled to unit size: the penalties then weigh the same
        # for every model, whatever the size of its gradients.
        size = tf.sqrt(tf.reduce_mean(tf.square(ascent), axis=(1, 2, 3), keepdims=True))
        gradient = (-ascent / (size + 1e-12) + TV_WEIGHT * tape.gradient(variation, image)
                    + L2_WEIGHT * image / 255.0)
        del tape
        optimizer.apply_gradients([(gradient, image)])
        if blur:
            image.assign(_blur(image))
        image.assign(tf.clip_by_value(image, 0.0, 255.0))

    for index in range(steps):
        shift = tf.constant(rng.integers(-JITTER, JITTER + 1, 2), tf.int32)
        step(shift, tf.constant(index % BLUR_EVERY == BLUR_EVERY - 1))
        if progress and index % 10 == 9:
            progress((index + 1) / steps, what)
    return image.numpy()[..., 0]


def class_probabilities(model, images, classes):
    """The probability each image gets for its own class."""
    probabilities = np.asarray(model(np.asarray(images, np.float32)[..., None],
                                     training=False))
    return probabilities[np.arange(len(classes)), classes]


def _blur(image):
    """A 3×3 Gaussian blur (σ ≈ 0.8): keeps the image smooth, as strokes are."""
    kernel = np.outer([1.0, 2.0, 1.0], [1.0, 2.0, 1.0]).astype(np.float32)
    kernel = (kernel / kernel.sum()).reshape(3, 3, 1, 1)
    return tf.nn.conv2d(image, kernel, strides=1, padding="SAME")
