"""Parity of npjax.scipy.linalg with scipy.linalg on both tiers.

Results are compared in value, dtype, shape and kind; factors defined only up to sign
(svd, eigh) by their invariants. SciPy's errors (ValueError for NaN/inf with check_finite,
LinAlgError for singular or non-positive-definite input) must be raised on the device too,
and a native device call must not fall back.
"""
import warnings

import numpy
import pytest
import scipy.linalg as sl

import npjax
import npjax.scipy.linalg as L
from conftest import assert_same, to_npjax

R = numpy.random.default_rng(11)
A4 = R.normal(size=(4, 4)) + 4 * numpy.eye(4)
SPD = A4 @ A4.T
B42 = R.normal(size=(4, 2))
B4 = R.normal(size=4)
AS = R.normal(size=(2, 3, 3)) + 3 * numpy.eye(3)
SING = numpy.array([[1.0, 2.0], [2.0, 4.0]])
NAN = numpy.array([[1.0, numpy.nan], [0.0, 1.0]])
M53 = R.normal(size=(5, 3))


# every native call on device arrays must run on JAX (conftest.no_fallback)
pytestmark = pytest.mark.usefixtures("no_fallback")


def lp(name, *args, rtol=1e-9, atol=1e-12, **kwargs):
    """scipy.linalg.<name> vs npjax.scipy.linalg.<name>: same result or same exception."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sl.LinAlgWarning)
            expected = getattr(sl, name)(*args, **kwargs)
    except Exception as err:
        with pytest.raises(type(err)):
            getattr(L, name)(*to_npjax(args), **to_npjax(kwargs))
        return err
    got = getattr(L, name)(*to_npjax(args), **to_npjax(kwargs))
    assert_same(expected, got, rtol=rtol, atol=atol)
    return got


def tol(dtype):
    return dict(rtol=2e-5, atol=1e-5) if numpy.dtype(dtype) in (numpy.float32,
                                                                 numpy.complex64) else {}


@pytest.mark.parametrize("a", [A4, AS, A4.astype(numpy.float32), numpy.array([[4, 1], [2, 3]]),
                               numpy.zeros((0, 0)), A4 + 1j * numpy.eye(4), SING, NAN,
                               numpy.ones(3), numpy.ones((2, 3))])
def test_inv_det(tier, a):
    lp("inv", a, **tol(a.dtype))
    lp("det", a, **tol(a.dtype))


def test_inv_check_finite_off(tier):
    got = L.inv(npjax.array(NAN), check_finite=False)
    assert numpy.isnan(numpy.asarray(got)).any()


@pytest.mark.parametrize("assume_a", [None, "gen", "sym", "her", "pos", "upper triangular",
                                      "lower triangular", "diagonal"])
def test_solve(tier, assume_a):
    lp("solve", SPD, B42, assume_a=assume_a)
    lp("solve", SPD, B4, assume_a=assume_a, lower=True)
    if assume_a in (None, "pos"):
        lp("solve", SPD.astype(numpy.float32), B4.astype(numpy.float32), assume_a=assume_a,
           rtol=1e-4, atol=1e-5)


def test_solve_errors_and_edges(tier):
    lp("solve", SING, numpy.ones(2))
    lp("solve", -SPD, B4, assume_a="pos")
    lp("solve", NAN, numpy.ones(2))
    lp("solve", A4, numpy.ones(3))                         # shapes
    lp("solve", numpy.array([[2.0]]), numpy.ones(3))        # 1x1 divides
    lp("solve", AS, R.normal(size=(2, 3, 1)))
    lp("solve", numpy.zeros((0, 0)), numpy.zeros(0))
    lp("solve", A4, B4, assume_a="bogus")


@pytest.mark.parametrize("kw", [{}, {"lower": True}, {"trans": 1}, {"trans": "C"},
                                {"unit_diagonal": True}])
def test_solve_triangular(tier, kw):
    a = numpy.tril(A4) if kw.get("lower") else numpy.triu(A4)
    lp("solve_triangular", a, B42, **kw)
    lp("solve_triangular", a, B4, **kw)
    z = a.copy()
    z[2, 2] = 0
    lp("solve_triangular", z, B4, **kw)


@pytest.mark.parametrize("a", [SPD, SPD.astype(numpy.float32), -SPD, NAN, numpy.stack([SPD, SPD]),
                               numpy.triu(SPD) + 7 * numpy.tril(numpy.ones((4, 4)), -1)])
def test_cholesky(tier, a):
    for lower in (False, True):
        lp("cholesky", a, lower=lower, **tol(a.dtype))
    if a.ndim == 2:
        c = lp("cho_factor", a, **tol(a.dtype))
        if not isinstance(c, Exception):
            lp("cho_solve", sl.cho_factor(a), B4.astype(a.dtype), **tol(a.dtype))


def test_lu(tier):
    lp("lu", A4)
    lp("lu", R.normal(size=(3, 5)))
    lp("lu", A4, permute_l=True)
    lp("lu", A4.astype(numpy.float32), **tol(numpy.float32))
    lp("lu_factor", A4)
    f = sl.lu_factor(A4)
    lp("lu_solve", f, B42)
    lp("lu_solve", f, B4, trans=1)
    lp("lu", NAN)


def test_lu_factor_singular_warns(tier):
    with pytest.warns(sl.LinAlgWarning):
        L.lu_factor(npjax.array(SING))


def test_qr(tier):
    lp("qr", A4)
    lp("qr", M53, mode="economic")
    lp("qr", M53, mode="r")
    lp("qr", A4, pivoting=True)
    lp("qr", M53.astype(numpy.float32), **tol(numpy.float32))


def test_svd_eigh(tier):
    s = lp("svd", M53, compute_uv=False)
    u, s2, vh = L.svd(npjax.array(M53))
    eu, es, evh = sl.svd(M53)
    assert (u.shape, s2.shape, vh.shape, u.dtype) == (eu.shape, es.shape, evh.shape, eu.dtype)
    numpy.testing.assert_allclose(numpy.asarray(u[:, :3] * s2) @ numpy.asarray(vh), M53,
                                  atol=1e-12)
    assert s.dtype == numpy.float64
    lp("eigh", SPD, eigvals_only=True)
    lp("eigvalsh", SPD)
    w, v = L.eigh(npjax.array(SPD))
    ew, ev = sl.eigh(SPD)
    assert_same(ew, w, rtol=1e-10)
    numpy.testing.assert_allclose(numpy.abs(numpy.asarray(v)), numpy.abs(ev), atol=1e-10)
    lp("eigh", NAN)


@pytest.mark.parametrize("name,args", [
    ("expm", (A4 / 4,)), ("expm", (AS / 3,)), ("expm", (numpy.zeros((0, 0)),)),
    ("expm", (numpy.array([[2.0]]),)), ("hessenberg", (A4,)), ("polar", (A4,)),
    ("block_diag", (A4, B42, B4)), ("block_diag", ()), ("toeplitz", (B4,)),
    ("toeplitz", (B4, B4[::-1] + 1)), ("circulant", (B4,)), ("hankel", (B4,)),
    ("hankel", (B4, B4)), ("companion", (B4,)), ("companion", (numpy.array([0.0, 1, 2]),)),
    ("leslie", (B4, B4[:3])), ("fiedler", (B4,)), ("convolution_matrix", (B4, 6)),
    ("solve_sylvester", (A4, A4.T, B42 @ B42.T)), ("expm_frechet", (A4 / 4, A4 / 3)),
    ("hilbert", (4,)), ("pascal", (5,)), ("dft", (3,)),
    ("helmert", (4,)), ("hadamard", (4,)), ("invhilbert", (3,))])
def test_other_functions(tier, name, args):
    lp(name, *args, rtol=1e-8, atol=1e-10)


def test_eigh_tridiagonal(tier):
    d, e = B4, B4[:3]
    lp("eigh_tridiagonal", d, e, eigvals_only=True)
    w, v = L.eigh_tridiagonal(npjax.array(d), npjax.array(e))
    t = numpy.diag(d) + numpy.diag(e, 1) + numpy.diag(e, -1)
    assert_same(sl.eigh_tridiagonal(d, e)[0], w, rtol=1e-10)
    numpy.testing.assert_allclose(t @ numpy.asarray(v), numpy.asarray(v) * numpy.asarray(w),
                                  atol=1e-10)


def test_float32_expm(tier):
    lp("expm", (A4 / 4).astype(numpy.float32), rtol=1e-5, atol=1e-5)


@pytest.mark.usefixtures("allow_fallback")
def test_non_native_is_recorded(device_tier):
    with pytest.warns(npjax.NumPyFallbackWarning):
        got = L.schur(npjax.array(A4))
    assert_same(sl.schur(A4), got, rtol=1e-8, atol=1e-10)
    with pytest.warns(npjax.NumPyFallbackWarning):
        L.solve(npjax.array(A4), npjax.array(B4), transposed=True)
    assert set(npjax.stats()["fallbacks"]) == {"scipy.linalg.schur", "scipy.linalg.solve"}
    assert L.LinAlgError is numpy.linalg.LinAlgError
