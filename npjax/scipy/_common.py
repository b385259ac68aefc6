"""Shared machinery of `npjax.scipy.<sub>`: every public SciPy name is served.

A submodule module defines its native functions (made with `npjax._dispatch.function`, the
one call path, through `native` below) and ends with

    __getattr__, __dir__ = serve("signal", globals())

Names it does not define are looked up in `scipy.signal` on first access: callables are
wrapped so that SciPy runs them on host copies (for device arrays a recorded fallback,
warned once, `config.fallback`); types and constants are SciPy's own objects. SciPy's
ufuncs (most of scipy.special) are served as themselves: NumPy's override protocol brings
their calls on npjax device arrays to npjax, which runs them on JAX where npjax registered
an implementation (`npjax._ufunc.DEVICE_UFUNCS`) and records a fallback otherwise.

JAX's SciPy functions are reached through `jax_scipy("special.gammaln")`: a callable that
imports `jax.scipy.special` when first called (a device array exists by then, so JAX and
its x64 mode are already loaded by `npjax._backends.device`) and records the call into the
lazy tier's graph like every `device.jnp` call.
"""
import functools
import importlib
import sys
import types
import warnings

import numpy as np

from .._array import ndarray
from .._dispatch import (function, probe, is_device_buffer, register_cache, Probe,
                         exported, call_fallback, _has_device)
from .._views import zero_strided

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


# ---- JAX's SciPy ------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def jax_module(sub):
    """The real `jax.scipy.<sub>` module (for code that runs inside a jitted core)."""
    # JAX loads (x64 on) through npjax's device backend first
    importlib.import_module("npjax._backends.device")
    return importlib.import_module(f"jax.scipy.{sub}")


@functools.lru_cache(maxsize=None)
def _recorded_jsp(path):
    from .._backends import device
    sub, _, attr = path.rpartition(".")
    obj = jax_module(sub)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return device.recorded(obj, f"jsp.{path}")


def jax_scipy(path):
    """`jax.scipy.<path>` ("special.gammaln", "stats.norm.logpdf"), looked up when first
    called and recorded into the lazy graph like `device.jnp` calls."""
    def run(*args, **kwargs):
        return _recorded_jsp(path)(*args, **kwargs)
    run.__name__ = path.rsplit(".", 1)[-1]
    run._jsp_path = path
    return run


_jit_cache = register_cache({})


def jitted(fn, path=None, static=(), static_names=()):
    """fn under jax.jit (made once), recorded as one node of the lazy graph: one compile
    per shape, and eager-tier calls run fused too. `static`/`static_names` are its static
    argument positions/names; `path` names the node (default `scipy.<module>.<fn>`)."""
    key = (fn, static, static_names)
    jf = _jit_cache.get(key)
    if jf is None:
        import jax
        from .._backends.device import recorded
        path = path or f"scipy.{fn.__module__.rpartition('.')[2]}.{fn.__name__}"
        jf = _jit_cache[key] = recorded(
            jax.jit(fn, static_argnums=static, static_argnames=static_names), path)
    return jf


def jnp():
    """The recording jax.numpy handle (`npjax._backends.device.jnp`)."""
    from .._backends.device import jnp as handle
    return handle


# ---- result dtypes from SciPy on small stand-ins ------------------------------------------
def _is_array(x):
    return type(x) is ndarray or is_device_buffer(x) or type(x) is np.ndarray


def shape_dtype(x):
    """(shape, dtype) of an array argument without moving it (array-likes via NumPy)."""
    v = x._value() if type(x) is ndarray else x
    if not hasattr(v, "shape"):
        v = np.asarray(v)
    return tuple(v.shape), np.dtype(v.dtype)


def _collect_sizes(x, sizes):
    if _is_array(x):
        sizes.update(d for d in shape_dtype(x)[0] if d > 1)
    elif type(x) in (list, tuple):
        for v in x:
            _collect_sizes(v, sizes)


def _shrink(x, sizes, fill):
    if _is_array(x):
        shape, dtype = shape_dtype(x)
        small = tuple(sizes.get(d, d) for d in shape)
        if fill == "ramp":   # distinct values: SciPy rejects or special-cases constant data
            return np.arange(int(np.prod(small))).reshape(small).astype(dtype)
        if fill:
            return np.full(small, fill, dtype)
        return zero_strided(small, dtype)
    if type(x) in (list, tuple):
        return type(x)(_shrink(v, sizes, fill) for v in x)
    return x


def small_probe(name, np_fn, fill=0):
    """`result=` hook for `function`: SciPy's result kinds and dtypes (and its errors for a
    bad call) from a run on stand-ins whose dimensions keep their order and equalities
    (0 and 1 stay, larger sizes become 2, 3, ...): the dtype of these functions does not
    depend on the sizes, and a full-size probe would cost SciPy's whole computation."""
    def result(args, kwargs):
        sizes = set()
        _collect_sizes(args, sizes)
        _collect_sizes(tuple(kwargs.values()), sizes)
        smap = {d: i + 2 for i, d in enumerate(sorted(sizes))}
        sargs = _shrink(args, smap, fill)
        skw = {k: _shrink(v, smap, fill) for k, v in kwargs.items() if k != "out"}
        # the stand-ins' values are not the user's: no warnings from them
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return probe(name, np_fn, sargs, skw)
    return result


_example_cache = register_cache({})


def small_example(name, np_fn, args, kwargs, fill=0, exact=0):
    """SciPy's own result object for the call on small stand-ins (see `small_probe`), for
    results whose fields `Probe` does not describe (SciPy's result classes). Sizes up to
    `exact` stay as they are (SciPy's special cases of short samples); fill="ramp" gives
    stand-ins of distinct values."""
    sizes = set()
    _collect_sizes(args, sizes)
    _collect_sizes(tuple(kwargs.values()), sizes)
    base = max(exact, 1) + 1
    smap = {d: i + base for i, d in enumerate(sorted(d for d in sizes if d > exact))}
    sargs = _shrink(args, smap, fill)
    skw = {k: _shrink(v, smap, fill) for k, v in kwargs.items()}
    try:
        key = (name, fill, tuple(_key(a) for a in sargs),
               tuple(sorted((k, _key(v)) for k, v in skw.items())))
        hash(key)
    except TypeError:
        key = None
    hit = _example_cache.get(key) if key is not None else None
    if hit is None:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hit = np_fn(*sargs, **skw)
        if key is not None:
            _example_cache[key] = hit
    return hit


def _key(x):
    if type(x) is np.ndarray:
        return ("N", x.shape, x.dtype.str, x.tobytes() if x.size <= 16 else None)
    if type(x) in (list, tuple):
        return tuple(_key(v) for v in x)
    return (type(x), x)


def float_result(args, kwargs, dtype=np.float64):
    """Probe of a float64 result, a scalar when every array argument is 0-d."""
    shapes = []
    for a in list(args) + list(kwargs.values()):
        if _is_array(a):
            shapes.append(shape_dtype(a)[0])
        elif type(a) in (list, tuple):
            shapes.append(np.shape(a))
    nd = len(np.broadcast_shapes(*shapes)) if shapes else 0
    return Probe(np.empty((0,) * nd, dtype) if nd else np.dtype(dtype).type(0))


def native(sub, name, jax_fn, np_fn=None, supports=None, result=None, **kw):
    """The public npjax function for `scipy.<sub>.<name>`, run by `jax_fn` on the device.

    supports: optional (args, kwargs) -> None or the reason these argument values run on
        SciPy (a recorded fallback, decided before any JAX work); SciPy's own error for a
        call it rejects comes first, from the `result` hook's run on stand-ins (SciPy's
        functions reject the zero stand-ins of the generic probe: singular matrices...).
    """
    np_fn = np_fn if np_fn is not None else getattr(scipy_module(sub), name)
    qualname = f"scipy.{sub}.{name}"
    fn = inner = function(qualname, np_fn, jax_fn, result=result, **kw)
    doc = (f"npjax's {qualname}: SciPy semantics (see `{qualname}`); runs on JAX when an "
           f"argument lives on the device.")
    if supports is not None:
        def public(*args, **kwargs):
            if _has_device(args, kwargs):
                reason = supports(args, kwargs)
                if reason:
                    if result is not None:
                        result(args, kwargs)
                    return call_fallback(qualname, np_fn, args, kwargs, reason)
            return inner(*args, **kwargs)
        fn = exported(public, qualname, np_fn, "native", doc)
    fn.__module__ = f"npjax.scipy.{sub}"
    fn.__doc__ = doc
    return fn


def host_bool(x):
    """A device boolean read on the host (one synchronisation)."""
    from .._backends import device
    return bool(device.to_host(x))


# ---- SciPy names npjax does not implement -------------------------------------------------
def fallback_callable(qualname, obj):
    """SciPy's callable `obj` run on host copies: recorded as a fallback for device arrays.

    Classes are SciPy's own. SciPy's ufuncs are served as themselves (their calls on npjax
    arrays reach npjax through NumPy's `__array_ufunc__`, and are recorded there)."""
    if isinstance(obj, (type, np.ufunc)):
        return obj
    return function(qualname, obj, None)


def sub_namespace(sub):
    """A module object `npjax.scipy.<sub>` (e.g. "cluster.vq") serving `scipy.<sub>`,
    registered in sys.modules so `import npjax.scipy.cluster.vq` works."""
    name = f"npjax.scipy.{sub}"
    mod = sys.modules.get(name)
    if mod is None:
        mod = types.ModuleType(name, f"npjax's scipy.{sub}: SciPy's functions run on host "
                                     f"copies (a recorded fallback for device arrays).")
        mod.__getattr__, mod.__dir__ = serve(sub, mod.__dict__)
        sys.modules[name] = mod
    return mod


def serve(sub, namespace, wrap=None):
    """`__getattr__` and `__dir__` for the npjax module of `scipy.<sub>`.

    wrap: optional (name, obj) -> npjax object or None, for names a module serves its own way
    (npjax.scipy.stats wraps SciPy's distribution objects)."""
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
        value = wrap(attr, obj) if wrap is not None else None
        if value is not None:
            pass
        elif isinstance(obj, types.ModuleType):
            if obj.__name__ == f"scipy.{sub}.{attr}" and attr in public_names(sub):
                # public SciPy subpackages (cluster.vq, sparse.linalg): served the same way
                value = sub_namespace(f"{sub}.{attr}")
            else:
                value = obj  # SciPy's deprecated module aliases stay SciPy's
        elif callable(obj):
            value = fallback_callable(f"scipy.{sub}.{attr}", obj)
        else:
            value = obj
        namespace[attr] = value
        return value

    def __dir__():
        return sorted(set(public_names(sub)) | {n for n in namespace if not n.startswith("_")})

    return __getattr__, __dir__
