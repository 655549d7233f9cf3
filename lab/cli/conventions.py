"""What every command accepts the same way: global options before or after the command word,
--version, -q/--quiet, and usage text that lists each option's default."""

import argparse
import io

import lab

VERSION_TEXT = f"digit-lab {lab.__version__}"
DATA_DIR_HELP = ("folder holding mnist/ and notmnist/ "
                 "(default: $LAB_DATA_DIR, then the per-user data folder)")
QUIET_HELP = "no progress lines: only results and errors"


class DefaultsHelpFormatter(argparse.HelpFormatter):
    """Appends "(default: …)" to an option's help unless it says its default itself, and
    "(required)" to a required option's; an option whose default is None or off says nothing
    more (its help tells what leaving it out does)."""

    def _get_help_string(self, action):
        text = action.help or ""
        default = action.default
        if action.required and action.option_strings:
            return text if "required" in text else f"{text} (required)".strip()
        takes_value = action.nargs != 0
        if ("default" in text or not takes_value or default in (None, argparse.SUPPRESS)
                or not action.option_strings):
            return text
        return f"{text} (default: %(default)s)".strip()


class CommandConventions:
    """Adds the global options to the main parser and to every command's parser."""

    @staticmethod
    def add_main_options(parser):
        parser.add_argument("--version", action="version", version=VERSION_TEXT,
                            help="print the version and exit")
        parser.add_argument("--data-dir", help=DATA_DIR_HELP)
        parser.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)

    @staticmethod
    def add_command_options(commands):
        """The same options after the command word. Their default there is SUPPRESS, so a value
        given before the command is kept when none is given after it."""
        for command in commands.choices.values():
            command.formatter_class = DefaultsHelpFormatter
            known = {flag for action in command._actions for flag in action.option_strings}
            if "--data-dir" not in known:
                command.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
            if "--quiet" not in known:
                command.add_argument("-q", "--quiet", action="store_true",
                                     default=argparse.SUPPRESS, help=QUIET_HELP)

    @staticmethod
    def progress_stream(args, stream):
        """Where progress lines go: ``stream``, or nowhere with --quiet."""
        return io.StringIO() if getattr(args, "quiet", False) else stream
