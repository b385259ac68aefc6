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
    """SciPy's `obj` served by npjax: callables run on host copies (a recorded fallback for
    device arrays), distributions through a proxy whose methods do the same, nested
    modules as served modules; classes and constants are SciPy's own objects."""
    if isinstance(obj, types.ModuleType):
        return ServedModule(qualname, obj)
    if isinstance(obj, type) or not callable(obj):
        return obj
    from scipy.stats._distn_infrastructure import rv_generic
    if isinstance(obj, rv_generic):
        return Distribution(qualname, obj)
    return function(qualname, obj, None)


class Distribution:
    """A scipy.stats distribution whose methods (pdf, cdf, rvs, fit...) run on host copies,
    recorded as fallbacks for device arrays. `isinstance(d, rv_continuous)` does not hold."""

    def __init__(self, qualname, dist):
        self._qualname, self._dist = qualname, dist

    def __getattr__(self, attr):
        value = getattr(self._dist, attr)
        if callable(value) and not attr.startswith("_"):
            value = function(f"{self._qualname}.{attr}", value, None)
            setattr(self, attr, value)
        return value

    def __call__(self, *args, **kwargs):   # freezing: SciPy's frozen distribution
        return function(self._qualname, self._dist, None)(*args, **kwargs)

    def __repr__(self):
        return f"<npjax {self._qualname}: SciPy's {self._dist.name} distribution>"


class ServedModule(types.ModuleType):
    """A nested SciPy module (scipy.cluster.vq, scipy.sparse.linalg...) served name by
    name like the npjax.scipy submodules."""

    def __init__(self, qualname, module):
        super().__init__(f"npjax.{qualname}")
        self._qualname, self._module = qualname, module

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        value = fallback_callable(f"{self._qualname}.{attr}", getattr(self._module, attr))
        setattr(self, attr, value)
        return value

    def __dir__(self):
        return [n for n in dir(self._module) if not n.startswith("_")]


def jax_scipy(path):
    """jax.scipy.<path> (e.g. "special.gamma") as a jax_fn for `_dispatch.function`: looked up
    on the first call (JAX loads lazily) and recorded by the lazy tier like jax.numpy."""
    resolved = []

    def run(*args, **kwargs):
        if not resolved:
            import importlib
            from .._backends import lazy
            module, _, attr = path.rpartition(".")
            fn = getattr(importlib.import_module(f"jax.scipy.{module}"), attr)
            resolved.append(lazy.Recorder(fn, f"jsp.{path}"))
        return resolved[0](*args, **kwargs)
    run.__name__ = path.rpartition(".")[2]
    return run


# keywords of SciPy's ufuncs that the jax.scipy functions do not take (out= is npjax's)
UFUNC_ONLY = ("where", "dtype", "casting", "order", "subok", "signature", "axes", "axis")


def native_ufuncs(sub, names, namespace, nargs):
    """Natives for SciPy ufuncs that jax.scipy computes to SciPy's precision (checked by the
    tests): NumPy/SciPy decide the result dtype (the probe), JAX computes."""
    sp_mod = scipy_module(sub)
    for name in names:
        namespace[name] = function(f"scipy.{sub}.{name}", getattr(sp_mod, name),
                                   _in_double(jax_scipy(f"{sub}.{name}")),
                                   arrays=tuple(range(nargs)), unsupported=UFUNC_ONLY)


def _in_double(jax_fn):
    """SciPy's special functions compute single precision in double and round the result
    (JAX's float32 versions differ by up to 1e-5 relative): so does npjax."""
    def run(*args):
        return jax_fn(*[a.astype(np.float64) if getattr(a, "dtype", None) in _SINGLE else
                        a.astype(np.complex128) if getattr(a, "dtype", None) == np.complex64
                        else a for a in args])
    return run


_SINGLE = (np.dtype(np.float16), np.dtype(np.float32))


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
        value = fallback_callable(f"scipy.{sub}.{attr}", obj)
        namespace[attr] = value
        return value

    def __dir__():
        return sorted(set(public_names(sub)) | {n for n in namespace if not n.startswith("_")})

    return __getattr__, __dir__
