"""Dtype parity: under the default policy ("numpy") every result dtype and value is NumPy's,
on both tiers; JAX's own promotion lattice never shows. Also: NEP 50 Python scalars,
reduction dtypes, in-place casting, astype, the "fast32" policy, and JAX code running beside
npjax in the same process.

The all-pairs tests loop over the 14x14 dtype pairs inside one test per operator (fast
collection) and report every failing pair at once.
"""
import operator
import subprocess
import sys
import warnings

import numpy
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import npjax
from conftest import assert_same, parity, to_npjax

DTYPES = [numpy.dtype(t) for t in (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128")]

OPERATORS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "&": operator.and_,
    "|": operator.or_, "^": operator.xor, "<<": operator.lshift, ">>": operator.rshift,
    "==": operator.eq, "<": operator.lt,
}
UFUNCS = ["add", "multiply", "true_divide", "maximum", "arctan2", "logical_and", "power"]

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _rtol(*dtypes):
    """JAX's float kernels may differ from NumPy's by an ulp or so."""
    sizes = [d.itemsize // (2 if d.kind == "c" else 1) for d in dtypes if d.kind in "fc"]
    if not sizes:
        return 1e-12
    return {2: 2e-3, 4: 2e-6}.get(min(sizes), 1e-12)


def _float_of(*dtypes):
    """The float dtype NumPy computes in for these inputs (int16 -> float32...)."""
    return numpy.result_type(*dtypes, numpy.float16)


def _left(dt):
    """A non-contiguous 1-d operand (every other element of a base array)."""
    vals = [True, True, True, False] if dt.kind == "b" else \
        [1, 2, 3, 7] if dt.kind == "u" else [-3, 1, 2, 7]
    base = numpy.array([v for v in vals for _ in range(2)], dtype=dt)
    return base[::2]


def _right(dt):
    """Includes a zero: integer division by zero is 0 in NumPy (and must be in npjax)."""
    return numpy.array([True, False, True, True] if dt.kind == "b" else [3, 0, 2, 2], dtype=dt)


def _failure(fn, *args, rtol):
    """parity(), but returning a message instead of failing (to report all pairs), and
    requiring exactly NumPy's exception type (UFuncNoLoopError, not just TypeError)."""
    try:
        with numpy.errstate(all="ignore"):
            fn(numpy, *args)
    except Exception as want:
        try:
            fn(npjax, *to_npjax(args))
        except Exception as got:
            if type(got) is not type(want):
                return f"raised {type(got).__name__}, NumPy {type(want).__name__}"
            return None
        return f"no error, NumPy raised {type(want).__name__}"
    try:
        with numpy.errstate(all="ignore"):
            parity(fn, *args, rtol=rtol)
    except AssertionError as err:
        return str(err).strip().splitlines()[0]
    except Exception as err:  # npjax raised where NumPy did not
        return f"{type(err).__name__}: {err}"
    return None


def _all_pairs(fn):
    bad = []
    for a in DTYPES:
        for b in DTYPES:
            msg = _failure(fn, _left(a), _right(b), rtol=_rtol(_float_of(a, b)))
            if msg:
                bad.append(f"{a}, {b}: {msg}")
    return bad


# ---- 1. all dtype pairs -------------------------------------------------------------------
@pytest.mark.parametrize("op", list(OPERATORS))
def test_operator_all_dtype_pairs(tier, op):
    fn = OPERATORS[op]
    bad = _all_pairs(lambda m, x, y: fn(x, y))
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", UFUNCS)
def test_ufunc_all_dtype_pairs(tier, name):
    bad = _all_pairs(lambda m, x, y: getattr(m, name)(x, y))
    assert not bad, "\n".join(bad)


def test_numpy_raises_the_same_type(tier):
    x = numpy.array([1.5, 2.0])
    i = numpy.array([1, 2])
    for fn in (lambda m, a, b: a & b, lambda m, a, b: m.bitwise_or(a, b),
               lambda m, a, b: a << b, lambda m, a, b: m.arctan2(a.astype(complex), b),
               lambda m, a, b: m.left_shift(b, a)):
        assert _failure(fn, x, i, rtol=0) is None
        assert isinstance(parity(fn, x, i), TypeError)


def test_jax_lattice_never_shows(tier):
    # pairs where JAX's x64 lattice differs from NumPy's
    for a, b, want in (("int64", "uint64", "float64"), ("uint8", "int8", "int16"),
                       ("int8", "float16", "float16"), ("int32", "float32", "float64"),
                       ("uint32", "int32", "int64"), ("int16", "float16", "float32"),
                       ("bool", "int8", "int8"), ("uint64", "float32", "float64")):
        x, y = npjax.ones(3, a), npjax.ones(3, b)
        assert (x + y).dtype == want
        assert npjax.add(x, y).dtype == want


def test_broadcasting_and_mixed_tiers(tier):
    x = numpy.arange(6, dtype=numpy.int8).reshape(2, 3)
    y = numpy.array([[1.5], [2.5]], dtype=numpy.float32)
    parity(lambda m, a, b: a * b, x, y)
    parity(lambda m, a, b: m.maximum(a, b[:, :0]), x[:, :0], y)  # empty
    # one operand on each tier: NumPy's dtype, whatever the tier
    old = npjax.config.host_threshold
    npjax.config.host_threshold = 1 << 62
    h = npjax.array(x)
    npjax.config.host_threshold = 0
    try:
        d = npjax.array(y)
        assert_same(x - y, h - d, rtol=1e-6)
        assert_same(y / x[:, :1], d / h[:, :1], rtol=1e-6)
    finally:
        npjax.config.host_threshold = old


def test_integer_division_by_zero(tier):
    for dt in ("int8", "uint16", "int64", "bool"):
        x = numpy.array([5, 0, 7, 1], dtype=dt)
        y = numpy.array([0, 0, 2, 0], dtype=dt)
        for fn in (lambda m, a, b: a // b, lambda m, a, b: a % b,
                   lambda m, a, b: m.divmod(a, b), lambda m, a, b: m.fmod(a, b)):
            with numpy.errstate(all="ignore"):
                parity(fn, x, y)


def test_complex_maximum_propagates_nan(tier):
    x = numpy.array([complex("nan+0j"), 1, complex(0, float("nan")), 2])
    y = numpy.array([1, complex("nan+0j"), 3, complex(0, float("nan"))])
    for name in ("maximum", "minimum"):
        parity(lambda m, a, b: getattr(m, name)(a, b), x, y)
        parity(lambda m, a, b: getattr(m, name)(a, b), x.astype(numpy.complex64), y[0])


def test_integer_negative_power_raises(tier):
    i = numpy.array([1, 2, 3], dtype=numpy.int16)
    neg = numpy.array([1, -2, 3], dtype=numpy.int16)
    for fn in (lambda m, a, b: a ** -1, lambda m, a, b: 2 ** b, lambda m, a, b: a ** b,
               lambda m, a, b: m.power(a, b), lambda m, a, b: m.power(a, -2),
               lambda m, a, b: a ** True, lambda m, a, b: a ** 2, lambda m, a, b: a ** -1.0):
        parity(fn, i, neg)


def test_power_operator_fast_paths(tier):
    # NumPy's `a ** 2`, `a ** -1`, `a ** 0.5` are square/reciprocal/sqrt: bool ** 2 is int8
    parity(lambda m, a: a ** 2, numpy.array([True, False]))
    parity(lambda m, a: a ** 2, numpy.array(True))
    for dt in ("float16", "float32", "float64"):
        x = numpy.array([-0.0, 4.0, numpy.inf, 0.25], dtype=dt)
        for e in (2, -1, 0.5, 2.0, 3):
            parity(lambda m, a: a ** e, x, rtol=_rtol(x.dtype))


# ---- 2. Python scalars (NEP 50) -----------------------------------------------------------
SCALARS = [True, 0, -1, 2, 255, 300, -129, 2**63, 1.5, 1e300, float("nan"), 1j]
LEFT_SCALARS = {True, -1, 300, 2**63, 1.5, 1j}  # reflected operators: fewer values
# 0-d arrays (strong, scalar results) for a few operators: each shape costs JAX compiles
ZERO_D_OPS = {"+", "/", "<"}
SCALAR_OPS = dict(OPERATORS, maximum=None, arctan2=None)
# complex/float16/float32 power near overflow or underflow (2 ** 300, 2 ** -129, (1+0j) ** nan)
# gives XLA's edge values (inf+nanj, flushed subnormals), not NumPy's: kept to small exponents
SMALL_EXPONENTS = {True, 0, 2, -1, 1.5, 1j}


def _scalar_call(name, m, x, s, left):
    if SCALAR_OPS[name] is None:
        f = getattr(m, name)
        return f(s, x) if left else f(x, s)
    fn = SCALAR_OPS[name]
    return fn(s, x) if left else fn(x, s)


@pytest.mark.parametrize("name", list(SCALAR_OPS))
def test_python_scalars_every_dtype(tier, name):
    bad = []
    for dt in DTYPES:
        for s in SCALARS:
            if name == "**" and s not in SMALL_EXPONENTS:
                continue
            for left in (False, True) if s in LEFT_SCALARS else (False,):
                for x in (_left(dt)[:3], _left(dt)[1]):  # 1-d view and 0-d (strong) arrays
                    x = numpy.asarray(x)
                    if x.ndim == 0 and name not in ZERO_D_OPS:
                        continue
                    msg = _failure(lambda m, a: _scalar_call(name, m, a, s, left), x,
                                   rtol=_rtol(_float_of(dt)))
                    if msg:
                        bad.append(f"{dt} {'left' if left else 'right'} {s!r} "
                                   f"{x.ndim}-d: {msg}")
    assert not bad, "\n".join(bad)


def test_nep50_examples(tier):
    i8 = npjax.array([1, 2, 3], dtype=npjax.int8)
    assert (i8 + 1).dtype == numpy.int8
    assert (1 + i8).dtype == numpy.int8
    assert (npjax.array([1.0], dtype=npjax.float32) + 1.0).dtype == numpy.float32
    assert (i8 + 1.5).dtype == numpy.float64
    assert (i8 * 1j).dtype == numpy.complex128
    assert (npjax.array([1.0], dtype=npjax.float32) * 1j).dtype == numpy.complex64
    assert (i8 + True).dtype == numpy.int8
    with pytest.raises(OverflowError):
        npjax.array([1, 2], dtype=npjax.uint8) + -1
    with pytest.raises(OverflowError):
        i8 + 300
    with pytest.raises(OverflowError):
        300 - i8
    # comparisons with out-of-range ints are exact in NumPy 2
    assert_same(numpy.array([1, 2, 3], numpy.int8) < 300, i8 < 300)
    assert_same(numpy.array([1, 2, 3], numpy.int8) == -129, i8 == -129)
    # NumPy scalars and 0-d arrays are strong
    assert (i8 + numpy.int64(1)).dtype == numpy.int64
    assert (i8 + npjax.array(1, dtype=npjax.int16)).dtype == numpy.int16
    assert (i8 + numpy.float32(1)).dtype == numpy.float32
    z = npjax.array(7, dtype=npjax.int8)
    r = z + 1
    assert type(r) is numpy.int8 and r == 8
    r = 1.5 * z
    assert type(r) is numpy.float64 and r == 10.5
    r = z + npjax.array(1, dtype=npjax.uint8)
    assert type(r) is numpy.int16


# ---- 3. reductions and creation defaults --------------------------------------------------
RED_DTYPES = ["bool", "int8", "uint8", "int32", "float16", "float32"]


@pytest.mark.parametrize("dt", RED_DTYPES)
@pytest.mark.parametrize("fn", ["sum", "prod", "cumsum", "mean", "var", "std", "argmax",
                                "max"])
def test_reduction_dtypes(tier, fn, dt):
    x = numpy.array([[1, 0, 3], [2, 2, 1]], dtype=dt)
    rtol = _rtol(_float_of(dt))
    parity(lambda m, a: getattr(m, fn)(a), x, rtol=rtol)
    parity(lambda m, a: getattr(a, fn)(axis=-1), x, rtol=rtol)
    parity(lambda m, a: getattr(m, fn)(a[:, ::-2], axis=0), x, rtol=rtol)  # strided
    parity(lambda m, a: getattr(m, fn)(a[:0], axis=0), x, rtol=rtol)  # empty


@pytest.mark.parametrize("dt", ["bool", "uint8", "float16", "float32"])
@pytest.mark.parametrize("fn", ["sum", "prod", "cumsum", "mean", "var", "std"])
def test_reduction_dtype_argument(tier, fn, dt):
    x = numpy.array([[1, 0, 3], [2, 2, 1]], dtype=dt)
    # std with an integer dtype=: test_statistics_with_unusual_dtype_argument
    for out_dtype in ("float32", "float64", "complex128") + (("int64",) if fn != "std" else ()):
        parity(lambda m, a: getattr(a, fn)(axis=1, dtype=out_dtype), x, rtol=1e-6)


@pytest.mark.parametrize("fn, dtype, works_on_device", [
    ("mean", "int16", True), ("var", "int16", True), ("std", "int16", False),
    ("std", "int64", False), ("mean", "bool", False), ("var", "bool", False)])
def test_statistics_with_unusual_dtype_argument(tier, fn, dtype, works_on_device):
    """jax.numpy's std rejects a non-inexact dtype= and mean/var a bool one (NumPy
    accumulates in it and casts back): on the device those calls are recorded fallbacks."""
    x = numpy.array([[1, 4, 6], [2, 0, 7]], "int8")
    npjax.stats(reset=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)
        parity(lambda m, a: getattr(m, fn)(a, dtype=dtype), x)
        parity(lambda m, a: getattr(m, fn)(a, axis=0, dtype=dtype), x)
    fell_back = fn in npjax.stats()["fallbacks"]
    assert fell_back == (tier == "device" and not works_on_device)


def test_reduction_examples(tier):
    assert type(npjax.array([1, 2], dtype=npjax.int8).sum()) is numpy.int64
    assert type(npjax.array([1, 2], dtype=npjax.uint8).sum()) is numpy.uint64
    assert type(npjax.array([True, True]).sum()) is numpy.int64
    assert npjax.array([1, 2], dtype=npjax.int8).cumsum().dtype == numpy.int64
    assert type(npjax.array([1, 2]).mean()) is numpy.float64
    assert type(npjax.array([1, 2], dtype=npjax.float16).mean()) is numpy.float16
    assert type(npjax.array([1, 2], dtype=npjax.float32).var()) is numpy.float32
    assert type(npjax.array([1j, 2]).std()) is numpy.float64
    assert type(npjax.array([1.0, 2.0]).argmax()) is numpy.int64
    assert npjax.argmax(npjax.ones((2, 2)), axis=0).dtype == numpy.int64
    assert (npjax.array([1, 2]) / npjax.array([2, 2])).dtype == numpy.float64
    assert type(npjax.array([1, 2], dtype=npjax.int8).sum(dtype=npjax.int8)) is numpy.int8


def test_argmax_complex(tier):
    """NumPy orders complex values lexicographically (real part, then imaginary)."""
    c = numpy.array([[1 + 2j, 1 + 3j, 0j], [2 - 1j, 2 - 5j, -3 + 9j]])
    for fn in ("argmax", "argmin"):
        parity(lambda m, a: getattr(m, fn)(a), c)
        parity(lambda m, a: getattr(m, fn)(a, axis=0), c)
        parity(lambda m, a: getattr(m, fn)(a, axis=-1, keepdims=True), c)
        parity(lambda m, a: getattr(m, fn)(a, keepdims=True), c)


def test_creation_defaults(tier):
    assert npjax.arange(3).dtype == numpy.int64
    assert npjax.arange(3.0).dtype == numpy.float64
    assert npjax.zeros(3).dtype == numpy.float64
    assert npjax.ones((2, 2), dtype=int).dtype == numpy.int64
    assert npjax.array([1, 2.0]).dtype == numpy.float64
    assert npjax.array([1, 2]).dtype == numpy.int64
    assert npjax.array([True]).dtype == numpy.bool_
    assert npjax.array([1j]).dtype == numpy.complex128
    assert npjax.linspace(0, 1, 3).dtype == numpy.float64
    assert npjax.full(2, 7).dtype == numpy.int64
    assert npjax.float64 is numpy.float64
    assert npjax.int8 is numpy.int8 and npjax.bool_ is numpy.bool_
    x = npjax.zeros(3)
    assert x.dtype == numpy.float64 and x.dtype == npjax.float64 and x.dtype == "float64"
    assert npjax.dtype("int32") == numpy.dtype("int32")
    assert npjax.result_type(npjax.int8, npjax.uint8) == numpy.int16


# ---- 4. in-place casting ------------------------------------------------------------------
def _inplace(code):
    def run(m, a, *others):
        # fresh copies: parity() hands NumPy's (then mutated) inputs to npjax afterwards
        others = [o.copy() for o in others]
        ns = {"a": a.copy(), "b": others[0] if others else None,
              "o": others[-1] if others else None, "np": m}
        exec(code, ns)
        return ns["a"] if "out=" not in code else ns["o"]
    return run


@pytest.mark.parametrize("code, args", [
    ("a += 1.5", (numpy.array([1, 2, 3]),)),
    ("a += 1", (numpy.array([1.0, 2.0]),)),
    ("a += 1000", (numpy.array([1, 2], numpy.int8),)),
    ("a += 100", (numpy.array([100, 2], numpy.int8),)),
    ("a -= -1", (numpy.array([1, 2], numpy.uint8),)),
    ("a += b", (numpy.array([1, 2], numpy.int8), numpy.array([127, 2], numpy.int16))),
    ("a += b", (numpy.array([1, 2], numpy.int16), numpy.array([1, 2], numpy.int8))),
    ("a += b", (numpy.array([1, 2], numpy.float32), numpy.array([1e-3, 2], numpy.float64))),
    ("a += b", (numpy.array([1, 2], numpy.int64), numpy.array([1, 2], numpy.float32))),
    ("a *= 2.5", (numpy.array([1, 2], numpy.uint8),)),
    ("a /= 2", (numpy.array([1, 2], numpy.int32),)),
    ("a //= 2", (numpy.array([5, -5], numpy.int32),)),
    ("a **= 2", (numpy.array([True, False]),)),
    ("a += True", (numpy.array([True, False]),)),
    ("a -= True", (numpy.array([True, False]),)),
    ("a += 1j", (numpy.array([1.0]),)),
    ("a <<= 1", (numpy.array([1.0]),)),
    ("a[::2] += 1.0", (numpy.arange(4.0, dtype=numpy.float32),)),
    ("np.add(a, b, out=o, casting='unsafe')",
     (numpy.array([1.7, 2.5, -3.2]), numpy.array([1.0, 2.0, 3.0]), numpy.zeros(3, "int8"))),
    ("np.add(a, b, out=o)",
     (numpy.array([1.7, 2.5, -3.2]), numpy.array([1.0, 2.0, 3.0]), numpy.zeros(3, "int8"))),
    ("np.add(a, b, out=o)",
     (numpy.array([1.7, 2.5, -3.2]), numpy.array([1.0, 2.0, 3.0]), numpy.zeros(3, "f4"))),
    ("np.multiply(a, 2, out=o, casting='unsafe')", (numpy.array([1.7, 2.5]),
                                                    numpy.zeros(2, "uint8"))),
    ("np.add(a, 1, out=o, casting='no')", (numpy.array([1, 2], "i4"), numpy.zeros(2, "i8"))),
    ("np.add(a, 1, out=o, casting='equiv')", (numpy.array([1, 2], "i4"),
                                              numpy.zeros(2, "i8"))),
    ("np.add(a, 1, out=o, casting='safe')", (numpy.array([1, 2], "i4"), numpy.zeros(2, "i8"))),
    ("np.add(a, b, dtype='int8', casting='unsafe', out=o)",
     (numpy.array([1.7, 100.0]), numpy.array([1.0, 2.0]), numpy.zeros(2, "int16"))),
])
def test_inplace_casting(tier, code, args):
    err = parity(_inplace(code), *args)
    if code == "a += 1.5":
        assert type(err) is numpy._core._exceptions._UFuncOutputCastingError
        assert isinstance(err, TypeError)


def test_inplace_examples(tier):
    a = npjax.array([1, 2, 3])
    with pytest.raises(numpy._core._exceptions._UFuncOutputCastingError):
        a += 1.5
    assert_same(numpy.array([1, 2, 3]), a)  # unchanged after the error
    f = npjax.array([1.0, 2.0])
    f += 1
    assert_same(numpy.array([2.0, 3.0]), f)
    i8 = npjax.array([1, 2], dtype=npjax.int8)
    with pytest.raises(OverflowError):
        i8 += 1000


def test_ufunc_dtype_and_casting_arguments(tier):
    x, y = numpy.array([1, 2]), numpy.array([1.5, 2.5])
    for kw in ({"dtype": "float32"}, {"dtype": "int8"}, {"dtype": "int8", "casting": "unsafe"},
               {"casting": "no"}, {"casting": "equiv"}, {"casting": "safe"},
               {"signature": (None, None, "float32")}):
        parity(lambda m, a, b: m.add(a, b, **kw), x, y)
        parity(lambda m, a: m.multiply(a, 2, **kw), x)


# ---- 5. astype ----------------------------------------------------------------------------
@pytest.mark.parametrize("code, x", [
    ("a.astype('int32')", numpy.array([1.7, -2.7, 3.5, -0.2])),
    ("a.astype('uint8')", numpy.array([1.7, 254.9, 0.5])),
    ("a.astype(bool)", numpy.array([0.0, -0.0, 0.1, numpy.nan])),
    ("a.astype(bool)", numpy.array([0, 3, -1])),
    ("a.astype(float)", numpy.array([True, False])),
    ("a.astype('int8')", numpy.array([True, False])),
    ("a.astype('float32')", numpy.array([1 + 2j, 3])),
    ("a.astype('int64')", numpy.array([1 + 2j, 3])),
    ("a.astype('complex64')", numpy.array([1, 3])),
    ("a.astype('int32', casting='safe')", numpy.array([1.0])),
    ("a.astype('float32', casting='same_kind')", numpy.array([1.0])),
    ("a.astype('float32', casting='same_kind')", numpy.array([1])),
    ("a.astype('int32', casting='same_kind')", numpy.array([1.0])),
    ("a.astype('int64', casting='safe')", numpy.array([1], 'int32')),
    ("a.astype('int64', casting='no')", numpy.array([1], 'int32')),
    ("a.astype('int64', casting='bogus')", numpy.array([1], 'int32')),
    ("a.astype('U5')", numpy.array([1, 22], 'int32')),
    ("a.astype('int8')", numpy.array([[1, 2], [3, 4]], 'int32')[:, ::-1]),
    ("a[::2].astype('float32')", numpy.array([1, 2, 3], 'int32')),
    ("a.astype('int8')", numpy.array(3.7)),
    ("a.astype('float16')", numpy.array([1.0, 1e-3, 65504.0])),
    ("a.astype('no such type')", numpy.array([1])),
])
def test_astype(tier, code, x):
    with warnings.catch_warnings(record=True) as expected:
        warnings.simplefilter("always")
        try:
            want = eval(code, {"a": x})
        except Exception as err:
            with pytest.raises(type(err)):
                eval(code, {"a": npjax.array(x)})
            return
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)
        res = eval(code, {"a": npjax.array(x)})
    assert_same(want, res)
    assert [type(w.message) for w in got] == [type(w.message) for w in expected]


def test_astype_copy(tier):
    a = npjax.array([1, 2], dtype=npjax.int32)
    assert a.astype(npjax.int32, copy=False) is a
    assert a.astype("i4", copy=False) is a
    b = a.astype(npjax.int32)
    assert b is not a
    b[0] = 9
    assert a[0] == 1
    c = a.astype(npjax.int64, copy=False)
    assert c is not a and c.dtype == numpy.int64
    with pytest.warns(numpy.exceptions.ComplexWarning):
        r = npjax.array([1 + 2j]).astype(float)
    assert_same(numpy.array([1.0]), r)


# ---- 6. the "fast32" policy ---------------------------------------------------------------
@pytest.fixture
def fast32():
    old = npjax.config.dtypes
    npjax.config.dtypes = "fast32"
    try:
        yield
    finally:
        npjax.config.dtypes = old


def test_fast32_policy(tier, fast32):
    """What "fast32" guarantees: 64-bit data is narrowed once, where arrays are created or
    converted (float64 -> float32, complex128 -> complex64, int64 -> int32, uint64 ->
    uint32; an explicit 64-bit dtype= or astype is narrowed too), and no npjax result, array
    or scalar, is ever 64-bit: where NumPy's rules would widen (int32 / int32, int32.sum(),
    mean of ints, a strong np.float64 operand) the result is the 32-bit counterpart, computed
    in 32 bits on the device. Narrower dtypes (bool, int8, int16, float16...) keep NumPy's
    rules. Values are NumPy's up to float32 precision."""
    assert npjax.array([1.0, 2.0]).dtype == numpy.float32
    assert npjax.array([1, 2]).dtype == numpy.int32
    assert npjax.array([1j]).dtype == numpy.complex64
    assert npjax.array(numpy.array([1], numpy.uint64)).dtype == numpy.uint32
    assert npjax.array([1.0], dtype=numpy.float64).dtype == numpy.float32
    assert npjax.asarray(numpy.ones(3)).dtype == numpy.float32
    assert npjax.array(numpy.array([1], numpy.int8)).dtype == numpy.int8
    assert npjax.array([True]).dtype == numpy.bool_
    assert npjax.arange(3).dtype == numpy.int32
    assert npjax.arange(0.0, 1.0, 0.25).dtype == numpy.float32
    assert npjax.linspace(0, 1, 5).dtype == numpy.float32
    assert npjax.zeros(3).dtype == numpy.float32
    assert npjax.ones(3, dtype=int).dtype == numpy.int32
    assert npjax.full(3, 1.5).dtype == numpy.float32
    assert npjax.eye(2).dtype == numpy.float32
    x, i = npjax.zeros(3), npjax.arange(3)
    for r in (x + 1.0, x * x, i * 2, i / 2, i / npjax.arange(1, 4), npjax.sqrt(i),
              x + numpy.float64(1), x + numpy.ones(3), x.astype(numpy.float64),
              npjax.cumsum(i), npjax.concatenate([x, x]), npjax.ones((2, 2)) @ npjax.ones(2)):
        assert isinstance(r, npjax.ndarray)
        assert r.dtype in (numpy.float32, numpy.int32), r.dtype
    for r in (i.sum(), i.mean(), x.sum(), x.var(), npjax.argmax(x), i.prod()):
        assert type(r) in (numpy.float32, numpy.int32), type(r)
    assert npjax.array(numpy.array([1], numpy.int8)).sum().dtype == numpy.int32
    assert (npjax.array([1], dtype=numpy.int8) + 1).dtype == numpy.int8
    assert (npjax.array([1], dtype=numpy.float16) * 2.0).dtype == numpy.float16
    numpy.testing.assert_allclose(numpy.asarray(npjax.linspace(0, 1, 5) ** 2),
                                  numpy.linspace(0, 1, 5) ** 2, rtol=1e-6)
    assert_same(numpy.array([0.0, 0.5, 1.0], numpy.float32), i / 2)


def test_fast32_is_restored(tier):
    assert npjax.config.dtypes == "numpy"
    assert npjax.zeros(2).dtype == numpy.float64
    with pytest.raises(ValueError):
        npjax.config.dtypes = "float16"


# ---- 7. hypothesis: random dtypes, scalars and binary ufuncs ---------------------------
BINARY_UFUNCS = ["add", "subtract", "multiply", "true_divide", "floor_divide", "remainder",
                 "power", "maximum", "minimum", "arctan2", "hypot", "logical_and",
                 "logical_xor", "bitwise_and", "bitwise_or", "left_shift", "right_shift",
                 "equal", "less", "greater_equal", "fmod", "copysign"]

_scalars = st.one_of(st.booleans(), st.integers(-300, 300),
                     # XLA on CPU flushes subnormals to zero (README, known differences)
                     st.floats(-1e3, 1e3, allow_nan=False, width=32, allow_subnormal=False),
                     st.complex_numbers(max_magnitude=1e3, allow_nan=False,
                                        allow_infinity=False, allow_subnormal=False))


@settings(max_examples=50, deadline=None,  # per tier: 100 in all
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.sampled_from(DTYPES), b=st.sampled_from(DTYPES),
       name=st.sampled_from(BINARY_UFUNCS), s=_scalars, left=st.booleans(),
       vals=st.lists(st.integers(0, 5), min_size=1, max_size=4))
def test_hypothesis_dtypes_and_scalars(tier, a, b, name, s, left, vals):
    if name == "power":  # XLA's complex/float16 power overflows differently (see above)
        assume(abs(s) <= 4)
    x = numpy.array(vals, dtype=a)
    y = numpy.array(vals[::-1], dtype=b)
    for fn, args, rtol in (
            (lambda m, p, q: getattr(m, name)(p, q), (x, y), _rtol(_float_of(a, b))),
            # with a weak Python scalar the result may be as narrow as x alone
            (lambda m, p: getattr(m, name)(s, p) if left else getattr(m, name)(p, s), (x,),
             _rtol(_float_of(a)))):
        with numpy.errstate(all="ignore"):
            parity(fn, *args, rtol=rtol, atol=1e-6 if rtol > 1e-12 else 0)


# ---- 8. JAX code beside npjax ---------------------------------------------------------------
def test_jax_program_beside_npjax():
    """npjax switches JAX's x64 mode on process-wide when an array first reaches the device
    (the documented choice: float64 data handed to JAX without it would be truncated). Plain
    jax.numpy code in the same process keeps working; its defaults become 64-bit."""
    code = r"""
import jax, jax.numpy as jnp, numpy
import npjax
npjax.config.host_threshold = 0
x = npjax.arange(5.0) * 2             # a device-tier op
assert not x._on_host and x.dtype == numpy.float64
assert jnp.arange(3).dtype == jnp.int64
assert jnp.zeros(2).dtype == jnp.float64
y = jnp.ones(3, dtype=jnp.float32) + 1.0      # JAX's own weak typing is unchanged
assert y.dtype == jnp.float32
f = jax.jit(lambda v: jnp.sin(v) * 2)
assert f(jnp.ones(3, jnp.float32)).dtype == jnp.float32
numpy.testing.assert_allclose(numpy.asarray(f(jnp.ones(3))), 2 * numpy.sin(numpy.ones(3)))
assert jax.grad(lambda v: (v ** 2).sum())(jnp.arange(3.0)).tolist() == [0.0, 2.0, 4.0]
assert jnp.asarray(x).dtype == jnp.float64    # npjax arrays are JAX arrays to JAX
assert (npjax.arange(3) + npjax.array([1], dtype=npjax.uint64)).dtype == numpy.float64
print("ok")
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"


def test_jax_in_this_process(device_tier):
    import jax.numpy as jnp
    x = npjax.ones(4, dtype=npjax.float32) + npjax.ones(4, dtype=npjax.int32)
    assert x.dtype == numpy.float64  # NumPy's rule, not JAX's (float32 under its lattice)
    assert jnp.arange(3).dtype == jnp.int64
    assert (jnp.ones(4, jnp.float32) + jnp.ones(4, jnp.int32)).dtype == jnp.float32


@pytest.mark.parametrize("dtype", [numpy.longdouble, numpy.clongdouble, ">f8", ">i4", "<f8"])
def test_dtypes_jax_cannot_hold_stay_on_host(tier, dtype):
    """longdouble and non-native byte orders have no JAX arrays: such arrays are made on the
    host, and a device call meeting them (as input or NumPy's result dtype) is a recorded
    fallback with NumPy's exact result."""
    dtype = numpy.dtype(dtype)
    jax_ok = dtype.isnative and dtype.itemsize <= (16 if dtype.kind == "c" else 8)
    npjax.stats(reset=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)
        x = npjax.ones(5, dtype=dtype)
        assert x.dtype == dtype
        if not jax_ok:
            assert type(x) is numpy.ndarray or x._on_host
        base = numpy.arange(5.0) / 3
        parity(lambda m, a: m.asarray(a, dtype=dtype), base)
        parity(lambda m, a: a.astype(dtype), base)
        parity(lambda m, a: m.add(a, numpy.ones(5, dtype)), base)
        parity(lambda m, a: a + numpy.ones(5, dtype), base)
        parity(lambda m, a: m.sum(a, dtype=dtype), base)
        parity(lambda m, a: m.concatenate([a, numpy.ones(2, dtype)]), base)
        parity(lambda m, a: m.zeros((2, 3), dtype=dtype) + a[:3], base)
        parity(lambda m, a: m.unique(m.asarray([3, 1, 3], dtype=dtype)), base)
    fell_back = set(npjax.stats()["fallbacks"])
    if tier == "host" or jax_ok:
        assert not fell_back, fell_back
    else:
        # (a sum with dtype=">f8" gives native float64: JAX runs it)
        expected = {"add", "concatenate", "astype", "array"} | ({"sum"} if dtype.isnative
                                                               else set())
        assert expected <= fell_back, fell_back
