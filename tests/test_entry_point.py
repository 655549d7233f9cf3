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
