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


_ON_JAX = {}


def on_jax(dtype):
    """JAX can hold arrays of `dtype`: booleans and numbers in native byte order, at most
    64-bit floats (no longdouble: float128/complex256 here)."""
    hit = _ON_JAX.get(dtype)
    if hit is None:
        d = np.dtype(dtype)
        hit = _ON_JAX[dtype] = (d.kind in "biufc" and d.isnative
                                and d.itemsize <= (16 if d.kind == "c" else 8))
    return hit
