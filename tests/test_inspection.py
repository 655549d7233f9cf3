"""Core inspection: filters, templates, feature maps and saliency of tiny built models."""

import numpy as np
import pytest

from lab.core import inspection
from lab.core.architectures import build_model
from lab.core.errors import ModelError

from glyphs import make_glyph


@pytest.fixture(scope="module")
def models():
    return {name: build_model(name, num_classes=10) for name in ("cnn", "mlp", "softmax", "fast")}


@pytest.fixture(scope="module")
def image():
    return make_glyph("7").astype(np.float32)


def _layer(model, name):
    return model.get_layer(name)


def test_layer_summaries_list_every_layer(models):
    summaries = inspection.layer_summaries(models["cnn"])
    assert [s["name"] for s in summaries] == [layer.name for layer in models["cnn"].layers]
    kinds = {s["name"]: s["kind"] for s in summaries}
    assert kinds["conv1"] == "conv" and kinds["pool1"] == "pool" and kinds["dense1"] == "dense"
    assert summaries[-1]["output_shape"] == (10,)


def test_conv_filters_have_the_layers_shape_and_range(models):
    model = models["cnn"]
    for name in ("conv1", "conv2"):
        kh, kw, _cin, cout = _layer(model, name).kernel.shape
        filters = inspection.conv_filters(model, name)
        assert filters.shape == (cout, kh, kw)
        assert filters.min() >= 0 and filters.max() <= 1


def test_conv_filters_of_a_dense_layer_is_a_clear_error(models):
    with pytest.raises(ModelError, match="conv1, conv2"):
        inspection.conv_filters(models["cnn"], "dense1")


@pytest.mark.parametrize("name, units", [("softmax", 10), ("mlp", 512)])
def test_dense_templates_are_28x28_images_per_unit(models, name, units):
    templates = inspection.dense_templates(models[name])
    assert templates.shape == (units, 28, 28)
    assert templates.min() >= 0 and templates.max() <= 1


def test_dense_templates_need_a_dense_first_layer(models):
    with pytest.raises(ModelError, match="dense"):
        inspection.dense_templates(models["cnn"])


@pytest.mark.parametrize("name", ["cnn", "mlp", "softmax", "fast"])
def test_feature_maps_have_each_layers_output_shape(models, image, name):
    model = models[name]
    maps = inspection.feature_maps(model, image)
    assert maps, "no layers shown"
    for layer_name, activation in maps:
        expected = tuple(_layer(model, layer_name).output.shape[1:])
        assert activation.shape == expected, layer_name
    assert maps[-1][0] == "probabilities"
    assert np.isclose(maps[-1][1].sum(), 1.0, atol=1e-4)
    shown = {n for n, _ in maps}
    assert not any(n.startswith(("dropout", "rescale")) for n in shown)


@pytest.mark.parametrize("name", ["cnn", "mlp", "softmax"])
@pytest.mark.parametrize("method", ["gradient", "occlusion"])
def test_saliency_has_the_inputs_shape_and_is_in_0_1(models, image, name, method):
    heat = inspection.saliency(models[name], image, method=method)
    assert heat.shape == (28, 28)
    assert heat.dtype == np.float32
    assert np.isfinite(heat).all() and heat.min() >= 0 and heat.max() <= 1
    assert heat.max() > 0, "an untrained model still reacts to some pixels"


def test_saliency_for_a_chosen_class_differs_and_bad_method_is_refused(models, image):
    a = inspection.saliency(models["cnn"], image, class_index=1)
    b = inspection.saliency(models["cnn"], image, class_index=2)
    assert not np.allclose(a, b)
    with pytest.raises(ModelError, match="gradient"):
        inspection.saliency(models["cnn"], image, method="magic")


def test_wrong_image_shape_is_refused(models):
    with pytest.raises(ModelError, match="28×28"):
        inspection.feature_maps(models["cnn"], np.zeros((32, 32)))


def test_tile_lays_images_out_in_a_grid():
    mosaic = inspection.tile(np.ones((5, 3, 4)), columns=3, pad=1)
    assert mosaic.shape == (2 * 3 + 1, 3 * 4 + 2)
    assert np.isnan(mosaic[3, 0]) and mosaic[0, 0] == 1
    assert np.isnan(mosaic[4:, 10:]).all()  # sixth slot is empty


def test_activation_image_tiles_channels_and_strips_vectors():
    conv = inspection.activation_image(np.random.default_rng(0).random((5, 5, 8)))
    assert conv.ndim == 2 and np.nanmax(conv) <= 1
    assert np.isfinite(conv).sum() == 5 * 5 * 8
    strip = inspection.activation_image(np.arange(40.0), strip_width=32)
    assert strip.shape == (2, 32) and np.isfinite(strip).sum() == 40
