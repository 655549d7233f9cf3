"""The embedding map: what the network's last hidden layer makes of each image, in 2-D.

Features are the inputs of the classifier layer (for an ensemble, every member's, side by
side). PCA (NumPy's SVD) is immediate; t-SNE (scikit-learn, after PCA to 50 dimensions as
usual) takes tens of seconds for 10,000 images, so callers run it in the background. A new
image (a drawing) is placed exactly by PCA, and on the t-SNE map at the mean position of
its nearest neighbours in feature space (t-SNE has no mapping for new points).
"""

from dataclasses import dataclass

import numpy as np

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()
import keras

from lab.core.datasets import as_model_input
from lab.core.errors import ModelError
from lab.core.tsne_process import tsne_map

BATCH = 500
NEIGHBOURS = 5


def feature_model(model):
    """A Keras model from the images to the features the classifier layer(s) read."""
    heads = [layer for layer in model.layers
             if getattr(getattr(layer, "activation", None), "__name__", "") == "softmax"]
    if not heads:
        raise ModelError("the model has no softmax layer: the embedding map needs a classifier "
                         "made by this lab")
    try:
        inputs = [layer.input for layer in heads]
        features = inputs[0] if len(inputs) == 1 else keras.layers.Concatenate()(inputs)
        inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
        return keras.Model(inputs, features)
    except (AttributeError, ValueError, TypeError):
        raise ModelError("cannot read this model's hidden layers: the embedding map needs a "
                         "Sequential or functional Keras model") from None


@dataclass
class Embedding:
    """Features of a set of images and their 2-D maps; arrays are indexed like the images."""

    features: np.ndarray          # (N, D) float32
    pca: np.ndarray               # (N, 2)
    mean: np.ndarray              # (D,) for projecting new points
    components: np.ndarray        # (2, D)
    tsne: np.ndarray | None = None

    def project(self, features, method="pca"):
        """2-D positions of new feature rows (K, D) on the ``method`` map."""
        features = np.atleast_2d(np.asarray(features, np.float32))
        if method == "pca":
            return (features - self.mean) @ self.components.T
        if self.tsne is None:
            raise ModelError("the t-SNE map is not computed yet")
        distances = ((features[:, None, :] - self.features[None, :, :]) ** 2).sum(axis=-1)
        nearest = np.argsort(distances, axis=1)[:, :NEIGHBOURS]
        return self.tsne[nearest].mean(axis=1)


def features_of(model, images, progress=None):
    """(N, D) float32 features of uint8 (N, 28, 28) images, in batches."""
    extractor = feature_model(model)
    rows = []
    for start in range(0, len(images), BATCH):
        batch = as_model_input(images[start:start + BATCH])
        rows.append(np.asarray(extractor(batch, training=False), np.float32))
        if progress:
            progress(min(1.0, (start + BATCH) / max(len(images), 1)), "reading the features")
    return np.concatenate(rows).reshape(len(images), -1)


def embed(model, images, progress=None):
    """Features and the PCA map of ``images`` (an Embedding without t-SNE yet)."""
    features = features_of(model, images, progress)
    mean = features.mean(axis=0)
    _, _, vt = np.linalg.svd(features - mean, full_matrices=False)
    components = vt[:2].astype(np.float32)
    return Embedding(features, (features - mean) @ components.T, mean, components)


def tsne(embedding, seed=0):
    """The t-SNE map (N, 2) of an Embedding's features, in this process (the window runs
    ``lab.core.tsne_process.TsneProcess`` instead)."""
    return tsne_map(embedding.features, seed)
