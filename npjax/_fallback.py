"""Names NumPy has that npjax does not implement itself.

A callable is wrapped so that it runs on NumPy: host arrays are passed as they are (that
is the host tier), device arrays move to the host first and the call is recorded as a
fallback (`npjax.stats()`, warned once per name, `config.fallback`). Submodules are served
the same way, name by name.
"""
import types

import numpy as np

from ._dispatch import function

_made = {}


def numpy_public_names():
    return [n for n in dir(np) if not n.startswith("_")]


def _wrap_callable(qualname, obj):
    if isinstance(obj, type) or isinstance(obj, np.ufunc):
        return obj
    return function(qualname, obj, None)


class FallbackModule(types.ModuleType):
    """`npjax.<sub>` for a NumPy submodule npjax does not implement natively yet."""

    def __init__(self, name, np_module):
        super().__init__(f"npjax.{name}")
        self._np_module = np_module
        self._name = name
        self.__doc__ = f"NumPy's {np_module.__name__} served on the host (recorded fallback)."

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        obj = getattr(self._np_module, attr)
        if isinstance(obj, types.ModuleType) and obj.__name__.startswith("numpy."):
            value = FallbackModule(f"{self._name}.{attr}", obj)
        elif callable(obj):
            value = _wrap_callable(f"{self._name}.{attr}", obj)
        else:
            value = obj
        setattr(self, attr, value)
        return value

    def __dir__(self):
        return [n for n in dir(self._np_module) if not n.startswith("_")]


# submodules npjax implements itself; imported on first access (import npjax stays cheap)
NATIVE_SUBMODULES = ("random", "fft", "linalg", "testing", "lib", "scipy")


def module_getattr(name):
    import importlib
    import npjax
    if name in NATIVE_SUBMODULES:
        return importlib.import_module(f"npjax.{name}")
    if name in _made:
        return _made[name]
    if name.startswith("__") or not hasattr(np, name):
        raise AttributeError(f"module 'npjax' has no attribute {name!r}")
    obj = getattr(np, name)
    if isinstance(obj, types.ModuleType):
        value = FallbackModule(name, obj)
    elif callable(obj) and not isinstance(obj, type):
        value = _wrap_callable(name, obj)
    else:
        value = obj
    _made[name] = value
    setattr(npjax, name, value)
    return value


def serve_rest(np_module, namespace):
    """`__getattr__` for a native npjax submodule: names it does not define are NumPy's —
    modules (numpy.linalg.lapack_lite) and types as they are, callables as recorded
    fallbacks."""
    def __getattr__(attr):
        if attr.startswith("__"):
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {attr!r}")
        try:
            obj = getattr(np_module, attr)
        except AttributeError:
            import importlib
            try:   # a submodule NumPy imports only on request
                obj = importlib.import_module(f"{np_module.__name__}.{attr}")
            except ImportError:
                raise AttributeError(f"module {namespace['__name__']!r} has no attribute "
                                     f"{attr!r}") from None
        short = np_module.__name__.replace("numpy.", "", 1)
        value = obj if isinstance(obj, (types.ModuleType, type)) or not callable(obj) \
            else _wrap_callable(f"{short}.{attr}", obj)
        namespace[attr] = value
        return value
    return __getattr__
