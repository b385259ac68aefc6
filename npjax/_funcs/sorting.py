"""Sorting, searching and counting."""
import numpy as np

from .._dispatch import function, to_jax




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
def _arg_extreme(jnp_name, extreme, fill):
    """argmax/argmin; complex input in NumPy's lexicographic order (real part, then
    imaginary), which jax.numpy rejects."""
    def run(a, axis=None, out=None, *, keepdims=False):
        from .._dispatch import resolve
        if np.dtype(a.dtype).kind != "c":
            return resolve(jnp_name)(a, axis=axis, keepdims=keepdims)
        x, ax = (a.ravel(), 0) if axis is None else (a, axis)
        best_real = resolve(extreme)(x.real, axis=ax, keepdims=True)
        imag = resolve("where")(x.real == best_real, x.imag, fill)
        res = resolve(jnp_name)(imag, axis=ax, keepdims=keepdims and axis is not None)
        return res.reshape((1,) * a.ndim) if keepdims and axis is None else res
    return run


argmax = function('argmax', np.argmax, _arg_extreme("argmax", "max", -np.inf))
argmin = function('argmin', np.argmin, _arg_extreme("argmin", "min", np.inf))
def _real_only(args, kwargs):
    """jax.numpy's nanargmin/nanargmax compare complex values with `lt`/`gt`, which XLA
    rejects when the graph compiles: complex input runs on NumPy."""
    a = args[0] if args else kwargs.get("a")
    dtype = getattr(a, "dtype", None)
    if np.dtype(dtype if dtype is not None else np.asarray(a).dtype).kind == "c":
        return "complex input (JAX compares complex values only for equality)"
    return None


def _no_all_nan_slice(args, kwargs):
    """NumPy raises for a slice of NaNs only (jax.numpy answers -1): a value check, read
    from the device before the call."""
    a = args[0] if args else kwargs["a"]
    if np.dtype(a.dtype).kind == "f":
        from .._backends.device import jnp
        axis = args[1] if len(args) > 1 else kwargs.get("axis")
        if bool(jnp.any(jnp.all(jnp.isnan(to_jax(a)), axis=axis))):
            raise ValueError("All-NaN slice encountered")
    return args, kwargs


nanargmax = function('nanargmax', np.nanargmax, 'nanargmax', supports=_real_only,
                     prepare=_no_all_nan_slice)
nanargmin = function('nanargmin', np.nanargmin, 'nanargmin', supports=_real_only,
                     prepare=_no_all_nan_slice)
sort_complex = function('sort_complex', np.sort_complex, 'sort_complex')
nonzero = function('nonzero', np.nonzero, 'nonzero')
flatnonzero = function('flatnonzero', np.flatnonzero, 'flatnonzero')
argwhere = function('argwhere', np.argwhere, 'argwhere')
where = function('where', np.where, 'where', arrays=(0, 1, 2))
extract = function('extract', np.extract, 'extract', arrays=(0, 1))
