"""t-SNE in a child process, so the window's Python interpreter stays free.

In a thread of the window's process, scikit-learn's import and the first steps of t-SNE hold
Python's global lock for up to ~220 ms at a time (seen as a stalled GUI heartbeat); a
process of its own has its own lock, and can be stopped at once when the map is no longer
wanted (a thread running scikit-learn cannot be interrupted).
"""

import multiprocessing
import os

import numpy as np

from lab.core.errors import ModelError

TSNE_DIMENSIONS = 50


class TsneProcess:
    """``run(features)`` → the (N, 2) t-SNE map, computed by a spawned child; ``cancel()``
    from any thread ends the child, and ``run`` then raises ModelError."""

    def __init__(self, seed=0):
        self.seed = seed
        self._child = None
        self._cancelled = False

    def run(self, features):
        context = multiprocessing.get_context("spawn")  # fork is unsafe beside Qt and TF threads
        receive, send = context.Pipe(duplex=False)
        self._child = context.Process(target=_child_main, args=(send, features, self.seed),
                                      name="lab-tsne", daemon=True)
        if self._cancelled:
            raise ModelError("t-SNE cancelled")
        self._child.start()
        send.close()
        try:
            outcome = receive.recv()
        except EOFError:
            outcome = ("error", "t-SNE cancelled" if self._cancelled
                       else f"the t-SNE process ended (exit code {self._child.exitcode})")
        finally:
            receive.close()
            self._child.join()
        kind, value = outcome
        if kind == "error":
            raise ModelError(value)
        return value

    @property
    def running(self):
        return self._child is not None and self._child.is_alive()

    def cancel(self):
        self._cancelled = True
        child = self._child
        if child is not None and child.is_alive():
            child.terminate()


def tsne_map(features, seed=0):
    """The t-SNE map (N, 2) of ``features`` (N, D) (PCA to 50 dimensions first), in this
    process."""
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE
    from threadpoolctl import threadpool_limits

    # One core stays free for the window: OpenMP threads on every core spin against the
    # GUI thread (300 points took 109 s with two threads under load, 11.6 s with one).
    with threadpool_limits(limits=max(1, (os.cpu_count() or 2) - 1)):
        if features.shape[1] > TSNE_DIMENSIONS and len(features) > TSNE_DIMENSIONS:
            features = PCA(TSNE_DIMENSIONS, random_state=seed).fit_transform(features)
        perplexity = float(min(30.0, max(5.0, (len(features) - 1) / 3.0)))
        return TSNE(2, init="pca", perplexity=perplexity, random_state=seed).fit_transform(
            features).astype(np.float32)


def _child_main(send, features, seed):
    """In the child: t-SNE of ``features``, sent back as ("map", array) or ("error", text)."""
    try:
        send.send(("map", tsne_map(features, seed)))
    except Exception as exc:  # noqa: BLE001 - the parent shows the message
        send.send(("error", f"t-SNE failed: {exc}"))
    finally:
        send.close()
