"""`python -m lab finetune MODEL --drawings FOLDER --out DIR` on the tiny generated MNIST."""

import io
import json

from personal_style import write_personal_drawings

from lab.cli import CommandLine


def run_cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = CommandLine(stdout=out, stderr=err).run([str(a) for a in argv])
    return status, out.getvalue(), err.getvalue()


def test_finetune_prints_the_before_after_table_and_saves_the_model(
        tmp_path, tiny_model_dir, tiny_mnist_dir):
    drawings = write_personal_drawings(tmp_path / "mine", per_class=8, seed=5)
    status, out, err = run_cli("finetune", tiny_model_dir, "--drawings", drawings,
                               "--out", tmp_path / "tuned", "--epochs", "1",
                               "--data-dir", tiny_mnist_dir)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == f"tiny + my handwriting: learned from 0: 6, 2: 6 drawings in {drawings}"
    assert lines[1].split() == ["n", "before", "after"]
    assert lines[2].split()[:4] == ["drawings", "of", "0", "2"]
    assert lines[4].split()[:3] == ["held-out", "drawings", "4"]
    assert lines[5].split()[:3] == ["test", "split", "100"]
    assert lines[-1] == f"saved to {tmp_path / 'tuned'}"
    assert "epoch 1/1" in err
    meta = json.loads((tmp_path / "tuned" / "metadata.json").read_text())
    assert meta["name"] == "tiny + my handwriting"


def test_finetune_json_and_quiet(tmp_path, tiny_model_dir, tiny_mnist_dir):
    drawings = write_personal_drawings(tmp_path / "mine", per_class=8, seed=6)
    status, out, err = run_cli("finetune", tiny_model_dir, "--drawings", drawings, "--out",
                               tmp_path / "tuned", "--epochs", "1", "--json", "-q",
                               "--data-dir", tiny_mnist_dir)
    assert status == 0 and err == ""
    report = json.loads(out)
    assert report["trained_per_class"] == {"0": 6, "2": 6}
    assert set(report["heldout_per_class"]["2"]) == {"n", "before", "after"}
    assert report["model_dir"] == str(tmp_path / "tuned")


def test_finetune_with_too_few_drawings_is_one_error_line(tmp_path, tiny_model_dir,
                                                          tiny_mnist_dir):
    drawings = write_personal_drawings(tmp_path / "mine", per_class=3)
    status, out, err = run_cli("finetune", tiny_model_dir, "--drawings", drawings,
                               "--out", tmp_path / "tuned", "--data-dir", tiny_mnist_dir)
    assert status == 2 and out == ""
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and error_lines[0].startswith("error: too few drawings")
    assert error_lines[0].endswith("0: 3 (draw 5 more), 2: 3 (draw 5 more)")
    assert not (tmp_path / "tuned").exists()
