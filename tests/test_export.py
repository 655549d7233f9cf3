"""Export to SavedModel, TFLite and ONNX: each written file, run by its own runtime, gives the
probabilities Keras gives (within 1e-4); ensembles too; missing converters say which package."""

import io
import sys
import warnings

import numpy as np
import pytest

from lab.cli import CommandLine
from lab.core.datasets import as_model_input
from lab.core.errors import ModelError
from lab.core.export import FORMATS, TOLERANCE, ModelExporter, check_images
from lab.core.storage import load_model

RUNTIME_PACKAGES = {"savedmodel": "tensorflow", "tflite": "tensorflow", "onnx": "onnxruntime"}
EXTENSIONS = {"savedmodel": "", "tflite": ".tflite", "onnx": ".onnx"}


def run_exported(export_format, path, pixels):
    """The written file run by its own runtime, independently of lab.core.export."""
    pytest.importorskip(RUNTIME_PACKAGES[export_format])
    if export_format == "savedmodel":
        import tensorflow as tf

        loaded = tf.saved_model.load(str(path))  # kept alive while serve runs
        return np.asarray(loaded.serve(pixels))
    if export_format == "tflite":
        import tensorflow as tf

        with warnings.catch_warnings():  # TF's interpreter warns that LiteRT replaces it
            warnings.simplefilter("ignore")
            interpreter = tf.lite.Interpreter(model_path=str(path))
        source = interpreter.get_input_details()[0]
        interpreter.resize_tensor_input(source["index"], pixels.shape)
        interpreter.allocate_tensors()
        interpreter.set_tensor(source["index"], pixels)
        interpreter.invoke()
        return interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert session.get_inputs()[0].name == "pixels"
    return session.run(None, {"pixels": pixels})[0]


def skip_without_converter(export_format):
    if export_format == "onnx":
        pytest.importorskip("tf2onnx")
        pytest.importorskip("onnxruntime")


def assert_round_trip(model, export_format, out, images):
    skip_without_converter(export_format)
    check = ModelExporter(model).export(export_format, out, images)
    pixels = as_model_input(images)
    expected = np.asarray(model(pixels, training=False))
    exported = run_exported(export_format, out, pixels)
    assert exported.shape == expected.shape
    assert np.max(np.abs(exported - expected)) <= TOLERANCE
    assert check.passed and check.max_difference <= TOLERANCE
    assert check.images == len(images) and check.same_labels == len(images)
    assert out.is_dir() == (export_format == "savedmodel")
    return check


@pytest.fixture(scope="module")
def tiny_ensemble(tiny_dataset):
    from lab.core.ensemble import average_models
    from lab.core.training import TrainingConfig, train

    members = [train(tiny_dataset, TrainingConfig(architecture="softmax", epochs=1,
                                                  seed=seed)).model for seed in (0, 1)]
    return average_models(members)


@pytest.mark.parametrize("export_format", FORMATS)
def test_each_format_round_trips_a_small_model(export_format, tiny_model_dir, tiny_dataset,
                                               tmp_path):
    saved = load_model(tiny_model_dir)
    out = tmp_path / f"tiny{EXTENSIONS[export_format]}"
    check = assert_round_trip(saved.model, export_format, out, tiny_dataset.test.images)
    assert "same probabilities" in check.summary() and "100 test images" in check.summary()


@pytest.mark.parametrize("export_format", FORMATS)
def test_an_ensemble_exports_as_one_model(export_format, tiny_ensemble, tiny_dataset, tmp_path):
    assert_round_trip(tiny_ensemble, export_format,
                      tmp_path / f"ensemble{EXTENSIONS[export_format]}",
                      tiny_dataset.test.images[:50])


def test_exporting_again_replaces_the_previous_export(tiny_model_dir, tiny_dataset, tmp_path):
    saved, out = load_model(tiny_model_dir), tmp_path / "again"
    exporter = ModelExporter(saved.model)
    exporter.export("savedmodel", out, tiny_dataset.test.images[:10])
    (out / "stale.txt").write_text("from before")
    exporter.export("savedmodel", out, tiny_dataset.test.images[:10])
    assert not (out / "stale.txt").exists() and (out / "saved_model.pb").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["again"]  # no temporary folder left


def test_a_file_where_the_savedmodel_folder_should_go_is_refused(tiny_model_dir, tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a folder")
    with pytest.raises(ModelError, match="is not a folder"):
        ModelExporter(load_model(tiny_model_dir).model).export("savedmodel", target,
                                                               np.zeros((1, 28, 28), "uint8"))
    assert target.read_text() == "not a folder"


def test_missing_onnx_converter_names_the_package(tiny_model_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tf2onnx", None)  # import tf2onnx now raises ImportError
    with pytest.raises(ModelError, match="pip install tf2onnx"):
        ModelExporter(load_model(tiny_model_dir).model).export(
            "onnx", tmp_path / "m.onnx", np.zeros((1, 28, 28), "uint8"))
    assert not (tmp_path / "m.onnx").exists()


def test_missing_onnxruntime_names_the_package(tiny_model_dir, tmp_path, monkeypatch):
    pytest.importorskip("tf2onnx")
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(ModelError, match="needs the package onnxruntime"):
        ModelExporter(load_model(tiny_model_dir).model).export(
            "onnx", tmp_path / "m.onnx", np.zeros((2, 28, 28), "uint8"))


def test_export_command_prints_the_check(tiny_model_dir, tiny_mnist_dir, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "tiny.tflite"
    status = CommandLine(stdout=out, stderr=err).run(
        ["export", str(tiny_model_dir), "--format", "tflite", "--out", str(target),
         "--data-dir", str(tiny_mnist_dir)])
    assert status == 0, err.getvalue()
    assert f"wrote: {target}" in out.getvalue()
    assert ("check: the TFLite interpreter gives the same probabilities as Keras on 100 test "
            "images") in out.getvalue()
    assert target.stat().st_size > 0


def test_export_command_without_data_says_what_to_do(tiny_model_dir, tmp_path):
    err = io.StringIO()
    status = CommandLine(stdout=io.StringIO(), stderr=err).run(
        ["export", str(tiny_model_dir), "--format", "onnx", "--out", str(tmp_path / "m.onnx"),
         "--data-dir", str(tmp_path)])
    assert status == 2 and err.getvalue().startswith("error: ")
    assert not (tmp_path / "m.onnx").exists()


@pytest.mark.parametrize("export_format", FORMATS)
def test_shipped_digits_model_round_trips_on_real_test_images(export_format, real_data_dir,
                                                              tmp_path):
    saved = load_model("models/digits")
    images = check_images(saved, real_data_dir)
    assert images.shape == (100, 28, 28)
    assert_round_trip(saved.model, export_format, tmp_path / f"digits{EXTENSIONS[export_format]}",
                      images)
