"""Import TensorFlow quietly, once, from any thread.

TensorFlow's C++ start-up lines ("Could not find cuda drivers…") go straight to file
descriptor 2 whatever the log level, and would bury the lab's own one-line messages.
"""

import os
import sys
import threading

IMPORT_LOCK = threading.Lock()  # the window imports from several background threads at once


def import_tensorflow():
    """Return the fully initialised tensorflow module, silencing stderr while it first loads."""
    with IMPORT_LOCK:
        if "tensorflow" not in sys.modules:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            sys.stderr.flush()
            saved = os.dup(2)
            # Keras imports scikit-learn for its scikit-learn wrappers, which the lab never
            # uses: 0.5 s of every start. Marked missing while TensorFlow loads; importable
            # again afterwards (the t-SNE child uses it).
            hide_sklearn = "sklearn" not in sys.modules
            if hide_sklearn:
                sys.modules["sklearn"] = None
            try:
                with open(os.devnull, "w") as devnull:
                    os.dup2(devnull.fileno(), 2)
                    import tensorflow  # noqa: F401
            finally:
                if hide_sklearn and sys.modules.get("sklearn", 0) is None:
                    del sys.modules["sklearn"]
                os.dup2(saved, 2)
                os.close(saved)
        # A plain import waits for an import still running elsewhere (sys.modules already
        # holds the half-initialised module then), so no caller ever sees it unfinished.
        import tensorflow
        return tensorflow
