"""`npjax.scipy`: SciPy's namespaces, native on JAX where exact, recorded fallbacks elsewhere.

Submodules load on first access (`from npjax import scipy` stays cheap).
"""
import importlib

from ._common import SUBMODULES


def __getattr__(name):
    if name in SUBMODULES:
        return importlib.import_module(f"npjax.scipy.{name}")
    if not name.startswith("_"):
        # SciPy's other submodules (io, odr, datasets...): served name by name, callables as
        # recorded fallbacks
        try:
            module = importlib.import_module(f"scipy.{name}")
        except ImportError:
            pass
        else:
            from ._common import ServedModule
            served = globals()[name] = ServedModule(f"scipy.{name}", module)
            return served
    raise AttributeError(f"module 'npjax.scipy' has no attribute {name!r}")


def __dir__():
    return sorted(SUBMODULES)
