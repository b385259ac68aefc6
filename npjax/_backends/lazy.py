"""The lazy tier: device operations are recorded as a graph and compiled with one jax.jit.

Every JAX call npjax makes goes through `device.jnp` / `device.lax`; in lazy mode those are
recorders. A recorded call returns a `Lazy` node carrying its result's shape and dtype (from
`jax.eval_shape`, cached per call signature) and nothing is computed until a value is needed:
conversion to NumPy, printing, `bool()`/`float()`, a fallback, `npjax.sync()`, or the node
limit. Then all pending results still held by npjax arrays are computed together by one
compiled function, cached on the graph's structure and its inputs' shapes and dtypes, so a
loop body of the same shapes compiles once.

Python scalars and other non-array arguments are static (part of the cache key); arrays
(NumPy or JAX) are inputs. Nodes that no array refers to any more are neither kept alive nor
computed.
"""
import itertools
import operator
import sys
import time
import weakref

import jax
import numpy as np

from .._config import config
from .._stats import count_event, RecompileWarning

_real_jnp = jax.numpy
_real_lax = jax.lax
_Tracer = jax.core.Tracer
# True when no JAX transformation is tracing: inside one (a user's jax.jit over npjax code,
# eval_shape, a flush replaying a graph) calls run directly on the tracers
from jax._src.core import trace_state_clean as _not_tracing  # noqa: E402

# npjax roots whose buffer may be a pending Lazy node, by id (arrays are unhashable)
_pending_roots = {}
_shape_cache = {}                    # call signature -> (result aval, op number)
_op_numbers = itertools.count()
_compiled = {}
_site_shapes = {}                    # op sequence -> input shapes it was compiled for
_eager_sites = set()
_recorded = [0]                      # nodes recorded since the last flush
_tape = []                           # their op numbers, in recording order
_history = []                        # op numbers of the last flushed graphs (period search)
_loop = [None]                       # (period, cut at writes) of the loop cut per iteration
_writes = []                         # node counts at in-place writes since the last flush
_cut_next = [False]                  # flush before recording the next op


class Lazy:
    """A deferred jax.Array: an operation on other Lazy nodes and concrete arrays."""
    __slots__ = ("shape", "dtype", "weak_type", "_fn", "_path", "_static", "_treedef",
                 "_inputs", "_value", "__weakref__")

    # ---- what npjax reads without computing ----
    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return int(np.prod(self.shape, dtype=np.int64))

    def __len__(self):
        return self.shape[0]

    def __repr__(self):
        state = "computed" if self._value is not None else "pending"
        return f"Lazy({self._path}, shape={self.shape}, dtype={self.dtype}, {state})"

    # ---- values ----
    def materialize(self, reason="value"):
        if self._value is None:
            if self._fn is not _unpad:
                flush([self], reason)
            if self._fn is _unpad:
                # a padded split buffer stays as it is; this value is a sliced copy
                return _unpad_now(self._inputs[0], self.shape)
        return self._value

    def to_numpy(self, reason="to_host"):
        """The value as a NumPy array (a padded split buffer is fetched as it is and sliced
        on the host: no gather on the devices first)."""
        if self._value is None and self._fn is not _unpad:
            flush([self], reason)
        if self._fn is _unpad:
            out = host_array(self._inputs[0])[tuple(slice(0, s) for s in self.shape)]
            out.flags.writeable = False     # like a device buffer's host view
            return out
        return host_array(self._value)

    def __array__(self, dtype=None, copy=None):
        out = self.to_numpy()
        return out if dtype is None else out.astype(dtype)

    def __bool__(self):
        return bool(self.materialize("bool"))

    def __int__(self):
        return int(self.materialize("int"))

    def __float__(self):
        return float(self.materialize("float"))

    def __complex__(self):
        return complex(self.materialize("complex"))

    def __index__(self):
        return operator.index(self.materialize("index"))

    def item(self, *args):
        return self.materialize("item").item(*args)

    def block_until_ready(self):
        return self.materialize("sync").block_until_ready()

    # ---- recorded methods (the jax.Array methods npjax uses) ----
    def __getitem__(self, key):
        kid = _basic_id(key)
        if kid is None:
            return _record("getitem", operator.getitem, (self, key), {})
        if kid[-1]:
            plan = _int_index_plan(self.shape, key)
            if plan is not None:
                starts, sizes, shape = plan
                return _record("dynamic_getitem", _dynamic_getitem,
                               (self, starts, sizes, shape), {})
        return _record_unary("getitem", operator.getitem, self, (key,), kid)

    def astype(self, dtype):
        return _record("astype", _astype, (self, np.dtype(dtype)), {})

    def reshape(self, *shape, order="C"):
        if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
            shape = shape[0]
        return _record("reshape", _reshape, (self, tuple(shape), order), {})

    def transpose(self, *axes):
        if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
            axes = axes[0]
        return _record("transpose", _transpose, (self, tuple(axes) if axes else None), {})

    def ravel(self, order="C"):
        return _record("ravel", _ravel, (self, order), {})

    def conj(self):
        return _record("conj", _real_jnp.conj, (self,), {})

    @property
    def T(self):
        return self.transpose()

    @property
    def real(self):
        return _record("real", _real_jnp.real, (self,), {})

    @property
    def imag(self):
        return _record("imag", _real_jnp.imag, (self,), {})

    @property
    def at(self):
        return _At(self)

    def __jax_array__(self):
        return self.materialize("jax_array")

    def __getattr__(self, name):
        # any other jax.Array method is recorded like the ones above
        if name.startswith("_") or not callable(getattr(jax.Array, name, None)):
            raise AttributeError(name)
        fn = _method_fns.get(name)
        if fn is None:
            def fn(x, *args, **kwargs):
                return getattr(x, name)(*args, **kwargs)
            _method_fns[name] = fn

        def method(*args, **kwargs):
            return _record(f"method.{name}", fn, (self,) + args, kwargs)
        return method


_method_fns = {}


def _basic_id(key):
    """A hashable form of a basic key of slices, integers, None and Ellipsis, ending with
    whether it holds an integer; None for any other key."""
    key = key if type(key) is tuple else (key,)
    out, has_int = [], False
    for k in key:
        t = type(k)
        if t is slice:
            out.append((k.start, k.stop, k.step))
        elif t is int:
            out.append(("i", k))
            has_int = True
        elif k is None or k is Ellipsis:
            out.append(k)
        else:
            return None
    out.append(has_int)
    return tuple(out)


def _int_index_plan(shape, key):
    """A basic key with integers (a[i], a[i, 2:5]) read as a dynamic slice: the positions
    are an input of the graph, not part of its structure, so a loop over i compiles once.
    None for other keys (constant slices stay static: XLA folds and fuses them best)."""
    key = key if type(key) is tuple else (key,)
    if len(key) > len(shape):
        return None
    starts, sizes, out_shape, has_int = [], [], [], False
    for dim, k in zip(shape, key):
        t = type(k)
        if t is slice:
            start, stop, step = k.indices(dim)
            if step != 1:
                return None
            starts.append(start)
            sizes.append(max(0, stop - start))
            out_shape.append(sizes[-1])
        elif t is int or (isinstance(k, np.integer) and t is not np.bool_):
            k = int(k)
            if not -dim <= k < dim:
                return None
            starts.append(k + dim if k < 0 else k)
            sizes.append(1)
            has_int = True
        else:
            return None
    if not has_int:
        return None
    rest = tuple(shape[len(key):])
    starts += [0] * len(rest)
    return (np.asarray(starts, dtype=np.int64), tuple(sizes) + rest,
            tuple(out_shape) + rest)


def _dynamic_getitem(x, starts, sizes, shape):
    return _real_lax.dynamic_slice(x, tuple(starts[i] for i in range(len(sizes))),
                                   sizes).reshape(shape)


def dynamic_write(parent, key, child):
    """`parent` with `parent[key] = child` for an integer basic key (a[i] = row) as a
    dynamic update: one graph for every i. None for keys `_int_index_plan` does not take."""
    plan = _int_index_plan(tuple(parent.shape), key)
    if plan is None:
        return None
    starts, sizes, shape = plan
    return _DYNAMIC_WRITE(parent, child, starts, sizes, shape)


def _dynamic_write(parent, child, starts, sizes, shape):
    child = _real_jnp.broadcast_to(child, shape).reshape(sizes)
    return _real_lax.dynamic_update_slice(
        parent, child.astype(parent.dtype), tuple(starts[i] for i in range(len(sizes))))


def _astype(x, dtype):
    return x.astype(dtype)


def _reshape(x, shape, order):
    return x.reshape(shape, order=order)


def _transpose(x, axes):
    return x.transpose(axes)


def _ravel(x, order):
    return x.ravel(order=order)


class _At:
    __slots__ = ("_x",)

    def __init__(self, x):
        self._x = x

    def __getitem__(self, key):
        return _AtIndex(self._x, key)


class _AtIndex:
    __slots__ = ("_x", "_key")

    def __init__(self, x, key):
        self._x, self._key = x, key

    def __getattr__(self, method):
        if method not in ("set", "add", "multiply", "min", "max", "get", "divide", "power"):
            raise AttributeError(method)

        def run(*args, **kwargs):
            return _record(f"at.{method}", _at_fns[method], (self._x, self._key) + args, kwargs)
        return run


def _at_fn(method):
    def fn(x, key, *args, **kwargs):
        return getattr(x.at[key], method)(*args, **kwargs)
    return fn


_at_fns = {m: _at_fn(m) for m in ("set", "add", "multiply", "min", "max", "get", "divide",
                                  "power")}


# ---- operators on Lazy nodes (npjax's own code uses a few) ----
def _binop(fn):
    def op(self, other):
        return _record(fn.__name__, fn, (self, other), {})
    return op


def _rbinop(fn):
    def op(self, other):
        return _record(fn.__name__, fn, (other, self), {})
    return op


for _name, _fn in (("add", operator.add), ("sub", operator.sub), ("mul", operator.mul),
                   ("truediv", operator.truediv), ("floordiv", operator.floordiv),
                   ("mod", operator.mod), ("pow", operator.pow), ("and", operator.and_),
                   ("or", operator.or_), ("xor", operator.xor), ("matmul", operator.matmul)):
    setattr(Lazy, f"__{_name}__", _binop(_fn))
    setattr(Lazy, f"__r{_name}__", _rbinop(_fn))
for _name, _fn in (("lt", operator.lt), ("le", operator.le), ("gt", operator.gt),
                   ("ge", operator.ge), ("eq", operator.eq), ("ne", operator.ne)):
    setattr(Lazy, f"__{_name}__", _binop(_fn))
Lazy.__neg__ = lambda self: _record("neg", operator.neg, (self,), {})
Lazy.__invert__ = lambda self: _record("invert", operator.invert, (self,), {})
Lazy.__abs__ = lambda self: _record("abs", operator.abs, (self,), {})
Lazy.__hash__ = object.__hash__


# ---- recording -----------------------------------------------------------------------------
def _is_input(x):
    return isinstance(x, (Lazy, jax.Array, np.ndarray))


def _static_key(x):
    """A hashable stand-in for a static argument (slices and lists are not hashable)."""
    if isinstance(x, slice):
        return ("slice", x.start, x.stop, x.step)
    if isinstance(x, (list, tuple)):
        return (type(x).__name__,) + tuple(_static_key(v) for v in x)
    if isinstance(x, dict):
        return ("dict",) + tuple(sorted((k, _static_key(v)) for k, v in x.items()))
    if isinstance(x, np.dtype):
        return ("dtype", x.str)
    if isinstance(x, np.generic):
        return ("scalar", x.dtype.str, x.item())
    if isinstance(x, type):
        return ("type", x.__module__, x.__qualname__)
    try:
        hash(x)
    except TypeError:
        return ("id", id(x))
    return (type(x).__name__, x)


def _aval(x):
    if isinstance(x, Lazy):
        return jax.ShapeDtypeStruct(x.shape, x.dtype, weak_type=x.weak_type)
    if isinstance(x, jax.Array):
        return jax.ShapeDtypeStruct(x.shape, x.dtype, weak_type=getattr(x, "weak_type", False))
    x = np.asarray(x)
    return jax.ShapeDtypeStruct(x.shape, x.dtype)


def _aval_key(a):
    return (a.shape, np.dtype(a.dtype).str, a.weak_type)


def _input_key(x):
    """_aval_key(_aval(x)) without building the ShapeDtypeStruct (hot path)."""
    if type(x) is Lazy:
        return (x.shape, x.dtype.str, x.weak_type)
    if type(x) is np.ndarray:
        return (x.shape, x.dtype.str, False)
    if isinstance(x, jax.Array) and not isinstance(x, _Tracer):
        return (x.shape, np.dtype(x.dtype).str, bool(getattr(x, "weak_type", False)))
    return _aval_key(_aval(x))


def _rebuild(treedef, statics, dyn):
    """The call's (args, kwargs) with the dynamic inputs put back in place."""
    it = iter(dyn)
    leaves = [next(it) if s is _DYN else s for s in statics]
    if type(treedef) is tuple:
        names = treedef[1]
        if not names:
            return leaves, {}
        n = len(leaves) - len(names)
        return leaves[:n], dict(zip(names, leaves[n:]))
    return jax.tree_util.tree_unflatten(treedef, leaves)


_DYN = object()


def _is_leaf(x):
    return isinstance(x, Lazy) or x is None


# jax.numpy functions whose result shape depends on the values: they cannot be deferred
# into a compiled graph, so they run at once on concrete inputs (a flush if needed)
_DATA_DEPENDENT = frozenset(f"jnp.{n}" for n in (
    "nonzero", "flatnonzero", "argwhere", "unique", "unique_all", "unique_counts",
    "unique_inverse", "unique_values", "compress", "extract", "trim_zeros", "bincount",
    "roots", "delete", "insert", "repeat", "ix_", "setdiff1d", "union1d", "intersect1d",
    "setxor1d", "polydiv", "polyfit")) | {"jnp.linalg.lstsq"}


_VALUE_PATHS = _DATA_DEPENDENT | {"jnp.where", "getitem", "at.set", "at.add", "at.multiply",
                                  "at.min", "at.max", "at.get"}


def _needs_values(path, args):
    if path in _DATA_DEPENDENT:
        return True
    if path == "jnp.where":
        return len(args) == 1
    if path in ("getitem", "at.set", "at.add", "at.multiply", "at.min", "at.max", "at.get"):
        key = args[1] if len(args) > 1 else None
        keys = key if isinstance(key, tuple) else (key,)
        return any(getattr(k, "dtype", None) == np.bool_ or isinstance(k, (bool, np.bool_))
                   or isinstance(k, list) for k in keys)
    return False


def leaf(value):
    """A computed node holding a concrete jax.Array."""
    node = Lazy()
    node.shape, node.dtype = tuple(value.shape), np.dtype(value.dtype)
    node.weak_type = bool(getattr(value, "weak_type", False))
    node._path, node._fn, node._treedef, node._static = "leaf", None, None, ((), ())
    node._inputs, node._value = (), value
    return node


def adopt(buf):
    """In lazy mode every device buffer of an npjax array is a node (computed or pending),
    so that JAX methods called on it with pending arguments are recorded, not run."""
    if config.lazy and type(buf) is not Lazy and isinstance(buf, jax.Array) \
            and not isinstance(buf, _Tracer):
        return leaf(buf)
    return buf


_SCALARS = frozenset((int, float, complex, bool, str, type(None), slice, np.dtype))


def _static_tuple(x):
    """A tuple of scalars, slices and such tuples (pad widths, index keys, shapes)."""
    return all(type(v) in _SCALARS or (type(v) is tuple and _static_tuple(v)) for v in x)


def _flat_call(args, kwargs):
    """(treedef, statics, static_key, inputs, input_keys) of a call whose arguments are
    arrays, nodes and hashable scalars (keywords: scalars only), or None for any other call
    (the pytree path). The treedef of such a call is ("flat", keyword names)."""
    statics, skey, inputs, ikeys = [], [], [], []
    for x in args:
        t = type(x)
        if t is Lazy:
            ikeys.append((x.shape, x.dtype, x.weak_type))
            inputs.append(x._value if x._value is not None else x)
            statics.append(_DYN)
            skey.append("·")
        elif t is np.ndarray:
            ikeys.append((x.shape, x.dtype, False))
            inputs.append(x)
            statics.append(_DYN)
            skey.append("·")
        elif t in _SCALARS:
            statics.append(x)
            # the float's bits, not its value: 0.0 == -0.0 and nan != nan
            skey.append((t, x.hex()) if t is float else
                        (t, x.start, x.stop, x.step) if t is slice else (t, x))
        elif t is tuple and _static_tuple(x):
            statics.append(x)
            skey.append(_static_key(x))
        else:
            return None
    names = ()
    if kwargs:
        names = tuple(kwargs)
        for x in kwargs.values():
            t = type(x)
            if t in _SCALARS and t is not float and t is not slice:
                skey.append((t, x))
            elif t is tuple and _static_tuple(x):
                skey.append(_static_key(x))
            else:
                return None
            statics.append(x)
    return ("flat", names), statics, tuple(skey), inputs, tuple(ikeys)


def _record(path, fn, args, kwargs):
    if not config.lazy or not _not_tracing():
        return fn(*_materialized(args), **_materialized(kwargs))
    if path in _VALUE_PATHS and _needs_values(path, args):
        count_event("eager_data_dependent")
        return fn(*_materialized(args), **_materialized(kwargs))
    flat = _flat_call(args, kwargs)
    if flat is not None:
        treedef, statics, static_key, inputs, ikeys = flat
        skey = (path, id(fn), treedef, static_key, ikeys)
        hit = _shape_cache.get(skey)
        if hit is None:
            hit = _shape_cache[skey] = _signature(path, fn, treedef, statics, inputs)
        out, op = hit
        if type(out) is jax.ShapeDtypeStruct:
            return _make(path, fn, treedef, statics, op, inputs, out)
        return _items(_make(path, fn, treedef, statics, op, inputs, None), out)
    return _record_tree(path, fn, args, kwargs)


def _record_unary(path, fn, x, statics_tail, static_key):
    """_record for fn(x, *statics_tail) with x a node and a precomputed static key."""
    if not config.lazy or not _not_tracing():
        return fn(x.materialize(), *statics_tail)
    inp = x._value if x._value is not None else x
    skey = (path, id(fn), _UNARY, static_key, (x.shape, x.dtype, x.weak_type))
    statics = [_DYN, *statics_tail]
    hit = _shape_cache.get(skey)
    if hit is None:
        hit = _shape_cache[skey] = _signature(path, fn, _UNARY, statics, [inp])
    out, op = hit
    return _make(path, fn, _UNARY, statics, op, (inp,), out)


_UNARY = ("flat", ())


def recording():
    """Calls are being recorded (lazy mode, no JAX trace running)."""
    return config.lazy and _not_tracing()


def direct_plan(path, fn, in_avals):
    """A precomputed recording of fn(*inputs) for inputs of these (shape, dtype): the
    caller (the ufunc fast path) makes nodes with `direct_node`, skipping `_record`."""
    out = jax.eval_shape(fn, *(jax.ShapeDtypeStruct(s, d) for s, d in in_avals))
    return path, fn, [_DYN] * len(in_avals), next(_op_numbers), out


def direct_node(plan, inputs):
    path, fn, statics, op, out = plan
    return _make(path, fn, _UNARY, statics, op, inputs, out)


def _record_tree(path, fn, args, kwargs):
    flat, treedef = jax.tree_util.tree_flatten((args, kwargs), is_leaf=_is_leaf)
    statics, inputs = [], []
    for x in flat:
        if isinstance(x, Lazy) and x._value is not None:
            x = x._value
        if _is_input(x):
            statics.append(_DYN)
            inputs.append(x)
        else:
            statics.append(x)
    if any(isinstance(x, _Tracer) for x in inputs):
        # inside a JAX trace (npjax code under jax.jit, or a flush replaying the graph):
        # the trace is already the deferred computation
        return fn(*_materialized(args), **_materialized(kwargs))
    static_key = tuple("·" if s is _DYN else _static_key(s) for s in statics)
    skey = (path, id(fn), treedef, static_key, tuple(_input_key(x) for x in inputs))
    hit = _shape_cache.get(skey)
    if hit is None:
        hit = _shape_cache[skey] = _signature(path, fn, treedef, statics, inputs)
    out, op = hit
    if not isinstance(out, jax.ShapeDtypeStruct):
        return _items(_make(path, fn, treedef, statics, op, inputs, None), out)
    return _make(path, fn, treedef, statics, op, inputs, out)


def _signature(path, fn, treedef, statics, inputs):
    """(result shape/dtype, op number) of a call signature seen for the first time. The op
    number names (function, static arguments, input avals) in the compile cache key, so a
    flush hashes small integers instead of the calls' arguments."""
    def call(*dyn):
        a, k = _rebuild(treedef, statics, dyn)
        return fn(*a, **k)
    out = jax.eval_shape(call, *(_aval(x) for x in inputs))
    return out, next(_op_numbers)


def _items(parent, out):
    """A multi-output call: one node for the tuple, one per item."""
    parent.shape, parent.dtype, parent.weak_type = (), None, False
    items = [_make_item(parent, i, o) for i, o in enumerate(jax.tree_util.tree_leaves(out))]
    return jax.tree_util.tree_unflatten(jax.tree_util.tree_structure(out), items)


def _item(t, i):
    return jax.tree_util.tree_leaves(t)[i]


def _make(path, fn, treedef, statics, op, inputs, out):
    if _cut_next[0]:
        _cut_next[0] = False
        flush([], "loop_body")
    node = Lazy()
    node._path = path
    node._fn = fn
    node._treedef = treedef
    node._static = (statics, op)
    node._inputs = tuple(inputs)
    node._value = None
    if out is not None:
        node.shape, node.dtype, node.weak_type = tuple(out.shape), np.dtype(out.dtype), \
            bool(getattr(out, "weak_type", False))
    _recorded[0] += 1
    _tape.append(op)
    return node


_item_ops = {}


def _make_item(parent, i, out):
    op = _item_ops.get(i)
    if op is None:
        op = _item_ops[i] = next(_op_numbers)
    return _make("item", _item, ("flat", ()), [_DYN, i], op, (parent,), out)


# ---- flushing -------------------------------------------------------------------------------
def note_root(root, replaced=False):
    """An npjax root array now holds a pending node: compute it at the next flush.
    replaced: the root was written in place (setitem, an in-place operator, out=)."""
    buf = root._buf
    if isinstance(buf, Lazy) and buf._value is None and buf._fn is not _unpad:
        key = id(root)
        if key not in _pending_roots:
            _pending_roots[key] = weakref.ref(root, lambda _, k=key: _pending_roots.pop(k, None))
        n = _recorded[0]
        if replaced:
            _writes.append(n)
        loop = _loop[0]
        if loop is not None:
            period, at_writes = loop
            if at_writes:
                if replaced and n >= period:
                    # at the next recorded op: the statement that wrote has ended, and its
                    # temporaries with it (cutting inside it would make them outputs)
                    _cut_next[0] = True
                    return
            elif n >= period:
                flush([], "loop_body")
                return
            if n >= 2 * period:
                _loop[0] = None          # the program left the loop
        if n >= config.node_limit:
            _cut()


def _cut():
    """The node limit is reached. A loop records the same op sequence again and again: from
    here on cut once per period, so each graph is one loop iteration: one compilation serves
    them all, it compiles fast, and XLA on the CPU runs a stencil step 2-4x faster alone
    than fused with the next steps (it recomputes the neighbours). The cut goes right after
    an in-place write of the loop body when it has one (the end of a statement such as
    `u[1:-1] += ...`): there no temporary of the body is alive to become an extra output."""
    n = len(_tape)
    # a loop body longer than half the node limit shows its period across earlier graphs
    period = _period(_history + _tape)
    if period is not None and period > 4 * config.node_limit:
        period = None
    if period is None:
        flush([], "node_limit")
        return
    at_writes = any(w > n - period for w in _writes)
    # a loop without in-place writes is cut at an arbitrary point of its body, where the
    # body's temporaries become extra outputs: a few periods per graph amortise them
    _loop[0] = (period if at_writes else period * max(1, config.node_limit // (2 * period)),
                at_writes)
    if not at_writes:
        flush([], "node_limit")
    # else: the op after the next in-place write flushes (note_root, _make)


def _period(ops, repeats=2):
    """The smallest p such that the last `repeats` blocks of p ops are the same sequence."""
    n = len(ops)
    for p in range(1, n // repeats + 1):
        last = ops[n - p:]
        if all(ops[n - (r + 1) * p:n - r * p] == last for r in range(1, repeats)):
            return p
    return None


def pending_count():
    return _recorded[0]


def flush(targets, reason):
    """Compute `targets` and every pending buffer of a live npjax array with one jit call."""
    outputs, seen = [], set()
    roots = [r for r in (ref() for ref in list(_pending_roots.values()))
             if r is not None and isinstance(r._buf, Lazy) and r._buf._value is None
             and r._buf._fn is not _unpad]
    for node in list(targets) + [r._buf for r in roots]:
        if node._value is None and id(node) not in seen:
            seen.add(id(node))
            outputs.append(node)
    if not outputs:
        _recorded[0] = 0
        _tape.clear()
        _writes.clear()
        return
    order, leaves, key_parts, index, leaf_index, consumers = [], [], [], {}, {}, {}

    def visit(node):
        # iterative post-order walk: inputs before the node that uses them
        stack = [(node, False)]
        while stack:
            n, done = stack.pop()
            if id(n) in index:
                continue
            if done:
                refs = []
                for x in n._inputs:
                    if isinstance(x, Lazy) and x._value is None:
                        refs.append(index[id(x)])
                        consumers[id(x)] = consumers.get(id(x), 0) + 1
                    else:
                        v = x._value if isinstance(x, Lazy) else x
                        lid = leaf_index.get(id(v))
                        if lid is None:
                            lid = leaf_index[id(v)] = len(leaves)
                            leaves.append(v)
                        refs.append(-1 - lid)
                index[id(n)] = len(order)
                order.append(n)
                key_parts.append((n._static[1], tuple(refs)))
                continue
            stack.append((n, True))
            for x in reversed(n._inputs):
                if isinstance(x, Lazy) and x._value is None and id(x) not in index:
                    stack.append((x, False))

    for out in outputs:
        visit(out)
    # pending nodes that something outside the graph still holds (a view's buffer, the
    # temporary of an npjax operation cut in the middle) are computed too: otherwise the next
    # graph would recompute them from their inputs, chaining back through earlier flushes.
    # References: the graph's consumers, `order`, the loop variable and getrefcount's own.
    out_ids = {id(o) for o in outputs}
    for n in order:
        if id(n) not in out_ids and n.dtype is not None and n._fn is not _unpad and \
                sys.getrefcount(n) > 3 + consumers.get(id(n), 0):
            outputs.append(n)
    del n
    try:
        values, placed = _run(order, key_parts, leaves, outputs, index)
    except BaseException:
        # a graph that cannot run (an op JAX rejects when compiled) must not stay pending:
        # every later flush would include it and fail too. Its arrays keep their nodes and
        # raise again when read; the others are computed when next needed.
        _end_graph()
        raise
    count_event(f"flush_{reason}")
    if placed is not None:
        for p in placed:
            if p is not None:
                count_event("sharding_padded" if p[1] is not None else
                            "sharding_split" if p[0].spec else "sharding_replicated")
    for i, (node, val) in enumerate(zip(outputs, values)):
        if placed is not None and placed[i] is not None and placed[i][1] is not None:
            _make_unpadded(node, val)
            continue
        node._value = val
        node._inputs = ()
        node._fn = None
    _history.extend(_tape)
    del _history[:-8 * config.node_limit]
    _end_graph()


def _end_graph():
    """Nothing is pending any more: the recording starts afresh."""
    _pending_roots.clear()
    _recorded[0] = 0
    _tape.clear()
    _writes.clear()
    _cut_next[0] = False


def _run(order, key_parts, leaves, outputs, index):
    """(values of `outputs`, their placements or None): the graph's compiled function, from
    the cache or new."""
    leaf_avals = tuple(_input_key(v) for v in leaves)
    out_idx = tuple(index[id(o)] for o in outputs)
    key = (tuple(key_parts), leaf_avals, out_idx)
    placed = None
    if _sharding[0] is not None and _sharding[0].active():
        placed = _placements(leaves, outputs)
        if placed is not None:
            key += (tuple(p and (p[0].spec, p[1]) for p in placed),)
    fn = _compiled.get(key)
    if fn is None:
        site = (tuple(n._path for n in order), len(out_idx))
        seen = _site_shapes.setdefault(site, [])
        seen.append(leaf_avals)
        if len(seen) > config.recompile_limit:
            # the same code keeps meeting new shapes: stop compiling it, run it op by op
            if site not in _eager_sites:
                _eager_sites.add(site)
                _warn_recompiles(site, seen)
            count_event("eager_flushes")
            fn = _replay_fn(order, key_parts, out_idx)
            placed = None
        else:
            count_event("compiles")
            if placed is None:
                fn = jax.jit(_replay_fn(order, key_parts, out_idx))
            else:
                fn = jax.jit(_replay_fn(order, key_parts, out_idx,
                                        tuple(p and p[1] for p in placed)),
                             out_shardings=tuple(p and p[0] for p in placed))
            _compiled[key] = fn
        start = time.perf_counter()
        values = fn(*leaves)
        count_event("compile_seconds", time.perf_counter() - start)
        return values, placed
    count_event("cache_hits")
    return fn(*leaves), placed


def _warn_recompiles(site, seen):
    import warnings
    shapes = "; ".join(", ".join(f"{np.dtype(d).name}{list(s)}" for s, d, _ in avals[:4])
                       for avals in seen[-4:])
    warnings.warn(f"npjax compiled the same sequence of {len(site[0])} operations "
                  f"{len(seen)} times, for new input shapes or new static arguments such as "
                  f"index values (last input shapes: {shapes}); it now runs op by op "
                  f"without compiling (npjax.config.recompile_limit)",
                  RecompileWarning, stacklevel=4)


def _replay_fn(order, key_parts, out_idx, pads=None):
    """A pure function of the leaves that recomputes the recorded nodes, reading each node's
    inputs from the references `flush` numbered for the cache key (nodes >= 0, leaves < 0).
    pads: per output, None or the padded shape it is stored in (an uneven split)."""
    plan = [(n._fn, n._treedef, n._static[0], part[1]) for n, part in zip(order, key_parts)]

    def replay(*leaves):
        vals = []
        for fn, treedef, statics, refs in plan:
            dyn = [vals[r] if r >= 0 else leaves[-1 - r] for r in refs]
            a, k = _rebuild(treedef, statics, dyn)
            vals.append(fn(*a, **k))
        if pads is None:
            return tuple(vals[i] for i in out_idx)
        return tuple(vals[i] if p is None else _pad(vals[i], p)
                     for i, p in zip(out_idx, pads))
    return replay


# ---- padded buffers of uneven splits (npjax.sharding) -------------------------------------
_sharding = [None]                   # the npjax.sharding module once it is in use


def _unpad(x, shape):
    return x[tuple(slice(0, s) for s in shape)]


def _pad(x, padded):
    return _real_jnp.pad(x, [(0, p - s) for s, p in zip(x.shape, padded)])


_unpad_ops = {}


def unpadded(phys, shape):
    """The array of `shape` stored in the top-left corner of the padded buffer `phys`: a
    node that stays pending, so every graph using it slices the padding off inside the
    compiled computation, and the buffer keeps its split."""
    node = Lazy()
    node.shape, node.dtype, node.weak_type = tuple(shape), np.dtype(phys.dtype), False
    _set_unpad(node, phys)
    return node


def _set_unpad(node, phys):
    key = (tuple(phys.shape), node.dtype.str, node.shape)
    op = _unpad_ops.get(key)
    if op is None:
        op = _unpad_ops[key] = next(_op_numbers)
    node._path, node._fn, node._treedef = "unpad", _unpad, _UNARY
    node._static = ([_DYN, node.shape], op)
    node._inputs, node._value = (phys,), None


def _make_unpadded(node, phys):
    # a computed output stored padded: the node becomes the unpad of its buffer
    node.weak_type = False
    _set_unpad(node, phys)


def physical(node):
    """The buffer a node is stored in: the padded one of an unpad node, else its computed
    value (computed now if pending)."""
    if node._value is None and node._fn is not _unpad:
        flush([node], "sharding")
    return node._inputs[0] if node._fn is _unpad else node._value


_unpad_jit = {}


def _unpad_now(phys, shape):
    fn = _unpad_jit.get(shape)
    if fn is None:
        mod = _sharding[0]
        kw = {"out_shardings": mod.replicated()} if mod is not None and mod.active() else {}
        fn = _unpad_jit[shape] = jax.jit(lambda x: _unpad(x, shape), **kw)
    return fn(phys)


_pad_jit = {}


def pad_to(value, padded, sharding):
    """The concrete jax.Array `value` zero-padded to `padded` and placed with `sharding`."""
    fn = _pad_jit.get((padded, sharding))
    if fn is None:
        fn = _pad_jit[(padded, sharding)] = jax.jit(lambda x: _pad(x, padded),
                                                    out_shardings=sharding)
    return fn(value)


def _placements(leaves, outputs):
    """Per output its (sharding, padded shape) when the graph involves split arrays (a large
    output, or a split input), else None: a graph of small arrays runs as without sharding. Inputs that cannot join the mesh computation as they are (committed
    to another device, or local to this process in a multi-process run) are placed first
    (`leaves` is updated in place)."""
    mod = _sharding[0]
    mesh = mod.mesh()
    threshold = max(config.shard_threshold, 1)
    split_in = any(isinstance(v, jax.Array) and getattr(v.sharding, "mesh", None) is mesh
                   and any(v.sharding.spec) for v in leaves)
    if not split_in and not any(o.dtype is not None and o.size >= threshold
                               for o in outputs):
        return None
    multi = jax.process_count() > 1
    for i, v in enumerate(leaves):
        if isinstance(v, jax.Array):
            if getattr(v.sharding, "mesh", None) is mesh or not (v.committed or multi):
                continue
            sharding, padded = mod.plan(tuple(v.shape))
            leaves[i] = mod.put(host_array(v), sharding if padded is None
                                else mod.replicated()) if multi else \
                jax.device_put(v, sharding if padded is None else mod.replicated())
        elif multi and isinstance(v, np.ndarray):
            leaves[i] = mod.put(v, mod.replicated())
    return tuple(mod.plan(o.shape) if o.dtype is not None else None for o in outputs)


def host_array(value):
    """A NumPy array of a concrete jax.Array, gathered from every process when other
    processes hold parts of it."""
    if isinstance(value, jax.Array) and not isinstance(value, _Tracer) \
            and not value.is_fully_addressable:
        if value.is_fully_replicated:
            return np.asarray(value.addressable_data(0))
        from jax.experimental import multihost_utils
        return np.asarray(multihost_utils.process_allgather(value, tiled=True))
    return np.asarray(value)


def clear():
    _unpad_jit.clear()
    _pad_jit.clear()
    _shape_cache.clear()
    _compiled.clear()
    _site_shapes.clear()
    _eager_sites.clear()


# ---- the recording namespaces -----------------------------------------------------------------
class Recorder:
    """Stands for a jax.numpy / jax.lax callable (or namespace): records in lazy mode."""
    __slots__ = ("_obj", "_path", "_children")

    def __init__(self, obj, path):
        self._obj = obj
        self._path = path
        self._children = {}

    def __getattr__(self, name):
        child = self._children.get(name)
        if child is None:
            obj = getattr(self._obj, name)
            if not (callable(obj) or hasattr(obj, "__dict__")) or isinstance(obj, type):
                return obj
            child = self._children[name] = Recorder(obj, f"{self._path}.{name}")
        return child

    def __call__(self, *args, **kwargs):
        if not config.lazy:
            return self._obj(*_materialized(args), **_materialized(kwargs))
        return _record(self._path, self._obj, args, kwargs)

    def __repr__(self):
        return f"<npjax recorder for {self._path}>"


_DYNAMIC_WRITE = Recorder(_dynamic_write, "dynamic_write")


def _materialized(tree):
    return jax.tree_util.tree_map(lambda x: x.materialize() if isinstance(x, Lazy) else x,
                                  tree, is_leaf=_is_leaf)


def _register():
    from .. import _array
    from .._dispatch import register_cache
    _array._LAZY[0] = Lazy
    _array._ADOPT[0] = adopt
    _array._NOTE_ROOT[0] = note_root
    register_cache(_shape_cache)
    register_cache(_compiled)
    register_cache(_site_shapes)
    register_cache(_eager_sites)


_register()
