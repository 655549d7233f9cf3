"""Activation maximisation (lab.core.class_images): each class's image is read as that class."""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def conv_model(tiny_dataset):
    from lab.core.training import TrainingConfig, train

    # A peak of 0.003, not fast's 0.01: at 0.01 on 400 images, batch 32, most of conv2's
    # ReLU filters die (silent on every image), and a dead filter has no image to draw.
    return train(tiny_dataset, TrainingConfig(architecture="fast", epochs=6, seed=0,
                                              batch_size=32, learning_rate=3e-3)).model


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

    layer = ModelInspector(conv_model).conv_layers()[-1]
    filters = [0, 1, 2, 3, 4, 5]
    seen = []
    images = filter_images(conv_model, layer, filters, progress=lambda f, m: seen.append(m))
    assert images.shape == (6, 28, 28) and 0.0 <= images.min() and images.max() <= 255.0
    assert seen and layer in seen[-1]
    before = filter_activations(conv_model, layer, filter_start(6), filters)
    after = filter_activations(conv_model, layer, images, filters)
    # from the grey noise it starts from to several times its activation, every filter that
    # responds at all (a dead ReLU filter answers nothing, whatever the image); 3×, not the
    # 5× of the padded fast: unpadded, some filters already answer the grey start strongly
    # (0.4 against 1.5 after), which leaves less to climb
    alive = before > 0
    assert alive.sum() >= 4, before
    assert (after[alive] - before[alive] > 0.1).all(), (before, after)
    assert (after[alive] > 3 * before[alive]).all(), (before, after)
    assert len({image.tobytes() for image in images}) == 6


def test_filter_images_need_a_convolution_layer(conv_model):
    from lab.core.class_images import filter_images
    from lab.core.errors import ModelError

    with pytest.raises(ModelError, match="not a convolution layer"):
        filter_images(conv_model, "flatten", [0], steps=1)
    with pytest.raises(ModelError, match="no layer"):
        filter_images(conv_model, "nonsense", [0], steps=1)
