"""Set routines."""
import numpy as np

from .._dispatch import function


unique = function('unique', np.unique, 'unique')
unique_all = function('unique_all', np.unique_all, 'unique_all')
unique_counts = function('unique_counts', np.unique_counts, 'unique_counts')
unique_inverse = function('unique_inverse', np.unique_inverse, 'unique_inverse')
unique_values = function('unique_values', np.unique_values, 'unique_values')
intersect1d = function('intersect1d', np.intersect1d, 'intersect1d', arrays=(0, 1))
union1d = function('union1d', np.union1d, 'union1d', arrays=(0, 1))
setdiff1d = function('setdiff1d', np.setdiff1d, 'setdiff1d', arrays=(0, 1))
setxor1d = function('setxor1d', np.setxor1d, 'setxor1d', arrays=(0, 1))
isin = function('isin', np.isin, 'isin', arrays=(0, 1), unsupported=("kind",))
