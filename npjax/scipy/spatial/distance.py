"""npjax.scipy.spatial.distance: cdist, pdist, squareform and the two-vector distances on
JAX for device arrays, for the metrics euclidean, sqeuclidean, cityblock, chebyshev,
minkowski, cosine, correlation, hamming, jaccard, seuclidean, canberra and braycurtis.
Weights (w=), mahalanobis (VI=), an out= array, callable metrics and the other metrics are
SciPy's, run on host copies (a recorded fallback for device arrays, decided before the
call). Distances are computed in double precision from SciPy's formulas; sums may round
differently. SciPy's checks and result dtypes come from SciPy run on small stand-ins."""
import numpy as _np

from .._common import serve
from .._native import (native as _native, standin_result as _standin, scipy_fn as _scipy_fn,
                       verdict as _verdict, bind as _bind)

_METRICS = ("euclidean", "sqeuclidean", "cityblock", "chebyshev", "minkowski", "cosine",
            "correlation", "hamming", "jaccard", "seuclidean", "canberra", "braycurtis")
# SciPy's metric aliases (scipy.spatial.distance._METRIC_ALIAS) for the metrics above
_ALIASES = {"euclid": "euclidean", "eu": "euclidean", "e": "euclidean",
            "sqe": "sqeuclidean", "sqeuclid": "sqeuclidean",
            "cblock": "cityblock", "cb": "cityblock", "c": "cityblock",
            "chebychev": "chebyshev", "cheby": "chebyshev", "cheb": "chebyshev",
            "ch": "chebyshev", "mi": "minkowski", "minkowsky": "minkowski",
            "pnorm": "minkowski", "cos": "cosine", "co": "correlation",
            "corr": "correlation", "matching": "hamming", "hamm": "hamming",
            "ha": "hamming", "h": "hamming", "m": "hamming", "match": "hamming",
            "jacc": "jaccard", "ja": "jaccard", "j": "jaccard", "se": "seuclidean",
            "s": "seuclidean", "canb": "canberra", "can": "canberra", "bray": "braycurtis",
            "braycurtis": "braycurtis"}


def _jnp():
    from ..._backends.device import jnp
    return jnp


def _metric_name(metric):
    if not isinstance(metric, str):
        return None
    m = metric.lower()
    m = _ALIASES.get(m, m)
    return m if m in _METRICS else None


def _pair_terms(a, b, metric, p, V):
    """Distances between the rows of a (m, n) and b (k, n), float64: (m, k)."""
    jnp = _jnp()
    a, b = a[:, None, :], b[None, :, :]
    if metric == "minkowski":
        if p == 1:
            metric = "cityblock"
        elif p == 2:
            metric = "euclidean"
        elif _np.isinf(p):
            metric = "chebyshev"
    if metric in ("euclidean", "sqeuclidean"):
        d = a - b
        sq = (d * d).sum(-1)
        return sq if metric == "sqeuclidean" else jnp.sqrt(sq)
    if metric == "seuclidean":
        d = a - b
        return jnp.sqrt((d * d / V).sum(-1))
    if metric == "cityblock":
        return jnp.abs(a - b).sum(-1)
    if metric == "chebyshev":
        return jnp.abs(a - b).max(-1)
    if metric == "minkowski":
        return (jnp.abs(a - b) ** p).sum(-1) ** (1.0 / p)
    if metric in ("cosine", "correlation"):
        if metric == "correlation":
            a = a - a.mean(-1, keepdims=True)
            b = b - b.mean(-1, keepdims=True)
        num = (a * b).sum(-1)
        den = jnp.sqrt((a * a).sum(-1)) * jnp.sqrt((b * b).sum(-1))
        return jnp.clip(1.0 - num / den, 0.0, 2.0)
    if metric == "hamming":
        return (a != b).mean(-1, dtype=_np.float64)
    if metric == "jaccard":
        # SciPy compares the inputs as booleans (nonzero)
        nonzero = (a != 0) | (b != 0)
        num = ((a != 0) ^ (b != 0)).sum(-1).astype(_np.float64)
        den = nonzero.sum(-1).astype(_np.float64)
        return jnp.where(den == 0, 0.0, num / jnp.where(den == 0, 1.0, den))
    if metric == "canberra":
        num, den = jnp.abs(a - b), jnp.abs(a) + jnp.abs(b)
        return jnp.where(den == 0, 0.0, num / jnp.where(den == 0, 1.0, den)).sum(-1)
    if metric == "braycurtis":
        return jnp.abs(a - b).sum(-1) / jnp.abs(a + b).sum(-1)
    raise AssertionError(metric)


def _as_double(x):
    jnp = _jnp()
    return jnp.asarray(x).astype(_np.float64)


def _cdist(XA, XB, metric="euclidean", *, out=None, p=2, V=None):
    jnp = _jnp()
    name = _metric_name(metric)
    a, b = _as_double(XA), _as_double(XB)
    if name == "seuclidean":
        V = jnp.var(jnp.concatenate([a, b], axis=0), axis=0, ddof=1) if V is None \
            else _as_double(V)
    return _pair_terms(a, b, name, p, V)


def _pdist(X, metric="euclidean", *, out=None, p=2, V=None):
    jnp = _jnp()
    name = _metric_name(metric)
    x = _as_double(X)
    m = x.shape[0]
    if name == "seuclidean":
        V = jnp.var(x, axis=0, ddof=1) if V is None else _as_double(V)
    if m < 2:
        return jnp.zeros((0,), _np.float64)
    rows, cols = _np.triu_indices(m, 1)
    return _pair_terms(x, x, name, p, V)[rows, cols]


def _supported(fn_name):
    sp = _scipy_fn(f"spatial.distance.{fn_name}")

    def check(args, kwargs):
        bound = _bind(sp, args, kwargs)
        metric = bound.get("metric", "euclidean")
        if _metric_name(metric) is None:
            return f"metric {metric!r} has no JAX implementation here"
        extra = set(bound.get("kwargs", {})) - {"p", "V"}
        if extra:
            return f"keyword(s) {', '.join(sorted(extra))} (weights, VI) not supported on JAX"
        return None
    return check


cdist = _native("spatial.distance.cdist", _cdist, arrays=(0, 1), supports=_supported("cdist"),
                result=_standin("spatial.distance.cdist", _scipy_fn("spatial.distance.cdist"),
                                real=("V", "w", "VI")))
pdist = _native("spatial.distance.pdist", _pdist, arrays=(0,), supports=_supported("pdist"),
                result=_standin("spatial.distance.pdist", _scipy_fn("spatial.distance.pdist"),
                                real=("V", "w", "VI")))


def _squareform(X, force="no", checks=True):
    jnp = _jnp()
    if X.ndim == 1:
        n = X.shape[0]
        if n == 0:
            return jnp.zeros((1, 1), X.dtype)
        d = int(_np.ceil(_np.sqrt(n * 2)))
        rows, cols = _np.triu_indices(d, 1)
        return jnp.zeros((d, d), X.dtype).at[rows, cols].set(X).at[cols, rows].set(X)
    d = X.shape[0]
    if checks and not bool(jnp.all(X == X.T) & jnp.all(jnp.diagonal(X) == 0)):
        # SciPy's own error (which entry, which check) from its check of the host values
        from ..._backends.device import to_host
        _scipy_fn("spatial.distance.squareform")(to_host(X), force, checks)
    if d <= 1:
        return jnp.zeros((0,), X.dtype)
    rows, cols = _np.triu_indices(d, 1)
    return X[rows, cols]


def _identity_shape(where, shape):
    return shape


def _squareform_result(args, kwargs):
    # sizes are checked exactly (binomial lengths, square matrices): full-size stand-ins of
    # zeros (a valid distance matrix)
    return _verdict("spatial.distance.squareform", _scipy_fn("spatial.distance.squareform"),
                    args, kwargs, fill=0, shape_of=_identity_shape)


squareform = _native("spatial.distance.squareform", _squareform, arrays=(0,),
                     result=_squareform_result)


# ---- distances between two vectors ----------------------------------------------------------
def _vector_metric(name):
    sp = _scipy_fn(f"spatial.distance.{name}")

    def run(u, v, *rest, **kw):
        jnp = _jnp()
        kw = _bind(sp, (u, v) + rest, kw)
        if name == "seuclidean":
            V = kw["V"]
            return jnp.sqrt(((u - v) ** 2 * (1 / jnp.asarray(V).astype(_np.float64))).sum())
        if name == "minkowski":
            p = kw.get("p", 2)
            d = jnp.abs(u - v)
            if p == 2:
                return jnp.sqrt((d * d).sum())
            if p == 1:
                return d.sum()
            if _np.isinf(p):
                return d.max()
            return (d ** p).sum() ** (1.0 / p)
        if name == "euclidean":
            d = u - v
            return jnp.sqrt((d * d).sum())
        if name == "sqeuclidean":
            if u.dtype.kind not in "fc":
                u = u.astype(_np.float64)
            if v.dtype.kind not in "fc":
                v = v.astype(_np.float64)
            d = u - v
            return jnp.dot(d, d)
        if name in ("cosine", "correlation"):
            centered = name == "correlation" and kw.get("centered", True)
            if centered:
                u = u - u.mean()
                v = v - v.mean()
            uv, uu, vv = jnp.dot(u, v), jnp.dot(u, u), jnp.dot(v, v)
            return jnp.clip(1.0 - uv / jnp.sqrt(uu * vv), 0.0, 2.0)
        if name == "hamming":
            return (u != v).mean()
        if name == "jaccard":
            nonzero = (u != 0) | (v != 0)
            unequal = (u != 0) ^ (v != 0)
            a = unequal.sum().astype(_np.float64)
            b = nonzero.sum().astype(_np.float64)
            return jnp.where(b != 0, a / jnp.where(b != 0, b, 1.0), 0.0)
        if name == "cityblock":
            return jnp.abs(u - v).sum()
        if name == "chebyshev":
            return jnp.abs(u - v).max()
        if name == "braycurtis":
            v = v.astype(_np.float64)
            return jnp.abs(u - v).sum() / jnp.abs(u + v).sum()
        if name == "canberra":
            v = v.astype(_np.float64)
            d = jnp.abs(u - v) / (jnp.abs(u) + jnp.abs(v))
            return jnp.nansum(d)
        raise AssertionError(name)
    run.__name__ = name
    return run


def _no_weights(name):
    sp = _scipy_fn(f"spatial.distance.{name}")

    def check(args, kwargs):
        return "weights (w=)" if _bind(sp, args, kwargs).get("w") is not None else None
    return check


def _vector(name, arrays=(0, 1)):
    # stand-ins of ones: SciPy rejects the infinities 1 / V of zeros
    return _native(f"spatial.distance.{name}", _vector_metric(name), arrays=arrays,
                   supports=_no_weights(name), probe_fill=1)


euclidean = _vector("euclidean")
sqeuclidean = _vector("sqeuclidean")
cityblock = _vector("cityblock")
chebyshev = _vector("chebyshev")
minkowski = _vector("minkowski")
cosine = _vector("cosine")
correlation = _vector("correlation")
hamming = _vector("hamming")
jaccard = _vector("jaccard")
canberra = _vector("canberra")
braycurtis = _vector("braycurtis")
seuclidean = _vector("seuclidean", arrays=(0, 1, 2))

__getattr__, __dir__ = serve("spatial.distance", globals())
