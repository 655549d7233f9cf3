"""The model zoo: shapes, seed structures, defaults and errors."""

import keras
import pytest

from lab.core.architectures import ARCHITECTURES, DEFAULT_ARCHITECTURE, build_model
from lab.core.errors import ModelError


def _layers(model, kind):
    return [layer for layer in model.layers if isinstance(layer, kind)]


@pytest.mark.parametrize("name", list(ARCHITECTURES))
@pytest.mark.parametrize("num_classes", [10, 3])
def test_builds_with_input_rescaling_and_softmax(name, num_classes):
    model = build_model(name, num_classes)
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, num_classes)
    rescale = model.layers[0]
    assert isinstance(rescale, keras.layers.Rescaling)
    assert rescale.scale == pytest.approx(1 / 255)
    assert model.layers[-1].activation is keras.activations.softmax


def test_each_architecture_is_described_with_seed_defaults():
    assert DEFAULT_ARCHITECTURE == "fast"
    assert set(ARCHITECTURES) == {"softmax", "mlp", "cnn", "lenet", "fast", "vgg"}
    for name, arch in ARCHITECTURES.items():
        assert arch.name == name and arch.description and "\n" not in arch.description
        assert {"optimizer", "learning_rate", "batch_size", "epochs", "dropout",
                "augment"} <= set(arch.defaults)
        assert ("dropout" in arch.hyperparameters) == (arch.defaults["dropout"] is not None)
    softmax, cnn, lenet = ARCHITECTURES["softmax"], ARCHITECTURES["cnn"], ARCHITECTURES["lenet"]
    assert (softmax.defaults["optimizer"], softmax.defaults["learning_rate"],
            softmax.defaults["batch_size"]) == ("sgd", 0.5, 100)
    assert (cnn.defaults["optimizer"], cnn.defaults["batch_size"]) == ("adam", 64)
    assert (lenet.defaults["optimizer"], lenet.defaults["learning_rate"],
            lenet.defaults["batch_size"], lenet.defaults["dropout"]) == ("adam", 1e-4, 50, 0.5)


def test_softmax_is_a_single_dense_layer():
    model = build_model("softmax")
    assert [layer.units for layer in _layers(model, keras.layers.Dense)] == [10]


def test_mlp_is_512_256_128_relu_with_dropout():
    model = build_model("mlp", dropout=0.3)
    dense = _layers(model, keras.layers.Dense)
    assert [layer.units for layer in dense] == [512, 256, 128, 10]
    assert all(layer.activation is keras.activations.relu for layer in dense[:-1])
    dropouts = _layers(model, keras.layers.Dropout)
    assert len(dropouts) == 3 and all(d.rate == 0.3 for d in dropouts)


def test_cnn_is_conv32_pool_conv64_pool_dense128_dropout():
    model = build_model("cnn")
    convs = _layers(model, keras.layers.Conv2D)
    assert [(c.filters, c.kernel_size) for c in convs] == [(32, (3, 3)), (64, (3, 3))]
    assert len(_layers(model, keras.layers.MaxPooling2D)) == 2
    assert [d.units for d in _layers(model, keras.layers.Dense)] == [128, 10]
    assert len(_layers(model, keras.layers.Dropout)) == 1


def test_lenet_is_5x5_same_convs_fc1024_dropout_half():
    model = build_model("lenet")
    convs = _layers(model, keras.layers.Conv2D)
    assert [(c.filters, c.kernel_size, c.padding) for c in convs] == [
        (32, (5, 5), "same"), (64, (5, 5), "same")]
    assert [p.pool_size for p in _layers(model, keras.layers.MaxPooling2D)] == [(2, 2), (2, 2)]
    assert [d.units for d in _layers(model, keras.layers.Dense)] == [1024, 10]
    assert _layers(model, keras.layers.Dropout)[0].rate == 0.5


def test_fast_is_the_one_epoch_recipe():
    model = build_model("fast")
    convs = _layers(model, keras.layers.Conv2D)
    assert [(c.filters, c.kernel_size, c.padding) for c in convs] == [
        (24, (5, 5), "valid"), (32, (5, 5), "valid")]
    assert model.get_layer("flatten").output.shape[1:] == (4 * 4 * 32,)  # 28→24→12→8→4
    assert len(_layers(model, keras.layers.MaxPooling2D)) == 2
    assert not _layers(model, keras.layers.BatchNormalization)
    assert [d.units for d in _layers(model, keras.layers.Dense)] == [256, 10]
    fast = ARCHITECTURES["fast"]
    assert (fast.defaults["epochs"], fast.defaults["batch_size"], fast.defaults["learning_rate"],
            fast.defaults["lr_schedule"]) == (1, 256, 1e-2, "one-cycle")
    assert fast.optimizer_options == {"beta_1": 0.7, "beta_2": 0.9, "weight_decay": 0.05}
    assert fast.bfloat16 and not any(ARCHITECTURES[name].bfloat16 for name in
                                     ("softmax", "mlp", "cnn", "lenet", "vgg"))


def test_bfloat16_training_hands_back_a_float32_model_with_the_same_outputs(tiny_dataset):
    """Where the CPU computes bfloat16 fast trains in it; the model it returns computes in
    float32 (its clone), so what is saved and read is float32 everywhere."""
    import numpy as np

    from lab.core.precision import MIXED, with_dtype_policy
    from lab.core.training import TrainingConfig, train

    model = train(tiny_dataset, TrainingConfig(architecture="fast", epochs=1, seed=0,
                                               batch_size=32)).model
    assert {layer.dtype_policy.name for layer in model.layers} == {"float32"}
    mixed = with_dtype_policy(model, MIXED)
    assert mixed.layers[0].dtype_policy.name == MIXED
    assert mixed.layers[-1].dtype_policy.name == "float32"  # the softmax
    x = tiny_dataset.test.images[:32, ..., None]
    back = with_dtype_policy(mixed, "float32")
    np.testing.assert_array_equal(back.predict(x, verbose=0), model.predict(x, verbose=0))
    agree = (mixed.predict(x, verbose=0).argmax(1) == model.predict(x, verbose=0).argmax(1))
    assert agree.mean() >= 0.9


def test_bfloat16_is_used_only_where_the_cpu_lists_it(tmp_path):
    from lab.core.precision import native_bfloat16

    with_bf16 = tmp_path / "cpuinfo-bf16"
    with_bf16.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16\n")
    without = tmp_path / "cpuinfo-plain"
    without.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f\n")
    assert native_bfloat16(with_bf16) and not native_bfloat16(without)
    assert not native_bfloat16(tmp_path / "missing")


def test_default_optimizer_options_only_with_the_default_optimizer():
    from lab.core.training import TrainingConfig, _optimizer

    adam = _optimizer(TrainingConfig(architecture="fast").resolved())
    assert (adam.beta_1, adam.beta_2, adam.weight_decay) == (0.7, 0.9, 0.05)
    sgd = _optimizer(TrainingConfig(architecture="fast", optimizer="sgd").resolved())
    assert isinstance(sgd, keras.optimizers.SGD)
    plain = _optimizer(TrainingConfig(architecture="cnn").resolved())
    assert (plain.beta_1, plain.beta_2, plain.weight_decay) == (0.9, 0.999, None)


def test_unknown_architecture_lists_choices():
    with pytest.raises(ModelError, match="softmax, mlp, cnn, lenet, fast, vgg"):
        build_model("resnet")


def test_unknown_hyperparameter_lists_valid_ones():
    with pytest.raises(ModelError, match="valid choices are dropout"):
        build_model("cnn", width=3)
    with pytest.raises(ModelError, match="none"):
        build_model("softmax", dropout=0.5)
    with pytest.raises(ModelError, match="dropout"):
        build_model("mlp", dropout=1.5)


def test_vgg_has_three_batchnorm_conv_blocks_and_trains_with_augmentation():
    model = build_model("vgg", 10)
    convs = [layer for layer in model.layers if layer.name.startswith("conv") and
             layer.name[4:].isdigit()]
    assert [layer.filters for layer in convs] == [32, 64, 128]
    assert model.output_shape == (None, 10)
    assert ARCHITECTURES["vgg"].defaults["augment"] is True
