"""Where the models that come with Digit Lab live: inside the package when it was installed
(`pip install .` copies models/ to lab/shipped_models), else models/ of the source checkout."""

from pathlib import Path


def shipped_models_dir():
    """The folder holding digits/, letters/, …: the installed copy first, then the checkout's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "shipped_models"
    return installed if installed.is_dir() else package.parent / "models"
