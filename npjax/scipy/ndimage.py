"""npjax.scipy.ndimage: scipy.ndimage, native on JAX for device arrays where listed below;
every other name is SciPy's, run on host copies (a recorded fallback for device arrays).

Native: correlate, convolve, correlate1d, convolve1d, gaussian_filter, gaussian_filter1d,
uniform_filter, uniform_filter1d, minimum_filter, maximum_filter, minimum_filter1d,
maximum_filter1d, sobel, prewitt, laplace, gaussian_laplace, gaussian_gradient_magnitude,
and map_coordinates, shift and zoom for spline orders 0 and 1 (higher orders, an `output=`
array, and structure elements are recorded fallbacks, decided before the call).

As in SciPy, filters compute in double precision and store in the output dtype (the input's
by default; integers are truncated toward zero), passes of separable filters are stored
between axes, and the boundary modes extend the input the same way. Interpolation maps
coordinates outside the input as SciPy does and rounds to integer outputs half away from
zero, clipped. Sums may be taken in another order than SciPy's: floating results agree to
rounding. Result dtypes and SciPy's exceptions come from SciPy run on small stand-ins.
"""
import numpy as _np

from ._common import serve
from ._native import (native as _native, standin_result as _standin, scipy_fn as _scipy_fn,
                      bind as _bind, divide)

# numpy.pad modes of ndimage's filter boundary modes
_PAD = {"reflect": "symmetric", "grid-mirror": "symmetric", "mirror": "reflect",
        "nearest": "edge", "wrap": "wrap", "grid-wrap": "wrap", "constant": "constant",
        "grid-constant": "constant"}


def _dev():
    from .._backends import device
    return device.jnp, device.lax


def _seq(value, n):
    """SciPy's `_normalize_sequence`: a scalar (or string) repeated, a sequence as given."""
    if isinstance(value, str) or _np.ndim(value) == 0:
        return [value] * n
    return list(value)


def _axes(axes, ndim):
    if axes is None:
        return list(range(ndim))
    axes = [axes] if _np.ndim(axes) == 0 else list(axes)
    return [int(a) % ndim for a in axes]


def _out_dtype(dtype, output, complex_output=False):
    """SciPy's `_get_output` dtype: `output` (a dtype) or the input's, complex if asked."""
    dt = _np.dtype(dtype) if output is None else _np.dtype(output)
    if complex_output and dt.kind != "c":
        dt = _np.promote_types(dt, _np.complex64)
    return dt


def _store(v, dt):
    """A double-precision result stored in dtype dt as SciPy's filters do (C casts:
    integers truncated toward zero, booleans nonzero)."""
    if dt == _np.bool_:
        return v != 0
    if dt.kind in "iu" and v.dtype.kind == "c":
        v = v.real
    return v.astype(dt)


def _work(x):
    """The input in SciPy's working precision (double, complex double)."""
    return x.astype(_np.complex128 if x.dtype.kind == "c" else _np.float64)


def _pad(x, pads, mode, cval):
    jnp, _ = _dev()
    if all(p == (0, 0) for p in pads):
        return x
    pm = _PAD[mode]
    if pm == "constant":
        return jnp.pad(x, pads, mode="constant", constant_values=_np.asarray(cval, x.dtype))
    return jnp.pad(x, pads, mode=pm)


def _slide(x, w):
    """out[i] = sum_j x[i + j] w[j] (valid positions; x, w of the same rank, complex ok)."""
    _, lax = _dev()
    nd = x.ndim
    return lax.conv_general_dilated(x[None, None], w[None, None].astype(x.dtype), (1,) * nd,
                                    [(0, 0)] * nd, precision=lax.Precision.HIGHEST)[0, 0]


def _correlate_nd(x, w, mode, cval, origins):
    """SciPy's correlation of the working-precision x with w (same rank), boundary `mode`,
    the filter centred at size // 2 + origin along each axis."""
    jnp, _ = _dev()
    if x.size == 0:
        return x
    pads = [(m // 2 + o, m - 1 - (m // 2 + o)) for m, o in zip(w.shape, origins)]
    return _slide(_pad(x, pads, mode, cval), w)


def _weights(weights):
    jnp, _ = _dev()
    w = jnp.asarray(weights)
    return w.astype(_np.complex128 if w.dtype.kind == "c" else _np.float64)


def _correlate1d(input, weights, axis=-1, output=None, mode="reflect", cval=0.0, origin=0,
                 conv=False):
    jnp, _ = _dev()
    w = _weights(weights)
    complex_out = input.dtype.kind == "c" or w.dtype.kind == "c"
    dt = _out_dtype(input.dtype, output, complex_out)
    if conv:
        w = jnp.flip(w)
        origin = -origin - (1 if w.shape[0] % 2 == 0 else 0)
    elif w.dtype.kind == "c":
        w = jnp.conj(w)
    axis = int(axis) % input.ndim
    shape = [1] * input.ndim
    shape[axis] = w.shape[0]
    origins = [0] * input.ndim
    origins[axis] = int(origin)
    x = _work(input)
    if complex_out:
        x = x.astype(_np.complex128)
    return _store(_correlate_nd(x, w.reshape(shape), mode, cval, origins), dt)


def _convolve1d(input, weights, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    return _correlate1d(input, weights, axis, output, mode, cval, origin, conv=True)


def _correlate(input, weights, output=None, mode="reflect", cval=0.0, origin=0, *,
               axes=None, conv=False):
    jnp, _ = _dev()
    w = _weights(weights)
    complex_out = input.dtype.kind == "c" or w.dtype.kind == "c"
    dt = _out_dtype(input.dtype, output, complex_out)
    ax = _axes(axes, input.ndim)
    origins_ax = [int(o) for o in _seq(origin, len(ax))]
    if len(ax) < input.ndim:  # weights over `axes` only
        shape = [1] * input.ndim
        for a, n in zip(ax, w.shape):
            shape[a] = n
        w = w.reshape(shape)
    origins = [0] * input.ndim
    for a, o in zip(ax, origins_ax):
        origins[a] = o
    if conv:
        w = jnp.flip(w)
        origins = [-o - (1 if n % 2 == 0 else 0) if i in ax else o
                   for i, (o, n) in enumerate(zip(origins, w.shape))]
    elif w.dtype.kind == "c":
        w = jnp.conj(w)
    x = _work(input)
    if complex_out:
        x = x.astype(_np.complex128)
    return _store(_correlate_nd(x, w, mode, cval, origins), dt)


def _convolve(input, weights, output=None, mode="reflect", cval=0.0, origin=0, *,
              axes=None):
    return _correlate(input, weights, output, mode, cval, origin, axes=axes, conv=True)


def _gauss_weights(sigma, order, truncate, radius):
    """SciPy's gaussian_filter1d weights, read from SciPy itself: filtering a unit impulse
    gives them exactly (each output is one weight times 1)."""
    import scipy.ndimage as nd
    lw = int(truncate * float(sigma) + 0.5) if radius is None else radius
    delta = _np.zeros(2 * lw + 1)
    delta[lw] = 1.0
    return nd.gaussian_filter1d(delta, sigma, order=order, mode="constant", truncate=truncate,
                                radius=radius)[::-1].copy()


def _gaussian_filter1d(input, sigma, axis=-1, order=0, output=None, mode="reflect", cval=0.0,
                       truncate=4.0, *, radius=None):
    w = _gauss_weights(sigma, order, truncate, radius)
    return _correlate1d(input, w, axis, output, mode, cval, 0)


def _gaussian_filter(input, sigma, order=0, output=None, mode="reflect", cval=0.0,
                     truncate=4.0, *, radius=None, axes=None):
    dt = _out_dtype(input.dtype, output)
    ax = _axes(axes, input.ndim)
    n = len(ax)
    passes = [p for p in zip(ax, _seq(sigma, n), _seq(order, n), _seq(mode, n),
                             _seq(radius, n)) if p[1] > 1e-15]
    x = input
    for axis, s, o, m, r in passes:
        x = _gaussian_filter1d(x, s, axis, o, dt, m, cval, truncate, radius=r)
    return _store(x, dt) if not passes else x


def _uniform_core(lines, divisor, size):
    """SciPy's running mean along the last axis of padded lines (..., n + size - 1): a
    running sum (first window summed in order, then + (entering - leaving)) divided by the
    size at each output. `divisor` is the size as a traced value: a constant divisor may be
    turned into a multiplication by its inexact reciprocal."""
    jnp, lax = _dev()
    n = lines.shape[-1] - size + 1
    first = lines[..., 0]
    for j in range(1, size):
        first = first + lines[..., j]
    if n == 1:
        return divide(first, divisor)[..., None]
    steps = lines[..., size:] - lines[..., :n - 1]

    def step(total, d):
        total = total + d
        return total, total
    _, rest = lax.scan(step, first, jnp.moveaxis(steps, -1, 0))
    sums = jnp.concatenate([first[..., None], jnp.moveaxis(rest, 0, -1)], axis=-1)
    return divide(sums, divisor)


def _uniform_filter1d(input, size, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    jnp, _ = _dev()
    from ._common import jitted
    dt = _out_dtype(input.dtype, output, input.dtype.kind == "c")
    axis = int(axis) % input.ndim
    size = int(size)
    if input.size == 0:
        return _store(input, dt)
    lo = size // 2 + int(origin)
    pads = [(0, 0)] * input.ndim
    pads[axis] = (lo, size - 1 - lo)
    x = jnp.moveaxis(_pad(_work(input), pads, mode, cval), axis, -1)
    core = jitted(_uniform_core, static_names=("size",))
    divisor = _np.array(float(size))
    if x.dtype.kind == "c":
        out = core(x.real, divisor, size=size) + 1j * core(x.imag, divisor, size=size)
    else:
        out = core(x, divisor, size=size)
    return _store(jnp.moveaxis(out, -1, axis), dt)


def _uniform_filter(input, size=3, output=None, mode="reflect", cval=0.0, origin=0, *,
                    axes=None):
    dt = _out_dtype(input.dtype, output, input.dtype.kind == "c")
    ax = _axes(axes, input.ndim)
    n = len(ax)
    passes = [p for p in zip(ax, _seq(size, n), _seq(origin, n), _seq(mode, n)) if p[1] > 1]
    x = input
    for axis, s, o, m in passes:
        x = _uniform_filter1d(x, int(s), axis, dt, m, cval, o)
    return _store(x, dt) if not passes else x


def _extreme(x, footprint, mode, cval, origins, minimum):
    """Minimum or maximum of x over `footprint` (boolean, x's rank) centred at
    size // 2 + origin: exact (no arithmetic)."""
    jnp, lax = _dev()
    if x.size == 0:
        return x
    fp = _np.asarray(footprint, bool)
    pads = [(m // 2 + o, m - 1 - (m // 2 + o)) for m, o in zip(fp.shape, origins)]
    xp = _pad(x, pads, mode, cval)
    if fp.all():
        op = lax.min if minimum else lax.max
        return lax.reduce_window(xp, _extreme_identity(xp.dtype, minimum), op, fp.shape,
                                 (1,) * x.ndim, "valid")
    red = jnp.minimum if minimum else jnp.maximum
    out = None
    for off in zip(*_np.nonzero(fp)):
        part = xp[tuple(slice(o, o + n) for o, n in zip(off, x.shape))]
        out = part if out is None else red(out, part)
    return out


def _extreme_identity(dtype, minimum):
    """The start value of a running minimum (maximum) in dtype."""
    dtype = _np.dtype(dtype)
    if dtype.kind == "f":
        value = _np.inf if minimum else -_np.inf
    elif dtype.kind in "iu":
        value = _np.iinfo(dtype).max if minimum else _np.iinfo(dtype).min
    else:
        value = minimum
    return _np.asarray(value, dtype)


def _minmax1d(minimum):
    def run(input, size, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
        dt = _out_dtype(input.dtype, output)
        axis = int(axis) % input.ndim
        shape = [1] * input.ndim
        shape[axis] = int(size)
        origins = [0] * input.ndim
        origins[axis] = int(origin)
        return _store(_extreme(input, _np.ones(shape, bool), mode,
                               _np.asarray(cval).astype(input.dtype), origins, minimum), dt)
    return run


def _minmax(minimum):
    def run(input, size=None, footprint=None, output=None, mode="reflect", cval=0.0,
            origin=0, *, axes=None):
        dt = _out_dtype(input.dtype, output)
        ax = _axes(axes, input.ndim)
        n = len(ax)
        fp = None if footprint is None else _np.asarray(_host(footprint), bool)
        if fp is None or fp.all():
            sizes = _seq(size if fp is None else fp.shape, n)
            x = input
            passes = [p for p in zip(ax, sizes, _seq(origin, n), _seq(mode, n)) if p[1] > 1]
            for axis, s, o, m in passes:
                x = _minmax1d(minimum)(x, int(s), axis, dt, m, cval, o)
            return _store(x, dt) if not passes else x
        shape = [1] * input.ndim
        full = fp
        if n < input.ndim:
            for a, s in zip(ax, fp.shape):
                shape[a] = s
            full = fp.reshape(shape)
        origins = [0] * input.ndim
        for a, o in zip(ax, _seq(origin, n)):
            origins[a] = int(o)
        return _store(_extreme(input, full, mode, _np.asarray(cval).astype(input.dtype),
                               origins, minimum), dt)
    return run


def _host(v):
    from .._dispatch import host_value, is_device_buffer
    if is_device_buffer(v):
        from .._backends.device import to_host
        return to_host(v)
    return _np.asarray(host_value(v))


def _edge_filter(smooth):
    def run(input, axis=-1, output=None, mode="reflect", cval=0.0):
        dt = _out_dtype(input.dtype, output)
        axis = int(axis) % input.ndim
        modes = _seq(mode, input.ndim)
        x = _correlate1d(input, _np.array([-1.0, 0.0, 1.0]), axis, dt, modes[axis], cval, 0)
        for ii in range(input.ndim):
            if ii != axis:
                x = _correlate1d(x, smooth, ii, dt, modes[ii], cval, 0)
        return x
    return run


def _laplace_sum(input, derivative2, output, mode, cval, axes):
    dt = _out_dtype(input.dtype, output)
    ax = _axes(axes, input.ndim)
    if not ax:
        return _store(input, dt)
    modes = _seq(mode, len(ax))
    out = derivative2(input, ax[0], dt, modes[0], cval)
    for a, m in zip(ax[1:], modes[1:]):
        out = _store(out + derivative2(input, a, dt, m, cval), dt)
    return out


def _laplace(input, output=None, mode="reflect", cval=0.0, *, axes=None):
    def d2(x, axis, dt, m, cval):
        return _correlate1d(x, _np.array([1.0, -2.0, 1.0]), axis, dt, m, cval, 0)
    return _laplace_sum(input, d2, output, mode, cval, axes)


def _gaussian_laplace(input, sigma, output=None, mode="reflect", cval=0.0, *, axes=None,
                      **kwargs):
    ax = _axes(axes, input.ndim)
    sig = _seq(sigma, len(ax))
    full = dict(zip(ax, sig))

    def d2(x, axis, dt, m, cval):
        order = [0] * len(ax)
        order[ax.index(axis)] = 2
        return _gaussian_filter(x, [full[a] for a in ax], order, dt, m, cval, axes=ax,
                                **kwargs)
    return _laplace_sum(input, d2, output, mode, cval, axes)


def _gaussian_gradient_magnitude(input, sigma, output=None, mode="reflect", cval=0.0, *,
                                 axes=None, **kwargs):
    jnp, _ = _dev()
    dt = _out_dtype(input.dtype, output)
    ax = _axes(axes, input.ndim)
    if not ax:
        return _store(input, dt)
    modes = _seq(mode, len(ax))
    total = None
    for i, a in enumerate(ax):
        order = [0] * len(ax)
        order[i] = 1
        g = _gaussian_filter(input, sigma, order, dt, modes[i], cval, axes=ax, **kwargs)
        sq = _store(g * g, dt)
        total = sq if total is None else _store(total + sq, dt)
    return _store(jnp.sqrt(total), dt)


_FILTER_REAL = ("weights", 1, "footprint")


def _output_supported(name):
    """Fallback reasons decided before the call: an `output=` array (SciPy writes into it)
    and, for interpolation, spline orders above 1."""
    sp = _scipy_fn(f"ndimage.{name}")

    def check(args, kwargs):
        bound = _bind(sp, args, kwargs)
        out = bound.get("output")
        if out is not None and not isinstance(out, (str, type, _np.dtype)):
            return "an output= array"
        order = bound.get("order", 3)
        if name in ("map_coordinates", "shift", "zoom") and order not in (0, 1):
            return f"spline order {order} (orders 0 and 1 run on JAX)"
        return None
    return check


def _filter(name, jax_fn, arrays=(0,)):
    return _native(f"ndimage.{name}", jax_fn, arrays=arrays, supports=_output_supported(name),
                   probe_fill=1,
                   result=_standin(f"ndimage.{name}", _scipy_fn(f"ndimage.{name}"),
                                   real=(1, "weights", "footprint", "sigma", "size")))


correlate = _filter("correlate", _correlate, arrays=(0, 1))
convolve = _filter("convolve", _convolve, arrays=(0, 1))
correlate1d = _filter("correlate1d", _correlate1d, arrays=(0, 1))
convolve1d = _filter("convolve1d", _convolve1d, arrays=(0, 1))
gaussian_filter = _filter("gaussian_filter", _gaussian_filter)
gaussian_filter1d = _filter("gaussian_filter1d", _gaussian_filter1d)
uniform_filter = _filter("uniform_filter", _uniform_filter)
uniform_filter1d = _filter("uniform_filter1d", _uniform_filter1d)
minimum_filter = _filter("minimum_filter", _minmax(True))
maximum_filter = _filter("maximum_filter", _minmax(False))
minimum_filter1d = _filter("minimum_filter1d", _minmax1d(True))
maximum_filter1d = _filter("maximum_filter1d", _minmax1d(False))
sobel = _filter("sobel", _edge_filter(_np.array([1.0, 2.0, 1.0])))
prewitt = _filter("prewitt", _edge_filter(_np.array([1.0, 1.0, 1.0])))
laplace = _filter("laplace", _laplace)
gaussian_laplace = _filter("gaussian_laplace", _gaussian_laplace)
gaussian_gradient_magnitude = _filter("gaussian_gradient_magnitude",
                                      _gaussian_gradient_magnitude)


# ---- interpolation (spline orders 0 and 1) ----------------------------------------------------
def _map_coordinate(c, n, mode):
    """SciPy's mapping of a coordinate outside [0, n - 1] by boundary mode; -1 marks a
    point that takes the constant value."""
    jnp, _ = _dev()
    if mode in ("nearest",):
        return jnp.clip(c, 0, n - 1)
    if mode == "constant":
        return jnp.where((c < 0) | (c > n - 1), -1.0, c)
    if mode == "grid-constant":
        return c
    if n <= 1:
        return jnp.zeros_like(c)
    def q(a, b):  # trunc(a / b) with a correctly rounded division (see `divide`)
        return jnp.trunc(divide(a, float(b)))
    if mode == "mirror":
        s2 = 2 * n - 2
        lo = s2 * q(-c, s2) + c
        lo = jnp.where(lo <= 1 - n, lo + s2, -lo)
        hi = c - s2 * q(c, s2)
        hi = jnp.where(hi >= n, s2 - hi, hi)
    elif mode in ("reflect", "grid-mirror"):
        s2 = 2 * n
        lo = jnp.where(c < -s2, s2 * q(-c, s2) + c, c)
        lo = jnp.where(lo < -n, lo + s2, -lo - 1)
        hi = c - s2 * q(c, s2)
        hi = jnp.where(hi >= n, s2 - hi - 1, hi)
    elif mode == "wrap":
        s = n - 1
        lo = c + s * (q(-c, s) + 1)
        hi = c - s * q(c, s)
    else:  # grid-wrap
        lo = c + n * (q(-1 - c, n) + 1)
        hi = c - n * q(c, n)
    return jnp.where(c < 0, lo, jnp.where(c > n - 1, hi, c))


def _neighbour(idx, n, mode):
    """Index `idx` (possibly outside [0, n)) of the input extended by the boundary mode;
    for the constant modes, whether it lies outside."""
    jnp, _ = _dev()
    outside = (idx < 0) | (idx >= n)
    if n <= 1:
        return jnp.zeros_like(idx), outside
    if mode in ("nearest", "constant", "grid-constant"):
        return jnp.clip(idx, 0, n - 1), outside
    if mode == "mirror":
        p = 2 * n - 2
        r = jnp.mod(idx, p)
        return jnp.where(r >= n, p - r, r), outside
    if mode in ("reflect", "grid-mirror"):
        p = 2 * n
        r = jnp.mod(idx, p)
        return jnp.where(r >= n, p - 1 - r, r), outside
    if mode == "wrap":  # coordinates are already mapped into [0, n - 1]
        return jnp.clip(idx, 0, n - 1), outside
    return jnp.mod(idx, n), outside


def _interpolate(x, coords, order, mode, cval):
    """SciPy's order-0/1 spline interpolation of x (working precision) at coords (one array
    per axis, all of the output shape)."""
    jnp, _ = _dev()
    nd = x.ndim
    mapped = [_map_coordinate(c.astype(_np.float64), n, mode) for c, n in zip(coords, x.shape)]
    const = None
    for cc in mapped:
        bad = cc <= -1.0
        const = bad if const is None else (const | bad)
    starts, weights = [], []
    for cc in mapped:
        cs = jnp.where(cc <= -1.0, 0.0, cc)
        if order == 1:
            st = jnp.floor(cs)
            t = cs - st
            weights.append((1.0 - t, t))
        else:
            st = jnp.floor(cs + 0.5)
        starts.append(st.astype(_np.int64))
    total = None
    for corner in _np.ndindex(*((order + 1,) * nd)):
        idx, outside = [], None
        for k, (st, n) in enumerate(zip(starts, x.shape)):
            i, out_k = _neighbour(st + corner[k], n, mode)
            idx.append(i)
            outside = out_k if outside is None else (outside | out_k)
        v = x[tuple(idx)]
        if mode == "grid-constant":
            v = jnp.where(outside, jnp.asarray(cval, x.dtype), v)
        if order == 1:
            for k in range(nd):
                v = v * weights[k][corner[k]]
        total = v if total is None else total + v
    return jnp.where(const, jnp.asarray(cval, total.dtype), total)


def _store_interp(v, dt):
    """SciPy's interpolation output: integers rounded half away from zero and clipped to
    the type's range (unsigned: negatives are 0), booleans nonzero."""
    jnp, _ = _dev()
    if dt == _np.bool_:
        return v != 0
    if dt.kind in "iu":
        info = _np.iinfo(dt)
        r = jnp.where(v > 0, v + 0.5, (v - 0.5) if dt.kind == "i" else 0.0)
        r = jnp.clip(r, float(info.min), float(info.max))
        return r.astype(dt)
    return v.astype(dt)


def _interp_parts(x, dt, fn, cval):
    """Complex input: real and imaginary parts interpolated separately, like SciPy."""
    if x.dtype.kind == "c":
        c = complex(cval)
        re = fn(x.real.astype(_np.float64), c.real)
        im = fn(x.imag.astype(_np.float64), c.imag)
        return (re + 1j * im).astype(dt)
    return _store_interp(fn(x.astype(_np.float64), cval), dt)


def _map_coordinates(input, coordinates, output=None, order=3, mode="constant", cval=0.0,
                     prefilter=True):
    dt = _out_dtype(input.dtype, output, input.dtype.kind == "c")
    coords = [coordinates[k] for k in range(input.ndim)]
    return _interp_parts(input, dt, lambda x, cv: _interpolate(x, coords, order, mode, cv),
                         cval)


def _grid_coords(shape, per_axis):
    """Coordinates on the output grid from per-axis 1-D coordinate vectors."""
    jnp, _ = _dev()
    nd = len(shape)
    out = []
    for k, v in enumerate(per_axis):
        s = [1] * nd
        s[k] = shape[k]
        out.append(jnp.broadcast_to(v.reshape(s), shape))
    return out


def _shift(input, shift, output=None, order=3, mode="constant", cval=0.0, prefilter=True):
    jnp, _ = _dev()
    dt = _out_dtype(input.dtype, output, input.dtype.kind == "c")
    shifts = [float(s) for s in _seq(_host(shift) if hasattr(shift, "shape") else shift,
                                     input.ndim)]
    vecs = [jnp.arange(n, dtype=_np.float64) + (-s) for n, s in zip(input.shape, shifts)]
    coords = _grid_coords(input.shape, vecs)
    return _interp_parts(input, dt, lambda x, cv: _interpolate(x, coords, order, mode, cv),
                         cval)


def _zoom(input, zoom, output=None, order=3, mode="constant", cval=0.0, prefilter=True, *,
          grid_mode=False):
    jnp, _ = _dev()
    zooms = _seq(zoom, input.ndim)
    oshape = tuple(int(round(n * z)) for n, z in zip(input.shape, zooms))
    dt = _out_dtype(input.dtype, output, input.dtype.kind == "c")
    if all(z == 1 for z in zooms) and prefilter:
        return input.astype(dt)
    div = _np.array(oshape) - (0 if grid_mode else 1)
    num = _np.array(input.shape) - (0 if grid_mode else 1)
    factors = _np.divide(num, div, out=_np.ones(len(oshape)), where=div != 0)
    vecs = []
    for n, f in zip(oshape, factors):
        k = jnp.arange(n, dtype=_np.float64)
        vecs.append((k + 0.5) * f - 0.5 if grid_mode else k * f)
    coords = _grid_coords(oshape, vecs)
    return _interp_parts(input, dt, lambda x, cv: _interpolate(x, coords, order, mode, cv),
                         cval)


def _interp(name, jax_fn, arrays=(0,), real=()):
    return _native(f"ndimage.{name}", jax_fn, arrays=arrays, supports=_output_supported(name),
                   probe_fill=1,
                   result=_standin(f"ndimage.{name}", _scipy_fn(f"ndimage.{name}"),
                                   real=real))


map_coordinates = _interp("map_coordinates", _map_coordinates, arrays=(0, 1))
shift = _interp("shift", _shift, real=(1, "shift"))
zoom = _interp("zoom", _zoom, real=(1, "zoom"))

__getattr__, __dir__ = serve("ndimage", globals())
