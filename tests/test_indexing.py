"""Indexing parity with NumPy on both tiers: reading (`a[key]`), writing (`a[key] = v`),
views (writes through a view reach the base and the other way round), memory overlap
answers, and the indexing routines (take, put, putmask, place, copyto, fill_diagonal,
put_along_axis, choose, compress, ufunc.at, ix_, r_/c_/mgrid/ogrid).

Writes are never lost: every mutation test compares the base and all its views afterwards.
"""
import warnings

import numpy
import pytest

import npjax
from conftest import assert_same, parity

A3 = numpy.arange(120).reshape(4, 5, 6)
F2 = numpy.arange(24.0).reshape(4, 6) - 7.5
I2 = numpy.arange(24).reshape(4, 6)
M4 = numpy.array([True, False, True, False])
M5 = numpy.array([True, False, True, False, True])


# ---- getitem --------------------------------------------------------------------------------
def key(id, k):
    return pytest.param(k, id=id)


GET_KEYS = [
    key("int", 0), key("int-neg", -1), key("int-last", 3), key("np-int", numpy.int64(2)),
    key("np-uint8", numpy.uint8(1)),
    key("ints-full", (1, 2, 3)), key("ints-neg-full", (-1, -2, -3)), key("ints-partial", (1, -2)),
    key("slice-all", slice(None)), key("slice", slice(1, 3)), key("slice-neg-step", slice(None, None, -1)),
    key("slice-step2", slice(None, None, 2)), key("slice-neg-step2", slice(3, 0, -2)),
    key("slice-empty", slice(5, 1)), key("slice-oob-clipped", slice(-100, 100)),
    key("slice-2d", (slice(None), 2)), key("slices-mixed", (slice(1, None), slice(None, None, -2), 4)),
    key("ellipsis", Ellipsis), key("ellipsis-int", (Ellipsis, 1)), key("int-ellipsis", (1, Ellipsis)),
    key("ellipsis-mid", (0, Ellipsis, -1)), key("empty-tuple", ()),
    key("newaxis", (None,)), key("newaxis-mid", (0, None, 1)), key("newaxis-ellipsis", (None, Ellipsis, None)),
    key("bool-full", A3 > 50), key("bool-2d", (A3 > 50)[0]), key("bool-axis0", (M4,)),
    key("bool-axis1", (slice(None), M5)), key("bool-all-false", numpy.zeros((4, 5, 6), bool)),
    key("bool-0d-true", numpy.True_), key("bool-0d-false", numpy.False_),
    key("py-true", True), key("py-false", False), key("int-and-true", (0, True)),
    key("bool-0d-array", numpy.array(True)), key("bool-0d-array-false", numpy.array(False)),
    key("intarr", numpy.array([0, -1, 2])), key("list", [0, 2]), key("list-neg", [-1, -4]),
    key("list-2d", [[0, 1], [2, 3]]), key("intarr-2d", numpy.array([[3], [0]])),
    key("intarr-empty", numpy.array([], dtype=int)), key("list-empty", ([],)),
    key("adv-adjacent", (numpy.array([0, 1]), numpy.array([1, 2]))),
    key("adv-separated", (numpy.array([0, 1]), slice(None), numpy.array([1, 2]))),
    key("adv-after-slice", (slice(None), numpy.array([0, 1]), numpy.array([1, 2]))),
    key("adv-broadcast", (numpy.array([[0], [1]]), numpy.array([1, 2]))),
    key("int-slice-list", (0, slice(None), [1, 2])), key("slice-int-list", (slice(None), 0, [1, 2])),
    key("int-list-slice", (1, [0, 1], slice(1, 3))), key("ellipsis-list", (Ellipsis, [0, 1])),
    key("none-list-none", (None, [0, 1], None)), key("bool-and-int-array", (M4, slice(None), [0, 1])),
    key("0d-index", (numpy.array(1),)), key("0d-index-bare", numpy.array(2)),
    key("0d-indices-full", (numpy.array(1), numpy.array(2), numpy.array(3))),
    key("uint-array", numpy.array([3, 0], dtype=numpy.uint8)),
    # errors: NumPy's IndexError where JAX would clamp or misread
    key("oob", 4), key("oob-neg", -5), key("oob-2nd", (0, 5)), key("oob-3rd", (0, 0, 6)),
    key("too-many", (0, 0, 0, 0)), key("float", 1.0), key("float-2nd", (0, 1.5)),
    key("intarr-oob", numpy.array([0, 4])), key("intarr-oob-neg", numpy.array([-5])),
    key("list-oob", [0, 5]), key("bool-bad-len", numpy.array([True, False])),
    key("bool-bad-shape", (A3 > 3)[0, :3]), key("float-array", numpy.array([1.0])),
    key("two-ellipsis", (Ellipsis, Ellipsis)), key("adv-no-broadcast", ([0, 1], [0, 1, 2])),
]


@pytest.mark.parametrize("k", GET_KEYS)
def test_getitem(tier, k):
    parity(lambda m, a: a[k], A3)


@pytest.mark.parametrize("k", GET_KEYS)
def test_getitem_npjax_key(tier, k):
    # index arrays given as npjax arrays (on the device on that tier)
    parity(lambda m, a, k: a[k], A3, k)


@pytest.mark.parametrize("k", [(0, 0, 0), (1, 2, -1), (-1, 0, 5), (numpy.int32(3), 1, numpy.array(2))])
@pytest.mark.parametrize("dtype", [numpy.float64, numpy.int32, numpy.bool_, numpy.complex64,
                                   numpy.uint8, numpy.float32])
def test_getitem_scalar_type(tier, k, dtype):
    # a single element comes back as a NumPy scalar of the array's dtype, not a 0-d array
    res = parity(lambda m, a: a[k], A3.astype(dtype))
    assert isinstance(res, numpy.generic)


@pytest.mark.parametrize("k", [(), Ellipsis, None, numpy.True_, (Ellipsis, None), 0, slice(None)])
def test_getitem_0d(tier, k):
    parity(lambda m, a: a[k], numpy.array(3.5))


@pytest.mark.parametrize("k", [0, slice(None), Ellipsis, numpy.array([], int), numpy.zeros((0, 3), bool),
                               (slice(None), 1), (Ellipsis, [0, 2])])
def test_getitem_empty(tier, k):
    parity(lambda m, a: a[k], numpy.zeros((0, 3)))


@pytest.mark.parametrize("k", [1, (slice(None), [0, 2]), numpy.array([True, False, True]),
                               (Ellipsis, 1), (slice(None, None, -1), None)])
def test_getitem_of_view(tier, k):
    parity(lambda m, a: a.T[::2][k], F2)


# ---- setitem --------------------------------------------------------------------------------
def case(id, a, k, v):
    return pytest.param(a, k, v, id=id)


SET_CASES = [
    case("int-row-scalar", I2, 0, 7), case("neg-row-array", I2, -1, numpy.arange(6)),
    case("elem-float-into-int", I2, (1, 2), 3.7), case("elem-npfloat-into-int", I2, (0, 0), numpy.float64(2.9)),
    case("row-floats-into-int", I2, 0, numpy.arange(6) * 1.5), case("col", I2, (slice(None), 1), numpy.array([1, 2, 3, 4])),
    case("slice-broadcast-row", I2, slice(None), numpy.arange(6)), case("ellipsis", I2, Ellipsis, 5),
    case("col-broadcast", I2, (slice(None), slice(1, 3)), numpy.array([[1], [2], [3], [4]])),
    case("neg-step", I2, (slice(None, None, -1), slice(None, None, -2)), numpy.arange(12).reshape(4, 3)),
    case("newaxis", I2, (None, 0), 1), case("0d-index", I2, numpy.array(1), 3),
    case("fancy-rows-repeated", I2, [0, 0], numpy.array([[1] * 6, [2] * 6])),
    case("fancy-elems-repeated", I2, ([0, 0, 1], [1, 1, 2]), numpy.array([5, 6, 7])),
    case("fancy-neg", I2, (slice(None), [5, -1]), numpy.array([1, 2])),
    case("fancy-2d", I2, (numpy.array([[0], [1]]), numpy.array([1, 2])), numpy.array([[1, 2], [3, 4]])),
    case("fancy-zeros", I2, (slice(None), [1, 2]), numpy.zeros((4, 3))),
    case("fancy-empty", F2, [], 3), case("fancy-empty-value", numpy.zeros(3), [0, 2], []),
    case("bool-scalar", I2, I2 > 10, 0), case("bool-values", I2, I2 > 10, numpy.arange(13)),
    case("bool-axis0", I2, M4, 9), case("bool-0d-true", I2, numpy.True_, 3), case("bool-0d-false", I2, numpy.False_, 3),
    case("bool-wrong-count", I2, I2 > 10, numpy.arange(5)),
    case("complex-into-float", F2, 0, 1 + 2j), case("npcomplex-into-float", F2, (0, 0), numpy.complex128(1 + 2j)),
    case("float-into-complex", numpy.zeros(3, complex), 1, 2.5),
    case("uint8-overflow-pyint", numpy.arange(5, dtype=numpy.uint8), 0, 300),
    case("uint8-neg-pyint", numpy.arange(5, dtype=numpy.uint8), 0, -1),
    case("int8-array-wraps", numpy.arange(5, dtype=numpy.int8), slice(None), numpy.array([300] * 5)),
    case("nan-into-float", numpy.arange(5.0), 0, numpy.nan), case("nan-into-int", numpy.arange(5), 0, numpy.nan),
    case("inf-into-int", numpy.arange(5), 0, numpy.inf), case("str-into-float", numpy.arange(5.0), 0, "3"),
    case("bad-str-into-int", numpy.arange(5), 0, "x"), case("none-into-int", numpy.arange(5), 0, None),
    case("ints-into-bool", numpy.zeros(5, bool), slice(None), numpy.arange(5)),
    case("list-floats-into-int", numpy.arange(5), slice(None), [1.5, 2, 3, 4, 5]),
    case("0d-empty-tuple", numpy.zeros(()), (), 3), case("0d-ellipsis", numpy.zeros(()), Ellipsis, 3),
    case("0d-newaxis", numpy.zeros(()), None, 3), case("empty", numpy.zeros(0), slice(None), 3),
    case("empty-empty", numpy.zeros(0), slice(None), numpy.zeros(0)),
    # errors
    case("oob", I2, 4, 1), case("oob-2nd", I2, (0, 6), 1), case("float-key", I2, 1.0, 1),
    case("bool-bad-shape", I2, numpy.array([True]), 1), case("bad-broadcast", I2, 0, numpy.zeros((2, 6))),
    case("bad-broadcast-row", I2, 0, numpy.arange(3)), case("too-many", I2, (0, 0, 0), 1),
    case("fancy-oob", I2, [0, 4], 1),
]


@pytest.mark.parametrize("a, k, v", SET_CASES)
def test_setitem(tier, a, k, v):
    def f(m, a, v):
        a = a.copy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", numpy.exceptions.ComplexWarning)
            a[k] = v
        return a
    parity(f, a, v)


def _on_other_tier(v):
    """An npjax array on the tier opposite to the current one."""
    old = npjax.config.host_threshold
    npjax.config.host_threshold = 0 if old else 1 << 62
    try:
        return npjax.array(v)
    finally:
        npjax.config.host_threshold = old


@pytest.mark.parametrize("a, k, v", [c for c in SET_CASES if isinstance(c.values[2], numpy.ndarray)])
def test_setitem_value_from_other_tier(tier, a, k, v):
    def f(m, a):
        a = a.copy()
        vv = _on_other_tier(v) if m is npjax else v
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", numpy.exceptions.ComplexWarning)
            a[k] = vv
        return a
    parity(f, a)


def _other_tier_from(m, v):
    return _on_other_tier(v) if m is npjax else numpy.array(v)


def test_setitem_npjax_value_and_key(tier):
    def f(m):
        a = m.zeros((3, 4))
        a[m.array([2, 0])] = m.arange(4.0)
        a[m.array([[True, False, True, False]] * 3)] += m.array(1.5)
        a[1, _other_tier_from(m, [3, 1])] = _other_tier_from(m, [-1.0, -2.0])
        return a
    assert_same(f(numpy), f(npjax))


def test_fancy_augmented_assignment_applies_once(tier):
    def f(m):
        a = m.zeros(5, dtype=int)
        a[[0, 0, 1]] += 1
        b = m.ones((3, 3))
        b[[1, 1], [2, 2]] *= 3
        c = m.arange(6)
        c[c > 2] -= 10
        d = m.arange(4.0)
        d[[3, 3, 3]] = m.array([7.0, 8.0, 9.0])  # last write wins
        return a, b, c, d
    assert_same(f(numpy), f(npjax))


def test_setitem_self_overlap(tier):
    def f(m):
        a = m.arange(10)
        a[1:] = a[:-1]
        b = m.arange(10)
        b[::-1] = b
        c = m.arange(12).reshape(3, 4)
        c[:, 1:] = c[:, :-1]
        d = m.arange(9).reshape(3, 3)
        d[...] = d.T
        return a, b, c, d
    assert_same(f(numpy), f(npjax))


def test_setitem_readonly(tier):
    for m in (numpy, npjax):
        a = m.arange(4)
        a.flags.writeable = False
        with pytest.raises(ValueError):
            a[0] = 1
        with pytest.raises(ValueError):
            a[1:][0] = 1


# ---- views ----------------------------------------------------------------------------------
def row_zeroed(m):
    A = m.arange(20.0).reshape(4, 5)
    row = A[2]
    row[:] = 0
    A[2, 1] = 5
    return A, row, row[1]


def chain_of_views(m):
    A = m.arange(60).reshape(3, 4, 5)
    v = A[1:, ::2]
    w = v.T
    x = w[1:3]
    x[...] = -1
    A[2, 0, 1] = 99
    y = x[::-1, 0]
    y += 1000
    return A, v, w, x, y


def reshape_ravel(m):
    A = m.arange(12)
    v = A.reshape(3, 4)
    v[1] = 0
    r = v.ravel()
    r[0] = 42
    A[11] = -7
    f = m.reshape(A, (2, 6))
    f[1, 0] = 55
    return A, v, r, f


def reshape_copies(m):
    # non-contiguous data reshape/ravel copy in NumPy: writes must not reach the base
    A = m.arange(12).reshape(3, 4)
    r = A.T.ravel()
    r[0] = 99
    s = A[:, ::2].reshape(-1)
    s[1] = 5
    return A, r, s


def ellipsis_view(m):
    A = m.arange(6)
    v = A[...]
    v[2] = 9
    A[0] = 8
    return A, v


def function_views(m):
    A = m.arange(24).reshape(2, 3, 4)
    vs = [m.transpose(A), m.swapaxes(A, 0, 2), m.moveaxis(A, 0, -1), m.expand_dims(A, 1),
          m.flip(A, 1), m.flip(A), A[None], m.squeeze(A[:, :1]), A.T, A.reshape(6, 4), m.ravel(A),
          A.swapaxes(1, 2), m.fliplr(A), m.flipud(A), m.rot90(A), A.transpose(1, 0, 2),
          m.atleast_3d(A[0, 0]), A.squeeze(), m.matrix_transpose(A), A.mT]
    for i, v in enumerate(vs):
        v[(0,) * v.ndim] = 100 + i
        A[1, 2, 3] = -i
    return [A] + vs


def base_replaced(m):
    A = m.arange(10.0)
    v = A[2:8]
    A[...] = m.ones(10)
    v[0] = 5
    A += 1
    v[1] *= 3
    w = v[::2]
    A[:] = A * 2
    w[:] = 0
    return A, v, w


def out_into_views(m):
    a = m.arange(12.0).reshape(3, 4)
    A = m.zeros((4, 4))
    v = A[1:]
    m.add(a, m.ones(4), out=v)
    B = m.zeros((5, 3))
    t = B[1:].T
    m.multiply(a, 2, out=t)
    m.sqrt(a[0], out=a[0])
    m.negative(a[:, 1], out=a[:, 1])
    m.add(a[1], 1, out=a[2])
    return A, v, B, t, a


def inplace_on_views(m):
    A = m.arange(12).reshape(3, 4)
    v = A[:, 1:3]
    v += 1
    v *= 2
    w = A.T
    w -= 1
    A[0] //= 2
    A.T[::-1] += A.T
    return A, v, w


def fancy_copies(m):
    A = m.arange(12).reshape(3, 4)
    c = A[[0, 2]]
    c[:] = -1
    d = A[A > 5]
    d[:] = 0
    e = A[:, [1]]
    e += 100
    return A, c, d, e


def views_of_complex(m):
    A = m.arange(6).astype(complex)
    r = A.real
    r[1] = 9
    i = A.imag
    i[:] = 2
    A[0] = 3 + 4j
    return A, r, i


def base_assigned_through_slices(m):
    A = m.arange(20).reshape(4, 5)
    v = A[1:3]
    w = v[:, 1:4]
    A[1:3, 1:4] = -A[1:3, 1:4]
    w[0, 0] += 10
    return A, v, w


def flat_and_fill(m):
    A = m.arange(12).reshape(3, 4)
    v = A.T
    v.flat[[0, 1]] = -1
    A.flat[5] = 77
    A[1].fill(3)
    A.T[0].fill(9)
    return A, v


def shape_assignment(m):
    A = m.arange(12)
    v = A[:]
    v.shape = (3, 4)
    v[0, 0] = 9
    return A, v


def view_of_0d(m):
    A = m.arange(6.0)
    z = A[2, ...]
    z[...] = -1
    z += 10
    return A, z


VIEW_CASES = [row_zeroed, chain_of_views, reshape_ravel, reshape_copies, ellipsis_view,
              function_views, base_replaced, out_into_views, inplace_on_views, fancy_copies,
              views_of_complex, base_assigned_through_slices, flat_and_fill, shape_assignment,
              view_of_0d]


@pytest.mark.parametrize("f", VIEW_CASES, ids=lambda f: f.__name__)
def test_views(tier, f):
    assert_same(f(numpy), f(npjax))


def test_view_sort_in_place(tier):
    def f(m):
        A = m.array([[3, 1, 2], [9, 7, 8]])
        A[1].sort()
        A[:, 0].sort()
        return A
    assert_same(f(numpy), f(npjax))


def test_view_base(tier):
    A = npjax.arange(12).reshape(3, 4)
    v = A[1:]
    assert v.base is not None and v[0].base is not None
    assert A[[0, 1]].base is None or not npjax.shares_memory(A[[0, 1]], A)


def ravel_sources(m):
    a = m.arange(24).reshape(2, 3, 4)
    return [a, a.T, a[::-1], a[:, ::2], a[:, :1], a[:1], a.transpose(1, 0, 2), a.transpose(2, 0, 1),
            a[..., ::-1].T, a[0, :, 1], m.arange(6)[::-1], a[0].T, a[:, :, :1].transpose(2, 0, 1),
            m.array(3.0)[...], a.swapaxes(0, 1)[:, ::-1]]


@pytest.mark.parametrize("order", ["C", "F", "A", "K"])
@pytest.mark.parametrize("i", range(len(ravel_sources(numpy))))
def test_ravel_view_or_copy(tier, i, order):
    # a view exactly when NumPy gives one: a write through the result reaches the base or not
    def f(m, method):
        src = ravel_sources(m)[i]
        r = src.ravel(order) if method else m.ravel(src, order)
        r[...] = -r
        return src, r, m.shares_memory(src, r)
    assert_same(f(numpy, True), f(npjax, True))
    assert_same(f(numpy, False), f(npjax, False))


def overlap_pairs(m):
    A = m.arange(24).reshape(4, 6)
    B = m.arange(24).reshape(4, 6)
    return [(A, A), (A, B), (A, A[1]), (A[0], A[1]), (A[:, ::2], A[:, 1::2]), (A[:, 0], A[0]),
            (A.T, A), (A[1:3], A[2:4]), (A.reshape(6, 4)[0], A[0]), (A.reshape(6, 4)[1], A[0]),
            (A[[0]], A), (A[A > 3], A), (A[...], A), (m.flip(A), A[0]), (A.T[0], A[:, 1]),
            (A.T[0], A[0]), (A[::2, ::3], A[1::2, 1::3]), (A.ravel()[5:], A[1]),
            (m.swapaxes(A, 0, 1)[2], A[:, 2]), (A[1:1], A), (m.expand_dims(A, 0)[0, 2], A[2]),
            (A.T.ravel(), A), (A[0], numpy.zeros(3))]


@pytest.mark.parametrize("fn", ["shares_memory", "may_share_memory"])
@pytest.mark.parametrize("i", range(len(overlap_pairs(numpy))))
def test_shares_memory(tier, fn, i):
    a, b = overlap_pairs(numpy)[i]
    x, y = overlap_pairs(npjax)[i]
    expected = getattr(numpy, fn)(a, b)
    got = getattr(npjax, fn)(x, y)
    assert type(got) is type(expected) and got == expected


# ---- indexing routines ----------------------------------------------------------------------
def mut(fn):
    """A routine writing into its first argument: returns (array after, return value)."""
    def f(m, a):
        a = a.copy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", numpy.exceptions.ComplexWarning)
            r = fn(m, a)
        return (a, r) if r is not None else a
    return f


def routine(id, fn):
    return pytest.param(fn, id=id)


# value casting matters for these: they also run on a float64 array
FLOAT_TOO = {"take-clip", "put", "put-cast", "putmask", "place", "copyto-same-kind",
             "copyto-complex", "copyto-where", "fill_diagonal-wrap", "put_along_axis-values",
             "choose", "add.at", "add.at-cast", "multiply.at", "negative.at"}


ROUTINES = [
    routine("take", lambda m, a: m.take(a, [0, -1, 5])),
    routine("take-2d-indices", lambda m, a: m.take(a, [[0, 7], [3, 23]])),
    routine("take-axis", lambda m, a: m.take(a, [0, -1, 2], axis=1)),
    routine("take-axis-neg", lambda m, a: m.take(a, numpy.array([3, 0]), axis=-2)),
    routine("take-oob", lambda m, a: m.take(a, [24])),
    routine("take-oob-axis", lambda m, a: m.take(a, [6], axis=1)),
    routine("take-oob-neg", lambda m, a: m.take(a, [-25])),
    routine("take-wrap", lambda m, a: m.take(a, [25, -30, 7], mode="wrap")),
    routine("take-clip", lambda m, a: m.take(a, [25, -30, 7], mode="clip")),
    routine("take-wrap-axis", lambda m, a: m.take(a, [7, -8], axis=0, mode="wrap")),
    routine("take-scalar", lambda m, a: m.take(a, 5)),
    routine("take-scalar-axis", lambda m, a: m.take(a, 2, axis=1)),
    routine("take-method", lambda m, a: a.take([1, 2], axis=0)),
    routine("take-empty", lambda m, a: m.take(a, numpy.array([], int), axis=1)),
    routine("take-bad-mode", lambda m, a: m.take(a, [1], mode="foo")),
    routine("take-float-list", lambda m, a: m.take(a, [1.7, -0.5])),
    routine("take-float-array", lambda m, a: m.take(a, numpy.array([1.0]))),
    routine("take-bad-axis", lambda m, a: m.take(a, [1], axis=2)),
    routine("take-out", lambda m, a: (lambda o: (m.take(a, [1, 2], out=o), o))(m.zeros(2, a.dtype))),
    routine("take_along_axis", lambda m, a: m.take_along_axis(a, m.argsort(-a, axis=1), axis=1)),
    routine("take_along_axis-0", lambda m, a: m.take_along_axis(a, numpy.array([[0, -1, 2, 3, 1, 0]]), axis=0)),
    routine("take_along_axis-none", lambda m, a: m.take_along_axis(a, numpy.array([5, -1]), axis=None)),
    routine("take_along_axis-oob", lambda m, a: m.take_along_axis(a, numpy.array([[6]]), axis=1)),
    routine("take_along_axis-ndim", lambda m, a: m.take_along_axis(a, numpy.array([1]), axis=1)),
    routine("take_along_axis-float", lambda m, a: m.take_along_axis(a, numpy.array([[1.0]]), axis=1)),
    routine("put", mut(lambda m, a: m.put(a, [0, 5, -1], [10, 20, 30]))),
    routine("put-cycle", mut(lambda m, a: m.put(a, [0, 1, 2, 3, 4], [7, 8]))),
    routine("put-repeated", mut(lambda m, a: m.put(a, [1, 1, 1], [7, 8, 9]))),
    routine("put-oob", mut(lambda m, a: m.put(a, [24], 1))),
    routine("put-wrap", mut(lambda m, a: m.put(a, [25, -30], [1, 2], mode="wrap"))),
    routine("put-clip", mut(lambda m, a: m.put(a, [25, -30], [1, 2], mode="clip"))),
    routine("put-cast", mut(lambda m, a: m.put(a, [0], 3.9))),
    routine("put-method", mut(lambda m, a: a.put([2, 3], 0))),
    routine("put-view", mut(lambda m, a: m.put(a[1:3, ::2], [0, 5], [-1, -2]))),
    routine("put-empty-values", mut(lambda m, a: m.put(a, [0], []))),
    routine("put-empty-indices", mut(lambda m, a: m.put(a, [], [1]))),
    routine("putmask", mut(lambda m, a: m.putmask(a, a > 10, a * 2))),
    routine("putmask-cycle", mut(lambda m, a: m.putmask(a, a % 3 == 0, [-1, -2, -3, -4, -5]))),
    routine("putmask-bad-shape", mut(lambda m, a: m.putmask(a, numpy.array([True, False]), 1))),
    routine("putmask-view", mut(lambda m, a: m.putmask(a.T, a.T > 5, 0))),
    routine("place", mut(lambda m, a: m.place(a, a > 15, [1, 2, 3]))),
    routine("place-empty-values", mut(lambda m, a: m.place(a, a > 15, []))),
    routine("place-empty-mask", mut(lambda m, a: m.place(a, a > 99, []))),
    routine("copyto", mut(lambda m, a: m.copyto(a, numpy.arange(6)))),
    routine("copyto-same-kind", mut(lambda m, a: m.copyto(a, numpy.arange(6) * 1.5))),
    routine("copyto-complex", mut(lambda m, a: m.copyto(a, numpy.arange(6) * 1j))),
    routine("copyto-unsafe", mut(lambda m, a: m.copyto(a, numpy.arange(6) * 1.5, casting="unsafe"))),
    routine("copyto-where", mut(lambda m, a: m.copyto(a, 7, where=a % 2 == 0))),
    routine("copyto-where-bcast", mut(lambda m, a: m.copyto(a, numpy.arange(6) * -1,
                                                             where=numpy.array([True, False] * 3)))),
    routine("copyto-bad-broadcast", mut(lambda m, a: m.copyto(a, numpy.arange(5)))),
    routine("copyto-view", mut(lambda m, a: m.copyto(a[:, 1], -5))),
    routine("copyto-overlapping-src", mut(lambda m, a: m.copyto(a, a[::-1]))),
    routine("copyto-pyfloat", mut(lambda m, a: m.copyto(a, 2.5))),
    routine("fill_diagonal", mut(lambda m, a: m.fill_diagonal(a, 9))),
    routine("fill_diagonal-values", mut(lambda m, a: m.fill_diagonal(a, [1, 2]))),
    routine("fill_diagonal-wrap", mut(lambda m, a: m.fill_diagonal(a.T, [1, 2, 3], wrap=True))),
    routine("fill_diagonal-nowrap", mut(lambda m, a: m.fill_diagonal(a.T, 5))),
    routine("put_along_axis", mut(lambda m, a: m.put_along_axis(a, numpy.array([[0], [1], [2], [5]]), 99, axis=1))),
    routine("put_along_axis-values", mut(lambda m, a: m.put_along_axis(a, numpy.array([[0, -1]]),
                                                                       numpy.array([[7, 8]]), axis=0))),
    routine("put_along_axis-none", mut(lambda m, a: m.put_along_axis(a, numpy.array([0, 23]),
                                                                     numpy.array([7, 8]), axis=None))),
    routine("put_along_axis-oob", mut(lambda m, a: m.put_along_axis(a, numpy.array([[6]]), 1, axis=1))),
    routine("choose", lambda m, a: m.choose((a % 3).astype(int), [a, -a, a * 10])),
    routine("choose-oob", lambda m, a: m.choose((a % 4).astype(int), [a, -a, a * 10])),
    routine("choose-wrap", lambda m, a: m.choose((a % 5).astype(int), [a, -a, a * 10], mode="wrap")),
    routine("choose-clip", lambda m, a: m.choose((a - 10).astype(int), [a, -a, a * 10], mode="clip")),
    routine("choose-broadcast", lambda m, a: m.choose(numpy.array([0, 1, 0, 1, 0, 1]), [a, 0])),
    routine("compress", lambda m, a: m.compress([True, False, True], a, axis=0)),
    routine("compress-flat", lambda m, a: m.compress([False, True], a)),
    routine("compress-axis1", lambda m, a: m.compress(numpy.array([1, 0, 1, 0, 1, 1]), a, axis=1)),
    routine("compress-too-long", lambda m, a: m.compress([True] * 7, a, axis=1)),
    routine("compress-method", lambda m, a: a.compress([0, 1], axis=1)),
    routine("add.at", mut(lambda m, a: m.add.at(a, ([0, 0, 1], [1, 1, 1]), 5))),
    routine("add.at-rows", mut(lambda m, a: m.add.at(a, [0, 0, 3], numpy.arange(6)))),
    routine("multiply.at", mut(lambda m, a: m.multiply.at(a, [1, 1], 2))),
    routine("negative.at", mut(lambda m, a: m.negative.at(a, [1, 1, 2]))),
    routine("add.at-oob", mut(lambda m, a: m.add.at(a, [4], 1))),
    routine("add.at-slice", mut(lambda m, a: m.add.at(a, slice(1, 3), 1))),
    routine("add.at-mask", mut(lambda m, a: m.add.at(a, a > 20, 1))),
    routine("add.at-cast", mut(lambda m, a: m.add.at(a, [0], 1.5))),
    routine("subtract.at-mixed", mut(lambda m, a: m.subtract.at(a, (slice(None), [0, 0, -1]), numpy.array([1, 2, 3])))),
    routine("ix_", lambda m, a: a[m.ix_([0, 2], [1, 3, 5])]),
    routine("ix_-bool", lambda m, a: a[m.ix_(numpy.array([True, False, True, False]), [1, 3, 5])]),
    routine("ix_-result", lambda m, a: m.ix_([0, 2], [1, 3, 5])),
    routine("ix_-setitem", mut(lambda m, a: a.__setitem__(m.ix_([0, 2], [1, 3]), -9))),
]


@pytest.mark.parametrize("fn", ROUTINES)
def test_routines(tier, fn):
    parity(fn, I2)


@pytest.mark.parametrize("fn", [r for r in ROUTINES if r.id in FLOAT_TOO])
def test_routines_float(tier, fn):
    parity(fn, F2)


@pytest.mark.parametrize("fn", [
    lambda m: m.r_[1:4, 0, 8], lambda m: m.r_[m.array([1, 2]), m.array([3])],
    lambda m: m.c_[m.array([1, 2]), m.array([3, 4])], lambda m: m.mgrid[0:3, 0:2],
    lambda m: m.ogrid[0:3, 0:2], lambda m: m.mgrid[0:1:5j], lambda m: m.r_["0,2", [1, 2], [3, 4]],
    lambda m: m.r_[-1:1:6j, [0] * 3, 5, 6], lambda m: m.c_[[1.5, 2]], lambda m: m.ix_([1, 2], [3]),
    lambda m: m.ix_(m.array([1, 2])), lambda m: m.ix_(m.array([True, False, True])),
])
def test_index_helpers(tier, fn):
    assert_same(fn(numpy), fn(npjax))


def test_fill_diagonal_3d(tier):
    def f(m, shape):
        a = m.zeros(shape)
        m.fill_diagonal(a, 5)
        return a
    parity(f, (3, 3, 3))
    parity(f, (3, 4, 3))  # ValueError: all dimensions must be equal


def test_copyto_readonly_and_type(tier):
    a = npjax.arange(4.0)
    a.flags.writeable = False
    with pytest.raises(ValueError):
        npjax.copyto(a, 1.0)
    with pytest.raises(TypeError):
        npjax.copyto([1, 2], npjax.arange(2))


@pytest.mark.parametrize("mode", ["clip", "wrap", ("clip", "wrap"), ("wrap", "clip"),
                                  ("raise", "clip")])
@pytest.mark.parametrize("order", ["C", "F"])
def test_ravel_multi_index_modes(tier, mode, order):
    """A mode per dimension (a tuple) as NumPy takes it; "raise" still raises NumPy's
    ValueError for an out-of-range index of its dimension."""
    rows, cols = numpy.array([3, 1, 0, 2]), numpy.array([4, 7, -2, 5])
    parity(lambda m, a, b: m.ravel_multi_index((a, b), (4, 6), mode=mode, order=order),
           rows, cols)
    parity(lambda m, a, b: m.ravel_multi_index((a, b), (4, 6), mode=mode), cols, rows)
