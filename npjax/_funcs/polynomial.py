"""Polynomials (numpy.polynomial's legacy top-level functions) and window functions."""
import numpy as np

from .._dispatch import function


poly = function('poly', np.poly, 'poly')
polyadd = function('polyadd', np.polyadd, 'polyadd', arrays=(0, 1))
polysub = function('polysub', np.polysub, 'polysub', arrays=(0, 1))
polymul = function('polymul', np.polymul, 'polymul', arrays=(0, 1))
polydiv = function('polydiv', np.polydiv, None)
polyder = function('polyder', np.polyder, 'polyder')
polyint = function('polyint', np.polyint, 'polyint')
polyval = function('polyval', np.polyval, 'polyval', arrays=(0, 1))
polyfit = function('polyfit', np.polyfit, None)
roots = function('roots', np.roots, None)
bartlett = function('bartlett', np.bartlett, None)
blackman = function('blackman', np.blackman, None)
hamming = function('hamming', np.hamming, None)
hanning = function('hanning', np.hanning, None)
kaiser = function('kaiser', np.kaiser, None)
