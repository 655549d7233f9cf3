"""Look inside a model: layers, filters, dense templates, feature maps, saliency.

Every function returns NumPy arrays ready to display (values 0..1 where stated). Inputs follow
the model convention: 28×28 images with pixel values 0..255, ink bright on black.
"""

import numpy as np
from lab.core.tensorflow_setup import import_tensorflow

import_tensorflow()  # first, so its start-up noise stays off stderr
import keras
from keras import ops

from lab.core.errors import ModelError

SKIPPED_KINDS = ("input", "dropout", "rescaling")
OCCLUSION_PATCH = 6
OCCLUSION_STRIDE = 2
SMOOTHGRAD_SAMPLES = 16
SMOOTHGRAD_NOISE = 0.15 * 255  # noise level in pixel units (input is 0..255)


def layer_kind(layer):
    """A short word for what a layer does: conv, pool, dense, flatten, dropout, …"""
    name = type(layer).__name__.lower()
    for word, kind in (("inputlayer", "input"), ("conv", "conv"), ("pool", "pool"),
                       ("dense", "dense"), ("flatten", "flatten"), ("dropout", "dropout"),
                       ("rescaling", "rescaling"), ("normalization", "norm"),
                       ("reshape", "reshape"), ("activation", "activation"),
                       ("softmax", "activation"), ("relu", "activation")):
        if word in name:
            return kind
    return name


def tile(images, columns=None, pad=1, fill=np.nan):
    """Lay out ``images`` (n, h, w) as one 2-D mosaic, ``columns`` wide, ``pad`` pixels apart."""
    images = np.asarray(images, dtype=np.float32)
    n, h, w = images.shape
    columns = columns or int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / columns))
    mosaic = np.full((rows * (h + pad) - pad, columns * (w + pad) - pad), fill, np.float32)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        mosaic[r * (h + pad):r * (h + pad) + h, c * (w + pad):c * (w + pad) + w] = image
    return mosaic


def activation_image(activation, strip_width=32):
    """A 2-D picture of one layer's activation: channels tiled, vectors as a strip (NaN = gap).

    Values are scaled by the layer's largest magnitude so dead channels stay dark.
    """
    activation = np.asarray(activation, dtype=np.float32)
    top = float(np.max(np.abs(activation))) if activation.size else 0.0
    scaled = activation / top if top > 0 else activation
    if scaled.ndim == 3:
        channels = scaled.transpose(2, 0, 1)
        columns = int(np.ceil(np.sqrt(len(channels) * 2)))  # wider than tall suits a screen
        return tile(channels, columns=min(columns, len(channels)))
    flat = scaled.reshape(-1)
    width = min(strip_width, max(len(flat), 1))
    rows = int(np.ceil(len(flat) / width))
    strip = np.full(rows * width, np.nan, np.float32)
    strip[:len(flat)] = flat
    return strip.reshape(rows, width)


def normalise(array, symmetric=False):
    """Scale to 0..1; ``symmetric`` maps 0 to 0.5 so the sign of weights stays visible."""
    array = np.asarray(array, dtype=np.float32)
    if symmetric:
        scale = float(np.max(np.abs(array))) if array.size else 0.0
        return 0.5 + 0.5 * array / scale if scale > 0 else np.full_like(array, 0.5)
    low, high = (float(array.min()), float(array.max())) if array.size else (0.0, 0.0)
    return (array - low) / (high - low) if high > low else np.zeros_like(array)


SALIENCY_METHODS = ("gradient", "occlusion", "gradcam", "integrated")


class ModelInspector:
    """Inspection of one Keras model; caches the probe model used for feature maps."""

    def __init__(self, model):
        self.model = model
        self._probe = None

    # ----- structure and weights ---------------------------------------------------------
    def layer_summaries(self):
        """[{name, kind, output_shape, parameters}] for every layer, in order."""
        summaries = []
        for layer in self.model.layers:
            try:
                shape = tuple(layer.output.shape[1:])
            except (AttributeError, ValueError):
                shape = ()
            summaries.append({"name": layer.name, "kind": layer_kind(layer),
                              "output_shape": shape, "parameters": int(layer.count_params())})
        return summaries

    def conv_layers(self):
        """Names of the layers that have a 4-D (kh, kw, in, out) kernel."""
        return [layer.name for layer in self.model.layers
                if layer_kind(layer) == "conv" and len(getattr(layer, "kernel").shape) == 4]

    def conv_filters(self, layer_name):
        """Kernels of a conv layer as (n_filters, kh, kw), mean over in-channels, each 0..1."""
        if layer_name not in self.conv_layers():
            raise ModelError(f"layer {layer_name!r} is not a convolution layer: choose one of "
                             f"{', '.join(self.conv_layers()) or '(none in this model)'}")
        kernel = np.asarray(self.model.get_layer(layer_name).kernel)  # (kh, kw, in, out)
        filters = kernel.mean(axis=2).transpose(2, 0, 1)
        return np.stack([normalise(f) for f in filters])

    def dense_templates(self):
        """Weights of the first Dense layer as (units, 28, 28) images, 0.5 = zero weight."""
        for layer in self.model.layers:
            kind = layer_kind(layer)
            if kind == "conv":
                break
            if kind == "dense":
                kernel = np.asarray(layer.kernel)  # (inputs, units)
                if kernel.shape[0] != 28 * 28:
                    break
                templates = kernel.T.reshape(-1, 28, 28)
                return np.stack([normalise(t, symmetric=True) for t in templates])
        raise ModelError("this model has no dense layer that reads the 28×28 pixels directly: "
                         "templates exist only for dense models such as softmax or mlp")

    # ----- activations -------------------------------------------------------------------
    def _shown_layers(self):
        return [layer for layer in self.model.layers if layer_kind(layer) not in SKIPPED_KINDS]

    def _activations(self, x, layers):
        """Outputs of ``layers`` for the batch ``x``, via one probe model or layer by layer."""
        if self._probe is None:
            try:
                inputs = self.model.inputs
                inputs = inputs[0] if len(inputs) == 1 else inputs
                self._probe = keras.Model(inputs, [l.output for l in layers])
            except (AttributeError, ValueError, TypeError):
                self._probe = False
        if self._probe is not False:
            outputs = self._probe(x, training=False)
            return [np.asarray(o) for o in outputs]
        if not isinstance(self.model, keras.Sequential):
            raise ModelError("cannot read this model's layer outputs: only Sequential or "
                             "functional Keras models can be inspected")
        wanted, outputs, h = set(id(l) for l in layers), [], x
        for layer in self.model.layers:
            h = layer(h, training=False)
            if id(layer) in wanted:
                outputs.append(np.asarray(h))
        return outputs

    def feature_maps(self, image28):
        """[(layer name, activation without the batch axis)] for every visible layer."""
        layers = self._shown_layers()
        outputs = self._activations(as_batch(image28), layers)
        return [(layer.name, out[0]) for layer, out in zip(layers, outputs)]

    def probabilities(self, image28):
        """The model's output (K,) for one image."""
        return np.asarray(self.model(as_batch(image28), training=False))[0]

    # ----- saliency ----------------------------------------------------------------------
    def _score(self, x, class_index):
        """Pre-softmax score of ``class_index`` so gradients do not vanish at p ≈ 1; for a
        model that is not a plain stack (an ensemble), its log-probability."""
        if not isinstance(self.model, keras.Sequential):
            probabilities = self.model(x, training=False)
            return ops.log(ops.maximum(probabilities, 1e-12))[:, class_index]
        last = self.model.layers[-1]
        hidden = x
        for layer in self.model.layers[:-1]:
            hidden = layer(hidden, training=False)
        if layer_kind(last) == "dense" and getattr(last, "activation", None) is not None \
                and last.activation.__name__ == "softmax":
            logits = ops.matmul(hidden, last.kernel)
            logits = logits + last.bias if last.use_bias else logits
        elif layer_kind(last) == "activation":
            logits = hidden
        else:
            logits = ops.log(ops.maximum(last(hidden, training=False), 1e-12))
        return logits[:, class_index]

    def saliency(self, image28, class_index=None, method="gradient"):
        """(28, 28) map in 0..1 of how much each pixel drives the class score: SmoothGrad
        ("gradient"), occlusion, Grad-CAM ("gradcam") or the positive part of integrated
        gradients ("integrated"; lab.core.attribution)."""
        if class_index is None:
            class_index = int(np.argmax(self.probabilities(image28)))
        if method == "gradient":
            heat = self._gradient_map(image28, int(class_index))
        elif method == "occlusion":
            heat = self._occlusion_map(image28, int(class_index))
        elif method in ("gradcam", "integrated"):
            from lab.core import attribution

            heat = (attribution.grad_cam(self.model, image28, int(class_index))
                    if method == "gradcam" else
                    attribution.integrated_gradients(self.model, image28, int(class_index))[0])
        else:
            raise ModelError(f"unknown saliency method {method!r}: use one of "
                             f"{', '.join(SALIENCY_METHODS)}")
        heat = np.clip(np.nan_to_num(heat), 0, None)
        top = float(np.percentile(heat, 99.5)) if heat.any() else 0.0
        return np.clip(heat / top, 0, 1).astype(np.float32) if top > 0 else heat.astype(np.float32)

    def _gradient_map(self, image28, class_index, samples=SMOOTHGRAD_SAMPLES):
        """SmoothGrad: |∂score/∂pixel| averaged over noisy copies, far less speckled."""
        import tensorflow as tf  # the gradient tape is backend-specific

        base = as_batch(image28)
        noise = np.random.default_rng(0).normal(0, SMOOTHGRAD_NOISE, (samples - 1, 28, 28, 1))
        x = tf.convert_to_tensor(np.concatenate([base, base + noise.astype(np.float32)]))
        with tf.GradientTape() as tape:
            tape.watch(x)
            score = tf.reduce_sum(self._score(x, class_index))
        grad = tape.gradient(score, x)
        if grad is None:
            return np.zeros((28, 28), np.float32)
        return np.abs(grad.numpy()[..., 0]).mean(axis=0)

    def _occlusion_map(self, image28, class_index, patch=OCCLUSION_PATCH,
                       stride=OCCLUSION_STRIDE):
        """Score drop when a patch×patch square is blanked, averaged over covering patches."""
        base = as_batch(image28)
        positions = [(r, c) for r in range(0, 28 - patch + 1, stride)
                     for c in range(0, 28 - patch + 1, stride)]
        batch = np.repeat(base, len(positions), axis=0)
        for i, (r, c) in enumerate(positions):
            batch[i, r:r + patch, c:c + patch, 0] = 0.0
        reference = float(np.asarray(self._score(base, class_index))[0])
        scores = np.concatenate([np.asarray(self._score(batch[i:i + 256], class_index))
                                 for i in range(0, len(batch), 256)])
        drop, count = np.zeros((28, 28), np.float32), np.zeros((28, 28), np.float32)
        for (r, c), score in zip(positions, scores):
            drop[r:r + patch, c:c + patch] += reference - float(score)
            count[r:r + patch, c:c + patch] += 1
        return drop / np.maximum(count, 1)


def as_batch(image28):
    """One 28×28 image (0..255) → float32 (1, 28, 28, 1)."""
    image = np.asarray(image28, dtype=np.float32)
    if image.shape not in ((28, 28), (28, 28, 1)):
        raise ModelError(f"expected a 28×28 image, got shape {image.shape}: "
                         "preprocess it with lab.core.preprocess.to_mnist first")
    return image.reshape(1, 28, 28, 1)


def layer_summaries(model):
    """[{name, kind, output_shape, parameters}] for every layer of ``model``."""
    return ModelInspector(model).layer_summaries()


def conv_filters(model, layer_name):
    """(n_filters, kh, kw) kernels of a conv layer, each normalised to 0..1."""
    return ModelInspector(model).conv_filters(layer_name)


def dense_templates(model):
    """(units, 28, 28) first-Dense-layer weights, symmetric 0..1 (0.5 = zero)."""
    return ModelInspector(model).dense_templates()


def feature_maps(model, image28):
    """[(layer name, activation array)] layer by layer for one 28×28 input."""
    return ModelInspector(model).feature_maps(image28)


def saliency(model, image28, class_index=None, method="gradient"):
    """(28, 28) saliency map in 0..1 for ``class_index`` (default: the predicted class)."""
    return ModelInspector(model).saliency(image28, class_index, method)
