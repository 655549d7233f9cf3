"""What every command shares: the default model, the error status."""

from lab.core.shipped_models import shipped_models_dir

DEFAULT_MODEL_DIR = shipped_models_dir() / "digits"
EXIT_ERROR = 2
