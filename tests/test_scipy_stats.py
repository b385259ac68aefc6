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


# every native call on device arrays must run on JAX (conftest.no_fallback); the parity
# tests feed many shapes through one function on purpose (npjax warns about recompiling)
pytestmark = [pytest.mark.usefixtures("no_fallback"),
              pytest.mark.filterwarnings("ignore::npjax.RecompileWarning")]


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
    assert "scipy.stats.skew" in npjax.stats()["fallbacks"]


# ---- functions along an axis (SciPy's axis / nan_policy / keepdims rules) --------------------
AN = A.copy()
AN[1, 2] = numpy.nan
A32 = A.astype(numpy.float32)
AX = [{"axis": 0}, {"axis": -1, "keepdims": True}, {"axis": None}]


def _npjax(args):
    return [npjax.array(a) if isinstance(a, (numpy.ndarray, numpy.generic)) else a
            for a in args]


def _parity(name, *args, rtol=1e-10, atol=1e-14, **kwargs):
    """scipy.stats.<name> and npjax's on the same arguments (npjax arrays for arrays): same
    result, or the same exception type."""
    with warnings.catch_warnings(), numpy.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            expected = getattr(st, name)(*args, **kwargs)
        except Exception as err:
            with pytest.raises(type(err)):
                getattr(S, name)(*_npjax(args), **kwargs)
            return
        got = getattr(S, name)(*_npjax(args), **kwargs)
    assert_same(expected, got, rtol=rtol, atol=atol)


def _axis_cases():
    cases = [
        ("moment", (3,), {}), ("moment", (0,), {}), ("moment", (1,), {}),
        ("moment", ([1, 2, 5],), {}), ("moment", (2,), {"center": 0.5}),
        ("variation", (), {}), ("variation", (), {"ddof": 1}), ("variation", (), {"ddof": 5}),
        ("iqr", (), {}), ("iqr", (), {"rng": (90, 10), "scale": "normal"}),
        ("iqr", (), {"interpolation": "nearest"}), ("iqr", (), {"interpolation": "midpoint"}),
        ("tmean", (), {}), ("tmean", ((-1, 2),), {}), ("tmean", ((-1, 2), (False, False)), {}),
        ("tvar", ((0, None),), {}), ("tstd", (), {"ddof": 0}), ("tsem", ((-2, 3),), {}),
        ("tmin", (0.0,), {}), ("tmin", (), {}), ("tmax", (1.0,), {"inclusive": False}),
        ("median_abs_deviation", (), {}),
        ("median_abs_deviation", (), {"scale": "normal", "center": numpy.mean}),
    ]
    return [(n, a, dict(kw, **ax)) for n, a, kw in cases for ax in AX[:2]] + \
        [(n, a, dict(kw, **AX[2])) for n, a, kw in cases[::3]]


@pytest.mark.parametrize("name,args,kwargs", _axis_cases())
def test_axis_functions(tier, name, args, kwargs):
    for x in (AN, AI) if kwargs.get("axis") == 0 else (A,):
        _parity(name, x, *args, **kwargs)


@pytest.mark.parametrize("name,args", [("moment", (2,)), ("variation", ()), ("iqr", ()),
                                       ("tvar", ((-1, 2),)), ("tmin", (0.0,)),
                                       ("median_abs_deviation", ()), ("pmean", (2,)),
                                       ("gzscore", ()), ("zmap", (B + 5,))])
def test_axis_functions_float32_and_scalars(tier, name, args):
    pos = numpy.abs(A) + 0.5
    for x in (pos.astype(numpy.float32), pos[0], numpy.float64(2.5)):
        if name in ("gzscore", "zmap") and x.ndim == 0:
            continue
        a = tuple(v[0] if isinstance(v, numpy.ndarray) and x.ndim == 1 else v for v in args)
        _parity(name, x, *a, rtol=2e-6 if x.dtype == numpy.float32 else 1e-10, atol=1e-6)


@pytest.mark.parametrize("kwargs", [{}, {"axis": 1}, {"axis": None}, {"axis": -1, "ddof": 2}])
def test_zmap_gzscore_pmean(tier, kwargs):
    pos = numpy.abs(A) + 0.5
    assert_same(st.zmap(A, B, **kwargs), S.zmap(npjax.array(A), npjax.array(B), **kwargs),
                rtol=1e-10)
    assert_same(st.zmap(A[0], AI, **kwargs), S.zmap(npjax.array(A[0]), npjax.array(AI),
                                                    **kwargs), rtol=1e-10)
    assert_same(st.gzscore(pos, **kwargs), S.gzscore(npjax.array(pos), **kwargs), rtol=1e-10)
    kw = {k: v for k, v in kwargs.items() if k != "ddof"}
    for p in (2, -1.5, 0):
        assert_same(st.pmean(pos, p, **kw), S.pmean(npjax.array(pos), p, **kw), rtol=1e-10)


def _result(expected, got, names, rtol=1e-10):
    assert type(got) is type(expected)
    for f in names:
        assert_same(getattr(expected, f), getattr(got, f), rtol=rtol, atol=1e-14)


LINREGRESS = ["slope", "intercept", "rvalue", "pvalue", "stderr", "intercept_stderr"]


@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_pearsonr_linregress(tier, alternative):
    for x, y, kw in ((A[0], B[0], {}), (A, B, {"axis": 1}), (A, B[0], {"axis": -1}),
                     (AI, B, {}), (A, B, {"axis": None}), (A[:, :2], B[:, :2], {"axis": 1}),
                     (A32, B.astype(numpy.float32), {})):
        kw = dict(kw, alternative=alternative)
        e, g = st.pearsonr(x, y, **kw), S.pearsonr(npjax.array(x), npjax.array(y), **kw)
        _result(e, g, ["statistic", "pvalue"],
                rtol=1e-10 if x.dtype != numpy.float32 else 2e-5)
        numpy.testing.assert_allclose(numpy.asarray(g.confidence_interval(0.9)),
                                      numpy.asarray(e.confidence_interval(0.9)),
                                      rtol=1e-9 if x.dtype != numpy.float32 else 1e-5)
        if x.dtype == numpy.float32 or x.shape != y.shape:
            continue
        e = st.linregress(x, y, **kw)
        g = S.linregress(npjax.array(x), npjax.array(y), **kw)
        _result(e, g, LINREGRESS)


def test_linregress_cases(tier):
    for x, y, kw in ((A[0, :2], B[0, :2], {}), (AN[1], B[1], {}), (AN, B, {"axis": 1}),
                     (A, B, {"keepdims": True}), (A[0], numpy.ones(7), {})):
        _result(st.linregress(x, y, **kw), S.linregress(npjax.array(x), npjax.array(y), **kw),
                LINREGRESS)


@pytest.mark.parametrize("alternative", ["two-sided", "greater"])
def test_spearmanr(tier, alternative):
    names = ["statistic", "pvalue", "correlation"]
    for args, kw in (((A[0], B[0]), {}), ((AI[0], AI[1]), {}), ((A,), {}), ((A.T,), {"axis": 1}),
                     ((AN,), {}), ((AN[1], B[1]), {}), ((A[:, 0], A[:, 1:3]), {}),
                     ((A[0], B[0]), {"axis": None})):
        kw = dict(kw, alternative=alternative)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            e = st.spearmanr(*args, **kw)
            g = S.spearmanr(*[npjax.array(a) for a in args], **kw)
        _result(e, g, names)


def test_non_contiguous_views(tier):
    from conftest import to_npjax
    base = numpy.arange(40.0) ** 1.5 % 7
    x, y = base[::3][:13], base[1::3]
    for name, args in (("moment", (x, 3)), ("iqr", (x,)), ("tvar", (x, (1, 5))),
                       ("median_abs_deviation", (x,)), ("variation", (x,))):
        assert_same(getattr(st, name)(*args), getattr(S, name)(*to_npjax(args)), rtol=1e-10)
    _result(st.pearsonr(x, y), S.pearsonr(*to_npjax((x, y))), ["statistic", "pvalue"])
    _result(st.linregress(x, y), S.linregress(*to_npjax((x, y))), LINREGRESS)


def _same_error(call):
    """SciPy's exception (type) for a bad call, from npjax too."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(Exception) as expected:
            call(st, lambda v: v)
        with pytest.raises(expected.type):
            call(S, npjax.array)


@pytest.mark.parametrize("call", [
    lambda m, w: m.pearsonr(w(A[0]), w(B[0, :5])),                    # lengths differ
    lambda m, w: m.pearsonr(w(A[0, :1]), w(B[0, :1])),                # too short
    lambda m, w: m.pearsonr(w(A), w(B[:2]), axis=0),
    lambda m, w: m.pearsonr(w(A[0]), w(B[0]), alternative="bad"),
    lambda m, w: m.linregress(w(numpy.ones(5)), w(B[0, :5])),          # x constant
    lambda m, w: m.linregress(w(A[0]), w(B[0, :5])),
    lambda m, w: m.linregress(w(AN[1]), w(B[1]), nan_policy="raise"),
    lambda m, w: m.spearmanr(w(A[0])),
    lambda m, w: m.spearmanr(w(A), axis=2),
    lambda m, w: m.tmean(w(A), (100, 200)),                           # nothing within limits
    lambda m, w: m.tmin(w(AI), 9),
    lambda m, w: m.moment(w(A), 1.5),
    lambda m, w: m.moment(w(AN), 2, nan_policy="raise"),
    lambda m, w: m.median_abs_deviation(w(A), nan_policy="bad"),
    lambda m, w: m.pmean(w(A), numpy.inf),
    lambda m, w: m.pmean(w(A), "x"),
    lambda m, w: m.iqr(w(A), rng=(10,)),
    lambda m, w: m.iqr(w(A), scale="bad"),
    lambda m, w: m.zmap(w(A), w(AN), nan_policy="raise"),
    lambda m, w: m.variation(w(A), axis=2),
])
def test_errors(tier, call):
    _same_error(call)


def test_warnings(tier):
    ones, x = numpy.ones(6), A[0, :6]
    for fn, args in ((lambda m: m.pearsonr, (ones, x)), (lambda m: m.spearmanr, (x, ones))):
        with pytest.warns(st.ConstantInputWarning):
            e = fn(st)(*args)
        with pytest.warns(st.ConstantInputWarning):
            g = fn(S)(*[npjax.array(a) for a in args])
        _result(e, g, ["statistic", "pvalue"])
    near = (x * 1e-13 + 3, A[1, :6])
    with pytest.warns(st.NearConstantInputWarning):
        e = st.pearsonr(*near)
    with pytest.warns(st.NearConstantInputWarning):
        g = S.pearsonr(*[npjax.array(a) for a in near])
    _result(e, g, ["statistic", "pvalue"], rtol=1e-6)
    with pytest.warns(RuntimeWarning, match="power mean"):
        e = st.pmean(A, 2)
    with pytest.warns(RuntimeWarning, match="power mean"):
        assert_same(e, S.pmean(npjax.array(A), 2), rtol=1e-10)


def test_tmin_tmax_dtype_follows_values(tier):
    # SciPy: float with NaN where a slice has no value within the limit, else the input's
    for limit in (2, 6):
        assert_same(st.tmin(AI, limit, axis=1), S.tmin(npjax.array(AI), limit, axis=1))
        assert_same(st.tmax(AI, limit), S.tmax(npjax.array(AI), limit))


@pytest.mark.usefixtures("allow_fallback")
def test_more_functions_fall_back(device_tier):
    cases = [
        ("moment", (AN, 2), {"nan_policy": "omit"}),
        ("tvar", (AN,), {"nan_policy": "omit", "axis": 1}),
        ("iqr", (A,), {"axis": (0, 1)}),
        ("linregress", (A[0, :1], B[0, :1]), {}),            # too short: SciPy warns
        ("pmean", (numpy.abs(A), 2), {"weights": numpy.ones_like(A)}),
        ("median_abs_deviation", (A,), {"center": numpy.max}),
        ("linregress", (A32[0], A32[1]), {}),
        ("variation", (A,), {"axis": (0, 1)}),
        ("spearmanr", (AN,), {"nan_policy": "omit"}),
        ("kendalltau", (A[0], B[0]), {}),
    ]
    for name, args, kw in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)   # warned once a name
            expected = getattr(st, name)(*args, **kw)
            got = getattr(S, name)(*_npjax(args),
                                   **{k: npjax.array(v) if isinstance(v, numpy.ndarray)
                                      else v for k, v in kw.items()})
        if name in ("linregress", "spearmanr", "kendalltau"):
            _result(expected, got, LINREGRESS if name == "linregress" else
                    ["statistic", "pvalue"])
        else:
            assert_same(expected, got, rtol=1e-12)
        assert f"scipy.stats.{name}" in npjax.stats()["fallbacks"], name
