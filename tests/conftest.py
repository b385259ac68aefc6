"""Parity helpers: run the same call on NumPy and npjax, compare values, dtype, shape, type.

Every parity test runs on both tiers: "host" (small arrays on NumPy buffers) and "device"
(every array on a JAX device, `config.host_threshold = 0`).
"""
import numpy
import pytest

import npjax

TIERS = ("host", "device")


@pytest.fixture(params=TIERS)
def tier(request):
    """Run the test once per tier; yields the tier name."""
    old = npjax.config.host_threshold
    npjax.config.host_threshold = 1 << 62 if request.param == "host" else 0
    try:
        yield request.param
    finally:
        npjax.config.host_threshold = old


@pytest.fixture
def device_tier():
    old = npjax.config.host_threshold
    npjax.config.host_threshold = 0
    try:
        yield
    finally:
        npjax.config.host_threshold = old


def on_host(x):
    """The array lives on the host tier: a plain NumPy array (small arrays npjax creates) or
    an npjax array with a host buffer."""
    return type(x) is numpy.ndarray or (type(x) is npjax.ndarray and x._on_host)


def to_npjax(x):
    """The npjax counterpart of a NumPy test input (arrays become npjax arrays; containers
    are converted item by item; non-contiguous views stay views of an npjax base)."""
    if isinstance(x, numpy.ndarray):
        if x.base is not None and not x.flags.c_contiguous and x.base.ndim >= 1:
            return _same_view(x)
        return npjax.array(x)
    if isinstance(x, list):
        return [to_npjax(v) for v in x]
    if isinstance(x, tuple):
        return tuple(to_npjax(v) for v in x)
    if isinstance(x, dict):
        return {k: to_npjax(v) for k, v in x.items()}
    return x


def _same_view(x):
    """Rebuild a strided NumPy view as an npjax view (same base values, same slicing)."""
    base = x.base
    while isinstance(base.base, numpy.ndarray):
        base = base.base
    if base.ndim != 1 or not base.flags.c_contiguous:
        return npjax.array(x)
    start = (x.__array_interface__["data"][0] - base.__array_interface__["data"][0]) \
        // base.itemsize
    nb = npjax.array(base)
    strides = tuple(s // base.itemsize for s in x.strides)
    if x.ndim == 1:
        # the stop matters: a view may end before its base does (base[::2][:3])
        stop = start + strides[0] * x.shape[0]
        return nb[start:stop:strides[0]] if strides[0] > 0 else npjax.array(x)
    return npjax.array(x)


def assert_same(expected, actual, rtol=1e-7, atol=0, exact=None):
    """NumPy's result vs npjax's: same kind (array/scalar/tuple), dtype, shape and values."""
    if isinstance(expected, (tuple, list)):
        assert isinstance(actual, (tuple, list)), f"expected a sequence, got {type(actual)}"
        assert len(expected) == len(actual)
        for e, a in zip(expected, actual):
            assert_same(e, a, rtol, atol, exact)
        return
    if isinstance(expected, numpy.ndarray):
        assert isinstance(actual, npjax.ndarray), f"expected npjax.ndarray, got {type(actual)}"
        got = numpy.asarray(actual)
        assert got.dtype == expected.dtype, f"dtype {got.dtype} != NumPy's {expected.dtype}"
        assert got.shape == expected.shape, f"shape {got.shape} != NumPy's {expected.shape}"
        _values(expected, got, rtol, atol, exact)
        return
    if isinstance(expected, numpy.generic):
        assert type(actual) is type(expected), \
            f"type {type(actual).__name__} != NumPy's {type(expected).__name__}"
        _values(numpy.asarray(expected), numpy.asarray(actual), rtol, atol, exact)
        return
    assert type(actual) is type(expected), f"{type(actual)} != {type(expected)}"
    if isinstance(expected, float) and expected != expected:
        assert actual != actual
    else:
        assert actual == expected


def _values(expected, got, rtol, atol, exact):
    if exact is None:
        exact = expected.dtype.kind not in "fc"
    if exact or expected.dtype.kind not in "fc":
        numpy.testing.assert_array_equal(got, expected)
    else:
        numpy.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def parity(fn, *args, rtol=1e-7, atol=0, exact=None, **kwargs):
    """Call `fn(np, *args, **kwargs)` with NumPy and with npjax and compare the results, or
    check both raise the same exception type. Returns NumPy's result."""
    try:
        expected = fn(numpy, *args, **kwargs)
    except Exception as err:  # the exception type is what we compare
        with pytest.raises(type(err)):
            fn(npjax, *to_npjax(args), **to_npjax(kwargs))
        return err
    actual = fn(npjax, *to_npjax(args), **to_npjax(kwargs))
    assert_same(expected, actual, rtol=rtol, atol=atol, exact=exact)
    return expected


@pytest.fixture
def no_fallback(request):
    """A native call on device arrays runs on JAX: no fallback is recorded during the test,
    unless it also asks for `allow_fallback` (and checks the fallback itself)."""
    npjax.stats(reset=True)
    yield
    if "allow_fallback" not in request.fixturenames:
        assert not npjax.stats()["fallbacks"], npjax.stats()["fallbacks"]


@pytest.fixture
def allow_fallback():
    """Marks a test whose device calls may fall back (checked by the test)."""
