"""`python -m lab` decides between the window and the command line by the command word."""

import pytest

from lab.__main__ import wants_command_line


@pytest.mark.parametrize("args, command_line", [
    ([], False),
    (["--data-dir", "train"], False),            # a folder called train
    (["--data-dir=train"], False),
    (["--data-dir", "../data", "train"], True),
    (["train", "--epochs", "1"], True),
    (["runs", "--json"], True),
    (["--help"], True),
    (["-style", "fusion"], False),               # a Qt option for the window
])
def test_the_first_plain_word_decides(args, command_line):
    assert wants_command_line(args) is command_line


def test_every_command_of_the_command_line_is_known_to_the_entry_point():
    import argparse

    from lab.__main__ import COMMANDS
    from lab.cli.command_line import CommandLine

    parser = CommandLine().parser()
    (subcommands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(subcommands.choices) == COMMANDS
