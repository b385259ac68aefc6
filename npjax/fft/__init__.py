"""npjax.fft: numpy.fft on jax.numpy.fft for device arrays, with NumPy's dtypes (complex128
for float64 and integer input, complex64 for float32/float16; `norm=` modes as NumPy)."""
import numpy as _np

from .._dispatch import function as _function, probe as _probe, register_cache as _cache
from .._funcs.creation import _created
from .._views import zero_strided as _zero_strided

_small_cache = _cache({})


def _small_probe(name, np_fn):
    """NumPy's result kind/dtype from a stand-in with at most 2 points per axis: the dtype
    of an FFT does not depend on its length, and NumPy's real probe would cost a full FFT."""
    def result(args, kwargs):
        a = args[0]
        v = a._value() if hasattr(a, "_value") else _np.asarray(a)
        shape = tuple(min(int(d), 2) for d in v.shape)
        small = _zero_strided(shape, v.dtype)
        kw = {k: val for k, val in kwargs.items() if k in ("norm",)}
        return _probe(name, np_fn, (small,), kw)
    return result


def _fft(name):
    np_fn = getattr(_np.fft, name)
    fn = _function(f"fft.{name}", np_fn, f"fft.{name}", result=_small_probe(name, np_fn),
                   unsupported=("out",))
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
