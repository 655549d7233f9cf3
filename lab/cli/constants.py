"""What every command shares: where the project is, the default model, the error status."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_MODEL_DIR = PROJECT_ROOT / "models" / "digits"
EXIT_ERROR = 2
