"""Command-line conventions: global options after the command, --version, -q, defaults in help."""

import argparse
import io
import subprocess
import sys

import pytest

import lab
from lab.__main__ import wants_command_line
from lab.cli import CommandLine
from lab.cli.conventions import DefaultsHelpFormatter


def run_cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = CommandLine(stdout=out, stderr=err).run([str(a) for a in argv])
    return status, out.getvalue(), err.getvalue()


def command_parsers():
    parser = CommandLine().parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"(main)": parser, **commands.choices}


def test_data_dir_after_the_command_is_the_same_as_before_it(tiny_mnist_dir):
    before = run_cli("--data-dir", tiny_mnist_dir, "datasets")
    after = run_cli("datasets", "--data-dir", tiny_mnist_dir)
    assert after == before
    assert "train 540" in after[1]


def test_a_value_after_the_command_wins_and_one_before_is_kept(tiny_mnist_dir, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    _, out, _ = run_cli("--data-dir", empty, "datasets", "--data-dir", tiny_mnist_dir)
    assert f"data folder: {tiny_mnist_dir}" in out
    _, out, _ = run_cli("--data-dir", tiny_mnist_dir, "datasets")
    assert f"data folder: {tiny_mnist_dir}" in out


def test_train_with_data_dir_after_the_command_and_quiet(tiny_mnist_dir, tmp_path):
    status, out, err = run_cli("train", "--data-dir", tiny_mnist_dir, "--model", "softmax",
                               "--epochs", "1", "--seed", "0", "--runs-dir", tmp_path / "runs",
                               "-q")
    assert status == 0, err
    assert err == ""  # no progress lines
    assert "test accuracy:" in out and "saved:" in out


def test_without_quiet_train_prints_progress(tiny_mnist_dir, tmp_path):
    status, _, err = run_cli("--data-dir", tiny_mnist_dir, "train", "--model", "softmax",
                             "--epochs", "1", "--runs-dir", tmp_path / "runs")
    assert status == 0, err
    assert "epoch 1/1" in err


def test_resume_accepts_the_global_options_after_the_command(tiny_mnist_dir, tmp_path):
    status, _, err = run_cli("train", "--resume", "no-such-run", "--data-dir", tiny_mnist_dir,
                             "-q", "--runs-dir", tmp_path)
    assert status == 2
    assert "leave out" not in err and "no-such-run" in err


def test_version_prints_the_package_version():
    result = subprocess.run([sys.executable, "-m", "lab", "--version"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"digit-lab {lab.__version__}"


@pytest.mark.parametrize("args, command_line", [
    (["--version"], True),
    (["-q", "train"], True),
    (["--data-dir", "d", "-q"], False),          # no command: the window
    (["train", "--data-dir", "d"], True),
])
def test_entry_point_routes_the_new_options(args, command_line):
    assert wants_command_line(args) is command_line


def option_entries(parser):
    """Each option's help as printed in the usage text, keyed by its first flag."""
    text = " ".join(parser.format_help().split())
    formatter = DefaultsHelpFormatter(parser.prog)
    options = [a for a in parser._actions if a.option_strings]
    starts = [text.index(" " + formatter._format_action_invocation(a) + " ",
                         text.index("options:")) for a in options]
    ends = starts[1:] + [len(text)]
    return {a.option_strings[-1]: text[s:e] for a, s, e in zip(options, starts, ends)}


def test_every_option_that_takes_a_value_lists_its_default():
    for name, parser in command_parsers().items():
        entries = option_entries(parser)
        for action in parser._actions:
            if not action.option_strings or action.nargs == 0 or action.dest in ("help",
                                                                                 "version"):
                continue
            entry = entries[action.option_strings[-1]]
            if action.required:
                assert "required" in entry, f"{name} {action.option_strings}: {entry}"
            else:
                assert "default" in entry.lower(), f"{name} {action.option_strings}: {entry}"


def test_a_literal_default_is_printed():
    entries = option_entries(command_parsers()["train"])
    assert "(default: fast)" in entries["--model"]
    assert "(default: mnist)" in entries["--dataset"]
