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
(other calls are recorded fallbacks), returning SciPy's own result classes.
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


def _sample_rule(name, min_n, arrays=1):
    """`supports=` for scipy.stats.<name>: the JAX path takes nan_policy='propagate', an
    integer axis (or None) and samples of at least `min_n` values (SciPy warns and returns
    NaN for smaller ones)."""
    sig = _inspect.signature(getattr(_st, name))

    def supports(args, kwargs):
        try:
            bound = sig.bind(*args, **kwargs).arguments
        except TypeError:
            return None      # SciPy's own TypeError from the probe
        if bound.get("nan_policy", "propagate") != "propagate":
            return "nan_policy other than 'propagate' runs on SciPy"
        axis = bound.get("axis", 0)
        if axis is not None and not isinstance(axis, (int, _np.integer)):
            return "a tuple axis runs on SciPy"
        if axis is None and bound.get("keepdims"):
            return "axis=None with keepdims=True runs on SciPy"
        for a in args[:arrays]:
            if isinstance(a, _np.ma.MaskedArray):
                return "masked arrays run on SciPy"
            shape, dtype = _arr_info(a)
            if dtype.kind not in "biuf":
                return f"{dtype} input runs on SciPy"
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
    return v * (n / (n - ddof)) if ddof else v


def _skew_core(a, axis, bias, keepdims):
    jnp = _jnp()
    a, axis = _prep(_float(a), axis)
    n = a.shape[axis]
    mean = jnp.mean(a, axis=axis, keepdims=True)
    d = a - mean
    m2, m3 = _moment(d, 2, axis, keepdims), _moment(d, 3, axis, keepdims)
    mr = mean if keepdims else jnp.squeeze(mean, axis)
    zero = m2 <= (jnp.finfo(m2.dtype).eps * mr) ** 2
    vals = jnp.where(zero, jnp.nan, m3 / m2 ** 1.5)
    if not bias and n > 2:
        vals = jnp.where(~zero, ((n - 1.0) * n) ** 0.5 / (n - 2.0) * m3 / m2 ** 1.5, vals)
    return vals


def _kurtosis_core(a, axis, fisher, bias, keepdims):
    jnp = _jnp()
    a, axis = _prep(_float(a), axis)
    n = a.shape[axis]
    mean = jnp.mean(a, axis=axis, keepdims=True)
    d = a - mean
    m2, m4 = _moment(d, 2, axis, keepdims), _moment(d, 4, axis, keepdims)
    mr = mean if keepdims else jnp.squeeze(mean, axis)
    zero = m2 <= (jnp.finfo(m2.dtype).eps * mr) ** 2
    vals = jnp.where(zero, jnp.nan, m4 / m2 ** 2.0)
    if not bias and n > 3:
        nval = 1.0 / (n - 2) / (n - 3) * ((n ** 2 - 1.0) * m4 / m2 ** 2.0 - 3 * (n - 1) ** 2.0)
        vals = jnp.where(~zero, nval + 3.0, vals)
    return vals - 3 if fisher else vals


def _zscore_core(a, axis, ddof):
    jnp = _jnp()
    a = _float(a)
    if axis is None:
        mn = jnp.mean(a)
        std = jnp.sqrt(_var(a.reshape(-1), 0, ddof))
    else:
        mn = jnp.mean(a, axis=axis, keepdims=True)
        std = jnp.sqrt(_var(a, axis, ddof, keepdims=True))
    z = (a - mn) / std
    zero = std <= jnp.abs(jnp.finfo(z.dtype).eps * mn)
    return jnp.where(zero, jnp.nan, z)


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

__getattr__, __dir__ = serve("stats", globals(), wrap=_wrap)
