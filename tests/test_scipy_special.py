"""Parity of npjax.scipy.special with scipy.special on both tiers.

Native functions must run on JAX for device arrays (no fallback recorded) and give SciPy's
values (special cases included), dtypes, kinds and errors; the rest falls back, recorded.
"""
import warnings

import numpy
import pytest
import scipy.special as ss

import npjax
import npjax.scipy.special as sp
from conftest import assert_same

R = numpy.random.default_rng(3)
EDGE = numpy.array([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 10.0, -10.0,
                    1e-10, 1e10, 170.0, -170.5, numpy.inf, -numpy.inf, numpy.nan])
X1 = numpy.concatenate([EDGE, R.normal(size=12) * 3, R.uniform(0, 1, 8)])
_S2 = numpy.array([0.0, 1.0, -1.0, 0.5, 2.5, -2.5, 7.0, numpy.inf, -numpy.inf, numpy.nan])
X2 = tuple(v.ravel() for v in numpy.meshgrid(_S2, _S2))
_S3 = numpy.array([0.0, 0.5, 1.0, 2.5, 20.0, -1.0, numpy.inf, numpy.nan])
_P3 = numpy.array([0.0, 0.1, 0.5, 0.9, 1.0, 1.5, numpy.nan])
X3 = tuple(v.ravel() for v in numpy.meshgrid(_S3, _S3, _P3))

UNARY = ["gamma", "gammaln", "loggamma", "gammasgn", "digamma", "erf", "erfc", "erfcx",
         "erfinv", "erfcinv", "dawsn", "expit", "logit", "log_expit", "ndtr", "ndtri",
         "log_ndtr", "i0", "i0e", "i1", "i1e", "entr", "spence", "sici", "fresnel",
         "expm1", "log1p", "cbrt", "exp2", "exp10", "exprel"]
BINARY = ["xlogy", "xlog1py", "rel_entr", "kl_div"]


# every native call on device arrays must run on JAX (conftest.no_fallback)
pytestmark = pytest.mark.usefixtures("no_fallback")


def _both(name, *args, rtol, atol=0.0, **kwargs):
    with numpy.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = getattr(ss, name)(*args, **kwargs)
        got = getattr(sp, name)(*[npjax.array(a) for a in args], **kwargs)
    assert_same(expected, got, rtol=rtol, atol=atol)


# float32 inputs take the same path (evaluated in double, rounded): checked on a sample
FLOAT32 = ("gamma", "digamma", "erfinv", "log_ndtr", "i1e", "sici", "expm1", "exprel")


@pytest.mark.parametrize("name", UNARY)
def test_unary_ufuncs(tier, name):
    # log_ndtr and sici's ci carry ~1e-10 relative differences in their tails
    _both(name, X1, rtol=1e-9, atol=1e-300)
    if name in FLOAT32:
        _both(name, X1.astype(numpy.float32), rtol=2e-6, atol=1e-30)


@pytest.mark.parametrize("name", BINARY)
def test_binary_ufuncs(tier, name):
    _both(name, *X2, rtol=1e-12)
    _both(name, *(x.astype(numpy.float32) for x in X2), rtol=2e-6)


def test_betainc(tier):
    # JAX's betainc is within ~1e-13 absolute of SciPy's
    _both("betainc", *X3, rtol=1e-10, atol=1e-13)


def test_ufunc_objects_are_scipys(tier):
    assert sp.gamma is ss.gamma and sp.psi is ss.digamma and sp.beta is ss.beta
    x = numpy.array([0.5, 1.5, 4.0])
    # SciPy's own ufunc called on an npjax array comes back to npjax, natively
    assert_same(ss.gamma(x), ss.gamma(npjax.array(x)))
    assert_same(ss.gammaln(2.5), sp.gammaln(2.5))


def test_integer_and_scalar_inputs(tier):
    _both("gamma", numpy.arange(-3, 6), rtol=1e-13)
    _both("erf", numpy.arange(4, dtype=numpy.int8), rtol=1e-13)
    _both("xlogy", numpy.array(2), numpy.array(3.0), rtol=1e-13)   # 0-d: a scalar
    _both("gammaln", numpy.zeros((2, 0)), rtol=0)


def test_out_where_and_dtype(tier):
    x = numpy.linspace(0.1, 3, 6)
    out = npjax.zeros(6)
    res = sp.gamma(npjax.array(x), out=out)
    assert res is out
    assert_same(ss.gamma(x), out, rtol=1e-13)
    exp = numpy.full(6, -1.0)
    ss.erf(x, out=exp, where=x > 1)
    got = npjax.full(6, -1.0)
    sp.erf(npjax.array(x), out=got, where=npjax.array(x > 1))
    assert_same(exp, got, rtol=1e-13)
    assert_same(ss.erf(x, dtype=numpy.float32), sp.erf(npjax.array(x), dtype=numpy.float32),
                rtol=1e-6)
    s, c = sp.sici(npjax.array(x))
    es, ec = ss.sici(x)
    assert_same(es, s, rtol=1e-12)
    assert_same(ec, c, rtol=1e-12)


def test_ufunc_errors(tier):
    x = npjax.array(numpy.ones(3))
    with pytest.raises(TypeError):
        sp.gamma(x, x, x, x)
    with pytest.raises(ValueError):
        sp.xlogy(npjax.array(numpy.ones(3)), npjax.array(numpy.ones(4)))
    with pytest.raises(TypeError):
        sp.gamma(npjax.array(numpy.array(["a"])))


@pytest.mark.parametrize("kwargs", [{}, {"axis": 0}, {"axis": -1, "keepdims": True},
                                    {"axis": (0, 1)}])
def test_logsumexp(tier, kwargs):
    a = R.normal(size=(3, 4))
    _both("logsumexp", a, rtol=1e-13, **kwargs)
    _both("logsumexp", a.astype(numpy.float32), rtol=1e-6, **kwargs)
    b = numpy.array([1.0, -1.0, 2.0, 0.5])
    with numpy.errstate(all="ignore"):
        expected = ss.logsumexp(a, b=b, axis=1, return_sign=True, **{
            k: v for k, v in kwargs.items() if k == "keepdims"})
    got = sp.logsumexp(npjax.array(a), b=npjax.array(b), axis=1, return_sign=True, **{
        k: v for k, v in kwargs.items() if k == "keepdims"})
    assert_same(expected, got, rtol=1e-12)


@pytest.mark.parametrize("a", [numpy.array([-numpy.inf, -numpy.inf]),
                               numpy.array([numpy.inf, 1.0]), numpy.array([numpy.nan, 1.0]),
                               numpy.array([1.0, 2.0]), numpy.arange(5)])
def test_logsumexp_special_values(tier, a):
    _both("logsumexp", a, rtol=1e-13)
    _both("logsumexp", a, b=numpy.array([1.0] + [-1.0] * (a.size - 1)), rtol=1e-12)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
def test_softmax(tier, name, axis):
    a = R.normal(size=(3, 4))
    a[0, 0] = -numpy.inf
    _both(name, a, axis=axis, rtol=1e-13)
    _both(name, a.astype(numpy.float32), axis=axis, rtol=1e-6)


def test_factorial_comb(tier):
    n = numpy.array([-1, 0, 1, 2, 5, 20, 170, 171])
    _both("factorial", n, rtol=1e-12)
    _both("factorial", n + 0.5, rtol=1e-12)
    _both("factorial", numpy.array([numpy.nan, 3.0]), rtol=1e-12)
    N, k = (v.ravel() for v in numpy.meshgrid(numpy.array([-1, 0, 1, 5, 10, 30]),
                                               numpy.array([-1, 0, 1, 3, 10])))
    _both("comb", N, k, rtol=1e-12)
    _both("comb", N + 0.5, k, rtol=1e-12)


@pytest.mark.usefixtures("allow_fallback")
def test_factorial_exact_falls_back(device_tier):
    n = numpy.array([3, 5, 10])
    with pytest.warns(npjax.NumPyFallbackWarning):
        got = sp.factorial(npjax.array(n), exact=True)
    assert_same(ss.factorial(n, exact=True), got)
    assert "scipy.special.factorial" in npjax.stats()["fallbacks"]


def test_zeta_polygamma(tier):
    x = numpy.array([-3.0, -2.5, -1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 10.0, numpy.inf,
                     numpy.nan])
    q = numpy.array([-2.0, -1.5, 0.0, 0.5, 1.0, 2.0, 1e9, numpy.inf, numpy.nan])
    X, Q = (v.ravel() for v in numpy.meshgrid(x, q))
    _both("zeta", X, Q, rtol=1e-12)
    _both("zeta", X, q=Q, rtol=1e-12)
    for n in (0, 1, 2, 3):
        _both("polygamma", numpy.array(n), x, rtol=1e-11)
    _both("polygamma", numpy.array([0, 1, 2]), numpy.array([0.5, 2.0, 3.0]), rtol=1e-12)
    _both("polygamma", numpy.array([1, 2]), numpy.array([0.5, 2.0], numpy.float32),
          rtol=1e-6)


@pytest.mark.usefixtures("allow_fallback")
def test_non_native_is_recorded(device_tier):
    x = numpy.array([0.5, 1.5, 2.5])
    with pytest.warns(npjax.NumPyFallbackWarning):
        got = sp.beta(npjax.array(x), npjax.array(x))
    assert_same(ss.beta(x, x), got, rtol=1e-14)
    with pytest.warns(npjax.NumPyFallbackWarning):
        got = sp.gamma(npjax.array(x + 1j))       # complex loop: SciPy's
    assert_same(ss.gamma(x + 1j), got, rtol=1e-14)
    with pytest.warns(npjax.NumPyFallbackWarning):
        sp.zeta(npjax.array(x + 1))               # Riemann zeta
    fb = npjax.stats()["fallbacks"]
    assert "scipy.special.zeta" in fb and "gamma" in fb
