"""Logic functions: truth tests, comparison and type tests."""
import numpy as np

from .._dispatch import function


allclose = function('allclose', np.allclose, 'allclose', arrays=(0, 1))
isclose = function('isclose', np.isclose, 'isclose', arrays=(0, 1))
array_equal = function('array_equal', np.array_equal, 'array_equal', arrays=(0, 1))


def _array_equiv(a1, a2):
    from .._dispatch import resolve
    # NumPy answers False (jax.numpy raises) when the shapes do not broadcast
    if not all(m == n or m == 1 or n == 1 for m, n in zip(a1.shape[::-1], a2.shape[::-1])):
        return False
    return resolve("array_equiv")(a1, a2)


array_equiv = function('array_equiv', np.array_equiv, _array_equiv, arrays=(0, 1))
iscomplex = function('iscomplex', np.iscomplex, 'iscomplex')
isreal = function('isreal', np.isreal, 'isreal')
isneginf = function('isneginf', np.isneginf, 'isneginf')
isposinf = function('isposinf', np.isposinf, 'isposinf')
