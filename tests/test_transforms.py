"""npjax.jit / grad / value_and_grad and npjax.profile."""
import os
import warnings

import jax
import jax.numpy as jnp
import numpy
import pytest

import npjax
from conftest import assert_same


def _step(np, a, n):
    for _ in range(n):
        a = np.sqrt(np.abs(a)) * 1.5 - a.mean()
    return a, a.sum()


@pytest.mark.parametrize("size", [50, 100_000])
def test_jit_matches_numpy_and_jax_jit(size):
    x0 = numpy.linspace(-2.0, 2.0, size)
    expected = _step(numpy, x0, 4)
    got = npjax.jit(_step, static_argnums=2)(npjax, npjax.array(x0), 4)
    assert_same(expected[0], got[0], rtol=1e-12, atol=1e-12)
    assert type(got[1]) is numpy.float64
    numpy.testing.assert_allclose(got[1], expected[1], rtol=1e-12)
    ref = jax.jit(lambda a: _step(jnp, a, 4))(jnp.asarray(x0))
    numpy.testing.assert_allclose(numpy.asarray(got[0]), numpy.asarray(ref[0]), rtol=1e-12)


def test_python_scalars_are_static_and_shapes_key_the_cache():
    f = npjax.jit(_step)
    npjax.stats(reset=True)
    for _ in range(100):
        f(npjax, npjax.ones(1000), 3)
    assert npjax.stats()["lazy"]["jit_compiles"] == 1
    f(npjax, npjax.ones(1000), 2)       # a new static value
    f(npjax, npjax.ones(2000), 3)       # a new shape
    assert npjax.stats()["lazy"]["jit_compiles"] == 3


def test_mutation_inside_jit_reaches_the_caller():
    def update(a, b):
        a[0] = 5.0
        a[2:4] += b[:2]
        b *= 2
        return a.sum()
    na, nb = numpy.zeros(6), numpy.arange(6.0)
    expected = update(na, nb)
    for make in (numpy.array, npjax.array):   # NumPy arrays and npjax arrays alike
        a, b = make(numpy.zeros(6)), make(numpy.arange(6.0))
        got = npjax.jit(update)(a, b)
        assert got == expected
        assert_same(na, npjax.asarray(a))
        assert_same(nb, npjax.asarray(b))


def test_untraceable_function_runs_eagerly_once_warned():
    def branchy(a):
        if a.sum() > 0:                  # Python control flow on a value
            return a * 2
        return -a
    f = npjax.jit(branchy)
    npjax.stats(reset=True)
    with pytest.warns(npjax.JitFallbackWarning, match="eagerly"):
        got = f(npjax.ones(10))
    assert_same(numpy.ones(10) * 2, got)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_same(numpy.ones(10), f(-npjax.ones(10)))   # same signature: no new warning
    assert npjax.stats()["lazy"]["jit_eager"] >= 2


def test_grad_and_value_and_grad_match_jax():
    def loss(w, x):
        return ((npjax.tanh(x @ w) - 0.5) ** 2).mean()
    w0 = numpy.linspace(-1.0, 1.0, 4)
    x = numpy.linspace(0.0, 1.0, 40).reshape(10, 4)
    g = npjax.grad(loss)(npjax.array(w0), npjax.array(x))
    ref = jax.grad(lambda w: ((jnp.tanh(jnp.asarray(x) @ w) - 0.5) ** 2).mean())(
        jnp.asarray(w0))
    assert isinstance(g, npjax.ndarray) and g.dtype == numpy.float64
    numpy.testing.assert_allclose(numpy.asarray(g), numpy.asarray(ref), rtol=1e-12)
    value, dx = npjax.value_and_grad(lambda t: npjax.sin(t) * t)(0.7)
    assert type(value) is numpy.float64 and type(dx) is numpy.float64
    numpy.testing.assert_allclose(dx, numpy.cos(0.7) * 0.7 + numpy.sin(0.7), rtol=1e-14)
    (v, aux), (gw, gx) = npjax.value_and_grad(
        lambda a, b: ((a * b).sum(), a.max()), argnums=(0, 1), has_aux=True)(
        numpy.arange(3.0), numpy.ones(3))
    assert v == 3.0 and aux == 2.0
    assert_same(numpy.ones(3), gw)
    assert_same(numpy.arange(3.0), gx)


def test_profile_writes_a_trace_and_counts(tmp_path, capsys):
    logdir = str(tmp_path / "trace")
    with npjax.profile(logdir) as p:
        x = npjax.ones(200_000) * 3.0
        y = npjax.emath.sqrt(x[:10]) if False else x.sum()
        float(y)
    files = [f for _, _, fs in os.walk(logdir) for f in fs]
    assert any(f.endswith((".xplane.pb", ".trace.json.gz")) for f in files), files
    assert p.stats["calls"]["multiply"]["device"] == 1
    assert p.stats["lazy"]["flush_to_host"] >= 1
    err = capsys.readouterr().err
    assert "npjax profile" in err and "multiply" in err and "graphs:" in err


def test_profile_reports_fallback_reasons():
    with npjax.profile(summary=False) as p, warnings.catch_warnings():
        warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)
        npjax.emath.sqrt(npjax.asarray(numpy.full(100_000, -4.0)))
    assert p.stats["fallbacks"] == {"emath.sqrt": 1}
    assert "JAX" in p.stats["fallback_reasons"]["emath.sqrt"]


_X = numpy.linspace(0.0, 1.0, 6).reshape(2, 3)
VECTORIZE_CASES = {
    "elementwise": (dict(), lambda a, b: a * 2 + b, (_X, 1.5)),
    "broadcast": (dict(), lambda a, b: a - b, (_X, _X[0])),
    "signature": (dict(signature="(n),(n)->()"), lambda a, b: (a * b).sum(), (_X, _X[0])),
    "signature-out": (dict(signature="(n)->(n)"), lambda a: a[::-1] * 2, (_X,)),
    "excluded": (dict(excluded={1}), lambda a, b: a + b, (_X, 2.0)),
    "otypes": (dict(otypes=[int]), lambda a: a > 0.5, (_X,)),
    "two-outputs": (dict(), lambda a: (a, a * 2), (_X,)),
    "0-d": (dict(), lambda a: a * 3, (numpy.float64(2.0),)),
}


@pytest.mark.parametrize("name", sorted(VECTORIZE_CASES))
def test_vectorize_matches_numpy(tier, name):
    kw, fn, args = VECTORIZE_CASES[name]
    expected = numpy.vectorize(fn, **kw)(*args)
    got = npjax.vectorize(fn, **kw)(*[npjax.array(a) if isinstance(a, numpy.ndarray) else a
                                      for a in args])
    assert_same(expected, got, rtol=1e-14)


def test_vectorize_untraceable_falls_back(device_tier):
    fn = lambda a: a if a > 0.5 else -a        # noqa: E731  Python branch on a value
    with pytest.warns(npjax.NumPyFallbackWarning, match="vectorize"):
        got = npjax.vectorize(fn)(npjax.array(_X))
    assert_same(numpy.vectorize(fn)(_X), got)
