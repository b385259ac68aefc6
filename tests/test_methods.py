"""npjax.ndarray has numpy.ndarray's public methods, and they behave like NumPy's on both
tiers: values, dtypes, result kinds, in-place effects (including through views)."""
import pickle

import warnings

import numpy
import pytest

import npjax
from conftest import assert_same, parity, to_npjax

# Public numpy.ndarray names npjax.ndarray does not provide, with the reason.
IMPOSSIBLE = {}

R = numpy.random.default_rng(1)
F2 = numpy.round(R.normal(size=(3, 4)), 3)
F3 = numpy.round(R.normal(size=(2, 3, 4)), 3)
I2 = R.integers(-9, 9, size=(3, 4))
I1 = R.integers(0, 5, size=7)
B1 = numpy.array([True, False, True, True, False, False, True])
C1 = numpy.array([1 + 2j, -3j, 2.5 + 0j])
E0 = numpy.zeros(0)
Z0 = numpy.array(3.5)
U8 = numpy.array([250, 7, 3], dtype=numpy.uint8)


def test_every_public_method_exists():
    names = [n for n in dir(numpy.ndarray) if not n.startswith("_")]
    missing = [n for n in names if n not in IMPOSSIBLE and not hasattr(npjax.ndarray, n)]
    assert missing == []


def test_dunder_protocol_names_exist():
    for name in ("__matmul__", "__rmatmul__", "__divmod__", "__rdivmod__", "__pow__",
                 "__rpow__", "__abs__", "__neg__", "__pos__", "__invert__", "__len__",
                 "__iter__", "__contains__", "__copy__", "__deepcopy__", "__reduce__",
                 "__array__", "__array_ufunc__", "__array_function__", "__delitem__",
                 "__class_getitem__", "__index__", "__bool__", "__float__", "__int__"):
        assert hasattr(npjax.ndarray, name), name


def _sorted_copy(a, **kw):
    b = a.copy()
    assert b.sort(**kw) is None
    return b


def _partitioned(m, a, k):
    b = a.copy()
    assert b.partition(k) is None
    return b[..., k], m.sort(b[..., :k], axis=-1)


def _filled(a, v):
    b = a.copy()
    assert b.fill(v) is None
    return b


def _put(a, ind, v, **kw):
    b = a.copy()
    assert b.put(ind, v, **kw) is None
    return b


def _sort_view(a):
    b = a.copy()
    b[:, ::2].sort(axis=0)
    return b


def case(id, fn, *args):
    return pytest.param(fn, args, id=id)


METHODS = [
    case("all", lambda m, a: a.all(), F2 > -1),
    case("all-axis", lambda m, a: a.all(axis=0, keepdims=True), I2),
    case("any", lambda m, a: a.any(axis=-1), I2 > 5),
    case("argmax", lambda m, a: a.argmax(), F2),
    case("argmax-axis", lambda m, a: a.argmax(axis=0), I2),
    case("argmin", lambda m, a: a.argmin(axis=-1), F3),
    case("argpartition", lambda m, a: a[a.argpartition(3)][3], I1 * 10 + numpy.arange(7)),
    case("argsort", lambda m, a: a.argsort(), F2),
    case("argsort-axis", lambda m, a: a.argsort(axis=0, kind="stable"), I2),
    case("astype", lambda m, a: a.astype(m.int32), F2),
    case("astype-bool", lambda m, a: a.astype(bool), I2),
    case("astype-str-dtype", lambda m, a: a.astype("float32"), I2),
    case("astype-complex", lambda m, a: a.astype(complex), F2),
    case("byteswap", lambda m, a: a.byteswap(), I2),
    case("choose", lambda m, a: (a % 3).choose([10, 20, 30]), I1),
    case("clip", lambda m, a: a.clip(-0.5, 0.5), F2),
    case("clip-min", lambda m, a: a.clip(min=0), I2),
    case("compress", lambda m, a: a.compress([True, False, True], axis=0), F2),
    case("compress-flat", lambda m, a, c: a.compress(c), I1, B1),
    case("conj", lambda m, a: a.conj(), C1),
    case("conjugate", lambda m, a: a.conjugate(), C1),
    case("conj-real", lambda m, a: a.conj(), F2),
    case("copy", lambda m, a: a.copy(), F2),
    case("copy-F", lambda m, a: a.T.copy(order="F"), F2),
    case("cumprod", lambda m, a: a.cumprod(), I1),
    case("cumsum", lambda m, a: a.cumsum(axis=1), I2),
    case("cumsum-dtype", lambda m, a: a.cumsum(dtype=m.int16), U8),
    case("diagonal", lambda m, a: a.diagonal(), F2),
    case("diagonal-offset", lambda m, a: a.diagonal(1, 1, 2), F3),
    case("dot", lambda m, a: a.dot(a.T), F2),
    case("dot-vec", lambda m, a: a.dot(m.arange(4)), I2),
    case("fill", lambda m, a: _filled(a, 7), F2),
    case("fill-cast", lambda m, a: _filled(a, 2.9), I2),
    case("flatten", lambda m, a: a.flatten(), F2),
    case("flatten-F", lambda m, a: a.flatten("F"), I2),
    case("item", lambda m, a: a.item(5), F2),
    case("item-tuple", lambda m, a: a.item((1, 2)), I2),
    case("item-0d", lambda m, a: a.item(), Z0),
    case("item-complex", lambda m, a: a.item(1), C1),
    case("max", lambda m, a: a.max(), F2),
    case("max-axis", lambda m, a: a.max(axis=(0, 1)), F3),
    case("mean", lambda m, a: a.mean(), I2),
    case("mean-axis", lambda m, a: a.mean(axis=-1, keepdims=True), F2),
    case("min", lambda m, a: a.min(axis=0), I2),
    case("min-initial-empty", lambda m, a: a.min(initial=3.0), E0),
    case("nonzero", lambda m, a: a.nonzero(), I2),
    case("partition", lambda m, a: _partitioned(m, a, 3), I1 * 3 - 5),
    case("partition-2d", lambda m, a: _partitioned(m, a, 1), F2),
    case("prod", lambda m, a: a.prod(axis=0), I2),
    case("prod-uint8", lambda m, a: a.prod(), U8),
    case("put", lambda m, a: _put(a, [0, 5], [-1.0, -2.0]), F2),
    case("put-clip", lambda m, a: _put(a, [0, 50], [9, 8], mode="clip"), I2),
    case("put-wrap", lambda m, a: _put(a, [-1, 13], 4, mode="wrap"), I2),
    case("ravel", lambda m, a: a.ravel(), F3),
    case("ravel-F", lambda m, a: a.ravel("F"), F2),
    case("ravel-view", lambda m, a: a[:, ::2].ravel(), F2),
    case("repeat", lambda m, a: a.repeat(2), I1),
    case("repeat-axis", lambda m, a: a.repeat([1, 2, 0], axis=0), F2),
    case("reshape-tuple", lambda m, a: a.reshape((4, 3)), F2),
    case("reshape-varargs", lambda m, a: a.reshape(2, 6), F2),
    case("reshape-neg", lambda m, a: a.reshape(-1, 2), F3),
    case("reshape-F", lambda m, a: a.reshape((4, 3), order="F"), I2),
    case("reshape-F-varargs", lambda m, a: a.reshape(6, 2, order="F"), I2),
    case("reshape-0d", lambda m, a: a.reshape(1, 1), Z0),
    case("reshape-empty", lambda m, a: a.reshape(0, 5), E0),
    case("round", lambda m, a: a.round(), F2),
    case("round-decimals", lambda m, a: a.round(2), F2 * 3.33),
    case("searchsorted", lambda m, a: a.searchsorted([0, 2, 5]), numpy.arange(6)),
    case("searchsorted-right", lambda m, a: a.searchsorted(2, side="right"), numpy.arange(6)),
    case("sort", lambda m, a: _sorted_copy(a), F2),
    case("sort-axis0", lambda m, a: _sorted_copy(a, axis=0), I2),
    case("sort-axis-none-raises", lambda m, a: _sorted_copy(a, axis=None), I2),
    case("sort-view", _sort_view, F2),
    case("squeeze", lambda m, a: a[:1].squeeze(), F2),
    case("squeeze-axis", lambda m, a: a[:, :1].squeeze(axis=1), F2),
    case("std", lambda m, a: a.std(), F2),
    case("std-ddof", lambda m, a: a.std(axis=0, ddof=1), I2),
    case("sum", lambda m, a: a.sum(), F2),
    case("sum-axis-dtype", lambda m, a: a.sum(axis=1, dtype=m.float32), I2),
    case("sum-uint8", lambda m, a: a.sum(), U8),
    case("swapaxes", lambda m, a: a.swapaxes(0, 2), F3),
    case("take", lambda m, a: a.take([0, 2, -1]), F2),
    case("take-axis", lambda m, a: a.take([1, 1], axis=1), I2),
    case("tobytes", lambda m, a: a.tobytes(), I2),
    case("tobytes-view", lambda m, a: a.T.tobytes(), F2),
    case("tobytes-F", lambda m, a: a.tobytes(order="F"), I2),
    case("tolist", lambda m, a: a.tolist(), F2),
    case("tolist-0d", lambda m, a: a.tolist(), Z0),
    case("tolist-complex", lambda m, a: a.tolist(), C1),
    case("trace", lambda m, a: a.trace(), F2),
    case("trace-offset", lambda m, a: a.trace(1), I2),
    case("transpose", lambda m, a: a.transpose(), F3),
    case("transpose-tuple", lambda m, a: a.transpose((1, 0, 2)), F3),
    case("transpose-varargs", lambda m, a: a.transpose(2, 0, 1), F3),
    case("T", lambda m, a: a.T, F2),
    case("var", lambda m, a: a.var(), I2),
    case("var-axis", lambda m, a: a.var(axis=1, ddof=1), F2),
    case("view", lambda m, a: a.view(), F2),
    case("view-dtype", lambda m, a: a.view(m.int64), F2),
    case("view-smaller-dtype", lambda m, a: a.view(m.int32), I2),
    case("view-uint8", lambda m, a: a.view(m.uint8), I1),
    case("getfield", lambda m, a: a.getfield(m.float64, 8), C1),
]


@pytest.mark.parametrize("fn, args", METHODS)
def test_method(tier, fn, args):
    parity(fn, *args, rtol=1e-9, atol=1e-12)


# ---- in-place behaviour -------------------------------------------------------------------
def test_view_same_dtype_shares_memory(tier):
    a = to_npjax(F2)
    v = a.view()
    assert isinstance(v, npjax.ndarray)
    v[0, 0] = 100.0
    assert a[0, 0] == 100.0
    a[1, 1] = -5.0
    assert v[1, 1] == -5.0


def test_view_dtype_shares_memory(tier):
    n = I1.copy()
    a = to_npjax(I1)
    nv, v = n.view(numpy.int32), a.view(npjax.int32)
    nv[1] = 7
    v[1] = 7
    assert_same(n, a)
    assert_same(nv, v)


class _Sub(numpy.ndarray):
    """A user's ndarray subclass, as code written for NumPy defines one."""


@pytest.mark.parametrize("call", [
    pytest.param(lambda a: a.view(_Sub), id="positional"),
    pytest.param(lambda a: a.view(type=_Sub), id="type"),
    pytest.param(lambda a: a.view(dtype=_Sub), id="dtype-keyword"),
    pytest.param(lambda a: a.view(numpy.float64, _Sub), id="dtype-and-type"),
])
def test_view_as_ndarray_subclass(tier, call):
    """A first argument that is an ndarray class is the view's type (NumPy's rule), not a
    dtype; the subclass views the array's data, so writes reach the array."""
    n = F2.copy()
    a = to_npjax(F2)
    with warnings.catch_warnings():
        # a device array moves to the host for the subclass: a recorded fallback
        warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)
        npjax.stats(reset=True)
        nv, v = call(n), call(a)
    assert type(v) is type(nv) is _Sub
    assert (tier == "device") == ("ndarray.view" in npjax.stats()["fallbacks"])
    nv[0, 1] = 42.0
    v[0, 1] = 42.0
    assert_same(n, a)
    numpy.testing.assert_array_equal(v, nv)


def test_view_type_errors(tier):
    a = to_npjax(F2)
    for call in (lambda m, x: x.view(type=int), lambda m, x: x.view(_Sub, _Sub),
                 lambda m, x: x.view(m.float64, list)):
        with pytest.raises(ValueError):
            call(numpy, F2)
        with pytest.raises(ValueError):
            call(npjax, a)
    assert type(a.view(numpy.ndarray)) is type(a)
    if tier == "device":  # (NumPy's own view() takes only its real subclasses)
        assert type(a.view(type=npjax.ndarray)) is npjax.ndarray


def test_resize_in_place(tier):
    n = numpy.arange(6.0)
    a = npjax.arange(6.0)
    assert n.resize((2, 4), refcheck=False) is None
    assert a.resize((2, 4)) is None
    assert_same(n, a)
    n.resize(3, refcheck=False)
    a.resize(3)
    assert_same(n, a)


def test_resize_of_view_raises(tier):
    a = to_npjax(F2)
    with pytest.raises(ValueError):
        a[:1].resize(3)


def test_setflags_readonly(tier):
    a = to_npjax(F2)
    a.setflags(write=False)
    assert not a.flags.writeable
    with pytest.raises(ValueError):
        a[0, 0] = 1.0
    with pytest.raises(ValueError):
        a += 1
    with pytest.raises(ValueError):
        a.fill(0)
    with pytest.raises(ValueError):
        a.sort()
    a.setflags(write=True)
    a[0, 0] = 1.0
    assert a[0, 0] == 1.0


def test_byteswap_inplace(tier):
    n = I2.copy()
    a = to_npjax(I2)
    assert a.byteswap(inplace=True) is a
    n.byteswap(inplace=True)
    assert_same(n, a)


def test_partition_in_place_through_view(tier):
    n = (I2 * 7 % 11).copy()
    a = to_npjax(n)
    n[::2].partition(1, axis=1)
    a[::2].partition(1, axis=1)
    assert_same(n[:, 1], a[:, 1])
    assert_same(numpy.sort(n, axis=1), npjax.sort(a, axis=1))


def test_sort_writes_base(tier):
    n = F2.copy()
    a = to_npjax(F2)
    n[1].sort()
    a[1].sort()
    assert_same(n, a)


def test_put_through_view(tier):
    n = numpy.zeros((3, 4))
    a = npjax.zeros((3, 4))
    n[:, 1:].put([0, 4], [1.0, 2.0])
    a[:, 1:].put([0, 4], [1.0, 2.0])
    assert_same(n, a)


def test_dumps_and_dump(tier, tmp_path):
    a = to_npjax(F2)
    back = pickle.loads(a.dumps())
    numpy.testing.assert_array_equal(numpy.asarray(back), F2)
    path = tmp_path / "a.pkl"
    a.dump(path)
    numpy.testing.assert_array_equal(numpy.load(path, allow_pickle=True), F2)


def test_tofile(tier, tmp_path):
    a = to_npjax(I2)
    a.tofile(tmp_path / "a.bin")
    I2.tofile(tmp_path / "n.bin")
    assert (tmp_path / "a.bin").read_bytes() == (tmp_path / "n.bin").read_bytes()
    a.tofile(tmp_path / "a.txt", sep=",")
    I2.tofile(tmp_path / "n.txt", sep=",")
    assert (tmp_path / "a.txt").read_text() == (tmp_path / "n.txt").read_text()


def test_setfield(tier):
    n = numpy.zeros(3, complex)
    a = npjax.zeros(3, complex)
    n.setfield(numpy.array([1.0, 2.0, 3.0]), numpy.float64, 8)
    a.setfield(npjax.array([1.0, 2.0, 3.0]), npjax.float64, 8)
    assert_same(n, a)


def test_ctypes_data_pointer(tier):
    a = to_npjax(F2)
    ptr = a.ctypes.data
    assert isinstance(ptr, int) and ptr != 0
    assert tuple(a.ctypes.shape) == (3, 4)
    assert_same(F2, a)


def test_delitem_raises_valueerror(tier):
    for a in (F2.copy(), to_npjax(F2)):
        with pytest.raises(ValueError):
            del a[0]


def test_class_getitem():
    alias = npjax.ndarray[tuple[int], numpy.dtype[numpy.float64]]
    assert alias.__origin__ is npjax.ndarray


# ---- operators ----------------------------------------------------------------------------
OPERATORS = [
    case("matmul", lambda m, a: a @ a.T, F2),
    case("matmul-int", lambda m, a, b: a @ b, I2, I2.T),
    case("rmatmul-list", lambda m, a: [[1, 2, 3]] @ a, F2),
    case("matmul-vec", lambda m, a: a @ m.ones(4), I2),
    case("divmod", lambda m, a: divmod(a, 4), I2),
    case("divmod-float", lambda m, a: divmod(a, 0.7), F2),
    case("rdivmod", lambda m, a: divmod(17, a + 10), I2),
    case("pow", lambda m, a: a ** 2, I2),
    case("pow-float", lambda m, a: abs(a) ** 0.5, F2),
    case("pow-array", lambda m, a: a ** (a % 3), I1),
    case("rpow", lambda m, a: 2 ** a, I1),
    case("rpow-float", lambda m, a: 1.5 ** a, F2),
    case("abs", lambda m, a: abs(a), I2),
    case("abs-complex", lambda m, a: abs(a), C1),
    case("neg", lambda m, a: -a, F2),
    case("neg-uint8", lambda m, a: -a, U8),
    case("pos", lambda m, a: +a, I2),
    case("invert", lambda m, a: ~a, I2),
    case("invert-bool", lambda m, a: ~a, B1),
    case("rsub", lambda m, a: 2 - a, I2),
    case("rsub-float", lambda m, a: 2.5 - a, I1),
    case("radd-list", lambda m, a: [1, 2, 3, 4] + a, F2),
    case("rmul-np-scalar", lambda m, a: numpy.float64(2) * a, I2),
    case("rmul-np-int8", lambda m, a: numpy.int8(3) * a, U8),
    case("rtruediv", lambda m, a: 1 / (a + 20), I2),
    case("rfloordiv", lambda m, a: 7 // (a + 20), I2),
    case("rmod", lambda m, a: 7.5 % (a + 20), I2),
    case("rand", lambda m, a: 6 & a, I2),
    case("ror", lambda m, a: True | a, B1),
    case("rxor", lambda m, a: 5 ^ a, I1),
    case("rlshift", lambda m, a: 1 << a, I1),
    case("rrshift", lambda m, a: 256 >> a, I1),
    case("add-uint8-pyint", lambda m, a: a + 10, U8),
    case("add-broadcast", lambda m, a: a + a[0], F2),
    case("mul-0d", lambda m, a, b: a * b, F2, Z0),
    case("compare", lambda m, a: (a > 0, a <= 0.5, a == a, a != 0), F2),
    case("rcompare", lambda m, a: 0 < a, I2),
    case("eq-list", lambda m, a: [0, 1, 2, 3] == a, I2),
    case("sub-view", lambda m, a: a[::2] - a.T[1::2, 0], F2),
]


@pytest.mark.parametrize("fn, args", OPERATORS)
def test_operator(tier, fn, args):
    parity(fn, *args, rtol=1e-9, atol=1e-12)


def test_numpy_scalar_left_operand_returns_npjax(tier):
    a = to_npjax(F2)
    for res in (numpy.float64(2) * a, numpy.int64(1) + a, numpy.float32(2) - a,
                numpy.float64(2) ** a, numpy.int64(3) // (a + 10)):
        # small host arrays are plain NumPy arrays, device arrays npjax's own
        assert isinstance(res, npjax.ndarray)
        assert (type(res) is npjax.ndarray) == (tier == "device")


INPLACE = [
    case("iadd", lambda m, a: _iop(a, "__iadd__", 1.5), F2),
    case("iadd-view", lambda m, a: _iop_view(a, "__iadd__", 2), I2),
    case("isub-broadcast", lambda m, a: _iop(a, "__isub__", a[0].copy()), F2),
    case("imul-int-float-raises", lambda m, a: _iop(a, "__imul__", 1.5), I2),
    case("itruediv-int-raises", lambda m, a: _iop(a, "__itruediv__", 2), I2),
    case("ifloordiv", lambda m, a: _iop(a, "__ifloordiv__", 3), I2),
    case("imod", lambda m, a: _iop(a, "__imod__", 4), I2),
    case("ipow", lambda m, a: _iop(a, "__ipow__", 2), I2),
    case("imatmul", lambda m, a: _iop(a, "__imatmul__", m.eye(4)), F2),
    case("iand", lambda m, a: _iop(a, "__iand__", 3), I2),
    case("ilshift", lambda m, a: _iop(a, "__ilshift__", 1), I1),
    case("iadd-uint8-overflow", lambda m, a: _iop(a, "__iadd__", 10), U8),
]


def _iop(a, dunder, other):
    b = a.copy()
    res = getattr(b, dunder)(other)
    assert res is b
    return b


def _iop_view(a, dunder, other):
    b = a.copy()
    v = b[:, 1::2]
    getattr(v, dunder)(other)
    return b


@pytest.mark.parametrize("fn, args", INPLACE)
def test_inplace_operator(tier, fn, args):
    parity(fn, *args)
