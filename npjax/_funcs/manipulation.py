"""Array manipulation routines.

Functions that return views in NumPy (transpose family, reshape family, flips) return
npjax views on both tiers, so writes through them reach the base as in NumPy. NumPy
itself computes the resulting axes/shape on a stand-in, which also gives its errors.
"""
import numpy as np

from .._array import ndarray, _owner, mark_readonly
from .._dispatch import function, call_host, _has_device, exported, to_jax
from .._views import Index, zero_strided


def _as_array(a):
    if type(a) is ndarray:
        return a
    from .creation import asarray
    return asarray(a)


def _axis_probe(shape):
    """A stand-in whose strides name its axes (axis i has stride i+1): after NumPy permutes
    it, the strides tell the permutation."""
    return np.lib.stride_tricks.as_strided(np.zeros(1, np.uint8), shape=shape,
                                           strides=tuple(range(1, len(shape) + 1)),
                                           writeable=False)


def _permuting(name, np_fn):
    def public(a, *args, **kwargs):
        if type(a) is not ndarray or a._on_host:
            return call_host(name, np_fn, (a,) + args, kwargs)
        res = np_fn(_axis_probe(a.shape), *args, **kwargs)
        return a.transpose(tuple(s - 1 for s in res.strides))
    return _public(public, name, np_fn)


def _reshaping(name, np_fn):
    def public(a, *args, **kwargs):
        if type(a) is not ndarray or a._on_host:
            return call_host(name, np_fn, (a,) + args, kwargs)
        res = np_fn(zero_strided(a.shape, a.dtype), *args, **kwargs)
        return a.reshape(res.shape)
    return _public(public, name, np_fn)


def _public(fn, name, np_fn):
    return exported(fn, name, np_fn, doc=f"npjax's {name}: NumPy semantics (see "
                    f"`numpy.{name}`); returns a view on both tiers, as NumPy does.")


transpose = _permuting("transpose", np.transpose)
swapaxes = _permuting("swapaxes", np.swapaxes)
moveaxis = _permuting("moveaxis", np.moveaxis)
rollaxis = _permuting("rollaxis", np.rollaxis)
permute_dims = _permuting("permute_dims", np.permute_dims)
matrix_transpose = _permuting("matrix_transpose", np.matrix_transpose)
squeeze = _reshaping("squeeze", np.squeeze)
expand_dims = _reshaping("expand_dims", np.expand_dims)


def reshape(a, /, shape, order="C", *, copy=None):
    if type(a) is not ndarray or a._on_host:
        return call_host("reshape", np.reshape, (a, shape), {"order": order, "copy": copy})
    if order in ("C", "A") and copy is None:
        return a.reshape(shape)
    return _reshape_copy(a, shape, order, copy)


def _reshape_copy(a, shape, order, copy):
    if copy is False:
        res = a.reshape(shape)
        if res._root is None:
            raise ValueError("Unable to avoid creating a copy while reshaping.")
        return res
    from .._dispatch import resolve
    new_shape = np.reshape(zero_strided(a.shape, a.dtype), shape, order=order).shape
    return ndarray._new(resolve("reshape")(a._value(), new_shape, order=order))


reshape = _public(reshape, "reshape", np.reshape)


def ravel(a, order="C"):
    if type(a) is ndarray and not a._on_host:
        return _ravel_device(a, order)
    return call_host("ravel", np.ravel, (a,), {"order": order})


def _ravel_device(a, order):
    """NumPy's rule (PyArray_Ravel): a view only when the data is contiguous in the order
    asked for, otherwise a copy (even where reshape(-1) could give a strided view)."""
    if order not in ("C", "F", "A", "K"):
        np.ravel(zero_strided(a.shape, a.dtype), order)  # NumPy's own error
    lay = a._layout()
    c, f = lay.flags.c_contiguous, lay.flags.f_contiguous
    if order == "K":
        order = "C" if c else ("F" if f else "K")
    elif order == "A":
        order = "F" if f and not c else "C"
    if order == "C" and c:
        return a.reshape(-1)
    if order == "F" and f:
        return a.transpose().reshape(-1)
    if order != "K":
        return _reshape_copy(a, -1, order, None)
    # memory order: axes by decreasing |stride| (NumPy keeps negative strides' direction)
    perm = sorted(range(a.ndim), key=lambda i: (-abs(lay.strides[i]), i))
    step = lay.itemsize
    for i in reversed(perm):
        if lay.shape[i] == 1:
            continue
        if lay.strides[i] != step:
            break
        step *= lay.shape[i]
    else:
        return a.transpose(perm).reshape(-1)
    return _reshape_copy(a.transpose(perm), -1, "C", None)


ravel = _public(ravel, "ravel", np.ravel)


def _atleast(name, np_fn, nd):
    def public(*arys):
        res = []
        for a in arys:
            a = _as_array(a)
            if type(a) is not ndarray or a._on_host:
                res.append(call_host(name, np_fn, (a,), {}))
            else:
                res.append(a.reshape(np_fn(zero_strided(a.shape, a.dtype)).shape))
        if len(res) == 1:
            return res[0]
        return tuple(res)
    return _public(public, name, np_fn)


atleast_1d = _atleast("atleast_1d", np.atleast_1d, 1)
atleast_2d = _atleast("atleast_2d", np.atleast_2d, 2)
atleast_3d = _atleast("atleast_3d", np.atleast_3d, 3)


def flip(m, axis=None):
    if type(m) is not ndarray or m._on_host:
        return call_host("flip", np.flip, (m,), {"axis": axis})
    axes = range(m.ndim) if axis is None else \
        np.lib.array_utils.normalize_axis_tuple(axis, m.ndim)
    key = tuple(slice(None, None, -1) if i in axes else slice(None) for i in range(m.ndim))
    return m[key]


flip = _public(flip, "flip", np.flip)


def fliplr(m):
    m = _as_array(m)
    if m.ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return flip(m, 1)


def flipud(m):
    m = _as_array(m)
    if m.ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return flip(m, 0)


def rot90(m, k=1, axes=(0, 1)):
    m = _as_array(m)
    if type(m) is not ndarray or m._on_host:
        return call_host("rot90", np.rot90, (m,), {"k": k, "axes": axes})
    np.rot90(zero_strided(m.shape, m.dtype), k, axes)  # NumPy's argument checks
    k %= 4
    if k == 0:
        return m[...]
    if k == 2:
        return flip(flip(m, axes[0]), axes[1])
    perm = list(range(m.ndim))
    perm[axes[0]], perm[axes[1]] = perm[axes[1]], perm[axes[0]]
    if k == 1:
        return flip(m, axes[1]).transpose(perm)
    return flip(m.transpose(perm), axes[1])


fliplr = _public(fliplr, "fliplr", np.fliplr)
flipud = _public(flipud, "flipud", np.flipud)
rot90 = _public(rot90, "rot90", np.rot90)

_broadcast_to = function("broadcast_to", np.broadcast_to, "broadcast_to")


def broadcast_to(array, shape, subok=False):
    res = _broadcast_to(array, shape, **({"subok": subok} if subok else {}))
    return mark_readonly(res)  # NumPy's result is a read-only view, on either tier


broadcast_to.__doc__ = _broadcast_to.__doc__
broadcast_to.__wrapped__ = np.broadcast_to
broadcast_to.__module__ = "npjax"
broadcast_to._npjax_impl = "native"
broadcast_arrays = function("broadcast_arrays", np.broadcast_arrays, "broadcast_arrays",
                            arrays=("*",))
concatenate = function("concatenate", np.concatenate, "concatenate",
                       unsupported=("casting",))
concat = function("concat", np.concat, "concat", unsupported=("casting",))
stack = function("stack", np.stack, "stack", unsupported=("casting",))
vstack = function("vstack", np.vstack, "vstack", unsupported=("casting",))
hstack = function("hstack", np.hstack, "hstack", unsupported=("casting",))
dstack = function("dstack", np.dstack, "dstack")
column_stack = function("column_stack", np.column_stack, "column_stack")
row_stack = function("row_stack", np.row_stack, "vstack")


def _block_leaves(arrays):
    # the nesting is np.block's structure: only the leaves become jax values
    if type(arrays) is list:
        return [_block_leaves(a) for a in arrays]
    return to_jax(arrays)


def _block(arrays):
    from .._backends.device import jnp
    return jnp.block(_block_leaves(arrays))


block = function("block", np.block, _block, arrays=())


def _jax_split(jnp_name):
    def run(ary, indices_or_sections, axis=0):
        from .._backends.device import jnp
        if np.ndim(indices_or_sections) == 0:
            return getattr(jnp, jnp_name)(ary, indices_or_sections, axis=axis)
        # split points are slice bounds, as in NumPy: past the end or decreasing they give
        # empty pieces (jnp.split rejects them)
        ax = axis % ary.ndim if ary.ndim else axis
        bounds = [0] + [int(i) for i in np.asarray(indices_or_sections)] + [None]
        lead = (slice(None),) * ax
        return [ary[lead + (slice(a, b),)] for a, b in zip(bounds[:-1], bounds[1:])]
    return run


split = function("split", np.split, _jax_split("split"))
array_split = function("array_split", np.array_split, _jax_split("array_split"))
hsplit = function("hsplit", np.hsplit, "hsplit")
vsplit = function("vsplit", np.vsplit, "vsplit")
dsplit = function("dsplit", np.dsplit, "dsplit")
unstack = function("unstack", np.unstack, "unstack")
tile = function("tile", np.tile, "tile")
repeat = function("repeat", np.repeat, "repeat", arrays=(0, 1))
delete = function("delete", np.delete, "delete", arrays=(0, 1))
insert = function("insert", np.insert, "insert", arrays=(0, 1, 2))
append = function("append", np.append, "append", arrays=(0, 1))
resize = function("resize", np.resize, "resize")
trim_zeros = function("trim_zeros", np.trim_zeros, "trim_zeros")
roll = function("roll", np.roll, "roll")
pad = function("pad", np.pad, "pad", unsupported=("stat_length", "reflect_type"))
