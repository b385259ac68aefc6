"""Array creation routines.

Arrays are born on the host when small and on the JAX device when they have at least
`config.host_threshold` elements. Under the "fast32" dtype policy 64-bit results of
creation and conversion are narrowed here, once.
"""
import operator

import numpy as np

from .._array import ndarray, mark_readonly
from .._config import config
from .._dispatch import function, _has_device, _host_copies, is_device_buffer, exported
from .._dtypes import apply_policy, policy_dtype, on_jax
from .._stats import count_call, record_fallback


def _place(host):
    """Wrap a freshly made NumPy array as a new root on the tier its size asks for."""
    host = apply_policy(host)
    # NumPy's read-only results (frombuffer of bytes...) stay read-only on either tier
    readonly = not host.flags.writeable
    if host.size >= config.host_threshold and host.size and on_jax(host.dtype):
        from .._backends.device import place
        return ndarray._new(place(host), readonly)
    return ndarray._new(host, readonly)


_CREATED_DOC = ("npjax's {name}: NumPy semantics (see `numpy.{name}`); large results are "
                "created on the JAX device.")


def _created(name, np_fn):
    """A creation function with no array inputs: NumPy makes it, `_place` puts it."""
    def public(*args, **kwargs):
        # array arguments (linspace bounds...) are small: NumPy computes from host copies
        # and the result is placed by its own size
        count_call(name, "host_by_choice" if _has_device(args, kwargs) else "host")
        args = _host_copies(args)
        kwargs = dict(zip(kwargs, _host_copies(kwargs.values())))
        res = np_fn(*args, **kwargs)
        if type(res) is np.ndarray:
            return _place(res)
        if isinstance(res, (tuple, list)):
            return type(res)(_place(r) if type(r) is np.ndarray else r for r in res)
        return res
    return exported(public, name, np_fn, doc=_CREATED_DOC.format(name=name))


def _filled(name, np_fn, jnp_name):
    """zeros/ones/empty/full: large ones are made directly on the device."""
    def public(shape, *args, **kwargs):
        like = kwargs.get("like")
        # a fill value given as an npjax array is read once, on the host
        args = _host_copies(args)
        kwargs = dict(zip(kwargs, _host_copies(kwargs.values())))
        try:
            shape_t = (operator.index(shape),) if np.ndim(shape) == 0 else \
                tuple(operator.index(s) for s in shape)
        except TypeError:
            shape_t = None
        if shape_t is None or any(s < 0 for s in shape_t):
            np_fn(shape, *args, **kwargs)  # raises NumPy's own error
        # NumPy validates dtype/order/fill on an empty array of the same rank (a fill array
        # must still broadcast: its non-1 trailing dimensions are kept)
        proto_shape = (0,) * len(shape_t)
        if name == "full":
            fill = args[0] if args else kwargs.get("fill_value")
            fshape = np.shape(fill)
            k = min(len(fshape), len(shape_t))
            proto_shape = (0,) * (len(shape_t) - k) + tuple(
                s if f != 1 else 0 for s, f in zip(shape_t[len(shape_t) - k:], fshape[-k:])) \
                if k else proto_shape
        proto = np_fn(proto_shape, *args, **kwargs)
        dtype = policy_dtype(proto.dtype)
        size = int(np.prod(shape_t, dtype=np.int64))
        if size >= config.host_threshold and size and on_jax(dtype) and like is None:
            count_call(name, "device")
            from .._dispatch import resolve
            if name == "full":
                fill = args[0] if args else kwargs["fill_value"]
                return ndarray._new(resolve("full")(shape_t, np.asarray(fill).astype(dtype),
                                                    dtype=dtype))
            return ndarray._new(resolve(jnp_name)(shape_t, dtype=dtype))
        count_call(name, "host")
        return ndarray._new(apply_policy(np_fn(shape, *args, **kwargs)))
    return exported(public, name, np_fn, doc=_CREATED_DOC.format(name=name))


zeros = _filled("zeros", np.zeros, "zeros")
ones = _filled("ones", np.ones, "ones")
empty = _filled("empty", np.empty, "zeros")
full = _filled("full", np.full, "full")

def _jax_like(jnp_name):
    def run(a, *args, device=None, **kwargs):
        # NumPy's probe has accepted `device` (only "cpu" is valid): not a JAX device name
        from .._dispatch import resolve
        return resolve(jnp_name)(a, *args, **kwargs)
    return run


zeros_like = function("zeros_like", np.zeros_like, _jax_like("zeros_like"),
                      unsupported=("order", "subok"))
ones_like = function("ones_like", np.ones_like, _jax_like("ones_like"),
                     unsupported=("order", "subok"))
empty_like = function("empty_like", np.empty_like, _jax_like("zeros_like"),
                      unsupported=("order", "subok"))
full_like = function("full_like", np.full_like, _jax_like("full_like"), arrays=(0, 1),
                     unsupported=("order", "subok"))

arange = _created("arange", np.arange)
linspace = _created("linspace", np.linspace)
logspace = _created("logspace", np.logspace)
geomspace = _created("geomspace", np.geomspace)
eye = _created("eye", np.eye)
identity = _created("identity", np.identity)
tri = _created("tri", np.tri)
indices = _created("indices", np.indices)
fromfunction = _created("fromfunction", np.fromfunction)
frombuffer = _created("frombuffer", np.frombuffer)
fromiter = _created("fromiter", np.fromiter)
fromstring = _created("fromstring", np.fromstring)
fromfile = _created("fromfile", np.fromfile)
fromregex = _created("fromregex", np.fromregex)
loadtxt = _created("loadtxt", np.loadtxt)
genfromtxt = _created("genfromtxt", np.genfromtxt)

def _jax_tri_mask(jnp_name):
    """jnp.tril/triu, also for 1-D input, which NumPy masks as a (n, n) matrix."""
    def run(m, k=0):
        from .._dispatch import resolve
        if m.ndim >= 2:
            return resolve(jnp_name)(m, k)
        tri = resolve("tri")(m.shape[-1], m.shape[-1], k - (jnp_name == "triu"), dtype=bool)
        keep = tri if jnp_name == "tril" else ~tri
        return resolve("where")(keep, m, resolve("zeros")(1, m.dtype))
    return run


def _jax_meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    # NumPy flattens each input; jnp.meshgrid accepts only 1-D ones. `copy=False` only
    # saves memory in NumPy: device buffers are immutable, so the values are the same.
    from .._dispatch import resolve
    return resolve("meshgrid")(*(x.ravel() for x in xi), sparse=sparse, indexing=indexing)


_diag = function("diag", np.diag, "diag")


def diag(v, k=0):
    res = _diag(v, k)
    if np.ndim(v._value() if type(v) is ndarray else v) == 2:
        mark_readonly(res)  # NumPy returns a read-only view of the diagonal
    return res


diag.__doc__ = _diag.__doc__
diag.__wrapped__ = np.diag
diag._npjax_impl = _diag._npjax_impl
diag.__module__ = "npjax"
diagflat = function("diagflat", np.diagflat, "diagflat")
tril = function("tril", np.tril, _jax_tri_mask("tril"))
triu = function("triu", np.triu, _jax_tri_mask("triu"))


def _jax_vander(x, N=None, increasing=False):
    # NumPy computes the powers in promote_types(x.dtype, int) (int8 input must not wrap),
    # as running products: jnp.vander's power() is inexact for complex input (1e-16 where
    # NumPy's products give 0)
    from .._backends.device import jnp
    x = x.astype(np.promote_types(np.dtype(x.dtype), np.int_))
    m = x.shape[0]
    n = m if N is None else N
    if n == 0:
        return jnp.zeros((m, 0), x.dtype)
    cols = jnp.concatenate([jnp.ones((m, 1), x.dtype),
                            jnp.broadcast_to(x[:, None], (m, n - 1))], axis=1)
    v = jnp.cumprod(cols, axis=1)
    return v if increasing else v[:, ::-1]


vander = function("vander", np.vander, _jax_vander)
meshgrid = function("meshgrid", np.meshgrid, _jax_meshgrid, arrays=("*",))


# ---- conversion -------------------------------------------------------------------------
def _convert(obj, dtype=None, copy=True, order="K", ndmin=0):
    """np.array semantics for any input; npjax arrays keep their tier."""
    if type(obj) is ndarray:
        buf = obj._value()
        if type(buf) is np.ndarray:
            res = np.array(buf, dtype=dtype, copy=copy, order=order, ndmin=ndmin)
            if res is buf:
                return obj
            return ndarray._new(res) if res.base is None or copy else obj._derive(res, None)
        if copy is False and dtype is not None and np.dtype(dtype) != buf.dtype:
            raise ValueError("Unable to avoid copy while creating an array as requested.")
        if dtype is not None and not on_jax(np.dtype(dtype)):
            # longdouble, swapped bytes, objects...: JAX has no such arrays
            record_fallback("array", f"JAX arrays cannot hold dtype {np.dtype(dtype)}")
            return _place(np.array(obj._host(), dtype=dtype, order=order, ndmin=ndmin))
        target = buf
        if dtype is not None and np.dtype(dtype) != buf.dtype:
            np.can_cast(buf.dtype, dtype, "unsafe")
            target = buf.astype(np.dtype(dtype))
        if ndmin > target.ndim:
            target = target.reshape((1,) * (ndmin - target.ndim) + target.shape)
        if target is buf and copy is not True:
            return obj
        # jax buffers are immutable: a "copy" may share the buffer safely
        return ndarray._new(target)
    if is_device_buffer(obj):
        res = obj if dtype is None else obj.astype(np.dtype(dtype))
        if ndmin > res.ndim:
            res = res.reshape((1,) * (ndmin - res.ndim) + res.shape)
        return ndarray._new(res)
    if type(obj) in (list, tuple) and _traced_items(obj):
        return _stack_traced(obj, dtype, ndmin)
    host = np.array(_host_items(obj), dtype=dtype, copy=copy, order=order, ndmin=ndmin)
    return _place(host)


def _traced_items(obj):
    """A list holding values inside a JAX trace (npjax code under npjax.jit/grad or an
    optimizer): they have no host value, so the array is built on the device."""
    from .._backends.device import is_traced
    for o in obj:
        if type(o) in (list, tuple):
            if _traced_items(o):
                return True
        elif is_traced(o._value() if type(o) is ndarray else o):
            return True
    return False


def _stack_traced(obj, dtype, ndmin):
    from .._backends.device import jnp

    def standin(o):
        if type(o) in (list, tuple):
            return type(o)(standin(v) for v in o)
        v = o._value() if type(o) is ndarray else o
        return np.zeros(v.shape, v.dtype) if hasattr(v, "shape") else o

    def values(o):
        if type(o) in (list, tuple):
            return jnp.stack([values(v) for v in o]) if o else jnp.zeros((0,))
        return jnp.asarray(o._value() if type(o) is ndarray else o)

    # NumPy's dtype and shape rules (and errors) on stand-ins of the same shapes
    target = np.array(standin(obj), dtype=dtype, ndmin=ndmin)
    res = values(obj).astype(target.dtype)
    return ndarray._new(res.reshape(target.shape))


def _host_items(obj):
    if type(obj) in (list, tuple) and any(type(o) is ndarray or type(o) in (list, tuple)
                                          for o in obj):
        return type(obj)(_host_items(o) for o in obj)
    if type(obj) is ndarray:
        return obj._host()
    return obj


def array(object, dtype=None, *, copy=True, order="K", subok=False, ndmin=0,
          ndmax=np._NoValue, like=None):
    count_call("array", "host")
    if ndmax is not np._NoValue:
        # a depth limit for nested sequences (NumPy 2.4): NumPy infers the shape
        if type(object) is ndarray or is_device_buffer(object):
            np.array((), ndmax=ndmax)  # NumPy's range check; an array has no nesting
        else:
            return _place(np.array(_host_items(object), dtype=dtype, copy=copy, order=order,
                                   ndmin=ndmin, ndmax=ndmax))
    return _convert(object, dtype, copy, order, ndmin)


def asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    if device is not None and device != "cpu":
        raise ValueError(f'Device not understood. Only "cpu" is allowed, but received: {device}')
    count_call("asarray", "host")
    return _convert(a, dtype, copy, "K" if order is None else order)


def asanyarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    return asarray(a, dtype, order, device=device, copy=copy)


def ascontiguousarray(a, dtype=None, *, like=None):
    res = _convert(a, dtype, None, "C", 0)
    if res.ndim == 0:
        res = res.reshape(1)
    return res if res.flags.c_contiguous else _convert(res, None, True, "C", 0)


def asfortranarray(a, dtype=None, *, like=None):
    res = _convert(a, dtype, None, "F", 0)
    if res.ndim == 0:
        res = res.reshape(1)
    if type(res) is not ndarray or res._on_host:
        return res
    return res if res.flags.f_contiguous else ndarray._new(np.asfortranarray(res._host()))


def asarray_chkfinite(a, dtype=None, order=None):
    from . import logic, math
    res = asarray(a, dtype=dtype, order=order)
    if res.dtype.char in np.typecodes["AllFloat"] and not bool(math.isfinite(res).all()):
        raise ValueError("array must not contain infs or NaNs")
    return res


def require(a, dtype=None, requirements=None, *, like=None):
    host_view = np.require(a._host() if type(a) is ndarray else a, dtype, requirements)
    if (type(a) is ndarray and host_view is a._value()) or host_view is a:
        return a
    return _convert(host_view, None, True) if type(a) is not ndarray or a._on_host \
        else asarray(a, dtype)


def copy(a, order="K", subok=False):
    return _convert(a, None, True, order, 0)


def from_dlpack(x, /, *, device=None, copy=None):
    if hasattr(x, "__dlpack__") and type(x).__module__.startswith("jax"):
        return ndarray._new(x)
    return _place(np.from_dlpack(x, device=device, copy=copy))


for _fn in (array, asarray, asanyarray, ascontiguousarray, asfortranarray, asarray_chkfinite,
            require, copy, from_dlpack):
    _fn._npjax_impl = "native"  # as every public function says how it runs
del _fn
