"""Helpers of npjax.scipy's native implementations (signal, ndimage, integrate, interpolate,
spatial): the public function for a SciPy name, jitted JAX cores recorded like any other
device call, and SciPy's verdict on a call (result kinds, dtypes, exceptions) from SciPy
run on small stand-ins of the arrays.
"""
import functools
import importlib
import warnings

import numpy as np

from .._array import ndarray
from .._dispatch import function, is_device_buffer, register_cache, Probe, host_value
from ._common import shape_dtype

_probe_cache = register_cache({})


def scipy_fn(qualname):
    """SciPy's public object `scipy.<qualname>` ("signal.convolve", "spatial.distance.cdist")."""
    mod, _, attr = qualname.rpartition(".")
    return getattr(importlib.import_module(f"scipy.{mod}"), attr)


def _doc(qualname):
    return (f"npjax's scipy.{qualname}: SciPy semantics (see `scipy.{qualname}`); runs on "
            f"JAX when an array argument lives on the device.")


def recorded_inputs(jax_fn):
    """jax_fn with its concrete jax.Array arguments turned into recorded values first, so
    that every operation it applies (methods and operators included) joins the lazy graph
    instead of running eagerly one by one."""
    @functools.wraps(jax_fn)
    def run(*args, **kwargs):
        return jax_fn(*[lazy(a) for a in args], **{k: lazy(v) for k, v in kwargs.items()})
    return run


def lazy(v):
    """A concrete jax.Array as a recorded value (lists and tuples item by item)."""
    from .._backends.device import jnp, Array
    if isinstance(v, Array):
        return jnp.asarray(v)
    if type(v) in (list, tuple) and any(isinstance(b, Array) for b in v):
        return type(v)(lazy(b) for b in v)
    return v


def native(qualname, jax_fn, **kw):
    """The public npjax function for `scipy.<qualname>` on the one dispatch path: SciPy on
    host arrays, `jax_fn` on device arrays (see `npjax._dispatch.function`)."""
    sp = scipy_fn(qualname)
    fn = function(f"scipy.{qualname}", sp, recorded_inputs(jax_fn), **kw)
    fn.__module__ = "npjax.scipy." + qualname.rpartition(".")[0]
    fn.__doc__ = _doc(qualname)
    return fn


# ---- SciPy's verdict on stand-ins -------------------------------------------------------------
def is_array(x):
    return type(x) is ndarray or is_device_buffer(x)


def size_map(shapes, cap=8, keep=()):
    """Dimension sizes -> stand-in sizes: sizes up to `cap` and those in `keep` stay, other
    ones become the smallest sizes above `cap` that keep their order, so the stand-ins keep
    every equality and order between dimensions (SciPy's shape checks) and the exact small
    sizes (filter lengths, axes of length 0 or 1)."""
    out, prev = {}, cap
    for d in sorted({d for s in shapes for d in s} | set(keep)):
        if d <= cap or d in keep:
            prev = max(prev, d)
            continue
        prev = out[d] = prev + 1
    return out


def standin(x, sizes, fill=1):
    shape, dtype = shape_dtype(x)
    return np.full(tuple(sizes.get(d, d) for d in shape), fill, dtype)


def _key(x):
    if is_array(x):
        return ("A",) + shape_dtype(x)
    if type(x) is np.ndarray:
        return ("N", x.shape, x.dtype.str, x.tobytes() if x.size <= 64 else id(x))
    if type(x) in (list, tuple):
        return (type(x).__name__,) + tuple(_key(v) for v in x)
    if callable(x) and not isinstance(x, (int, float, complex, str)):
        return ("F", id(x))
    hash(x)
    return (type(x), x)


def verdict(name, sp_fn, args, kwargs, real=(), fill=1, shape_of=None):
    """Probe of SciPy's call `sp_fn(*args, **kwargs)` run on stand-ins: arrays whose position
    or keyword is in `real` are passed as their host values (small coefficient arrays whose
    values SciPy checks), other device arrays as arrays of `fill` with sizes from `size_map`
    (or `shape_of(index_or_name, shape)` when given). Raises SciPy's exception for a call
    SciPy rejects; cached per shapes, dtypes and other arguments."""
    try:
        key = (name, fill, tuple(_key(a) if i not in real else ("R", _key(host_value(a)))
                                 for i, a in enumerate(args)),
               tuple(sorted((k, _key(v) if k not in real else ("R", _key(host_value(v))))
                            for k, v in kwargs.items())))
        hash(key)
    except TypeError:
        key = None
    hit = _probe_cache.get(key) if key is not None else None
    if hit is not None:
        return hit
    shapes = [shape_dtype(a)[0] for i, a in enumerate(args) if is_array(a) and i not in real]
    shapes += [shape_dtype(v)[0] for k, v in kwargs.items() if is_array(v) and k not in real]
    # sizes of arrays passed by value (real ones, host arrays, lists) stay exact, and the
    # stand-ins' sizes keep their order relative to them
    keep = {d for i, a in enumerate(args) if i in real or not is_array(a)
            for d in _value_shape(a)}
    keep |= {d for k, v in kwargs.items() if k in real or not is_array(v)
             for d in _value_shape(v)}
    sizes = size_map(shapes, keep=keep)

    def stand(where, x):
        if where in real:
            v = host_value(x)
            # a device array's host copy is read-only; SciPy may write to its argument
            return v.copy() if type(v) is np.ndarray and not v.flags.writeable else v
        if is_array(x) or (shape_of is not None and type(x) is np.ndarray):
            if shape_of is not None:
                shape, dtype = shape_dtype(x)
                return np.full(shape_of(where, shape), fill, dtype)
            return standin(x, sizes, fill)
        return host_value(x)
    sargs = [stand(i, a) for i, a in enumerate(args)]
    skw = {k: stand(k, v) for k, v in kwargs.items()}
    # the stand-ins' values are not the user's: no value-dependent warnings from them
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = Probe(sp_fn(*sargs, **skw))
    if key is not None:
        if len(_probe_cache) > 4096:
            _probe_cache.clear()
        _probe_cache[key] = res
    return res


def _value_shape(v):
    """The shape of an argument given by value (array-like), () for anything else."""
    if is_array(v) or type(v) is np.ndarray:
        return tuple(v.shape)
    if type(v) in (list, tuple):
        try:
            return np.shape(host_value(v))
        except ValueError:  # ragged
            return ()
    return ()


def standin_result(name, sp_fn, real=(), fill=1, shape_of=None):
    """A `result=` hook for `function`: SciPy's verdict from `verdict`."""
    def result(args, kwargs):
        return verdict(name, sp_fn, args, kwargs, real, fill, shape_of)
    return result


@functools.lru_cache(maxsize=None)
def _signature(sp_fn):
    import inspect
    return inspect.signature(sp_fn)


def bind(sp_fn, args, kwargs):
    """The call's arguments by parameter name (SciPy's own TypeError for a bad call)."""
    try:
        return dict(_signature(sp_fn).bind(*args, **kwargs).arguments)
    except TypeError:
        sp_fn(*args, **kwargs)
        raise


def axis_result(name, x="x", axis="axis", axis_default=-1, axis_len=None, real=()):
    """A `result=` hook for functions of one array `x` along `axis`: the stand-in keeps that
    axis's length (or `axis_len(length, arguments)`; SciPy compares it with other arguments)
    and has at most 2 elements along the others."""
    sp = scipy_fn(name)

    def result(args, kwargs):
        bound = bind(sp, args, kwargs)
        shape = shape_dtype(bound[x])[0] if is_array(bound.get(x)) else None
        try:
            ax = int(bound.get(axis, axis_default)) % len(shape)
        except (TypeError, ValueError, ZeroDivisionError):
            ax = None

        def shape_of(where, s):
            if where != x:
                return tuple(min(d, 2) for d in s)
            n = s[ax] if ax is not None else None
            if n is not None and axis_len is not None:
                n = axis_len(n, bound)
            return tuple(n if i == ax else min(d, 2) for i, d in enumerate(s))
        return verdict(name, sp, (), bound, real, shape_of=shape_of)
    return result


def divide(a, b):
    """a / b, correctly rounded like NumPy's. XLA rewrites a division by a broadcast value
    (a scalar, a row) into a multiplication by its reciprocal, which can differ in the last
    bit; an optimization barrier around the broadcast divisor keeps the true division."""
    from .._backends.device import jnp, lax
    shape = np.broadcast_shapes(tuple(getattr(a, "shape", ())), tuple(getattr(b, "shape", ())))
    if tuple(getattr(b, "shape", ())) == shape:
        return a / b
    return a / lax.optimization_barrier(jnp.broadcast_to(b, shape))


def normalize_axis(axis, ndim):
    """`axis` as a non-negative int (SciPy has already rejected a bad one in the probe)."""
    return int(axis) % ndim if ndim else 0
