"""`train --distribute`: MirroredStrategy over two logical CPU devices, and two
MultiWorkerMirroredStrategy workers on localhost (loopback ports only), each in its own
process, each ending in a saved model that evaluates; and the clear errors before any of it.

The three processes start together (a module fixture) so their TensorFlow start-ups overlap;
each is bounded by one deadline and killed when it passes.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lab.core.datasets import load_dataset
from lab.core.distribution import read_tf_config
from lab.core.errors import TrainingError
from lab.core.evaluation import evaluate
from lab.core.storage import load_model

from test_cli import run_cli

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ("train", "--model", "mlp", "--epochs", "1", "--batch-size", "32", "--seed", "1",
         "--max-train-samples", "400")
DEADLINE_S = 300   # for all three processes together: a bound for a hung worker, not a timing
CHANCE = 0.1       # ten digit classes


def _loopback_ports(count):
    """Free ports on 127.0.0.1: all held open together so none is handed out twice."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _tf_config(ports, index):
    return json.dumps({"cluster": {"worker": [f"127.0.0.1:{port}" for port in ports]},
                       "task": {"type": "worker", "index": index}})


@pytest.fixture(scope="module")
def finished(tiny_mnist_dir, tmp_path_factory):
    """name → (returncode, stdout, stderr, runs_dir) of the mirrored run and both workers."""
    base = tmp_path_factory.mktemp("distribute")
    ports = _loopback_ports(2)
    plans = {"mirrored": (("--distribute", "mirrored", "--devices", "2"), {}),
             **{f"worker{i}": (("--distribute", "multiworker"),
                               {"TF_CONFIG": _tf_config(ports, i)}) for i in (0, 1)}}
    children = {}
    try:
        for name, (flags, env) in plans.items():
            runs_dir = base / ("runs-multiworker" if name.startswith("worker") else name)
            child = subprocess.Popen(
                [sys.executable, "-m", "lab", "--data-dir", str(tiny_mnist_dir), *TRAIN,
                 *flags, "--runs-dir", str(runs_dir)], cwd=ROOT,
                env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **env},
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            children[name] = (child, runs_dir)
        deadline = time.monotonic() + DEADLINE_S
        results = {}
        for name, (child, runs_dir) in children.items():
            try:
                out, err = child.communicate(timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pytest.fail(f"{name} still running after {DEADLINE_S} s: killed")
            results[name] = (child.returncode, out, err, runs_dir)
        return results
    finally:
        for child, _ in children.values():
            if child.poll() is None:
                child.kill()
                child.communicate()


def _accuracy(model_dir, data_dir):
    saved = load_model(model_dir)
    test = load_dataset("mnist", data_dir).test
    return saved, evaluate(saved.model, test.images, test.labels, saved.class_names).accuracy


def test_mirrored_over_two_cpu_devices_saves_a_model_that_evaluates(finished, tiny_mnist_dir):
    status, out, err, runs_dir = finished["mirrored"]
    assert status == 0, err[-2000:]
    assert "distributed: mirrored over 2 replica(s): CPU:0, CPU:1" in out
    model_dir = re.search(r"^saved: (.+)$", out, re.M).group(1)
    saved, accuracy = _accuracy(model_dir, tiny_mnist_dir)
    assert saved.metadata["distribution"] == {"strategy": "mirrored", "replicas": 2,
                                              "workers": 1}
    assert "--distribute mirrored --devices 2" in saved.metadata["command"]
    assert accuracy > CHANCE


def test_two_workers_on_localhost_train_one_model_that_only_the_chief_keeps(finished,
                                                                           tiny_mnist_dir):
    for name in ("worker0", "worker1"):
        status, out, err, runs_dir = finished[name]
        assert status == 0, f"{name}: {err[-2000:]}"
    chief_out, worker_out = finished["worker0"][1], finished["worker1"][1]
    assert ("distributed: multiworker over 2 replica(s) on 2 worker(s); this is worker 0 "
            "(chief)") in chief_out
    assert "this is worker 1\n" in worker_out and "run: not kept here" in worker_out
    # The same model on both: its test accuracy agrees to the image.
    assert chief_out.split("test accuracy:")[1].splitlines()[0] \
        == worker_out.split("test accuracy:")[1].splitlines()[0]
    scratch = re.search(r"recorded in (\S+)", finished["worker1"][2]).group(1)
    assert not Path(scratch).exists()   # the other worker's folder is gone
    [run] = [p for p in finished["worker0"][3].iterdir() if p.is_dir()]   # the chief's only
    saved, accuracy = _accuracy(run / "model", tiny_mnist_dir)
    assert saved.metadata["distribution"] == {"strategy": "multiworker", "replicas": 2,
                                              "workers": 2}
    assert accuracy > CHANCE


@pytest.mark.parametrize("text, says", [
    ("", "needs TF_CONFIG"),
    ("{cluster", "not valid JSON"),
    ('{"cluster": {"worker": ["localhost"]}, "task": {"type": "worker", "index": 0}}',
     "host:port"),
    ('{"cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "worker", "index": 2}}',
     "an index in it"),
    ('{"cluster": {"worker": ["a:1"], "ps": ["b:2"]}, "task": {"type": "worker", "index": 0}}',
     "only chief and worker"),
])
def test_a_missing_or_malformed_tf_config_is_refused_with_what_to_write(text, says):
    with pytest.raises(TrainingError, match=says):
        read_tf_config({"TF_CONFIG": text})


def test_tf_config_names_the_chief():
    two = {"worker": ["a:1", "b:2"]}
    assert read_tf_config({"TF_CONFIG": json.dumps(
        {"cluster": two, "task": {"type": "worker", "index": 0}})})["is_chief"]
    assert not read_tf_config({"TF_CONFIG": json.dumps(
        {"cluster": two, "task": {"type": "worker", "index": 1}})})["is_chief"]
    assert read_tf_config({"TF_CONFIG": json.dumps(
        {"cluster": {"chief": ["c:0"], **two}, "task": {"type": "chief", "index": 0}})}) \
        == {"workers": 3, "task": {"type": "chief", "index": 0}, "is_chief": True}


@pytest.mark.parametrize("flags, says", [
    (("--distribute", "multiworker"), "needs --seed"),
    (("--distribute", "mirrored", "--ensemble", "2"), "leave out --ensemble"),
    (("--devices", "2"), "--devices is for --distribute mirrored"),
    (("--distribute", "multiworker", "--seed", "1", "--devices", "2"),
     "--devices is for --distribute mirrored"),
])
def test_cli_refuses_what_cannot_be_distributed_in_one_line(flags, says, tiny_mnist_dir,
                                                            monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    status, out, err = run_cli("--data-dir", tiny_mnist_dir, "train", *flags)
    assert status == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert says in err


def test_cli_without_tf_config_says_how_to_write_it(tiny_mnist_dir, monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    status, out, err = run_cli("--data-dir", tiny_mnist_dir, "train", "--distribute",
                               "multiworker", "--seed", "1")
    assert status == 2 and "needs TF_CONFIG" in err and '"task"' in err
