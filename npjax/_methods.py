"""ndarray methods and operators: each delegates to the public function of the same meaning.

Operators on host arrays call NumPy's own operator on the buffer (exact NumPy semantics,
including in-place casting errors); on device arrays they go through the ufuncs.
"""
import builtins
import operator
import types

import warnings

import numpy as np

from . import _funcs as F
from ._array import ndarray, _host_value
from ._dispatch import wrap_host
from ._dtypes import policy_dtype, on_jax
from ._stats import count_call, record_fallback


def _raw(x):
    return x._value() if type(x) is ndarray else x


def _binary(dunder, uf, reflected=False):
    def op(self, other):
        buf = self._value()
        if type(buf) is np.ndarray and (type(other) is not ndarray or other._on_host):
            if not (type(other) is ndarray or isinstance(other, (int, float, complex, bool,
                                                                 np.generic, np.ndarray, list,
                                                                 tuple))):
                if hasattr(other, "__array_ufunc__") and other.__array_ufunc__ is None:
                    return NotImplemented
            count_call(uf.__name__, "host")
            res = getattr(buf, dunder)(_raw(other))
            if res is NotImplemented:
                return res
            return wrap_host(res, {})
        if hasattr(other, "__array_ufunc__") and other.__array_ufunc__ is None:
            return NotImplemented
        if dunder in ("__eq__", "__ne__") and _non_numeric(other):
            # NumPy answers == / != without a matching loop (str, None...) as all-unequal
            # instead of raising: its operator on the host value gives that exact result
            count_call(uf.__name__, "host_by_choice")
            return wrap_host(getattr(self._host(), dunder)(other), {})
        return uf(other, self) if reflected else uf(self, other)
    op.__name__ = dunder
    return op


def _non_numeric(other):
    if type(other) is ndarray or isinstance(other, (int, float, complex, np.number, np.bool_)):
        return False
    return np.asarray(other).dtype.kind not in "biufc"


def _inplace(dunder, uf):
    def op(self, other):
        self._check_writeable()
        buf = self._value()
        if type(buf) is np.ndarray and (type(other) is not ndarray or other._on_host):
            count_call(uf.__name__, "host")
            getattr(buf, dunder)(_raw(other))
            return self
        uf(self, other, out=self)
        return self
    op.__name__ = dunder
    return op


def _unary(dunder, uf):
    def op(self):
        buf = self._value()
        if type(buf) is np.ndarray:
            return wrap_host(getattr(buf, dunder)(), {})
        return uf(self)
    op.__name__ = dunder
    return op


_BINARY = {
    "add": F.add, "sub": F.subtract, "mul": F.multiply, "truediv": F.true_divide,
    "floordiv": F.floor_divide, "mod": F.remainder, "pow": F.power, "matmul": F.matmul,
    "and": F.bitwise_and, "or": F.bitwise_or, "xor": F.bitwise_xor,
    "lshift": F.left_shift, "rshift": F.right_shift,
}
for _n, _uf in _BINARY.items():
    setattr(ndarray, f"__{_n}__", _binary(f"__{_n}__", _uf))
    setattr(ndarray, f"__r{_n}__", _binary(f"__r{_n}__", _uf, reflected=True))
    setattr(ndarray, f"__i{_n}__", _inplace(f"__i{_n}__", _uf))


def _scalar_power(a, b, **kwargs):
    """`a ** b` as NumPy's operator computes it: for these exact Python scalars it runs
    square, reciprocal or sqrt instead of power (bool ** 2 is int8; sqrt(-0.0) is -0.0)."""
    uf = F.power
    if type(b) is int and b == 2:
        uf = F.square
    elif a.dtype.kind in "fc" and ((type(b) is int and b == -1)
                                   or (type(b) is float and b == 0.5)):
        uf = F.reciprocal if b == -1 else F.sqrt
    return uf(a, **kwargs) if uf is not F.power else uf(a, b, **kwargs)


_scalar_power.__name__ = "power"
ndarray.__pow__ = _binary("__pow__", _scalar_power)
ndarray.__ipow__ = _inplace("__ipow__", _scalar_power)
for _n, _uf in {"lt": F.less, "le": F.less_equal, "gt": F.greater, "ge": F.greater_equal,
                "eq": F.equal, "ne": F.not_equal}.items():
    setattr(ndarray, f"__{_n}__", _binary(f"__{_n}__", _uf))
for _n, _uf in {"neg": F.negative, "pos": F.positive, "abs": F.absolute,
                "invert": F.invert}.items():
    setattr(ndarray, f"__{_n}__", _unary(f"__{_n}__", _uf))


def __divmod__(self, other):
    return F.divmod(self, other)


def __rdivmod__(self, other):
    return F.divmod(other, self)


ndarray.__divmod__ = __divmod__
ndarray.__rdivmod__ = __rdivmod__


def _method(fn):
    def method(self, *args, **kwargs):
        return fn(self, *args, **kwargs)
    method.__name__ = fn.__name__
    method.__doc__ = fn.__doc__
    return method


for _name in ("all", "any", "argmax", "argmin", "argpartition", "argsort", "choose", "clip",
              "conj", "conjugate", "cumprod", "cumsum", "diagonal", "dot", "max",
              "mean", "min", "nonzero", "prod", "put", "repeat", "round", "searchsorted",
              "squeeze", "std", "sum", "swapaxes", "take", "trace", "var"):
    setattr(ndarray, _name, _method(getattr(F, _name)))


def compress(self, condition, axis=None, out=None):
    # the method takes the condition second; numpy.compress takes it first
    return F.compress(condition, self, axis=axis, out=out)


def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
    buf = self._value()
    if type(buf) is np.ndarray:
        res = buf.astype(policy_dtype(np.dtype(dtype)), order=order, casting=casting,
                         subok=subok, copy=copy)
        return self if res is buf else ndarray._new(res)
    dtype = policy_dtype(np.dtype(dtype))
    if not np.can_cast(buf.dtype, dtype, casting):
        raise TypeError(f"Cannot cast array data from {np.dtype(buf.dtype)!r} to {dtype!r} "
                        f"according to the rule '{casting}'")
    if dtype == buf.dtype and not copy:
        return self
    if not on_jax(dtype):
        # strings, objects, datetimes, longdouble, swapped bytes...: JAX has no such arrays,
        # the result is NumPy's
        record_fallback("astype", f"JAX arrays cannot hold dtype {dtype}")
        return ndarray._new(self._host().astype(dtype, casting=casting))
    count_call("astype", "device")
    if buf.dtype.kind == "c" and dtype.kind != "c":
        warnings.warn("Casting complex values to real discards the imaginary part",
                      np.exceptions.ComplexWarning, stacklevel=2)
        buf = buf.real
    return ndarray._new(buf.astype(dtype) if dtype != buf.dtype else buf)


def copy(self, order="C"):
    return F.copy(self, order=order)


def fill(self, value):
    self[...] = value


def flatten(self, order="C"):
    return F.copy(F.ravel(self, order))


def item(self, *args):
    buf = self._value()
    if type(buf) is np.ndarray:
        return buf.item(*args)
    if not args:
        if self.size != 1:
            raise ValueError("can only convert an array of size 1 to a Python scalar")
        return self._host().item()
    if len(args) == 1 and not isinstance(args[0], tuple):
        return self.ravel()[args[0]].item() if self.ndim != 1 else self[args[0]].item()
    return self[args[0] if len(args) == 1 else args].item()


def tolist(self):
    return self._host().tolist()


def tobytes(self, order="C"):
    return self._host().tobytes(order)


def tofile(self, fid, sep="", format="%s"):
    return self._host().tofile(fid, sep, format)


def dump(self, file):
    return self._host().dump(file)


def dumps(self):
    return self._host().dumps()


def sort(self, axis=-1, kind=None, order=None, stable=None):
    self._check_writeable()
    buf = self._value()
    if type(buf) is np.ndarray:
        buf.sort(axis=axis, kind=kind, order=order, stable=stable)
        return None
    axis = operator.index(axis)  # the method has no axis=None (NumPy's TypeError)
    self[...] = F.sort(self, axis=axis, kind=kind, order=order, stable=stable)
    return None


def partition(self, kth, axis=-1, kind="introselect", order=None):
    self._check_writeable()
    buf = self._value()
    if type(buf) is np.ndarray:
        buf.partition(kth, axis=axis, kind=kind, order=order)
        return None
    self[...] = F.partition(self, kth, axis=axis)
    return None


def resize(self, *new_shape, refcheck=True):
    buf = self._value()
    if type(buf) is not np.ndarray:
        self._to_host_tier()
        buf = self._value()
    if self._root is not None:
        raise ValueError("cannot resize this array: it does not own its data")
    if len(new_shape) == 1 and not isinstance(new_shape[0], (int, np.integer)):
        new_shape = new_shape[0]
    buf.resize(new_shape, refcheck=False)


def view(self, dtype=None, type=None):
    # NumPy reads a `dtype` that is an ndarray class as the view's type
    if _is_array_class(dtype):
        if type is not None:
            raise ValueError("Cannot specify output type twice.")
        dtype, type = None, dtype
    if type is not None and not _is_array_class(type):
        raise ValueError("Type must be a sub-type of ndarray type")
    if type is not None and type is not ndarray and type is not np.ndarray:
        # a subclass of NumPy's ndarray (what a user's `class Sub(np.ndarray)` is) views a
        # NumPy buffer: the array moves to the host and the subclass views its buffer there
        if not self._on_host:
            record_fallback("ndarray.view", f"{type.__name__} views a NumPy buffer")
        self._to_host_tier()
        buf = self._value()
        return buf.view(type) if dtype is None else buf.view(dtype, type)
    buf = self._value()
    if dtype is None or np.dtype(dtype) == self.dtype:
        from ._array import _Same
        return self._derive(buf, None if isinstance(buf, np.ndarray) else _Same())
    if isinstance(buf, np.ndarray):
        return self._derive(buf.view(dtype), None)
    # a reinterpretation cannot be replayed on an immutable buffer: move to the host
    self._to_host_tier()
    return self.view(dtype)


def _is_array_class(t):
    return isinstance(t, builtins.type) and (t is ndarray or issubclass(t, np.ndarray))


def byteswap(self, inplace=False):
    if inplace:
        self._to_host_tier()
        self._value().byteswap(inplace=True)
        return self
    return F.asarray(self._host().byteswap())


def getfield(self, dtype, offset=0):
    return F.asarray(self._host().getfield(dtype, offset))


def setfield(self, val, dtype, offset=0):
    self._check_writeable()
    buf = self._value()
    if type(buf) is np.ndarray:
        buf.setfield(_host_value(val), dtype, offset)
        return None
    host = self._host().copy()
    host.setfield(_host_value(val), dtype, offset)
    from ._backends.device import to_device
    self._replace(to_device(host))
    return None


@property
def ctypes(self):
    # a C pointer must stay valid as long as the array: only a host buffer can promise it
    self._to_host_tier()
    return self._value().ctypes


def __delitem__(self, key):
    raise ValueError("cannot delete array elements")


def setflags(self, write=None, align=None, uic=None):
    if write is not None:
        self._readonly = not write


def to_device(self, device, /, *, stream=None):
    if device != "cpu":
        raise ValueError(f"unsupported device {device!r}")
    return self


def __array_namespace__(self, *, api_version=None):
    import npjax
    return npjax


def _get_flat(self):
    return flatiter(self)


def _set_flat(self, value):
    flatiter(self)[...] = value  # values repeat cyclically, as in NumPy


flat = property(_get_flat, _set_flat)


class flatiter:
    """a.flat: reads and writes in C order through the base array."""

    def __init__(self, base):
        self.base = base
        self.index = 0

    def __iter__(self):
        return self  # like numpy.flatiter, an iterator over itself

    def __next__(self):
        if self.index >= self.base.size:
            raise StopIteration
        base = self.base
        flat = base.reshape(-1) if base.flags.c_contiguous else F.ravel(base)
        self.index += 1
        return flat[self.index - 1]

    @property
    def coords(self):
        if not self.base.ndim:
            return ()
        return tuple(int(i) for i in np.unravel_index(self.index, self.base.shape))

    def __len__(self):
        return self.base.size

    def _positions(self, key):
        lin = np.arange(self.base.size).reshape(self.base.shape).ravel()
        return lin[_host_value(key)]

    def __getitem__(self, key):
        return F.ravel(self.base)[key]

    def __setitem__(self, key, value):
        pos = self._positions(key)
        idx = np.unravel_index(pos, self.base.shape)
        values = F.asarray(value)
        if not values.size and np.ndim(pos):
            return  # NumPy's flat assignment of no values changes nothing
        if values.size and np.ndim(pos):
            values = F.resize(values, np.shape(pos)) if values.size != np.size(pos) else \
                values.reshape(np.shape(pos))
        self.base[idx] = values

    def __array__(self, dtype=None, copy=None):
        return np.asarray(F.ravel(self.base)._host(), dtype=dtype)

    def copy(self):
        return F.ravel(self.base).copy()


for _fn in (compress, astype, copy, fill, flatten, item, tolist, tobytes, tofile, dump, dumps, sort,
            partition, resize, view, byteswap, getfield, setflags, to_device,
            __array_namespace__):
    setattr(ndarray, _fn.__name__, _fn)
ndarray.flat = flat
ndarray.ctypes = ctypes
ndarray.__delitem__ = __delitem__
ndarray.__class_getitem__ = classmethod(types.GenericAlias)
ndarray.setfield = setfield
