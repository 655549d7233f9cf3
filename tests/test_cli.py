"""The command line, end to end on generated data: output, JSON shapes, exit codes."""

import io
import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from glyphs import make_glyph
from lab.cli import CommandLine


def run_cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = CommandLine(stdout=out, stderr=err).run([str(a) for a in argv])
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def trained_dir(tiny_mnist_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "mlp"
    status, stdout, stderr = run_cli("--data-dir", tiny_mnist_dir, "train", "--dataset", "mnist",
                                     "--model", "mlp", "--epochs", "2", "--seed", "1",
                                     "--out", out)
    assert status == 0, stderr
    assert "test accuracy:" in stdout and f"saved: {out}" in stdout
    return out


def test_datasets_lists_found_data(tiny_mnist_dir):
    status, out, _ = run_cli("--data-dir", tiny_mnist_dir, "datasets")
    assert "mnist" in out and "train 540" in out and "validation 60" in out and "test 100" in out
    assert "notmnist  missing:" in out
    assert status == 2  # notMNIST is missing from the tiny folder


def test_train_records_command_and_metrics(trained_dir):
    metadata = json.loads((trained_dir / "metadata.json").read_text())
    assert metadata["command"].startswith("python -m lab train --dataset mnist --model mlp")
    assert metadata["architecture"] == "mlp"
    assert 0.0 <= metadata["test_metrics"]["accuracy"] <= 1.0
    assert (trained_dir / "model.keras").is_file()


def test_train_include_validation_is_recorded_and_says_no_validation(tiny_mnist_dir, tmp_path):
    out = tmp_path / "final"
    status, stdout, stderr = run_cli("--data-dir", tiny_mnist_dir, "train", "--model", "softmax",
                                     "--epochs", "1", "--include-validation", "--out", out)
    assert status == 0, stderr
    assert "on 600 images" in stderr and "no validation" in stderr and "nan" not in stderr
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["command"].endswith("--include-validation")
    assert metadata["hyperparameters"]["include_validation"] is True


def test_evaluate_json_keys(trained_dir, tiny_mnist_dir):
    status, out, err = run_cli("--data-dir", tiny_mnist_dir, "evaluate", trained_dir, "--json")
    assert status == 0, err
    report = json.loads(out)
    assert {"accuracy", "loss", "n", "confusion", "per_class"} <= set(report)
    assert report["n"] == 100
    assert np.asarray(report["confusion"]).sum() == 100
    assert len(report["per_class"]) == 10


def test_evaluate_text_table(trained_dir, tiny_mnist_dir):
    status, out, _ = run_cli("--data-dir", tiny_mnist_dir, "evaluate", trained_dir)
    assert status == 0
    assert "accuracy" in out and "precision" in out and out.count("\n") >= 12


def test_predict_json_black_on_white_png(trained_dir, tmp_path):
    path = tmp_path / "seven.png"
    Image.fromarray(make_glyph("7", font_size=20, invert=True)).save(path)
    status, out, err = run_cli("predict", path, "--model", trained_dir, "--json")
    assert status == 0, err
    [row] = json.loads(out)
    assert set(row) >= {"path", "label", "confidence", "probabilities", "text"}
    assert row["label"] in "0123456789" and len(row["probabilities"]) == 10
    assert abs(sum(row["probabilities"].values()) - 1) < 1e-3


def test_predict_reads_several_digits(trained_dir, tmp_path):
    strip = np.hstack([make_glyph(d, font_size=22) for d in "20"])
    path = tmp_path / "number.png"
    Image.fromarray(strip).save(path)
    status, out, err = run_cli("predict", path, "--model", trained_dir, "--json")
    assert status == 0, err
    [row] = json.loads(out)
    assert len(row["text"]) == 2 and len(row["characters"]) == 2


def test_error_is_one_line_exit_2_no_traceback(tmp_path):
    bogus = tmp_path / "not-an-image.png"
    bogus.write_text("hello")
    done = subprocess.run([sys.executable, "-m", "lab", "predict", str(bogus), "--model",
                           str(tmp_path / "no-such-model")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in done.stderr


def test_missing_data_folder_names_files(tmp_path):
    status, _, err = run_cli("--data-dir", tmp_path / "empty", "train", "--model", "softmax")
    assert status == 2
    assert err.startswith("error: ") and "train-images-idx3-ubyte" in err
    assert err.count("\n") == 1  # one line, however long the list of files


def test_evaluate_on_a_folder_of_drawings(trained_dir, tmp_path):
    from lab.core.synthetic_drawings import write_folder

    write_folder(tmp_path / "drawn", n_per_class=2, classes="digits", seed=4)
    status, out, err = run_cli("evaluate", trained_dir, "--drawings", tmp_path / "drawn", "--json")
    assert status == 0, err
    score = json.loads(out)
    assert score["n"] == 20 and 0 <= score["correct"] <= 20
    assert set(score["per_class"]) == set("0123456789")


def test_evaluate_medium_needs_drawings_and_says_the_medium(tmp_path):
    from pathlib import Path

    from lab.core.synthetic_drawings import write_folder

    digits = Path(__file__).resolve().parent.parent / "models" / "digits"
    status, _, err = run_cli("evaluate", digits, "--medium", "scan")
    assert status == 2 and err.startswith("error: ") and "--drawings" in err
    write_folder(tmp_path, n_per_class=1, classes="digits", seed=2, font_fraction=0.0)
    status, out, err = run_cli("evaluate", digits, "--drawings", tmp_path,
                               "--medium", "pencil", "--json")
    assert status == 0, err
    result = json.loads(out)
    assert result["medium"] == "pencil" and result["n"] == 10
    status, out, _ = run_cli("evaluate", digits, "--drawings", tmp_path, "--medium", "marker")
    assert status == 0 and "each read as a paper copy (marker)" in out


def test_evaluate_lists_the_misread_drawings(tmp_path):
    from pathlib import Path

    from lab.core.synthetic_drawings import write_folder

    digits = Path(__file__).resolve().parent.parent / "models" / "digits"
    status, _, err = run_cli("evaluate", digits, "--mistakes")
    assert status == 2 and err.startswith("error: ") and "--drawings" in err
    write_folder(tmp_path, n_per_class=1, classes="digits", seed=2, font_fraction=0.0)
    (one,) = (tmp_path / "1").iterdir()
    (tmp_path / "7").mkdir(exist_ok=True)
    one.rename(tmp_path / "7" / "filed-wrong.png")          # a 1 filed as 7
    status, out, err = run_cli("evaluate", digits, "--drawings", tmp_path, "--json")
    assert status == 0, err
    result = json.loads(out)
    wrong = [m for m in result["mistakes"] if m["file"] == "7/filed-wrong.png"]
    assert len(wrong) == 1 and wrong[0]["label"] == "7" and wrong[0]["read"] == "1"
    assert len(result["mistakes"]) == result["n"] - result["correct"]
    confidences = [m["confidence"] for m in result["mistakes"]]
    assert confidences == sorted(confidences, reverse=True)
    status, out, _ = run_cli("evaluate", digits, "--drawings", tmp_path, "--mistakes")
    lines = out.splitlines()
    assert status == 0 and lines[1].startswith("most common misreadings: ")
    assert "7→1 ×1" in lines[1]
    assert lines[2].startswith(f"misread: {len(confidences)}, the surest")
    assert any(line.startswith("  7/filed-wrong.png: 7 read as 1 (") for line in lines[3:])
