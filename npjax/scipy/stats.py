"""npjax.scipy.stats: scipy.stats, on jax.scipy.stats for device arrays where JAX gives
SciPy's values.

Distributions: every SciPy distribution object is served as an instance of a subclass of
its own SciPy class (`isinstance(npjax.scipy.stats.norm, scipy.stats.rv_continuous)`
holds; `rvs`, `fit`, `freeze`, `stats`, `expect`... are SciPy's, and frozen distributions
call back into these methods). Its public methods go through npjax's dispatch: for device
arrays the native ones (listed in `_DISTRIBUTIONS`) run on JAX, the others are a recorded
fallback to SciPy. A native method reproduces SciPy's generic rules around the density
itself: parameter checks give NaN, values outside the support give 0 / -inf / 1 as SciPy
does, NaN propagates, results are float64 (scalars for 0-d results); inside the support
the value is jax.scipy.stats' function of the standardised variable (SciPy's own formula
where JAX's loses digits: norm's tails, beta's density, gumbel_r's sf, vonmises). Methods
whose JAX version rests on gammainc (chi2/gamma/poisson cdf and sf) are not native: JAX's
gammainc loses accuracy for large shape parameters; nor are multivariate distributions
(SciPy validates their covariance on the host). Distribution objects pickle.

Functions: zscore, sem, skew, kurtosis, gmean, hmean, entropy, describe, rankdata and the
t-tests run on JAX for device arrays with `nan_policy='propagate'` and non-empty samples
(other calls are recorded fallbacks), returning SciPy's own result classes. moment,
variation, iqr, pmean, tmean, tvar, tstd, tsem, tmin, tmax, median_abs_deviation, zmap,
gzscore, pearsonr, linregress and spearmanr also take nan_policy='raise' natively, follow
the rules of SciPy's `_axis_nan_policy` decorator (0-d samples, axis=None, keepdims, NaN
slices) and give SciPy's warnings (constant input, negative values) and errors (limits
holding no value, identical x, mismatched lengths). nan_policy='omit', tuple axes, empty or
too-short samples (SciPy warns), weights and custom centre functions run on SciPy. Value-
dependent warnings, errors and dtypes (tmin/tmax) cost one synchronisation.
Names not defined here are SciPy's, run on host copies (a recorded fallback for device
arrays).
"""
import inspect as _inspect

import numpy as _np
import scipy.stats as _st

from .._array import ndarray as _ndarray
from .._dispatch import function as _function, is_device_buffer as _is_device_buffer
from . import _common
from ._common import serve, jax_module, jitted, jnp as _jnp, small_probe


# ---- distributions -----------------------------------------------------------------------------
class _Spec:
    """What npjax knows of one SciPy distribution: its native methods, parameter check and
    support, in JAX terms."""

    def __init__(self, name, methods, argcheck=None, support=None, cores=None):
        self.name = name
        self.methods = methods
        self.argcheck = argcheck
        self.support = support
        self.cores = cores or {}     # method -> standard function where JAX's differs


def _special(name):
    return getattr(jax_module("special"), name)


def _vonmises_logpdf(x, kappa):
    jnp = _jnp()
    cosm1 = -2 * jnp.sin(x / 2) ** 2
    return kappa * cosm1 - jnp.log(2 * jnp.pi) - jnp.log(_special("i0e")(kappa))


def _norm_logcdf(x):
    from .special import _log_ndtr
    return _log_ndtr(x)


def _beta_logpdf(x, a, b):
    sp = jax_module("special")
    # JAX's betaln is off by up to ~1e-6; the log-gamma form is accurate here
    lbeta = sp.gammaln(a) + sp.gammaln(b) - sp.gammaln(a + b)
    return sp.xlogy(a - 1, x) + sp.xlog1py(b - 1, -x) - lbeta


_BETA = {"logpdf": _beta_logpdf, "pdf": lambda x, a, b: _jnp().exp(_beta_logpdf(x, a, b))}
_GUMBEL_R = {"sf": lambda x: -_jnp().expm1(-_jnp().exp(-x))}

_NORM_TAILS = {"sf": lambda x: _special("ndtr")(-x), "logsf": lambda x: _norm_logcdf(-x),
               "isf": lambda q: -_special("ndtri")(q), "logcdf": _norm_logcdf}


def _positive(*shapes):
    jnp = _jnp()
    ok = jnp.asarray(True)
    for s in shapes:
        ok = ok & (s > 0)
    return ok


def _integral(x):
    return x == _jnp().round(x)


_CONT8 = ("pdf", "logpdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf")
_DISTRIBUTIONS = {
    # continuous (loc, scale)
    "norm": _Spec("norm", _CONT8, cores=_NORM_TAILS),
    "cauchy": _Spec("cauchy", ("pdf", "logpdf", "cdf", "logcdf", "sf", "logsf")),
    "expon": _Spec("expon", ("pdf", "logpdf", "cdf", "sf", "logsf", "ppf")),
    "uniform": _Spec("uniform", ("pdf", "logpdf", "cdf", "ppf")),
    "logistic": _Spec("logistic", ("pdf", "logpdf", "cdf", "sf", "ppf", "isf")),
    "laplace": _Spec("laplace", ("pdf", "logpdf", "cdf")),
    "gumbel_r": _Spec("gumbel_r", ("pdf", "logpdf", "cdf", "logcdf", "sf", "logsf", "ppf"),
                      cores=_GUMBEL_R),
    "gumbel_l": _Spec("gumbel_l", ("pdf", "logpdf", "cdf", "sf", "logsf", "ppf")),
    "t": _Spec("t", ("pdf", "logpdf")),
    "chi2": _Spec("chi2", ("pdf", "logpdf")),
    "gamma": _Spec("gamma", ("pdf", "logpdf")),
    "beta": _Spec("beta", ("pdf", "logpdf", "cdf", "sf"), cores=_BETA),
    "pareto": _Spec("pareto", ("pdf", "logpdf", "cdf", "logcdf", "sf", "logsf", "ppf")),
    "truncnorm": _Spec("truncnorm", ("pdf", "logpdf"),
                       argcheck=lambda a, b: a < b, support=lambda a, b: (a, b)),
    "vonmises": _Spec("vonmises", ("pdf", "logpdf"), argcheck=lambda kappa: kappa >= 0,
                      cores={"logpdf": _vonmises_logpdf,
                             "pdf": lambda x, k: _jnp().exp(_vonmises_logpdf(x, k))}),
    "wrapcauchy": _Spec("wrapcauchy", ("pdf", "logpdf"),
                        argcheck=lambda c: (c > 0) & (c < 1)),
    # discrete (loc)
    "poisson": _Spec("poisson", ("pmf", "logpmf"), argcheck=lambda mu: mu >= 0),
    "binom": _Spec("binom", ("pmf", "logpmf"),
                   argcheck=lambda n, p: (n >= 0) & _integral(n) & (p >= 0) & (p <= 1),
                   support=lambda n, p: (0.0, n)),
    "bernoulli": _Spec("bernoulli", ("pmf", "logpmf", "cdf", "ppf"),
                       argcheck=lambda p: (p >= 0) & (p <= 1)),
    "geom": _Spec("geom", ("pmf", "logpmf"), argcheck=lambda p: (p <= 1) & (p > 0)),
    "nbinom": _Spec("nbinom", ("pmf", "logpmf"),
                    argcheck=lambda n, p: (n > 0) & (p > 0) & (p <= 1)),
}


def _safe(a, b):
    """A point inside the support, evaluated where the result is not the density's."""
    jnp = _jnp()
    a, b = jnp.asarray(a, jnp.float64), jnp.asarray(b, jnp.float64)
    fa, fb = jnp.isfinite(a), jnp.isfinite(b)
    return jnp.where(fa & fb, (a + b) / 2, jnp.where(fa, a + 1, jnp.where(fb, b - 1, 0.0)))


def _jax_method(name, method):
    core = _DISTRIBUTIONS[name].cores.get(method)
    return core if core is not None else getattr(getattr(jax_module("stats"), name), method)


def _continuous_core(name, method, a, b, x, loc, scale, *shapes):
    """SciPy's rv_continuous.<method> rules around jax.scipy.stats' standard function."""
    jnp = _jnp()
    spec = _DISTRIBUTIONS[name]
    f64 = jnp.float64
    x, loc, scale = (jnp.asarray(v).astype(f64) for v in (x, loc, scale))
    shapes = [jnp.asarray(s).astype(f64) for s in shapes]
    if spec.support is not None:
        a, b = spec.support(*shapes)
    ok = (spec.argcheck or _positive)(*shapes) & (scale > 0)
    fn = _jax_method(name, method)
    if method in ("ppf", "isf"):
        q = x
        ok = ok & (loc == loc)
        inside = ok & (0 < q) & (q < 1)
        val = fn(jnp.where(inside, q, 0.5), *shapes) * scale + loc
        lower, upper = a * scale + loc, b * scale + loc
        at_lower, at_upper = (q == 0, q == 1) if method == "ppf" else (q == 1, q == 0)
        out = jnp.where(ok & at_lower, lower, jnp.nan)
        out = jnp.where(ok & at_upper, upper, out)
        return jnp.where(inside, val, out)
    z = (x - loc) / scale
    bad = ~ok | jnp.isnan(z)
    log = method.startswith("log")
    if method in ("pdf", "logpdf"):
        inside = ok & (a <= z) & (z <= b)
        val = fn(jnp.where(inside, z, _safe(a, b)), *shapes)
        val = val - jnp.log(scale) if log else val / scale
        return jnp.where(inside, val, jnp.where(bad, jnp.nan, -jnp.inf if log else 0.0))
    inside = ok & (a < z) & (z < b)
    edge = ok & ((z >= b) if method in ("cdf", "logcdf") else (z <= a))
    val = fn(jnp.where(inside, z, _safe(a, b)), *shapes)
    out = jnp.where(bad, jnp.nan, -jnp.inf if log else 0.0)
    out = jnp.where(edge, 0.0 if log else 1.0, out)
    return jnp.where(inside, val, out)


def _discrete_core(name, method, a, b, k, loc, *shapes):
    """SciPy's rv_discrete.<method> rules around jax.scipy.stats' function."""
    jnp = _jnp()
    spec = _DISTRIBUTIONS[name]
    f64 = jnp.float64
    k, loc = (jnp.asarray(v).astype(f64) for v in (k, loc))
    shapes = [jnp.asarray(s).astype(f64) for s in shapes]
    if spec.support is not None:
        a, b = spec.support(*shapes)
    a, b = jnp.asarray(a, f64), jnp.asarray(b, f64)
    ok = (spec.argcheck or _positive)(*shapes)
    fn = _jax_method(name, method)
    if method == "ppf":
        q = k
        ok = ok & (loc == loc)
        inside = ok & (0 < q) & (q < 1)
        val = fn(jnp.where(inside, q, 0.5), *shapes) + loc
        out = jnp.where(ok & (q == 0), a - 1 + loc, jnp.nan)
        out = jnp.where(ok & (q == 1), b + loc, out)
        return jnp.where(inside, val, out)
    k = k - loc
    bad = ~ok | jnp.isnan(k)
    safe = jnp.where(jnp.isfinite(a), a, 0.0)
    if method in ("pmf", "logpmf"):
        inside = ok & (k >= a) & (k <= b) & (jnp.floor(k) == k)
        val = fn(jnp.where(inside, k, safe), *shapes)
        if method == "pmf":
            val = jnp.clip(val, 0, 1)
        return jnp.where(inside, val,
                         jnp.where(bad, jnp.nan, -jnp.inf if method == "logpmf" else 0.0))
    # cdf
    inside = ok & (k >= a) & (k < b) & jnp.isfinite(k)
    val = jnp.clip(fn(jnp.where(inside, k, safe), *shapes), 0, 1)
    out = jnp.where(k >= b, 1.0, 0.0)
    out = jnp.where(jnp.isneginf(k), 0.0, out)
    out = jnp.where(bad, jnp.nan, out)
    return jnp.where(inside, val, out)


def _has_complex(args, kwargs):
    for v in list(args) + list(kwargs.values()):
        dt = getattr(v._value() if type(v) is _ndarray else v, "dtype", None)
        if dt is not None and _np.dtype(dt).kind == "c":
            return "complex arguments run on SciPy"
        if isinstance(v, complex):
            return "complex arguments run on SciPy"
    return None


def _native_method(name, method, discrete):
    core = _discrete_core if discrete else _continuous_core

    def run(self, x, *args, **kwds):
        shapes, loc, scale = self._parse_args(*args, **kwds)
        a, b = (0.0, 0.0) if _DISTRIBUTIONS[name].support is not None else \
            (float(self.a), float(self.b))
        params = (loc,) if discrete else (loc, scale)
        # Python numbers become (tiny) array inputs: a loop over parameter values reuses
        # one compiled graph instead of compiling one per value
        values = [_np.asarray(v, _np.float64) if isinstance(v, (int, float, _np.number))
                  else v for v in (*params, *shapes)]
        return jitted(core, f"scipy.stats.{name}.{method}", static=(0, 1, 2, 3))(
            name, method, a, b, x, *values)
    run.__name__ = method
    return run


# public methods served through the dispatch (others are SciPy's own, e.g. freeze)
_METHODS = ("pdf", "logpdf", "pmf", "logpmf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf",
            "rvs", "stats", "moment", "entropy", "fit", "fit_loc_scale", "nnlf", "expect",
            "median", "mean", "var", "std", "interval", "support", "cov")
_ARRAYS = tuple(range(1, 24))
_wrapped = {}


def _method(cls, qualname, name, method, discrete):
    sp_fn = getattr(cls, method)
    spec = _DISTRIBUTIONS.get(name)
    if spec is not None and method in spec.methods:
        fn = _function(qualname, sp_fn, _native_method(name, method, discrete),
                       arrays=_ARRAYS, supports=_has_complex,
                       result=small_probe(qualname, sp_fn))
    else:
        fn = _function(qualname, sp_fn, None)
    fn.__module__ = "npjax.scipy.stats"
    return fn


def _restore(name, params, state):
    """Unpickle an npjax distribution object (its class is made at run time)."""
    import npjax.scipy.stats as module
    cls = type(getattr(module, name))
    if params is not None:
        return cls(**params)
    obj = cls.__new__(cls)
    obj.__dict__.update(state)
    return obj


def _reduce(name):
    def __reduce__(self):
        if isinstance(self, (_st.rv_continuous, _st.rv_discrete)):
            return _restore, (name, self._updated_ctor_param(), None)
        return _restore, (name, None, dict(self.__dict__))
    return __reduce__


def _distribution(name, dist):
    """npjax's version of the SciPy distribution object `dist`."""
    cls = type(dist)
    sub = _wrapped.get((cls, name))       # one class per name (loguniform/reciprocal share)
    if sub is None:
        discrete = isinstance(dist, _st.rv_discrete)
        attrs = {"__module__": "npjax.scipy.stats", "__doc__": cls.__doc__,
                 "__reduce__": _reduce(name),
                 "_npjax_impl": "native" if name in _DISTRIBUTIONS else "fallback"}
        for m in _METHODS:
            if callable(getattr(cls, m, None)):
                attrs[m] = _method(cls, f"scipy.stats.{name}.{m}", name, m, discrete)
        sub = _wrapped[(cls, name)] = type(cls.__name__, (cls,), attrs)
    if isinstance(dist, (_st.rv_continuous, _st.rv_discrete)):
        return sub(**dist._updated_ctor_param())
    obj = sub.__new__(sub)
    obj.__dict__.update(dist.__dict__)
    return obj


def _wrap(attr, obj):
    if isinstance(obj, (_st.rv_continuous, _st.rv_discrete)) or \
            type(obj).__module__ == "scipy.stats._multivariate" and \
            hasattr(obj, "_random_state") and not isinstance(obj, type):
        return _distribution(attr, obj)
    return None


# ---- statistics functions ----------------------------------------------------------------------
def _arr_info(a):
    v = a._value() if type(a) is _ndarray else a
    if not hasattr(v, "shape"):
        v = _np.asarray(v)
    return tuple(v.shape), _np.dtype(v.dtype)


def _sample_rule(name, min_n, arrays=1, policies=("propagate",), scalar_ok=False):
    """`supports=` for scipy.stats.<name>: the JAX path takes a nan_policy in `policies`, an
    integer axis (or None), non-empty real samples of at least `min_n` values along the
    axis (SciPy warns and returns NaN for smaller ones) and 0-d samples if `scalar_ok`
    (SciPy's decorated functions take them as one value)."""
    sig = _inspect.signature(getattr(_st, name))

    def supports(args, kwargs):
        try:
            bound = sig.bind(*args, **kwargs).arguments
        except TypeError:
            return None      # SciPy's own TypeError from the probe
        if bound.get("nan_policy", "propagate") not in policies:
            return f"nan_policy={bound['nan_policy']!r} runs on SciPy"
        axis = bound.get("axis", sig.parameters["axis"].default)
        if axis is not None and not isinstance(axis, (int, _np.integer)):
            return "a tuple axis runs on SciPy"
        if axis is None and bound.get("keepdims") and not scalar_ok:
            return "axis=None with keepdims=True runs on SciPy"
        for a in args[:arrays]:
            if isinstance(a, _np.ma.MaskedArray):
                return "masked arrays run on SciPy"
            shape, dtype = _arr_info(a)
            if dtype.kind not in "biuf":
                return f"{dtype} input runs on SciPy"
            if 0 in shape:
                return "empty samples run on SciPy (it warns)"
            if not shape:
                if not scalar_ok:
                    return "0-d input runs on SciPy"
                shape = (1,)
            n = int(_np.prod(shape)) if axis is None else (
                shape[axis] if -len(shape) <= axis < len(shape) else None)
            if n is None:
                return None      # SciPy's own AxisError from the probe
            if n < min_n:
                return "samples this small run on SciPy (it warns)"
        return None
    return supports


def _float(x):
    """SciPy's floating promotion: integers and bool in float64, floats as they are."""
    jnp = _jnp()
    return x.astype(jnp.float64) if x.dtype.kind in "biu" else x


def _prep(a, axis):
    if axis is None:
        return a.reshape(-1), 0
    return a, axis


def _moment(d, order, axis, keepdims):
    return _jnp().mean(d ** order, axis=axis, keepdims=keepdims)


def _var(a, axis, ddof, keepdims=False):
    jnp = _jnp()
    n = a.shape[axis]
    m = jnp.mean(a, axis=axis, keepdims=True)
    v = jnp.mean((a - m) ** 2, axis=axis, keepdims=keepdims)
    if not ddof:
        return v
    # NumPy divides by max(n - ddof, 0): inf (NaN for a zero sum) when ddof >= n
    return v * (n / (n - ddof)) if n > ddof else v * jnp.inf


def _central(a, axis, keepdims, orders):
    """SciPy's preamble of skew and kurtosis: the sample size, the central moments of
    `orders` and the mask of (numerically) constant samples."""
    jnp = _jnp()
    a, axis = _prep(_float(a), axis)
    mean = jnp.mean(a, axis=axis, keepdims=True)
    d = a - mean
    m2 = _moment(d, 2, axis, keepdims)
    mr = mean if keepdims else jnp.squeeze(mean, axis)
    zero = m2 <= (jnp.finfo(m2.dtype).eps * mr) ** 2
    return a.shape[axis], m2, [_moment(d, k, axis, keepdims) for k in orders], zero


def _skew_core(a, axis, bias, keepdims):
    jnp = _jnp()
    n, m2, (m3,), zero = _central(a, axis, keepdims, (3,))
    vals = jnp.where(zero, jnp.nan, m3 / m2 ** 1.5)
    if not bias and n > 2:
        vals = jnp.where(~zero, ((n - 1.0) * n) ** 0.5 / (n - 2.0) * m3 / m2 ** 1.5, vals)
    return vals


def _kurtosis_core(a, axis, fisher, bias, keepdims):
    jnp = _jnp()
    n, m2, (m4,), zero = _central(a, axis, keepdims, (4,))
    vals = jnp.where(zero, jnp.nan, m4 / m2 ** 2.0)
    if not bias and n > 3:
        nval = 1.0 / (n - 2) / (n - 3) * ((n ** 2 - 1.0) * m4 / m2 ** 2.0 - 3 * (n - 1) ** 2.0)
        vals = jnp.where(~zero, nval + 3.0, vals)
    return vals - 3 if fisher else vals


def _zscore_core(a, axis, ddof):
    # SciPy's zscore is zmap(a, a)
    return _zmap_core(a, a, axis, ddof, _float_dtype(a.dtype), True)


def _sem_core(a, axis, ddof, keepdims):
    jnp = _jnp()
    a, axis = _prep(_float(a), axis)
    n = a.shape[axis]
    return jnp.sqrt(_var(a, axis, ddof, keepdims)) / n ** 0.5


def _gmean_core(a, axis, keepdims):
    jnp = _jnp()
    a, axis = _prep(_float(a), axis)
    return jnp.exp(jnp.mean(jnp.log(a), axis=axis, keepdims=keepdims))


def _hmean_core(a, axis, keepdims):
    jnp = _jnp()
    a, axis = _prep(_float(a), axis)
    a = jnp.where(a < 0, jnp.nan, a)
    return 1.0 / jnp.mean(1.0 / a, axis=axis, keepdims=keepdims), jnp.any(a != a)


def _entropy_core(pk, qk, base, axis, keepdims):
    jnp = _jnp()
    from .special import _rel_entr
    pk = _float(pk)
    pk = pk / jnp.sum(pk, axis=axis, keepdims=True)
    if qk is None:
        vec = jax_module("special").entr(pk)
    else:
        qk = _float(qk)
        pk, qk = jnp.broadcast_arrays(pk, qk)
        qk = qk / jnp.sum(qk, axis=axis, keepdims=True)
        vec = _rel_entr(pk, qk).astype(pk.dtype)
    s = jnp.sum(vec, axis=axis, keepdims=keepdims)
    if base is not None:
        s = s / jnp.log(jnp.asarray(base, s.dtype))
    return s


def _t_pvalue(t, df, alternative):
    """Student's t p-value, from the regularised incomplete beta function."""
    jnp = _jnp()
    betainc = jax_module("special").betainc
    x = df / (df + t * t)
    tail = 0.5 * betainc(df / 2, jnp.asarray(0.5, t.dtype), x)   # P(T > |t|)
    sf = jnp.where(t > 0, tail, 1 - tail)
    sf = jnp.where(jnp.isnan(t), jnp.nan, sf)
    if alternative == "greater":
        return sf
    if alternative == "less":
        return jnp.where(jnp.isnan(t), jnp.nan, jnp.where(t < 0, tail, 1 - tail))
    return 2 * tail


def _ttest_1samp_core(a, popmean, axis, alternative, keepdims):
    jnp = _jnp()
    a, axis = _prep(_float(a), axis)
    a = a.astype(jnp.result_type(a, popmean))     # SciPy's promotion (weak Python floats)
    n = a.shape[axis]
    mean = jnp.mean(a, axis=axis, keepdims=keepdims)
    pm = jnp.asarray(popmean, a.dtype)
    if pm.ndim > 0 and not keepdims:
        pm = jnp.squeeze(pm, axis=axis)
    v = _var(a, axis, 1, keepdims)
    denom = jnp.sqrt(v / n)
    t = (mean - pm) / denom
    df = jnp.asarray(n - 1.0, t.dtype)
    return t, _t_pvalue(t, df, alternative), denom, mean


def _ttest_rel_core(a, b, axis, alternative, keepdims):
    a, b = _float(a), _float(b)
    return _ttest_1samp_core(a - b, 0.0, axis, alternative, keepdims)


def _ttest_ind_core(a, b, axis, equal_var, alternative, keepdims):
    jnp = _jnp()
    a, b = _float(a), _float(b)
    if axis is None:
        a, b, axis = a.reshape(-1), b.reshape(-1), 0
    n1, n2 = a.shape[axis], b.shape[axis]
    v1, v2 = _var(a, axis, 1, keepdims), _var(b, axis, 1, keepdims)
    m1 = jnp.mean(a, axis=axis, keepdims=keepdims)
    m2 = jnp.mean(b, axis=axis, keepdims=keepdims)
    if equal_var:
        df = jnp.asarray(n1 + n2 - 2.0, v1.dtype)
        svar = ((n1 - 1) * v1 + (n2 - 1) * v2) / df
        denom = jnp.sqrt(svar * (1.0 / n1 + 1.0 / n2))
    else:
        vn1, vn2 = v1 / n1, v2 / n2
        df = (vn1 + vn2) ** 2 / (vn1 ** 2 / (n1 - 1) + vn2 ** 2 / (n2 - 1))
        df = jnp.where(jnp.isnan(df), 1.0, df)
        denom = jnp.sqrt(vn1 + vn2)
    t = (m1 - m2) / denom
    df = jnp.broadcast_to(df, t.shape)
    return t, _t_pvalue(t, df, alternative), denom, m1 - m2, df


def _value(x, like):
    """A JAX result with the dtype and kind (scalar or array) of SciPy's `like`."""
    from .._dispatch import align, Probe
    return align(x, Probe(like))


def _stat(name, core, min_n, arrays=(0,)):
    sp_fn = getattr(_st, name)
    return _common.native("stats", name, core, arrays=arrays,
                          supports=_sample_rule(name, min_n, len(arrays)),
                          result=small_probe(f"scipy.stats.{name}", sp_fn, fill=1))


def _skew(a, axis=0, bias=True, nan_policy="propagate", *, keepdims=False):
    return jitted(_skew_core, "scipy.stats.skew", static=(1, 2, 3))(
        a, axis, bool(bias), bool(keepdims))


def _kurtosis(a, axis=0, fisher=True, bias=True, nan_policy="propagate", *, keepdims=False):
    return jitted(_kurtosis_core, "scipy.stats.kurtosis", static=(1, 2, 3, 4))(
        a, axis, bool(fisher), bool(bias), bool(keepdims))


def _zscore(a, axis=0, ddof=0, nan_policy="propagate"):
    return jitted(_zscore_core, "scipy.stats.zscore", static=(1, 2))(a, axis, ddof)


def _sem(a, axis=0, ddof=1, nan_policy="propagate", *, keepdims=False):
    return jitted(_sem_core, "scipy.stats.sem", static=(1, 2, 3))(a, axis, ddof,
                                                                 bool(keepdims))


def _gmean(a, axis=0, dtype=None, weights=None, *, nan_policy="propagate", keepdims=False):
    return jitted(_gmean_core, "scipy.stats.gmean", static=(1, 2))(a, axis, bool(keepdims))


def _hmean(a, axis=0, dtype=None, *, weights=None, nan_policy="propagate", keepdims=False):
    import warnings
    res, negative = jitted(_hmean_core, "scipy.stats.hmean", static=(1, 2))(
        a, axis, bool(keepdims))
    if _common.host_bool(_jnp().any(a < 0)):
        warnings.warn("The harmonic mean is only defined if all elements are non-negative; "
                      "otherwise, the result is NaN.", RuntimeWarning, stacklevel=4)
    return res


def _entropy(pk, qk=None, base=None, axis=0, *, nan_policy="propagate", keepdims=False):
    return jitted(_entropy_core, "scipy.stats.entropy", static=(2, 3, 4))(
        pk, qk, base, axis, bool(keepdims))


def _no_dtype_weights(rule):
    def supports(args, kwargs):
        if kwargs.get("dtype") is not None or kwargs.get("weights") is not None or \
                len(args) > 2:
            return "dtype=/weights= run on SciPy"
        return rule(args, kwargs)
    return supports


def _entropy_rule(args, kwargs):
    if len(args) > 1 and args[1] is not None:
        if not (type(args[1]) is _ndarray or _is_device_buffer(args[1]) or
                isinstance(args[1], _np.ndarray)):
            return "qk given as a sequence runs on SciPy"
    return _entropy_sample(args, kwargs)


_entropy_sample = _sample_rule("entropy", 1)
skew = _stat("skew", _skew, 1)
kurtosis = _stat("kurtosis", _kurtosis, 1)
zscore = _stat("zscore", _zscore, 1)
sem = _stat("sem", _sem, 2)
gmean = _common.native("stats", "gmean", _gmean,
                       supports=_no_dtype_weights(_sample_rule("gmean", 1)),
                       result=small_probe("scipy.stats.gmean", _st.gmean, fill=1))
hmean = _common.native("stats", "hmean", _hmean,
                       supports=_no_dtype_weights(_sample_rule("hmean", 1)),
                       result=small_probe("scipy.stats.hmean", _st.hmean, fill=1))
entropy = _common.native("stats", "entropy", _entropy, arrays=(0, 1), supports=_entropy_rule,
                         result=small_probe("scipy.stats.entropy", _st.entropy, fill=1))


def _passthrough(args, kwargs):
    from .._dispatch import Probe
    return Probe(None)


def _describe(a, axis=0, ddof=1, bias=True, nan_policy="propagate"):
    jnp = _jnp()
    x, ax = (a.reshape(-1), 0) if axis is None else (a, axis)
    ex = _common.small_example("scipy.stats.describe", _st.describe, (a,),
                               {"axis": axis, "ddof": ddof, "bias": bias}, fill=1)
    xf = _float(x)
    res = (jnp.asarray(x.shape[ax]), (jnp.min(x, axis=ax), jnp.max(x, axis=ax)),
           jnp.mean(xf, axis=ax), jitted(_var_core, "scipy.stats.describe.var",
                                         static=(1, 2))(xf, ax, ddof),
           _skew(x, ax, bias), _kurtosis(x, ax, True, bias))
    return type(ex)(_value(res[0], ex.nobs),
                    (_value(res[1][0], ex.minmax[0]), _value(res[1][1], ex.minmax[1])),
                    _value(res[2], ex.mean), _value(res[3], ex.variance),
                    _value(res[4], ex.skewness), _value(res[5], ex.kurtosis))


def _var_core(a, axis, ddof):
    return _var(a, axis, ddof)


describe = _common.native("stats", "describe", _describe,
                          supports=_sample_rule("describe", 2),
                          result=_passthrough)


def _ttest_result(ex, t, p, df, se, est, alternative):
    alt = {"less": -1, "two-sided": 0, "greater": 1}[alternative]
    from scipy.stats._stats_py import TtestResult
    tt = _value(t, ex.statistic)
    return TtestResult(tt, _value(p, ex.pvalue), df=_value(df, ex.df), alternative=alt,
                       standard_error=_value(se, ex._standard_error),
                       estimate=_value(est, ex._estimate),
                       statistic_np=_np.asarray(tt))


def _alternative_rule(name, min_n, arrays):
    rule = _sample_rule(name, min_n, arrays)

    def supports(args, kwargs):
        if kwargs.get("alternative", "two-sided") not in ("two-sided", "less", "greater"):
            return None   # SciPy's ValueError from the probe
        if kwargs.get("trim", 0) != 0 or kwargs.get("method") is not None:
            return "trim=/method= run on SciPy"
        return rule(args, kwargs)
    return supports


def _ttest_1samp(a, popmean, axis=0, nan_policy="propagate", alternative="two-sided", *,
                 keepdims=False):
    ex = _common.small_example("scipy.stats.ttest_1samp", _st.ttest_1samp, (a, popmean),
                               {"axis": axis, "alternative": alternative,
                                "keepdims": keepdims}, fill=1)
    t, p, se, est = jitted(_ttest_1samp_core, "scipy.stats.ttest_1samp", static=(2, 3, 4))(
        a, popmean, axis, alternative, bool(keepdims))
    n = a.size if axis is None else a.shape[axis]
    df = _jnp().broadcast_to(_jnp().asarray(n - 1), t.shape)
    return _ttest_result(ex, t, p, df, se, est, alternative)


def _ttest_rel(a, b, axis=0, nan_policy="propagate", alternative="two-sided", *,
               keepdims=False):
    ex = _common.small_example("scipy.stats.ttest_rel", _st.ttest_rel, (a, b),
                               {"axis": axis, "alternative": alternative,
                                "keepdims": keepdims}, fill=1)
    t, p, se, est = jitted(_ttest_rel_core, "scipy.stats.ttest_rel", static=(2, 3, 4))(
        a, b, axis, alternative, bool(keepdims))
    n = a.size if axis is None else a.shape[axis]
    df = _jnp().broadcast_to(_jnp().asarray(n - 1), t.shape)
    return _ttest_result(ex, t, p, df, se, est, alternative)


def _ttest_ind(a, b, *, axis=0, equal_var=True, nan_policy="propagate",
               alternative="two-sided", trim=0, method=None, keepdims=False):
    ex = _common.small_example("scipy.stats.ttest_ind", _st.ttest_ind, (a, b),
                               {"axis": axis, "alternative": alternative,
                                "equal_var": equal_var, "keepdims": keepdims}, fill=1)
    t, p, se, est, df = jitted(_ttest_ind_core, "scipy.stats.ttest_ind",
                               static=(2, 3, 4, 5))(a, b, axis, bool(equal_var), alternative,
                                                    bool(keepdims))
    return _ttest_result(ex, t, p, df, se, est, alternative)


def _same_ndim(rule):
    def supports(args, kwargs):
        if len(args) > 1 and _arr_info(args[0])[0] != _arr_info(args[1])[0] and \
                kwargs.get("axis", 0) is None:
            return "unequal shapes with axis=None run on SciPy"
        return rule(args, kwargs)
    return supports


ttest_1samp = _common.native("stats", "ttest_1samp", _ttest_1samp, arrays=(0, 1),
                             supports=_alternative_rule("ttest_1samp", 2, 1),
                             result=_passthrough)
ttest_rel = _common.native("stats", "ttest_rel", _ttest_rel, arrays=(0, 1),
                           supports=_alternative_rule("ttest_rel", 2, 2), result=_passthrough)
ttest_ind = _common.native("stats", "ttest_ind", _ttest_ind, arrays=(0, 1),
                           supports=_same_ndim(_alternative_rule("ttest_ind", 2, 2)),
                           result=_passthrough)


def _rankdata(a, method="average", *, axis=None, nan_policy="propagate"):
    return _common.jax_scipy("stats.rankdata")(a, method=method, axis=axis)


def _rankdata_rule(args, kwargs):
    if kwargs.get("nan_policy", "propagate") != "propagate":
        return "nan_policy other than 'propagate' runs on SciPy"
    shape, dtype = _arr_info(args[0])
    if dtype.kind not in "biuf" or 0 in shape:
        return "this input runs on SciPy"
    return None


rankdata = _common.native("stats", "rankdata", _rankdata, supports=_rankdata_rule,
                          result=small_probe("scipy.stats.rankdata", _st.rankdata, fill=1))

# ---- functions along an axis under SciPy's `_axis_nan_policy` rules ---------------------------
def _float_dtype(*dtypes):
    """SciPy's `xp_promote(..., force_floating=True)`: float64 for integers and bool."""
    dt = _np.result_type(*dtypes)
    return dt if dt.kind in "fc" else _np.dtype(_np.float64)


def _host_flags(*flags):
    """Device booleans read on the host in one synchronisation."""
    from .._backends import device
    jnp = _jnp()
    return [bool(v) for v in device.to_host(jnp.stack([jnp.asarray(f) for f in flags]))]


def _check_nan(nan_policy, *arrays):
    """nan_policy='raise': SciPy's ValueError for a sample holding NaN."""
    if nan_policy != "raise":
        return
    jnp = _jnp()
    flags = [jnp.any(jnp.isnan(a)) for a in arrays if a.dtype.kind in "fc"]
    if flags and any(_host_flags(*flags)):
        raise ValueError("The input contains nan values")


def _along(name, core, nan_mask=True):
    """`core(a, *params)` reducing the last axis, run as SciPy's decorator runs it: a 0-d
    sample is one value, axis=None ravels, the axis moves last, a slice holding NaN gives
    NaN (nan_policy='propagate'), keepdims puts the reduced axes back. Returns
    run(a, axis, keepdims, *params) (params static)."""
    def core_along(axis, keepdims, params, a):
        jnp = _jnp()
        nd = max(a.ndim, 1)
        a = a.reshape(a.shape or (1,))
        a = a.reshape(-1) if axis is None else jnp.moveaxis(a, axis % nd, -1)
        res = core(a, *params)
        nan = jnp.any(jnp.isnan(a), axis=-1) if nan_mask and a.dtype.kind in "fc" else None

        def finish(r):
            if nan is not None and r.dtype.kind in "fc":
                r = jnp.where(nan, jnp.nan, r)
            if keepdims:
                r = r.reshape((1,) * nd) if axis is None else jnp.expand_dims(r, axis % nd)
            return r
        return tuple(finish(r) for r in res) if isinstance(res, tuple) else finish(res)
    core_along.__name__ = core.__name__

    def run(a, axis, keepdims, *params):
        return jitted(core_along, f"scipy.stats.{name}", static=(0, 1, 2))(
            None if axis is None else int(axis), bool(keepdims), params, a)
    return run


def _axis_fn(name, jax_fn, min_n=1, check=None, result=None):
    """The public scipy.stats.<name> of a decorated SciPy function: nan_policy 'propagate'
    and 'raise' on JAX; 'omit', tuple axes, empty or too-short samples (SciPy warns) and
    the argument values `check(bound)` names run on SciPy (recorded)."""
    rule = _sample_rule(name, min_n, policies=("propagate", "raise"), scalar_ok=True)
    sig = _inspect.signature(getattr(_st, name))

    def supports(args, kwargs):
        if check is not None:
            try:
                bound = sig.bind(*args, **kwargs).arguments
            except TypeError:
                return None
            reason = check(bound)
            if reason:
                return reason
        return rule(args, kwargs)
    return _common.native("stats", name, jax_fn, supports=supports,
                          result=result or small_probe(f"scipy.stats.{name}",
                                                       getattr(_st, name), fill=1))


def _number(*names):
    def check(bound):
        for n in names:
            v = bound.get(n)
            if v is not None and not isinstance(v, (int, float, _np.integer, _np.floating)):
                return f"a non-number {n}= runs on SciPy"
        return None
    return check


def _power(d, order):
    """d ** order by squaring in SciPy's order of products (`scipy.stats.moment`)."""
    seq = [order]
    while seq[-1] > 2:
        seq.append((seq[-1] - 1) // 2 if seq[-1] % 2 else seq[-1] // 2)
    s = d if seq[-1] == 1 else d * d
    for k in seq[-2::-1]:
        s = s * s
        if k % 2:
            s = s * d
    return s


def _moment_core(a, orders, center):
    jnp = _jnp()
    a = _float(a)
    mean = jnp.mean(a, axis=-1, keepdims=True) if center is None else \
        jnp.asarray(center, a.dtype)
    out = []
    for k in orders:
        if k == 0 or (k == 1 and center is None):
            out.append((jnp.ones if k == 0 else jnp.zeros)(a.shape[:-1], a.dtype))
        else:
            out.append(jnp.mean(_power(a - mean, k), axis=-1))
    return tuple(out)


_moment_run = _along("moment", _moment_core)


def _moment_fn(a, order=1, axis=0, nan_policy="propagate", *, center=None,
               keepdims=False):
    _check_nan(nan_policy, a)
    o = _np.asarray(order)
    res = _moment_run(a, axis, keepdims, tuple(int(k) for k in o.reshape(-1)), center)
    return res[0] if o.ndim == 0 else _jnp().stack(res)


def _moment_check(bound):
    o = bound.get("order", 1)
    if type(o) is _ndarray or _is_device_buffer(o):
        return "order= given as an npjax array runs on SciPy"
    return _number("center")(bound)


def _variation_core(a, ddof):
    jnp = _jnp()
    n = a.shape[-1]
    mean, std = jnp.mean(a, axis=-1), jnp.std(a, axis=-1)
    if n == ddof:
        return jnp.where(std > 0, jnp.copysign(jnp.inf, mean), jnp.nan)
    nn = jnp.asarray(n, a.dtype)      # SciPy's n has the sample's dtype
    return std * (nn / (nn - ddof)) ** 0.5 / mean


_variation_run = _along("variation", _variation_core)


def _variation(a, axis=0, nan_policy="propagate", ddof=0, *, keepdims=False):
    _check_nan(nan_policy, a)
    return _variation_run(a, axis, keepdims, ddof)


def _iqr_core(a, lo, hi, method, scale):
    jnp = _jnp()
    ft = _float_dtype(a.dtype)
    if method == "nearest":
        # NumPy's rounding of the index (half to even); JAX's 'nearest' rounds otherwise
        n = a.shape[-1]
        idx = [int(_np.round(_np.asarray(q, ft) * (n - 1))) for q in (lo, hi)]
        srt = jnp.sort(a, axis=-1)
        out = (srt[..., idx[1]] - srt[..., idx[0]]).astype(ft)
        out = jnp.where(jnp.any(jnp.isnan(a), axis=-1), jnp.nan, out) if ft.kind == "f" and \
            a.dtype.kind == "f" else out
    else:
        q = jnp.quantile(a, jnp.asarray([lo, hi], ft), axis=-1, method=method)
        out = q[1] - q[0]
    return out / scale if scale != 1.0 else out


_iqr_run = _along("iqr", _iqr_core, nan_mask=False)   # SciPy: quantile's own NaN rule


def _iqr(x, axis=None, rng=(25, 75), scale=1.0, nan_policy="propagate",
         interpolation="linear", keepdims=False):
    _check_nan(nan_policy, x)
    if isinstance(scale, str):
        from scipy.stats._stats_py import _scale_conversions
        scale = _scale_conversions[scale.lower()]
    lo, hi = sorted((float(rng[0]) / 100, float(rng[1]) / 100))
    return _iqr_run(x, axis, keepdims, lo, hi, interpolation, float(scale))


def _iqr_check(bound):
    if bound.get("interpolation", "linear") not in ("linear", "lower", "higher", "midpoint",
                                                    "nearest"):
        return None   # SciPy's error from the probe
    if not isinstance(bound.get("scale", 1.0), (int, float, str, _np.number)):
        return "an array scale= runs on SciPy"
    return None


def _pmean_core(a, p):
    jnp = _jnp()
    if p == 0:      # SciPy: the geometric mean
        return jnp.exp(jnp.mean(jnp.log(_float(a)), axis=-1))
    a = jnp.where(a < 0, jnp.nan, a)
    return jnp.mean(a ** float(p), axis=-1) ** (1 / p)


_pmean_run = _along("pmean", _pmean_core)


def _pmean(a, p, *, axis=0, dtype=None, weights=None, nan_policy="propagate",
           keepdims=False):
    import warnings
    _check_nan(nan_policy, a)
    if p != 0 and _common.host_bool(_jnp().any(a < 0)):
        warnings.warn("The power mean is only defined if all elements are non-negative; "
                      "otherwise, the result is NaN.", RuntimeWarning, stacklevel=4)
    return _pmean_run(a, axis, keepdims, p)


def _pmean_check(bound):
    if bound.get("dtype") is not None or bound.get("weights") is not None:
        return "dtype=/weights= run on SciPy"
    return None


# trimmed statistics: values outside `limits` are left out
def _outside(a, limits, inclusive):
    """SciPy's `_put_val_to_limits` mask: True where a value is outside the limits."""
    jnp = _jnp()
    mask = jnp.zeros(a.shape, bool)
    if limits is None:
        return mask
    (lo, hi), (lo_in, hi_in) = limits, inclusive
    if lo is not None:
        mask = mask | ((a < lo) if lo_in else (a <= lo))
    if hi is not None:
        mask = mask | ((a > hi) if hi_in else (a >= hi))
    return mask


def _limits_flags_core(a, axis, limits, inclusive):
    """(no value of a NaN-free slice within the limits, some slice has none) as SciPy
    decides them: the whole array when it has no NaN or is 1-D, else slice by slice."""
    jnp = _jnp()
    nd = max(a.ndim, 1)
    a = a.reshape(a.shape or (1,))
    a = a.reshape(-1) if axis is None else jnp.moveaxis(a, axis % nd, -1)
    mask = _outside(a, limits, inclusive)
    empty = jnp.all(mask, axis=-1)
    if a.dtype.kind not in "fc":
        return jnp.all(mask), jnp.any(empty)
    nan = jnp.any(jnp.isnan(a), axis=-1)
    if a.ndim == 1:
        return jnp.all(mask) & ~jnp.any(nan), jnp.any(empty)
    return jnp.where(jnp.any(nan), jnp.any(empty & ~nan), jnp.all(mask)), jnp.any(empty)


def _limits_check(a, axis, limits, inclusive):
    """SciPy's ValueError when no value lies within the limits; returns whether some slice
    has none (one synchronisation; none without limits)."""
    if limits is None or all(v is None for v in limits):
        return False
    none, some = _host_flags(*jitted(_limits_flags_core, "scipy.stats.limits",
                                     static=(1, 2, 3))(
        a, None if axis is None else int(axis), tuple(limits), tuple(inclusive)))
    if none:
        raise ValueError("No array values within given limits")
    return some


def _tmean_core(a, limits, inclusive):
    jnp = _jnp()
    mask = _outside(a, limits, inclusive)
    if limits is not None:
        a = jnp.where(mask, 0.0, a)
    s = jnp.sum(a, axis=-1, dtype=a.dtype)
    n = jnp.sum((~mask).astype(a.dtype), axis=-1, dtype=a.dtype)
    return jnp.where(n != 0, s / jnp.where(n != 0, n, 1), jnp.nan)


def _tvar_parts(a, limits, inclusive, ddof):
    """SciPy's tvar: the variance of the values within the limits (others omitted) and
    their number."""
    jnp = _jnp()
    a = _float(a)
    if limits is not None:
        a = jnp.where(_outside(a, limits, inclusive), jnp.nan, a)
    ok = ~jnp.isnan(a)
    n = jnp.sum(ok, axis=-1).astype(a.dtype)
    mean = jnp.sum(jnp.where(ok, a, 0), axis=-1, keepdims=True) / n[..., None]
    d = jnp.where(ok, a - mean, 0)
    var = jnp.sum(d * d, axis=-1) / n
    if ddof:
        nc = n - ddof
        var = var * jnp.where(nc > 0, n / jnp.where(nc > 0, nc, 1), jnp.nan)
    return var, n


def _tvar_core(a, limits, inclusive, ddof):
    return _tvar_parts(a, limits, inclusive, ddof)[0]


def _tstd_core(a, limits, inclusive, ddof):
    return _tvar_parts(a, limits, inclusive, ddof)[0] ** 0.5


def _tsem_core(a, limits, inclusive, ddof):
    var, n = _tvar_parts(a, limits, inclusive, ddof)
    return var ** 0.5 / n ** 0.5


_trimmed_runs = {name: _along(name, core) for name, core in
                 (("tmean", _tmean_core), ("tvar", _tvar_core), ("tstd", _tstd_core),
                  ("tsem", _tsem_core))}


def _trimmed(name):
    def run(a, limits=None, inclusive=(True, True), axis=0, ddof=1, nan_policy="propagate",
            keepdims=False):
        _check_nan(nan_policy, a)
        limits = None if limits is None else tuple(limits)
        _limits_check(a, axis, limits, inclusive)
        params = (limits, tuple(inclusive)) + ((ddof,) if name != "tmean" else ())
        return _trimmed_runs[name](a, axis, keepdims, *params)
    return run


def _tmean(a, limits=None, inclusive=(True, True), axis=None, *, nan_policy="propagate",
           keepdims=False):
    return _trimmed("tmean")(a, limits, inclusive, axis, 0, nan_policy, keepdims)


def _tvar(a, limits=None, inclusive=(True, True), axis=0, ddof=1, *,
          nan_policy="propagate", keepdims=False):
    return _trimmed("tvar")(a, limits, inclusive, axis, ddof, nan_policy, keepdims)


def _tstd(a, limits=None, inclusive=(True, True), axis=0, ddof=1, *,
          nan_policy="propagate", keepdims=False):
    return _trimmed("tstd")(a, limits, inclusive, axis, ddof, nan_policy, keepdims)


def _tsem(a, limits=None, inclusive=(True, True), axis=0, ddof=1, *,
          nan_policy="propagate", keepdims=False):
    return _trimmed("tsem")(a, limits, inclusive, axis, ddof, nan_policy, keepdims)


def _textreme_core(a, limit, inclusive, upper):
    jnp = _jnp()
    info = jnp.iinfo(a.dtype) if a.dtype.kind in "iu" else None
    fill = (info.min if upper else info.max) if info else (-jnp.inf if upper else jnp.inf)
    if limit is None:
        mask = jnp.zeros(a.shape, bool)
    elif upper:
        mask = (a > limit) if inclusive else (a >= limit)
    else:
        mask = (a < limit) if inclusive else (a <= limit)
    a = jnp.where(mask, jnp.asarray(fill, a.dtype), a)
    return (jnp.max if upper else jnp.min)(a, axis=-1), jnp.all(mask, axis=-1)


_textreme_runs = {"tmin": _along("tmin", _textreme_core),
                  "tmax": _along("tmax", _textreme_core)}


def _textreme(name, a, limit, axis, inclusive, nan_policy, keepdims):
    """tmin/tmax: SciPy's result is float with NaN where a slice has no value within the
    limit, else of the sample's dtype (a value-dependent dtype: one synchronisation)."""
    from .._dispatch import align, Probe
    jnp = _jnp()
    upper = name == "tmax"
    _check_nan(nan_policy, a)
    limits = (None, limit) if upper else (limit, None)
    some = _limits_check(a, axis, limits, (None, inclusive) if upper else (inclusive, None))
    like = small_probe(f"scipy.stats.{name}", getattr(_st, name), fill=1)(
        (a,), {"axis": axis, "keepdims": keepdims})
    res, empty = _textreme_runs[name](a, axis, keepdims, limit, bool(inclusive), upper)
    if some:
        dt = _float_dtype(res.dtype)
        res = jnp.where(empty, jnp.nan, res.astype(dt))
        like = Probe(_np.empty(0, dt) if like.kind == "array" else dt.type(0))
    return align(res, like)


def _tmin(a, lowerlimit=None, axis=0, inclusive=True, nan_policy="propagate", *,
          keepdims=False):
    return _textreme("tmin", a, lowerlimit, axis, inclusive, nan_policy, keepdims)


def _tmax(a, upperlimit=None, axis=0, inclusive=True, nan_policy="propagate", *,
          keepdims=False):
    return _textreme("tmax", a, upperlimit, axis, inclusive, nan_policy, keepdims)


def _limit_probe(name, *limit_names):
    """A `result=` hook probing SciPy without the limits (its stand-ins hold no value
    within them): SciPy's errors for other arguments first, values checked natively."""
    sp = getattr(_st, name)
    probe = small_probe(f"scipy.stats.{name}", sp, fill=1)
    sig = _inspect.signature(sp)

    def result(args, kwargs):
        bound = sig.bind(*args, **kwargs).arguments
        for n in limit_names:
            bound.pop(n, None)
        return probe((), bound)
    return result


def _limits_ok(bound):
    lims = bound.get("limits") if "limits" in bound else \
        (bound.get("lowerlimit"), bound.get("upperlimit"))
    if lims is not None and type(lims) not in (list, tuple):
        return "limits given as an array run on SciPy"
    if type(lims) in (list, tuple):
        for v in lims:
            if v is not None and not isinstance(v, (int, float, _np.integer, _np.floating)):
                return "non-number limits run on SciPy"
    return None


def _no_bool(rule):
    def check(bound):
        if _arr_info(bound["a"])[1].kind == "b":
            return "bool input runs on SciPy"
        return rule(bound)
    return check


_CENTERS = {}


def _mad_center(center):
    """"median"/"mean" for the centre functions that run on JAX (NumPy's and npjax's)."""
    if not _CENTERS:
        import npjax
        _CENTERS.update({id(_np.median): "median", id(_np.mean): "mean",
                         id(npjax.median): "median", id(npjax.mean): "mean"})
    return "median" if center is None else _CENTERS.get(id(center))


def _mad_core(a, center, scale):
    jnp = _jnp()
    med = (jnp.median if center == "median" else jnp.mean)(a, axis=-1, keepdims=True)
    return jnp.median(jnp.abs(a - med), axis=-1) / scale


_mad_run = _along("median_abs_deviation", _mad_core)


def _median_abs_deviation(x, axis=0, center=None, scale=1.0, nan_policy="propagate", *,
                          keepdims=False):
    _check_nan(nan_policy, x)
    if isinstance(scale, str):
        scale = 0.6744897501960817      # SciPy's special.ndtri(0.75)
    return _mad_run(x, axis, keepdims, _mad_center(center), float(scale))


def _mad_check(bound):
    if _mad_center(bound.get("center")) is None:
        return "a centre function other than median/mean runs on SciPy"
    if not isinstance(bound.get("scale", 1.0), (int, float, str, _np.number)):
        return "an array scale= runs on SciPy"
    return None


moment = _axis_fn("moment", _moment_fn, check=_moment_check)
variation = _axis_fn("variation", _variation)
iqr = _axis_fn("iqr", _iqr, check=_iqr_check)
pmean = _axis_fn("pmean", _pmean, check=_pmean_check)
tmean = _axis_fn("tmean", _tmean, check=_limits_ok, result=_limit_probe("tmean", "limits"))
tvar = _axis_fn("tvar", _tvar, check=_limits_ok, result=_limit_probe("tvar", "limits"))
tstd = _axis_fn("tstd", _tstd, check=_limits_ok, result=_limit_probe("tstd", "limits"))
tsem = _axis_fn("tsem", _tsem, check=_limits_ok, result=_limit_probe("tsem", "limits"))
tmin = _axis_fn("tmin", _tmin, check=_no_bool(_limits_ok), result=_passthrough)
tmax = _axis_fn("tmax", _tmax, check=_no_bool(_limits_ok), result=_passthrough)
median_abs_deviation = _axis_fn("median_abs_deviation", _median_abs_deviation,
                                check=_mad_check)


# ---- standard scores -------------------------------------------------------------------------
def _zmap_core(scores, compare, axis, ddof, dtype, same):
    jnp = _jnp()
    scores, compare = scores.astype(dtype), compare.astype(dtype)
    mn = jnp.mean(compare, axis=axis, keepdims=True)
    d = compare - mn
    var = jnp.mean(d * d, axis=axis, keepdims=True)
    if ddof:
        n = compare.size if axis is None else compare.shape[axis]
        nn = jnp.asarray(n, dtype)
        var = var * (nn / (nn - ddof)) if n - ddof > 0 else var * jnp.nan
    std = var ** 0.5
    z = (scores - mn) / std
    if same:      # SciPy's zscore: constant slices give NaN
        z = jnp.where(std <= jnp.abs(jnp.finfo(dtype).eps * mn), jnp.nan, z)
    return z


def _zmap(scores, compare, axis=0, ddof=0, nan_policy="propagate"):
    _check_nan(nan_policy, compare)
    dtype = _float_dtype(scores.dtype, compare.dtype)
    return jitted(_zmap_core, "scipy.stats.zmap", static=(2, 3, 4, 5))(
        scores, compare, None if axis is None else int(axis), ddof, dtype,
        scores is compare)


def _gzscore(a, *, axis=0, ddof=0, nan_policy="propagate"):
    _check_nan(nan_policy, a)
    jnp = _jnp()
    return jitted(_zscore_core, "scipy.stats.zscore", static=(1, 2))(
        jnp.log(_float(a)), axis, ddof)


def _zmap_rule(args, kwargs):
    if kwargs.get("nan_policy", args[4] if len(args) > 4 else "propagate") not in \
            ("propagate", "raise"):
        return "nan_policy='omit' runs on SciPy"
    arrays = [a for a in (list(args[:2]) + [kwargs.get("scores"), kwargs.get("compare")])
              if a is not None]
    for a in arrays:
        if isinstance(a, _np.ma.MaskedArray):
            return "masked arrays run on SciPy"
        shape, dtype = _arr_info(a)
        if dtype.kind not in "biuf" or 0 in shape or not shape:
            return "empty, 0-d or non-real input runs on SciPy"
    axis = kwargs.get("axis", args[2] if len(args) > 2 else 0)
    if axis is not None and not isinstance(axis, (int, _np.integer)):
        return "a tuple axis runs on SciPy"
    return None


zmap = _common.native("stats", "zmap", _zmap, arrays=(0, 1), supports=_zmap_rule,
                      result=small_probe("scipy.stats.zmap", _st.zmap, fill=1))
gzscore = _common.native("stats", "gzscore", _gzscore,
                         supports=_sample_rule("gzscore", 1, policies=("propagate", "raise")),
                         result=small_probe("scipy.stats.gzscore", _st.gzscore, fill=1))


# ---- correlation and regression ---------------------------------------------------------------
def _example(name, args, kwargs):
    """SciPy's result object for the call on stand-ins of distinct values that keep sizes
    up to 8 (raises SciPy's error for a call it rejects)."""
    return _common.small_example(f"scipy.stats.{name}", getattr(_st, name), args, kwargs,
                                 fill="ramp", exact=8)


def _warn(category, message):
    import warnings
    warnings.warn(category(message), stacklevel=5)


def _beta_pvalue(r, ab, alternative):
    """P-value of r under Beta(ab, ab) on (-1, 1) (SciPy's pearsonr), tails by symmetry
    (JAX has no betaincc)."""
    jnp = _jnp()
    betainc = jax_module("special").betainc
    if alternative == "less":
        return betainc(ab, ab, (r + 1) / 2)
    if alternative == "greater":
        return betainc(ab, ab, (1 - r) / 2)
    return 2 * betainc(ab, ab, (1 - jnp.abs(r)) / 2)


def _pearsonr_core(x, y, axis, dtype, alternative):
    jnp = _jnp()
    x, y = x.astype(dtype), y.astype(dtype)
    if axis is None:
        x, y, axis = x.reshape(-1), y.reshape(-1), -1
    nd = max(x.ndim, y.ndim)
    x = jnp.moveaxis(x.reshape((1,) * (nd - x.ndim) + x.shape), axis, -1)
    y = jnp.moveaxis(y.reshape((1,) * (nd - y.ndim) + y.shape), axis, -1)
    n = x.shape[-1]
    const_x = jnp.all(x == x[..., :1], axis=-1)
    const_y = jnp.all(y == y[..., :1], axis=-1)
    const = const_x | const_y
    x = jnp.where(const_x[..., None], jnp.nan, x)
    y = jnp.where(const_y[..., None], jnp.nan, y)
    xmean, ymean = jnp.mean(x, -1, keepdims=True), jnp.mean(y, -1, keepdims=True)
    xm, ym = x - xmean, y - ymean
    # scaled norms: no premature overflow (SciPy's)
    xmax = jnp.max(jnp.abs(xm), axis=-1, keepdims=True)
    ymax = jnp.max(jnp.abs(ym), axis=-1, keepdims=True)
    normxm = xmax * jnp.linalg.norm(xm / xmax, axis=-1, keepdims=True)
    normym = ymax * jnp.linalg.norm(ym / ymax, axis=-1, keepdims=True)
    threshold = jnp.finfo(dtype).eps ** 0.75
    near = jnp.any(normxm < threshold * jnp.abs(xmean), axis=-1) | \
        jnp.any(normym < threshold * jnp.abs(ymean), axis=-1)
    r = jnp.sum((xm / normxm) * (ym / normym), axis=-1)
    r = jnp.where(const, jnp.nan, jnp.clip(r, -1.0, 1.0))
    p = _beta_pvalue(r, jnp.asarray(n / 2 - 1, dtype), alternative)
    if n == 2:      # exactly +-1 with p-value 1
        r = jnp.round(r)
        p = jnp.where(jnp.isnan(r), jnp.nan, jnp.ones_like(r))
    return r, p, x, y, jnp.any(const), jnp.any(near & ~const)


def _pearsonr(x, y, *, alternative="two-sided", method=None, axis=0):
    from scipy.stats._stats_py import PearsonRResult
    ex = _example("pearsonr", (x, y), {"alternative": alternative, "axis": axis})
    dtype = _float_dtype(x.dtype, y.dtype)
    r, p, xs, ys, const, near = jitted(_pearsonr_core, "scipy.stats.pearsonr",
                                       static=(2, 3, 4))(
        x, y, None if axis is None else int(axis), dtype, alternative)
    const, near = _host_flags(const, near)
    if const:
        _warn(_st.ConstantInputWarning,
              "An input array is constant; the correlation coefficient is not defined.")
    if near:
        _warn(_st.NearConstantInputWarning,
              "An input array is nearly constant; the computed correlation coefficient "
              "may be inaccurate.")
    return PearsonRResult(statistic=_value(r, ex.statistic), pvalue=_value(p, ex.pvalue),
                          n=_np.asarray(xs.shape[-1], dtype), alternative=alternative,
                          x=_ndarray._new(xs), y=_ndarray._new(ys), axis=-1)


def _pair_rule(name, policies=("propagate",)):
    sig = _inspect.signature(getattr(_st, name))

    def supports(args, kwargs):
        try:
            bound = sig.bind(*args, **kwargs).arguments
        except TypeError:
            return None
        if bound.get("method") is not None:
            return "method= runs on SciPy"
        if bound.get("nan_policy", "propagate") not in policies:
            return f"nan_policy={bound['nan_policy']!r} runs on SciPy"
        axis = bound.get("axis", sig.parameters["axis"].default)
        if axis is not None and not isinstance(axis, (int, _np.integer)):
            return "a tuple axis runs on SciPy"
        for key in ("x", "y", "a", "b"):
            v = bound.get(key)
            if v is None:
                continue
            if isinstance(v, _np.ma.MaskedArray):
                return "masked arrays run on SciPy"
            shape, dtype = _arr_info(v)
            if dtype.kind not in "biuf":
                return None if dtype.kind == "c" else f"{dtype} input runs on SciPy"
            if 0 in shape:
                return "empty samples run on SciPy"
            if name == "linregress" and dtype.kind == "f" and dtype.itemsize < 8:
                return "float32 samples run on SciPy (its NaN results are float32)"
        return None
    return supports


pearsonr = _common.native("stats", "pearsonr", _pearsonr, arrays=(0, 1),
                          supports=_pair_rule("pearsonr"), result=_passthrough)


def _linregress_core(x, y, axis, keepdims, alternative):
    jnp = _jnp()
    x, y = _float(x), _float(y)
    nd = max(x.ndim, y.ndim, 1)
    if axis is None:
        x, y = x.reshape(-1), y.reshape(-1)
    else:
        x, y = jnp.broadcast_arrays(x.reshape(x.shape or (1,)), y.reshape(y.shape or (1,)))
        x, y = jnp.moveaxis(x, axis % nd, -1), jnp.moveaxis(y, axis % nd, -1)
    n = x.shape[-1]
    xmean, ymean = jnp.mean(x, axis=-1), jnp.mean(y, axis=-1)
    xm, ym = x - xmean[..., None], y - ymean[..., None]
    inv = 1.0 / n                 # NumPy's cov(bias=1) multiplies by 1/n
    ssxm, ssym = jnp.sum(xm * xm, -1) * inv, jnp.sum(ym * ym, -1) * inv
    ssxym = jnp.sum(xm * ym, -1) * inv
    zero = (ssxm == 0) | (ssym == 0)
    r = jnp.where(zero, jnp.where(ssxym == 0, jnp.nan, 0.0),
                  jnp.clip(ssxym / jnp.sqrt(jnp.where(zero, 1.0, ssxm * ssym)), -1.0, 1.0))
    slope = ssxym / ssxm
    intercept = ymean - slope * xmean
    if n == 2:
        prob = jnp.where(y[..., 0] == y[..., 1], 1.0, 0.0)
        stderr = istderr = jnp.zeros_like(slope)
    else:
        df = jnp.asarray(n - 2.0)
        tiny = 1.0e-20
        t = r * jnp.sqrt(df / ((1.0 - r + tiny) * (1.0 + r + tiny)))
        prob = _t_pvalue(t, df, alternative)
        stderr = jnp.sqrt((1 - r ** 2) * ssym / ssxm / df)
        istderr = stderr * jnp.sqrt(ssxm + xmean ** 2)
    nan = jnp.any(jnp.isnan(x) | jnp.isnan(y), axis=-1)
    out = []
    for v in (slope, intercept, r, prob, stderr, istderr):
        v = jnp.where(nan, jnp.nan, v)
        if keepdims:
            v = v.reshape((1,) * nd) if axis is None else jnp.expand_dims(v, axis % nd)
        out.append(v)
    identical = (jnp.max(x, axis=-1) == jnp.min(x, axis=-1)) & ~nan
    return tuple(out), jnp.any(identical), jnp.any(nan)


_LINREGRESS = ("slope", "intercept", "rvalue", "pvalue", "stderr", "intercept_stderr")


def _linregress(x, y, alternative="two-sided", *, axis=0, nan_policy="propagate",
                keepdims=False):
    from scipy.stats._stats_py import LinregressResult
    _check_nan(nan_policy, x, y)
    kw = {"alternative": alternative, "axis": axis, "keepdims": keepdims}
    ex = _example("linregress", (x, y), kw)
    vals, identical, nan = jitted(_linregress_core, "scipy.stats.linregress",
                                  static=(2, 3, 4))(
        x, y, None if axis is None else int(axis), bool(keepdims), alternative)
    identical, nan = _host_flags(identical, nan)
    if identical:
        raise ValueError("Cannot calculate a linear regression if all x values are "
                         "identical")
    likes = [getattr(ex, f) for f in _LINREGRESS]
    if nan and not isinstance(ex.slope, _np.ndarray):
        likes = [_np.float64(0)] * 6      # SciPy's NaN result of a 1-D sample
    out = [_value(v, like) for v, like in zip(vals, likes)]
    return LinregressResult(*out[:5], intercept_stderr=out[5])


def _linregress_rule(args, kwargs):
    reason = _pair_rule("linregress", ("propagate", "raise"))(args, kwargs)
    if reason:
        return reason
    try:
        bound = _inspect.signature(_st.linregress).bind(*args, **kwargs).arguments
    except TypeError:
        return None
    axis = bound.get("axis", 0)
    sx, sy = _arr_info(bound["x"])[0], _arr_info(bound["y"])[0]
    try:
        shape = (int(_np.prod(sx)),) if axis is None else \
            _np.broadcast_shapes(sx or (1,), sy or (1,))
        n = shape[axis if axis is not None else 0]
    except (ValueError, IndexError):
        return None     # SciPy's error from the probe
    if n < 2:
        return "samples this small run on SciPy (it warns)"
    return None


linregress = _common.native("stats", "linregress", _linregress, arrays=(0, 1),
                            supports=_linregress_rule, result=_passthrough)


def _spearmanr_core(m, alternative):
    """m: observations x variables. Returns the rank correlations, p-values, whether one
    of the first two variables is constant, and the variables holding NaN."""
    jnp = _jnp()
    n = m.shape[0]
    const = jnp.all(m[:, 0] == m[0, 0]) | jnp.all(m[:, 1] == m[0, 1])
    nan = jnp.any(jnp.isnan(m), axis=0) if m.dtype.kind in "fc" else \
        jnp.zeros(m.shape[1], bool)
    ranks = jax_module("stats").rankdata(m, axis=0).astype(jnp.float64)
    ranks = jnp.where(nan, jnp.nan, ranks)
    d = ranks - jnp.mean(ranks, axis=0)
    c = d.T @ d / (n - 1)
    sd = jnp.sqrt(jnp.diagonal(c))
    rs = jnp.clip(c / sd[:, None] / sd[None, :], -1, 1)
    dof = n - 2
    t = rs * jnp.sqrt(jnp.clip(dof / ((rs + 1.0) * (1.0 - rs)), 0))
    p = _t_pvalue(t, jnp.asarray(float(dof)), alternative)
    rs = jnp.where(nan[:, None] | nan[None, :], jnp.nan, rs)
    return rs, p, const, jnp.any(nan)


def _spearmanr(a, b=None, axis=0, nan_policy="propagate", alternative="two-sided"):
    from scipy.stats._stats_py import SignificanceResult
    jnp = _jnp()
    _example("spearmanr", (a, b), {"axis": axis, "alternative": alternative})
    _check_nan(nan_policy, *[v for v in (a, b) if v is not None])
    a, out = (a.reshape(-1), 0) if axis is None else (a.reshape(a.shape or (1,)), axis)
    if b is not None:
        b = b.reshape(-1) if axis is None else b.reshape(b.shape or (1,))
        a = jnp.column_stack((a, b)) if out == 0 else jnp.vstack((a, b))
    m = a if out == 0 else a.T
    if m.shape[0] <= 1:
        res = SignificanceResult(_np.nan, _np.nan)
        res.correlation = _np.nan
        return res
    rs, p, const, nan = jitted(_spearmanr_core, "scipy.stats.spearmanr", static=(1,))(
        m, alternative)
    const, nan = _host_flags(const, nan)
    if const or (nan and m.shape[1] <= 2):
        if const:
            _warn(_st.ConstantInputWarning,
                  "An input array is constant; the correlation coefficient is not defined.")
        res = SignificanceResult(_np.nan, _np.nan)
        res.correlation = _np.nan
        return res
    if rs.shape == (2, 2):
        r, pv = _value(rs[1, 0], _np.float64(0)), _value(p[1, 0], _np.float64(0))
        res = SignificanceResult(r, pv)
        res.correlation = r
        return res
    r = _ndarray._new(rs.astype(jnp.float64))
    res = SignificanceResult(r, _ndarray._new(p.astype(jnp.float64)))
    res.correlation = r
    return res


spearmanr = _common.native("stats", "spearmanr", _spearmanr, arrays=(0, 1),
                           supports=_pair_rule("spearmanr", ("propagate", "raise")),
                           result=_passthrough)


__getattr__, __dir__ = serve("stats", globals(), wrap=_wrap)
