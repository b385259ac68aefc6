"""Fallback to NumPy: a device array reaching a call with no JAX implementation runs on
NumPy with host copies, is counted in `npjax.stats()`, and follows `config.fallback`
("warn" once per name, "silent", "raise").

pyproject turns NumPyFallbackWarning into an error, so every test here that expects one
catches it explicitly.
"""
import warnings

import numpy
import pytest

import npjax
from conftest import assert_same


@pytest.fixture
def fresh(device_tier):
    """Device tier, fallback mode restored afterwards, counters and warn-once memory reset."""
    old = npjax.config.fallback
    npjax.stats(reset=True)
    try:
        yield
    finally:
        npjax.config.fallback = old
        npjax.stats(reset=True)


def _on_device(x):
    # small host arrays are plain NumPy arrays
    return type(x) is npjax.ndarray and not x._on_host


def _fallback_warnings(record):
    return [w for w in record if issubclass(w.category, npjax.NumPyFallbackWarning)]


U = numpy.array([1.0, -3.0, 2.0, 7.5, 0.25])
V = numpy.array([2.0, 1.0, -1.0])

# calls with no JAX implementation: (stats name, call, NumPy inputs)
CASES = {
    "emath.log10": ("emath.log10", lambda m, u, v: m.emath.log10(u), (U, V)),
    "emath.power": ("emath.power", lambda m, u, v: m.emath.power(u, 2), (U, V)),
    "polynomial": ("polynomial.polynomial.polyval",
                   lambda m, u, v: m.polynomial.polynomial.polyval(u, v), (U, V)),
    "emath.sqrt": ("emath.sqrt", lambda m, u, v: m.emath.sqrt(u), (U, V)),
    "emath.log_2d": ("emath.log", lambda m, u, v: m.emath.log(u.reshape(1, 5)), (U, V)),
}


def _fb_a(x, y):
    return npjax.emath.log10(x)


def _fb_b(x):
    return npjax.emath.sqrt(x)


@pytest.mark.parametrize("case", sorted(CASES))
def test_fallback_result_and_count(fresh, case):
    name, fn, args = CASES[case]
    npjax.config.fallback = "silent"
    expected = fn(numpy, *args)
    xs = [npjax.array(a) for a in args]
    assert all(_on_device(x) for x in xs)
    got = fn(npjax, *xs)
    assert_same(expected, got, rtol=1e-12)
    assert npjax.stats()["fallbacks"] == {name: 1}
    fn(npjax, *[npjax.array(a) for a in args])
    assert npjax.stats()["fallbacks"] == {name: 2}


def test_native_device_call_is_not_a_fallback(fresh):
    npjax.config.fallback = "raise"
    x = npjax.array(U)
    assert_same(numpy.sin(U) + U.sum(), npjax.sin(x) + npjax.sum(x))
    assert npjax.stats()["fallbacks"] == {}
    assert npjax.stats()["calls"]["sin"] == {"device": 1}


def test_host_arrays_never_fall_back():
    old = npjax.config.host_threshold, npjax.config.fallback
    npjax.config.host_threshold, npjax.config.fallback = 1 << 62, "raise"
    try:
        npjax.stats(reset=True)
        x = npjax.array(U)
        assert not _on_device(x)
        assert_same(numpy.polydiv(U, V), npjax.polydiv(x, npjax.array(V)))
        assert_same(numpy.emath.sqrt(U), npjax.emath.sqrt(x))
        assert npjax.stats()["fallbacks"] == {}
        assert npjax.stats()["calls"]["polydiv"] == {"host": 1}
    finally:
        npjax.config.host_threshold, npjax.config.fallback = old
        npjax.stats(reset=True)


def test_warn_once_per_name(fresh):
    npjax.config.fallback = "warn"
    x, y = npjax.array(U), npjax.array(V)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        _fb_a(x, y)
        _fb_a(npjax.array(U), npjax.array(V))
        _fb_b(npjax.array(U))
        _fb_b(npjax.array(V))
        _fb_a(npjax.array(V), npjax.array(U))
    got = _fallback_warnings(record)
    assert len(got) == 2
    assert "emath.log10" in str(got[0].message) and "emath.sqrt" in str(got[1].message)
    # the warning points at the caller's line, not at npjax's internals
    assert all(w.filename == __file__ for w in got)
    assert npjax.stats()["fallbacks"] == {"emath.log10": 3, "emath.sqrt": 2}


def test_pytest_warns_and_submodule_warning(fresh):
    npjax.config.fallback = "warn"
    with pytest.warns(npjax.NumPyFallbackWarning, match="emath.sqrt"):
        got = npjax.emath.sqrt(npjax.array(U))
    assert_same(numpy.emath.sqrt(U), got)


def test_reset_rearms_warning(fresh):
    npjax.config.fallback = "warn"
    with pytest.warns(npjax.NumPyFallbackWarning):
        _fb_b(npjax.array(U))
    before = npjax.stats(reset=True)
    assert before["fallbacks"] == {"emath.sqrt": 1}
    after = npjax.stats()
    sharding = after.pop("sharding")      # settings and devices, no counters left
    assert after == {"calls": {}, "fallbacks": {}, "fallback_reasons": {}, "transfers": {},
                     "lazy": {}, "transforms": {}, "transform_reasons": {}}
    assert not {"split", "padded", "replicated"} & set(sharding)
    with pytest.warns(npjax.NumPyFallbackWarning):
        _fb_b(npjax.array(U))
    assert npjax.stats()["fallbacks"] == {"emath.sqrt": 1}


def test_silent(fresh):
    npjax.config.fallback = "silent"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = _fb_a(npjax.array(U), npjax.array(V))
    assert_same(numpy.emath.log10(U), got)
    assert npjax.stats()["fallbacks"] == {"emath.log10": 1}


@pytest.mark.parametrize("case", ["emath.log10", "emath.sqrt", "polynomial"])
def test_raise(fresh, case):
    name, fn, args = CASES[case]
    npjax.config.fallback = "raise"
    xs = [npjax.array(a) for a in args]
    with pytest.raises(npjax.FallbackError, match=name):
        fn(npjax, *xs)
    assert issubclass(npjax.FallbackError, RuntimeError)
    # nothing ran: not counted, and the arrays stay on the device
    assert npjax.stats()["fallbacks"] == {}
    assert all(_on_device(x) for x in xs)


def test_raise_on_ufunc_method(fresh):
    npjax.config.fallback = "raise"
    x = npjax.array(U)
    with pytest.raises(npjax.FallbackError):
        npjax.fmod.at(x, [0, 1], 2.0)
    assert_same(U, x)


def test_config_rejects_unknown_mode():
    with pytest.raises(ValueError):
        npjax.config.fallback = "ignore"


# ---- mutation by a fallback function reaches the npjax array ------------------------------
def test_fallback_out_argument(fresh):
    npjax.config.fallback = "silent"
    x = npjax.array(U * 1.7)
    out = npjax.zeros(5)
    res = npjax.trunc(x, out=out, order="C")   # order other than "K": no JAX path
    assert res is out
    assert npjax.stats()["fallbacks"] == {"trunc": 1}
    assert_same(numpy.fix(U * 1.7), out)
    out[0] = 100.0  # still an ordinary mutable array afterwards
    assert out[0] == 100.0


def test_fallback_out_view_reaches_base(fresh):
    npjax.config.fallback = "silent"
    base_np = numpy.zeros(7)
    numpy.fix(U * 1.7, out=base_np[1:6])
    base = npjax.zeros(7)
    view = base[1:6]
    npjax.trunc(npjax.array(U * 1.7), out=view, order="C")
    assert_same(base_np, base)
    assert_same(base_np[1:6], view)
    base[2] = -5.0  # and the view still follows its base
    base_np[2] = -5.0
    assert_same(base_np[1:6], view)


def test_fallback_ufunc_at_mutates(fresh):
    npjax.config.fallback = "silent"
    expected = U + 3
    numpy.fmod.at(expected, [0, 1, 1, 4], 2.0)
    x = npjax.array(U + 3)
    assert npjax.fmod.at(x, [0, 1, 1, 4], 2.0) is None
    assert_same(expected, x)
    assert npjax.stats()["fallbacks"] == {"fmod.at": 1}


def test_fallback_ufunc_at_on_view(fresh):
    npjax.config.fallback = "silent"
    expected = numpy.arange(10.0) + 3
    numpy.fmod.at(expected[::2], [0, 2], 2.0)
    base = npjax.arange(10.0) + 3
    npjax.fmod.at(base[::2], [0, 2], 2.0)
    assert_same(expected, base)


def test_arrays_keep_working_after_fallback(fresh):
    npjax.config.fallback = "silent"
    x = npjax.array(U)
    view = x[1:4]
    _fb_a(x, npjax.array(V))
    x[1] = 42.0
    assert view[0] == 42.0
    view += 1
    expected = U.copy()
    expected[1] = 42.0
    expected[1:4] += 1
    assert_same(expected, x)
    assert_same(expected * 2, x * 2)
