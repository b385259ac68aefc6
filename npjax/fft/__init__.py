"""npjax.fft: numpy.fft on jax.numpy.fft for device arrays, with NumPy's dtypes (complex128
for float64 and integer input, complex64 for float32/float16; `norm=` modes as NumPy)."""
import numpy as _np

from .._dispatch import function as _function, probe as _probe, register_cache as _cache
from .._funcs.creation import _created
from .._views import zero_strided as _zero_strided

_small_cache = _cache({})

# the size argument of each transform: `n` (1-D transforms) or `s` (n-D), position 1
_ND = ("fft2", "ifft2", "fftn", "ifftn", "rfft2", "irfft2", "rfftn", "irfftn")
# transforms of real input (NumPy computes them from float32/float64)
_REAL_IN = ("rfft", "rfft2", "rfftn", "ihfft")


def _shrunk(size, nd):
    """A valid transform size capped at 2 (the result dtype does not depend on it); invalid
    ones unchanged, for NumPy to reject."""
    if nd:
        if isinstance(size, (list, tuple)) and all(
                type(v) is int and (v > 0 or v == -1) for v in size):
            return type(size)(min(v, 2) if v > 0 else v for v in size)
        return size
    return min(size, 2) if type(size) is int and size > 0 else size


def _small_probe(name, np_fn):
    """NumPy's result kind/dtype and its errors from a stand-in with at most 2 points per
    axis and sizes capped at 2: the dtype of an FFT does not depend on its length, and
    NumPy's real probe would cost a full FFT. Axes, norm and the rest are NumPy's to check."""
    nd = name in _ND
    size_name = "s" if nd else "n"

    def result(args, kwargs):
        a = args[0]
        v = a._value() if hasattr(a, "_value") else _np.asarray(a)
        shape = tuple(min(int(d), 2) for d in v.shape)
        rest = list(args[1:])
        if rest:
            rest[0] = _shrunk(rest[0], nd)
        kw = dict(kwargs)
        kw.pop("out", None)
        if size_name in kw:
            kw[size_name] = _shrunk(kw[size_name], nd)
        return _probe(name, np_fn, (_zero_strided(shape, v.dtype), *rest), kw)
    return result


def _work_input(name):
    """Cast the input to the dtype NumPy transforms in: single precision (float16, float32,
    complex64) in complex64/float32, everything else (integers, bool, float64) in double."""
    real = name in _REAL_IN

    def prepare(args, kwargs):
        a = args[0]
        dt = _np.dtype(a.dtype)
        single = dt in (_np.float16, _np.float32, _np.complex64)
        want = (_np.float32 if single else _np.float64) if real and dt.kind != "c" else \
            (_np.complex64 if single else _np.complex128)
        if dt != want:
            a = a.astype(want)
        return (a,) + tuple(args[1:]), kwargs
    return prepare


def _cook_nd(shape, s, axes, invreal):
    """NumPy's `_cook_nd_args`: the sizes and axes of an n-D transform."""
    shapeless = s is None
    if s is None:
        s = list(shape) if axes is None else [shape[ax] for ax in axes]
    s = list(s)
    if axes is None:
        axes = list(range(-len(s), 0))
    if invreal and shapeless:
        s[-1] = (shape[axes[-1]] - 1) * 2
    return [shape[ax] if n == -1 else n for n, ax in zip(s, axes)], list(axes)


def _nd_jax(name, default_axes):
    """The JAX n-D transform; with a repeated axis (which NumPy allows: it transforms along
    that axis again, JAX refuses) NumPy's own sequence of 1-D transforms."""
    def run(a, s=None, axes=default_axes, norm=None):
        from .._dispatch import resolve
        if s is not None and any(n == -1 for n in s):  # NumPy: the input's own length
            s, axes = _cook_nd(a.shape, s, axes, False)
        local = _pencils(a)
        if local is None and (axes is None or len({ax % a.ndim for ax in axes}) == len(axes)):
            return resolve(f"fft.{name}")(a, s=s, axes=axes, norm=norm)
        s, axes = _cook_nd(a.shape, s, axes, name.startswith("irfft"))
        if local is not None:
            def resolve(path):
                # each 1-D transform with its axis whole on every device
                return lambda x, n, axis, norm: local(path, x, n, axis, norm)
        fft1 = {"fft": "fft", "ifft": "ifft", "rfft": "fft", "irfft": "ifft"}[
            name.rstrip("2n")]
        order = list(range(len(axes)))
        if name.startswith("irfft"):
            for i in order[:-1]:
                a = resolve("fft.ifft")(a, n=s[i], axis=axes[i], norm=norm)
            return resolve("fft.irfft")(a, n=s[-1], axis=axes[-1], norm=norm)
        if name.startswith("rfft"):
            a = resolve("fft.rfft")(a, n=s[-1], axis=axes[-1], norm=norm)
            order = order[:-1]
        for i in reversed(order):
            a = resolve(f"fft.{fft1}")(a, n=s[i], axis=axes[i], norm=norm)
        return a
    run.__name__ = name
    return run


def _pencils(a):
    """For an array split over devices (`config.sharding`), a function
    (path, x, n, axis, norm) running the 1-D transform `path` along `axis` with that axis
    whole on every device, else None. An n-D transform is then a sequence of 1-D transforms
    (a "pencil" decomposition: the layout changes by all-to-all exchanges between them).
    XLA's partitioner does not split FFTs by their batch axes (every device would transform
    the whole array), so each device transforms its own block explicitly (shard_map)."""
    from .. import sharding
    from .._config import config
    if a.ndim < 1 or a.size < max(config.shard_threshold, 1) or not sharding.active():
        return None
    from .._backends.device import lax
    from .._dispatch import resolve
    ndev = sharding.device_count()

    def run(path, x, n, axis, norm):
        axis %= x.ndim
        # XLA on the CPU also miscompiles FFTs next to a split of the transform axis
        # (complex128), of an uneven axis, or of some axes of 3-D and larger arrays: those
        # arrays are gathered for the transform
        even = [d for d in range(x.ndim) if d != axis and x.shape[d] % ndev == 0] \
            if x.ndim == 2 else []
        if not even:
            whole = sharding.named(())
            y = resolve(path)(lax.with_sharding_constraint(x, whole), n=n, axis=axis, norm=norm)
            return lax.with_sharding_constraint(y, whole)
        spec = (None,) * max(even, key=lambda d: x.shape[d]) + (sharding.AXIS,)
        return sharding.blockwise(_transform_block, spec, (path, n, axis, norm))(x)
    return run


def _transform_block(x, path, n, axis, norm):
    from .._dispatch import resolve
    return resolve(path)(x, n=n, axis=axis, norm=norm)


def _one_d_jax(name):
    """The JAX 1-D transform, along an axis every device holds whole (see `_pencils`)."""
    def run(a, n=None, axis=-1, norm=None):
        from .._dispatch import resolve
        local = _pencils(a) if a.ndim >= 1 else None
        if local is None:
            return resolve(f"fft.{name}")(a, n=n, axis=axis, norm=norm)
        return local(f"fft.{name}", a, n, axis, norm)
    run.__name__ = name
    return run


def _fft(name):
    np_fn = getattr(_np.fft, name)
    jax_fn = _one_d_jax(name) if name not in _ND else \
        _nd_jax(name, (-2, -1) if name.endswith("2") else None)
    fn = _function(f"fft.{name}", np_fn, jax_fn, result=_small_probe(name, np_fn),
                   prepare=_work_input(name), unsupported=("out",))
    fn.__module__ = "npjax.fft"
    return fn


fft = _fft("fft")
ifft = _fft("ifft")
fft2 = _fft("fft2")
ifft2 = _fft("ifft2")
fftn = _fft("fftn")
ifftn = _fft("ifftn")
rfft = _fft("rfft")
irfft = _fft("irfft")
rfft2 = _fft("rfft2")
irfft2 = _fft("irfft2")
rfftn = _fft("rfftn")
irfftn = _fft("irfftn")
hfft = _fft("hfft")
ihfft = _fft("ihfft")
fftshift = _function("fft.fftshift", _np.fft.fftshift, "fft.fftshift")
ifftshift = _function("fft.ifftshift", _np.fft.ifftshift, "fft.ifftshift")
fftfreq = _created("fft.fftfreq", _np.fft.fftfreq)
rfftfreq = _created("fft.rfftfreq", _np.fft.rfftfreq)
for _f in (fftshift, ifftshift, fftfreq, rfftfreq):
    _f.__module__ = "npjax.fft"
test = _np.fft.test


def __getattr__(name):
    # names NumPy's fft has beyond its public API (e.g. submodules its tests import)
    import numpy.fft as _np_mod
    from .._fallback import serve_rest as _serve_rest
    return _serve_rest(_np_mod, globals())(name)
