"""TensorFlow is imported from several threads at once when the window starts."""

import os
import subprocess
import sys

PROBE = """
import threading
results = []
def load(module):
    try:
        __import__(module)
        import tensorflow as tf
        results.append(int(tf.reduce_sum(tf.constant([1, 2]))))
    except Exception as exc:
        results.append(repr(exc))
threads = [threading.Thread(target=load, args=(name,)) for name in
           ("lab.core.architectures", "lab.core.storage", "lab.core.prediction")]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(results)
"""


def test_concurrent_imports_all_get_a_working_tensorflow():
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}  # as a user runs it
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[3, 3, 3]"
    assert "cuda" not in done.stderr.lower()  # the start-up noise stays silenced
