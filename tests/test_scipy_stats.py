"""Parity of npjax.scipy.stats with scipy.stats on both tiers.

Distribution methods: SciPy's values (support edges, invalid parameters, NaN), float64
results, scalars for 0-d results, SciPy's own classes (isinstance, freeze, rvs).
Statistics functions: values, dtypes and SciPy's result classes.
"""
import warnings

import numpy
import pytest
import scipy.stats as st

import npjax
import npjax.scipy.stats as S
from conftest import assert_same

R = numpy.random.default_rng(5)
X = numpy.concatenate([R.normal(size=10) * 3, [0.0, -1.0, 1.0, 2.0, 10.0, numpy.inf,
                                                -numpy.inf, numpy.nan, 0.5, 6.5]])
Q = numpy.array([0.0, 1e-10, 0.1, 0.5, 0.9, 1.0, 1.5, -0.1, numpy.nan])
K = numpy.array([-1.0, 0.0, 1.0, 2.0, 2.5, 3.0, 5.0, 10.0, 11.0, numpy.inf, -numpy.inf,
                 numpy.nan])

CONT = [("norm", ()), ("norm", (1.5, 2.0)), ("norm", (0.0, -1.0)), ("cauchy", (1.0, 0.5)),
        ("expon", (1.0, 2.0)), ("uniform", (-1.0, 3.0)), ("logistic", ()), ("laplace", ()),
        ("gumbel_r", ()), ("gumbel_l", ()), ("t", (3.0,)), ("t", (-1.0,)), ("chi2", (3.0,)),
        ("gamma", (2.5,)), ("beta", (2.0, 3.0)), ("beta", (0.5, 0.5)), ("pareto", (2.0,)),
        ("truncnorm", (-1.0, 2.0)), ("truncnorm", (2.0, 1.0)), ("vonmises", (1.5,)),
        ("vonmises", (0.0,)), ("wrapcauchy", (0.5,)), ("wrapcauchy", (1.5,))]
DISC = [("poisson", (3.0,)), ("poisson", (-1.0,)), ("binom", (10, 0.3)), ("binom", (10.5, 0.3)),
        ("bernoulli", (0.3,)), ("geom", (0.3,)), ("nbinom", (5, 0.4))]


# every native call on device arrays must run on JAX (conftest.no_fallback)
pytestmark = pytest.mark.usefixtures("no_fallback")


def _call(mod, obj, method, *args, **kwargs):
    with warnings.catch_warnings(), numpy.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return getattr(getattr(mod, obj), method)(*args, **kwargs)


def _methods(name, params, x, q):
    """Every native method of the distribution, SciPy's result then npjax's (all of
    npjax's computed together: one compiled graph)."""
    methods = S._DISTRIBUTIONS[name].methods
    args = [q if m in ("ppf", "isf") else x for m in methods]
    expected = [_call(st, name, m, a, *params) for m, a in zip(methods, args)]
    got = [_call(S, name, m, npjax.array(a), *params) for m, a in zip(methods, args)]
    for e, g in zip(expected, got):
        assert_same(e, g, rtol=1e-10, atol=1e-300)


@pytest.mark.parametrize("name,params", CONT)
def test_continuous_methods(tier, name, params):
    _methods(name, params, X, Q)


@pytest.mark.parametrize("name,params", DISC)
def test_discrete_methods(tier, name, params):
    _methods(name, params, K, Q)


def test_parameters_as_arrays_keywords_and_scalars(tier):
    loc = numpy.array([[0.0], [1.0], [numpy.nan]])
    scale = numpy.array([1.0, 2.0, 0.0, -1.0])
    x = numpy.linspace(-2, 2, 4)
    assert_same(st.norm.pdf(x, loc=loc, scale=scale),
                S.norm.pdf(npjax.array(x), loc=npjax.array(loc), scale=npjax.array(scale)),
                rtol=1e-12)
    assert_same(st.t.logpdf(x, df=numpy.array([1.0, 5.0, 0.0, 30.0])),
                S.t.logpdf(npjax.array(x), df=npjax.array([1.0, 5.0, 0.0, 30.0])),
                rtol=1e-12)
    assert_same(st.norm.cdf(0.3), S.norm.cdf(npjax.array(0.3)), rtol=1e-14)    # a scalar
    assert_same(st.binom.pmf(3, 10, 0.5), S.binom.pmf(npjax.array(3), 10, 0.5), rtol=1e-12)
    assert_same(st.norm.pdf(numpy.arange(4, dtype=numpy.float32)),
                S.norm.pdf(npjax.array(numpy.arange(4, dtype=numpy.float32))), rtol=1e-12)
    with pytest.raises(TypeError):
        S.gamma.pdf(npjax.array(x))                        # shape parameter missing


def test_distribution_objects_are_scipys(tier):
    assert isinstance(S.norm, st.rv_continuous) and isinstance(S.poisson, st.rv_discrete)
    assert isinstance(S.skewnorm, type(st.skewnorm))
    frozen = S.norm(loc=1.0, scale=2.0)
    x = numpy.linspace(-3, 3, 5)
    assert_same(st.norm(loc=1.0, scale=2.0).pdf(x), frozen.pdf(npjax.array(x)), rtol=1e-12)
    assert_same(st.norm.rvs(size=3, random_state=1), S.norm.rvs(size=3, random_state=1))
    assert S.norm.mean(2.0) == st.norm.mean(2.0)
    assert S.norm.interval(0.9) == st.norm.interval(0.9)


@pytest.mark.usefixtures("allow_fallback")
def test_non_native_methods_are_recorded(device_tier):
    x = numpy.linspace(0.5, 3, 5)
    with pytest.warns(npjax.NumPyFallbackWarning):
        got = S.t.cdf(npjax.array(x), 3.0)
    assert_same(st.t.cdf(x, 3.0), got, rtol=1e-14)
    with pytest.warns(npjax.NumPyFallbackWarning):
        got = S.skewnorm.pdf(npjax.array(x), 2.0)
    assert_same(st.skewnorm.pdf(x, 2.0), got, rtol=1e-14)
    fb = npjax.stats()["fallbacks"]
    assert "scipy.stats.t.cdf" in fb and "scipy.stats.skewnorm.pdf" in fb


A = R.normal(size=(5, 7)) * 2 + 1
B = R.normal(size=(5, 7))
APOS = numpy.abs(A) + 0.1
AI = R.integers(1, 9, size=(5, 7))


@pytest.mark.parametrize("name,args,kwargs", [
    ("skew", (A,), {}), ("skew", (A,), {"axis": 1, "bias": False}), ("skew", (A,), {"axis": None}),
    ("skew", (A,), {"keepdims": True}), ("skew", (AI,), {}),
    ("kurtosis", (A,), {}), ("kurtosis", (A,), {"axis": 1, "fisher": False, "bias": False}),
    ("zscore", (A,), {}), ("zscore", (A,), {"axis": None, "ddof": 1}), ("zscore", (AI,), {}),
    ("sem", (A,), {}), ("sem", (A,), {"axis": 1, "ddof": 0}), ("sem", (A,), {"axis": None}),
    ("gmean", (APOS,), {}), ("gmean", (APOS,), {"axis": 1}), ("hmean", (APOS,), {"axis": None}),
    ("entropy", (APOS,), {}), ("entropy", (APOS,), {"base": 2, "axis": 1}),
    ("entropy", (APOS, APOS[::-1]), {}),
    ("rankdata", (AI,), {}), ("rankdata", (AI,), {"axis": 0}),
    ("rankdata", (AI,), {"method": "min", "axis": 1}), ("rankdata", (AI,), {"method": "dense"}),
    ("rankdata", (AI,), {"method": "ordinal", "axis": 1}),
])
def test_functions(tier, name, args, kwargs):
    expected = getattr(st, name)(*args, **kwargs)
    got = getattr(S, name)(*[npjax.array(a) for a in args], **kwargs)
    assert_same(expected, got, rtol=1e-10)


def test_float32(tier):
    a = A.astype(numpy.float32)
    for name in ("skew", "kurtosis", "zscore", "sem"):
        assert_same(getattr(st, name)(a), getattr(S, name)(npjax.array(a)), rtol=2e-5,
                    atol=2e-6)


def _fields(expected, got, names):
    assert type(got) is type(expected)
    for f in names:
        assert_same(getattr(expected, f), getattr(got, f), rtol=1e-10)


@pytest.mark.parametrize("kwargs", [{}, {"axis": 1}, {"ddof": 0, "bias": False}])
def test_describe(tier, kwargs):
    _fields(st.describe(A, **kwargs), S.describe(npjax.array(A), **kwargs),
            ["nobs", "minmax", "mean", "variance", "skewness", "kurtosis"])


@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_ttests(tier, alternative):
    names = ["statistic", "pvalue", "df"]
    _fields(st.ttest_1samp(A, 0.5, alternative=alternative),
            S.ttest_1samp(npjax.array(A), 0.5, alternative=alternative), names)
    if alternative != "less":
        return
    _fields(st.ttest_rel(A, B, axis=1, alternative=alternative),
            S.ttest_rel(npjax.array(A), npjax.array(B), axis=1, alternative=alternative), names)
    for equal_var in (True, False):
        _fields(st.ttest_ind(A, B, equal_var=equal_var, alternative=alternative),
                S.ttest_ind(npjax.array(A), npjax.array(B), equal_var=equal_var,
                            alternative=alternative), names)


def test_ttest_two_sided(tier):
    names = ["statistic", "pvalue", "df"]
    _fields(st.ttest_ind(A[0], B[0], axis=None), S.ttest_ind(npjax.array(A[0]),
                                                             npjax.array(B[0]), axis=None),
            names)


def test_ttest_result_is_scipys(tier):
    res = S.ttest_1samp(npjax.array(A[0]), 0.0)
    assert type(res) is type(st.ttest_1samp(A[0], 0.0))
    t, p = res
    assert_same(st.ttest_1samp(A[0], 0.0).pvalue, p, rtol=1e-10)


@pytest.mark.usefixtures("allow_fallback")
def test_functions_fall_back_where_scipy_differs(device_tier):
    x = npjax.array(numpy.array([1.0, numpy.nan, 3.0, 4.0]))
    with pytest.warns(npjax.NumPyFallbackWarning):
        got = S.skew(x, nan_policy="omit")
    assert_same(st.skew(numpy.array([1.0, numpy.nan, 3.0, 4.0]), nan_policy="omit"), got,
                rtol=1e-12)
    with pytest.warns(npjax.NumPyFallbackWarning):
        S.pearsonr(npjax.array(A[0]), npjax.array(B[0]))
    assert {"scipy.stats.skew", "scipy.stats.pearsonr"} <= set(npjax.stats()["fallbacks"])
