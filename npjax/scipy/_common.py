"""Shared machinery of `npjax.scipy.<sub>`: every public SciPy name is served.

A submodule module defines its native functions (made with `npjax._dispatch.function`, the
one call path) and ends with

    __getattr__, __dir__ = serve("signal", globals())

Names it does not define are looked up in `scipy.signal` on first access: callables are
wrapped so that SciPy runs them on host copies (for device arrays a recorded fallback,
warned once, `config.fallback`), types and constants are SciPy's own objects.
"""
import importlib
import types

import numpy as np

from .._dispatch import function

# SciPy's public submodules that npjax.scipy serves (name -> module file under npjax.scipy)
SUBMODULES = ("special", "linalg", "stats", "signal", "fft", "ndimage", "optimize",
              "integrate", "interpolate", "spatial", "sparse", "cluster")


def scipy_module(sub):
    return importlib.import_module(f"scipy.{sub}")


def public_names(sub):
    mod = scipy_module(sub)
    names = getattr(mod, "__all__", None)
    if names is None:
        names = [n for n in dir(mod) if not n.startswith("_")]
    return sorted(n for n in names if not n.startswith("_"))


def fallback_callable(qualname, obj):
    """SciPy's callable `obj` run on host copies: recorded as a fallback for device arrays."""
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType, np.ufunc)):
        return function(qualname, obj, None)
    return obj  # classes and callable instances (distributions) are SciPy's own objects


def serve(sub, namespace):
    """`__getattr__` and `__dir__` for the npjax module of `scipy.<sub>`."""
    module_name = namespace["__name__"]

    def __getattr__(attr):
        if attr.startswith("__"):
            raise AttributeError(f"module {module_name!r} has no attribute {attr!r}")
        sp_mod = scipy_module(sub)
        try:
            obj = getattr(sp_mod, attr)
        except AttributeError:
            raise AttributeError(
                f"module {module_name!r} has no attribute {attr!r}") from None
        if isinstance(obj, types.ModuleType):
            value = obj  # nested SciPy modules (e.g. scipy.spatial.transform) are SciPy's
        else:
            value = fallback_callable(f"scipy.{sub}.{attr}", obj)
        namespace[attr] = value
        return value

    def __dir__():
        return sorted(set(public_names(sub)) | {n for n in namespace if not n.startswith("_")})

    return __getattr__, __dir__
