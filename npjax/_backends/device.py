"""The JAX device tier: conversions and the jax.numpy handle, with 64-bit switched on.

npjax enables JAX's x64 mode process-wide when this module is first imported (the first
time an array reaches the device). It is the documented choice of npjax: NumPy-exact
dtypes need it, and a float64 array handed to JAX outside x64 mode would be truncated.
"""
import jax
import jax.numpy as jnp
import numpy as np

from .._stats import count_transfer

jax.config.update("jax_enable_x64", True)

Array = jax.Array


def to_device(host):
    """A jax.Array holding `host` (a NumPy array or scalar)."""
    host = np.asarray(host)
    count_transfer("to_device", host.nbytes)
    return jnp.asarray(host)


def is_traced(x):
    """A value inside a JAX trace (npjax code under jax.jit/grad): it has no concrete value,
    so a result NumPy gives as a scalar stays a 0-d array there."""
    return isinstance(x, jax.core.Tracer)


def to_host(dev, writable=False):
    """A NumPy array with the value of the jax.Array `dev` (a fresh writable copy if asked)."""
    count_transfer("to_host", dev.size * dev.dtype.itemsize)
    out = np.asarray(dev)
    if writable and not out.flags.writeable:
        out = out.copy()
    return out
