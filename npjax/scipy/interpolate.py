"""npjax.scipy.interpolate: interp1d (kinds linear, nearest, nearest-up, previous, next) and
RegularGridInterpolator (methods linear, nearest) evaluate on JAX when their data or the
query points live on the device; spline kinds and methods, and every other name, are
SciPy's, run on host copies (a recorded fallback for device arrays).

The classes are npjax's own, with SciPy's constructor arguments, checks, attributes and
call results (npjax arrays); `isinstance(obj, scipy.interpolate.interp1d)` does not hold.
SciPy validates each construction and call on small stand-ins (its exceptions and result
dtypes); the value checks (bounds errors) run on the device. Evaluation follows SciPy's
formulas; floating results agree to rounding.
"""
import numpy as _np

from .._array import ndarray as _ndarray
from .._dispatch import (is_device_buffer as _is_dev, host_value as _host_value,
                         call_fallback as _call_fallback, call_host as _call_host,
                         align as _align, Probe as _Probe)
from .._stats import count_call as _count_call, record_fallback as _record_fallback
from ._common import serve
from ._native import divide as _div


def _jnp():
    from .._backends.device import jnp
    return jnp


def _on_device(*values):
    for v in values:
        if type(v) is _ndarray and not v._on_host:
            return True
        if _is_dev(v):
            return True
        if isinstance(v, (list, tuple)) and _on_device(*v):
            return True
    return False


def _to_jax(v):
    """v as a recorded device value (its operations join the lazy graph)."""
    from .._dispatch import to_jax
    from ._native import lazy
    return lazy(to_jax(v))


def _wrap_host(v):
    return _ndarray._new(_np.asarray(v)) if isinstance(v, _np.ndarray) else v


def _host(v):
    """A host value of an argument (npjax/jax arrays copied to the host)."""
    if _is_dev(v):
        from .._backends.device import to_host
        return to_host(v)
    return _host_value(v)


from ._common import shape_dtype as _shape_dtype


def _searchsorted(a, v, side):
    """jnp.searchsorted with NumPy's NaN order (a NaN query sorts after everything)."""
    jnp = _jnp()
    # short tables: comparisons with every entry compile and run fastest
    method = "compare_all" if a.shape[0] <= 256 else "scan"
    idx = jnp.searchsorted(a, v, side=side, method=method)
    return jnp.where(jnp.isnan(v), a.shape[0], idx) if v.dtype.kind in "fc" else idx


# ---- interp1d -----------------------------------------------------------------------------------
_NATIVE_KINDS = ("linear", "nearest", "nearest-up", "previous", "next")


class interp1d:
    """npjax's scipy.interpolate.interp1d: SciPy's constructor, checks, attributes and
    results; kinds linear, nearest, nearest-up, previous and next evaluate on JAX when the
    data or the query points are on the device (spline kinds run SciPy on host copies, a
    recorded fallback)."""

    def __init__(self, x, y, kind="linear", axis=-1, copy=True, bounds_error=None,
                 fill_value=_np.nan, assume_sorted=False):
        import scipy.interpolate as si
        self._args = dict(kind=kind, axis=axis, copy=copy, bounds_error=bounds_error,
                          fill_value=fill_value, assume_sorted=assume_sorted)
        device = _on_device(x, y, fill_value)
        self._native = isinstance(kind, str) and kind in _NATIVE_KINDS
        if not device or not self._native:
            # SciPy's own object on host values; for device data a recorded fallback
            self._sp = si.interp1d(_host(x), _host(y), **{**self._args,
                                                          "fill_value": _host_fv(fill_value)})
            if device:
                _record_fallback("scipy.interpolate.interp1d",
                                 f"kind={kind!r} (spline kinds run on SciPy)")
            _count_call("scipy.interpolate.interp1d", "fallback_run" if device else "host")
            self._from_scipy(self._sp)
            return
        _count_call("scipy.interpolate.interp1d", "device")
        self._sp = None
        xs, xdt = _shape_dtype(x)
        ys, ydt = _shape_dtype(y)
        # SciPy checks the call (and resolves bounds_error, fill values, dtypes) on stand-ins
        # with at most 2 points and the real shape otherwise
        n = xs[0] if len(xs) == 1 else None
        ax = axis % len(ys) if ys else 0
        sx = _np.arange(min(n, 2)).astype(xdt) if n is not None else None
        fits = n is not None and len(ys) > ax and ys[ax] == n
        if not fits:
            sx = _np.zeros(xs, xdt)  # SciPy's error for the shapes as they are
        sy_shape = tuple(min(d, 2) if i == ax and fits else d for i, d in enumerate(ys))
        probe = si.interp1d(sx, _np.ones(sy_shape, ydt), **{**self._args,
                                                             "fill_value": _host_fv(fill_value)})
        jnp = _jnp()
        xj, yj = _to_jax(x), _to_jax(y)
        if not assume_sorted:
            order = jnp.argsort(xj, stable=True)
            xj = xj[order]
            yj = jnp.take(yj, order, axis=axis)
        if yj.dtype.kind not in "fc":
            yj = yj.astype(_np.float64)
        self.axis = probe.axis
        self.bounds_error = probe.bounds_error
        self.copy = probe.copy
        self._kind = kind
        self._y_axis = probe._y_axis
        self._y_extra_shape = tuple(d for i, d in enumerate(yj.shape) if i != self._y_axis)
        self.dtype = probe.dtype
        self.x = _ndarray._new(xj)
        self.y = _ndarray._new(yj)
        self._probe = probe
        self._extrapolate = probe._extrapolate
        self._fill_value_orig = probe._fill_value_orig
        if not self._extrapolate:
            self._fill_value_below = _np.asarray(probe._fill_value_below)
            self._fill_value_above = _np.asarray(probe._fill_value_above)
        if kind in ("previous", "next") and isinstance(fill_value, str) and \
                fill_value == "extrapolate":
            # SciPy fills with NaN and the first/last y beyond the data
            end = jnp.take(yj, -1 if kind == "previous" else 0, axis=self._y_axis)
            nan = jnp.full(end.shape, _np.nan, end.dtype)
            self._fill_value_below, self._fill_value_above = \
                (nan, end) if kind == "previous" else (end, nan)
            self._fill_value_orig = (_np.nan, _ndarray._new(end)) if kind == "previous" \
                else (_ndarray._new(end), _np.nan)

    def _from_scipy(self, sp):
        for name in ("axis", "bounds_error", "copy", "_kind", "_y_axis", "_y_extra_shape",
                     "dtype", "_extrapolate"):
            setattr(self, name, getattr(sp, name))
        self.x = _wrap_host(sp.x)
        self.y = _wrap_host(sp.y)
        if not sp._extrapolate:
            self._fill_value_below = _np.asarray(sp._fill_value_below)
            self._fill_value_above = _np.asarray(sp._fill_value_above)

    @property
    def fill_value(self):
        if self._sp is not None:
            return self._sp.fill_value
        return self._fill_value_orig

    def _host_object(self):
        """SciPy's interpolator on host copies (built on first need)."""
        if self._sp is None:
            import scipy.interpolate as si
            self._sp = si.interp1d(_host(self.x), _host(self.y),
                                   **{**self._args, "assume_sorted": True,
                                      "fill_value": _host_fv(self._args["fill_value"])})
        return self._sp

    def __call__(self, x):
        name = "scipy.interpolate.interp1d.__call__"
        data_on_device = not (self.x._on_host if type(self.x) is _ndarray else True)
        if not self._native:
            sp = self._host_object()
            if _on_device(x):
                return _call_fallback(name, sp, (x,), {}, f"kind={self._kind!r}")
            return _call_host(name, sp, (x,), {})
        if not data_on_device and not _on_device(x):
            return _call_host(name, self._host_object(), (x,), {})
        return self._evaluate_native(x)

    def _evaluate_native(self, x):
        jnp = _jnp()
        _count_call("scipy.interpolate.interp1d.__call__", "device")
        xs, xdt = _shape_dtype(x)
        probe = self._probe if self._sp is None else self._sp
        # SciPy's checks and result dtype, from a stand-in query inside the data
        with _np.errstate(all="ignore"):
            ref = probe(_np.full(xs, probe.x[0] if len(probe.x) else 0, xdt))
        xj = _to_jax(x)
        if xj.dtype.kind not in "fc":
            xj = xj.astype(_np.float64)
        flat = xj.reshape(-1)
        xd = _to_jax(self.x)
        yd = _to_jax(self.y)
        yl = jnp.moveaxis(yd, self._y_axis, 0)
        yl = yl.reshape((yl.shape[0], -1))
        n = xd.shape[0]
        kind = self._kind
        if kind == "linear" and self._np_interp_path():
            ynew = _np_interp(flat, xd, yl[:, 0])[:, None]
        elif kind == "linear":
            idx = jnp.clip(_searchsorted(xd, flat, "left"), 1, n - 1)
            lo, hi = idx - 1, idx
            x_lo, x_hi = xd[lo], xd[hi]
            slope = _div(yl[hi] - yl[lo], (x_hi - x_lo)[:, None])
            ynew = slope * (flat - x_lo)[:, None] + yl[lo]
        elif kind in ("nearest", "nearest-up"):
            half = xd / 2.0
            bounds = half[1:] + half[:-1]
            idx = jnp.clip(_searchsorted(bounds, flat, "left" if kind == "nearest" else
                                         "right"), 0, n - 1)
            ynew = yl[idx]
        else:
            prev = kind == "previous"
            # SciPy searches x moved one float toward -inf (previous, left side) or +inf
            # (next, right side): the same positions as searching x itself from the other
            # side, without the subnormal x + 1 ulp of x = 0 (XLA compares subnormals as 0)
            ind = 0 if prev else 1
            idx = jnp.clip(_searchsorted(xd, flat, "right" if prev else "left"),
                           1 - ind, n - ind)
            ynew = yl[idx + ind - 1]
        if not self._extrapolate:
            below = flat < xd[0]
            above = flat > xd[-1]
            if self.bounds_error:
                self._raise_bounds(flat, xd, below, above)
            if ynew.shape[0] > 0:
                fb = jnp.asarray(self._fill_value_below).reshape(-1).astype(ynew.dtype)
                fa = jnp.asarray(self._fill_value_above).reshape(-1).astype(ynew.dtype)
                ynew = jnp.where(below[:, None], fb, ynew)
                ynew = jnp.where(above[:, None], fa, ynew)
        y = ynew.reshape(xs + self._y_extra_shape)
        if self._y_axis != 0 and xs != ():
            nx, ny = len(xs), len(self._y_extra_shape)
            perm = (list(range(nx, nx + self._y_axis)) + list(range(nx))
                    + list(range(nx + self._y_axis, nx + ny)))
            y = y.transpose(perm)
        return _align(y, _Probe(ref))

    def _np_interp_path(self):
        """SciPy hands 1-D float64/int data without extrapolation to numpy.interp."""
        ok = (_np.dtype(_np.float64), _np.dtype(int))
        return (_np.dtype(self.x.dtype) in ok and _np.dtype(self.y.dtype) in ok
                and self.y.ndim == 1 and not self._extrapolate)

    @staticmethod
    def _raise_bounds(flat, xd, below, above):
        from .._backends.device import to_host
        jnp = _jnp()
        # one read: whether any point is below/above, the first such, and the data's ends
        flags = to_host(jnp.stack([below.any(), above.any()]))
        if not flags.any():
            return
        first = to_host(jnp.stack([flat[jnp.argmax(below)], flat[jnp.argmax(above)]]))
        ends = to_host(jnp.stack([xd[0], xd[-1]]))
        if flags[0]:
            raise ValueError(f"A value ({first[0]}) in x_new is below the interpolation "
                             f"range's minimum value ({ends[0]}).")
        raise ValueError(f"A value ({first[1]}) in x_new is above the interpolation range's "
                         f"maximum value ({ends[1]}).")

    def __repr__(self):
        return f"<npjax interp1d (kind={self._kind!r})>"


def _np_interp(x, xp, fp):
    """numpy.interp (SciPy's path for 1-D float64/int data): the interval of the last data
    point <= x, the data value itself at a data point and at the right end, and its
    retries where the slope formula gives NaN."""
    jnp = _jnp()
    n = xp.shape[0]
    if n == 1:
        return jnp.broadcast_to(fp[0], x.shape).astype(_np.result_type(fp.dtype, _np.float64))
    j = jnp.clip(_searchsorted(xp, x, "right") - 1, 0, n - 2)
    x0, x1, f0, f1 = xp[j], xp[j + 1], fp[j], fp[j + 1]
    slope = _div(f1 - f0, x1 - x0)
    res = slope * (x - x0) + f0
    res = jnp.where(jnp.isnan(res), slope * (x - x1) + f1, res)
    res = jnp.where(jnp.isnan(res) & (f0 == f1), f0, res)
    res = jnp.where(x == x0, f0, res)
    res = jnp.where(x >= xp[-1], fp[-1], res)
    return jnp.where(x < xp[0], fp[0], res)


def _host_fv(fv):
    if isinstance(fv, tuple):
        return tuple(_host(v) for v in fv)
    return _host(fv)


# ---- RegularGridInterpolator --------------------------------------------------------------
_NATIVE_METHODS = ("linear", "nearest")


class RegularGridInterpolator:
    """npjax's scipy.interpolate.RegularGridInterpolator: SciPy's constructor, checks,
    attributes and results; methods linear and nearest evaluate on JAX when the values or
    the query points are on the device (spline methods run SciPy on host copies, a
    recorded fallback)."""

    def __init__(self, points, values, method="linear", bounds_error=True,
                 fill_value=_np.nan, *, solver=None, solver_args=None):
        import scipy.interpolate as si
        self._kw = dict(method=method, bounds_error=bounds_error, solver=solver,
                        solver_args=solver_args)
        device = _on_device(*points, values) if isinstance(points, (list, tuple)) \
            else _on_device(points, values)
        hpoints = tuple(_host(p) for p in points) if isinstance(points, (list, tuple)) \
            else _host(points)
        self._fill = _host(fill_value)
        if not device:
            _count_call("scipy.interpolate.RegularGridInterpolator", "host")
            self._sp = si.RegularGridInterpolator(hpoints, _host(values),
                                                  fill_value=self._fill, **self._kw)
            self._values = None
        else:
            if method not in _NATIVE_METHODS:
                self._sp = si.RegularGridInterpolator(hpoints, _host(values),
                                                      fill_value=self._fill, **self._kw)
                _record_fallback("scipy.interpolate.RegularGridInterpolator",
                                 f"method={method!r} (spline methods run on SciPy)")
                _count_call("scipy.interpolate.RegularGridInterpolator", "fallback_run")
                self._values = None
            else:
                _count_call("scipy.interpolate.RegularGridInterpolator", "device")
                # SciPy checks the grid (values read: strictly monotonic) and the values'
                # shape and dtype on a stand-in of the values
                vs, vdt = _shape_dtype(values)
                stand = _np.ones(vs[:len(hpoints)] + tuple(min(d, 2) for d in
                                                           vs[len(hpoints):]), vdt)
                self._probe = si.RegularGridInterpolator(hpoints, stand,
                                                         fill_value=self._fill, **self._kw)
                self._sp = None
                jnp = _jnp()
                v = _to_jax(values)
                if v.dtype.kind not in "fc":
                    v = v.astype(_np.float64)
                if self._probe._descending_dimensions:
                    v = jnp.flip(v, axis=self._probe._descending_dimensions)
                self._values = v
                self._grid = self._probe._grid
        ref = self._sp if self._sp is not None else self._probe
        self.method = ref.method
        self.bounds_error = ref.bounds_error
        self.fill_value = ref.fill_value
        self._descending_dimensions = ref._descending_dimensions

    @property
    def grid(self):
        ref = self._sp if self._sp is not None else self._probe
        return tuple(_wrap_host(g) for g in ref._grid)

    @property
    def values(self):
        if self._sp is not None:
            return _wrap_host(self._sp.values)
        return _ndarray._new(self._values)

    def __call__(self, xi, method=None, *, nu=None):
        name = "scipy.interpolate.RegularGridInterpolator.__call__"
        meth = self.method if method is None else method
        xi_dev = _on_device(*xi) if isinstance(xi, (list, tuple)) else _on_device(xi)
        if self._sp is not None and not xi_dev:
            return _call_host(name, self._sp, (xi,), {"method": method, "nu": nu})
        if meth not in _NATIVE_METHODS or nu is not None:
            sp = self._sp if self._sp is not None else self._host_object()
            return _call_fallback(name, sp, (xi,), {"method": method, "nu": nu},
                                  f"method={meth!r} (spline methods run on SciPy)")
        return self._evaluate_native(xi, meth)

    def _host_object(self):
        import scipy.interpolate as si
        from .._backends.device import to_host
        self._sp_host = getattr(self, "_sp_host", None) or si.RegularGridInterpolator(
            self._probe._grid, to_host(self._values), fill_value=self._fill, **self._kw)
        return self._sp_host

    def _evaluate_native(self, xi, meth):
        jnp = _jnp()
        _count_call("scipy.interpolate.RegularGridInterpolator.__call__", "device")
        ref = self._sp if self._sp is not None else self._probe
        grid = ref._grid
        ndim = len(grid)
        values = self._values if self._values is not None else _to_jax(self._sp.values)
        if isinstance(xi, (list, tuple)) and len(xi) and any(
                hasattr(v, "shape") for v in xi):
            parts = jnp.broadcast_arrays(*[_to_jax(v) for v in xi])
            pts = jnp.stack(parts, axis=-1)
            # SciPy's checks and result kind from a stand-in query at the grid's corner
            stand_xi = tuple(_np.full(tuple(p.shape), g[0]) for p, g in zip(parts, grid))
        else:
            pts = _to_jax(xi)
            stand_xi = _np.zeros(tuple(pts.shape), _np.float64)
            if pts.ndim and pts.shape[-1] == ndim:
                stand_xi = stand_xi + _np.array([g[0] for g in grid])
            elif ndim == 1 and pts.ndim == 1:
                stand_xi = stand_xi + grid[0][0]
                pts = pts[:, None]
        with _np.errstate(all="ignore"):
            ref_out = (self._sp if self._sp is not None else self._probe)(stand_xi,
                                                                          method=meth)
        shape = tuple(pts.shape)
        flat = pts.reshape((-1, shape[-1])).astype(_np.float64)
        nans = jnp.any(jnp.isnan(flat), axis=-1)
        oob = None
        if self.bounds_error:
            # one read of all dimensions' checks, then SciPy's message for the first failing
            inside = jnp.stack([jnp.all((flat[:, i] >= g[0]) & (flat[:, i] <= g[-1]))
                                for i, g in enumerate(grid)])
            from .._backends.device import to_host
            inside = to_host(inside)
            if not inside.all():
                raise ValueError(f"One of the requested xi is out of bounds in dimension "
                                 f"{int(_np.argmin(inside))}")
        else:
            oob = jnp.zeros(flat.shape[0], bool)
            for i, g in enumerate(grid):
                oob = oob | (flat[:, i] < g[0]) | (flat[:, i] > g[-1])
        idxs, dists = [], []
        for i, g in enumerate(grid):
            p = flat[:, i]
            gj = jnp.asarray(g)
            n = g.shape[0]
            if n == 1:
                idxs.append(jnp.zeros(p.shape, _np.int64))
                dists.append(jnp.zeros(p.shape))
                continue
            k = jnp.clip(_searchsorted(gj, p, "right") - 1, 0, n - 2)
            dists.append((p - gj[k]) / (gj[k + 1] - gj[k]))
            idxs.append(k)
        tail = (None,) * (values.ndim - ndim)
        if meth == "nearest":
            sel = tuple(jnp.where(d <= 0.5, k, jnp.minimum(k + 1, g.shape[0] - 1))
                        for k, d, g in zip(idxs, dists, grid))
            result = values[sel]
        else:
            result = jnp.zeros((), _np.float64)
            for corner in _np.ndindex(*((2,) * ndim)):
                sel, weight = [], jnp.ones((), _np.float64)
                for c, k, d, g in zip(corner, idxs, dists, grid):
                    sel.append(jnp.minimum(k + c, g.shape[0] - 1))
                    weight = weight * (d if c else 1 - d)
                result = result + values[tuple(sel)] * weight[(slice(None),) + tail]
        if oob is not None and self.fill_value is not None:
            mask = oob[(slice(None),) + tail]
            result = jnp.where(mask, jnp.asarray(self._fill).astype(result.dtype), result)
        result = jnp.where(nans[(slice(None),) + tail],
                           jnp.asarray(_np.nan).astype(result.dtype), result)
        result = result.reshape(shape[:-1] + tuple(values.shape[ndim:]))
        return _align(result, _Probe(_np.asarray(ref_out)))

    def __repr__(self):
        return f"<npjax RegularGridInterpolator (method={self.method!r})>"


for _cls in (interp1d, RegularGridInterpolator):
    _cls.__module__ = "npjax.scipy.interpolate"
    _cls._npjax_impl = "native"
del _cls

__getattr__, __dir__ = serve("interpolate", globals())
