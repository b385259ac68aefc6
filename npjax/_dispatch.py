"""The one call path: normalise arguments -> pick the tier -> run -> align dtype -> wrap.

Host tier: the call runs on real NumPy with the arrays' own host buffers, so values,
dtypes, errors, views and `out=` writes are NumPy's by construction.

Device tier (any argument lives on a JAX device): the JAX implementation runs, and NumPy
decides the result: ufunc loop dtypes come from `ufunc.resolve_dtypes`; other functions are
"probed" once per (function, shapes, dtypes, static arguments) by calling NumPy on
zero-strided stand-ins, which also raises NumPy's own exception for a bad call.

A device call the JAX side does not declare support for (no implementation, or an
unsupported keyword) is a fallback: the arrays move to the host tier, the call runs on
NumPy, and the fallback is counted and warned once.
"""
import functools
import warnings
import inspect
import sys

import numpy as np

from ._array import ndarray, _owner, _LAZY, _index_cache
from ._dtypes import apply_policy, policy_dtype, on_jax
from ._stats import count_call, record_fallback
from ._views import zero_strided

_caches = []


def register_cache(cache):
    """Every cache joins the list cleared by `npjax.clear_caches()`."""
    _caches.append(cache)
    return cache


def clear_caches():
    """Empty every npjax cache (dtype probes, ufunc loops, lazy-tier graphs and shapes)."""
    for cache in _caches:
        cache.clear()


def sync():
    """Compute every pending lazy result now and wait for it."""
    lazy = sys.modules.get("npjax._backends.lazy")
    if lazy is not None:
        roots = [ref() for ref in list(lazy._pending_roots.values())]
        lazy.flush([], "sync")
        for root in roots:
            buf = root._buf if root is not None else None
            if hasattr(buf, "block_until_ready"):
                buf.block_until_ready()


def _device_mod():
    from ._backends import device
    return device


def is_device_buffer(x):
    """A jax.Array (or tracer, or pending lazy node) given directly or inside an npjax
    array."""
    jax = sys.modules.get("jax")
    return jax is not None and (isinstance(x, jax.Array) or type(x) is _LAZY[0])


def _has_device(args, kwargs):
    for a in args:
        if type(a) is ndarray:
            if not a._on_host:
                return True
        elif type(a) in (list, tuple):
            for b in a:
                if type(b) is ndarray and not b._on_host:
                    return True
                if is_device_buffer(b):
                    return True
                if type(b) in (list, tuple) and _has_device(b, None):  # np.block's nesting
                    return True
        elif is_device_buffer(a):
            return True
    if kwargs:
        return _has_device(kwargs.values(), None)
    return False


# ---- host tier --------------------------------------------------------------------------
def _to_host(x, inputs):
    t = type(x)
    if t is ndarray:
        buf = x._value()
        inputs[id(buf)] = x
        return buf
    if t is list or t is tuple:
        if any(type(b) in (ndarray, list, tuple) for b in x):  # nested too (np.block)
            return t(_to_host(b, inputs) for b in x)
    return x


def wrap_host(res, inputs):
    """Wrap NumPy's result: input buffers come back as the same npjax objects, views of an
    input become npjax views of its root, other arrays become new roots."""
    t = type(res)
    if t is np.ndarray:
        same = inputs.get(id(res))
        if same is not None:
            return same
        if res.base is not None:
            owner = _owner(res)
            for x in inputs.values():
                root = x._root if x._root is not None else x
                if _owner(root._buf) is owner:
                    return root._derive(res, None)
        return ndarray._new(apply_policy(res))
    if t is tuple or t is list:
        return t(wrap_host(r, inputs) for r in res)
    if isinstance(res, tuple) and hasattr(res, "_fields"):  # named results (EigResult...)
        try:
            out = t(*(wrap_host(r, inputs) for r in res))
            # attributes set after construction (SciPy's SignificanceResult.correlation)
            for k, v in getattr(res, "__dict__", {}).items():
                if k not in out.__dict__:
                    setattr(out, k, wrap_host(v, inputs))
            return out
        except TypeError:
            return res  # result classes with more constructor arguments (SciPy's TtestResult)
    if isinstance(res, np.generic):
        return apply_policy(res)
    return res


def call_host(name, np_fn, args, kwargs, tier="host"):
    inputs = {}
    hargs = [_to_host(a, inputs) for a in args]
    hkw = {k: _to_host(v, inputs) for k, v in kwargs.items()} if kwargs else {}
    count_call(name, tier)
    return wrap_host(np_fn(*hargs, **hkw), inputs)


def call_fallback(name, np_fn, args, kwargs, reason):
    record_fallback(name, reason)
    _migrate_to_host(args)
    if kwargs:
        _migrate_to_host(kwargs.values())
    return call_host(name, np_fn, args, kwargs, tier="fallback_run")


def _migrate_to_host(values):
    for a in values:
        if type(a) is ndarray:
            a._to_host_tier()
        elif type(a) in (list, tuple):
            _migrate_to_host(a)


# ---- device tier ------------------------------------------------------------------------
def to_jax(x):
    """An array argument as a jax.Array (npjax arrays, NumPy arrays, lists, scalars)."""
    if type(x) is ndarray:
        return x._jax()
    if is_device_buffer(x):
        return x
    return _device_mod().to_device(np.asarray(x))


def abstract(x, fill=0):
    """A stand-in with x's shape and dtype for probing NumPy (never read for values)."""
    if type(x) is ndarray or is_device_buffer(x):
        v = x._value() if type(x) is ndarray else x
        if fill:
            return np.broadcast_to(np.asarray(fill, v.dtype), tuple(v.shape))
        return zero_strided(tuple(v.shape), v.dtype)
    return x


def _key_of(x):
    t = type(x)
    if t is ndarray or is_device_buffer(x):
        v = x._value() if t is ndarray else x
        return ("A", tuple(v.shape), np.dtype(v.dtype).str)
    if t is np.ndarray:
        return ("N", x.shape, x.dtype.str, x.tobytes() if x.size <= 16 else id(x))
    if t is list or t is tuple:
        return (t.__name__,) + tuple(_key_of(b) for b in x)
    if t is slice:
        return ("S", x.start, x.stop, x.step)
    try:
        hash(x)
    except TypeError:
        return ("U", id(x))
    return (t, x)


_probe_cache = register_cache({})
register_cache(_index_cache)


class Probe:
    """What NumPy returns for a call: dtypes, and whether each result is a scalar."""
    __slots__ = ("kind", "dtype", "items", "on_jax")

    def __init__(self, res):
        if isinstance(res, (tuple, list)):
            self.kind = type(res)
            self.dtype = None
            self.items = tuple(Probe(r) for r in res)
            self.on_jax = all(p.on_jax for p in self.items)
            return
        if isinstance(res, np.ndarray):
            self.kind, self.dtype, self.items = "array", res.dtype, None
        elif isinstance(res, np.generic):
            self.kind, self.dtype, self.items = "scalar", res.dtype, None
        else:
            self.kind, self.dtype, self.items = "other", None, res
        # a result JAX cannot hold (longdouble, objects, swapped bytes): the call is NumPy's
        self.on_jax = self.dtype is None or on_jax(self.dtype)


def probe(name, np_fn, args, kwargs, fill=0):
    """NumPy's verdict on the call, on stand-ins; raises NumPy's exception for a bad call.

    fill: the stand-ins' value (1 where zeros make NumPy raise, e.g. weights summing to 0)."""
    try:
        key = (name, fill, tuple(_key_of(a) for a in args),
               tuple(sorted((k, _key_of(v)) for k, v in kwargs.items())))
        hash(key)
    except TypeError:
        key = None
    hit = _probe_cache.get(key) if key is not None else None
    if hit is not None:
        return hit
    pargs = [_abstract_deep(a, fill) for a in args]
    pkw = {k: (_out_standin(v) if k == "out" else _abstract_deep(v, fill))
           for k, v in kwargs.items()}
    # the stand-ins' values are not the user's: no value-dependent warnings from them
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.RankWarning)
        result = Probe(np_fn(*pargs, **pkw))
    if key is not None:
        if len(_probe_cache) > 4096:
            _probe_cache.clear()
        _probe_cache[key] = result
    return result


def _out_standin(x):
    """A real writable array like the user's out= (never the user's own buffer)."""
    if type(x) is ndarray or is_device_buffer(x) or type(x) is np.ndarray:
        return np.empty(tuple(x.shape), x.dtype)
    return x


def _abstract_deep(x, fill=0):
    if type(x) in (list, tuple):
        return type(x)(_abstract_deep(b, fill) for b in x)
    return abstract(x, fill)


def align(res, pr):
    """Give the JAX result NumPy's dtype and kind (array, scalar, tuple)."""
    if pr.items is not None and not isinstance(pr.kind, str):
        vals = [align(r, p) for r, p in zip(res, pr.items)]
        return pr.kind(*vals) if hasattr(pr.kind, "_fields") else pr.kind(vals)
    if pr.kind == "other":
        # NumPy returned a Python scalar (allclose, array_equal...): so do we
        if type(pr.items) in (bool, int, float, complex) and is_device_buffer(res):
            return type(pr.items)(_device_mod().to_host(res)[()])
        return res
    dtype = policy_dtype(pr.dtype)
    if res.dtype != dtype:
        if res.dtype.kind == "c" and dtype.kind != "c":
            res = res.real  # NumPy's result is real here (np.poly of conjugate roots)
        res = res.astype(dtype)
    if pr.kind == "scalar" and not _device_mod().is_traced(res):
        return _device_mod().to_host(res)[()]
    return ndarray._new(res)


def write_out(out, value):
    """Store a computed result into a user's `out=` array (any tier, views included)."""
    if type(out) is np.ndarray:
        if is_device_buffer(value):
            value = _device_mod().to_host(value)
        np.copyto(out, value, casting="unsafe")
        return out
    if type(out) is not ndarray:
        raise TypeError("return arrays must be of ArrayType")
    out._check_writeable()
    buf = out._value()
    if type(buf) is np.ndarray:
        if is_device_buffer(value):
            value = _device_mod().to_host(value)
        np.copyto(buf, value, casting="unsafe")
        return out
    from npjax._backends.device import jnp
    v = value if is_device_buffer(value) else jnp.asarray(value)
    if v.shape != buf.shape:
        v = jnp.broadcast_to(v, buf.shape)
    out._replace(v.astype(buf.dtype))
    return out


# ---- public function factory --------------------------------------------------------------
def exported(fn, name, np_fn, impl="native", doc=None, module="npjax"):
    """Give an implementation its public identity: NumPy's name, a short docstring (how npjax
    differs; NumPy's docs for the rest), `__wrapped__` so `inspect.signature` shows NumPy's,
    and `_npjax_impl` ("native", "host" or "fallback"), read by the coverage report."""
    fn.__name__ = fn.__qualname__ = name.rsplit(".", 1)[-1]
    fn.__doc__ = doc if doc is not None else \
        f"npjax's {name}: NumPy semantics (see `numpy.{name}`)."
    fn.__wrapped__ = np_fn
    fn.__module__ = module
    fn._npjax_impl = impl
    return fn


def _doc(name, np_fn):
    mod = getattr(np_fn, "__module__", "numpy") or "numpy"
    return (f"npjax's {name}: NumPy semantics (see `{mod}.{name}`); runs on JAX when an "
            f"argument lives on the device.")


def _accepted(fn):
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return None
    return frozenset(params)


def jax_numpy(name):
    """The jax.numpy function `name`, looked up when first called (JAX loads lazily)."""
    def run(*args, **kwargs):
        return resolve(name)(*args, **kwargs)
    run.__name__ = name
    run._jnp_name = name
    return run


@functools.lru_cache(maxsize=None)
def resolve(name):
    from npjax._backends.device import jnp
    obj = jnp
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def function(name, np_fn, jax_fn=None, *, arrays=(0,), prepare=None, prefer_host=False,
             unsupported=(), result=None, probe_fill=0, accum_dtype=False, supports=None):
    """Make the public npjax function `name` for `np_fn`, run by `jax_fn` on the device.

    jax_fn: a callable, or a jax.numpy name (string) resolved on first use.
    arrays: positions of array arguments converted to jax.Arrays on the device (an entry
        "*" means every positional argument; a list/tuple at such a position converts its
        items). Other arguments go to `jax_fn` as given.
    prepare: optional hook (args, kwargs) -> (args, kwargs) run before the JAX call, for
        NumPy checks that depend on values (index bounds and such).
    prefer_host: measured to be faster on NumPy; device arguments are copied to the host
        for this call (a deliberate choice, counted as "host_by_choice", not a fallback).
    unsupported: keywords whose non-None values the JAX implementation does not honour.
    result: optional (args, kwargs) -> Probe giving NumPy's result kinds/dtypes without the
        full-size NumPy probe (for functions whose probe would cost a real computation).
    probe_fill: value of the probe's stand-ins (see `probe`).
    supports: optional (args, kwargs) -> None, or the reason the JAX implementation cannot
        honour these argument values (then the call is a recorded fallback).
    accum_dtype: for bool/integer inputs pass NumPy's result dtype as `dtype=` to `jax_fn`
        (JAX may accumulate in the narrow input type: cumsum of int8 would wrap).
    """
    if isinstance(jax_fn, str):
        jax_fn = jax_numpy(jax_fn)
    all_pos = "*" in arrays
    accepted = []

    def accepted_kwargs():
        if not accepted:
            target = resolve(jax_fn._jnp_name) if hasattr(jax_fn, "_jnp_name") else jax_fn
            accepted.append(_accepted(target))
        return accepted[0]

    def public(*args, **kwargs):
        if not _has_device(args, kwargs):
            return call_host(name, np_fn, args, kwargs)
        # under a JAX trace there are no host values: the JAX implementation runs
        if prefer_host and (jax_fn is None or _device_mod().lazy._not_tracing()):
            return _call_host_by_choice(name, np_fn, args, kwargs)
        if jax_fn is None:
            return call_fallback(name, np_fn, args, kwargs, "no JAX implementation")
        acc = accepted_kwargs()
        bad = [k for k, v in kwargs.items()
               if k != "out" and v is not None
               and (k in unsupported or (acc is not None and k not in acc))]
        if bad:
            # NumPy's own TypeError for a keyword it rejects too, before any fallback
            probe(name, np_fn, args, {k: v for k, v in kwargs.items() if k != "out"},
                  probe_fill)
            return call_fallback(name, np_fn, args, kwargs,
                                 f"keyword(s) {', '.join(bad)} not supported on JAX")
        reason = supports(args, kwargs) if supports is not None else None
        if reason:
            # NumPy's own error first, for a call NumPy rejects too
            probe(name, np_fn, args, {k: v for k, v in kwargs.items() if k != "out"},
                  probe_fill)
            return call_fallback(name, np_fn, args, kwargs, reason)
        out = kwargs.pop("out", None)
        if type(out) is tuple and len(out) == 1:
            out = out[0]
        # NumPy checks out='s shape, dtype casting and layout on a stand-in of it
        pr = probe(name, np_fn, args, kwargs if out is None else dict(kwargs, out=out),
                   probe_fill) if result is None else result(args, kwargs)
        reason = _off_jax(args, kwargs, pr)
        if reason:
            if out is not None:
                kwargs["out"] = out
            return call_fallback(name, np_fn, args, kwargs, reason)
        if prepare is not None:
            args, kwargs = prepare(args, kwargs)
        jargs = [_conv_arg(a, i, all_pos, arrays) for i, a in enumerate(args)]
        jkw = {k: (v._jax() if type(v) is ndarray else v) for k, v in kwargs.items()
               # a keyword JAX does not take, left at None: NumPy's default, JAX's too
               if v is not None or acc is None or k in acc}
        if accum_dtype and out is None and kwargs.get("dtype") is None \
                and pr.dtype is not None \
                and np.dtype(getattr(args[0], "dtype", float)).kind in "biu":
            jkw["dtype"] = pr.dtype
        count_call(name, "device")
        res = jax_fn(*jargs, **jkw)
        if out is not None:
            if pr.kind == "scalar":
                pr = Probe(np.empty(0, pr.dtype))
            return write_out(out, align(res, pr)._value())
        return align(res, pr)

    impl = "host" if prefer_host else ("native" if jax_fn is not None else "fallback")
    return exported(public, name, np_fn, impl, _doc(name, np_fn))


def _off_jax(args, kwargs, pr):
    """Why JAX cannot run this call: its result, or a NumPy array argument, has a dtype JAX
    has no arrays of (longdouble, objects, swapped bytes). None when it can."""
    if not pr.on_jax:
        return "result dtype not available on JAX"
    for a in args:
        t = type(a)
        if t is np.ndarray or t is list or t is tuple:
            bad = _off_jax_dtype(a)
            if bad is not None:
                return f"dtype {bad} not available on JAX"
    if kwargs:
        return _off_jax(tuple(kwargs.values()), None, pr)
    return None


def _off_jax_dtype(a):
    if type(a) is np.ndarray:
        return None if on_jax(a.dtype) else a.dtype
    for b in a:
        if type(b) in (np.ndarray, list, tuple):
            bad = _off_jax_dtype(b)
            if bad is not None:
                return bad
    return None


def host_value(x):
    """x with npjax arrays (also inside lists and tuples) replaced by their NumPy values."""
    if type(x) is ndarray:
        return x._host()
    if type(x) in (list, tuple) and any(type(v) in (ndarray, list, tuple) for v in x):
        return type(x)(host_value(v) for v in x)
    return x


def _call_host_by_choice(name, np_fn, args, kwargs):
    """A device call run on NumPy with host copies; an `out=` device array gets a writable
    host copy for NumPy to write, which then lands in it (and is what the call returns)."""
    out = kwargs.get("out")
    scratch = kwargs.get("overwrite_input")
    if out is None and not scratch:
        return call_host(name, np_fn, _host_copies(args),
                         dict(zip(kwargs, _host_copies(kwargs.values()))), tier="host_by_choice")
    if scratch:
        # NumPy may use the input as scratch space (its contents are undefined afterwards):
        # a writable copy, never the read-only view of device data
        args = [np.array(a._host()) if type(a) is ndarray and not a._on_host else a
                for a in args]
    pairs = {}

    def host_out(o):
        if type(o) is tuple:
            return tuple(host_out(x) for x in o)
        if type(o) is ndarray and not o._on_host:
            h = np.array(o._host())  # writable; NumPy may read it (where=) before writing
            pairs[id(h)] = (o, h)
            return h
        return host_value(o)

    hkw = {k: (host_out(v) if k == "out" else host_value(v)) for k, v in kwargs.items()}
    count_call(name, "host_by_choice")
    res = np_fn(*_host_copies(args), **hkw)
    for o, h in pairs.values():
        write_out(o, h)
    # NumPy returns the out= it wrote: the user's array is returned in its place
    return wrap_host(res, {i: o for i, (o, h) in pairs.items()})


def _host_copies(values):
    return [host_value(a) for a in values]


def _conv_arg(a, i, all_pos, arrays):
    if not (all_pos or i in arrays):
        return a._jax() if type(a) is ndarray else a
    if type(a) in (list, tuple) and any(type(b) is ndarray or is_device_buffer(b)
                                        or isinstance(b, (list, tuple, np.ndarray)) for b in a):
        return type(a)(to_jax(b) for b in a)
    if a is None or isinstance(a, (int, float, complex, bool, np.generic, str, slice)):
        return a
    return to_jax(a)


def host_only(name, np_fn):
    """A public name with no JAX implementation: NumPy runs it (a fallback for device arrays)."""
    return function(name, np_fn, None)
