"""ndarray methods and operators: each delegates to the public function of the same meaning.

Operators on host arrays call NumPy's own operator on the buffer (exact NumPy semantics,
including in-place casting errors); on device arrays they go through the ufuncs.
"""
import numpy as np

from . import _funcs as F
from ._array import ndarray, _host_value
from ._dispatch import wrap_host
from ._stats import count_call


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
        return uf(other, self) if reflected else uf(self, other)
    op.__name__ = dunder
    return op


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
        res = buf.astype(dtype, order=order, casting=casting, subok=subok, copy=copy)
        return self if res is buf else ndarray._new(res)
    dtype = np.dtype(dtype)
    if not np.can_cast(buf.dtype, dtype, casting):
        raise TypeError(f"Cannot cast array data from {np.dtype(buf.dtype)!r} to {dtype!r} "
                        f"according to the rule '{casting}'")
    if dtype == buf.dtype and not copy:
        return self
    count_call("astype", "device")
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
    if type is not None and type is not ndarray:
        raise TypeError("npjax arrays cannot be viewed as other array types")
    buf = self._value()
    if dtype is None or np.dtype(dtype) == self.dtype:
        from ._array import _Same
        return self._derive(buf, None if isinstance(buf, np.ndarray) else _Same())
    if isinstance(buf, np.ndarray):
        return self._derive(buf.view(dtype), None)
    # a reinterpretation cannot be replayed on an immutable buffer: move to the host
    self._to_host_tier()
    return self.view(dtype)


def byteswap(self, inplace=False):
    if inplace:
        self._to_host_tier()
        self._value().byteswap(inplace=True)
        return self
    return F.asarray(self._host().byteswap())


def getfield(self, dtype, offset=0):
    return F.asarray(self._host().getfield(dtype, offset))


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


@property
def flat(self):
    return flatiter(self)


class flatiter:
    """a.flat: reads and writes in C order through the base array."""

    def __init__(self, base):
        self.base = base
        self.index = 0

    def __iter__(self):
        return (self.base.reshape(-1)[i] if self.base.flags.c_contiguous
                else F.ravel(self.base)[i] for i in range(self.base.size))

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
