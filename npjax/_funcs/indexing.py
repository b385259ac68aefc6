"""Indexing routines: generating index arrays, indexing-like operations, inserting data.

JAX clamps out-of-range indices and leaves the order of repeated scatter writes
unspecified; here NumPy validates every index on a stand-in first (same IndexError as
NumPy) and repeated writes keep NumPy's last-one-wins rule.
"""
import numpy as np

from .._array import ndarray, _fancy_set, _host_key
from .._dispatch import (function, call_host, call_fallback, _has_device, abstract, to_jax,
                         exported, _host_copies, host_value)
from .creation import _created
from .._stats import count_call
from .._views import zero_strided


def _host(x):
    """A (small) index-like argument as NumPy data for validation."""
    if type(x) is ndarray:
        return x._host()
    if hasattr(x, "__array__") and not isinstance(x, np.ndarray):
        return np.asarray(x)
    return x


def _public(fn, name, np_fn):
    return exported(fn, name, np_fn)


def _jnp():
    from npjax._backends.device import jnp
    return jnp


# ---- reading ------------------------------------------------------------------------------
def _take_jax(a, indices, axis=None, out=None, mode="raise"):
    jnp = _jnp()
    ind = jnp.asarray(indices)
    if ind.dtype.kind not in "iu":
        # NumPy accepted it: a list of Python floats/bools, whose items it converts with int()
        ind = ind.astype(np.intp)
    if mode == "raise":
        n = a.size if axis is None else a.shape[axis]
        ind = jnp.where(ind < 0, ind + n, ind)
        mode = "clip"  # every index was validated by NumPy already
    return jnp.take(a, ind, axis=axis, mode=mode)


def _take_check(args, kwargs):
    a, ind = args[0], args[1]
    rest = dict(zip(("axis", "out", "mode"), args[2:]))
    rest.update(kwargs)
    np.take(abstract(a), _host(ind), axis=rest.get("axis"), mode=rest.get("mode", "raise"))
    return args, kwargs


take = function("take", np.take, _take_jax, arrays=(0, 1), prepare=_take_check)


def _take_along_jax(arr, indices, axis=-1):
    jnp = _jnp()
    if axis is None:
        arr, axis = arr.ravel(), 0
    n = arr.shape[axis]
    ind = jnp.where(indices < 0, indices + n, indices)
    return jnp.take_along_axis(arr, ind, axis=axis, mode="clip")


def _take_along_check(args, kwargs):
    a, ind = args[0], args[1]
    axis = args[2] if len(args) > 2 else kwargs.get("axis", -1)
    np.take_along_axis(abstract(a), _host(ind), axis=axis)
    return args, kwargs


take_along_axis = function("take_along_axis", np.take_along_axis, _take_along_jax,
                           arrays=(0, 1), prepare=_take_along_check)


def _choose_check(args, kwargs):
    a, choices = args[0], args[1]
    mode = args[3] if len(args) > 3 else kwargs.get("mode", "raise")
    if mode == "raise":
        np.choose(_host(a), [abstract(c) for c in choices])
    return args, kwargs


def _choose_jax(a, choices, out=None, mode="raise"):
    return _jnp().choose(a, choices, mode="clip" if mode == "raise" else mode)


choose = function("choose", np.choose, _choose_jax, arrays=(0, 1), prepare=_choose_check)
compress = function("compress", np.compress, "compress", arrays=(0, 1))
select = function("select", np.select, "select", arrays=(0, 1, 2))
diagonal = function("diagonal", np.diagonal, "diagonal")
diag_indices = _created("diag_indices", np.diag_indices)
diag_indices_from = function("diag_indices_from", np.diag_indices_from, "diag_indices_from")
tril_indices = _created("tril_indices", np.tril_indices)
tril_indices_from = function("tril_indices_from", np.tril_indices_from, "tril_indices_from")
triu_indices = _created("triu_indices", np.triu_indices)
triu_indices_from = function("triu_indices_from", np.triu_indices_from, "triu_indices_from")
mask_indices = _created("mask_indices", np.mask_indices)
def _ix_jax(*args):
    jnp = _jnp()
    # jnp.ix_ has no boolean masks: NumPy reads a mask as the positions of its True items
    return jnp.ix_(*[jnp.nonzero(a)[0] if a.dtype == bool else a for a in args])


ix_ = function("ix_", np.ix_, _ix_jax, arrays=("*",))


def _unravel_check(args, kwargs):
    # NumPy raises for out-of-range indices; jax.numpy would clip them
    np.unravel_index(_host(args[0]), *args[1:], **kwargs)
    return args, kwargs


def _ravel_check(args, kwargs):
    multi = args[0]
    np.ravel_multi_index(tuple(_host(m) for m in multi), *args[1:], **kwargs)
    return args, kwargs


def _unravel_jax(indices, shape, order="C"):
    from .._dispatch import resolve
    shape = (shape,) if np.ndim(shape) == 0 else tuple(shape)
    if order == "F":  # Fortran order is C order on the reversed shape, read backwards
        return tuple(reversed(resolve("unravel_index")(indices, shape[::-1])))
    return resolve("unravel_index")(indices, shape)


unravel_index = function("unravel_index", np.unravel_index, _unravel_jax,
                         prepare=_unravel_check)
def _ravel_multi_jax(multi_index, dims, mode="raise", order="C"):
    from .._dispatch import resolve
    jnp = _jnp()
    dims = (dims,) if np.ndim(dims) == 0 else tuple(dims)
    # one mode per dimension (NumPy takes a tuple of them): each index is brought in range
    # here. NumPy validated the "raise" ones already (JAX would need concrete values)
    modes = (mode,) * len(dims) if isinstance(mode, str) else tuple(mode)
    fixed = []
    for i, d, m in zip(multi_index, dims, modes):
        if m == "wrap":
            i = jnp.mod(i, d)
        elif m == "clip":
            i = jnp.clip(i, 0, d - 1)
        fixed.append(i)
    return resolve("ravel_multi_index")(tuple(fixed), dims, mode="clip", order=order)


ravel_multi_index = function("ravel_multi_index", np.ravel_multi_index, _ravel_multi_jax,
                             prepare=_ravel_check)


# ---- writing ------------------------------------------------------------------------------
def _write_positions(a, flat_positions, values):
    """a.flat[p] = values (already one per position), last write wins, on the device."""
    buf = a._value()
    new = _fancy_set(buf.ravel(), np.asarray(flat_positions, dtype=np.int64), values)
    a._replace(new.reshape(buf.shape))


def _require_npjax_target(name, a):
    if type(a) is not ndarray:
        raise TypeError(f"{name}: first argument must be an npjax/NumPy array, "
                        f"got {type(a).__name__}")
    a._check_writeable()


def _into_numpy(name, np_fn, args, kwargs=None):
    """The target is a plain NumPy array: NumPy writes it, from host values of the rest."""
    count_call(name, "host_by_choice" if _has_device(args, kwargs or {}) else "host")
    return np_fn(*_host_copies(args), **(kwargs or {}))


def put(a, ind, v, mode="raise"):
    if type(a) is not ndarray:
        return np.put(a, ind, v, mode)
    if not _has_device((a, ind, v), {}):
        return call_host("put", np.put, (a, ind, v, mode), {})
    _require_npjax_target("put", a)
    ind_h = _host(ind)
    np.put(zero_strided(a.shape, a.dtype, writeable=True), ind_h, _abstract_or(v), mode)
    ind_h = np.asarray(ind_h).ravel()
    if ind_h.dtype.kind not in "iu":
        ind_h = ind_h.astype(np.intp)  # a list NumPy accepted (empty, or items it int()s)
    if ind_h.size == 0:
        return None
    n = a.size
    if mode == "raise":
        ind_h = np.where(ind_h < 0, ind_h + n, ind_h)
    elif mode == "wrap":
        ind_h = ind_h % n
    else:
        ind_h = np.clip(ind_h, 0, n - 1)
    count_call("put", "device")
    vals = _jnp().resize(to_jax(v).astype(a.dtype).ravel(), ind_h.shape)
    _write_positions(a, ind_h, vals)
    return None


def _abstract_or(v):
    if type(v) is ndarray:
        return zero_strided(v.shape, v.dtype)
    return v


def putmask(a, mask, values):
    if type(a) is np.ndarray:
        return _into_numpy("putmask", np.putmask, (a, mask, values))
    _require_npjax_target("putmask", a)
    if not _has_device((a, mask, values), {}):
        return call_host("putmask", np.putmask, (a, mask, values), {})
    m = np.asarray(_host(mask), dtype=bool)
    np.putmask(zero_strided(a.shape, a.dtype, writeable=True), m, _abstract_or(values))
    pos = np.flatnonzero(m)
    count_call("putmask", "device")
    vals = to_jax(values).astype(a.dtype).ravel()
    if vals.size == 0 or pos.size == 0:
        return None
    _write_positions(a, pos, vals[pos % vals.size])
    return None


def place(arr, mask, vals):
    if type(arr) is np.ndarray:
        return _into_numpy("place", np.place, (arr, mask, vals))
    _require_npjax_target("place", arr)
    if not _has_device((arr, mask, vals), {}):
        return call_host("place", np.place, (arr, mask, vals), {})
    m = np.asarray(_host(mask), dtype=bool)
    np.place(zero_strided(arr.shape, arr.dtype, writeable=True), m, _abstract_or(vals))
    pos = np.flatnonzero(m)
    count_call("place", "device")
    v = to_jax(vals).astype(arr.dtype).ravel()
    if pos.size == 0:
        return None
    _write_positions(arr, pos, _jnp().resize(v, pos.shape))
    return None


def copyto(dst, src, casting="same_kind", where=True):
    if type(dst) is np.ndarray:
        return _into_numpy("copyto", np.copyto, (dst, src), {"casting": casting,
                                                            "where": host_value(where)})
    if type(dst) is not ndarray:
        raise TypeError(f"copyto() argument 1 must be numpy.ndarray, not {type(dst).__name__}")
    dst._check_writeable()
    if not _has_device((dst, src, where), {}):
        return call_host("copyto", np.copyto, (dst, src), {"casting": casting, "where": where})
    s = src._value() if type(src) is ndarray else src
    s_abs = s if isinstance(s, (int, float, complex, bool)) else \
        zero_strided(np.shape(s), getattr(s, "dtype", None) or np.asarray(s).dtype)
    w_abs = where if where is True else zero_strided(np.shape(_host(where)), bool)
    np.copyto(zero_strided(dst.shape, dst.dtype, writeable=True), s_abs, casting=casting,
              where=w_abs)
    count_call("copyto", "device")
    jnp = _jnp()
    new = jnp.broadcast_to(to_jax(src).astype(dst.dtype), dst.shape)
    if where is not True:
        new = jnp.where(to_jax(where), new, dst._jax())
    dst._replace(new)
    return None


def fill_diagonal(a, val, wrap=False):
    if type(a) is np.ndarray:
        return _into_numpy("fill_diagonal", np.fill_diagonal, (a, val, wrap))
    _require_npjax_target("fill_diagonal", a)
    if not _has_device((a, val), {}):
        return call_host("fill_diagonal", np.fill_diagonal, (a, val, wrap), {})
    marker = np.zeros(a.shape, dtype=bool)
    np.fill_diagonal(marker, True, wrap)
    pos = np.flatnonzero(marker)
    count_call("fill_diagonal", "device")
    v = to_jax(val).astype(a.dtype).ravel()
    if pos.size and v.size:
        _write_positions(a, pos, _jnp().resize(v, pos.shape))
    return None


def put_along_axis(arr, indices, values, axis):
    if type(arr) is np.ndarray:
        return _into_numpy("put_along_axis", np.put_along_axis, (arr, indices, values, axis))
    _require_npjax_target("put_along_axis", arr)
    if not _has_device((arr, indices, values), {}):
        return call_host("put_along_axis", np.put_along_axis, (arr, indices, values, axis), {})
    ind = np.asarray(_host(indices))
    lin = np.arange(arr.size, dtype=np.int64).reshape(arr.shape)
    # NumPy validates and broadcasts on the index grid; its result names the positions
    picked = np.take_along_axis(lin, ind, axis=axis)
    # axis=None writes through a flat iterator, which a zero-strided stand-in cannot give
    dummy_shape, dummy_axis = (arr.shape, axis) if axis is not None else ((arr.size,), 0)
    np.put_along_axis(zero_strided(dummy_shape, arr.dtype, writeable=True), ind,
                      _abstract_or(values), dummy_axis)
    count_call("put_along_axis", "device")
    vals = _jnp().broadcast_to(to_jax(values).astype(arr.dtype), picked.shape).ravel()
    _write_positions(arr, picked.ravel(), vals)
    return None


put = _public(put, "put", np.put)
putmask = _public(putmask, "putmask", np.putmask)
place = _public(place, "place", np.place)
copyto = _public(copyto, "copyto", np.copyto)
fill_diagonal = _public(fill_diagonal, "fill_diagonal", np.fill_diagonal)
put_along_axis = _public(put_along_axis, "put_along_axis", np.put_along_axis)


class _Wrapped:
    """NumPy's index helper objects (r_, c_, mgrid, ogrid, s_, index_exp) with npjax results."""

    def __init__(self, obj, name):
        self._obj = obj
        self._name = name

    def __getitem__(self, key):
        from .creation import _place
        key = tuple(_host(k) for k in key) if isinstance(key, tuple) else _host(key)
        res = self._obj[key]
        if type(res) is np.ndarray:
            return _place(res)
        if isinstance(res, (list, tuple)) and res and all(type(r) is np.ndarray for r in res):
            return type(res)(_place(r) for r in res)
        return res

    def __len__(self):
        return len(self._obj)

    def __repr__(self):
        return f"npjax.{self._name}"


r_ = _Wrapped(np.r_, "r_")
c_ = _Wrapped(np.c_, "c_")
mgrid = _Wrapped(np.mgrid, "mgrid")
ogrid = _Wrapped(np.ogrid, "ogrid")
s_ = np.s_
index_exp = np.index_exp
