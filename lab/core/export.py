"""Export a saved model for other runtimes: a TensorFlow SavedModel, a TFLite file, an ONNX file.

Every export is checked after it is written: the file on disk, run by its own runtime
(TensorFlow, the TFLite interpreter, onnxruntime), must give the probabilities Keras gives on
the same images, within TOLERANCE. Ensembles export like any model: they are one Keras model
whose output is the members' average.

Input of every export: float32 (N, 28, 28, 1) pixels on the 0..255 scale, named "pixels" (what
lab.core.datasets.as_model_input makes); output: (N, classes) probabilities.
"""

import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lab.core.errors import ModelError

FORMATS = ("savedmodel", "tflite", "onnx")
RUNTIMES = {"savedmodel": "TensorFlow", "tflite": "the TFLite interpreter",
            "onnx": "onnxruntime"}
CHECK_IMAGES = 100
TOLERANCE = 1e-4
ONNX_OPSET = 17
ONNX_PACKAGES = "tf2onnx==1.17.0 onnx==1.23.2"


@dataclass(frozen=True)
class ExportCheck:
    """What the exported file gave against Keras on the same images."""

    format: str
    path: Path
    images: int
    max_difference: float
    same_labels: int

    @property
    def passed(self):
        return self.max_difference <= TOLERANCE

    def summary(self):
        verdict = "same probabilities" if self.passed else "DIFFERENT probabilities"
        return (f"check: {RUNTIMES[self.format]} gives the {verdict} as Keras on "
                f"{self.images} test images (max difference {self.max_difference:.1e}, "
                f"tolerance {TOLERANCE:.0e}; same top class on {self.same_labels}/{self.images})")


class ModelExporter:
    """Writes one Keras model in the chosen format (atomically) and checks the written file."""

    def __init__(self, model):
        self.model = model

    def export(self, export_format, out, images, progress=None):
        """Write ``out`` and check it on ``images`` (uint8 (N, 28, 28) or model input) →
        ExportCheck. ModelError when the format, the path or a runtime is not usable."""
        from lab.core.datasets import as_model_input

        progress = progress or (lambda fraction, message: None)
        if export_format not in FORMATS:
            raise ModelError(f"unknown export format {export_format!r}: choose one of "
                             f"{', '.join(FORMATS)}")
        pixels = as_model_input(images)
        out = Path(out).expanduser().absolute()
        if out.exists() and (out.is_dir() != (export_format == "savedmodel")):
            kind = "a folder" if export_format == "savedmodel" else "a file"
            raise ModelError(f"{out} exists and is not {kind}: a {export_format} export is "
                             f"{kind}; choose another --out")
        if export_format == "onnx":  # before any work: the converter may be missing
            _onnx_converter()
        progress(0.05, f"writing {export_format}")
        writer = getattr(self, f"_write_{export_format}")
        self._atomically(out, writer)
        progress(0.8, f"checking {out.name} with {RUNTIMES[export_format]}")
        exported = getattr(self, f"_run_{export_format}")(out, pixels)
        expected = np.asarray(self.model(pixels, training=False), dtype=np.float32)
        progress(1.0, "checked")
        return ExportCheck(export_format, out, len(pixels),
                           float(np.max(np.abs(exported - expected))),
                           int(np.sum(exported.argmax(1) == expected.argmax(1))))

    # ----- writing --------------------------------------------------------------------------
    def _atomically(self, out, writer):
        """writer(temp) in out's folder, then swapped in; nothing is left half-written."""
        out.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.exporting-", dir=out.parent))
        target, previous = temp / "export", temp / "previous"
        try:
            writer(target)
            if target.is_dir() and out.exists():  # a folder cannot be replaced in one step
                os.replace(out, previous)
            os.replace(target, out)
        except OSError as exc:
            if previous.exists() and not out.exists():
                os.replace(previous, out)
            raise ModelError(f"cannot write {out}: {exc.strerror or exc}; choose a writable "
                             f"place") from None
        except ModelError:
            raise
        except Exception as exc:  # the converters raise many types for a model they refuse
            raise ModelError(f"the converter could not export this model to {out.name} "
                             f"({type(exc).__name__}: {' '.join(str(exc).split())[:300]}); "
                             f"nothing was written") from None
        finally:
            shutil.rmtree(temp, ignore_errors=True)

    def _write_savedmodel(self, target):
        self.model.export(str(target), format="tf_saved_model", verbose=False,
                          input_signature=_signature())

    def _write_tflite(self, target):
        import tensorflow as tf

        with tempfile.TemporaryDirectory(prefix="digit-lab-export-") as folder:
            self._write_savedmodel(Path(folder) / "savedmodel")
            converter = tf.lite.TFLiteConverter.from_saved_model(str(Path(folder) / "savedmodel"))
            target.write_bytes(converter.convert())

    def _write_onnx(self, target):
        target.write_bytes(onnx_bytes(self.model))

    # ----- running the written file ---------------------------------------------------------
    @staticmethod
    def _run_savedmodel(path, pixels):
        import tensorflow as tf

        loaded = tf.saved_model.load(str(path))
        return np.asarray(loaded.serve(pixels), dtype=np.float32)

    @staticmethod
    def _run_tflite(path, pixels):
        interpreter = _tflite_interpreter(str(path))
        source, result = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
        interpreter.resize_tensor_input(source["index"], pixels.shape)
        interpreter.allocate_tensors()
        interpreter.set_tensor(source["index"], pixels)
        interpreter.invoke()
        return np.array(interpreter.get_tensor(result["index"]), dtype=np.float32)

    @staticmethod
    def _run_onnx(path, pixels):
        try:
            import onnxruntime
        except ImportError:
            raise ModelError(f"{path} is written, but checking it needs the package "
                             f"onnxruntime: pip install onnxruntime==1.32.0") from None
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name
        return np.asarray(session.run(None, {name: pixels})[0], dtype=np.float32)


def onnx_bytes(model) -> bytes:
    """A Keras model as a serialized ONNX graph (input "pixels", float32 (N, 28, 28, 1)).
    ModelError when tf2onnx is missing; the converter's own errors otherwise."""
    import tensorflow as tf

    converter, signature = _onnx_converter(), _signature()
    # from_function, not from_keras: from_keras fails on Keras 3 Sequential models
    # (KeyError on a keras_tensor name); a traced function works for every model.
    forward = tf.function(lambda pixels: model(pixels, training=False),
                          input_signature=signature)
    proto, _ = converter.convert.from_function(forward, input_signature=signature,
                                               opset=ONNX_OPSET)
    return proto.SerializeToString()


def _signature():
    """Every export's input: float32 (N, 28, 28, 1) pixels named "pixels"."""
    import tensorflow as tf

    return [tf.TensorSpec((None, 28, 28, 1), tf.float32, name="pixels")]


def _onnx_converter():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import tf2onnx
    except ImportError:
        raise ModelError(f"exporting to ONNX needs the packages tf2onnx and onnx: "
                         f"pip install {ONNX_PACKAGES}") from None
    return tf2onnx


def _tflite_interpreter(path):
    """The LiteRT interpreter when installed, else TensorFlow's own (deprecated, still there)."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        import tensorflow as tf

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return tf.lite.Interpreter(model_path=path)
    return Interpreter(model_path=path)


def check_images(saved, data_dir=None, count=CHECK_IMAGES):
    """The first ``count`` test images of the model's dataset (uint8 (count, 28, 28))."""
    from lab.core.datasets import load_dataset

    dataset = load_dataset(saved.dataset or "mnist", data_dir)
    return dataset.test.images[:count]


def export_saved(saved, export_format, out, data_dir=None, dataset=None, progress=None):
    """Export a SavedModel and check it on the first test images: those of ``dataset`` when
    it is the model's own (already loaded), else loaded from ``data_dir`` → ExportCheck."""
    if dataset is not None and dataset.name == saved.dataset:
        images = dataset.test.images[:CHECK_IMAGES]
    else:
        images = check_images(saved, data_dir)
    return ModelExporter(saved.model).export(export_format, out, images, progress)
