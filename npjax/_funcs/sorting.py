"""Sorting, searching and counting."""
import numpy as np

from .._dispatch import function




def _sorter(jnp_name):
    def run(a, axis=-1, kind=None, order=None, stable=None):
        # JAX's sort is always stable: every NumPy `kind` is honoured by it
        from .._dispatch import resolve
        return resolve(jnp_name)(a, axis=axis)
    run.__name__ = jnp_name
    return run


sort = function('sort', np.sort, _sorter('sort'), unsupported=("order",))
argsort = function('argsort', np.argsort, _sorter('argsort'), unsupported=("order",))
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
