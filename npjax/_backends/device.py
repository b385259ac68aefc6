"""The JAX device tier: conversions and the jax.numpy / jax.lax handles, with 64-bit on.

npjax enables JAX's x64 mode process-wide when this module is first imported (the first
time an array reaches the device). It is the documented choice of npjax: NumPy-exact
dtypes need it, and a float64 array handed to JAX outside x64 mode would be truncated.

`jnp` and `lax` here are the only way npjax calls JAX: they are recorders that defer each
call into the lazy tier's graph (`config.lazy`), or run it at once in the eager tier.
"""
import jax
import numpy as np

from .._config import config
from .._stats import count_transfer, count_event
from .. import sharding as _sharding
from . import lazy
from .lazy import Lazy

# before anything starts JAX's backends: a multi-process run joins its group first
_sharding.initialize_distributed()
jax.config.update("jax_enable_x64", True)
lazy._sharding[0] = _sharding

Array = jax.Array
jnp = lazy.Recorder(jax.numpy, "jnp")
lax = lazy.Recorder(jax.lax, "lax")


def _persistent_cache():
    """JAX's on-disk compilation cache, so a second run of a script compiles nothing new."""
    if not config.cache_dir or jax.config.jax_compilation_cache_dir:
        return
    try:
        import os
        os.makedirs(config.cache_dir, exist_ok=True)
    except OSError:
        return  # an unwritable cache location only costs speed
    jax.config.update("jax_compilation_cache_dir", config.cache_dir)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", -1)


def _count_xla(event, **_):
    if event == "/jax/compilation_cache/cache_misses":
        count_event("xla_compiles")
    elif event == "/jax/compilation_cache/cache_hits":
        count_event("xla_persistent_cache_hits")


_persistent_cache()
jax.monitoring.register_event_listener(_count_xla)


def recorded(fn, path):
    """A jitted helper of npjax's own, deferred like any jax.numpy call in lazy mode."""
    return lazy.Recorder(fn, path)


def is_lazy(x):
    return type(x) is Lazy


def concrete(x):
    """A real jax.Array for a buffer that may still be a pending lazy node."""
    return x.materialize("jax_array") if type(x) is Lazy else x


def to_device(host):
    """A jax.Array holding `host` (a NumPy array or scalar), placed on the devices' mesh
    when sharding is active (an uneven split is replicated here: see `place`)."""
    host = np.asarray(host)
    count_transfer("to_device", host.nbytes)
    if _sharding.active():
        return _sharding.place_host(host, allow_pad=False)
    return jax.device_put(host)


def place(host):
    """The device buffer of a new array made from `host`: `to_device`, except that an
    uneven split is stored padded (a lazy node, see npjax.sharding)."""
    if _sharding.active():
        host = np.asarray(host)
        count_transfer("to_device", host.nbytes)
        return _sharding.place_host(host)
    return to_device(host)


def is_traced(x):
    """A value inside a JAX trace (npjax code under jax.jit/grad): it has no concrete value,
    so a result NumPy gives as a scalar stays a 0-d array there."""
    return isinstance(x, jax.core.Tracer)


def to_host(dev, writable=False):
    """A NumPy array with the value of the jax.Array `dev` (a fresh writable copy if asked)."""
    count_transfer("to_host", dev.size * dev.dtype.itemsize)
    out = dev.to_numpy() if type(dev) is Lazy else lazy.host_array(dev)
    if writable and not out.flags.writeable:
        out = out.copy()
    return out
