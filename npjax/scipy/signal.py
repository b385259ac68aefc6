"""npjax.scipy.signal: scipy.signal, native on JAX for device arrays where listed below;
every other name is SciPy's, run on host copies (a recorded fallback for device arrays).

Native: convolve, correlate, fftconvolve, oaconvolve, convolve2d, correlate2d, lfilter,
lfilter_zi, filtfilt (method="pad"), sosfilt, sosfilt_zi, sosfiltfilt, hilbert, detrend.
Window functions (get_window, windows.*) have no array inputs: SciPy makes them and large
ones are placed on the device, like npjax's creation functions.

SciPy's result dtypes, kinds and exceptions come from SciPy itself run on small stand-ins
of the arrays (`_native.verdict`). Direct convolutions are exact sliding sums (integers
wrap like NumPy's); "fft" convolutions and method="auto" (which picks like SciPy) agree
with SciPy to rounding. IIR filters run the same transposed direct form II recurrence as
SciPy, sample by sample (`lax.scan`); XLA may fuse its multiply-adds, so values agree to
rounding.
"""
import types as _types

import numpy as _np

from .._funcs.creation import _created
from ._common import serve
from ._common import jitted as _jitted
from ._native import (native as _native, standin_result as _standin,
                      verdict as _verdict, normalize_axis as _axis, scipy_fn as _scipy_fn,
                      axis_result as _axis_result, bind as _bind, size_map as _size_map,
                      divide as _div)


def _dev():
    from .._backends import device
    return device.jnp, device.lax


# ---- convolution --------------------------------------------------------------------------
def _slide(x, w, pads):
    """out[i] = sum_j xpad[i + j] * w[j] over every axis (x zero-padded by `pads`, (lo, hi)
    per axis): XLA's convolution, exact for integers."""
    jnp, lax = _dev()
    dt = x.dtype
    if dt == _np.bool_:
        x, w = x.astype(_np.int32), w.astype(_np.int32)
    elif dt == _np.float16:
        x, w = x.astype(_np.float32), w.astype(_np.float32)
    nd = x.ndim
    out = lax.conv_general_dilated(x[None, None], w[None, None], (1,) * nd, pads,
                                   precision=lax.Precision.HIGHEST)[0, 0]
    if dt == _np.bool_:
        return out != 0
    return out.astype(dt)


def _mode_pads(n, m, mode, same_start):
    """Zero padding of the input (length n, kernel length m) that makes the sliding sum give
    SciPy's `mode` output: "full" (n + m - 1), "same" (n, starting `same_start` into the
    full result) or "valid" (|n - m| + 1, the part where the shorter is fully inside)."""
    if mode == "full":
        start, length = 0, n + m - 1
    elif mode == "same":
        start, length = same_start, n
    else:
        start, length = min(n, m) - 1, abs(n - m) + 1
    lo = m - 1 - start
    return lo, length + m - 1 - n - lo


def _direct(x, k, mode):
    """SciPy's direct convolution of same-rank arrays in the promoted dtype."""
    jnp, _ = _dev()
    dt = _np.result_type(x.dtype, k.dtype)
    x, k = x.astype(dt), k.astype(dt)
    shape = _mode_shape(x.shape, k.shape, mode)
    if x.size == 0 or k.size == 0:
        return jnp.zeros(shape, dt)
    pads = [_mode_pads(n, m, mode, (m - 1) // 2) for n, m in zip(x.shape, k.shape)]
    return _slide(x, jnp.flip(k), pads)


def _mode_shape(s1, s2, mode):
    if mode == "full":
        return tuple(n + m - 1 for n, m in zip(s1, s2))
    if mode == "same":
        return tuple(s1)
    return tuple(abs(n - m) + 1 for n, m in zip(s1, s2))


def _fast_len(n, real):
    from scipy.fft import next_fast_len
    return next_fast_len(n, real)


def _centered(arr, shape):
    starts = [(c - n) // 2 for c, n in zip(arr.shape, shape)]
    return arr[tuple(slice(s, s + n) for s, n in zip(starts, shape))]


def _fft_full(x, k, axes):
    """Linear convolution along `axes` by FFT (broadcasting on the other axes), as SciPy's
    frequency-domain convolution: real transforms for real input, double precision for
    integers, sizes padded to fast lengths."""
    jnp, _ = _dev()
    cplx = x.dtype.kind == "c" or k.dtype.kind == "c"
    if x.dtype.kind in "biu":
        x = x.astype(_np.float64)
    if k.dtype.kind in "biu":
        k = k.astype(_np.float64)
    if x.dtype == _np.float16:
        x = x.astype(_np.float32)
    if k.dtype == _np.float16:
        k = k.astype(_np.float32)
    shape = [x.shape[a] + k.shape[a] - 1 for a in axes]
    if not axes:
        return x * k
    fshape = [_fast_len(n, not cplx) for n in shape]
    if cplx:
        ret = jnp.fft.ifftn(jnp.fft.fftn(x, fshape, axes) * jnp.fft.fftn(k, fshape, axes),
                            fshape, axes)
    else:
        ret = jnp.fft.irfftn(jnp.fft.rfftn(x, fshape, axes) * jnp.fft.rfftn(k, fshape, axes),
                             fshape, axes)
    if fshape != shape:
        index = [slice(None)] * ret.ndim
        for a, n in zip(axes, shape):
            index[a] = slice(0, n)
        ret = ret[tuple(index)]
    return ret


def _fftconv(x, k, mode, axes=None):
    """SciPy's fftconvolve for same-rank, non-empty arrays."""
    nd = x.ndim
    axes = list(range(nd)) if axes is None else \
        [_axis(a, nd) for a in ([axes] if _np.ndim(axes) == 0 else axes)]
    # axes where one input has length 1 need no transform: broadcasting multiplies them
    axes = [a for a in axes if x.shape[a] != 1 and k.shape[a] != 1]
    if mode == "valid" and not all(x.shape[a] >= k.shape[a] for a in axes):
        x, k = k, x
    ret = _fft_full(x, k, axes)
    if mode == "full":
        return ret
    if mode == "same":
        return _centered(ret, x.shape)
    shape = [x.shape[a] - k.shape[a] + 1 if a in axes else ret.shape[a] for a in range(nd)]
    return _centered(ret, shape)


def _choose(x, k, mode):
    """SciPy's choice for method="auto": direct for integers and booleans (exact), else
    SciPy's own estimate from the shapes."""
    if x.dtype.kind in "biu" or k.dtype.kind in "biu":
        return "direct"
    from scipy.signal import choose_conv_method
    stand = [_np.broadcast_to(_np.zeros((), v.dtype), v.shape) for v in (x, k)]
    return choose_conv_method(*stand, mode=mode)


def _convolve(x, k, mode="full", method="auto"):
    jnp, _ = _dev()
    if x.ndim == 0:
        return x * k
    if method == "auto":
        method = _choose(x, k, mode)
    if method == "direct":
        return _direct(x, k, mode)
    out = _fftconv(x, k, mode)
    dt = _np.result_type(x.dtype, k.dtype)
    if dt.kind in "biu":
        out = jnp.round(out)
    return out.astype(dt)


def _reverse_conj(k):
    jnp, _ = _dev()
    k = jnp.flip(k)
    return jnp.conj(k) if k.dtype.kind == "c" else k


def _correlate(x, k, mode="full", method="auto"):
    if x.ndim == 0:
        return x * (_dev()[0].conj(k) if k.dtype.kind == "c" else k)
    return _convolve(x, _reverse_conj(k), mode, method)


def _fftconvolve(x, k, mode="full", axes=None):
    jnp, _ = _dev()
    if x.ndim == 0:
        return x * k
    if x.size == 0 or k.size == 0:
        return jnp.zeros((0,), _np.float64)
    return _fftconv(x, k, mode, axes)


def _conv2d(x, k, mode="full", boundary="fill", fillvalue=0, flip=True):
    """SciPy's convolve2d (flip=True) / correlate2d (flip=False): the input extended by
    `boundary` (a constant `fillvalue`, periodic, or mirrored with the edge repeated)."""
    jnp, _ = _dev()
    dt = _np.result_type(x.dtype, k.dtype)
    x, k = x.astype(dt), k.astype(dt)
    if mode == "valid" and not all(n >= m for n, m in zip(x.shape, k.shape)):
        out = _conv2d(k, x, mode, boundary, fillvalue, flip)
        return out if flip else out[::-1, ::-1]
    shape = _mode_shape(x.shape, k.shape, mode)
    if x.size == 0 or k.size == 0:
        return jnp.zeros(shape, dt)
    w = jnp.flip(k) if flip else (jnp.conj(k) if dt.kind == "c" else k)
    pads = [_mode_pads(n, m, mode, (m - 1) // 2 if flip else m // 2)
            for n, m in zip(x.shape, k.shape)]
    if any(p != (0, 0) for p in pads):
        if boundary == "fill":
            fv = jnp.asarray(fillvalue)
            fv = (fv.real if fv.dtype.kind == "c" and dt.kind != "c" else fv).astype(dt)
            x = jnp.pad(x, pads, mode="constant", constant_values=fv.reshape(()))
        else:
            x = jnp.pad(x, pads, mode="wrap" if boundary in ("wrap", "circular")
                        else "symmetric")
    return _slide(x, w, [(0, 0), (0, 0)])


def _convolve2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    return _conv2d(in1, in2, mode, boundary, fillvalue, True)


def _correlate2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    return _conv2d(in1, in2, mode, boundary, fillvalue, False)


_CONV_ARGS = dict(arrays=(0, 1))
convolve = _native("signal.convolve", _convolve, **_CONV_ARGS,
                   result=_standin("signal.convolve", _scipy_fn("signal.convolve")))
correlate = _native("signal.correlate", _correlate, **_CONV_ARGS,
                    result=_standin("signal.correlate", _scipy_fn("signal.correlate")))
fftconvolve = _native("signal.fftconvolve", _fftconvolve, **_CONV_ARGS,
                      result=_standin("signal.fftconvolve", _scipy_fn("signal.fftconvolve")))
oaconvolve = _native("signal.oaconvolve", _fftconvolve, **_CONV_ARGS,
                     result=_standin("signal.oaconvolve", _scipy_fn("signal.oaconvolve")))
convolve2d = _native("signal.convolve2d", _convolve2d, **_CONV_ARGS,
                     result=_standin("signal.convolve2d", _scipy_fn("signal.convolve2d"),
                                     real=("fillvalue", 4)))
correlate2d = _native("signal.correlate2d", _correlate2d, **_CONV_ARGS,
                      result=_standin("signal.correlate2d", _scipy_fn("signal.correlate2d"),
                                      real=("fillvalue", 4)))


# ---- linear filters ---------------------------------------------------------------------------
def _iir_core(b, a, x, zi):
    """Transposed direct form II along the last axis of x, sample by sample as SciPy:
    y = z[0] + b[0] x;  z[i] = z[i+1] + b[i+1] x - a[i+1] y  (z[k] = 0)."""
    jnp, lax = _dev()

    def step(z, xn):
        y = z[..., 0] + b[0] * xn
        shifted = jnp.concatenate([z[..., 1:], jnp.zeros_like(z[..., :1])], axis=-1)
        z = shifted + xn[..., None] * b[1:] - y[..., None] * a[1:]
        return z, y

    zf, ys = lax.scan(step, zi, jnp.moveaxis(x, -1, 0))
    return jnp.moveaxis(ys, 0, -1), zf


def _sos_core(sos, x, zi):
    """Cascaded second-order sections (transposed direct form II each) along the last axis
    of x; zi: (..., n_sections, 2)."""
    jnp, lax = _dev()
    n_sections = sos.shape[0]

    def step(z, xn):
        zs = []
        for s in range(n_sections):
            y = sos[s, 0] * xn + z[..., s, 0]
            z0 = sos[s, 1] * xn - sos[s, 4] * y + z[..., s, 1]
            z1 = sos[s, 2] * xn - sos[s, 5] * y
            zs.append(jnp.stack([z0, z1], axis=-1))
            xn = y
        return jnp.stack(zs, axis=-2), xn

    zf, ys = lax.scan(step, zi, jnp.moveaxis(x, -1, 0))
    return jnp.moveaxis(ys, 0, -1), zf


def _filter_dtype(*arrays):
    return _np.result_type(*[v.dtype for v in arrays if v is not None])


def _lfilter(b, a, x, axis=-1, zi=None):
    jnp, _ = _dev()
    zi = None if zi is None else jnp.asarray(zi)
    b, a = jnp.atleast_1d(b), jnp.atleast_1d(a)
    dt = _filter_dtype(b, a, x, zi)
    axis = _axis(axis, x.ndim)
    b, a, x = b.astype(dt), a.astype(dt), x.astype(dt)
    xt = jnp.moveaxis(x, axis, -1)
    if a.shape[0] == 1:
        # FIR: SciPy convolves each signal with b / a[0] in full and adds zi to its start
        k = b.shape[0] - 1
        n = xt.shape[-1]
        flat = xt.reshape((-1, 1, n))
        full = _slide_batch(flat, jnp.flip(_div(b, a[0])), k).reshape(xt.shape[:-1] + (n + k,))
        if zi is not None:
            zshape = x.shape[:axis] + (k,) + x.shape[axis + 1:]
            z = jnp.moveaxis(jnp.broadcast_to(zi.astype(dt), zshape), axis, -1)
            full = jnp.concatenate([full[..., :k] + z, full[..., k:]], axis=-1)
        y = jnp.moveaxis(full[..., :n], -1, axis)
        return y if zi is None else (y, jnp.moveaxis(full[..., n:], -1, axis))
    k = max(a.shape[0], b.shape[0]) - 1
    if a.shape[0] < k + 1:
        a = jnp.concatenate([a, jnp.zeros(k + 1 - a.shape[0], dt)])
    if b.shape[0] < k + 1:
        b = jnp.concatenate([b, jnp.zeros(k + 1 - b.shape[0], dt)])
    b, a = _div(b, a[0]), _div(a, a[0])
    if zi is None:
        z0 = jnp.zeros(xt.shape[:-1] + (k,), dt)
    else:
        zshape = x.shape[:axis] + (k,) + x.shape[axis + 1:]
        z0 = jnp.moveaxis(jnp.broadcast_to(zi.astype(dt), zshape), axis, -1)
    y, zf = _jitted(_iir_core)(b, a, xt, z0)
    y = jnp.moveaxis(y, -1, axis)
    return y if zi is None else (y, jnp.moveaxis(zf, -1, axis))


def _slide_batch(flat, w, pad):
    """Full 1-D sliding sums of each row of flat (B, 1, n) with w, zero padding `pad`."""
    _, lax = _dev()
    return lax.conv_general_dilated(flat, w[None, None].astype(flat.dtype), (1,),
                                    [(pad, pad)], precision=lax.Precision.HIGHEST)


def _filter_result(name, coeffs, zi_keep):
    """`result=` hook of lfilter/sosfilt: coefficient arrays by value (SciPy checks them),
    the signal with at most 2 samples, the state `zi` with its filter-order axis (and
    section axis) kept and its other axes matching the signal's stand-in."""
    sp = _scipy_fn(name)

    def result(args, kwargs):
        bound = _bind(sp, args, kwargs)
        for k in ("x", "zi"):
            if isinstance(bound.get(k), (list, tuple)):
                bound[k] = _np.asarray(bound[k])
        x, zi = bound.get("x"), bound.get("zi")
        xshape = _shape(x)
        try:
            ax = int(bound.get("axis", -1)) % len(xshape)
        except (TypeError, ValueError, ZeroDivisionError):
            ax = None
        zshape = _shape(zi)
        keep = set(zi_keep(ax, len(zshape))) if ax is not None else set()
        other = [d for i, d in enumerate(xshape) if i != ax]
        other += [d for i, d in enumerate(zshape) if i not in keep]
        sizes = _size_map([other], cap=2)

        def shape_of(where, s):
            if where == "x":
                return tuple(min(d, 2) if i == ax else sizes.get(d, d) for i, d in enumerate(s))
            return tuple(d if i in keep else sizes.get(d, d) for i, d in enumerate(s))
        return _verdict(name, sp, (), bound, real=coeffs, shape_of=shape_of)
    return result


def _shape(v):
    return tuple(v.shape) if v is not None and hasattr(v, "shape") else tuple(_np.shape(v))


lfilter = _native("signal.lfilter", _lfilter, arrays=(0, 1, 2),
                  result=_filter_result("signal.lfilter", ("b", "a"), lambda ax, nd: (ax,)))


def _lfilter_zi(b, a):
    jnp, _ = _dev()
    ah = _np.atleast_1d(_host(a))
    b, a = jnp.atleast_1d(b), jnp.atleast_1d(a)
    lead = 0
    while ah.shape[0] - lead > 1 and ah[lead] == 0.0:
        lead += 1  # SciPy drops leading zeros of a (values read on the host: a is small)
    a = a[lead:]
    if ah[lead] != 1.0:
        b, a = b / a[0], a / a[0]
    n = max(a.shape[0], b.shape[0])
    if a.shape[0] < n:
        a = jnp.concatenate([a, jnp.zeros(n - a.shape[0], a.dtype)])
    elif b.shape[0] < n:
        b = jnp.concatenate([b, jnp.zeros(n - b.shape[0], b.dtype)])
    dt = _np.result_type(a.dtype, b.dtype)
    # I - companion(a)^T, in double precision like SciPy, then in the coefficients' dtype;
    # the companion matrix has first row -a[1:] / a[0] and ones below its diagonal
    m = n - 1
    first = -(a[1:] / a[0]).astype(_np.result_type(a.dtype, _np.float64))
    comp_t = jnp.zeros((m, m), first.dtype).at[:, 0].set(first) + \
        jnp.eye(m, k=1, dtype=_np.float64)
    iminus = (jnp.eye(m, dtype=_np.float64) - comp_t).astype(dt)
    rhs = b[1:] - a[1:] * b[0]
    if dt.kind in "biu":
        iminus, rhs = iminus.astype(_np.float64), rhs.astype(_np.float64)
    return jnp.linalg.solve(iminus, rhs)


lfilter_zi = _native("signal.lfilter_zi", _lfilter_zi, arrays=(0, 1),
                     result=_standin("signal.lfilter_zi", _scipy_fn("signal.lfilter_zi"),
                                     real=(0, 1, "b", "a")))


def _ext(x, n, axis, kind):
    """SciPy's odd/even/constant extension of x by n samples at both ends of `axis`."""
    jnp, _ = _dev()
    nx = x.shape[axis]
    first, last = _axis_part(x, axis, 0, 1), _axis_part(x, axis, nx - 1, nx)
    if kind == "constant":
        left = jnp.repeat(first, n, axis=axis)
        right = jnp.repeat(last, n, axis=axis)
    else:
        left = jnp.flip(_axis_part(x, axis, 1, n + 1), axis=axis)
        right = jnp.flip(_axis_part(x, axis, nx - n - 1, nx - 1), axis=axis)
        if kind == "odd":
            left = 2 * first - left
            right = 2 * last - right
    return jnp.concatenate([left, x, right], axis=axis)


def _axis_part(x, axis, start=None, stop=None):
    idx = [slice(None)] * x.ndim
    idx[axis] = slice(start, stop)
    return x[tuple(idx)]


def _forward_backward(run, x, axis, edge, padtype, zi):
    """filtfilt's scheme: extend x, filter forward from the steady state of its first
    sample, filter the reversed result likewise, reverse back and cut the extension."""
    jnp, _ = _dev()
    ext = _ext(x, edge, axis, padtype) if padtype is not None and edge > 0 else x
    y, _ = run(ext, zi * _axis_part(ext, axis, 0, 1))
    y, _ = run(jnp.flip(y, axis=axis), zi * _axis_part(y, axis, y.shape[axis] - 1, None))
    y = jnp.flip(y, axis=axis)
    if edge > 0:
        y = _axis_part(y, axis, edge, y.shape[axis] - edge)
    return y


def _edge(padtype, padlen, ntaps):
    return 0 if padtype is None else (ntaps * 3 if padlen is None else int(padlen))


def _filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    jnp, _ = _dev()
    b, a = jnp.atleast_1d(b), jnp.atleast_1d(a)
    axis = _axis(axis, x.ndim)
    zi = _lfilter_zi(b, a)
    zshape = [1] * x.ndim
    zshape[axis] = zi.size
    edge = _edge(padtype, padlen, max(a.shape[0], b.shape[0]))
    return _forward_backward(lambda v, z: _lfilter(b, a, v, axis=axis, zi=z), x, axis,
                             edge, padtype, zi.reshape(zshape))


def _host(v):
    """A small argument's value on the host (an npjax, jax or lazy array, or a list)."""
    from .._dispatch import host_value, is_device_buffer
    if is_device_buffer(v):
        from .._backends.device import to_host
        return to_host(v)
    return _np.asarray(host_value(v))


def _filtfilt_edge(n, bound):
    ntaps = max(_np.size(_host(bound["b"])), _np.size(_host(bound["a"])))
    return min(n, max(_edge(bound.get("padtype", "odd"), bound.get("padlen"), ntaps), 0) + 2)


def _filtfilt_supports(args, kwargs):
    method = kwargs.get("method", args[6] if len(args) > 6 else "pad")
    if method == "gust":
        return "method='gust' (Gustafsson's initial conditions) not supported on JAX"
    return None


filtfilt = _native("signal.filtfilt", _filtfilt, arrays=(0, 1, 2),
                   result=_axis_result("signal.filtfilt", axis_len=_filtfilt_edge,
                                       real=("b", "a")),
                   supports=_filtfilt_supports, probe_fill=1)


def _sosfilt(sos, x, axis=-1, zi=None):
    jnp, _ = _dev()
    zi = None if zi is None else jnp.asarray(zi)
    dt = _filter_dtype(sos, x, zi)
    axis = _axis(axis, x.ndim)
    sos, x = sos.astype(dt), x.astype(dt)
    xt = jnp.moveaxis(x, axis, -1)
    n_sections = sos.shape[0]
    if zi is None:
        z0 = jnp.zeros(xt.shape[:-1] + (n_sections, 2), dt)
    else:
        # zi: (n_sections, ..., 2 at axis + 1, ...) -> (..., n_sections, 2)
        z0 = jnp.moveaxis(zi.astype(dt), (0, axis + 1), (-2, -1))
    y, zf = _jitted(_sos_core)(sos, xt, z0)
    y = jnp.moveaxis(y, -1, axis)
    return y if zi is None else (y, jnp.moveaxis(zf, (-2, -1), (0, axis + 1)))


sosfilt = _native("signal.sosfilt", _sosfilt, arrays=(0, 1),
                  result=_filter_result("signal.sosfilt", ("sos",),
                                        lambda ax, nd: (0, ax + 1)))


def _sosfilt_zi(sos):
    jnp, _ = _dev()
    if sos.dtype.kind in "biu":
        sos = sos.astype(_np.float64)
    if not (_host(sos)[:, 3] == 1).all():
        # sections not normalised (a[0] != 1): SciPy's per-section steps, one by one
        rows, scale = [], 1.0
        for s in range(sos.shape[0]):
            b, a = sos[s, :3], sos[s, 3:]
            rows.append(scale * _lfilter_zi(b, a))
            scale = scale * (jnp.sum(b) / jnp.sum(a))
        return jnp.stack(rows).astype(sos.dtype)
    # each section's steady state solves (I - companion(a)^T) z = b[1:] - a[1:] b[0], a
    # 2 x 2 system per section (solved together), scaled by the DC gains of the sections
    # before it
    b, a = sos[:, :3], sos[:, 3:]
    one = jnp.ones_like(a[:, 1])
    mat = jnp.stack([jnp.stack([one + a[:, 1], -one], -1),
                     jnp.stack([a[:, 2], one], -1)], -2)
    rhs = b[:, 1:] - a[:, 1:] * b[:, :1]
    z = jnp.linalg.solve(mat, rhs[..., None])[..., 0]
    gains = jnp.sum(b, axis=1) / jnp.sum(a, axis=1)
    scale = jnp.concatenate([jnp.ones((1,), gains.dtype), jnp.cumprod(gains)[:-1]])
    return (scale[:, None] * z).astype(sos.dtype)


sosfilt_zi = _native("signal.sosfilt_zi", _sosfilt_zi, arrays=(0,),
                     result=_standin("signal.sosfilt_zi", _scipy_fn("signal.sosfilt_zi"),
                                     real=(0, "sos")))


def _sos_ntaps(sos):
    sos = _np.asarray(sos)
    return 2 * sos.shape[0] + 1 - min(int((sos[:, 2] == 0).sum()),
                                      int((sos[:, 5] == 0).sum()))


def _sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    axis = _axis(axis, x.ndim)
    zi = _sosfilt_zi(sos)
    zshape = [1] * x.ndim
    zshape[axis] = 2
    edge = _edge(padtype, padlen, _sos_ntaps(_host(sos)))
    return _forward_backward(lambda v, z: _sosfilt(sos, v, axis=axis, zi=z), x, axis, edge,
                             padtype, zi.reshape([sos.shape[0]] + zshape))


def _sosfiltfilt_edge(n, bound):
    sos = _host(bound["sos"])
    if sos.ndim != 2 or sos.shape[-1] != 6:
        return min(n, 2)
    edge = _edge(bound.get("padtype", "odd"), bound.get("padlen"), _sos_ntaps(sos))
    return min(n, max(edge, 0) + 2)


sosfiltfilt = _native("signal.sosfiltfilt", _sosfiltfilt, arrays=(0, 1),
                      result=_axis_result("signal.sosfiltfilt", axis_len=_sosfiltfilt_edge,
                                          real=("sos",)))


# ---- spectral helpers ---------------------------------------------------------------------------
def _hilbert(x, N=None, axis=-1):
    jnp, _ = _dev()
    axis = _axis(axis, x.ndim)
    n = x.shape[axis] if N is None else int(N)
    if x.dtype.kind in "biu":
        x = x.astype(_np.float64)
    elif x.dtype == _np.float16:
        x = x.astype(_np.float32)
    xf = jnp.fft.fft(x, n, axis=axis)
    h = _np.zeros(n)
    h[0] = 1
    if n % 2 == 0:
        h[1:n // 2] = 2
        h[n // 2] = 1
    else:
        h[1:(n + 1) // 2] = 2
    shape = [1] * x.ndim
    shape[axis] = n
    h = h.reshape(shape)
    # SciPy zeroes the negative frequencies (NaN there becomes 0) and doubles the positive
    h = h.astype(_np.float32 if xf.dtype == _np.complex64 else _np.float64)
    xf = jnp.where(h == 0, jnp.zeros((), xf.dtype), xf * h)
    return jnp.fft.ifft(xf, axis=axis)


hilbert = _native("signal.hilbert", _hilbert,
                  result=_standin("signal.hilbert", _scipy_fn("signal.hilbert")))


def _detrend(data, axis=-1, type="linear", bp=0, overwrite_data=False):
    jnp, _ = _dev()
    axis = _axis(axis, data.ndim)
    if type in ("constant", "c"):
        return data - jnp.mean(data, axis=axis, keepdims=True)
    dt = data.dtype if data.dtype.char in "dfDF" else _np.dtype(_np.float64)
    n = data.shape[axis]
    bps = _np.sort(_np.unique(_np.concatenate(
        _np.atleast_1d(0, _np.asarray(_host(bp)), n))))
    moved = jnp.moveaxis(data, axis, 0).astype(dt)
    flat = moved.reshape((n, -1))
    pieces = []
    for lo, hi in zip(bps[:-1], bps[1:]):
        npts = int(hi - lo)
        # SciPy's least-squares fit of a ramp (1..npts) / npts and a constant, through the
        # design matrix's pseudo-inverse (it depends on the segment length only)
        A = _np.ones((npts, 2), dt)
        A[:, 0] = _np.arange(1, npts + 1, dtype=dt) / npts
        seg = flat[int(lo):int(hi)]
        coef = jnp.matmul(_np.linalg.pinv(A), seg)
        pieces.append(seg - jnp.matmul(A, coef))
    out = jnp.concatenate(pieces, axis=0) if pieces else flat
    return jnp.moveaxis(out.reshape(moved.shape), 0, axis)


detrend = _native("signal.detrend", _detrend,
                  result=_axis_result("signal.detrend", x="data", real=("bp",)))


# ---- windows ----------------------------------------------------------------------------------
get_window = _created("scipy.signal.get_window", _scipy_fn("signal.get_window"))
get_window.__module__ = "npjax.scipy.signal"


def _windows_module():
    import scipy.signal.windows as sw
    mod = _types.ModuleType("npjax.scipy.signal.windows",
                            "npjax.scipy.signal.windows: SciPy's window functions; large "
                            "windows are placed on the JAX device.")
    for name in sw.__all__:
        fn = _created(f"scipy.signal.windows.{name}", getattr(sw, name))
        fn.__module__ = mod.__name__
        setattr(mod, name, fn)
    mod.__all__ = list(sw.__all__)
    return mod


windows = _windows_module()

__getattr__, __dir__ = serve("signal", globals())
