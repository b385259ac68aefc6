"""`npjax.scipy`: SciPy's namespaces, native on JAX where exact, recorded fallbacks elsewhere.

`import npjax.scipy as sp; sp.special.gammaln(x)` or `from npjax.scipy import linalg` serve
every public name of the twelve SciPy submodules below: npjax's own function where npjax
has one (on JAX for device arrays, SciPy's values, dtypes and errors), otherwise SciPy's,
run on host copies of device arrays as a recorded fallback (`npjax.stats()`, warned once).
Submodules load on first access (`from npjax import scipy` stays cheap).
`python -m npjax coverage` lists, per namespace, what is native and what falls back.
"""
import importlib

from ._common import SUBMODULES


def __getattr__(name):
    if name in SUBMODULES:
        return importlib.import_module(f"npjax.scipy.{name}")
    if not name.startswith("_"):
        # SciPy's other submodules (io, odr, datasets, constants...): served name by name,
        # callables as recorded fallbacks
        try:
            importlib.import_module(f"scipy.{name}")
        except ImportError:
            pass
        else:
            from ._common import sub_namespace
            served = globals()[name] = sub_namespace(name)
            return served
    raise AttributeError(f"module 'npjax.scipy' has no attribute {name!r}")


def __dir__():
    return sorted(SUBMODULES)
