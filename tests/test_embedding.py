"""The embedding map (lab.core.embedding): one point per test image, PCA and t-SNE, new points
placed on both maps; ensembles and dense models alike."""

import numpy as np
import pytest

from lab.core.errors import ModelError


@pytest.fixture(scope="module")
def model(tiny_model_dir):
    from lab.core.storage import load_model

    return load_model(tiny_model_dir).model


def test_one_point_per_test_image_on_both_maps(model, tiny_dataset):
    from lab.core.embedding import embed, tsne

    images = tiny_dataset.test.images
    seen = []
    embedding = embed(model, images, progress=lambda f, m: seen.append(f))
    assert embedding.features.shape[0] == len(images) and embedding.pca.shape == (len(images), 2)
    assert seen[-1] == 1.0
    embedding.tsne = tsne(embedding)
    assert embedding.tsne.shape == (len(images), 2) and np.isfinite(embedding.tsne).all()
    # the classes the model tells apart lie apart: points of a class sit nearer each other
    labels = tiny_dataset.test.labels
    centres = np.stack([embedding.pca[labels == k].mean(axis=0) for k in range(10)])
    within = np.mean([np.linalg.norm(embedding.pca[labels == k] - centres[k], axis=1).mean()
                      for k in range(10)])
    between = np.mean([np.linalg.norm(centres[a] - centres[b])
                       for a in range(10) for b in range(a + 1, 10)])
    assert within < between


def test_a_new_image_lands_where_its_twin_is(model, tiny_dataset):
    from lab.core.embedding import embed, features_of, tsne

    images = tiny_dataset.test.images
    embedding = embed(model, images)
    embedding.tsne = tsne(embedding)
    twin = features_of(model, images[:1])
    np.testing.assert_allclose(embedding.project(twin, "pca")[0], embedding.pca[0], atol=1e-3)
    near = embedding.project(twin, "tsne")[0]
    spread = np.ptp(embedding.tsne, axis=0).max()
    assert np.linalg.norm(near - embedding.tsne[0]) < 0.25 * spread


def test_ensembles_give_every_members_features(model, tiny_dataset):
    import keras

    from lab.core.embedding import feature_model
    from lab.core.ensemble import average_models

    twin = keras.models.clone_model(model)
    twin.set_weights(model.get_weights())
    ensemble = average_models([model, twin])
    single = feature_model(model).output_shape[-1]
    assert feature_model(ensemble).output_shape[-1] == 2 * single


def test_a_model_without_a_classifier_is_refused():
    import keras

    from lab.core.embedding import feature_model

    bare = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),
                             keras.layers.Dense(10)])
    with pytest.raises(ModelError, match="no softmax layer"):
        feature_model(bare)


def test_tsne_in_a_child_process_matches_and_can_be_cancelled(model, tiny_dataset):
    import threading

    from lab.core.embedding import embed
    from lab.core.tsne_process import TsneProcess, tsne_map

    features = embed(model, tiny_dataset.test.images).features
    np.testing.assert_allclose(TsneProcess().run(features), tsne_map(features), atol=1e-3)
    many = np.random.default_rng(0).normal(size=(20000, 64)).astype(np.float32)
    child = TsneProcess()
    threading.Timer(1.0, child.cancel).start()  # far sooner than 20,000 points take
    with pytest.raises(ModelError, match="cancelled"):
        child.run(many)
    assert not child.running
