"""Classify drawn or loaded images with a model: one character, or a line of them.

The Predictor owns an inference copy of the model (never the one being trained) and calls it
through a ``tf.function`` with a fixed (None, 28, 28, 1) signature: eager ``model(x)`` costs
tens of milliseconds per call on a CPU, the traced call about one. With
``compile_single=True`` (the drawing pad) small batches take a faster path: for a model
loaded from a folder, whose weights never change, a snapshot run by onnxruntime
(lab.core.onnx_forward: 2.5-3 × faster than XLA for the shipped models); for a model in
hand, perhaps still training, an XLA-compiled function of fixed shape (1, 28, 28, 1), which
follows its weights. Either costs a second or two when the Predictor is made — worth it for
a pad that predicts at every stroke, not for a command that reads a few files.
"""

from __future__ import annotations

import math

import numpy as np

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()
from lab.core import preprocess
from lab.core.errors import ImageError, ModelError
from lab.core.onnx_forward import OnnxForward
from lab.core.segmentation import Segmentation

INPUT_SHAPE = (28, 28, 1)
SMALL_BATCH = 32  # the pad's reading of a line: onnxruntime on one thread up to this many
# Close parts are read as one character unless the parts read apart are more than
# MERGE_ODDS^closeness times surer (product of their confidences): the preference for fewer
# characters fades as the gap grows and is gone at a clear gap; ties go to fewer characters.
# Measured on generated lines and pen-lifted characters (not on the dev handwriting): the
# models read two tightly written digits merged with full confidence ("99" → "9"), so every
# odds above 1 costs lines written with gaps under ~1/8 of the height (2 = 51-63% of them
# read right, 1 = 89%) while lines with ordinary gaps stay at 95-99%; 2 is kept because a
# pen-lifted character is the commoner case and its strokes are what this must keep together.
MERGE_ODDS = 2.0


class Predictor:
    """Probabilities, single-character and multi-character predictions from one model."""

    def __init__(self, model, class_names=None, copy=None, compile_single=False):
        """``model``: a keras model or a lab.core.storage.SavedModel.

        class_names default to the SavedModel's (or "0".."K-1"); a SavedModel's metadata also
        says how its images were made (the preprocessing style). ``copy``: predict from a
        clone, so training the original never disturbs predictions — by default for a bare
        keras model, not for a SavedModel (loaded from a folder, nobody else holds it); True
        clones a SavedModel's model too (one that is still training), False never clones.
        """
        saved = model if hasattr(model, "metadata") and hasattr(model, "model") else None
        if saved is not None:
            model = saved.model
            class_names = class_names if class_names is not None else saved.class_names
        if copy or (copy is None and saved is None):
            model = _inference_copy(model)
        self.model = model
        self.metadata = dict(saved.metadata) if saved is not None else {}
        # Letters models saw notMNIST's stretched glyphs; digits models MNIST's 20×20 fit.
        self.style = "notmnist" if self.metadata.get("dataset") == "notmnist" else "mnist"
        self._forward = tf.function(
            lambda x: self.model(x, training=False),
            input_signature=[tf.TensorSpec((None,) + INPUT_SHAPE, tf.float32)],
        )
        try:  # warm-up: traces once, so the first real call is fast
            outputs = int(self._forward(np.zeros((1,) + INPUT_SHAPE, np.float32)).shape[-1])
        except (ValueError, TypeError, tf.errors.OpError) as exc:
            raise ModelError(f"the model cannot classify 28×28 images ({exc}): "
                             f"load or train a model made by this lab") from None
        self._forward_small = self._fast_call(snapshot=saved is not None and not copy) \
            if compile_single else None
        if class_names is None:
            class_names = [str(i) for i in range(outputs)]
        self.class_names = tuple(str(name) for name in class_names)
        if len(self.class_names) != outputs:
            raise ModelError(f"the model has {outputs} outputs but {len(self.class_names)} class "
                             f"names were given: use the class names it was trained with")

    @classmethod
    def from_folder(cls, path, compile_single=False) -> "Predictor":
        """Load a saved model folder (model.keras + metadata.json) → Predictor."""
        from lab.core.storage import load_model

        return cls(load_model(path), compile_single=compile_single)

    @property
    def runtime(self) -> str:
        """What reads one image at a time: "onnxruntime", "XLA" or "TensorFlow"."""
        if isinstance(self._forward_small, OnnxForward):
            return "onnxruntime"
        return "TensorFlow" if self._forward_small in (None, self._forward) else "XLA"

    def set_weights(self, weights):
        """Replace the inference copy's weights (e.g. copied at the end of an epoch)."""
        try:
            self.model.set_weights(weights)
            if isinstance(self._forward_small, OnnxForward):  # a snapshot of the old weights
                self._forward_small = self._compiled_single()
        except ValueError as exc:
            raise ModelError(f"these weights do not fit the model ({exc}): "
                             f"create a new Predictor for a different architecture") from None

    def probabilities(self, images28) -> np.ndarray:
        """(N, 28, 28) images, 0..255 white ink on black → (N, K) float32 probabilities."""
        batch = np.asarray(images28, dtype=np.float32)
        if batch.ndim == 2:
            batch = batch[None]
        if batch.ndim == 3:
            batch = batch[..., None]
        if batch.shape[1:] != INPUT_SHAPE:
            raise ImageError(f"expected 28×28 images, got an array of shape {np.shape(images28)}: "
                             f"use preprocess.to_mnist first")
        if batch.shape[0] == 0:
            return np.zeros((0, len(self.class_names)), dtype=np.float32)
        output = np.asarray(self._call(batch), dtype=np.float32)
        sums = output.sum(axis=1, keepdims=True)
        if (output < 0).any() or not np.allclose(sums, 1.0, atol=1e-3):
            output = _softmax(output)  # a model that outputs logits
        return output

    def read(self, gray) -> dict:
        """Read any gray image: one character or a line of them, decided the same way for
        the CLI, the drawings score and the Draw tab.

        Segmentation finds the parts (strokes sharing a column, dots with their stems);
        where neighbouring parts are close (a lifted pen, or a tight line), each way of
        grouping them is classified in one batch and the reading with the best product of
        confidences wins, fewer characters on a tie (see MERGE_ODDS). One part costs one
        classification, as ``predict_image`` does. Returns {"text", "single", "characters":
        [{"box", "label", "confidence", "probabilities", "image28"}]}; "label",
        "confidence", "probabilities" and "image28" of the reading as a whole (the lowest
        confidence; probabilities and image28 None for several characters).
        No ink → EmptyImageError.
        """
        layout = Segmentation(gray)
        runs = layout.runs()
        images = np.stack([layout.image(start, stop, self.style) for start, stop in runs])
        probabilities = self.probabilities(images)
        chosen = _best_reading(layout, runs, probabilities.max(axis=1))
        characters = [{"box": layout.box(*runs[k]), **self._describe(probabilities[k]),
                       "image28": images[k]} for k in chosen]
        single = len(characters) == 1
        return {"text": "".join(c["label"] for c in characters), "single": single,
                "label": "".join(c["label"] for c in characters),
                "confidence": min(c["confidence"] for c in characters),
                "probabilities": characters[0]["probabilities"] if single else None,
                "image28": characters[0]["image28"] if single else None,
                "characters": characters}

    def predict_image(self, gray) -> dict:
        """The whole image as one character → {"label", "confidence", "probabilities",
        "image28"}, whatever segmentation would say. Raises EmptyImageError when there is no
        ink. Confidence thresholds are up to callers.
        """
        image28 = preprocess.to_mnist(gray, self.style)
        probabilities = self.probabilities(image28[None])[0]
        return {**self._describe(probabilities), "image28": image28}

    def read_text(self, gray) -> dict:
        """Same as ``read`` (kept for callers that expect a line of text)."""
        return self.read(gray)

    def _call(self, batch):
        """The model's outputs for a batch, by the fastest call made for its size."""
        fast = self._forward_small
        if fast is not None and len(batch) <= (
                SMALL_BATCH if isinstance(fast, OnnxForward) else 1):
            return fast(batch)
        return self._forward(batch)

    def _fast_call(self, snapshot):
        """onnxruntime for a model whose weights will not change (``snapshot``), where it
        can run the model; else the XLA-compiled single-image call."""
        if snapshot:
            try:
                return OnnxForward(self.model)
            except ModelError:
                pass  # no onnxruntime or tf2onnx, or a layer they lack: XLA reads the same
        return self._compiled_single()

    def _compiled_single(self):
        """The XLA-compiled call for one image, or the traced one where XLA cannot compile
        the model (the answer is the same, only slower)."""
        single = tf.function(lambda x: self.model(x, training=False), jit_compile=True,
                             input_signature=[tf.TensorSpec((1,) + INPUT_SHAPE, tf.float32)])
        try:
            single(np.zeros((1,) + INPUT_SHAPE, np.float32))
        except (ValueError, TypeError, NotImplementedError, tf.errors.OpError):
            return self._forward
        return single

    def _describe(self, probabilities):
        """One probability row → label, confidence and {class name: probability}."""
        best = int(np.argmax(probabilities))
        return {"label": self.class_names[best], "confidence": float(probabilities[best]),
                "probabilities": {name: float(p)
                                  for name, p in zip(self.class_names, probabilities)}}


def _best_reading(layout, runs, confidences):
    """Indices into ``runs`` that cover every part once with the best score: the sum of log
    confidences plus log(MERGE_ODDS) × the closeness of every gap read as inside a character."""
    bonus = math.log(MERGE_ODDS)
    best = [0.0] + [-math.inf] * len(layout)
    choice = [None] * (len(layout) + 1)
    for k in sorted(range(len(runs)), key=lambda k: runs[k][1]):
        start, stop = runs[k]
        inside = sum(layout.closeness(i) for i in range(start, stop - 1))
        score = best[start] + math.log(max(float(confidences[k]), 1e-12)) + bonus * inside
        if score > best[stop]:
            best[stop], choice[stop] = score, k
    chosen, stop = [], len(layout)
    while stop > 0:
        chosen.append(choice[stop])
        stop = runs[choice[stop]][0]
    return chosen[::-1]


def _inference_copy(model):
    """A separate model with the same architecture and weights."""
    import keras

    try:
        clone = keras.models.clone_model(model)
        clone.set_weights(model.get_weights())
    except (ValueError, TypeError, NotImplementedError):
        return model  # subclassed models cannot be cloned: use the model itself
    return clone


def _softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
