"""npjax.scipy.signal: convolution and correlation on jax.scipy.signal; the rest is
SciPy's, run on host copies (a recorded fallback for device arrays).

Integer inputs fall back too: SciPy convolves integers exactly, JAX in floating point.
"""
import numpy as _np
import scipy.signal as _ss

from .._dispatch import function as _function, Probe as _Probe, abstract as _abstract
from ._common import serve, jax_scipy


def _float_inputs(args, kwargs):
    for a in args[:2]:
        if _np.dtype(getattr(_abstract(a), "dtype", _np.asarray(a).dtype)).kind not in "fc":
            return "integer or boolean inputs (SciPy's integer convolution is exact)"
    if kwargs.get("boundary", "fill") != "fill":
        return f"boundary={kwargs['boundary']!r}"
    if kwargs.get("fillvalue", 0) != 0:
        return "a nonzero fillvalue"
    return None


def _cheap_probe(sp_fn):
    """SciPy's checks and result dtype, computed by FFT on the stand-ins (the direct method
    would cost a full convolution of zeros)."""
    def probe(args, kwargs):
        kw = {k: v for k, v in kwargs.items() if k != "out"}
        if sp_fn in (_ss.convolve, _ss.correlate):
            kw["method"] = "fft"
        res = sp_fn(*[_abstract(a) for a in args], **kw)
        return _Probe(_np.empty(0, res.dtype))
    return probe


def _native(name, two_d=False):
    sp_fn = getattr(_ss, name)
    return _function(f"scipy.signal.{name}", sp_fn, jax_scipy(f"signal.{name}"),
                     arrays=(0, 1), supports=_float_inputs,
                     result=None if two_d else _cheap_probe(sp_fn))


convolve = _native("convolve")
correlate = _native("correlate")
fftconvolve = _native("fftconvolve")
convolve2d = _native("convolve2d", two_d=True)
correlate2d = _native("correlate2d", two_d=True)

__getattr__, __dir__ = serve("signal", globals())
