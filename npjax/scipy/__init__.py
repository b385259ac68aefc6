"""`npjax.scipy`: SciPy's namespaces, native on JAX where exact, recorded fallbacks elsewhere.

Submodules load on first access (`from npjax import scipy` stays cheap).
"""
import importlib

from ._common import SUBMODULES


def __getattr__(name):
    if name in SUBMODULES:
        return importlib.import_module(f"npjax.scipy.{name}")
    raise AttributeError(f"module 'npjax.scipy' has no attribute {name!r}")


def __dir__():
    return sorted(SUBMODULES)
