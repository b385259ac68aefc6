"""npjax.ndarray: a mutable array whose buffer is a NumPy array (host) or a jax.Array (device).

The class only holds the buffer and the view machinery; every operator and method
delegates to the public functions (see `_methods.py`), which go through `_dispatch`.
"""
import operator
import sys

import numpy as np

from . import _views
from ._views import Index, Transpose, Reshape, Real, Imag, zero_strided, fake_layout


def _device():
    from ._backends import device
    return device


# the lazy tier's node class and its adopt() for device buffers, set when that tier is
# first imported (JAX loads lazily)
_LAZY = [None]
_ADOPT = [None]

# Small host-born arrays are handed out as plain numpy.ndarray objects: their operators,
# methods and views are NumPy's own, at NumPy's cost (a wrapper costs more per operation
# than NumPy's whole operation on 100 elements). Off under the "fast32" dtype policy, whose
# no-64-bit guarantee needs npjax's hands on every result.
_PLAIN_HOST = [True]


class _ArrayType(type):
    """`isinstance(x, npjax.ndarray)` holds for the plain NumPy arrays npjax hands out.

    A user's subclass of npjax.ndarray (`class Masked(np.ndarray)` in code written for
    NumPy) is made a subclass of numpy.ndarray: NumPy's subclass machinery
    (`__array_finalize__`, `view(Subclass)`, `__array_wrap__`) is what such code relies on,
    and its arrays run on the host tier with NumPy's semantics."""

    def __new__(mcs, name, bases, namespace, **kwargs):
        if any(b is globals().get("ndarray") for b in bases):
            bases = tuple(np.ndarray if b is ndarray else b for b in bases)
            return type(name, bases, namespace, **kwargs)
        return super().__new__(mcs, name, bases, namespace, **kwargs)

    def __instancecheck__(cls, obj):
        return type.__instancecheck__(cls, obj) or (cls is ndarray and
                                                    isinstance(obj, np.ndarray))

    def __subclasscheck__(cls, sub):
        return type.__subclasscheck__(cls, sub) or (cls is ndarray and
                                                    issubclass(sub, np.ndarray))


def mark_readonly(x):
    """Make the result `x` read-only (an npjax array, or a plain NumPy one)."""
    if type(x) is ndarray:
        x._readonly = True
    else:
        x.flags.writeable = False
    return x


def _note_pending(root, replaced=False):
    """A root whose buffer is a pending lazy node is computed at the next flush (replaced:
    it was written in place)."""
    _NOTE_ROOT[0](root, replaced)


_NOTE_ROOT = [None]   # lazy.note_root, set with _LAZY


class ndarray(metaclass=_ArrayType):
    """NumPy-compatible array. See numpy.ndarray; differences are listed in the README.

    Instances hold device buffers (and host buffers under "fast32" or after a fallback moved
    a device array to the host); small host arrays are plain numpy.ndarray objects."""

    __slots__ = ("_buf", "_root", "_vops", "_ver", "_readonly", "__weakref__")
    __array_priority__ = 100.0

    # ---- construction -------------------------------------------------------------
    def __new__(cls, shape, dtype=float, buffer=None, offset=0, strides=None, order=None):
        host = np.ndarray(shape, dtype, buffer, offset, strides, order)
        return cls._new(host)

    @classmethod
    def _new(cls, buf, readonly=False):
        """A new root array owning `buf` (numpy.ndarray or jax.Array); a host buffer is
        returned as it is (see `_PLAIN_HOST`)."""
        if type(buf) is np.ndarray and _PLAIN_HOST[0]:
            if readonly and buf.flags.writeable:
                buf.flags.writeable = False
            return buf
        self = object.__new__(cls)
        if type(buf) is not np.ndarray and _ADOPT[0] is not None:
            buf = _ADOPT[0](buf)
        self._buf = buf
        self._root = None
        self._vops = ()
        self._ver = 0
        self._readonly = readonly
        if type(buf) is _LAZY[0]:
            _note_pending(self)
        return self

    def _derive(self, buf, op):
        """A view of `self` whose value is `buf`; `op` (or None for a live host view) is
        appended to the chain that re-derives it from the root."""
        root = self._root if self._root is not None else self
        view = object.__new__(type(self))
        view._buf = buf
        view._root = root
        view._vops = None if (op is None or self._vops is None) else self._vops + (op,)
        view._ver = root._ver
        view._readonly = self._readonly
        return view

    # ---- buffer access -------------------------------------------------------------
    def _value(self):
        """The current raw value: numpy.ndarray (host) or jax.Array (device)."""
        root = self._root
        if root is None or self._ver == root._ver:
            return self._buf
        if self._vops is None:
            raise RuntimeError("npjax internal error: a live host view lost its base")
        self._buf = _views.read_chain(root._buf, self._vops)
        self._ver = root._ver
        return self._buf

    @property
    def _on_host(self):
        root = self._root if self._root is not None else self
        return type(root._buf) is np.ndarray

    def _host(self):
        """The value as a NumPy array: the live buffer on the host, a copy from the device."""
        buf = self._value()
        if type(buf) is np.ndarray:
            return buf
        return _device().to_host(buf)

    def _jax(self):
        """The value as a jax.Array (host buffers are transferred, not migrated)."""
        buf = self._value()
        if type(buf) is np.ndarray:
            return _device().to_device(buf)
        return buf

    def _layout(self, root_layout=None):
        """A NumPy array with this array's shape and strides (real on host, fake on device).

        Fake layouts of two views are comparable (overlap) only when both are derived from
        the same `root_layout`."""
        buf = self._value()
        if type(buf) is np.ndarray:
            return buf
        root = self._root if self._root is not None else self
        lay = root_layout if root_layout is not None else \
            fake_layout(root._buf.shape, root._buf.dtype)
        for op in self._vops:
            lay = op.read(lay) if not isinstance(op, Index) else lay[_as_view_key(op.key)]
        return lay

    def _to_host_tier(self):
        """Move this array's root to the host for good (used before a NumPy fallback)."""
        root = self._root if self._root is not None else self
        if type(root._buf) is not np.ndarray:
            root._buf = _device().to_host(root._buf, writable=True)
            root._ver += 1

    def _replace(self, new_value):
        """Write a full new value (device tier): rebuild the root through the view chain."""
        root = self._root if self._root is not None else self
        if _ADOPT[0] is not None:
            new_value = _ADOPT[0](new_value)
        if self is root:
            root._buf = new_value
        else:
            root._buf = _views.write_chain(root._buf, self._vops, new_value)
            # the view re-reads itself from the root when next used: holding the written
            # value would keep a second copy of it alive (an extra output at a flush)
            self._buf = None
            self._ver = -1
        root._ver += 1
        if type(root._buf) is _LAZY[0]:
            _note_pending(root, True)

    def _check_writeable(self):
        if self._readonly:
            raise ValueError("assignment destination is read-only")

    # ---- basic attributes ----------------------------------------------------------
    @property
    def shape(self):
        return tuple(self._value().shape)

    @shape.setter
    def shape(self, value):
        buf = self._value()
        if type(buf) is np.ndarray:
            buf.shape = value
            return
        new = self.reshape(value)
        if new._root is None and self.size:
            raise AttributeError("Incompatible shape for in-place modification. "
                                 "Use `.reshape()` to make a copy with the desired shape.")
        if self._root is None:
            self._buf = new._value()
            self._ver += 1
            if type(self._buf) is _LAZY[0]:
                _note_pending(self)
        else:
            self._buf, self._vops, self._ver = new._value(), new._vops, new._ver

    @property
    def dtype(self):
        return np.dtype(self._value().dtype)

    @dtype.setter
    def dtype(self, value):
        # a reinterpretation of memory: only a host buffer has one
        self._to_host_tier()
        self._value().dtype = value
        if self._root is not None:
            self._vops = None  # a live host view now: the chain would lose the new dtype

    @property
    def ndim(self):
        return self._value().ndim

    @property
    def size(self):
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def itemsize(self):
        return self.dtype.itemsize

    @property
    def nbytes(self):
        return self.size * self.dtype.itemsize

    @property
    def strides(self):
        return self._layout().strides

    @property
    def base(self):
        return self._root

    @property
    def flags(self):
        return _Flags(self)

    @property
    def data(self):
        return self._host().data

    @property
    def device(self):
        return "cpu"

    @property
    def sharding(self):
        """The jax Sharding of the device buffer (npjax.sharding); None on the host."""
        from .sharding import sharding_of
        return sharding_of(self)

    # ---- views -----------------------------------------------------------------------
    def _view_or_copy(self, np_fn, op):
        """Apply a layout-only operation: a view where NumPy makes one, else a copy."""
        buf = self._value()
        if type(buf) is np.ndarray:
            res = np_fn(buf)
            return self._derive(res, op) if _shares_owner(res, buf) else ndarray._new(res)
        return self._derive(op.read(buf), op)

    @property
    def T(self):
        return self.transpose()

    @property
    def mT(self):
        if self.ndim < 2:
            raise ValueError("matrix transpose with ndim < 2 is undefined")
        axes = list(range(self.ndim))
        axes[-1], axes[-2] = axes[-2], axes[-1]
        return self.transpose(axes)

    def transpose(self, *axes):
        if len(axes) == 1 and (axes[0] is None or not isinstance(axes[0], (int, np.integer))):
            axes = axes[0]
        if axes is None or (type(axes) is tuple and axes == ()):  # axes may be an array
            axes = tuple(range(self.ndim))[::-1]
        axes = tuple(operator.index(a) for a in axes)
        if len(axes) != self.ndim:
            raise ValueError("axes don't match array")
        axes = tuple(_normalize_axis(a, self.ndim) for a in axes)
        if len(set(axes)) != len(axes):
            raise ValueError("repeated axis in transpose")
        return self._view_or_copy(lambda b: b.transpose(axes), Transpose(axes))

    def reshape(self, *shape, order="C", copy=None):
        if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
            shape = shape[0]
        if order not in ("C", "A") or copy is not None:
            from . import _funcs
            return _funcs.reshape(self, shape, order=order, copy=copy)
        lay = self._layout()
        try:
            res = np.reshape(lay, shape, copy=False)
        except ValueError as err:
            if "copy" not in str(err):
                raise
            res = None
        buf = self._value()
        if res is None:
            new_shape = np.reshape(zero_strided(lay.shape, lay.dtype), shape).shape
            return ndarray._new(buf.reshape(new_shape) if type(buf) is not np.ndarray
                                else np.reshape(buf, new_shape))
        op = Reshape(res.shape)
        if type(buf) is np.ndarray:
            return self._derive(res, op)
        return self._derive(buf.reshape(res.shape), op)

    def ravel(self, order="C"):
        # not reshape(-1): NumPy's ravel copies non-contiguous data even where a strided
        # view would do
        from . import _funcs
        return _funcs.ravel(self, order)

    @property
    def real(self):
        if self.dtype.kind != "c":
            return self  # NumPy returns the array itself
        buf = self._value()
        return self._derive(buf.real, Real())

    @real.setter
    def real(self, value):
        # NumPy converts the value to an array first, then casts unsafely (a complex
        # scalar is accepted, with a ComplexWarning, where `a.real[...] = 1j` raises)
        self.real[...] = value if isinstance(value, ndarray) else np.asarray(value)

    @property
    def imag(self):
        if self.dtype.kind != "c":
            from . import _funcs
            return mark_readonly(_funcs.zeros_like(self))
        buf = self._value()
        return self._derive(buf.imag, Imag())

    @imag.setter
    def imag(self, value):
        if self.dtype.kind != "c":
            raise TypeError("array does not have imaginary part to set")
        self.imag[...] = value if isinstance(value, ndarray) else np.asarray(value)

    # ---- indexing --------------------------------------------------------------------
    def __getitem__(self, key):
        key = _unwrap_key(key)
        buf = self._value()
        if type(buf) is np.ndarray:
            res = buf[key]
            if type(res) is not np.ndarray:
                return res
            if _is_basic(key):
                return self._derive(res, Index(key))
            return ndarray._new(res)
        basic = _is_basic(key)
        check = _check_index(buf.shape, buf.dtype, key, basic)
        if check is _SCALAR:
            res = buf[key]
            return ndarray._new(res) if _device().is_traced(res) else _device().to_host(res)[()]
        if basic:
            return self._derive(buf[key], Index(key))
        if _has_mask(key) and not _device().is_traced(buf):
            # a boolean mask's result size depends on the values: under XLA every new size
            # is a new compilation (k-means' points[labels == j] compiles per cluster and
            # iteration). NumPy selects on the host copy, and the result stays there.
            _count_call("getitem", "host_by_choice")
            return ndarray._new(_device().to_host(buf)[_host_key(key)])
        return ndarray._new(buf[_device_key(key)])

    def __setitem__(self, key, value):
        self._check_writeable()
        key = _unwrap_key(key)
        buf = self._value()
        if type(buf) is np.ndarray:
            buf[key] = _host_value(value)
            return
        if type(value) is ndarray and _same_location(self, key, value):
            return  # `a[k] += x` writes through the view a[k], then stores that view at a[k]
        value = value._value() if type(value) is ndarray else value
        if type(value) is np.ndarray or not hasattr(value, "shape"):
            value = np.asarray(value) if not isinstance(value, (int, float, complex, bool)) \
                else value
        vshape = tuple(getattr(value, "shape", ()))
        vdtype = getattr(value, "dtype", None) or np.asarray(value).dtype
        target = zero_strided(buf.shape, buf.dtype, writeable=True)
        if _is_basic(key):
            tshape = _validated_set(target, key, value, vshape, vdtype)
            jv = _jax_cast(value, buf.dtype, tshape)
            root = self._root if self._root is not None else self
            ops = (self._vops or ()) + (Index(key),)
            root._buf = _views.write_chain(root._buf, ops, jv)
            root._ver += 1
            if type(root._buf) is _LAZY[0]:
                _note_pending(root, True)
            return
        _validated_set(target, key, value, vshape, vdtype)
        self._replace(_fancy_set(buf, key, value))

    # ---- conversions -----------------------------------------------------------------
    def _scalar_value(self, what):
        buf = self._value()
        if type(buf) is np.ndarray:
            return buf
        if self.size != 1:
            return zero_strided(buf.shape, buf.dtype)  # raises NumPy's own error below
        return _device().to_host(buf)

    def __bool__(self):
        return bool(self._scalar_value("bool"))

    def __int__(self):
        return int(self._scalar_value("int"))

    def __float__(self):
        return float(self._scalar_value("float"))

    def __complex__(self):
        return complex(self._scalar_value("complex"))

    def __index__(self):
        return operator.index(self._scalar_value("index"))

    def __len__(self):
        shape = self.shape
        if not shape:
            raise TypeError("len() of unsized object")
        return shape[0]

    def __iter__(self):
        if self.ndim == 0:  # raised by iter() itself, as NumPy does
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(self.shape[0]))

    def __contains__(self, value):
        from . import _funcs
        return bool(_funcs.any(self == value))

    def __hash__(self):
        raise TypeError("unhashable type: 'numpy.ndarray'")

    def __repr__(self):
        return repr(self._host())

    def __str__(self):
        return str(self._host())

    def __format__(self, spec):
        return format(self._host(), spec)

    def __array__(self, dtype=None, copy=None):
        buf = self._value()
        if type(buf) is not np.ndarray:
            if copy is False:
                raise ValueError("Unable to avoid copy while creating an array as requested: "
                                 "the npjax array lives on a JAX device.")
            # a requested copy must be writable like NumPy's; a plain view of device data
            # stays read-only (writes to it could not reach this array)
            buf = _device().to_host(buf, writable=bool(copy))
            copy = None if dtype is None else copy
        if dtype is not None and np.dtype(dtype) != buf.dtype:
            if copy is False:
                raise ValueError("Unable to avoid copy while creating an array as requested.")
            return buf.astype(dtype)
        return buf.copy() if copy else buf

    def __jax_array__(self):
        return _device().concrete(self._jax())

    def __dlpack__(self, *args, **kwargs):
        buf = self._value()
        if type(buf) is _LAZY[0]:
            buf = buf.materialize("dlpack")
        if type(buf) is np.ndarray and "jax" in sys.modules:
            # the consumer may be JAX: with x64 still off it would narrow a 64-bit capsule
            _device()
        return buf.__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        buf = self._value()
        if type(buf) is _LAZY[0]:
            buf = buf.materialize("dlpack")
        return buf.__dlpack_device__()

    def __reduce__(self):
        return (_rebuild, (np.array(self._host()),))

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        from . import _interop
        return _interop.array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        from . import _interop
        return _interop.array_function(func, types, args, kwargs)


class _Same:
    """A no-op view step (`a.real` of a real array is `a` itself)."""
    __slots__ = ()

    def read(self, buf):
        return buf

    def write(self, parent, child):
        return child


class _Flags:
    __slots__ = ("_a",)

    def __init__(self, a):
        self._a = a

    @property
    def writeable(self):
        # a host view may wrap a read-only NumPy view (np.diag, broadcast_to...)
        buf = self._a._value()
        return not self._a._readonly and (type(buf) is not np.ndarray or buf.flags.writeable)

    @writeable.setter
    def writeable(self, value):
        self._a._readonly = not value

    @property
    def c_contiguous(self):
        return self._a._layout().flags.c_contiguous

    @property
    def f_contiguous(self):
        return self._a._layout().flags.f_contiguous

    @property
    def owndata(self):
        return self._a._root is None

    @property
    def aligned(self):
        return True

    contiguous = c_contiguous
    writable = writeable

    def __getitem__(self, name):
        return getattr(self, {"C_CONTIGUOUS": "c_contiguous", "C": "c_contiguous",
                              "F_CONTIGUOUS": "f_contiguous", "F": "f_contiguous",
                              "WRITEABLE": "writeable", "W": "writeable",
                              "OWNDATA": "owndata", "O": "owndata",
                              "ALIGNED": "aligned", "A": "aligned"}.get(name, name.lower()))

    def __repr__(self):
        return (f"  C_CONTIGUOUS : {self.c_contiguous}\n  F_CONTIGUOUS : {self.f_contiguous}\n"
                f"  OWNDATA : {self.owndata}\n  WRITEABLE : {self.writeable}\n"
                f"  ALIGNED : True\n  WRITEBACKIFCOPY : False\n")


def _rebuild(host):
    # an unpickled array is a created one: it lands on the tier its size asks for
    from ._funcs.creation import _place
    return _place(host)


def _normalize_axis(axis, ndim):
    if not -ndim <= axis < ndim:
        raise np.exceptions.AxisError(axis, ndim)
    return axis % ndim


def _owner(arr):
    while isinstance(arr.base, np.ndarray):
        arr = arr.base
    return arr


def _shares_owner(res, buf):
    return type(res) is np.ndarray and res.base is not None and _owner(res) is _owner(buf)


# ---- index helpers --------------------------------------------------------------------
_SCALAR = object()
_BASIC_TYPES = (int, slice, type(None), type(Ellipsis), np.integer)


def _unwrap_key(key):
    if type(key) is ndarray:
        return key._value()
    if isinstance(key, tuple):
        return tuple(k._value() if type(k) is ndarray else k for k in key)
    return key


def _has_mask(key):
    """The key holds a boolean array (or list of bools): the result's size is data-dependent."""
    for k in (key if isinstance(key, tuple) else (key,)):
        if getattr(k, "dtype", None) == np.bool_ and getattr(k, "ndim", 0) > 0:
            return True
        if type(k) is list and k and all(type(v) is bool for v in k):
            return True
    return False


def _count_call(name, tier):
    from ._stats import count_call
    count_call(name, tier)


def _is_basic(key):
    if isinstance(key, tuple):
        return all(isinstance(k, _BASIC_TYPES) and not isinstance(k, bool) for k in key)
    return isinstance(key, _BASIC_TYPES) and not isinstance(key, bool)


def _as_view_key(key):
    """The same basic key, but yielding a 0-d view instead of reading a scalar."""
    key = key if isinstance(key, tuple) else (key,)
    return key if Ellipsis in key else key + (Ellipsis,)


def _host_key(key):
    """Index arrays living on the device, brought to the host (NumPy validates them)."""
    def conv(k):
        if type(k) is np.ndarray or isinstance(k, _BASIC_TYPES) or isinstance(k, (list, bool)):
            return k
        if hasattr(k, "shape") and hasattr(k, "dtype"):
            return _device().to_host(k)
        return k
    return tuple(conv(k) for k in key) if isinstance(key, tuple) else conv(key)


def _device_key(key):
    """Key for jax indexing: lists become arrays; boolean masks stay concrete NumPy."""
    def conv(k):
        if isinstance(k, list):
            k = np.asarray(k)
            # NumPy reads an empty list as an empty integer index, not a float one
            return k.astype(np.intp) if k.size == 0 else k
        if isinstance(k, np.bool_):
            return np.asarray(k)  # jax takes 0-d masks only as arrays or Python bools
        return k
    return tuple(conv(k) for k in key) if isinstance(key, tuple) else conv(key)


_index_cache = {}


def _same_location(target, key, view):
    """`view` is the device view `target[key]` (same root, same view ops): storing it there
    changes nothing."""
    root = target._root if target._root is not None else target
    if view._root is not root or view._vops is None or target._vops is None or \
            len(view._vops) != len(target._vops) + 1 or not _is_basic(key):
        return False
    last = view._vops[-1]
    return type(last) is Index and view._vops[:-1] == target._vops and \
        _basic_key_id(last.key) == _basic_key_id(key) and type(root._buf) is not np.ndarray


def _basic_key_id(key):
    """A hashable form of a basic index (slices are unhashable before Python 3.12)."""
    key = key if type(key) is tuple else (key,)
    return tuple((k.start, k.stop, k.step) if type(k) is slice else
                 (type(k), k) for k in key)


def _check_index(shape, dtype, key, basic):
    """Raise NumPy's own IndexError for a bad key; return _SCALAR if it selects one element."""
    if basic:
        ck = (shape, _basic_key_id(key))
        hit = _index_cache.get(ck)
        if hit is None:
            hit = _index_cache[ck] = _check_index(shape, dtype, key, False)
            if len(_index_cache) > 4096:
                _index_cache.clear()
        return hit
    dummy = zero_strided(shape, dtype)
    res = dummy[_host_key(key)]
    if type(res) is not np.ndarray:
        return _SCALAR
    return res.shape


def _validated_set(target, key, value, vshape, vdtype):
    """Let NumPy check the key, broadcast and cast of `a[key] = value` on a dummy."""
    hkey = _host_key(key)
    if isinstance(value, (int, float, complex, bool)) or type(value) is np.ndarray \
            and value.size <= 1:
        target[hkey] = value
    else:
        target[hkey] = zero_strided(vshape, vdtype)
    sel = target[hkey]
    return getattr(sel, "shape", ())


def _jax_cast(value, dtype, shape):
    from npjax._backends.device import jnp
    if isinstance(value, (np.ndarray, np.generic)) or not hasattr(value, "shape"):
        value = np.asarray(value)
        if value.dtype != dtype:
            value = _host_cast(value, dtype)
    v = jnp.asarray(value)
    if v.dtype != dtype:
        if v.dtype.kind == "c" and np.dtype(dtype).kind != "c":
            v = v.real  # NumPy drops the imaginary part (with its ComplexWarning, given above)
        v = v.astype(dtype)
    if v.shape != shape:
        v = jnp.broadcast_to(v, shape)
    return v


def _host_cast(value, dtype):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        return value.astype(dtype)


def _fancy_set(buf, key, value):
    """`buf[key] = value` for advanced keys, last write wins on repeated indices (NumPy)."""
    from npjax._backends.device import jnp
    size = int(np.prod(buf.shape, dtype=np.int64))
    lin = np.arange(size, dtype=np.int64).reshape(buf.shape)[_host_key(key)]
    flat_lin = np.ravel(lin)
    val = _jax_cast(value, buf.dtype, np.shape(lin)).ravel()
    if flat_lin.size and np.unique(flat_lin).size != flat_lin.size:
        rev_first = np.unique(flat_lin[::-1], return_index=True)[1]
        keep = np.sort(flat_lin.size - 1 - rev_first)
        flat_lin, val = flat_lin[keep], val[keep]
    return buf.ravel().at[flat_lin].set(val).reshape(buf.shape)


def _host_value(value):
    if type(value) is ndarray:
        return value._host()
    return value
