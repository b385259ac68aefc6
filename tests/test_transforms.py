"""npjax.jit, npjax.vectorize, npjax.grad / value_and_grad: parity with NumPy (values, dtypes,
kinds, mutation) and with the same code written in jax.numpy under jax.jit / jax.grad."""
import collections
import warnings

import jax
import jax.numpy as jnp
import numpy
import pytest

import npjax
from conftest import assert_same


def _events(name):
    return npjax.stats()["transforms"].get(name, {})


# ---- jit: values and dtypes -----------------------------------------------------------------
def _step(np, a, n):
    for _ in range(n):
        a = np.sqrt(np.abs(a)) * 1.5 - a.mean()
    return a, a.sum()


@pytest.mark.parametrize("size", [50, 100_000])
def test_jit_matches_numpy_and_jax_jit(size):
    x0 = numpy.linspace(-2.0, 2.0, size)
    expected = _step(numpy, x0, 4)
    got = npjax.jit(_step)(npjax, npjax.array(x0), 4)
    assert_same(expected[0], got[0], rtol=1e-12, atol=1e-12)
    assert type(got[1]) is numpy.float64          # NumPy gives a scalar from sum()
    numpy.testing.assert_allclose(got[1], expected[1], rtol=1e-12)
    assert not got[0]._on_host                     # results live on the device tier
    ref = jax.jit(lambda a: _step(jnp, a, 4))(jnp.asarray(x0))
    numpy.testing.assert_allclose(numpy.asarray(got[0]), numpy.asarray(ref[0]), rtol=1e-12)


def _mixed(np, i32, f32, b):
    return (i32 * 2.5,                 # int32 with a Python float: float64 (NEP 50)
            f32 * 2.0,                 # float32 stays float32
            i32 // 3,                  # int32
            (i32 > 3) & b,             # bool
            np.argmax(f32),            # int64 scalar
            f32.astype(np.float16) + 1,
            np.cumsum(i32.astype(np.int8)))   # NumPy accumulates int8 in int64


def test_jit_dtypes_are_numpys():
    i32 = numpy.arange(10, dtype=numpy.int32)
    f32 = numpy.linspace(0, 1, 10, dtype=numpy.float32)
    b = numpy.arange(10) % 2 == 0
    expected = _mixed(numpy, i32, f32, b)
    got = npjax.jit(_mixed)(npjax, npjax.array(i32), npjax.array(f32), npjax.array(b))
    assert_same(expected, got, rtol=1e-6)
    ref = jax.jit(lambda *a: _mixed(jnp, *a))(i32, f32, b)
    for r, g in zip(ref, got):
        numpy.testing.assert_allclose(numpy.asarray(g), numpy.asarray(r), rtol=1e-6)


def test_jit_takes_numpy_jax_and_host_arrays_and_pytrees():
    Pair = collections.namedtuple("Pair", "x y")

    def f(p, d, scale):
        return {"sum": p.x + p.y * scale, "items": [d["a"] - 1, d["b"]]}, scale

    x, y = numpy.arange(6.0), numpy.ones(6)
    expected = f(Pair(x, y), {"a": x, "b": 3}, 2)
    for conv in (numpy.asarray, jnp.asarray, npjax.asarray):
        got = npjax.jit(f)(Pair(conv(x), conv(y)), {"a": conv(x), "b": 3}, 2)
        assert got[1] == 2 and type(got[1]) is int      # a static input returned as is
        assert_same(expected[0]["sum"], got[0]["sum"])
        assert_same(expected[0]["items"][0], got[0]["items"][0])
        assert got[0]["items"][1] == 3


def test_jit_decorator_forms_and_methods():
    @npjax.jit
    def double(a):
        return a * 2

    @npjax.jit(static_argnames="k")
    def power(a, k):
        return a ** k

    class Model:
        scale = 3.0

        @npjax.jit
        def apply(self, a):
            return a * self.scale

    x = numpy.arange(4.0)
    assert_same(x * 2, double(x))
    assert_same(x ** 3, power(x, k=3))
    assert_same(x * 3.0, Model().apply(x))
    assert double.__name__ == "double" and double.__wrapped__ is not None


# ---- jit: mutation ----------------------------------------------------------------------------
def _update(a, b):
    a[0] = 5.0
    a[2:4] += b[:2]
    b *= 2
    return a.sum()


@pytest.mark.parametrize("make", [numpy.array, npjax.array], ids=["numpy", "npjax"])
def test_mutation_inside_jit_reaches_the_caller(make, device_tier):
    na, nb = numpy.zeros(6), numpy.arange(6.0)
    expected = _update(na, nb)
    a, b = make(numpy.zeros(6)), make(numpy.arange(6.0))
    got = npjax.jit(_update)(a, b)
    assert got == expected
    assert_same(na, npjax.asarray(a))
    assert_same(nb, npjax.asarray(b))


def test_mutation_through_out_views_aliases_and_returned_inputs(device_tier):
    def f(a, v, c):
        npjax.add(a, 1.0, out=a)
        v[0] = -7.0            # v is a view of a: a sees it
        c[...] = a[:3]         # c is a view of a too
        return a, v

    na = numpy.arange(8.0)
    a = npjax.array(na)
    out_a, out_v = npjax.jit(f)(a, a[2:5], a[5:])
    f(na, na[2:5], na[5:])
    assert_same(na, a)
    assert out_a is a                           # NumPy returns the argument itself
    out_v[1] = 100.0                            # ...and views stay views of it
    assert float(a[3]) == 100.0


def test_mutation_of_global_arrays_and_fresh_global_reads(device_tier):
    global _GRID
    _GRID = npjax.zeros(5)

    @npjax.jit
    def bump(x):
        _GRID[1:3] += x
        return _GRID.sum()

    assert bump(2.0) == 4.0
    assert_same(numpy.array([0.0, 2, 2, 0, 0]), _GRID)
    _GRID = npjax.ones(5)                       # rebinding the global: read afresh
    assert bump(1.0) == 7.0
    assert _events("jit(test_mutation_of_global_arrays_and_fresh_global_reads.<locals>"
                   ".bump)")["compiles"] == 2   # a new static value (1.0)


_GRID = None


def test_closure_arrays_are_inputs_and_pending_attributes_are_computed_first():
    state = npjax.zeros(4)

    def accumulate(x):
        state[...] += x            # a closure array written in place
        return state * 1

    for i in range(3):
        npjax.jit(accumulate)(numpy.full(4, float(i)))   # written inline: one compile
    assert_same(numpy.full(4, 3.0), state)
    assert _events("jit(test_closure_arrays_are_inputs_and_pending_attributes_are_computed"
                   "_first.<locals>.accumulate)")["compiles"] == 1

    class Holder:
        pass
    h = Holder()
    h.w = npjax.ones(100_000) * 3.0            # still a pending lazy result
    got = npjax.jit(lambda a: a + h.w)(numpy.ones(100_000))
    assert_same(numpy.full(100_000, 4.0), got)
    assert_same(numpy.full(100_000, 4.0), h.w + 1)


def test_errors_are_the_uncompiled_functions_own():
    def f(a):
        a[0] = 1.0          # a JAX array is immutable
        return a
    with pytest.raises(TypeError, match="immutable"):
        f(jnp.zeros(3))
    with pytest.raises(TypeError, match="immutable"):
        npjax.jit(f)(jnp.zeros(3))

    def g(a, i):
        return a[i]
    with pytest.raises(IndexError):
        npjax.jit(g)(npjax.zeros(3), 5)


# ---- jit: caching, statics, recompiles ------------------------------------------------------
def test_python_scalars_are_static_and_shapes_key_the_cache():
    f = npjax.jit(_step)
    npjax.stats(reset=True)
    x = npjax.ones(1000)
    for _ in range(100):
        f(npjax, x, 3)
    name = "jit(_step)"
    assert _events(name) == {"calls": 100, "compiles": 1,
                             "compile_seconds": _events(name)["compile_seconds"]}
    f(npjax, npjax.ones(1000), 2)       # a new static value: Python int controls the loop
    f(npjax, npjax.ones(2000), 3)       # a new shape
    f(npjax, npjax.ones(1000, dtype=numpy.float32), 3)   # a new dtype
    assert _events(name)["compiles"] == 4
    assert npjax.stats()["lazy"]["jit_compiles"] == 4
    npjax.clear_caches()
    f(npjax, x, 3)
    assert _events(name)["compiles"] == 5


def test_too_many_shapes_run_eagerly_once_warned():
    f = npjax.jit(lambda a: a + 1)
    old = npjax.config.recompile_limit
    npjax.config.recompile_limit = 2
    try:
        f(numpy.ones(1))
        f(numpy.ones(2))
        with pytest.warns(npjax.RecompileWarning, match="recompile_limit"):
            got = f(numpy.ones(3))
        assert_same(numpy.full(3, 2.0), got)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            f(numpy.ones(4))
    finally:
        npjax.config.recompile_limit = old


def test_unhashable_argument_runs_eagerly():
    def f(a, s):
        return a * len(s)
    with pytest.warns(npjax.JitFallbackWarning, match="hashable"):
        assert_same(numpy.arange(3.0) * 2, npjax.jit(f)(numpy.arange(3.0), {1, 2}))


# ---- jit: what cannot be traced runs eagerly ----------------------------------------------------
def test_data_dependent_if_runs_eagerly_once_warned():
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
    ev = _events("jit(test_data_dependent_if_runs_eagerly_once_warned.<locals>.branchy)")
    assert ev["eager"] == 2 and "compiles" not in ev    # decided once, not retraced
    reason = npjax.stats()["transform_reasons"]
    assert any("Conversion" in r or "Concretization" in r for r in reason.values()), reason


def test_numpy_fallback_inside_jit_is_not_run_on_tracers(device_tier):
    def f(a):
        return npjax.emath.sqrt(a) * 2
    npjax.stats(reset=True)
    with pytest.warns(npjax.JitFallbackWarning, match="emath.sqrt"), \
            pytest.warns(npjax.NumPyFallbackWarning):
        got = npjax.jit(f)(npjax.array([-4.0, 4.0]))
    assert_same(numpy.emath.sqrt(numpy.array([-4.0, 4.0])) * 2, got)
    assert npjax.stats()["fallbacks"] == {"emath.sqrt": 1}   # only the eager run
    with pytest.raises(npjax.FallbackError, match="inside a JAX transformation"):
        jax.jit(lambda x: npjax.emath.sqrt(npjax.asarray(x)))(jnp.ones(3))


def test_random_draws_inside_jit_run_eagerly_with_numpys_numbers():
    def noisy(a):
        return a + npjax.random.standard_normal(a.shape)
    npjax.random.seed(3)
    with pytest.warns(npjax.JitFallbackWarning, match="random"):
        got = npjax.jit(noisy)(numpy.zeros(4))
    after = npjax.random.standard_normal(2)    # the stream continues where NumPy's does
    numpy.random.seed(3)
    assert_same(numpy.zeros(4) + numpy.random.standard_normal(4), got)
    assert_same(numpy.random.standard_normal(2), after)


def test_host_by_choice_functions_compile(device_tier):
    def f(a):
        return npjax.median(a) + npjax.percentile(a, 30)
    x = numpy.linspace(0, 1, 11) ** 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = npjax.jit(f)(npjax.array(x))
    assert_same(numpy.median(x) + numpy.percentile(x, 30), got)


def test_jit_composes_with_grad_and_itself():
    inner = npjax.jit(lambda a: (npjax.sin(a) ** 2).sum())
    outer = npjax.jit(lambda a: inner(a) * 2)
    x = numpy.linspace(0, 1, 5)
    numpy.testing.assert_allclose(outer(x), 2 * (numpy.sin(x) ** 2).sum(), rtol=1e-13)
    g = npjax.grad(inner)(x)
    assert_same(2 * numpy.sin(x) * numpy.cos(x), g, rtol=1e-13)


# ---- grad / value_and_grad -----------------------------------------------------------------------
def test_grad_matches_jax_grad():
    def loss(w, x):
        return ((npjax.tanh(x @ w) - 0.5) ** 2).mean()
    w0 = numpy.linspace(-1.0, 1.0, 4)
    x = numpy.linspace(0.0, 1.0, 40).reshape(10, 4)
    g = npjax.grad(loss)(npjax.array(w0), npjax.array(x))
    ref = jax.grad(lambda w: ((jnp.tanh(jnp.asarray(x) @ w) - 0.5) ** 2).mean())(
        jnp.asarray(w0))
    assert isinstance(g, npjax.ndarray) and g.dtype == numpy.float64
    numpy.testing.assert_allclose(numpy.asarray(g), numpy.asarray(ref), rtol=1e-12)
    gx = npjax.grad(loss, argnums=1)(w0, x)
    refx = jax.grad(lambda xx: ((jnp.tanh(xx @ w0) - 0.5) ** 2).mean())(jnp.asarray(x))
    numpy.testing.assert_allclose(numpy.asarray(gx), numpy.asarray(refx), rtol=1e-12)


def test_value_and_grad_analytic_scalars_aux_and_pytrees():
    value, dx = npjax.value_and_grad(lambda t: npjax.sin(t) * t)(0.7)
    assert type(value) is numpy.float64 and type(dx) is numpy.float64
    numpy.testing.assert_allclose(dx, numpy.cos(0.7) * 0.7 + numpy.sin(0.7), rtol=1e-14)
    assert type(npjax.grad(lambda t: t * t)(3)) is numpy.float64    # int: NumPy's float
    (v, aux), (gw, gx) = npjax.value_and_grad(
        lambda a, b: ((a * b).sum(), a.max()), argnums=(0, 1), has_aux=True)(
        numpy.arange(3.0), numpy.ones(3))
    assert v == 3.0 and aux == 2.0
    assert_same(numpy.ones(3), gw)
    assert_same(numpy.arange(3.0), gx)
    g = npjax.grad(lambda p: p["a"] ** 2 + (p["b"] ** 3).sum())(
        {"a": 3.0, "b": numpy.array([1.0, 2.0])})
    assert g["a"] == 6.0
    assert_same(numpy.array([3.0, 12.0]), g["b"])
    g32 = npjax.grad(lambda a: (a * a).sum())(numpy.ones(3, numpy.float32))
    assert g32.dtype == numpy.float32


def test_grad_is_compiled_once_and_errors_are_jaxs():
    f = npjax.grad(lambda w: (npjax.exp(w) * w).sum())
    npjax.stats(reset=True)
    w = numpy.linspace(0, 1, 6)
    for _ in range(20):
        w = w - 0.01 * f(w)
    assert _events("grad(test_grad_is_compiled_once_and_errors_are_jaxs.<locals>"
                   ".<lambda>)")["compiles"] == 1
    with pytest.raises(TypeError, match="scalar"):
        npjax.grad(lambda a: a * 2)(numpy.ones(3))
    with pytest.raises(TypeError):
        npjax.grad(lambda a: (a * 2).sum())(numpy.arange(3))     # integer input
    with pytest.raises((jax.errors.ConcretizationTypeError,
                        jax.errors.TracerArrayConversionError)):
        npjax.grad(lambda a: a.sum() if a.sum() > 0 else -a.sum())(numpy.ones(3))


# ---- vectorize --------------------------------------------------------------------------------
X = numpy.linspace(-2.0, 2.0, 12).reshape(3, 4)
I4 = numpy.arange(4)


def _vec_cases():
    return [
        ("square", lambda t: t * t, {}, (X,), {}),
        ("int_true_divide", lambda t: t / 2, {}, (I4,), {}),
        ("broadcast", lambda a, b: a + b, {}, (X, I4), {}),
        ("broadcast_column", lambda a, b: a * b, {}, (X[:, :1], I4), {}),
        ("compare", lambda a: a > 0, {}, (X,), {}),
        ("constant_output", lambda a: 1.5, {}, (X,), {}),
        ("two_outputs", lambda a: (a, a * 2), {}, (I4,), {}),
        ("otypes_float32", lambda a: a * 2, {"otypes": [numpy.float32]}, (I4,), {}),
        ("otypes_two", lambda a: (a, a / 3), {"otypes": "ld"}, (X,), {}),
        ("zero_d", lambda a: a + 1, {}, (numpy.array(3.0),), {}),
        ("python_scalar_arg", lambda a, b: a * b, {}, (X, 2), {}),
        ("float32_kept", lambda a: a * 0.5, {}, (X.astype(numpy.float32),), {}),
        ("int8_kept", lambda a: a + 1, {}, (I4.astype(numpy.int8),), {}),
        ("complex_abs", lambda a: abs(a), {}, (X + 1j,), {}),
        ("dot_signature", lambda a, b: (a * b).sum(), {"signature": "(n),(n)->()"},
         (X, numpy.ones(4)), {}),
        ("dot_signature_1d", lambda a, b: (a * b).sum(), {"signature": "(n),(n)->()"},
         (I4 * 1.0, numpy.ones(4)), {}),
        ("reverse_signature", lambda a: a[::-1], {"signature": "(n)->(n)"}, (X,), {}),
        ("matvec_signature", lambda m, v: m @ v, {"signature": "(m,n),(n)->(m)"},
         (numpy.arange(24.0).reshape(2, 3, 4), numpy.ones(4)), {}),
        ("two_out_signature", lambda a: (a.min(), a.max()), {"signature": "(n)->(),()"},
         (X,), {}),
        ("excluded_position", lambda a, p: a * p[0] + p[1], {"excluded": {1}},
         (X, [2.0, 3.0]), {}),
        ("excluded_name", lambda a, p=None: a * p[0], {"excluded": {"p"}},
         (X,), {"p": [3.0]}),
        ("mapped_keyword", lambda a, b=1.0: a - b, {}, (X,), {"b": I4}),
        ("empty_with_otypes", lambda a: a, {"otypes": "d"}, (numpy.zeros((0, 3)),), {}),
        ("empty_without_otypes", lambda a: a, {}, (numpy.zeros(0),), {}),
        ("array_output_without_signature", lambda a: a * numpy.ones(2), {}, (X,), {}),
        ("wrong_output_count", lambda a: (a.sum(), a.sum()), {"signature": "(n)->()"},
         (X,), {}),
        ("bad_broadcast", lambda a, b: a + b, {}, (X, numpy.ones(3)), {}),
        ("elementwise_scalar", lambda a, b: a * 2 + b, {}, (X, 1.5), {}),
        ("excluded_scalar", lambda a, b: a + b, {"excluded": {1}}, (X, 2.0), {}),
        ("otypes_int_from_bool", lambda a: a > 0.5, {"otypes": [int]}, (X,), {}),
        ("numpy_scalar_input", lambda a: a * 3, {}, (numpy.float64(2.0),), {}),
        ("broadcast_signature", lambda a, b: (a * b).sum(), {"signature": "(n),(n)->()"},
         (X, X[0]), {}),
        ("too_few_core_dims", lambda a: a.sum(), {"signature": "(m,n)->()"}, (I4,), {}),
    ]


@pytest.mark.parametrize("case", _vec_cases(), ids=lambda c: c[0])
def test_vectorize_matches_numpy(case, tier):
    _, fn, opts, args, kwargs = case
    expected = _outcome(lambda: numpy.vectorize(fn, **opts)(*args, **kwargs))
    nargs = [npjax.array(a) if isinstance(a, numpy.ndarray) else a for a in args]
    nkw = {k: npjax.array(v) if isinstance(v, numpy.ndarray) else v
           for k, v in kwargs.items()}
    vec = npjax.vectorize(fn, **opts)
    if isinstance(expected, Exception):
        with pytest.raises(type(expected)):
            vec(*nargs, **nkw)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = vec(*nargs, **nkw)
    assert_same(expected, got, rtol=1e-6)
    if tier == "device" and any(isinstance(a, numpy.ndarray) and a.size for a in args):
        outs = got if isinstance(got, tuple) else (got,)
        assert all(not o._on_host for o in outs)    # computed by the vmapped function


def _outcome(fn):
    try:
        return fn()
    except Exception as err:      # the exception type is what the test compares
        return err


def test_vectorize_untraceable_function_falls_back_to_numpy(device_tier):
    def clip(a, lo):
        return a if a > lo else lo             # Python control flow on values
    x = numpy.linspace(-1, 1, 7)
    npjax.stats(reset=True)
    with pytest.warns(npjax.NumPyFallbackWarning, match="vectorize"):
        got = npjax.vectorize(clip)(npjax.array(x), 0.0)
    assert_same(numpy.vectorize(clip)(x, 0.0), got)
    assert npjax.stats()["fallbacks"] == {"vectorize": 1}
    assert "Conversion" in npjax.stats()["fallback_reasons"]["vectorize"]


def test_vectorize_decorators_class_and_compiles_once(device_tier):
    @npjax.vectorize
    def plain(a):
        return a * 3

    @npjax.vectorize(otypes=[float])
    def as_float(a):
        return a

    assert isinstance(npjax.vectorize, type) and plain.__name__ == "plain"
    assert_same(numpy.arange(3) * 3, plain(npjax.arange(3)))
    assert_same(numpy.arange(3.0), as_float(npjax.arange(3)))
    npjax.stats(reset=True)
    for _ in range(10):
        plain(npjax.arange(5))
        npjax.vectorize(_triple)(npjax.arange(5))   # a new vectorize of the same function
    assert _events("vectorize(test_vectorize_decorators_class_and_compiles_once.<locals>"
                   ".plain)")["compiles"] == 1
    assert _events("vectorize(_triple)")["compiles"] == 1


def _triple(a):
    return a * 3


def test_vectorize_inside_jit():
    f = npjax.jit(lambda a: npjax.vectorize(lambda t: t * t + 1)(a).sum())
    x = numpy.arange(5.0)
    assert f(x) == (x * x + 1).sum()
