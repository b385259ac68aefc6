"""NumPy's protocols: NumPy functions and ufuncs called on npjax arrays come back to npjax."""
import numpy as np

from ._array import ndarray
from ._dispatch import call_fallback, call_host, _has_device, _host_copies, _migrate_to_host
from ._stats import count_call
from ._ufunc import DEVICE_UFUNCS

_UFUNC_METHODS = {"__call__", "reduce", "accumulate", "outer", "reduceat", "at"}
# NumPy functions that write into their first argument
_WRITES_FIRST = {np.copyto, np.place, np.put, np.putmask, np.put_along_axis, np.fill_diagonal}


def _npjax_for(func):
    """The npjax counterpart of a NumPy callable, or None."""
    import npjax
    mod = getattr(func, "__module__", "") or ""
    name = getattr(func, "__name__", None)
    if name is None:
        return None
    namespace = npjax
    for sub in ("linalg", "fft", "random"):
        if mod.startswith(f"numpy.{sub}") or mod.startswith(f"numpy.{sub[:3]}"):
            namespace = getattr(npjax, sub, None)
            break
    target = getattr(namespace, name, None) if namespace is not None else None
    if target is func:  # NumPy's own object re-exported: calling it would dispatch here again
        return None
    if target is None or getattr(target, "__wrapped__", None) is func:
        return target
    if getattr(target, "_np", None) is func:  # ufunc
        return target
    return target if getattr(target, "__wrapped__", None) in (func, None) else None


def _not_provided(name, fn, args, kwargs):
    """NumPy runs a call npjax has no counterpart for: plain host tier for host arrays, a
    recorded fallback when an array lives on the device."""
    if not _has_device(args, kwargs):
        return call_host(name, fn, args, kwargs)
    return call_fallback(name, fn, args, kwargs, "not provided by npjax")


def _numpy_out(kwargs):
    out = kwargs.get("out") if kwargs else None
    return any(type(o) is np.ndarray for o in (out if type(out) is tuple else (out,)))


def _into_numpy_out(name, fn, args, kwargs):
    """`out=` is a NumPy array (`numpy_array += npjax_array`): NumPy writes it in place and
    returns it, from host values of the inputs (copied from the device by choice)."""
    out = kwargs.get("out", ())
    count_call(name, "host_by_choice" if _has_device(args, kwargs) else "host")
    _migrate_to_host(out if type(out) is tuple else (out,))  # an npjax out beside it
    back = {id(o._value()): o for o in (out if type(out) is tuple else (out,))
            if type(o) is ndarray}
    res = fn(*_host_copies(args), **dict(zip(kwargs, _host_copies(kwargs.values()))))
    if type(res) is tuple:
        return tuple(back.get(id(r), r) for r in res)
    return back.get(id(res), res)


def array_ufunc(ufunc, method, inputs, kwargs):
    import npjax
    if _numpy_out(kwargs) or (method == "at" and type(inputs[0]) is np.ndarray):
        return _into_numpy_out(f"{ufunc.__name__}.{method}", getattr(ufunc, method), inputs,
                               kwargs)
    mine = DEVICE_UFUNCS.get(ufunc)
    # only npjax's own implementation of this very ufunc (SciPy has ufuncs named like NumPy's)
    if mine is None or method not in _UFUNC_METHODS:
        return _not_provided(f"{ufunc.__name__}.{method}", getattr(ufunc, method), inputs,
                             kwargs)
    fn = mine if method == "__call__" else getattr(mine, method)
    return fn(*inputs, **kwargs)


def array_function(func, types, args, kwargs):
    if _numpy_out(kwargs) or (func in _WRITES_FIRST and args and type(args[0]) is np.ndarray):
        return _into_numpy_out(getattr(func, "__name__", "function"), func, args, kwargs)
    target = _npjax_for(func)
    if target is None:
        name = f"{getattr(func, '__module__', 'numpy')}.{getattr(func, '__name__', func)}"
        return _not_provided(name, func, args, kwargs)
    return target(*args, **kwargs)


# ---- JAX: npjax arrays are pytree nodes, so jax.jit/grad/tree_util see through them ----
def _flatten(x):
    from ._backends.device import concrete
    return (concrete(x._jax()),), None


def _unflatten(_aux, children):
    from ._array import ndarray
    return ndarray._new(children[0])


def _register_pytree(jax):
    from ._array import ndarray
    jax.tree_util.register_pytree_node(ndarray, _flatten, _unflatten)


def install_jax_hooks():
    """Register the pytree node when JAX is imported (at once if it already is), so the
    order in which jax and npjax are imported does not matter and npjax never imports it."""
    import wrapt
    wrapt.register_post_import_hook(_register_pytree, "jax")
