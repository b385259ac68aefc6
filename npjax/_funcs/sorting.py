"""Sorting, searching and counting."""
import numpy as np

from .._dispatch import function


sort = function('sort', np.sort, 'sort', unsupported=("order",))
argsort = function('argsort', np.argsort, 'argsort', unsupported=("order",))
lexsort = function('lexsort', np.lexsort, 'lexsort', arrays=(0,))
partition = function('partition', np.partition, 'partition', unsupported=("order", "kind"))
argpartition = function('argpartition', np.argpartition, 'argpartition', unsupported=("order", "kind"))
searchsorted = function('searchsorted', np.searchsorted, 'searchsorted', arrays=(0, 1))
argmax = function('argmax', np.argmax, 'argmax')
argmin = function('argmin', np.argmin, 'argmin')
nanargmax = function('nanargmax', np.nanargmax, 'nanargmax')
nanargmin = function('nanargmin', np.nanargmin, 'nanargmin')
sort_complex = function('sort_complex', np.sort_complex, 'sort_complex')
nonzero = function('nonzero', np.nonzero, 'nonzero')
flatnonzero = function('flatnonzero', np.flatnonzero, 'flatnonzero')
argwhere = function('argwhere', np.argwhere, 'argwhere')
where = function('where', np.where, 'where', arrays=(0, 1, 2))
extract = function('extract', np.extract, 'extract', arrays=(0, 1))
