"""Polynomials (numpy.polynomial's legacy top-level functions) and window functions."""
import numpy as np

from .._dispatch import function
from .creation import _created


poly = function('poly', np.poly, 'poly')
polyadd = function('polyadd', np.polyadd, 'polyadd', arrays=(0, 1))
polysub = function('polysub', np.polysub, 'polysub', arrays=(0, 1))
polymul = function('polymul', np.polymul, 'polymul', arrays=(0, 1))
def _polydiv_jax(u, v):
    from .._dispatch import resolve
    # NumPy trims the remainder's leading zeros (a value-dependent shape: run at once)
    return resolve("polydiv")(u, v, trim_leading_zeros=True)


polydiv = function('polydiv', np.polydiv, _polydiv_jax, arrays=(0, 1))
polyder = function('polyder', np.polyder, 'polyder')
polyint = function('polyint', np.polyint, 'polyint')
polyval = function('polyval', np.polyval, 'polyval', arrays=(0, 1))


def _polyfit_result(args, kwargs):
    """NumPy's result kinds for polyfit, from a well-conditioned fit of the same sizes (the
    usual zero/one stand-ins make its least squares or covariance singular)."""
    from .._dispatch import Probe
    x, y, deg = args[0], args[1], args[2] if len(args) > 2 else kwargs["deg"]
    x_dt = getattr(x, "dtype", None) or np.asarray(x).dtype
    y_dt = getattr(y, "dtype", None) or np.asarray(y).dtype
    y_shape = tuple(np.shape(y))
    xs = np.arange(1.0, np.shape(x)[0] + 1.0).astype(np.result_type(x_dt, 1.0))
    ys = np.broadcast_to((xs ** 2).reshape((-1,) + (1,) * (len(y_shape) - 1)),
                         y_shape).astype(np.result_type(y_dt, 1.0))
    return Probe(np.polyfit(xs, ys, deg, *args[3:], **kwargs))


polyfit = function('polyfit', np.polyfit, 'polyfit', arrays=(0, 1, 5),
                   result=_polyfit_result)
roots = function('roots', np.roots, 'roots')
bartlett = _created('bartlett', np.bartlett)
blackman = _created('blackman', np.blackman)
hamming = _created('hamming', np.hamming)
hanning = _created('hanning', np.hanning)
kaiser = _created('kaiser', np.kaiser)
