"""npjax.lib: numpy.lib, with `stride_tricks` native and the rest served from NumPy."""
import numpy as _np

from .._fallback import FallbackModule as _FallbackModule
from . import stride_tricks  # noqa: F401

_rest = _FallbackModule("lib", _np.lib)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_rest, name)


def __dir__():
    return sorted(set(dir(_np.lib)) | {"stride_tricks"})
