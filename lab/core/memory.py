"""Give memory that was freed back to the operating system.

TensorFlow allocates and frees large buffers on several threads every epoch; glibc's malloc
keeps freed memory in per-thread arenas, so a long run's resident size creeps up by megabytes
an epoch although nothing is leaked. ``malloc_trim(0)`` returns those free pages.
"""

import ctypes
import ctypes.util
import sys


def release_freed_memory():
    """True when the C library returned free memory to the system (glibc only; else False)."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return False
    trim.argtypes = [ctypes.c_size_t]
    return bool(trim(0))
