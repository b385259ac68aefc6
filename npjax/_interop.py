"""NumPy's protocols: NumPy functions and ufuncs called on npjax arrays come back to npjax."""
import numpy as np

from ._dispatch import call_fallback

_UFUNC_METHODS = {"__call__", "reduce", "accumulate", "outer", "reduceat", "at"}


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
    if target is None or getattr(target, "__wrapped__", None) is func or target is func:
        return target
    if getattr(target, "_np", None) is func:  # ufunc
        return target
    return target if getattr(target, "__wrapped__", None) in (func, None) else None


def array_ufunc(ufunc, method, inputs, kwargs):
    import npjax
    mine = getattr(npjax, ufunc.__name__, None)
    if mine is None or method not in _UFUNC_METHODS:
        return call_fallback(f"{ufunc.__name__}.{method}", getattr(ufunc, method), inputs,
                             kwargs, "not provided by npjax")
    fn = mine if method == "__call__" else getattr(mine, method)
    return fn(*inputs, **kwargs)


def array_function(func, types, args, kwargs):
    target = _npjax_for(func)
    if target is None:
        name = f"{getattr(func, '__module__', 'numpy')}.{getattr(func, '__name__', func)}"
        return call_fallback(name, func, args, kwargs, "not provided by npjax")
    return target(*args, **kwargs)
