"""Histograms over training: per layer, how its weights, its activations and its gradient
change from epoch to epoch (TensorBoard's "distributions", for the run in hand).

At each epoch end HistogramProbe.measure(model, epoch) takes, for every layer with a kernel
(Dense, Conv2D), a histogram of the kernel's values, a histogram of the layer's outputs on a
fixed batch of 256 images chosen at the start (the first 256 of the validation split, else of
the training split), and the gradient norm of the loss on that batch with respect to the
layer's weights (kernel and bias together, in inference mode: one GradientTape at epoch end,
not the optimizer's own batch gradients, which change every step).

Bin edges are fixed per layer at the first epoch: the range of that epoch's values, widened
by half its span on each side that is not bounded at 0 (ReLU outputs stay ≥ 0). Fixed edges
make the rows of a heatmap comparable, one x-axis for the whole run; a value outside them
counts in the end bin, and `outside` keeps the fraction that did, so a view can say so.

An ensemble's members are recorded one after another (`members` says whose row), all on the
first member's bin edges: members share an architecture, so their layers line up.
"""

import time
from dataclasses import dataclass, field, replace

import numpy as np

from lab.core.errors import ModelError

# TensorFlow is imported by the probe only: a window reads recorded histograms without it.
BINS = 40
FIXED_BATCH = 256
KINDS = ("weights", "activations")


@dataclass
class TrainingHistograms:
    """One row per recorded epoch. counts[kind] is (epochs, layers, BINS) int64,
    edges[kind] (layers, BINS + 1), outside[kind] (epochs, layers) the fraction beyond the
    edges, gradient_norms (epochs, layers), epochs and members (epochs,)."""

    layers: list
    edges: dict
    counts: dict = field(default_factory=dict)
    outside: dict = field(default_factory=dict)
    gradient_norms: np.ndarray = None
    epochs: np.ndarray = None
    members: np.ndarray = None

    def __post_init__(self):
        n = len(self.layers)
        for kind in KINDS:
            self.counts.setdefault(kind, np.zeros((0, n, BINS), np.int64))
            self.outside.setdefault(kind, np.zeros((0, n), np.float32))
        if self.gradient_norms is None:
            self.gradient_norms = np.zeros((0, n), np.float32)
        if self.epochs is None:
            self.epochs = np.zeros(0, np.int64)
        if self.members is None:
            self.members = np.ones(0, np.int64)

    def __len__(self):
        return len(self.epochs)

    def row_labels(self):
        """'epoch 3', or 'm2 epoch 3' when the rows come from several ensemble members."""
        several = len(set(self.members.tolist())) > 1
        return [f"m{m} epoch {e + 1}" if several else f"epoch {e + 1}"
                for m, e in zip(self.members.tolist(), self.epochs.tolist())]

    def append(self, epoch, member, counts, outside, gradient_norms):
        self.epochs = np.append(self.epochs, int(epoch))
        self.members = np.append(self.members, int(member))
        for kind in KINDS:
            self.counts[kind] = np.concatenate([self.counts[kind], counts[kind][None]])
            self.outside[kind] = np.concatenate([self.outside[kind], outside[kind][None]])
        self.gradient_norms = np.concatenate([self.gradient_norms, gradient_norms[None]])

    def first_rows(self, n):
        """A copy keeping the first n rows (a resumed run trains the rest again)."""
        return replace(self, edges={k: v.copy() for k, v in self.edges.items()},
                       counts={k: v[:n].copy() for k, v in self.counts.items()},
                       outside={k: v[:n].copy() for k, v in self.outside.items()},
                       gradient_norms=self.gradient_norms[:n].copy(),
                       epochs=self.epochs[:n].copy(), members=self.members[:n].copy())

    def copy(self):
        return self.first_rows(len(self))

    def csv_rows(self, layers=None):
        """Header + one row per kind, layer, recorded epoch and bin (long format: a
        spreadsheet or pandas pivots it as it likes); `layers` defaults to all of them."""
        rows = [["kind", "layer", "member", "epoch", "bin_low", "bin_high", "count"]]
        for kind in KINDS:
            for index, layer in enumerate(self.layers):
                if layers is not None and layer not in layers:
                    continue
                edges = self.edges[kind][index].tolist()
                for member, epoch, counts in zip(self.members.tolist(), self.epochs.tolist(),
                                                 self.counts[kind][:, index].tolist()):
                    rows += [[kind, layer, member, epoch + 1, low, high, count]
                             for low, high, count in zip(edges[:-1], edges[1:], counts)]
        return rows

    def gradient_csv_rows(self):
        header = ["member", "epoch", *self.layers]
        return [header, *([int(m), int(e) + 1, *map(float, norms)] for m, e, norms
                          in zip(self.members, self.epochs, self.gradient_norms))]

    # -- on disk: one .npz beside the run's other files -------------------------------------
    def save(self, path):
        from lab.core.run_folder import write_atomically

        arrays = {"layers": np.array(self.layers), "epochs": self.epochs,
                  "members": self.members, "gradient_norms": self.gradient_norms}
        for kind in KINDS:
            arrays.update({f"{kind}_edges": self.edges[kind], f"{kind}_counts": self.counts[kind],
                           f"{kind}_outside": self.outside[kind]})
        write_atomically(path, lambda stream: np.savez_compressed(stream, **arrays), binary=True)

    @classmethod
    def load(cls, path):
        """The histograms of a run folder's file; None when there is none or it is unreadable
        (an older run, or a crash while it was first written)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(layers=[str(name) for name in data["layers"]],
                           edges={k: data[f"{k}_edges"] for k in KINDS},
                           counts={k: data[f"{k}_counts"] for k in KINDS},
                           outside={k: data[f"{k}_outside"] for k in KINDS},
                           gradient_norms=data["gradient_norms"], epochs=data["epochs"],
                           members=data["members"])
        except (OSError, ValueError, KeyError):
            return None


def fixed_batch(dataset, size=FIXED_BATCH):
    """(images float32 (n, 28, 28, 1) on 0..255, labels): the probe's batch for a run."""
    split = dataset.validation if len(dataset.validation) else dataset.train
    images = np.asarray(split.images[:size], np.float32)[..., None]
    return images, np.asarray(split.labels[:size], np.int64)


class HistogramProbe:
    """Measures a model at each epoch end into `histograms`; `seconds` is the time it took.

    `measure(model, epoch)` fits train()'s on_epoch_end(model, state) via `on_epoch_end`.
    A model other than the last one measured is the next ensemble member.
    """

    def __init__(self, images, labels, histograms=None):
        from lab.core.tensorflow_setup import import_tensorflow

        tf = import_tensorflow()
        import keras

        self.images = tf.constant(images)
        self.labels = tf.constant(labels)
        self.histograms = histograms
        self.seconds = 0.0
        self._model = self._probe = None
        self._member = int(histograms.members[-1]) if histograms is not None and len(
            histograms) else 1
        self._loss = keras.losses.SparseCategoricalCrossentropy()

    def on_epoch_end(self, model, state):
        self.measure(model, state.epochs_done - 1)

    def measure(self, model, epoch):
        began = time.perf_counter()
        if model is not self._model:
            if self._model is not None:
                self._member += 1
            self._model, self._probe, self._layers = model, *_probe_model(model)
        tf = _tensorflow()
        with tf.GradientTape() as tape:
            *activations, probabilities = self._probe(self.images, training=False)
            loss = self._loss(self.labels, probabilities)
        weights = [layer.trainable_weights for layer in self._layers]
        gradients = tape.gradient(loss, weights)
        norms = np.array([float(tf.linalg.global_norm([g for g in grads if g is not None]))
                          for grads in gradients], np.float32)
        values = {"weights": [np.asarray(layer.kernel) for layer in self._layers],
                  "activations": [np.asarray(a) for a in activations]}
        if self.histograms is None:
            self.histograms = TrainingHistograms(
                layers=[layer.name for layer in self._layers],
                edges={kind: np.stack([_edges(v) for v in values[kind]]) for kind in KINDS})
        elif len(self.histograms.layers) != len(self._layers):
            raise ModelError("this model's layers differ from the histograms recorded so far")
        counts, outside = {}, {}
        for kind in KINDS:
            pairs = [_histogram(v, e) for v, e in zip(values[kind], self.histograms.edges[kind])]
            counts[kind] = np.stack([c for c, _ in pairs])
            outside[kind] = np.array([o for _, o in pairs], np.float32)
        self.histograms.append(epoch, self._member, counts, outside, norms)
        self.seconds += time.perf_counter() - began
        return self.histograms


def _tensorflow():
    from lab.core.tensorflow_setup import import_tensorflow

    return import_tensorflow()


def _probe_model(model):
    """(a model from the input to every kernel layer's output and the probabilities,
    those layers)."""
    import keras

    layers = [layer for layer in model.layers if getattr(layer, "kernel", None) is not None]
    if not layers:
        raise ModelError("this model has no layer with weights to make histograms of")
    try:
        inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
        probe = keras.Model(inputs, [layer.output for layer in layers] + [model.outputs[0]])
    except (AttributeError, ValueError, TypeError):
        raise ModelError("cannot read this model's layer outputs: histograms need a "
                         "Sequential or functional Keras model") from None
    return probe, layers


def _edges(values):
    """BINS + 1 edges over the first epoch's range, widened by half the span on each side
    that is not bounded at 0."""
    low, high = float(np.min(values)), float(np.max(values))
    span = high - low if high > low else max(abs(high), 1e-3)
    low = low if low >= 0 else low - span / 2
    high = high + span / 2
    return np.linspace(low, high, BINS + 1)


def _histogram(values, edges):
    """(counts, fraction outside the edges): values beyond them count in the end bins."""
    flat = np.asarray(values, np.float32).ravel()
    inside = np.count_nonzero((flat >= edges[0]) & (flat <= edges[-1]))
    counts, _ = np.histogram(np.clip(flat, edges[0], edges[-1]), bins=edges)
    return counts.astype(np.int64), 1.0 - inside / max(flat.size, 1)
