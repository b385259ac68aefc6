"""npjax.scipy.optimize on optimistix: SciPy's solutions and result fields, derivatives by
JAX autodiff (the objective is traced, not called per evaluation), recorded fallbacks to
SciPy for what cannot run on JAX, SciPy's exceptions for bad input."""
import math
import warnings

import numpy
import pytest
import scipy.optimize

import npjax
from npjax.scipy import optimize


def rosen(x):
    """scipy.optimize.rosen written with array operations (npjax arrays in a solve)."""
    return (100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()


def rosen_der(x):
    xm, xm_m1, xm_p1 = x[1:-1], x[:-2], x[2:]
    middle = 200 * (xm - xm_m1 ** 2) - 400 * (xm_p1 - xm ** 2) * xm - 2 * (1 - xm)
    first = -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0])
    last = 200 * (x[-1] - x[-2] ** 2)
    return npjax.concatenate([npjax.reshape(first, (1,)), middle, npjax.reshape(last, (1,))])


def rosen_hess(x):
    off = npjax.diag(-400 * x[:-1], 1) + npjax.diag(-400 * x[:-1], -1)
    first = npjax.reshape(1200 * x[0] ** 2 - 400 * x[1] + 2, (1,))
    middle = 202 + 1200 * x[1:-1] ** 2 - 400 * x[2:]
    return off + npjax.diag(npjax.concatenate([first, middle, npjax.full(1, 200.0)]))


def _start(method, n):
    if n == 2:
        return numpy.array([-1.2, 1.0])
    # SciPy's Nelder-Mead does not reach the 10-D minimum from 0 in its 2000 evaluations
    return numpy.full(n, 0.8) if method == "Nelder-Mead" else numpy.zeros(n)


# ---- minimize ----------------------------------------------------------------------------
@pytest.mark.parametrize("n", [2, 10])
@pytest.mark.parametrize("method", ["BFGS", "CG", "L-BFGS-B", "Newton-CG", "Nelder-Mead"])
def test_minimize_rosenbrock_matches_scipy(method, n):
    calls = []

    def fun(x):
        calls.append(1)
        return rosen(x)
    x0 = _start(method, n)
    # Newton-CG requires a jac (its Hessian-vector products are then autodiff of it)
    newton = method == "Newton-CG"
    res = optimize.minimize(fun, x0, method=method, jac=rosen_der if newton else None)
    ref = scipy.optimize.minimize(scipy.optimize.rosen, x0, method=method,
                                  jac=scipy.optimize.rosen_der if newton else None)
    assert type(res) is scipy.optimize.OptimizeResult
    assert set(res) == set(ref)
    assert res.success and res.status == 0 and isinstance(res.message, str)
    x = numpy.asarray(res.x)
    assert isinstance(res.x, npjax.ndarray) and x.dtype == numpy.float64 and x.shape == (n,)
    atol = 2e-4 if method in ("Nelder-Mead", "L-BFGS-B") else 5e-5
    numpy.testing.assert_allclose(x, ref.x, atol=atol)
    numpy.testing.assert_allclose(x, numpy.ones(n), atol=atol)
    assert type(res.fun) is type(ref.fun) and res.fun < 1e-5
    assert 0 < res.nit and res.nfev >= res.nit
    if method in ("BFGS", "CG"):                 # SciPy's test: |gradient|_inf <= gtol
        assert numpy.abs(numpy.asarray(res.jac)).max() <= 1e-5
    if method != "Nelder-Mead":
        assert res.njev == res.nit + 1
    # derivatives by autodiff: the Python objective only ran while being traced (a few
    # calls), not once per evaluation and n + 1 times per finite-difference gradient
    assert len(calls) <= 8 < res.nfev
    assert len(calls) < ref.nfev


def test_minimize_default_method_and_result_arrays(tier):
    npjax.stats(reset=True)
    x0 = npjax.array([-1.2, 1.0])
    res = optimize.minimize(rosen, x0)                       # BFGS, as SciPy chooses
    ref = scipy.optimize.minimize(scipy.optimize.rosen, numpy.asarray(x0))
    assert isinstance(res.x, npjax.ndarray)
    assert (type(res.x) is numpy.ndarray) == (tier == "host")   # results placed by size
    numpy.testing.assert_allclose(numpy.asarray(res.x), ref.x, atol=5e-5)
    hess_inv = numpy.asarray(res.hess_inv)
    assert hess_inv.shape == (2, 2) and numpy.allclose(hess_inv, hess_inv.T)
    assert npjax.stats()["fallbacks"] == {}


@pytest.mark.parametrize("form", ["jac=True", "jac callable"])
def test_minimize_uses_the_users_gradient(form):
    jac_calls = []

    def both(x):
        jac_calls.append(1)
        return rosen(x), rosen_der(x)

    def jac(x):
        jac_calls.append(1)
        return rosen_der(x)
    x0 = numpy.array([-1.2, 1.0])
    if form == "jac=True":
        res = optimize.minimize(both, x0, jac=True)
    else:
        res = optimize.minimize(rosen, x0, jac=jac)
    ref = scipy.optimize.minimize(scipy.optimize.rosen, x0, jac=scipy.optimize.rosen_der)
    assert res.success and 0 < len(jac_calls) <= 8
    numpy.testing.assert_allclose(numpy.asarray(res.x), ref.x, atol=5e-5)
    # the reported gradient is the user's function at the solution
    numpy.testing.assert_allclose(numpy.asarray(res.jac),
                                  scipy.optimize.rosen_der(numpy.asarray(res.x)), atol=1e-12)


@pytest.mark.parametrize("form", ["hess", "hessp"])
def test_newton_cg_uses_the_users_hessian(form):
    calls = []

    def hess(x):
        calls.append(1)
        return rosen_hess(x)

    def hessp(x, p):
        calls.append(1)
        return rosen_hess(x) @ p
    x0 = numpy.array([-1.2, 1.0, 0.5])
    kwargs = {"hess": hess} if form == "hess" else {"hessp": hessp}
    res = optimize.minimize(rosen, x0, method="Newton-CG", jac=rosen_der, **kwargs)
    ref = scipy.optimize.minimize(
        scipy.optimize.rosen, x0, method="Newton-CG", jac=scipy.optimize.rosen_der,
        **({"hess": scipy.optimize.rosen_hess} if form == "hess" else
           {"hessp": scipy.optimize.rosen_hess_prod}))
    assert res.success and 0 < len(calls) <= 8 and res.nhev > 0
    numpy.testing.assert_allclose(numpy.asarray(res.x), ref.x, atol=5e-5)


def test_minimize_options_and_tol_are_scipys():
    x0 = numpy.array([-1.2, 1.0])
    loose = optimize.minimize(rosen, x0, method="BFGS", tol=1e-2)
    assert loose.success and numpy.abs(numpy.asarray(loose.jac)).max() <= 1e-2
    capped = optimize.minimize(rosen, x0, method="BFGS", options={"maxiter": 3})
    assert not capped.success and capped.status == 1 and capped.nit == 3
    assert capped.message == "Maximum number of iterations has been exceeded."
    nm = optimize.minimize(rosen, x0, method="Nelder-Mead", options={"maxfev": 30})
    assert nm.status == 1 and nm.nfev >= 30
    assert nm.message == "Maximum number of function evaluations has been exceeded."
    sim, fsim = nm.final_simplex
    assert sim.shape == (3, 2) and numpy.all(numpy.diff(fsim) >= 0)


# ---- least squares --------------------------------------------------------------------------
_T = numpy.linspace(0, 4, 50)
_Y = 2.5 * numpy.exp(-1.3 * _T) + 0.01 * numpy.sin(7 * _T)


def test_curve_fit_exponential_decay_matches_scipy():
    calls = []

    def model(x, a, b):
        calls.append(1)
        return a * npjax.exp(-b * x)
    sigma = numpy.linspace(0.5, 1.5, _T.size)
    popt, pcov = optimize.curve_fit(model, _T, _Y, p0=[1.0, 1.0], sigma=sigma)
    ref_popt, ref_pcov = scipy.optimize.curve_fit(lambda x, a, b: a * numpy.exp(-b * x),
                                                  _T, _Y, p0=[1.0, 1.0], sigma=sigma)
    for got, expected in ((popt, ref_popt), (pcov, ref_pcov)):
        assert isinstance(got, npjax.ndarray) and got.dtype == expected.dtype
        assert got.shape == expected.shape
    numpy.testing.assert_allclose(numpy.asarray(popt), ref_popt, rtol=1e-7)
    numpy.testing.assert_allclose(numpy.asarray(pcov), ref_pcov, rtol=1e-5)
    assert len(calls) <= 6


@pytest.mark.parametrize("method", ["lm", "dogbox"])
def test_least_squares_matches_scipy(method):
    def residuals(p, t, y):
        return p[0] * npjax.exp(-p[1] * t) - y
    res = optimize.least_squares(residuals, numpy.ones(2), args=(_T, _Y), method=method)
    ref = scipy.optimize.least_squares(lambda p: p[0] * numpy.exp(-p[1] * _T) - _Y,
                                       numpy.ones(2), method=method)
    assert set(res) == set(ref) and res.success and 1 <= res.status <= 4
    numpy.testing.assert_allclose(numpy.asarray(res.x), ref.x, rtol=1e-6)
    assert res.cost == pytest.approx(ref.cost, rel=1e-9)
    numpy.testing.assert_allclose(numpy.asarray(res.jac), ref.jac, rtol=1e-5, atol=1e-7)
    assert numpy.asarray(res.fun).shape == (_T.size,) and res.optimality < 1e-6
    assert res.nfev > 0 and "termination condition" in res.message


def test_root_of_a_nonlinear_system_matches_scipy():
    def f(v):
        return npjax.array([v[0] + 0.5 * (v[0] - v[1]) ** 3 - 1.0,
                            0.5 * (v[1] - v[0]) ** 3 + v[1]])
    res = optimize.root(f, [0.0, 0.0])
    ref = scipy.optimize.root(lambda v: numpy.array([v[0] + 0.5 * (v[0] - v[1]) ** 3 - 1.0,
                                                     0.5 * (v[1] - v[0]) ** 3 + v[1]]),
                              [0.0, 0.0])
    assert set(res) == set(ref)
    assert res.success and res.status == ref.status == 1 and res.message == ref.message
    numpy.testing.assert_allclose(numpy.asarray(res.x), ref.x, atol=1e-9)
    numpy.testing.assert_allclose(numpy.asarray(res.fun), 0.0, atol=1e-9)
    assert res.method == "hybr" and res.nfev > 0


# ---- scalar problems -------------------------------------------------------------------------
def _cubic(x):
    return x ** 3 - 2.0


def test_bracketing_roots_match_scipy():
    root = optimize.brentq(_cubic, 0, 2)
    assert type(root) is float
    assert root == pytest.approx(scipy.optimize.brentq(_cubic, 0, 2), abs=4e-12)
    # bisection is the same algorithm as SciPy's: the same point, the same counts
    x, info = optimize.bisect(lambda x: npjax.cos(x) - x, 0, 1, full_output=True)
    ref_x, ref_info = scipy.optimize.bisect(lambda x: numpy.cos(x) - x, 0, 1, full_output=True)
    assert x == pytest.approx(ref_x, abs=1e-15)
    assert (info.iterations, info.function_calls, info.converged) == \
        (ref_info.iterations, ref_info.function_calls, True)
    r = optimize.root_scalar(_cubic, bracket=[0, 2])
    assert type(r) is scipy.optimize.RootResults and r.converged and r.method == "brentq"
    assert r.root == pytest.approx(2 ** (1 / 3), abs=4e-12)
    with pytest.raises(RuntimeError, match="Failed to converge after 3 iterations"):
        optimize.bisect(_cubic, 0, 2, maxiter=3)


def test_newton_matches_scipy():
    x = optimize.newton(lambda x: x ** 2 - 3, 1.0)
    ref = scipy.optimize.newton(lambda x: x ** 2 - 3, 1.0)
    assert type(x) is type(ref) and x == pytest.approx(ref, abs=1e-12)
    r = optimize.root_scalar(_cubic, x0=1.0, fprime=lambda x: 3 * x ** 2)
    ref_r = scipy.optimize.root_scalar(_cubic, x0=1.0, fprime=lambda x: 3 * x ** 2)
    assert r.converged and r.method == "newton" and r.root == pytest.approx(ref_r.root)


@pytest.mark.parametrize("kwargs", [dict(bounds=(0, 5)), dict(), dict(method="golden"),
                                    dict(bracket=(0, 1, 5))], ids=str)
def test_minimize_scalar_matches_scipy(kwargs):
    res = optimize.minimize_scalar(lambda x: (x - 1.7) ** 2 + 3, **kwargs)
    ref = scipy.optimize.minimize_scalar(lambda x: (x - 1.7) ** 2 + 3, **kwargs)
    assert set(res) == set(ref) and res.success and res.message == ref.message
    assert type(res.x) is type(ref.x) and type(res.fun) is type(ref.fun)
    assert res.x == pytest.approx(ref.x, abs=1e-5 if "bounds" in kwargs else 1e-7)
    assert res.fun == pytest.approx(ref.fun, abs=1e-10) and res.nfev >= res.nit > 0


# ---- fallbacks and errors ---------------------------------------------------------------------
def _branchy(x):
    if x[0] > 0:                          # Python control flow on a value
        return (x ** 2).sum()
    return (x ** 4).sum()


@pytest.mark.parametrize("fun", [
    _branchy,
    lambda x: float(numpy.sum(numpy.asarray(x) ** 2)),   # a float computed by real NumPy
    lambda x: optimize.rosen(x) * 1.0,                   # a function npjax runs on SciPy
], ids=["branch", "numpy-float", "served"])
def test_untraceable_objective_runs_scipy_as_a_recorded_fallback(fun):
    npjax.stats(reset=True)
    x0 = numpy.array([0.5, 0.8, 1.2])
    with pytest.warns(npjax.NumPyFallbackWarning, match="cannot be traced"):
        res = optimize.minimize(fun, x0)
    ref = scipy.optimize.minimize(fun, x0)
    numpy.testing.assert_array_equal(numpy.asarray(res.x), ref.x)      # SciPy's own run
    assert res.nfev == ref.nfev
    assert npjax.stats()["fallbacks"] == {"scipy.optimize.minimize": 1}
    assert "cannot be traced" in npjax.stats()["fallback_reasons"]["scipy.optimize.minimize"]


def test_untraceable_scalar_function_falls_back():
    npjax.stats(reset=True)
    with pytest.warns(npjax.NumPyFallbackWarning, match="cannot be traced"):
        root = optimize.brentq(lambda x: math.cos(x) - x, 0, 1)
    assert root == scipy.optimize.brentq(lambda x: math.cos(x) - x, 0, 1)
    assert npjax.stats()["fallbacks"] == {"scipy.optimize.brentq": 1}


def test_bounds_and_unsupported_options_fall_back():
    npjax.stats(reset=True)
    with pytest.warns(npjax.NumPyFallbackWarning, match="bounds"):
        res = optimize.minimize(rosen, numpy.zeros(2), method="L-BFGS-B",
                                bounds=[(0, 0.5), (0, 0.5)])
    ref = scipy.optimize.minimize(scipy.optimize.rosen, numpy.zeros(2), method="L-BFGS-B",
                                  bounds=[(0, 0.5), (0, 0.5)])
    numpy.testing.assert_allclose(numpy.asarray(res.x), ref.x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)
        optimize.least_squares(lambda p: p - 3.0, numpy.zeros(2), bounds=(0, 1))
        optimize.minimize(rosen, numpy.zeros(2), method="Powell")
    assert npjax.stats()["fallbacks"] == {"scipy.optimize.minimize": 2,
                                          "scipy.optimize.least_squares": 1}


@pytest.mark.parametrize("call", [
    lambda m: m.minimize(scipy.optimize.rosen, numpy.zeros((2, 2))),
    lambda m: m.minimize(scipy.optimize.rosen, numpy.zeros(2), method="no-such-method"),
    lambda m: m.minimize(scipy.optimize.rosen, numpy.zeros(2), method="Newton-CG"),
    lambda m: m.minimize(scipy.optimize.rosen, numpy.zeros(2), method="Newton-CG",
                         jac="2-point"),
    lambda m: m.minimize(lambda x: x * 2.0, numpy.zeros(2)),
    lambda m: m.least_squares(lambda p: p, numpy.zeros(2), method="no-such-method"),
    lambda m: m.least_squares(lambda p: p, numpy.zeros((2, 2))),
    lambda m: m.curve_fit(lambda x, a: a * x, [1.0, 2.0], [1.0, numpy.nan]),
    lambda m: m.root(lambda v: v * 2.0, [1.0], method="no-such-method"),
    lambda m: m.brentq(_cubic, 2, 3),
    lambda m: m.brentq(_cubic, 0, 2, xtol=0),
    lambda m: m.minimize_scalar(lambda x: x ** 2, bounds=(0, 1), method="brent"),
    lambda m: m.minimize_scalar(lambda x: x ** 2, bounds=(1, 0)),
    lambda m: m.root_scalar(_cubic),
], ids=lambda c: "")
def test_bad_input_raises_scipys_exception(call):
    with pytest.raises(Exception) as expected:
        call(scipy.optimize)
    npjax.stats(reset=True)
    with pytest.raises(expected.type, match=None) as got:
        call(optimize)
    assert str(got.value) == str(expected.value)
    assert npjax.stats()["fallbacks"] == {}       # rejected before any fallback


def test_root_output_shape_mismatch_is_scipys_type_error():
    def f(v):
        return npjax.array([v[0], v[1], v[0]])
    with pytest.raises(TypeError) as expected:
        scipy.optimize.root(lambda v: numpy.array([v[0], v[1], v[0]]), [1.0, 1.0])
    with pytest.raises(TypeError) as got:
        optimize.root(f, [1.0, 1.0])
    assert str(got.value) == str(expected.value)


def test_served_names_are_scipys():
    assert optimize.OptimizeResult is scipy.optimize.OptimizeResult
    assert optimize.Bounds is scipy.optimize.Bounds
    assert optimize.minimize._npjax_impl == "native"
    assert {"minimize", "curve_fit", "rosen", "linprog"} <= set(dir(optimize))
