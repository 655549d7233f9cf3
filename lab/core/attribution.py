"""Which pixels made the model say a class: Grad-CAM and integrated gradients.

Both explain a class *score*: the pre-softmax logit of a plain stack of layers, the
log-probability of any other model (an ensemble averages probabilities, so it has no single
logit). Grad-CAM weighs the last convolution's channels by the score's gradient (for an
ensemble, each member's last convolution, averaged); integrated gradients add up the
gradient along a straight path from a blank image, so the attributions sum to the score's
change from the blank image to this one (completeness).
"""

import numpy as np

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()
import keras
from keras import ops

from lab.core.errors import ModelError

IG_STEPS = 64


def class_scores(model, x):
    """(N, K) scores of every class for the batch ``x``: the logits of a Sequential model
    whose last layer is a softmax Dense, else the log-probabilities."""
    if isinstance(model, keras.Sequential):
        last = model.layers[-1]
        activation = getattr(getattr(last, "activation", None), "__name__", "")
        if activation == "softmax" and hasattr(last, "kernel"):
            hidden = x
            for layer in model.layers[:-1]:
                hidden = layer(hidden, training=False)
            logits = ops.matmul(hidden, last.kernel)
            return logits + last.bias if last.use_bias else logits
    return ops.log(ops.maximum(model(x, training=False), 1e-12))


def class_score(model, x, class_index):
    """(N,) score of ``class_index`` for the batch ``x`` (see class_scores)."""
    return class_scores(model, x)[:, class_index]


def integrated_gradients(model, image28, class_index, steps=IG_STEPS, baseline=None):
    """(attributions (28, 28) signed, score(image) − score(baseline)) for one 28×28 image
    (0..255); the baseline defaults to a blank image. The attributions sum to the difference
    up to the error of the trapezoid rule over ``steps`` intervals."""
    image = _batch(image28)
    start = np.zeros_like(image) if baseline is None else _batch(baseline)
    alphas = np.linspace(0.0, 1.0, steps + 1, dtype=np.float32).reshape(-1, 1, 1, 1)
    path = tf.convert_to_tensor(start + alphas * (image - start))
    gradients = []
    for begin in range(0, steps + 1, 32):  # in slices: a big model's batch stays small
        chunk = path[begin:begin + 32]
        with tf.GradientTape() as tape:
            tape.watch(chunk)
            score = tf.reduce_sum(class_score(model, chunk, class_index))
        gradient = tape.gradient(score, chunk)
        if gradient is None:
            raise ModelError("this model's output does not depend on its input pixels: "
                             "integrated gradients need a differentiable model")
        gradients.append(gradient.numpy())
    gradients = np.concatenate(gradients)
    average = (gradients[:-1] + gradients[1:]).mean(axis=0) / 2.0  # trapezoid rule
    attributions = ((image - start)[0] * average)[..., 0]
    ends = np.asarray(class_score(model, tf.convert_to_tensor(np.concatenate([start, image])),
                                  class_index))
    return attributions.astype(np.float32), float(ends[1] - ends[0])


def conv_outputs(model):
    """The feature map of each member's last convolution block — after its normalisation and
    activation, before pooling (a plain model has one member; an ensemble's members are the
    layers named m1_…, m2_…); [] for a model without convolutions."""
    if not any(type(layer).__name__.startswith("Conv") for layer in model.layers):
        return []
    last = {}
    for layer in model.layers:
        kind = type(layer).__name__
        if len(getattr(layer, "output", ()).shape) != 4 or "Pool" in kind \
                or kind in ("Rescaling", "Dropout", "InputLayer"):
            continue
        member = layer.name.split("_", 1)[0] if layer.name[:1] == "m" and "_" in layer.name \
            else ""
        last[member] = layer  # layers come in order: the latest one wins
    return list(last.values())


def grad_cam(model, image28, class_index):
    """(28, 28) Grad-CAM heat in 0..1 for one 28×28 image (0..255): the last convolution's
    channels weighted by the mean gradient of the class score, positive part, upsampled.
    Averaged over the members of an ensemble."""
    layers = conv_outputs(model)
    if not layers:
        raise ModelError("Grad-CAM needs a convolution layer and this model has none: use "
                         "integrated gradients, SmoothGrad or occlusion instead")
    heads = [layer for layer in model.layers if hasattr(layer, "kernel")
             and getattr(getattr(layer, "activation", None), "__name__", "") == "softmax"]
    if not heads:
        raise ModelError("Grad-CAM needs the model's softmax layer: use a model made by this lab")
    x = tf.convert_to_tensor(_batch(image28))
    with tf.GradientTape() as tape:
        maps, hidden = _maps_and_head_inputs(model, layers, heads, x)
        # the class logit of each classifier (each ensemble member's): a probability near 1
        # would have next to no gradient
        score = tf.add_n([ops.matmul(h, head.kernel)[:, class_index]
                          + (head.bias[class_index] if head.use_bias else 0.0)
                          for h, head in zip(hidden, heads)])
    gradients = tape.gradient(score, maps)
    heat = np.zeros((28, 28), np.float32)
    for activation, gradient in zip(maps, gradients):
        if gradient is None:
            continue
        weights = np.asarray(gradient)[0].mean(axis=(0, 1))          # one weight a channel
        cam = np.maximum(np.asarray(activation)[0] @ weights, 0.0)  # (h, w)
        heat += np.asarray(tf.image.resize(cam[None, ..., None], (28, 28)))[0, ..., 0]
    top = float(heat.max())
    return (heat / top).astype(np.float32) if top > 0 else heat


def _maps_and_head_inputs(model, layers, heads, x):
    """The chosen feature maps and the classifiers' inputs, from one forward pass (a
    Sequential model is run layer by layer: a probe model built from its layers would compute
    the two from separate copies of the graph, and no gradient would join them)."""
    if isinstance(model, keras.Sequential):
        maps, hidden = [], x
        for layer in model.layers[:-1]:
            hidden = layer(hidden, training=False)
            if layer in layers:
                maps.append(hidden)
        return maps, [hidden]
    try:
        inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
        probe = keras.Model(inputs, [layer.output for layer in layers]
                            + [head.input for head in heads])
    except (AttributeError, ValueError, TypeError):
        raise ModelError("cannot read this model's convolution outputs: Grad-CAM needs a "
                         "Sequential or functional Keras model") from None
    outputs = probe(x, training=False)
    return outputs[:len(layers)], outputs[len(layers):]


def _batch(image28):
    image = np.asarray(image28, dtype=np.float32)
    if image.shape not in ((28, 28), (28, 28, 1)):
        raise ModelError(f"expected a 28×28 image, got shape {image.shape}: preprocess it "
                         f"with lab.core.preprocess.to_mnist first")
    return image.reshape(1, 28, 28, 1)
