"""`npjax.config.random = "device"`: draws made by jax.random on the device.

Fast and counter-based, but NOT NumPy's streams: the same seed gives different numbers
than NumPy (the default "numpy" mode is bit-identical to NumPy). The distributions covered
here are the common ones; any other sampler keeps running on NumPy's bit generators.
"""
import inspect

import numpy as np

from .._array import ndarray
from .._stats import count_call

_module_key = [None]
_module_seed = [None]


def _jax():
    from .._backends.device import jnp  # noqa: F401  (switches x64 on first)
    import jax
    return jax


def seed_module(seed):
    """Seed the module-level device stream. The key is made on first use, so seeding never
    imports JAX (an import that costs time and may draw from NumPy's global stream)."""
    _module_seed[0] = 0 if seed is None else int(np.asarray(seed).ravel()[0])
    _module_key[0] = None


def _next_key(holder):
    """Split the holder's key (a Generator/RandomState, or the module state)."""
    jax = _jax()
    if holder is None:
        if _module_key[0] is None:
            # unseeded: start from NumPy's global stream, as NumPy's own unseeded state does
            start = _module_seed[0]
            _module_key[0] = jax.random.key(np.random.randint(0, 2 ** 31) if start is None
                                            else start)
        _module_key[0], sub = jax.random.split(_module_key[0])
        return sub
    key = getattr(holder, "_npjax_jax_key", None)
    if key is None:
        # the jax stream starts from one draw of the generator's own NumPy stream
        start = (np.random.Generator.integers(holder, 0, 2 ** 31)
                 if isinstance(holder, np.random.Generator)
                 else np.random.RandomState.randint(holder, 0, 2 ** 31))
        key = jax.random.key(int(start))
    key, sub = jax.random.split(key)
    holder._npjax_jax_key = key
    return sub


def _shape(size):
    if size is None:
        return ()
    return (int(size),) if np.ndim(size) == 0 else tuple(int(s) for s in size)


def _value(x):
    return x._jax() if type(x) is ndarray else np.asarray(x)


def _uniform(k, low=0.0, high=1.0, size=None):
    jax = _jax()
    low, high = _value(low), _value(high)
    shape = _shape(size) if size is not None else np.broadcast_shapes(np.shape(low),
                                                                      np.shape(high))
    return low + (high - low) * jax.random.uniform(k, shape, dtype=np.float64)


def _normal(k, loc=0.0, scale=1.0, size=None):
    jax = _jax()
    loc, scale = _value(loc), _value(scale)
    shape = _shape(size) if size is not None else np.broadcast_shapes(np.shape(loc),
                                                                      np.shape(scale))
    return loc + scale * jax.random.normal(k, shape, dtype=np.float64)


def _exponential(k, scale=1.0, size=None):
    jax = _jax()
    scale = _value(scale)
    shape = _shape(size) if size is not None else np.shape(scale)
    return scale * jax.random.exponential(k, shape, dtype=np.float64)


def _integers(k, low, high=None, size=None, dtype=np.int64, endpoint=False):
    jax = _jax()
    if high is None:
        low, high = 0, low
    if endpoint:
        high = high + 1
    if np.any(np.asarray(low) >= np.asarray(high)):
        raise ValueError("low >= high" if not endpoint else "low > high")
    dtype = np.dtype(dtype)
    return jax.random.randint(k, _shape(size), low, high, dtype=dtype)


def _permutation(k, x):
    jax = _jax()
    if np.ndim(x) == 0 and not isinstance(x, ndarray):
        return jax.random.permutation(k, int(x))
    return jax.random.permutation(k, _value(x), axis=0)


# name -> (implementation, how NumPy's arguments map onto it)
_SAMPLERS = {
    "random": lambda k, size=None, dtype=np.float64, out=None:
        _uniform(k, size=size).astype(dtype),
    "random_sample": lambda k, size=None: _uniform(k, size=size),
    "ranf": lambda k, size=None: _uniform(k, size=size),
    "sample": lambda k, size=None: _uniform(k, size=size),
    "rand": lambda k, *dims: _uniform(k, size=dims or None),
    "randn": lambda k, *dims: _normal(k, size=dims or None),
    "standard_normal": lambda k, size=None, dtype=np.float64, out=None:
        _normal(k, size=size).astype(dtype),
    "uniform": _uniform,
    "normal": _normal,
    "exponential": _exponential,
    "integers": _integers,
    "randint": lambda k, low, high=None, size=None, dtype=int:
        _integers(k, low, high, size, dtype),
    "permutation": _permutation,
}


def covers(name, kwargs):
    return name in _SAMPLERS and kwargs.get("out") is None


def draw(holder, name, args, kwargs):
    """One draw on the device; 0-d results come back as NumPy scalars, as NumPy's do."""
    sig_fn = _SAMPLERS[name]
    inspect.signature(sig_fn).bind(None, *args, **kwargs)  # TypeError for bad arguments
    count_call(f"random.{name}", "device")
    res = sig_fn(_next_key(holder), *args, **kwargs)
    if res.ndim == 0 and name not in ("permutation",):
        from .._backends.device import to_host
        # NumPy returns a Python float/int or a NumPy scalar depending on the sampler:
        # ask a throwaway NumPy generator of the same kind which
        probe = (np.random.Generator(np.random.PCG64(0))
                 if isinstance(holder, np.random.Generator) else np.random.RandomState(0))
        probe_name = {"ranf": "random_sample", "sample": "random_sample"}.get(name, name)
        kind = type(getattr(probe, probe_name)(*_host_args(args), **_host_args(kwargs)))
        return kind(to_host(res)[()])
    return ndarray._new(res)


def _host_args(values):
    if isinstance(values, dict):
        return {k: (v._host() if type(v) is ndarray else v) for k, v in values.items()}
    return [v._host() if type(v) is ndarray else v for v in values]
