"""npjax.testing: numpy.testing's assertion helpers, accepting npjax arrays.

The helpers are NumPy's own; npjax arrays are handed to them as NumPy values (host copies
for device arrays), so a comparison never changes where an array lives.
"""
import functools as _functools
import types as _types

import numpy.testing as _npt

from .._dispatch import host_value as _host


def _accepting_npjax(fn):
    @_functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*[_host(a) for a in args], **{k: _host(v) for k, v in kwargs.items()})
    wrapper._npjax_impl = "native"
    return wrapper


# context managers and decorators (assert_raises, assert_warns, suppress_warnings, ...) take
# no arrays and are NumPy's own objects
_PASS_THROUGH = {"assert_raises", "assert_raises_regex", "assert_warns", "assert_no_warnings",
                 "assert_no_gc_cycles", "suppress_warnings", "clear_and_catch_warnings",
                 "tempdir", "temppath", "decorate_methods", "break_cycles", "measure",
                 "rundocs", "runstring", "run_threaded", "jiffies", "memusage",
                 "check_support_sve", "test"}

for _name in dir(_npt):
    if _name.startswith("_"):
        continue
    _obj = getattr(_npt, _name)
    if (isinstance(_obj, _types.FunctionType) and _name not in _PASS_THROUGH
            and (_name.startswith("assert") or _name in ("print_assert_equal",
                                                        "build_err_msg"))):
        globals()[_name] = _accepting_npjax(_obj)
    else:
        globals()[_name] = _obj


def checkpoint(name, value):
    """Mark a value for `python -m npjax compare` (A/B parity); returns `value` unchanged.

    Outside a compare run this only records the value's host copy in
    `npjax.testing.checkpoints`."""
    checkpoints[name] = _host(value)
    return value


checkpoints = {}
