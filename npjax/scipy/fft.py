"""npjax.scipy.fft: scipy.fft's transforms on JAX (through npjax.fft).

scipy.fft and numpy.fft (NumPy 2) compute the same transforms with the same dtypes
(single precision stays single); `workers=` and `overwrite_x=` do not change results and are
accepted; `plan=` must be None, as in SciPy. The DCT/DST family and the rest are SciPy's,
run on host copies (a recorded fallback for device arrays).
"""
import scipy.fft as _sf

from .. import fft as _nf
from .._dispatch import exported as _exported
from ._common import serve

_SAME = ("fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2",
         "rfftn", "irfftn", "hfft", "ihfft")


def _transform(name):
    numpy_fn = getattr(_nf, name)

    def transform(x, *args, workers=None, overwrite_x=False, plan=None, **kwargs):
        if plan is not None:
            raise NotImplementedError("Passing a precomputed plan is not yet supported by "
                                      "scipy.fft functions")
        return numpy_fn(x, *args, **kwargs)
    return _exported(transform, f"scipy.fft.{name}", getattr(_sf, name),
                     module="npjax.scipy.fft")


for _name in _SAME:
    globals()[_name] = _transform(_name)
del _name

fftshift = _exported(lambda x, axes=None: _nf.fftshift(x, axes), "scipy.fft.fftshift",
                     _sf.fftshift, module="npjax.scipy.fft")
ifftshift = _exported(lambda x, axes=None: _nf.ifftshift(x, axes), "scipy.fft.ifftshift",
                      _sf.ifftshift, module="npjax.scipy.fft")

__getattr__, __dir__ = serve("fft", globals())
