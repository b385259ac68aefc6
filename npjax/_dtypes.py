"""Dtype policy: NumPy decides every result dtype; "fast32" narrows 64-bit at creation."""
import numpy as np

from ._config import config

_NARROW = {np.dtype(np.float64): np.dtype(np.float32),
           np.dtype(np.complex128): np.dtype(np.complex64),
           np.dtype(np.int64): np.dtype(np.int32),
           np.dtype(np.uint64): np.dtype(np.uint32)}


def policy_dtype(dtype):
    """The dtype an array created with `dtype` gets under the current policy."""
    if config.dtypes == "fast32":
        return _NARROW.get(dtype, dtype)
    return dtype


def apply_policy(arr):
    """Narrow a freshly created NumPy array under "fast32"; identity under "numpy"."""
    if config.dtypes == "fast32":
        narrow = _NARROW.get(arr.dtype)
        if narrow is not None:
            return arr.astype(narrow)
    return arr
