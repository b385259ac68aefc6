"""npjax.lib.stride_tricks: sliding_window_view and the broadcast helpers.

On the device a sliding window cannot alias memory: it is a gather whose positions NumPy
computes on an index grid (so shapes, axis handling and errors are NumPy's). The result is
read-only, as NumPy's view is.
"""
import numpy as _np

from .._array import ndarray as _ndarray
from .._dispatch import function as _function, call_host as _call_host
from .._funcs.manipulation import broadcast_to, broadcast_arrays  # noqa: F401
from .._stats import count_call as _count_call


def sliding_window_view(x, window_shape, axis=None, *, subok=False, writeable=False):
    kw = {"axis": axis, "subok": subok, "writeable": writeable}
    if type(x) is not _ndarray or x._on_host:
        return _call_host("lib.stride_tricks.sliding_window_view",
                          _np.lib.stride_tricks.sliding_window_view, (x, window_shape), kw)
    if writeable:
        raise ValueError("writeable=True is not supported for npjax device arrays: a window "
                         "view cannot alias device memory")
    grid = _np.arange(x.size, dtype=_np.int64).reshape(x.shape)
    positions = _np.lib.stride_tricks.sliding_window_view(grid, window_shape, axis=axis)
    _count_call("lib.stride_tricks.sliding_window_view", "device")
    flat = x._jax().ravel()
    res = _ndarray._new(flat[positions] if positions.size else
                        flat[:0].reshape(positions.shape), readonly=True)
    return res


sliding_window_view.__module__ = "npjax.lib.stride_tricks"
sliding_window_view.__wrapped__ = _np.lib.stride_tricks.sliding_window_view
sliding_window_view._npjax_impl = "native"

as_strided = _function("lib.stride_tricks.as_strided", _np.lib.stride_tricks.as_strided, None)
