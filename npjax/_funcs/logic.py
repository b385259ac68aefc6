"""Logic functions: truth tests, comparison and type tests."""
import numpy as np

from .._dispatch import function


allclose = function('allclose', np.allclose, 'allclose', arrays=(0, 1))
isclose = function('isclose', np.isclose, 'isclose', arrays=(0, 1))
array_equal = function('array_equal', np.array_equal, 'array_equal', arrays=(0, 1))
array_equiv = function('array_equiv', np.array_equiv, None)
iscomplex = function('iscomplex', np.iscomplex, 'iscomplex')
isreal = function('isreal', np.isreal, 'isreal')
isneginf = function('isneginf', np.isneginf, 'isneginf')
isposinf = function('isposinf', np.isposinf, 'isposinf')
