"""npjax.scipy.integrate: trapezoid, cumulative_trapezoid, simpson and cumulative_simpson on
JAX for device arrays (SciPy 1.17's formulas, evaluated in the same order; sums may round
differently); the ODE solvers and adaptive quadrature are SciPy's, run on host copies (a
recorded fallback for device arrays). Result dtypes and SciPy's exceptions come from SciPy
run on small stand-ins."""
import numpy as _np

from ._common import serve
from ._native import (native as _native, standin_result as _standin, scipy_fn as _scipy_fn,
                      divide as _div)


def _jnp():
    from .._backends.device import jnp
    return jnp


def _dev_value(v):
    """A NumPy scalar or array argument (dx=...) as a device value: NumPy on the left of an
    operator would pull a device operand to the host."""
    return _jnp().asarray(v) if isinstance(v, (_np.ndarray, _np.generic)) else v


def _along(nd, axis, sl):
    idx = [slice(None)] * nd
    idx[axis] = sl
    return tuple(idx)


def _float_dtype(dt):
    """SciPy's `force_floating` result type: integers and booleans become float64."""
    dt = _np.dtype(dt)
    return dt if dt.kind in "fc" else _np.dtype(_np.float64)


def _trapezoid(y, x=None, dx=1.0, axis=-1):
    jnp = _jnp()
    nd = y.ndim
    axis = int(axis) % nd
    if x is None:
        d = _dev_value(dx)
    else:
        x = jnp.asarray(x)
        if x.ndim == 1:
            d = (x[1:] - x[:-1])[_along(nd, axis, slice(None))[:0] +
                                 tuple(slice(None) if i == axis else None for i in range(nd))]
        else:
            x = jnp.broadcast_to(x, y.shape)
            d = x[_along(nd, axis, slice(1, None))] - x[_along(nd, axis, slice(None, -1))]
    terms = d * (y[_along(nd, axis, slice(1, None))] + y[_along(nd, axis, slice(None, -1))]) \
        / 2.0
    return jnp.sum(terms, axis=axis, dtype=_float_dtype(y.dtype))


def _cumulative_trapezoid(y, x=None, dx=1.0, axis=-1, initial=None):
    jnp = _jnp()
    nd = y.ndim
    axis = int(axis) % nd
    if x is None:
        d = _dev_value(dx)
    else:
        x = jnp.asarray(x)
        if x.ndim == 1:
            shape = [1] * nd
            shape[axis] = -1
            d = jnp.diff(x).reshape(shape)
        else:
            d = jnp.diff(x, axis=axis)
    res = jnp.cumsum(d * (y[_along(nd, axis, slice(1, None))] +
                          y[_along(nd, axis, slice(None, -1))]) / 2.0, axis=axis)
    if initial is not None:
        shape = list(res.shape)
        shape[axis] = 1
        res = jnp.concatenate([jnp.full(shape, initial, res.dtype), res], axis=axis)
    return res


def _safe_div(a, b):
    """a / b where b != 0, else 0 (NumPy's true_divide with out=zeros and where=)."""
    jnp = _jnp()
    a, b = jnp.asarray(a), jnp.asarray(b)
    ok = b != 0
    return jnp.where(ok, a / jnp.where(ok, b, 1), 0)


def _basic_simpson(y, start, stop, x, dx, axis):
    jnp = _jnp()
    nd = y.ndim
    s0 = _along(nd, axis, slice(start, stop, 2))
    s1 = _along(nd, axis, slice(start + 1, stop + 1, 2))
    s2 = _along(nd, axis, slice(start + 2, stop + 2, 2))
    if x is None:
        return jnp.sum(y[s0] + 4.0 * y[s1] + y[s2], axis=axis) * _dev_value(dx / 3.0)
    h = jnp.diff(x, axis=axis)
    h0 = h[s0].astype(_np.float64)
    h1 = h[s1].astype(_np.float64)
    hsum = h0 + h1
    hprod = h0 * h1
    h0divh1 = _safe_div(h0, h1)
    tmp = _div(hsum, _np.float64(6.0)) * (y[s0] * (2.0 - _safe_div(1.0, h0divh1)) +
                        y[s1] * (hsum * _safe_div(hsum, hprod)) +
                        y[s2] * (2.0 - h0divh1))
    return jnp.sum(tmp, axis=axis)


def _simpson(y, x=None, *, dx=1.0, axis=-1):
    jnp = _jnp()
    nd = y.ndim
    axis = int(axis) % nd
    n = y.shape[axis]
    if x is not None:
        x = jnp.asarray(x)
        if x.ndim == 1:
            shape = [1] * nd
            shape[axis] = x.shape[0]
            x = x.reshape(shape)
    if n % 2:
        return _basic_simpson(y, 0, n - 2, x, dx, axis)
    last, second, third = (_along(nd, axis, i) for i in (-1, -2, -3))
    if n == 2:
        last_dx = _dev_value(dx) if x is None else x[last] - x[second]
        return 0.0 + 0.5 * last_dx * (y[last] + y[second])
    result = _basic_simpson(y, 0, n - 3, x, dx, axis)
    if x is None:
        h0 = h1 = _np.float64(dx)
    else:
        diffs = jnp.diff(x, axis=axis).astype(_np.float64)
        h0, h1 = diffs[_along(nd, axis, -2)], diffs[_along(nd, axis, -1)]
    # the last interval's correction (Cartwright), as SciPy
    alpha = _safe_div(2 * h1 ** 2 + 3 * h0 * h1, 6 * (h1 + h0))
    beta = _safe_div(h1 ** 2 + 3.0 * h0 * h1, 6 * h0)
    eta = _safe_div(1 * h1 ** 3, 6 * h0 * (h0 + h1))
    result = result + alpha * y[last] + beta * y[second] - eta * y[third]
    return result + 0.0


def _simpson_pieces(y, dx, unequal):
    """Integrals over each subinterval from the quadratic through it and its neighbours."""
    f1, f2, f3 = y[..., :-2], y[..., 1:-1], y[..., 2:]
    if not unequal:
        d = dx[..., :-1]
        return _div(d, _np.float64(3)) * (5 * f1 / 4 + 2 * f2 - f3 / 4)
    x21, x32 = dx[..., :-1], dx[..., 1:]
    x31 = x21 + x32
    x21_x31 = _div(x21, x31)
    x21_x32 = _div(x21, x32)
    x21x21_x31x32 = x21_x31 * x21_x32
    return _div(x21, _np.float64(6)) * ((3 - x21_x31) * f1 + (3 + x21x21_x31x32 + x21_x31) * f2 +
                      (-x21x21_x31x32) * f3)


def _cumulative_simpson_sum(y, dx, unequal):
    """Cumulative sum of the subinterval integrals: even subintervals (but the last) from
    the formula through the next two points, the others from the one through the previous
    two, as SciPy."""
    jnp = _jnp()
    h1 = _simpson_pieces(y, dx, unequal)
    h2 = jnp.flip(_simpson_pieces(jnp.flip(y, -1), jnp.flip(dx, -1), unequal), -1)
    n = h1.shape[-1] + 1
    pos = _np.arange(n)
    forward = (pos % 2 == 0) & (pos < n - 1)
    pieces = jnp.where(forward, h1[..., _np.minimum(pos, n - 2)],
                       h2[..., _np.clip(pos - 1, 0, n - 2)])
    return jnp.cumsum(pieces.astype(_np.result_type(y.dtype, dx.dtype)), axis=-1)


def _cumulative_simpson(y, *, x=None, dx=1.0, axis=-1, initial=None):
    jnp = _jnp()
    y = y.astype(_float_dtype(y.dtype))
    nd = y.ndim
    axis = int(axis) % nd
    shape = y.shape
    yl = jnp.swapaxes(y, axis, -1)
    if yl.shape[-1] < 3:
        res = jnp.swapaxes(_cumulative_trapezoid(y, x, dx=dx, axis=axis), axis, -1)
    elif x is not None:
        x = jnp.asarray(x)
        x = x.astype(_float_dtype(x.dtype))
        x = jnp.broadcast_to(x, yl.shape) if x.ndim == 1 else jnp.swapaxes(x, axis, -1)
        d = jnp.diff(x, axis=-1)
        if bool(jnp.any(d <= 0)):
            raise ValueError("Input x must be strictly increasing.")
        res = _cumulative_simpson_sum(yl, d, True)
    else:
        d = jnp.asarray(dx)
        d = d.astype(_float_dtype(d.dtype))
        final = list(shape)
        final[axis] -= 1
        d = jnp.swapaxes(jnp.broadcast_to(d, tuple(final)), axis, -1)
        res = _cumulative_simpson_sum(yl, d, False)
    if initial is not None:
        init = jnp.asarray(initial)
        init = init.astype(_float_dtype(init.dtype))
        ishape = list(shape)
        ishape[axis] = 1
        init = jnp.swapaxes(jnp.broadcast_to(init, tuple(ishape)), axis, -1)
        res = jnp.concatenate([init, res + init], axis=-1)
    return jnp.swapaxes(res, -1, axis)


def _integrator(name, jax_fn, arrays=(0, 1), real=()):
    return _native(f"integrate.{name}", jax_fn, arrays=arrays,
                   result=_standin(f"integrate.{name}", _scipy_fn(f"integrate.{name}"),
                                   real=real))


trapezoid = _integrator("trapezoid", _trapezoid)
cumulative_trapezoid = _integrator("cumulative_trapezoid", _cumulative_trapezoid)
simpson = _integrator("simpson", _simpson)
# SciPy checks that x increases: the probe gets the real x (checked again on the device)
cumulative_simpson = _integrator("cumulative_simpson", _cumulative_simpson, arrays=(0,),
                                 real=("x",))

__getattr__, __dir__ = serve("integrate", globals())
