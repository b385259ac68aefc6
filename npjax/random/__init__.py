"""npjax.random: NumPy's random API with NumPy's own bit-identical streams.

Draws are made by NumPy's bit generators on the host (the same seed gives exactly NumPy's
numbers, which A/B parity depends on) and large results are then placed on the device like
any new array. Arguments may be npjax arrays; `shuffle` works in place on npjax arrays.
"""
import numpy as _np

from .._array import ndarray as _ndarray
from .._dispatch import exported as _exported, host_value as _host_arg
from .._funcs.creation import _place
from .._stats import count_call as _count_call

from numpy.random import (  # noqa: F401  NumPy's own classes and state functions
    BitGenerator, MT19937, PCG64, PCG64DXSM, Philox, SFC64, SeedSequence,
    get_state, set_state, get_bit_generator, set_bit_generator, bit_generator, mtrand,
)

from . import _device


def seed(seed=None):
    """numpy.random.seed; in `config.random = "device"` mode it also seeds the jax.random
    stream of the module-level functions."""
    _np.random.seed(seed)
    _device.seed_module(seed)


def _result(res):
    if type(res) is _np.ndarray:
        return _place(res)
    if isinstance(res, tuple):
        return tuple(_result(r) for r in res)
    return res


def _draw(name, fn, args, kwargs):
    """Run NumPy's sampler on host arguments; honour `out=` on an npjax array."""
    out = kwargs.get("out")
    _count_call(f"random.{name}", "host")
    if type(out) is _ndarray:
        host_out = _np.empty(out.shape, out.dtype)
        kwargs = dict(kwargs, out=host_out)
        fn(*[_host_arg(a) for a in args], **{k: _host_arg(v) for k, v in kwargs.items()})
        out[...] = host_out
        return out
    return _result(fn(*[_host_arg(a) for a in args],
                      **{k: _host_arg(v) for k, v in kwargs.items()}))


def _shuffle_in_place(shuffle, x, axis=0):
    """Shuffle an npjax array along `axis` consuming exactly NumPy's random draws: the
    permutation NumPy applies does not depend on the values, so shuffle the positions."""
    if type(x) is not _ndarray:
        return shuffle(x) if axis == 0 else shuffle(x, axis=axis)
    x._check_writeable()
    if x._on_host:
        buf = x._value()
        return shuffle(buf) if axis == 0 else shuffle(buf, axis=axis)
    if x.ndim == 0:
        shuffle(_np.zeros(()))  # NumPy's own error for 0-d input
    axis = _np.lib.array_utils.normalize_axis_index(axis, x.ndim)
    order = _np.arange(x.shape[axis])
    shuffle(order)
    key = (slice(None),) * axis + (order,)
    x[...] = x[key]
    return None


_SAMPLERS = [n for n in dir(_np.random.RandomState)
             if not n.startswith("_") and n not in ("seed", "get_state", "set_state",
                                                   "shuffle")]


def _device_mode(name, kwargs):
    from .._config import config
    return config.random == "device" and _device.covers(name, kwargs)


def _sampler(name):
    def method(self, *args, **kwargs):
        if _device_mode(name, kwargs):
            return _device.draw(self, name, args, kwargs)
        return _draw(name, getattr(super(type(self), self), name), args, kwargs)
    method.__name__ = name
    method.__doc__ = f"NumPy's {name} (see `numpy.random.RandomState.{name}`); npjax result."
    return method


class RandomState(_np.random.RandomState):
    """numpy.random.RandomState whose results are npjax arrays (same streams)."""

    def shuffle(self, x):
        return _shuffle_in_place(super().shuffle, x)


for _name in _SAMPLERS:
    if callable(getattr(_np.random.RandomState, _name)):
        setattr(RandomState, _name, _sampler(_name))


class Generator(_np.random.Generator):
    """numpy.random.Generator whose results are npjax arrays (same streams)."""

    def shuffle(self, x, axis=0):
        return _shuffle_in_place(super().shuffle, x, axis)

    def permuted(self, x, *, axis=None, out=None):
        if type(x) is not _ndarray and type(out) is not _ndarray:
            return _result(super().permuted(x, axis=axis, out=out))
        res = super().permuted(_host_arg(x), axis=axis)
        if out is None:
            return _place(res)
        out[...] = res
        return out

    def spawn(self, n_children):
        return [Generator(bg) for bg in self.bit_generator.spawn(n_children)]


for _name in dir(_np.random.Generator):
    if _name.startswith("_") or _name in ("shuffle", "permuted", "spawn", "bit_generator"):
        continue
    if callable(getattr(_np.random.Generator, _name)):
        setattr(Generator, _name, _sampler(_name))


def default_rng(seed=None):
    """numpy.random.default_rng, returning npjax's Generator (same stream as NumPy's)."""
    if isinstance(seed, Generator):
        return seed
    if isinstance(seed, _np.random.Generator):
        return Generator(seed.bit_generator)
    return Generator(_np.random.default_rng(_host_arg(seed)).bit_generator)


def _module_sampler(name):
    def fn(*args, **kwargs):
        if _device_mode(name, kwargs):
            return _device.draw(None, name, args, kwargs)
        return _draw(name, getattr(_np.random, name), args, kwargs)
    return _exported(fn, name, getattr(_np.random, name), module="npjax.random",
                     doc=f"NumPy's numpy.random.{name} on the global RandomState; npjax "
                         f"result.")


def shuffle(x):
    """numpy.random.shuffle on the global RandomState, in place on npjax arrays."""
    return _shuffle_in_place(_np.random.shuffle, x)


for _name in _SAMPLERS:
    if hasattr(_np.random, _name) and callable(getattr(_np.random, _name)):
        globals()[_name] = _module_sampler(_name)

ranf = _module_sampler("ranf")
sample = _module_sampler("sample")
test = _np.random.test
