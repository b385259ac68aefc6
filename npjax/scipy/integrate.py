"""npjax.scipy.integrate: trapezoid and cumulative_trapezoid on JAX; the ODE solvers,
quadrature and Simpson's rule are SciPy's, run on host copies (a recorded fallback for
device arrays)."""
import numpy as _np
import scipy.integrate as _si

from .._dispatch import function as _function
from ._common import serve


def _jnp():
    from .._backends.device import jnp
    return jnp


def _cumulative(y, x=None, dx=1.0, axis=-1, initial=None):
    jnp = _jnp()
    y = jnp.moveaxis(y, axis, -1)
    if x is None:
        d = dx
    else:
        x = jnp.asarray(x)
        d = jnp.diff(x) if x.ndim == 1 else jnp.diff(jnp.moveaxis(x, axis, -1), axis=-1)
    res = jnp.cumsum(d * (y[..., 1:] + y[..., :-1]) / 2.0, axis=-1)
    if initial is not None:
        res = jnp.concatenate([jnp.full(res.shape[:-1] + (1,), initial, res.dtype), res],
                              axis=-1)
    return jnp.moveaxis(res, -1, axis)


def _cumulative_supported(args, kwargs):
    x = args[1] if len(args) > 1 else kwargs.get("x")
    if x is not None and _np.ndim(x) not in (1, _np.ndim(args[0])):
        return "an x of another dimension"
    return None


trapezoid = _function("scipy.integrate.trapezoid", _si.trapezoid, "trapezoid", arrays=(0, 1))
cumulative_trapezoid = _function("scipy.integrate.cumulative_trapezoid",
                                 _si.cumulative_trapezoid, _cumulative, arrays=(0, 1),
                                 supports=_cumulative_supported)

__getattr__, __dir__ = serve("integrate", globals())
