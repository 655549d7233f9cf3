"""Grad-CAM and integrated gradients on tiny trained models (lab.core.attribution)."""

import numpy as np
import pytest

from lab.core.errors import ModelError


@pytest.fixture(scope="module")
def conv_model(tiny_dataset):
    from lab.core.training import TrainingConfig, train

    return train(tiny_dataset, TrainingConfig(architecture="cnn", epochs=2, seed=0,
                                              batch_size=32)).model


@pytest.fixture(scope="module")
def dense_model(tiny_model_dir):
    from lab.core.storage import load_model

    return load_model(tiny_model_dir).model


def _image(tiny_dataset, index=0):
    return tiny_dataset.test.images[index].astype(np.float32)


@pytest.mark.parametrize("which", ["conv_model", "dense_model"])
def test_integrated_gradients_are_complete(request, which, tiny_dataset):
    from lab.core.attribution import integrated_gradients

    model = request.getfixturevalue(which)
    for index in range(3):
        image = _image(tiny_dataset, index)
        predicted = int(np.argmax(np.asarray(model(image.reshape(1, 28, 28, 1)))))
        attributions, difference = integrated_gradients(model, image, predicted)
        assert attributions.shape == (28, 28)
        # completeness: the attributions add up to the score's change from the blank image
        assert abs(attributions.sum() - difference) <= 0.05 * abs(difference) + 1e-3


def test_grad_cam_is_a_map_of_the_input_and_follows_the_class(conv_model, tiny_dataset):
    from lab.core.attribution import grad_cam

    image = _image(tiny_dataset)
    heat = grad_cam(conv_model, image, 3)
    assert heat.shape == (28, 28) and heat.dtype == np.float32
    assert 0.0 <= heat.min() and heat.max() <= 1.0
    assert heat.max() == pytest.approx(1.0) or not heat.any()
    others = [grad_cam(conv_model, image, k) for k in range(10)]
    assert len({heat.tobytes() for heat in others}) > 1  # each class has its own map


def test_grad_cam_needs_a_convolution(dense_model, tiny_dataset):
    from lab.core.attribution import grad_cam

    with pytest.raises(ModelError, match="needs a convolution layer"):
        grad_cam(dense_model, _image(tiny_dataset), 0)


def test_grad_cam_and_integrated_gradients_of_an_ensemble(conv_model, tiny_dataset):
    from lab.core.attribution import conv_outputs, grad_cam, integrated_gradients
    from lab.core.ensemble import average_models

    import keras

    twin = keras.models.clone_model(conv_model)
    twin.set_weights([w * 0.9 for w in conv_model.get_weights()])
    ensemble = average_models([conv_model, twin])
    assert len(conv_outputs(ensemble)) == 2  # each member's last convolution
    image = _image(tiny_dataset)
    heat = grad_cam(ensemble, image, 1)
    assert heat.shape == (28, 28) and heat.max() <= 1.0
    attributions, difference = integrated_gradients(ensemble, image, 1)
    assert abs(attributions.sum() - difference) <= 0.05 * abs(difference) + 1e-3


def test_inspector_offers_every_method(conv_model, tiny_dataset):
    from lab.core.inspection import SALIENCY_METHODS, ModelInspector

    inspector = ModelInspector(conv_model)
    for method in SALIENCY_METHODS:
        heat = inspector.saliency(_image(tiny_dataset), 2, method)
        assert heat.shape == (28, 28) and 0.0 <= heat.min() and heat.max() <= 1.0
    with pytest.raises(ModelError, match="unknown saliency method"):
        inspector.saliency(_image(tiny_dataset), 2, "magic")


def test_grad_cam_of_a_saturated_prediction_still_shows_where(conv_model, tiny_dataset):
    """Near p = 1 the log-probability has no gradient left; Grad-CAM uses the logit."""
    import keras

    from lab.core.attribution import grad_cam

    sure = keras.models.clone_model(conv_model)
    weights = conv_model.get_weights()
    weights[-2] = weights[-2] * 200.0  # the classifier's kernel: every prediction ≈ 100%
    sure.set_weights(weights)
    image = _image(tiny_dataset)
    predicted = int(np.argmax(np.asarray(sure(image.reshape(1, 28, 28, 1)))))
    assert float(np.asarray(sure(image.reshape(1, 28, 28, 1)))[0, predicted]) > 0.999
    assert grad_cam(sure, image, predicted).max() == pytest.approx(1.0)
