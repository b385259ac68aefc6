"""`npjax.jit`, `npjax.vectorize`, `npjax.grad`, `npjax.value_and_grad`: JAX transformations
of code written against npjax, with NumPy's semantics inside.

While JAX traces the function, its array arguments are npjax arrays holding tracers, so
npjax's own dispatch (NumPy's dtypes, errors and mutation rules) runs during the trace and
XLA compiles the result. Arrays created inside live on the device (a host array could not
hold a traced value).

What becomes an input and what a constant, per call:
- arrays (npjax, NumPy, JAX; NumPy float/complex scalars), also inside lists, tuples,
  dicts and named tuples, are traced inputs keyed on shape and dtype;
- every other argument (Python numbers, strings, None, tuples of them, modules,
  functions...) must be hashable and is static: a new value is a new compilation;
- the arrays the function reads by name from its module's globals or its closure (also
  through helper functions of the same module) are inputs too, read afresh at every call;
  global Python numbers are part of the key. Arrays reached any other way (attributes,
  other modules) are compile-time constants, as in JAX.

NumPy-style writes to an input inside the function (`a[i] = v`, `a += b`, `out=`, also to
global arrays) reach the caller's array after the call, as in NumPy: the final buffers are
extra outputs of the compiled function. Returning an input returns the caller's object.

A function npjax cannot trace for a signature — Python control flow on array values, a
call npjax runs on NumPy, random draws, assigning a global name — runs eagerly (plain
npjax) for that signature from then on: warned once (`JitFallbackWarning`), counted with
its reason in `npjax.stats()["transforms"]`. After `config.recompile_limit` compilations
of one function, new signatures run eagerly too (`RecompileWarning`).

Results: arrays come back as npjax arrays on the device tier with NumPy's dtypes; 0-d
array results come back as NumPy scalars (what NumPy's reductions and element indexing
give: under a trace a scalar and a 0-d array look alike); Python values computed from
static arguments are returned as they are.
"""
import contextlib
import functools
import time
import types
import warnings
import weakref

import numpy as np

from ._array import ndarray
from ._config import config
from ._dtypes import apply_policy
from ._stats import (count_call, count_event, count_transfer, count_transform,
                     record_transform_reason, random_draws, RecompileWarning,
                     UntraceableError)
from ._views import read_chain, Index, Transpose, Reshape


class JitFallbackWarning(RuntimeWarning):
    """An `npjax.jit` function could not be compiled for a signature and runs eagerly."""


_DEVICE = []


def _device():
    """npjax's device tier (imported first: it switches JAX's x64 mode on, without which
    a traced float64 input would become float32)."""
    if not _DEVICE:
        from ._backends import device
        _DEVICE.append(device)
    return _DEVICE[0]


@functools.lru_cache(maxsize=None)
def _untraceable():
    """Errors meaning "this code needs concrete values", not "this code is wrong"."""
    import jax
    e = jax.errors
    return (e.ConcretizationTypeError, e.TracerArrayConversionError,
            e.TracerIntegerConversionError, e.NonConcreteBooleanIndexError, UntraceableError)


def _before_trace():
    """Compute pending lazy work first: an array the function reaches other than by argument
    or name (an attribute) would otherwise be computed inside the trace, and its buffer would
    keep a tracer."""
    lazy = _device().lazy
    if lazy._pending_roots and lazy._not_tracing():
        lazy.flush([], "trace")


def _label(kind, fun):
    return f"{kind}({getattr(fun, '__qualname__', None) or type(fun).__name__})"


# ---- per-function caches --------------------------------------------------------------------
# Keyed on the function object (weakly), so `npjax.jit(f)(x)` written inside a loop compiles
# once, as jax.jit does; other callables keep their cache on the transform object.
_by_function = weakref.WeakKeyDictionary()
_own_caches = weakref.WeakSet()


class _Caches:
    def clear(self):
        _by_function.clear()
        for t in list(_own_caches):
            t._own.clear()
        _names.clear()


def _register():
    from ._dispatch import register_cache
    register_cache(_Caches())


_register()


class _Transform:
    """Shared by jit/grad: the cache of one (function, options)."""

    def _init_cache(self, fun, options):
        self._fun = fun
        self._options = options
        self._own = {}
        _own_caches.add(self)

    def _cache(self):
        if type(self._fun) is types.FunctionType:
            per_fun = _by_function.get(self._fun)
            if per_fun is None:
                per_fun = _by_function[self._fun] = {}
            return per_fun.setdefault(self._options, {})
        return self._own


# ---- names a function reads from its module and closure -------------------------------------
_names = weakref.WeakKeyDictionary()   # code object -> global names read (with helpers')


def _code_names(code):
    out = list(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):   # comprehensions, nested functions
            out.extend(_code_names(const))
    return out


def _global_names(fn):
    """Global names `fn` and the same-module functions it names may read."""
    code = fn.__code__
    hit = _names.get(code)
    if hit is not None:
        return hit
    g = fn.__globals__
    seen, todo, done = {}, [fn], set()
    while todo:
        f = todo.pop()
        if f.__code__ in done:
            continue
        done.add(f.__code__)
        for name in _code_names(f.__code__):
            seen[name] = None
            v = g.get(name)
            if type(v) is types.FunctionType and v.__globals__ is g:
                todo.append(v)
    names = _names[code] = tuple(seen)
    return names


def _python_function(fun):
    if type(fun) is types.MethodType:
        fun = fun.__func__
    return fun if type(fun) is types.FunctionType else None


# ---- splitting a call into traced leaves and a hashable key ---------------------------------
_SCALARS = frozenset((int, float, complex, bool, str, bytes, type(None), slice, type(...)))
_MISSING = object()


_KEY_KIND = {"numpy": "array", "npjax": "array", "npjax_host": "array",
             "npjax_view": "array"}


class _Unhashable(TypeError):
    pass


def _static_key(x):
    t = type(x)
    if t is float:
        return (t, x.hex())               # 0.0 and -0.0 differ; nan equals itself
    if t is complex:
        return (t, x.real.hex(), x.imag.hex())
    if t is slice:
        return (t, x.start, x.stop, x.step)
    if isinstance(x, np.generic):
        return (t, x.tobytes())
    try:
        hash(x)
    except TypeError:
        raise _Unhashable(f"an argument of type {t.__name__} is neither an array nor "
                          f"hashable (npjax.jit keys compilations on non-array "
                          f"arguments)") from None
    return (t, x)


def _vops_key(vops):
    from ._array import _basic_key_id
    out = []
    for op in vops:
        if type(op) is Index:
            out.append(("I", _basic_key_id(op.key)))
        elif type(op) is Transpose:
            out.append(("T", op.axes))
        elif type(op) is Reshape:
            out.append(("R", op.shape))
        else:
            out.append((type(op).__name__,))
    return tuple(out)


def _is_jax_array(x):
    import jax
    return isinstance(x, jax.Array)


class _Call:
    """One call's arguments as leaves (the caller's arrays), a spec to rebuild them around
    traced values, and the hashable key of everything the trace depends on."""
    __slots__ = ("leaves", "kinds", "groups", "spec", "implicit", "key", "_ids", "_keys",
                 "_views")

    def __init__(self, fun, args, kwargs, static_argnums=(), static_argnames=(), diff=(),
                 views=True):
        self.leaves, self.kinds, self.groups, self._ids, self._keys = [], [], [], {}, []
        self._views = views
        n = len(args)
        statics = {i % n for i in static_argnums if -n <= i < n}
        aspec, akey = [], []
        for i, a in enumerate(args):
            if i in statics:
                akey.append(("S", _static_key(a)))
                aspec.append(("S", a))
            else:
                s, k = self._walk(a, 1 if i in diff else 0)
                aspec.append(s)
                akey.append(k)
        kspec, kkey = {}, []
        for name, v in kwargs.items():
            if name in static_argnames:
                kspec[name], k = ("S", v), ("S", _static_key(v))
            else:
                kspec[name], k = self._walk(v, 1 if name in diff else 0)
            kkey.append((name, k))
        self.spec = (tuple(aspec), kspec)
        self.implicit, ikey = self._implicit(fun)
        self.key = (tuple(akey), tuple(kkey), ikey, tuple(self._keys), config.dtypes)

    def layout(self):
        """The same call without the caller's arrays (what a compiled function keeps)."""
        out = object.__new__(_Call)
        for name in self.__slots__:
            setattr(out, name, getattr(self, name))
        out.leaves, out._ids = (), {}
        return out

    def _leaf(self, obj, kind, group, shape, dtype, readonly):
        ident = (id(obj), group)
        slot = self._ids.get(ident)
        if slot is None:
            slot = self._ids[ident] = len(self.leaves)
            self.leaves.append(obj)
            self.kinds.append(kind)
            self.groups.append(group)
            # the trace depends on the kind only through scalars and JAX arrays, which are
            # never written back or returned as the caller's object
            self._keys.append((_KEY_KIND.get(kind, kind), tuple(shape), np.dtype(dtype).str,
                               readonly, group))
        return slot

    def _walk(self, x, group):
        t = type(x)
        if t is ndarray:
            root = x._root
            buf = x._value()
            if root is not None and x._vops is not None and type(root._buf) is not np.ndarray \
                    and self._views:
                # a device view: the root is the input, so writes through any alias of it
                # (f(a, a[1:])) meet as they do in NumPy
                rbuf = root._buf
                slot = self._leaf(root, "npjax", group, rbuf.shape, rbuf.dtype,
                                  root._readonly)
                return ("V", slot, x._vops), ("V", slot, _vops_key(x._vops), x._readonly)
            kind = "npjax" if type(buf) is not np.ndarray else "npjax_host"
            if root is not None and kind == "npjax":
                kind = "npjax_view"
            slot = self._leaf(x, kind, group, buf.shape, buf.dtype, x._readonly)
            return ("L", slot), ("L", slot)
        if t is np.ndarray:
            if x.dtype.kind not in "biufc":
                raise _Unhashable(f"an array of dtype {x.dtype} has no JAX counterpart")
            slot = self._leaf(x, "numpy", group, x.shape, x.dtype, not x.flags.writeable)
            return ("L", slot), ("L", slot)
        if t in _SCALARS:
            return ("S", x), ("S", _static_key(x))
        if t is list or t is tuple or (isinstance(x, tuple) and hasattr(x, "_fields")):
            pairs = [self._walk(v, group) for v in x]
            return (("C", t, tuple(p[0] for p in pairs)),
                    ("C", t, tuple(p[1] for p in pairs)))
        if t is dict:
            pairs = [(k, self._walk(v, group)) for k, v in x.items()]
            return (("M", tuple((k, p[0]) for k, p in pairs)),
                    ("M", tuple((_static_key(k), p[1]) for k, p in pairs)))
        if isinstance(x, (np.floating, np.complexfloating)) or (
                group and isinstance(x, np.generic)):
            slot = self._leaf(x, "scalar", group, (), x.dtype, True)
            return ("L", slot), ("L", slot)
        if not isinstance(x, np.generic) and _is_jax_array(x):
            slot = self._leaf(x, "jax", group, x.shape, x.dtype, True)
            return ("L", slot), ("L", slot)
        return ("S", x), ("S", _static_key(x))

    def _implicit(self, fun):
        """Arrays the function reads from its globals and closure (inputs), and the key of
        the scalars it reads there."""
        fn = _python_function(fun)
        if fn is None:
            return (), ()
        found, key = [], []
        g = fn.__globals__
        for name in _global_names(fn):
            v = g.get(name, _MISSING)
            if v is not _MISSING:
                self._implicit_value(("g", name), v, found, key)
        if fn.__closure__:
            for name, cell in zip(fn.__code__.co_freevars, fn.__closure__):
                try:
                    v = cell.cell_contents
                except ValueError:          # not bound yet
                    continue
                self._implicit_value(("c", name, cell), v, found, key)
        return tuple(found), tuple(key)

    def _implicit_value(self, where, v, found, key):
        t = type(v)
        if t is ndarray or (t is np.ndarray and v.dtype.kind in "biufc"):
            spec, k = self._walk(v, 0)
            found.append((where, spec))
            key.append((where[:2], k))
        elif t in _SCALARS or isinstance(v, np.generic):
            key.append((where[:2], _static_key(v)))


def _build(spec, wrappers):
    """Rebuild an argument from its spec around the traced wrappers."""
    kind = spec[0]
    if kind == "L":
        return wrappers[spec[1]]
    if kind == "V":
        view = wrappers[spec[1]]
        for op in spec[2]:
            view = view._derive(op.read(view._value()), op)
        return view
    if kind == "S":
        return spec[1]
    if kind == "C":
        items = [_build(s, wrappers) for s in spec[2]]
        t = spec[1]
        return t(*items) if hasattr(t, "_fields") else t(items)
    return {k: _build(s, wrappers) for k, s in spec[1]}


def _build_call(spec, wrappers):
    return ([_build(s, wrappers) for s in spec[0]],
            {n: _build(s, wrappers) for n, s in spec[1].items()})


def _leaf_value(x, kind):
    """The caller's leaf as a value JAX accepts (NumPy arrays go as they are: the jitted
    call transfers them)."""
    if kind == "npjax" or kind == "npjax_view":
        return _device().concrete(x._value())
    if kind == "jax":
        return x
    host = x._value() if kind == "npjax_host" else np.asarray(x)
    host = apply_policy(host) if kind != "npjax_host" else host
    count_transfer("to_device", host.nbytes)
    return host


def _wrappers(vals, call):
    """npjax arrays around the traced values, read-only where the caller's array is."""
    out = []
    for v, slot_key in zip(vals, call._keys):
        w = ndarray._new(v)
        w._readonly = slot_key[3]
        out.append(w)
    return out


# ---- the tracing environment ----------------------------------------------------------------
def _rng_objects(call, fun):
    """Random generators the function can reach by name or argument (drawing from one
    inside a trace would freeze its numbers into the compiled function)."""
    found = []
    fn = _python_function(fun)
    candidates = list(_static_values(call.spec))
    if fn is not None:
        g = fn.__globals__
        candidates += [g.get(n) for n in _global_names(fn)]
        if fn.__closure__:
            for cell in fn.__closure__:
                try:
                    candidates.append(cell.cell_contents)
                except ValueError:
                    pass
    for v in candidates:
        if isinstance(v, (np.random.Generator, np.random.RandomState)):
            found.append(v)
    return found


def _static_values(spec):
    kind = spec[0] if type(spec) is tuple and spec and type(spec[0]) is str else None
    if kind == "S":
        yield spec[1]
    elif kind == "C":
        for s in spec[2]:
            yield from _static_values(s)
    elif kind == "M":
        for _, s in spec[1]:
            yield from _static_values(s)
    elif kind is None and type(spec) is tuple:      # the (args, kwargs) pair
        for s in spec[0]:
            yield from _static_values(s)
        for s in spec[1].values():
            yield from _static_values(s)


def _rng_state(obj):
    return obj.bit_generator.state if isinstance(obj, np.random.Generator) else \
        obj.get_state()


def _set_rng_state(obj, state):
    if isinstance(obj, np.random.Generator):
        obj.bit_generator.state = state
    else:
        obj.set_state(state)


@contextlib.contextmanager
def _tracing_user_code(fun, call, wrappers, what):
    """Run the user's function under a trace: new arrays on the device, global and closure
    arrays replaced by their traced wrappers; detect what a compiled function could not
    repeat (random draws, assigning a global or closure name)."""
    fn = _python_function(fun)
    installed = []
    for where, spec in call.implicit:
        w = _build(spec, wrappers)
        if where[0] == "g":
            installed.append((where, fn.__globals__[where[1]], w))
            fn.__globals__[where[1]] = w
        else:
            installed.append((where, where[2].cell_contents, w))
            where[2].cell_contents = w
    names = {}
    if fn is not None:
        g = fn.__globals__
        names = {n: g[n] for n in _global_names(fn) if n in g}
    cells = []
    if fn is not None and fn.__closure__:
        for name, cell in zip(fn.__code__.co_freevars, fn.__closure__):
            try:
                cells.append((name, cell, cell.cell_contents))
            except ValueError:
                cells.append((name, cell, _MISSING))
    rngs = _rng_objects(call, fun)
    rng_states = [(r, _rng_state(r)) for r in rngs]
    global_rng = np.random.get_state()
    draws = random_draws()
    old_threshold = config.host_threshold
    config.host_threshold = 0
    problem = None
    try:
        yield
    finally:
        config.host_threshold = old_threshold
        for where, orig, w in installed:
            if where[0] == "g":
                if fn.__globals__.get(where[1]) is not w:
                    problem = f"it assigns the global name {where[1]!r}"
                fn.__globals__[where[1]] = orig
            else:
                if where[2].cell_contents is not w:
                    problem = f"it assigns the closure variable {where[1]!r}"
                where[2].cell_contents = orig
        if fn is not None:
            g = fn.__globals__
            installed_names = {where[1] for where, _, _ in installed if where[0] == "g"}
            for n in _global_names(fn):
                if n in installed_names:
                    continue
                if g.get(n, _MISSING) is not names.get(n, _MISSING):
                    problem = f"it assigns the global name {n!r}"
                    if n in names:
                        g[n] = names[n]
                    else:
                        g.pop(n, None)
            installed_cells = {where[1] for where, _, _ in installed if where[0] == "c"}
            for name, cell, orig in cells:
                if name in installed_cells:
                    continue
                try:
                    now = cell.cell_contents
                except ValueError:
                    now = _MISSING
                if now is not orig:
                    problem = f"it assigns the closure variable {name!r}"
                    if orig is not _MISSING:
                        cell.cell_contents = orig
        if random_draws() != draws:
            problem = ("it draws random numbers (a compiled function would repeat the same "
                       "numbers at every call)")
            np.random.set_state(global_rng)
            for r, state in rng_states:
                _set_rng_state(r, state)
        if problem is not None:
            raise UntraceableError(f"{what} cannot be compiled: {problem}")


# ---- outputs ---------------------------------------------------------------------------------
def _split_out(out, wrappers, kinds):
    """(spec, dynamic values) of the function's result: arrays become outputs of the
    compiled function; the inputs themselves and views of them are named, not copied."""
    ids = {id(w): i for i, w in enumerate(wrappers) if kinds[i] not in ("scalar", "jax")}
    dyn = []

    def walk(x):
        t = type(x)
        if t is ndarray:
            slot = ids.get(id(x))
            if slot is not None:
                return ("I", slot)
            r = x._root
            if r is not None and x._vops is not None and id(r) in ids:
                return ("IV", ids[id(r)], x._vops)
            dyn.append(_out_value(x._value()))
            return ("D", len(dyn) - 1)
        if t is np.ndarray:
            dyn.append(_device().jnp.asarray(x))
            return ("D", len(dyn) - 1)
        if t is list or t is tuple or (isinstance(x, tuple) and hasattr(x, "_fields")):
            return ("C", t, tuple(walk(v) for v in x))
        if t is dict:
            return ("M", tuple((k, walk(v)) for k, v in x.items()))
        if t not in _SCALARS and not isinstance(x, np.generic) and _is_jax_array(x):
            dyn.append(x)
            return ("D", len(dyn) - 1)
        return ("S", x)

    return walk(out), dyn


def _out_value(buf):
    if type(buf) is np.ndarray:
        return _device().jnp.asarray(buf)
    return _device().concrete(buf)


def _wrap(v):
    """A value computed by a compiled function as NumPy would hand it out."""
    dev = _device()
    if dev.is_traced(v):
        return ndarray._new(v)      # under an enclosing transformation
    if v.ndim == 0:
        return dev.to_host(v)[()]
    return ndarray._new(v)


def _join_out(spec, dyn, call):
    kind = spec[0]
    if kind == "D":
        return _wrap(dyn[spec[1]])
    if kind == "I":
        return call.leaves[spec[1]]
    if kind == "IV":
        return _caller_view(call.leaves[spec[1]], call.kinds[spec[1]], spec[2])
    if kind == "S":
        return spec[1]
    if kind == "C":
        items = [_join_out(s, dyn, call) for s in spec[2]]
        t = spec[1]
        return t(*items) if hasattr(t, "_fields") else t(items)
    return {k: _join_out(s, dyn, call) for k, s in spec[1]}


def _caller_view(leaf, kind, vops):
    """The view the function returned, taken of the caller's own array."""
    if kind in ("npjax", "npjax_view"):
        view = leaf
        for op in vops:
            view = view._derive(op.read(view._value()), op)
        return view
    if kind == "npjax_host":
        return leaf._derive(read_chain(leaf._value(), vops), None)
    return read_chain(leaf, vops)         # a NumPy array: a NumPy view of it


def _write_back(leaf, kind, value):
    """Store the final value of an argument the function wrote to where NumPy would have
    written: the caller's npjax array (or view) or NumPy array."""
    dev = _device()
    if kind == "npjax":
        if tuple(value.shape) != leaf.shape:
            leaf._replace(value)
        else:
            leaf._replace(value.astype(leaf.dtype) if value.dtype != leaf.dtype else value)
    elif kind == "npjax_view":
        leaf[...] = ndarray._new(value)
    else:
        host = dev.to_host(value) if not dev.is_traced(value) else None
        target = leaf._value() if kind == "npjax_host" else leaf
        if host is None:
            raise UntraceableError("a host array cannot take a traced value")
        if host.shape != target.shape:
            target.shape = host.shape
        np.copyto(target, host, casting="unsafe")


# ---- jit ---------------------------------------------------------------------------------------
class _Compiled:
    __slots__ = ("fn", "info")

    def __init__(self, fn, info):
        self.fn = fn
        self.info = info


class _Jitted(_Transform):
    """A function compiled per signature by `npjax.jit` (see the module docstring)."""

    def __init__(self, fun, static_argnums, static_argnames):
        self._init_cache(fun, ("jit", static_argnums, static_argnames))
        self._static_argnums = static_argnums
        self._static_argnames = static_argnames
        self._name = _label("jit", fun)
        functools.update_wrapper(self, fun)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return functools.partial(self, obj)

    def __repr__(self):
        return f"<npjax.jit of {self._fun!r}>"

    def __call__(self, *args, **kwargs):
        _device()
        count_transform(self._name, "calls")
        try:
            call = _Call(self._fun, args, kwargs, self._static_argnums, self._static_argnames)
        except _Unhashable as err:
            return self._eager(None, str(err), args, kwargs)
        cache = self._cache()
        entry = cache.get(call.key)
        if entry is None:
            compiled = sum(1 for e in cache.values() if type(e) is _Compiled)
            if compiled >= config.recompile_limit:
                return self._eager(call.key, f"{compiled} compilations for new shapes or "
                                   f"static arguments (npjax.config.recompile_limit)", args,
                                   kwargs, RecompileWarning)
            import jax
            body, info = self._body(call)
            entry = cache[call.key] = _Compiled(jax.jit(body), info)
        elif type(entry) is str:
            count_transform(self._name, "eager")
            count_event("jit_eager")
            return self._fun(*args, **kwargs)
        return self._run(entry, call, args, kwargs)

    def _body(self, call):
        call = call.layout()
        fun, spec, kinds, info = self._fun, call.spec, call.kinds, {}
        what = f"npjax.jit({getattr(fun, '__qualname__', fun)})"

        def body(*vals):
            wrappers = _wrappers(vals, call)
            a, k = _build_call(spec, wrappers)
            with _tracing_user_code(fun, call, wrappers, what):
                out = fun(*a, **k)
            written = tuple(i for i, (w, v) in enumerate(zip(wrappers, vals))
                            if w._buf is not v and kinds[i] not in ("scalar", "jax"))
            out_spec, dyn = _split_out(out, wrappers, kinds)
            info["written"], info["out"] = written, out_spec
            return dyn, tuple(_out_value(wrappers[i]._buf) for i in written)

        return body, info

    def _run(self, entry, call, args, kwargs):
        vals = [_leaf_value(x, k) for x, k in zip(call.leaves, call.kinds)]
        first = not entry.info
        start = time.perf_counter() if first else 0.0
        if first:
            _before_trace()
        try:
            dyn, written = entry.fn(*vals)
        except _untraceable() as err:
            return self._eager(call.key, _reason(err), args, kwargs)
        except Exception as err:
            if not first:
                raise
            # not an error of tracing as such: the eager run says whether the function
            # itself raises (then its own error, as NumPy gives it) or only its trace fails
            self._cache().pop(call.key, None)
            result = self._fun(*args, **kwargs)
            self._eager(call.key, f"tracing raised {_reason(err)}", None, None)
            return result
        if first:
            seconds = time.perf_counter() - start
            count_event("jit_compiles")
            count_event("jit_compile_seconds", seconds)
            count_transform(self._name, "compiles")
            count_transform(self._name, "compile_seconds", seconds)
        for slot, value in zip(entry.info["written"], written):
            _write_back(call.leaves[slot], call.kinds[slot], value)
        return _join_out(entry.info["out"], dyn, call)

    def _eager(self, key, reason, args, kwargs, category=JitFallbackWarning):
        """Remember that this signature runs uncompiled, warn once per function and kind."""
        if key is not None:
            self._cache()[key] = reason
        count_transform(self._name, "eager")
        count_event("jit_eager")
        record_transform_reason(self._name, reason)
        warned = self._cache().setdefault("warned", set())
        if category not in warned:
            warned.add(category)
            warnings.warn(f"{self._name} runs eagerly (uncompiled) for this signature: "
                          f"{reason}", category, stacklevel=3)
        if args is None:
            return None
        return self._fun(*args, **kwargs)


def _reason(err):
    """Why a trace failed, for a person reading a warning or `npjax.stats()`."""
    text = str(err).strip().splitlines()
    if isinstance(err, UntraceableError):
        return text[0]
    if isinstance(err, _untraceable()):
        return (f"it needs the values of its arrays while traced (Python control flow on "
                f"values, or a conversion to NumPy or to Python numbers) "
                f"[{type(err).__name__}]")
    return f"{type(err).__name__}: {text[0] if text else ''}"


def jit(fun=None, *, static_argnums=(), static_argnames=()):
    """Compile a function written against npjax (see the module docstring), per signature
    of its arguments. Usable as `@npjax.jit`, `@npjax.jit(static_argnames=...)` or
    `npjax.jit(f)`. Non-array arguments are static without being named; `static_argnums`
    and `static_argnames` also make hashable array-like values (tuples) static."""
    if isinstance(static_argnums, int):
        static_argnums = (static_argnums,)
    if isinstance(static_argnames, str):
        static_argnames = (static_argnames,)
    static_argnums, static_argnames = tuple(static_argnums), tuple(static_argnames)
    if fun is None:
        return functools.partial(jit, static_argnums=static_argnums,
                                 static_argnames=static_argnames)
    if not callable(fun):
        raise TypeError(f"npjax.jit expects a callable, got {type(fun).__name__}")
    return _Jitted(fun, static_argnums, static_argnames)


# ---- grad / value_and_grad -------------------------------------------------------------------
def _diff_input(x):
    """Python numbers are differentiated as float64, NumPy's float."""
    if type(x) in (bool, int, float):
        return np.float64(x)
    if type(x) in (list, tuple):
        return type(x)(_diff_input(v) for v in x)
    if type(x) is dict:
        return {k: _diff_input(v) for k, v in x.items()}
    return x


class _Grad(_Transform):
    def __init__(self, fun, argnums, has_aux, with_value, kind):
        many = not isinstance(argnums, int)
        nums = tuple(argnums) if many else (argnums,)
        self._init_cache(fun, (kind, nums, has_aux))
        self._many, self._nums, self._has_aux, self._with_value = many, nums, has_aux, \
            with_value
        self._name = _label(kind, fun)
        functools.update_wrapper(self, fun)

    def __call__(self, *args, **kwargs):
        _device()
        count_transform(self._name, "calls")
        n = len(args)
        nums = tuple(i % n if -n <= i < n else i for i in self._nums)
        for i in nums:
            if not 0 <= i < n:
                raise TypeError(f"differentiating with respect to argnums={self._nums} "
                                f"requires at least {max(self._nums) + 1} positional "
                                f"arguments, got {n}")
        args = tuple(_diff_input(a) if i in nums else a for i, a in enumerate(args))
        call = _Call(self._fun, args, kwargs, diff=nums, views=False)
        cache = self._cache()
        entry = cache.get((call.key, nums))
        if entry is None:
            import jax
            body, info = self._body(call, nums)
            entry = cache[(call.key, nums)] = _Compiled(jax.jit(body), info)
        vals = [_leaf_value(x, k) for x, k in zip(call.leaves, call.kinds)]
        first = not entry.info
        start = time.perf_counter() if first else 0.0
        if first:
            _before_trace()
        try:
            value, grads, aux_dyn, written = entry.fn(*vals)
        except _untraceable() as err:
            cache.pop((call.key, nums), None)
            err.add_note(f"{self._name}: differentiation traces the function; it must not "
                         f"need concrete array values ({_reason(err)})")
            raise
        except Exception:
            cache.pop((call.key, nums), None)
            raise
        if first:
            seconds = time.perf_counter() - start
            count_transform(self._name, "compiles")
            count_transform(self._name, "compile_seconds", seconds)
            count_event("jit_compiles")
            count_event("jit_compile_seconds", seconds)
        for slot, v in zip(entry.info["written"], written):
            _write_back(call.leaves[slot], call.kinds[slot], v)
        # each differentiated argument's gradient has the argument's structure
        by_slot = dict(zip(entry.info["diff_slots"], grads))
        gwrap = {slot: _wrap(g) for slot, g in by_slot.items()}
        results = tuple(_join_grads(call.spec[0][i], gwrap) for i in nums)
        result = results if self._many else results[0]
        value = _wrap(value)
        if self._has_aux:
            aux = _join_out(entry.info["aux"], aux_dyn, call)
            if self._with_value:
                return (value, aux), result
            return result, aux
        return (value, result) if self._with_value else result

    def _body(self, call, nums):
        import jax
        call = call.layout()
        fun, spec, kinds, groups, info = self._fun, call.spec, call.kinds, call.groups, {}
        has_aux = self._has_aux
        diff_slots = tuple(i for i, g in enumerate(groups) if g == 1)
        what = self._name

        def inner(diff_vals, other_vals):
            vals = list(other_vals)
            for slot, v in zip(diff_slots, diff_vals):
                vals[slot] = v
            wrappers = _wrappers(vals, call)
            a, k = _build_call(spec, wrappers)
            with _tracing_user_code(fun, call, wrappers, what):
                out = fun(*a, **k)
            if has_aux:
                if not (isinstance(out, (tuple, list)) and len(out) == 2):
                    raise ValueError(f"{what}: with has_aux=True the function must return a "
                                     f"pair (value, auxiliary data)")
                out, aux = out
            else:
                aux = None
            value = out._value() if type(out) is ndarray else _device().jnp.asarray(out)
            written = tuple(i for i, (w, v) in enumerate(zip(wrappers, vals))
                            if w._buf is not v and kinds[i] not in ("scalar", "jax"))
            aux_spec, aux_dyn = _split_out(aux, wrappers, kinds)
            info["written"], info["aux"] = written, aux_spec
            return _out_value(value), (aux_dyn, tuple(_out_value(wrappers[i]._buf)
                                                      for i in written))

        grad_fn = jax.value_and_grad(inner, argnums=0, has_aux=True)

        def body(*vals):
            diff_vals = tuple(vals[i] for i in diff_slots)
            (value, (aux_dyn, written)), grads = grad_fn(diff_vals, vals)
            info["diff_slots"] = diff_slots
            return value, grads, aux_dyn, written

        return body, info


def _join_grads(spec, grads):
    kind = spec[0]
    if kind == "L":
        return grads[spec[1]]
    if kind == "S":
        raise TypeError(f"cannot differentiate with respect to a non-array argument of type "
                        f"{type(spec[1]).__name__}")
    if kind == "C":
        items = [_join_grads(s, grads) for s in spec[2]]
        t = spec[1]
        return t(*items) if hasattr(t, "_fields") else t(items)
    return {k: _join_grads(s, grads) for k, s in spec[1]}


def value_and_grad(fun, argnums=0, has_aux=False):
    """The value of `fun` and its gradient with respect to the arguments `argnums`, through
    npjax code (the function is traced and compiled per signature, as `npjax.jit` does).

    Arrays and Python numbers may be differentiated (numbers as float64, NumPy's float;
    also inside lists, tuples and dicts: the gradient has the argument's structure).
    Gradients of arrays are npjax arrays, of scalars NumPy scalars. With `has_aux` the
    function returns (value, aux) and the result is ((value, aux), gradient)."""
    return _Grad(fun, argnums, has_aux, True, "value_and_grad")


def grad(fun, argnums=0, has_aux=False):
    """The gradient of a scalar function written against npjax (see value_and_grad); with
    `has_aux` the result is (gradient, aux)."""
    return _Grad(fun, argnums, has_aux, False, "grad")


# ---- vectorize -----------------------------------------------------------------------------------
class _NumPyPath(Exception):
    """The call has to run on NumPy's vectorize (a reason NumPy's semantics need it)."""


def _freeze(x, keep):
    """A hashable stand-in for an excluded argument's value (identity where there is no
    value to compare; the object is then kept alive with the cache entry)."""
    t = type(x)
    if t in _SCALARS or isinstance(x, np.generic):
        return _static_key(x)
    if t is list or t is tuple:
        return (t, tuple(_freeze(v, keep) for v in x))
    if t is dict:
        return (t, tuple((_freeze(k, keep), _freeze(v, keep)) for k, v in x.items()))
    if t is set or t is frozenset:
        return (t, frozenset(_freeze(v, keep) for v in x))
    try:
        hash(x)
    except TypeError:
        keep.append(x)
        return ("id", id(x))
    return (t, x)


_vcache = {}     # (pyfunc, options, static key) -> jitted core or reason (NumPy path)
_VCACHE_SIZE = 256


class _VClear:
    def clear(self):
        _vcache.clear()


def _register_v():
    from ._dispatch import register_cache
    register_cache(_VClear())


_register_v()


class vectorize(np.vectorize):
    """numpy.vectorize with NumPy's semantics (broadcasting, `otypes`, `excluded`,
    `signature`, the first output deciding the output dtype, 0-d results for scalar
    input). On host arrays it is NumPy's own. When an argument lives on the device the
    function is traced once per input signature and mapped with `jax.vmap` (nested over
    the broadcast dimensions, as `jax.numpy.vectorize` does) and compiled, instead of
    called per element; a function that cannot be traced (Python control flow on the
    values, calls npjax runs on NumPy, non-numeric results) runs on NumPy's vectorize
    with host copies, a recorded fallback. Differences: the function runs once per
    signature (not once per element, plus once for the output types), on 0-d npjax
    arrays, not on NumPy scalars."""

    __module__ = "npjax"
    _npjax_impl = "native"

    def __call__(self, *args, **kwargs):
        if self.pyfunc is np._NoValue:
            return super().__call__(*args, **kwargs)   # decorator with options, stage 2
        from ._dispatch import _has_device, call_fallback, wrap_host, host_value
        excluded = self.excluded
        inds = [i for i in range(len(args)) if i not in excluded]
        names = [n for n in kwargs if n not in excluded]
        vargs = [args[i] for i in inds] + [kwargs[n] for n in names]
        if not vargs or not _has_device(vargs, None):
            count_call("vectorize", "host")
            hargs = [host_value(a) if i not in excluded else a for i, a in enumerate(args)]
            hkw = {k: (v if k in excluded else host_value(v)) for k, v in kwargs.items()}
            return wrap_host(super().__call__(*hargs, **hkw), {})
        name = _label("vectorize", self.pyfunc)
        count_transform(name, "calls")
        try:
            res = self._on_device(args, kwargs, inds, names, vargs, name)
        except _NumPyPath as why:
            reason = str(why)
            count_transform(name, "numpy")
            record_transform_reason(name, reason)
            return call_fallback("vectorize", super().__call__, args, kwargs, reason)
        return res

    def _on_device(self, args, kwargs, inds, names, vargs, name):
        import jax
        from ._dispatch import wrap_host, abstract, host_value
        dev = _device()
        otypes = None
        if self.otypes is not None:
            otypes = [np.dtype(t) for t in self.otypes]
            if any(t.kind not in "biufc" for t in otypes):
                raise _NumPyPath(f"otypes {self.otypes!r} are not numeric")
        # the mapped arguments as NumPy sees them (asanyarray), without moving device data
        vals = []
        for v in vargs:
            if type(v) is ndarray:
                vals.append(v._value())
            elif dev.is_traced(v) or _is_jax_array(v):
                vals.append(v)
            else:
                vals.append(apply_policy(np.asanyarray(host_value(v))))
        if any(np.dtype(v.dtype).kind not in "biufc" for v in vals):
            raise _NumPyPath("an argument is not numeric")
        shapes = [tuple(v.shape) for v in vals]
        if self.signature is None:
            if otypes is None and any(0 in s for s in shapes):
                raise ValueError("cannot call `vectorize` on size 0 inputs unless `otypes` "
                                 "is set")
            loop = np.broadcast_shapes(*shapes)
        else:
            in_dims, out_dims = self._in_and_out_core_dims
            if len(vals) != len(in_dims):
                raise TypeError(f"wrong number of positional arguments: expected "
                                f"{len(in_dims)!r}, got {len(vals)!r}")
            loop = np.broadcast_shapes(*(s[:max(len(s) - len(d), 0)]
                                         for s, d in zip(shapes, in_dims)))
        if 0 in loop:
            # NumPy never calls the function here: its rules (otypes, new core dimensions)
            # decide, on stand-ins
            count_call("vectorize", "host_by_choice")
            stand = [abstract(v) for v in vals]
            it = iter(stand)
            a = [next(it) if i in inds else x for i, x in enumerate(args)]
            k = dict(kwargs)
            for n in names:
                k[n] = next(it)
            return wrap_host(super().__call__(*a, **k), {})
        # cached per function, options and everything static about the call
        keep = []
        ex_pos = {i: a for i, a in enumerate(args) if i not in inds}
        ex_kw = {n: v for n, v in kwargs.items() if n not in names}
        ex_arrays = []     # excluded arrays become (unmapped) inputs

        def excl(v):
            if _is_array_like(v):
                ex_arrays.append(v)
                buf = v._value() if type(v) is ndarray else v
                return ("A", len(ex_arrays) - 1, tuple(buf.shape), np.dtype(buf.dtype).str)
            return _freeze(v, keep)

        ex_key = (tuple((i, excl(v)) for i, v in sorted(ex_pos.items())),
                  tuple((n, excl(v)) for n, v in ex_kw.items()))
        # what the compiled function keeps of them: values, and slots for the arrays
        slots = iter(range(len(ex_arrays)))
        ex_pos = {i: (_Slot(next(slots)) if _is_array_like(v) else v)
                  for i, v in sorted(ex_pos.items())}
        ex_kw = {n: (_Slot(next(slots)) if _is_array_like(v) else v)
                 for n, v in ex_kw.items()}
        call = _Call(self.pyfunc, (), {})       # globals and closure arrays of pyfunc
        key = (self.pyfunc, tuple(self.otypes or ()), self.signature, len(args),
               tuple(inds), tuple(names), ex_key, call.key,
               tuple(np.dtype(v.dtype).str for v in vals), tuple(len(s) for s in shapes))
        try:
            entry = _vcache.get(key)
        except TypeError:               # an unhashable pyfunc (a callable object)
            key, entry = None, None
        if isinstance(entry, str):
            raise _NumPyPath(entry)
        if entry is None:
            entry = jax.jit(self._core(len(args), inds, names, ex_pos, ex_kw,
                                       len(ex_arrays), call.layout(), otypes, name))
            if key is not None:
                if len(_vcache) >= _VCACHE_SIZE:
                    _vcache.pop(next(iter(_vcache)))
                _vcache[key] = entry
            entry._npjax_keep = keep
            entry._npjax_shapes = set()
        ins = [dev.concrete(v) if dev.is_lazy(v) else v for v in vals]
        ins += [_leaf_value(a, _vkind(a)) for a in ex_arrays]
        ins += [_leaf_value(x, k) for x, k in zip(call.leaves, call.kinds)]
        sig = tuple(shapes)
        first = sig not in entry._npjax_shapes
        start = time.perf_counter() if first else 0.0
        if first:
            _before_trace()
        try:
            outs = entry(*ins)
        except (_NumPyPath,) + _untraceable() as err:
            reason = str(err) if isinstance(err, _NumPyPath) else _reason(err)
            if key is not None:
                _vcache[key] = reason
            raise _NumPyPath(reason) from None
        if first:
            entry._npjax_shapes.add(sig)
            count_transform(name, "compiles")
            count_transform(name, "compile_seconds", time.perf_counter() - start)
        count_call("vectorize", "device")
        res = tuple(ndarray._new(o) for o in outs)
        return res[0] if len(res) == 1 else res

    def _core(self, nargs, inds, names, ex_pos, ex_kw, nex, call, otypes, name):
        """The function of (mapped arguments, excluded arrays, global arrays) that JAX
        compiles: jax.numpy.vectorize of the user's function on npjax wrappers."""
        pyfunc, signature = self.pyfunc, self.signature
        nmapped = len(inds) + len(names)
        nout_sig = None if signature is None else len(self._in_and_out_core_dims[1])
        what = f"npjax.{name}"

        def core(*vals):
            dev = _device()
            ex_w = [ndarray._new(v, readonly=True) for v in vals[nmapped:nmapped + nex]]
            gvals = vals[nmapped + nex:]
            gw = _wrappers(gvals, call)
            base = [ex_pos.get(i) for i in range(nargs)]
            base = [ex_w[v.index] if type(v) is _Slot else v for v in base]
            kw_base = {n: (ex_w[v.index] if type(v) is _Slot else v)
                       for n, v in ex_kw.items()}

            def elem(*xs):
                a = list(base)
                for j, i in enumerate(inds):
                    a[i] = ndarray._new(xs[j])
                k = dict(kw_base)
                k.update(zip(names, (ndarray._new(x) for x in xs[len(inds):])))
                out = pyfunc(*a, **k)
                outs = out if isinstance(out, tuple) else (out,)
                if nout_sig is not None and len(outs) != nout_sig:
                    raise ValueError(f"wrong number of outputs from pyfunc: expected "
                                     f"{nout_sig!r}, got {len(outs)!r}")
                if otypes is not None and nout_sig is None and len(outs) != len(otypes):
                    raise _NumPyPath(f"the function gives {len(outs)} outputs where otypes "
                                     f"has {len(otypes)}")
                res = []
                for j, o in enumerate(outs):
                    v = _elem_value(o)
                    if signature is None and v.shape != ():
                        raise ValueError("setting an array element with a sequence.")
                    if otypes is not None:
                        v = v.astype(otypes[j])
                    res.append(v)
                return tuple(res)

            with _tracing_user_code(pyfunc, call, gw, what):
                outs = dev.jnp.vectorize(elem, signature=signature)(*vals[:nmapped])
            if any(w._buf is not v for w, v in zip(gw, gvals)):
                raise _NumPyPath("the function writes to a global array")
            return tuple(outs)

        return core


class _Slot:
    """Where an excluded array goes among the compiled function's inputs."""
    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index


def _is_array_like(v):
    return type(v) is ndarray or (type(v) is np.ndarray and v.dtype.kind in "biufc") or \
        (not isinstance(v, np.generic) and _is_jax_array(v))


def _vkind(a):
    if type(a) is ndarray:
        return "npjax_host" if a._on_host else "npjax_view" if a._root is not None \
            else "npjax"
    if type(a) is np.ndarray:
        return "numpy"
    return "jax"


def _elem_value(o):
    """One result of the vectorized function as a JAX value with NumPy's dtype."""
    dev = _device()
    if type(o) is ndarray:
        return _out_value(o._value())
    if type(o) in (bool, int, float, complex) or isinstance(o, np.generic) or \
            type(o) is np.ndarray:
        host = np.asarray(o)
        if host.dtype.kind not in "biufc":
            raise _NumPyPath(f"the function returns {type(o).__name__} values")
        return dev.jnp.asarray(host)
    if _is_jax_array(o):
        return o
    raise _NumPyPath(f"the function returns {type(o).__name__} values")
