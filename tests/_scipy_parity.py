"""Parity helpers for the npjax.scipy test files: the same call on SciPy and on npjax.scipy
(values, dtype, shape, result kind, or the same exception type), and fallback checks."""
import contextlib
import importlib
import warnings

import numpy
import pytest

import npjax
from conftest import assert_same, to_npjax


def modules(sub):
    return importlib.import_module(f"scipy.{sub}"), importlib.import_module(f"npjax.scipy.{sub}")


def _has_arrays(values):
    return any((isinstance(v, numpy.ndarray) and v.size) or
               (isinstance(v, (list, tuple)) and _has_arrays(v)) for v in values)


def on_device(result, inputs=(numpy.ones(1),)):
    """On the device tier a native call given device arrays returns device arrays (a host
    result would be a computation that silently left JAX)."""
    if npjax.config.host_threshold != 0 or not _has_arrays(inputs):
        return
    for r in (result if isinstance(result, (tuple, list)) else (result,)):
        if type(r) is npjax.ndarray:
            assert not r._on_host, "a device call returned a host array"
        else:
            assert not isinstance(r, numpy.ndarray) or r.size == 0, \
                "a device call returned a host array"


def sp_parity(sub, name, *args, rtol=1e-12, atol=0, exact=None, **kwargs):
    """`scipy.<sub>.<name>(*args, **kwargs)` against npjax's on npjax copies of the arrays;
    returns SciPy's result (or its exception)."""
    theirs, mine = modules(sub)
    try:
        with numpy.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            expected = getattr(theirs, name)(*args, **kwargs)
    except Exception as err:  # the exception type is what we compare
        with pytest.raises(type(err)), numpy.errstate(all="ignore"):
            getattr(mine, name)(*to_npjax(args), **to_npjax(kwargs))
        return err
    with numpy.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        actual = getattr(mine, name)(*to_npjax(args), **to_npjax(kwargs))
    assert_same(expected, actual, rtol=rtol, atol=atol, exact=exact)
    on_device(actual, list(args) + list(kwargs.values()))
    return expected


class OnNpjax:
    """A SciPy-like namespace calling npjax.scipy.<sub> with npjax copies of the arrays."""

    def __init__(self, mod):
        self._mod = mod

    def __getattr__(self, name):
        fn = getattr(self._mod, name)
        return lambda *a, **k: fn(*to_npjax(a), **to_npjax(k))


def call_parity(sub, call, rtol=1e-12, atol=0, exact=None):
    """`call(namespace)` with scipy.<sub> and with npjax.scipy.<sub> (arrays converted)."""
    theirs, mine = modules(sub)
    try:
        with numpy.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            expected = call(theirs)
    except Exception as err:  # the exception type is what we compare
        with pytest.raises(type(err)), numpy.errstate(all="ignore"):
            call(OnNpjax(mine))
        return err
    with numpy.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        actual = call(OnNpjax(mine))
    assert_same(expected, actual, rtol=rtol, atol=atol, exact=exact)
    on_device(actual)
    return expected


def fallbacks(prefix):
    return {k: v for k, v in npjax.stats()["fallbacks"].items() if k.startswith(prefix)}


@contextlib.contextmanager
def silent_fallbacks():
    """Fallbacks counted but not warned (tests that expect one check `npjax.stats()`)."""
    old = npjax.config.fallback
    npjax.config.fallback = "silent"
    try:
        yield
    finally:
        npjax.config.fallback = old


def no_fallback_fixture(prefix):
    """An autouse fixture: a call on device arrays runs on JAX unless the test requests the
    `allow_fallback` fixture (and then checks the fallback itself)."""
    @pytest.fixture(autouse=True)
    def no_fallback(request):
        npjax.stats(reset=True)
        yield
        if "allow_fallback" not in request.fixturenames:
            fb = fallbacks(prefix)
            assert not fb, f"fallbacks: {fb}"
    return no_fallback


@pytest.fixture
def allow_fallback():
    """Marks a test whose device calls may fall back (the test checks them)."""
