"""Counters behind `npjax.stats()`."""
import collections
import sys
import warnings

_calls = collections.Counter()      # (name, tier) -> count; tier in host/device/fallback
_transfers = collections.Counter()  # "to_device"/"to_host" -> count, and bytes
_events = collections.Counter()     # lazy tier: compiles, cache hits, flushes by reason...
_warned = set()
_reasons = {}                       # fallback name -> the reason of its latest fallback
_transforms = {}                    # "jit(f)", "grad(f)", "vectorize(f)" -> Counter
_transform_reasons = {}             # the same names -> why they ran uncompiled or on NumPy


class FallbackError(RuntimeError):
    """Raised instead of falling back to NumPy when `config.fallback == "raise"`."""


class RecompileWarning(RuntimeWarning):
    """The same npjax code keeps compiling for new shapes; it now runs uncompiled."""


class NumPyFallbackWarning(RuntimeWarning):
    """A device array was handed to NumPy because npjax has no JAX path for the call."""


class UntraceableError(FallbackError):
    """A call npjax can only run on NumPy met traced values (npjax code under npjax.jit,
    grad, vectorize or a JAX transformation): there are no values to hand to NumPy."""


def _tracing():
    """A JAX transformation is tracing (only then can a fallback see traced values)."""
    lazy = sys.modules.get("npjax._backends.lazy")
    return lazy is not None and not lazy._not_tracing()


def count_call(name, tier):
    _calls[(name, tier)] += 1


def count_event(name, amount=1):
    _events[name] += amount


def count_transfer(direction, nbytes):
    _transfers[direction] += 1
    _transfers[direction + "_bytes"] += int(nbytes)


def record_fallback(name, reason):
    """Count a fallback and apply `config.fallback` (warn once per name, or raise)."""
    from ._config import config
    if _tracing():
        # NumPy would get a tracer: say why, before anything is counted, warned or moved
        raise UntraceableError(f"npjax.{name} cannot run inside a JAX transformation: it "
                               f"runs on NumPy ({reason})")
    # counted only once it is sure to run: a raised FallbackError (or a warning turned into
    # an error) stops the call before NumPy sees it
    if config.fallback == "raise":
        raise FallbackError(
            f"npjax.{name}: a device array reached a call npjax cannot run on JAX "
            f"({reason}) and npjax.config.fallback == 'raise'")
    if config.fallback == "warn" and name not in _warned:
        _warned.add(name)
        warnings.warn(f"npjax.{name} ran on NumPy with host copies ({reason}); "
                      f"set npjax.config.fallback='silent' to hide this warning",
                      NumPyFallbackWarning, stacklevel=4)
    _calls[(name, "fallback")] += 1
    _reasons[name] = reason


def count_transform(name, what, amount=1):
    """Count an event of a transformed function (calls, compiles, compile_seconds, eager)."""
    counter = _transforms.get(name)
    if counter is None:
        counter = _transforms[name] = collections.Counter()
    counter[what] += amount


def record_transform_reason(name, reason):
    _transform_reasons[name] = reason


def random_draws():
    """How many npjax.random draws have run (a traced function must not draw)."""
    return sum(n for (name, _), n in _calls.items() if name.startswith("random."))


def _sharding_stats():
    """Mode, devices, mesh and placements made (split, padded, replicated)."""
    from .sharding import info
    out = info()
    out.update({k[9:]: v for k, v in _events.items() if k.startswith("sharding_")})
    return out


def stats(reset=False):
    """Counters: calls per function and tier, fallbacks and their reasons, host<->device
    transfers, the lazy tier's compiles, cache hits, compile seconds and flushes by reason
    ("lazy"), and per transformed function (npjax.jit, grad, vectorize) its calls,
    compiles, compile seconds and uncompiled runs with the reason ("transforms"), and the
    sharding mode, devices, mesh and placements of arrays over devices ("sharding")."""
    calls = {}
    for (name, tier), n in sorted(_calls.items()):
        calls.setdefault(name, {})[tier] = n
    out = {
        "calls": calls,
        "fallbacks": {name: d["fallback"] for name, d in calls.items() if "fallback" in d},
        "fallback_reasons": dict(_reasons),
        "transfers": dict(_transfers),
        "lazy": {k: v for k, v in _events.items() if not k.startswith("sharding_")},
        "transforms": {name: dict(c) for name, c in sorted(_transforms.items())},
        "transform_reasons": dict(_transform_reasons),
        "sharding": _sharding_stats(),
    }
    if reset:
        _calls.clear()
        _transfers.clear()
        _events.clear()
        _warned.clear()
        _reasons.clear()
        _transforms.clear()
        _transform_reasons.clear()
    return out
