"""Protocols: NumPy, SciPy and JAX accept npjax arrays, on both tiers.

`__array__` (to NumPy), `__array_function__`/`__array_ufunc__` (NumPy's functions come back
to npjax), `__jax_array__`, `__dlpack__`, pytree registration, pickling and copying.
"""
import copy
import pickle
import subprocess
import sys
import warnings

import numpy
import pytest

import npjax
from conftest import assert_same

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")


def _on_tier(x, tier):
    """The npjax array really is on the tier under test."""
    on_device = type(x) is npjax.ndarray and not x._on_host
    assert on_device == (tier == "device"), "wrong tier"


def _inputs():
    a = numpy.arange(12, dtype=numpy.float64).reshape(3, 4) - 5.5
    return {
        "f64_2d": a,
        "i32": numpy.array([3, -1, 7, 0], dtype=numpy.int32),
        "bool": numpy.array([True, False, True]),
        "c128": numpy.array([1 + 2j, -3j, 0.5]),
        "f32_0d": numpy.array(2.5, dtype=numpy.float32),
        "empty": numpy.zeros((0, 3)),
        "u8": numpy.array([[250, 3], [7, 255]], dtype=numpy.uint8),
        "with_nan": numpy.array([numpy.nan, 1.0, -numpy.inf]),
    }


INPUTS = _inputs()


# ---- __array__ ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(INPUTS))
def test_asarray_identical(tier, name):
    expected = INPUTS[name]
    x = npjax.array(expected)
    if expected.size:
        _on_tier(x, tier)
    got = numpy.asarray(x)
    assert type(got) is numpy.ndarray
    assert got.dtype == expected.dtype and got.shape == expected.shape
    numpy.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("view", ["step", "transpose", "neg_step", "column"])
def test_asarray_of_views(tier, view):
    base = numpy.arange(24.0).reshape(4, 6)
    make = {"step": lambda a: a[::2, 1::2], "transpose": lambda a: a.T,
            "neg_step": lambda a: a[::-1, ::-3], "column": lambda a: a[:, 2]}[view]
    x = make(npjax.array(base))
    got = numpy.asarray(x)
    expected = make(base)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    numpy.testing.assert_array_equal(got, expected)


def test_array_dtype_argument(tier):
    base = numpy.arange(5, dtype=numpy.int64) - 2
    x = npjax.array(base)
    for dt in (numpy.float32, numpy.complex128, numpy.uint8, numpy.bool_):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # uint8 of negatives, as NumPy
            expected = numpy.asarray(base, dtype=dt)
            got = numpy.asarray(x, dtype=dt)
        assert got.dtype == expected.dtype
        numpy.testing.assert_array_equal(got, expected)
        assert x.__array__(dt).dtype == numpy.dtype(dt)
    assert x.__array__(dtype=numpy.float32).dtype == numpy.float32


def test_array_copy_true_is_private_and_writable(tier):
    x = npjax.arange(6.0)
    for got in (numpy.array(x), x.__array__(copy=True), numpy.asarray(x, copy=True)):
        assert got.flags.writeable
        got[0] = 100.0
        assert x[0] == 0.0
    assert numpy.array(x, dtype=numpy.float32).flags.writeable


def test_array_copy_false(tier):
    x = npjax.arange(6.0)
    if tier == "host":
        # NumPy's rule for its own arrays: no copy, writes reach the array
        got = numpy.asarray(x, copy=False)
        got[1] = -1.0
        assert x[1] == -1.0
        assert numpy.shares_memory(numpy.asarray(x), numpy.asarray(x))
    else:
        with pytest.raises(ValueError):
            numpy.asarray(x, copy=False)
        with pytest.raises(ValueError):
            x.__array__(copy=False)
    # a dtype change can never be done without a copy (NumPy 2 raises ValueError)
    with pytest.raises(ValueError):
        numpy.asarray(x, dtype=numpy.float32, copy=False)
    with pytest.raises(ValueError):
        numpy.asarray(numpy.arange(6.0), dtype=numpy.float32, copy=False)


# ---- __array_function__ / __array_ufunc__ --------------------------------------------------
A = numpy.arange(12, dtype=numpy.float64).reshape(3, 4) - 4.5
B = numpy.linspace(-1.0, 2.0, 12).reshape(3, 4)
I = numpy.array([[3, -7, 2], [9, 0, -1]], dtype=numpy.int32)

NUMPY_CALLS = {
    "mean": (lambda a, b: numpy.mean(a), (A, B)),
    "mean_axis": (lambda a, b: numpy.mean(a, axis=-1), (A, B)),
    "sum_axis0": (lambda a, b: numpy.sum(a, axis=0), (A, B)),
    "sum_int_overflow": (lambda a, b: numpy.sum(a * 1_000_000_000, dtype=numpy.int32),
                         (I, I)),
    "concatenate": (lambda a, b: numpy.concatenate([a, b]), (A, B)),
    "concatenate_axis1": (lambda a, b: numpy.concatenate((a, b), axis=1), (A, B)),
    "add_scalar": (lambda a, b: numpy.add(a, 1), (A, B)),
    "add_arrays": (lambda a, b: numpy.add(a, b), (A, B)),
    "add_int_weak": (lambda a, b: numpy.add(a, 3), (I, I)),
    "add_reduce": (lambda a, b: numpy.add.reduce(a), (A, B)),
    "add_reduce_axis1": (lambda a, b: numpy.add.reduce(a, axis=1), (A, B)),
    "maximum_reduce_none": (lambda a, b: numpy.maximum.reduce(a, axis=None), (A, B)),
    "add_accumulate": (lambda a, b: numpy.add.accumulate(a, axis=1), (A, B)),
    "multiply_outer": (lambda a, b: numpy.multiply.outer(a[0], b[1]), (A, B)),
    "sin": (lambda a, b: numpy.sin(a), (A, B)),
    "sqrt_nan": (lambda a, b: numpy.sqrt(a), (A, B)),
    "divmod": (lambda a, b: numpy.divmod(a, 2.5), (A, B)),
    "where": (lambda a, b: numpy.where(a > 0, a, b), (A, B)),
    "dot": (lambda a, b: numpy.dot(a, b.T), (A, B)),
    "matmul_op_ufunc": (lambda a, b: numpy.matmul(a, b.T), (A, B)),
    "sort": (lambda a, b: numpy.sort(b, axis=0), (A, B)),
    "transpose": (lambda a, b: numpy.transpose(a), (A, B)),
    "reshape": (lambda a, b: numpy.reshape(a, (4, 3)), (A, B)),
    "linalg_norm": (lambda a, b: numpy.linalg.norm(a), (A, B)),
    "linalg_solve": (lambda a, b: numpy.linalg.solve(a[:, :3] + 9 * numpy.eye(3), b[:, 0]),
                     (A, B)),
    "fft": (lambda a, b: numpy.fft.rfft(a, axis=0), (A, B)),
    "pad": (lambda a, b: numpy.pad(a, 1), (A, B)),
    "nan_to_num": (lambda a, b: numpy.nan_to_num(numpy.sqrt(a)), (A, B)),
    "clip": (lambda a, b: numpy.clip(a, -1, 1), (A, B)),
    "argmax": (lambda a, b: numpy.argmax(a), (A, B)),
    "isclose": (lambda a, b: numpy.isclose(a, b), (A, B)),
    "empty_sum": (lambda a, b: numpy.sum(a[:0], axis=0), (A, B)),
}


@pytest.mark.parametrize("name", sorted(NUMPY_CALLS))
def test_numpy_functions_come_back_to_npjax(tier, name):
    fn, (a, b) = NUMPY_CALLS[name]
    x, y = npjax.array(a), npjax.array(b)
    _on_tier(x, tier)
    npjax.stats(reset=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # sqrt of negatives, as NumPy
        warnings.simplefilter("error", npjax.NumPyFallbackWarning)
        expected = fn(a, b)
        got = fn(x, y)
    assert_same(expected, got, rtol=1e-12)
    assert npjax.stats()["fallbacks"] == {}


def test_numpy_function_runs_on_device(device_tier):
    x = npjax.array(A)
    npjax.stats(reset=True)
    numpy.mean(x)
    numpy.sin(x)
    calls = npjax.stats()["calls"]
    assert calls["mean"] == {"device": 1}
    assert calls["sin"] == {"device": 1}


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "<", "==", "**", "@"])
def test_numpy_array_op_npjax_array(tier, op):
    left = numpy.ones((4, 4)) * 1.5
    right = numpy.arange(1.0, 17.0).reshape(4, 4)
    expected = eval(f"left {op} right")
    got = eval(f"left {op} x", {"left": left, "x": npjax.array(right)})
    assert_same(expected, got)


def test_numpy_scalar_and_list_op_npjax_array(tier):
    right = numpy.arange(4, dtype=numpy.int8)
    x = npjax.array(right)
    assert_same(numpy.float32(2) + right, numpy.float32(2) + x)
    assert_same(numpy.int64(300) * right, numpy.int64(300) * x)
    assert_same([1, 2, 3, 4] + right, [1, 2, 3, 4] + x)


def test_numpy_out_array_is_written_in_place(tier):
    x = npjax.array(A)
    acc = numpy.zeros((3, 4))
    acc0 = acc
    acc += x
    assert acc is acc0 and type(acc) is numpy.ndarray
    numpy.testing.assert_array_equal(acc, A)
    out = numpy.empty(4)
    res = numpy.sum(x, axis=0, out=out)
    assert res is out
    numpy.testing.assert_array_equal(out, A.sum(axis=0))
    out2 = numpy.empty((3, 4))
    assert numpy.multiply(x, 2, out=out2) is out2
    numpy.testing.assert_array_equal(out2, A * 2)
    target = numpy.zeros(4)
    numpy.add.at(target, [0, 0, 3], npjax.array([1.0, 2.0, 5.0]))
    numpy.testing.assert_array_equal(target, [3.0, 0.0, 0.0, 5.0])


WRITERS = {
    "copyto": lambda m, d, x, k: m.copyto(d, x),
    "copyto_where": lambda m, d, x, k: m.copyto(d, x, where=k),
    "place": lambda m, d, x, k: m.place(d, k, x[:2]),
    "put": lambda m, d, x, k: m.put(d, [1, 2], x[:2]),
    "putmask": lambda m, d, x, k: m.putmask(d, k, x),
    "put_along_axis": lambda m, d, x, k: m.put_along_axis(d, numpy.array([3]), x[:1], axis=0),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_numpy_inplace_function_writes_numpy_array(tier, name):
    """NumPy functions that write into a NumPy array, given npjax arguments."""
    fn = WRITERS[name]
    src, mask = numpy.arange(1.0, 5.0), numpy.array([True, False, True, False])
    expected = numpy.zeros(4)
    fn(numpy, expected, src, mask)
    got = numpy.zeros(4)
    assert fn(numpy, got, npjax.array(src), npjax.array(mask)) is None
    numpy.testing.assert_array_equal(got, expected)


def test_npjax_out_through_numpy(tier):
    x = npjax.array(A)
    out = npjax.zeros((3, 4))
    assert numpy.add(x, 1, out=out) is out
    assert_same(A + 1, out)
    b = npjax.zeros(4)
    numpy.add.at(b, [0, 0, 1], 1.0)
    assert_same(numpy.array([2.0, 1.0, 0.0, 0.0]), b)


def test_numpy_function_without_npjax_counterpart(tier):
    # NumPy's own helpers re-exported by npjax must not dispatch back to themselves
    d = npjax.array(["2024-01-05", "2024-01-06"], dtype="datetime64[D]")
    got = numpy.is_busday(d)
    assert_same(numpy.is_busday(numpy.array(["2024-01-05", "2024-01-06"],
                                            dtype="datetime64[D]")), got)


# ---- SciPy -----------------------------------------------------------------------------
def test_scipy_accepts_npjax(tier):
    import scipy.linalg
    import scipy.signal
    import scipy.special
    x = npjax.array(A)
    with warnings.catch_warnings():
        # a SciPy ufunc has no JAX path: device arrays are a (recorded) fallback
        warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)
        checks = [
            (scipy.linalg.norm(A), scipy.linalg.norm(x)),
            (scipy.linalg.norm(A, axis=0), scipy.linalg.norm(x, axis=0)),
            (scipy.special.expit(A), scipy.special.expit(x)),
            (scipy.special.gammaln(numpy.abs(A) + 1), scipy.special.gammaln(abs(x) + 1)),
            (scipy.signal.convolve(A, B), scipy.signal.convolve(x, npjax.array(B))),
            (scipy.signal.convolve(A[0], B[1]), scipy.signal.convolve(x[0], B[1])),
            (scipy.linalg.solve(A[:, :3] + 10 * numpy.eye(3), B[:, 0]),
             scipy.linalg.solve(x[:, :3] + 10 * npjax.eye(3), npjax.array(B)[:, 0])),
        ]
    for expected, got in checks:
        got = numpy.asarray(got)
        assert got.dtype == numpy.asarray(expected).dtype
        numpy.testing.assert_allclose(got, expected, rtol=1e-12)


def test_scipy_ufunc_on_host_is_not_a_fallback():
    import scipy.special
    old = npjax.config.host_threshold
    npjax.config.host_threshold = 1 << 62
    try:
        npjax.stats(reset=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error", npjax.NumPyFallbackWarning)
            res = scipy.special.expit(npjax.array(A))
        assert isinstance(res, npjax.ndarray)
        assert npjax.stats()["fallbacks"] == {}
    finally:
        npjax.config.host_threshold = old


# ---- JAX ---------------------------------------------------------------------------------
def test_jax_array_protocol(tier):
    x = npjax.array(A)
    got = jnp.sin(x)
    assert isinstance(got, jax.Array)
    assert got.dtype == numpy.float64
    numpy.testing.assert_allclose(numpy.asarray(got), numpy.sin(A), rtol=1e-14)
    got = jnp.asarray(npjax.array(I))
    assert got.dtype == numpy.int32
    numpy.testing.assert_array_equal(numpy.asarray(got), I)


# host-tier arrays are plain NumPy arrays, which JAX takes as NumPy arrays: these tests are
# about npjax's own (device) arrays
def test_jit_sees_through_npjax(device_tier):
    x = npjax.array(A)
    res = jax.jit(lambda a: a * 2)(x)
    assert_same(A * 2, res)
    res = jax.jit(lambda a, b: jnp.dot(a, b.T))(x, npjax.array(B))
    numpy.testing.assert_allclose(numpy.asarray(res), A @ B.T, rtol=1e-12)


def test_jit_of_scalar_results(device_tier):
    """NumPy's scalar results (reductions, a[i]) have no concrete value inside jax.jit: they
    come back as 0-d npjax arrays with NumPy's value and dtype; outside jit, scalars."""
    def loss(a):
        return (a * a).sum() + a[1, 2] * 2 + npjax.mean(a)
    x = npjax.array(A)
    expected = loss(A)
    assert_same(expected, loss(x), rtol=1e-12)
    got = jax.jit(loss)(x)
    assert isinstance(got, npjax.ndarray) and got.shape == () and got.dtype == expected.dtype
    numpy.testing.assert_allclose(numpy.asarray(got), expected, rtol=1e-12)


def test_tree_util(device_tier):
    x = npjax.array(A)
    leaves = jax.tree_util.tree_leaves(x)
    assert len(leaves) == 1 and isinstance(leaves[0], jax.Array)
    numpy.testing.assert_array_equal(numpy.asarray(leaves[0]), A)
    assert leaves[0].dtype == numpy.float64
    tree = {"w": x, "b": [npjax.array(I)]}
    assert len(jax.tree_util.tree_leaves(tree)) == 2
    doubled = jax.tree_util.tree_map(lambda v: v * 2, tree)
    assert_same(A * 2, doubled["w"])
    assert_same(I * 2, doubled["b"][0])
    view = x[::2, 1:]
    (leaf,), treedef = jax.tree_util.tree_flatten(view)
    numpy.testing.assert_array_equal(numpy.asarray(leaf), A[::2, 1:])
    assert_same(A[::2, 1:], jax.tree_util.tree_unflatten(treedef, [leaf]))


@pytest.mark.parametrize("order", ["jax_first", "npjax_first"])
def test_pytree_registration_any_import_order(order):
    first, second = ("jax", "npjax") if order == "jax_first" else ("npjax", "jax")
    code = (f"import {first}, {second}\n"
            "npjax.config.host_threshold = 0\n"
            "x = npjax.arange(3.0)\n"
            "leaves = jax.tree_util.tree_leaves(x)\n"
            "assert len(leaves) == 1 and isinstance(leaves[0], jax.Array), leaves\n"
            "r = jax.jit(lambda a: a + 1)(x)\n"
            "assert isinstance(r, npjax.ndarray), type(r)\n"
            "print(r)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "[1. 2. 3.]\n"


# ---- DLPack ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["f64_2d", "i32", "c128", "f32_0d", "u8"])
def test_dlpack_numpy(tier, name):
    expected = INPUTS[name]
    got = numpy.from_dlpack(npjax.array(expected))
    assert got.dtype == expected.dtype and got.shape == expected.shape
    numpy.testing.assert_array_equal(got, expected)


def test_dlpack_numpy_view(tier):
    x = npjax.array(A)[1:, ::2]
    got = numpy.from_dlpack(x)
    numpy.testing.assert_array_equal(got, A[1:, ::2])


@pytest.mark.parametrize("name", ["f64_2d", "i32", "c128", "u8"])
def test_dlpack_jax_round_trip(tier, name):
    expected = INPUTS[name]
    j = jax.dlpack.from_dlpack(npjax.array(expected))
    assert j.dtype == expected.dtype and j.shape == expected.shape
    numpy.testing.assert_array_equal(numpy.asarray(j), expected)
    back = npjax.from_dlpack(j)
    assert_same(expected, back)


# ---- pickling and copying -------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(INPUTS))
def test_pickle_round_trip(tier, name):
    expected = INPUTS[name]
    x = npjax.array(expected)
    for proto in (2, pickle.HIGHEST_PROTOCOL):
        got = pickle.loads(pickle.dumps(x, protocol=proto))
        assert_same(expected, got)
        if expected.size:
            _on_tier(got, tier)


def test_pickle_view_and_container(tier):
    base = npjax.array(A)
    view = base[::2, 1:3]
    got = pickle.loads(pickle.dumps(view))
    assert_same(A[::2, 1:3], got)
    got[0, 0] = 99.0  # an unpickled view owns its data, as in NumPy
    assert base[0, 1] == A[0, 1]
    blob = pickle.loads(pickle.dumps({"a": base, "t": (base.T, 3)}))
    assert_same(A, blob["a"])
    assert_same(A.T, blob["t"][0])


def test_copy_and_deepcopy(tier):
    x = npjax.array(A)
    for c in (copy.copy(x), copy.deepcopy(x), copy.deepcopy([x])[0]):
        assert_same(A, c)
        assert c is not x
        c[0, 0] = 1234.0
        assert x[0, 0] == A[0, 0]
    v = x[1:, ::2]
    c = copy.deepcopy(v)
    assert_same(A[1:, ::2], c)
    c[0, 0] = -7.0
    assert x[1, 0] == A[1, 0]


