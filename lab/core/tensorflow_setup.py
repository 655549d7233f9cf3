"""Import TensorFlow quietly, once.

TensorFlow's C++ start-up lines ("Could not find cuda drivers…") go straight to file
descriptor 2 whatever the log level, and would bury the lab's own one-line messages.
"""

import os
import sys


def import_tensorflow():
    """Return the tensorflow module, silencing stderr only while it first loads."""
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            import tensorflow
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    return tensorflow
