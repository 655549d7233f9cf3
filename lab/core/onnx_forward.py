"""The drawing pad's model call: a snapshot of a Keras model run by onnxruntime.

A pad predicts at every stroke, one image (or the few readings of a line) at a time. For
such small batches TensorFlow's per-call overhead outweighs the arithmetic: the five-member
letters ensemble costs about 1.0 ms XLA-compiled, 0.41 ms converted to ONNX (tf2onnx, the
converter ``export`` uses) and run by onnxruntime on one thread, the three-member digits
0.74 → 0.26 ms (median, 2-core CPU, same run). The conversion takes about 1.5 s, like the
XLA compilation it replaces.

One thread, without spinning: onnxruntime's default thread pool spins between calls and
burned 2.6 ms of CPU per 0.26 ms call, time the window and a training run need.

The snapshot holds the weights it was made from: a model whose weights change (one still
training) must not be run through it.
"""

from __future__ import annotations

import numpy as np

from lab.core.errors import ModelError


class OnnxForward:
    """Calls like the model: float32 (N, 28, 28, 1) pixels → (N, classes) numpy outputs.

    ModelError when onnxruntime or the converter is missing or refuses the model."""

    def __init__(self, model):
        from lab.core.export import onnx_bytes

        try:
            import onnxruntime
        except ImportError:
            raise ModelError("onnxruntime is not installed: pip install onnxruntime") from None
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self.session = onnxruntime.InferenceSession(onnx_bytes(model), options,
                                                        providers=["CPUExecutionProvider"])
        except ModelError:
            raise
        except Exception as exc:  # the converter and the runtime raise many types
            raise ModelError(f"the model cannot run in onnxruntime ({type(exc).__name__}: "
                             f"{exc})") from None
        self.input_name = self.session.get_inputs()[0].name

    def __call__(self, batch) -> np.ndarray:
        return self.session.run(None, {self.input_name: np.asarray(batch, np.float32)})[0]
