"""Activation maximisation (lab.core.class_images): each class's image is read as that class."""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def conv_model(tiny_dataset):
    from lab.core.training import TrainingConfig, train

    return train(tiny_dataset, TrainingConfig(architecture="fast", epochs=6, seed=0,
                                              batch_size=32)).model


def test_class_images_raise_their_class_above_ninety_percent(conv_model):
    from lab.core.class_images import class_images, class_probabilities

    classes = list(range(10))
    seen = []
    images = class_images(conv_model, classes, progress=lambda f, m: seen.append(f))
    assert images.shape == (10, 28, 28) and images.dtype == np.float32
    assert 0.0 <= images.min() and images.max() <= 255.0
    assert seen[-1] == pytest.approx(1.0)
    probabilities = class_probabilities(conv_model, images, classes)
    assert (probabilities > 0.9).all(), probabilities
    assert len({image.tobytes() for image in images}) == 10  # a different image each


def test_an_ensemble_has_class_images_too(conv_model):
    import keras

    from lab.core.class_images import class_images, class_probabilities
    from lab.core.ensemble import average_models

    twin = keras.models.clone_model(conv_model)
    twin.set_weights(conv_model.get_weights())
    ensemble = average_models([conv_model, twin])
    images = class_images(ensemble, [2, 7])
    assert (class_probabilities(ensemble, images, [2, 7]) > 0.9).all()


def test_filter_images_raise_their_filters_mean_activation(conv_model):
    from lab.core.class_images import filter_activations, filter_images, filter_start
    from lab.core.inspection import ModelInspector

    layer = ModelInspector(conv_model).conv_layers()[0]
    count = conv_model.get_layer(layer).filters
    # Six filters that answer the grey noise the images start from: a ReLU filter silent
    # there has no gradient to climb (most of this tiny model's are; see filter_start).
    at_start = filter_activations(conv_model, layer, filter_start(count), range(count))
    filters = [int(k) for k in np.flatnonzero(at_start > 0)[:6]]
    assert len(filters) == 6, at_start
    seen = []
    images = filter_images(conv_model, layer, filters, progress=lambda f, m: seen.append(m))
    assert images.shape == (6, 28, 28) and 0.0 <= images.min() and images.max() <= 255.0
    assert seen and layer in seen[-1]
    before = filter_activations(conv_model, layer, filter_start(6), filters)
    after = filter_activations(conv_model, layer, images, filters)
    # from the grey noise it starts from to several times its activation (this first layer
    # answers 0..1 pixels: its activations are a tenth of the deeper layers')
    assert (after - before > 0.05).all(), (before, after)
    assert (after > 3 * before).all(), (before, after)
    assert len({image.tobytes() for image in images}) == 6


def test_filter_images_need_a_convolution_layer(conv_model):
    from lab.core.class_images import filter_images
    from lab.core.errors import ModelError

    with pytest.raises(ModelError, match="not a convolution layer"):
        filter_images(conv_model, "flatten", [0], steps=1)
    with pytest.raises(ModelError, match="no layer"):
        filter_images(conv_model, "nonsense", [0], steps=1)
