"""npjax.scipy.spatial.distance: cdist and pdist on JAX for the common metrics;
squareform, other metrics, weights and callables are SciPy's, run on host copies (a
recorded fallback for device arrays)."""
import scipy.spatial.distance as _sd

from ..._dispatch import function as _function
from .._common import serve

_METRICS = ("euclidean", "sqeuclidean", "cityblock", "chebyshev", "minkowski", "cosine",
            "correlation", "canberra", "braycurtis")


def _jnp():
    from ..._backends.device import jnp
    return jnp


def _pairwise(xa, xb, metric, p):
    jnp = _jnp()
    a, b = xa[:, None, :], xb[None, :, :]
    if metric in ("euclidean", "sqeuclidean"):
        # the difference form, not |a|^2 + |b|^2 - 2ab: SciPy's values, no cancellation
        sq = ((a - b) ** 2).sum(-1)
        return sq if metric == "sqeuclidean" else jnp.sqrt(sq)
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
    if metric == "canberra":
        num, den = jnp.abs(a - b), jnp.abs(a) + jnp.abs(b)
        return jnp.where(den == 0, 0.0, num / jnp.where(den == 0, 1.0, den)).sum(-1)
    if metric == "braycurtis":
        return jnp.abs(a - b).sum(-1) / jnp.abs(a + b).sum(-1)
    raise AssertionError(metric)


def _metric_of(args, kwargs, pos):
    metric = args[pos] if len(args) > pos else kwargs.get("metric", "euclidean")
    return metric


def _supported(pos):
    def check(args, kwargs):
        metric = _metric_of(args, kwargs, pos)
        if not isinstance(metric, str) or metric not in _METRICS:
            return f"metric {metric!r} has no JAX implementation here"
        extra = set(kwargs) - {"metric", "p", "out"}
        if extra:
            return f"keyword(s) {sorted(extra)}"
        return None
    return check


def _cdist(xa, xb, metric="euclidean", *, p=2, out=None):
    jnp = _jnp()
    return _pairwise(jnp.asarray(xa, float), jnp.asarray(xb, float), metric, p)


def _pdist(x, metric="euclidean", *, p=2, out=None):
    jnp = _jnp()
    x = jnp.asarray(x, float)
    n = x.shape[0]
    i, j = __import__("numpy").triu_indices(n, 1)
    return _pairwise(x, x, metric, p)[i, j]


def _small_probe(sp_fn, n_arrays):
    """SciPy's checks and result dtype on stand-ins of at most two rows (the full-size call
    would compute every distance)."""
    import numpy as np
    from ..._dispatch import Probe, abstract

    def probe(args, kwargs):
        small = []
        for a in args[:n_arrays]:
            v = abstract(a)
            v = np.asarray(v)
            small.append(np.zeros((min(2, v.shape[0]),) + v.shape[1:], v.dtype)
                         if v.ndim >= 1 else v)
        res = sp_fn(*small, *args[n_arrays:], **{k: v for k, v in kwargs.items()
                                                   if k != "out"})
        return Probe(np.empty(0, res.dtype))
    return probe


cdist = _function("scipy.spatial.distance.cdist", _sd.cdist, _cdist, arrays=(0, 1),
                  supports=_supported(2), unsupported=("w", "V", "VI", "out"),
                  result=_small_probe(_sd.cdist, 2))
pdist = _function("scipy.spatial.distance.pdist", _sd.pdist, _pdist, arrays=(0,),
                  supports=_supported(1), unsupported=("w", "V", "VI", "out"),
                  result=_small_probe(_sd.pdist, 1))

__getattr__, __dir__ = serve("spatial.distance", globals())
