"""Training under TensorFlow's own tf.distribute: `train --distribute mirrored|multiworker`.

mirrored: MirroredStrategy over the local GPUs, or over logical CPU devices where there is
no GPU (they share the one CPU: that shows the mechanism, it is no faster). multiworker:
MultiWorkerMirroredStrategy across the processes named in TF_CONFIG, one per machine.

Both must be set up before TensorFlow initialises its devices (logical devices cannot be
added afterwards, the multi-worker server must start first): the train command builds the
Distribution before it loads data or builds a model. The run's batch size is the global
batch: Keras splits each batch over the replicas. Only the chief (worker 0) keeps its run
folder; the other workers train into a temporary folder and remove it (the Keras pattern:
every worker runs the same steps, so none waits forever on a collective the others skip).
"""

import contextlib
import json
import os
import tempfile
from pathlib import Path

from lab.core.errors import TrainingError
from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()

STRATEGIES = ("mirrored", "multiworker")
DEFAULT_CPU_DEVICES = 2
ALL_REDUCIBLE = (tf.bfloat16, tf.float16, tf.float32, tf.float64, tf.int32, tf.int64)


class Distribution:
    """A tf.distribute strategy built from its name, and whether this process is the chief."""

    def __init__(self, name, devices=None):
        """devices: mirrored only, how many GPUs (default: all) or, without a GPU, how many
        logical CPU devices (default 2) to mirror the model over."""
        if name not in STRATEGIES:
            raise TrainingError(f"unknown distribution {name!r}: choose one of "
                                f"{', '.join(STRATEGIES)}")
        if devices is not None and (isinstance(devices, bool) or not isinstance(devices, int)
                                    or devices < 1):
            raise TrainingError(f"--devices must be a whole number ≥ 1, got {devices!r}")
        if name == "multiworker" and devices is not None:
            raise TrainingError("--devices is for --distribute mirrored: each multiworker "
                                "process uses its machine's GPUs, or its CPU")
        self.name = name
        self.cluster = read_tf_config() if name == "multiworker" else None
        if name == "mirrored":
            self.strategy = tf.distribute.MirroredStrategy(self._mirrored_devices(devices))
        else:
            try:
                self.strategy = KerasMultiWorkerStrategy()
            except (RuntimeError, ValueError, tf.errors.OpError) as exc:
                task = self.cluster["task"]
                raise TrainingError(f"cannot start {task['type']} {task['index']} of "
                                    f"TF_CONFIG: {str(exc).splitlines()[0][:300]}") from None

    @property
    def replicas(self):
        return self.strategy.num_replicas_in_sync

    @property
    def is_chief(self):
        """Whether this process keeps the run folder and the saved model."""
        return self.cluster is None or self.cluster["is_chief"]

    def describe(self):
        """One line for the summary: the strategy and the number of replicas."""
        if self.cluster is None:
            devices = ", ".join(d.rsplit("device:", 1)[-1]
                                for d in self.strategy.extended.worker_devices)
            return f"mirrored over {self.replicas} replica(s): {devices}"
        task = self.cluster["task"]
        return (f"multiworker over {self.replicas} replica(s) on {self.cluster['workers']} "
                f"worker(s); this is {task['type']} {task['index']}"
                + (" (chief)" if self.is_chief else ""))

    @contextlib.contextmanager
    def runs_dir_for(self, runs_dir):
        """runs_dir on the chief; elsewhere a temporary folder, removed afterwards."""
        if self.is_chief:
            yield runs_dir
            return
        task = self.cluster["task"]
        with tempfile.TemporaryDirectory(
                prefix=f"lab-{task['type']}-{task['index']}-runs-") as scratch:
            yield Path(scratch)

    def to_json(self):
        return {"strategy": self.name, "replicas": self.replicas,
                "workers": self.cluster["workers"] if self.cluster else 1}

    @staticmethod
    def _mirrored_devices(wanted):
        try:
            gpus = tf.config.list_physical_devices("GPU")
            if gpus:
                if wanted is not None and wanted > len(gpus):
                    raise TrainingError(f"--devices {wanted}: this machine has {len(gpus)} "
                                        f"GPU(s)")
                return [f"/gpu:{i}" for i in range(wanted or len(gpus))]
            count = wanted or DEFAULT_CPU_DEVICES
            [cpu] = tf.config.list_physical_devices("CPU")
            tf.config.set_logical_device_configuration(
                cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)])
            return [f"/cpu:{i}" for i in range(count)]
        except RuntimeError as exc:   # TensorFlow initialised its devices already
            raise TrainingError(f"cannot set up {wanted or DEFAULT_CPU_DEVICES} CPU devices: "
                                f"TensorFlow has already started ({exc}); choose the "
                                f"distribution before anything else runs") from None


class KerasMultiWorkerStrategy(tf.distribute.MultiWorkerMirroredStrategy):
    """MultiWorkerMirroredStrategy whose reduce takes what Keras 3's fit asks of it
    (keras-team/keras#20585: fit fails at once without this):
    - a nest of values (the whole (images, labels) batch it builds the model with), as the
      strategy's docs promise and its code leaves for later (a TODO);
    - uint8 images in that batch, which the all-reduce cannot add: fit only wants the
      batch's shape and type there, so this worker's own batch serves;
    - axis 0 of a scalar (the loss and the metrics of each step), which has only the
      replica axis to reduce over."""

    def reduce(self, reduce_op, value, axis):
        reduce_one = super().reduce

        def reduce_leaf(leaf):
            local = self.experimental_local_results(leaf)[0]
            if local.dtype not in ALL_REDUCIBLE:
                return local
            return reduce_one(reduce_op, leaf, None if local.shape.rank == 0 else axis)
        return tf.nest.map_structure(reduce_leaf, value)


def read_tf_config(environ=None):
    """The cluster in TF_CONFIG, checked: {"workers", "task", "is_chief"}; TrainingError
    saying what is wrong when it is missing or malformed."""
    text = (os.environ if environ is None else environ).get("TF_CONFIG", "").strip()
    example = ('e.g. TF_CONFIG=\'{"cluster": {"worker": ["host1:12345", "host2:12345"]}, '
               '"task": {"type": "worker", "index": 0}}\'')
    if not text:
        raise TrainingError(f"--distribute multiworker needs TF_CONFIG naming the workers and "
                            f"this one's task: {example}")
    try:
        config = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TrainingError(f"TF_CONFIG is not valid JSON ({exc}): {example}") from None
    cluster = config.get("cluster") if isinstance(config, dict) else None
    task = config.get("task") if isinstance(config, dict) else None
    if not isinstance(cluster, dict) or not cluster or not all(
            isinstance(hosts, list) and hosts and all(isinstance(h, str) and ":" in h
                                                      for h in hosts)
            for hosts in cluster.values()):
        raise TrainingError(f"TF_CONFIG's cluster must map job names to lists of "
                            f"\"host:port\": {example}")
    if not isinstance(task, dict) or task.get("type") not in cluster \
            or not isinstance(task.get("index"), int) \
            or not 0 <= task["index"] < len(cluster[task["type"]]):
        raise TrainingError(f"TF_CONFIG's task must name a job in its cluster "
                            f"({', '.join(cluster)}) and an index in it: {example}")
    unknown = sorted(set(cluster) - {"chief", "worker"})
    if unknown:
        raise TrainingError(f"TF_CONFIG's cluster has {', '.join(unknown)}: multiworker "
                            f"training takes only chief and worker jobs")
    is_chief = task["type"] == "chief" or ("chief" not in cluster and task["index"] == 0)
    return {"workers": sum(len(hosts) for hosts in cluster.values()), "task": task,
            "is_chief": is_chief}
