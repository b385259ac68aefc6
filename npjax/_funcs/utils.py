"""Functions about arrays rather than on their values: shapes, dtypes, memory overlap,
error handling, and NumPy's helpers that call user functions (run on the host)."""
import numpy as np

from .._array import ndarray
from .._dispatch import function, abstract, exported


def _meta(name, np_fn):
    """NumPy answers from a stand-in with the array's shape and dtype (no data moves)."""
    def public(*args, **kwargs):
        args = [abstract(a) if type(a) is ndarray else a for a in args]
        kwargs = {k: abstract(v) if type(v) is ndarray else v for k, v in kwargs.items()}
        return np_fn(*args, **kwargs)
    return exported(public, name, np_fn, doc=f"npjax's {name}: NumPy's own (see "
                    f"`numpy.{name}`).")


shape = _meta("shape", np.shape)
ndim = _meta("ndim", np.ndim)
size = _meta("size", np.size)
result_type = _meta("result_type", np.result_type)
can_cast = _meta("can_cast", np.can_cast)
common_type = _meta("common_type", np.common_type)
iscomplexobj = _meta("iscomplexobj", np.iscomplexobj)
isrealobj = _meta("isrealobj", np.isrealobj)
isfortran = _meta("isfortran", np.isfortran)
einsum_path = _meta("einsum_path", np.einsum_path)
mintypecode = np.mintypecode
isscalar = np.isscalar
iterable = np.iterable
broadcast_shapes = np.broadcast_shapes
issubdtype = np.issubdtype
isdtype = np.isdtype
promote_types = np.promote_types
typename = np.typename
min_scalar_type = function("min_scalar_type", np.min_scalar_type, None, prefer_host=True)

geterr = np.geterr
seterr = np.seterr
geterrcall = np.geterrcall
seterrcall = np.seterrcall
getbufsize = np.getbufsize
setbufsize = np.setbufsize
info = np.info
show_config = np.show_config
show_runtime = np.show_runtime
get_include = np.get_include
test = np.test


def shares_memory(a, b, /, max_work=-1):
    """Exact overlap test; for device arrays it is decided on their layouts."""
    return _overlap(np.shares_memory, a, b, max_work)


def may_share_memory(a, b, /, max_work=0):
    return _overlap(np.may_share_memory, a, b, max_work)


def _overlap(np_fn, a, b, max_work):
    if type(a) is ndarray and type(b) is ndarray:
        ra = a._root if a._root is not None else a
        rb = b._root if b._root is not None else b
        if a._on_host and b._on_host:
            return np_fn(a._value(), b._value(), max_work=max_work)
        if ra is not rb:
            return False
        from .._views import fake_layout
        base = fake_layout(ra._buf.shape, ra._buf.dtype)
        return np_fn(a._layout(base), b._layout(base), max_work=max_work)
    if type(a) is ndarray:
        if not a._on_host:
            return False
        a = a._value()
    if type(b) is ndarray:
        if not b._on_host:
            return False
        b = b._value()
    return np_fn(a, b, max_work=max_work)


shares_memory.__module__ = may_share_memory.__module__ = "npjax"
shares_memory._npjax_impl = may_share_memory._npjax_impl = "native"



# ---- helpers that call the user's function: on the device they loop in Python over npjax
# views, as NumPy loops over its own (so the user's npjax code is recorded, not run on NumPy)
def _native_user_fn(name, np_fn):
    def deco(device_impl):
        def public(*args, **kwargs):
            from .._dispatch import call_host, _has_device
            if not _has_device(args, kwargs):
                return call_host(name, np_fn, args, kwargs)
            from .._stats import count_call
            count_call(name, "device")
            return device_impl(*args, **kwargs)
        return exported(public, name, np_fn, doc=f"npjax's {name}: NumPy semantics (see "
                        f"`numpy.{name}`); on the device the function is called on npjax "
                        f"views.")
    return deco


@_native_user_fn("apply_along_axis", np.apply_along_axis)
def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    from . import creation, manipulation
    arr = creation.asarray(arr)
    axis = np.lib.array_utils.normalize_axis_index(axis, arr.ndim)
    moved = manipulation.moveaxis(arr, axis, -1)
    outer = moved.shape[:-1]
    if 0 in outer:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    results = [creation.asarray(func1d(moved[idx], *args, **kwargs))
               for idx in np.ndindex(*outer)]
    first = results[0]
    # NumPy fills a buffer of the first result's dtype and shape
    stacked = manipulation.stack([r.astype(first.dtype) for r in results])
    stacked = stacked.reshape(outer + first.shape)
    k, n = first.ndim, len(outer)
    perm = list(range(axis)) + list(range(n, n + k)) + list(range(axis, n))
    return stacked.transpose(perm)


@_native_user_fn("apply_over_axes", np.apply_over_axes)
def apply_over_axes(func, a, axes):
    from . import creation, manipulation
    val = creation.asarray(a)
    n = val.ndim
    for axis in ((axes,) if np.ndim(axes) == 0 else axes):
        axis = axis + n if axis < 0 else axis
        res = creation.asarray(func(val, axis))
        if res.ndim != val.ndim:
            res = manipulation.expand_dims(res, axis)
            if res.ndim != val.ndim:
                raise ValueError("function is not returning an array of the correct shape")
        val = res
    return val


@_native_user_fn("piecewise", np.piecewise)
def piecewise(x, condlist, funclist, *args, **kw):
    from . import creation, logic, manipulation, statistics
    x = creation.asarray(x)
    if isscalar(condlist) or (x.ndim != 0 and len(condlist) and
                              not isinstance(condlist[0], (list, np.ndarray, ndarray))):
        condlist = [condlist]
    conds = creation.asarray(condlist, dtype=bool)
    n, n_funcs = len(conds), len(funclist)
    if n == n_funcs - 1:
        otherwise = ~statistics.any(conds, axis=0, keepdims=True)
        conds = manipulation.concatenate([conds, otherwise])
        n += 1
    elif n != n_funcs:
        raise ValueError(f"with {n} condition(s), either {n} or {n + 1} functions are "
                         f"expected")
    y = creation.zeros_like(x)
    for cond, func in zip(conds, funclist):
        if not callable(func):
            y[cond] = func
        else:
            vals = x[cond]
            if vals.size > 0:
                y[cond] = func(vals, *args, **kw)
    return y
frompyfunc = np.frompyfunc
nested_iters = np.nested_iters
busday_count = np.busday_count
busday_offset = np.busday_offset
is_busday = np.is_busday
datetime_as_string = np.datetime_as_string
datetime_data = np.datetime_data
asmatrix = np.asmatrix
bmat = np.bmat
