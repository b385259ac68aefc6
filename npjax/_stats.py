"""Counters behind `npjax.stats()`."""
import collections
import warnings

_calls = collections.Counter()      # (name, tier) -> count; tier in host/device/fallback
_transfers = collections.Counter()  # "to_device"/"to_host" -> count, and bytes
_events = collections.Counter()     # lazy tier: compiles, cache hits, flushes by reason...
_warned = set()
_reasons = {}                       # fallback name -> the reason of its latest fallback


class FallbackError(RuntimeError):
    """Raised instead of falling back to NumPy when `config.fallback == "raise"`."""


class RecompileWarning(RuntimeWarning):
    """The same npjax code keeps compiling for new shapes; it now runs uncompiled."""


class NumPyFallbackWarning(RuntimeWarning):
    """A device array was handed to NumPy because npjax has no JAX path for the call."""


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


def stats(reset=False):
    """Counters: calls per function and tier, fallbacks, host<->device transfers, and the
    lazy tier's compiles, cache hits, compile seconds and flushes by reason."""
    calls = {}
    for (name, tier), n in sorted(_calls.items()):
        calls.setdefault(name, {})[tier] = n
    out = {
        "calls": calls,
        "fallbacks": {name: d["fallback"] for name, d in calls.items() if "fallback" in d},
        "fallback_reasons": dict(_reasons),
        "transfers": dict(_transfers),
        "lazy": dict(_events),
    }
    if reset:
        _calls.clear()
        _transfers.clear()
        _events.clear()
        _warned.clear()
        _reasons.clear()
    return out
