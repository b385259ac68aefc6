"""npjax.ufunc: NumPy's ufunc protocol (call, reduce, accumulate, outer, at, reduceat).

On the device the loop dtypes come from NumPy's own `ufunc.resolve_dtypes` (NEP 50 weak
Python scalars included): inputs are cast to the loop's dtypes before the JAX call, so
JAX's promotion lattice is never consulted.
"""
import numpy as np

from . import _dispatch
from ._array import ndarray, _PLAIN_HOST
from ._dispatch import (call_host, call_fallback, _has_device, to_jax, write_out,
                        function, register_cache)
from ._dtypes import policy_dtype, on_jax
from ._stats import count_call, _calls
from ._views import zero_strided

_PY_SCALARS = (bool, int, float, complex)
_COMPARISONS = frozenset({"equal", "not_equal", "less", "less_equal", "greater",
                          "greater_equal"})
_loop_cache = register_cache({})


def _whole_operands(args, kwargs):
    """A gufunc's list operand is one array ([[1, 2]] @ a), not a sequence of arrays."""
    return tuple(np.asarray(a) if type(a) in (list, tuple) else a for a in args), kwargs


def _jnp():
    from npjax._backends.device import jnp
    return jnp


_MISS = object()


# NumPy ufunc -> npjax's device implementation of it (NumPy's override protocol brings
# calls of NumPy's ufuncs on npjax arrays here, see _interop.array_ufunc)
DEVICE_UFUNCS = {}

_lazy = None    # npjax._backends.lazy, set by the first fast plan (JAX loads lazily)
# ufuncs whose device results need NumPy's special cases (see _device_call)
_FIXED_UP = frozenset({"power", "floor_divide", "divmod"})


class _CacheGroup(list):
    def clear(self):
        for cache in self:
            cache.clear()


_fast_caches = register_cache(_CacheGroup())


class ufunc:
    """A NumPy ufunc that runs on JAX for device arrays. See numpy.ufunc."""

    __slots__ = ("_np", "_jax_name", "__name__", "__qualname__", "_reduce", "_accumulate",
                 "_outer", "_reduceat", "_doc", "_methods", "_gufunc", "_fast", "_nin", "_host_key")

    def __init__(self, np_ufunc, jax_name=None, methods=False):
        """methods: the jax.numpy counterpart is a jnp.ufunc (has reduce/accumulate/at...)."""
        self._np = np_ufunc
        self._jax_name = jax_name
        self.__name__ = self.__qualname__ = np_ufunc.__name__
        self._doc = (f"npjax ufunc {np_ufunc.__name__}: NumPy semantics "
                        f"(see `numpy.{np_ufunc.__name__}`), on JAX for device arrays.")
        jname = jax_name if methods else None
        self._methods = methods
        # generalized ufuncs (matmul, vecdot...) broadcast over loop dims only: NumPy's
        # probe gives their dtype, as for ordinary functions
        self._gufunc = (function(self.__name__, np_ufunc, jax_name, arrays=(0, 1),
                                 prepare=_whole_operands)
                        if np_ufunc.signature else None)
        self._reduce = function(self.__name__ + ".reduce", np_ufunc.reduce,
                                _jax_method(jname, "reduce"))
        self._accumulate = function(self.__name__ + ".accumulate", np_ufunc.accumulate,
                                    _jax_method(jname, "accumulate"))
        self._outer = function(self.__name__ + ".outer", np_ufunc.outer,
                               _jax_method(jname, "outer"), arrays=(0, 1))
        self._reduceat = function(self.__name__ + ".reduceat", np_ufunc.reduceat, None)
        # plain calls (no keywords) of one-output elementwise ufuncs with a JAX loop take
        # the fast path; per operand kinds it caches the loop and result shape
        self._fast = {} if (jax_name is not None and np_ufunc.nout == 1
                            and not np_ufunc.signature
                            and self.__name__ not in _FIXED_UP) else None
        self._nin = np_ufunc.nin
        DEVICE_UFUNCS[np_ufunc] = self
        self._host_key = (self.__name__, "host")
        if self._fast is not None:
            _fast_caches.append(self._fast)

    # NumPy's attributes
    __doc__ = property(lambda self: self._doc)
    nin = property(lambda self: self._np.nin)
    nout = property(lambda self: self._np.nout)
    nargs = property(lambda self: self._np.nargs)
    ntypes = property(lambda self: self._np.ntypes)
    types = property(lambda self: self._np.types)
    identity = property(lambda self: self._np.identity)
    signature = property(lambda self: self._np.signature)
    # as on every public function: "native" runs on JAX, "fallback" on NumPy for device arrays
    # the only ufunc without a JAX loop is isnat, for datetimes, which never live on the
    # device: it always runs on NumPy
    _npjax_impl = property(lambda self: "native" if self._jax_name is not None else "host")

    def __repr__(self):
        return f"<ufunc '{self.__name__}'>"

    def _jax_loop(self, real=False):
        """The JAX function of the elementwise loop: the recorded jax.numpy `jax_name`, or
        (real=True) its (path, unrecorded function) for the lazy tier's direct plans.
        SciPy's ufuncs (npjax.scipy.special) override it."""
        if real:
            from ._backends import lazy
            return f"jnp.{self._jax_name}", getattr(lazy._real_jnp, self._jax_name)
        return getattr(_jnp(), self._jax_name)

    def resolve_dtypes(self, *args, **kwargs):
        return self._np.resolve_dtypes(*args, **kwargs)

    def __call__(self, *args, **kwargs):
        if not kwargs and self._fast is not None and len(args) == self._nin:
            # plain NumPy operands: NumPy runs the call as it is, at NumPy's cost
            t = type(args[0])
            if (t is np.ndarray or t in _PY_SCALARS) and _PLAIN_HOST[0] and \
                    (len(args) == 1 or type(args[1]) is np.ndarray or
                     type(args[1]) in _PY_SCALARS) and \
                    (t is np.ndarray or type(args[-1]) is np.ndarray):
                _calls[self._host_key] += 1
                return self._np(*args)
            res = self._fast_call(args)
            if res is not _MISS:
                return res
        return self._call(*args, **kwargs)

    def _fast_call(self, args):
        """The call without keywords: operands are plain NumPy arrays / scalars (NumPy runs
        it as it is) or npjax device arrays and float/int scalars (the loop and result
        shape come from a cache keyed on the operands' shapes and dtypes)."""
        key = []
        host = True
        for a in args:
            t = type(a)
            if t is ndarray:
                v = a._buf if a._root is None else a._value()
                if type(v) is np.ndarray:
                    return _MISS
                host = False
                key.append((v.shape, v.dtype))
            elif t is np.ndarray or t is float or t is int or t is complex:
                key.append(t if t is not np.ndarray else (a.shape, a.dtype, 0))
            else:
                return _MISS
        if host:
            if not _PLAIN_HOST[0]:
                return _MISS
            count_call(self.__name__, "host")
            return self._np(*args)
        key = tuple(key) if _PLAIN_HOST[0] else ("fast32",) + tuple(key)  # dtype policy
        plan = self._fast.get(key)
        if plan is None:
            plan = self._fast[key] = self._fast_plan(args)
        if plan is False:
            return _MISS
        jfn, in_dtypes, out_dtype, direct = plan
        if direct is not None and _lazy.recording():
            # operands already of the loop's dtypes: the node is made from the cached
            # recording of this call (the lazy tier's hot path)
            ins = []
            for a in args:
                t = type(a)
                if t is ndarray:
                    ins.append(a._buf if a._root is None else a._value())
                else:
                    ins.append(np.asarray(a, dtype=in_dtypes[len(ins)]))
            count_call(self.__name__, "device")
            return ndarray._new(_lazy.direct_node(direct, ins))
        ins = []
        for a, dt in zip(args, in_dtypes):
            t = type(a)
            if t is ndarray:
                v = a._buf if a._root is None else a._value()
                ins.append(v if v.dtype == dt else v.astype(dt))
            elif t is np.ndarray:
                ins.append(_dispatch.to_jax(a.astype(dt, copy=False)))
            else:
                ins.append(np.asarray(a, dtype=dt))
        count_call(self.__name__, "device")
        res = jfn(*ins)
        if res.dtype != out_dtype:
            res = res.astype(out_dtype)
        return ndarray._new(res)

    def _fast_plan(self, args):
        """(jax function, operand dtypes, result dtype) for operands of these kinds, or
        False when the general path must run (0-d results, integer Python scalars meeting
        an integer loop, bad operands: NumPy's errors come from there)."""
        keys, shapes = [], []
        for a in args:
            if type(a) in _PY_SCALARS:
                keys.append(type(a))
                shapes.append(())
            else:
                v = a._value() if type(a) is ndarray else a
                keys.append(np.dtype(v.dtype))
                shapes.append(tuple(v.shape))
        try:
            loop = tuple(policy_dtype(d) for d in self._loop(tuple(keys), None, "same_kind",
                                                              args))
            shape = np.broadcast_shapes(*shapes)
        except (TypeError, ValueError):
            return False
        if not shape or not all(on_jax(d) for d in loop + tuple(
                k for k in keys if type(k) is not type)):
            return False
        for k, dt in zip(keys, loop):
            if k is int and dt.kind in "iub":
                return False
        if loop[-1].kind == "c" and self.__name__ in ("maximum", "minimum"):
            return False
        direct = None
        global _lazy
        from ._backends import lazy
        _lazy = lazy
        if all(type(a) in _PY_SCALARS or
               (type(a) is ndarray and type(a._value()) is lazy.Lazy and a.dtype == dt)
               for a, dt in zip(args, loop)):
            direct = lazy.direct_plan(*self._jax_loop(real=True),
                                      [(s, dt) for s, dt in zip(shapes, loop)])
            if direct[-1].shape != shape or direct[-1].dtype != loop[-1]:
                direct = None
        return self._jax_loop(), loop[:self._nin], loop[-1], direct

    def _call(self, *args, out=None, where=True, casting="same_kind", order="K",
              dtype=None, subok=True, signature=None, **extra):
        np_u = self._np
        if len(args) > np_u.nargs:
            raise TypeError(f"{self.__name__}() takes from {np_u.nin} to {np_u.nargs} "
                            f"positional arguments but {len(args)} were given")
        if len(args) > np_u.nin:
            if out is not None:
                raise TypeError("cannot specify 'out' as both a positional and keyword argument")
            args, out = args[:np_u.nin], args[np_u.nin:]
        if type(out) is tuple and np_u.nout == 1:
            if len(out) != 1:
                raise ValueError("The 'out' tuple must have exactly one entry per ufunc output")
            out = out[0]
        kwargs = {}
        if out is not None:
            kwargs["out"] = out
        if where is not True:
            kwargs["where"] = where
        if casting != "same_kind":
            kwargs["casting"] = casting
        if order != "K":
            kwargs["order"] = order
        if dtype is not None:
            kwargs["dtype"] = dtype
        if signature is not None:
            kwargs["signature"] = signature
        if not subok:
            kwargs["subok"] = subok
        kwargs.update(extra)
        if self._gufunc is not None:
            return self._gufunc(*args, **kwargs)
        if not _has_device(args, kwargs):
            return call_host(self.__name__, np_u, args, kwargs)
        if self._jax_name is None or order != "K" or signature is not None or extra \
                or np_u.nout > 2 or (np_u.nout > 1 and where is not True):
            return call_fallback(self.__name__, np_u, args, kwargs,
                                 "no JAX implementation for this call")
        return self._device_call(args, out, where, casting, dtype)

    def _device_call(self, args, out, where, casting, dtype):
        np_u = self._np
        if len(args) != np_u.nin:
            np_u(*[zero_strided((), np.float64)] * len(args))  # NumPy's own arity error
        shapes, keys = [], []
        for a in args:
            if type(a) is ndarray or _dispatch.is_device_buffer(a):
                v = a._value() if type(a) is ndarray else a
                shapes.append(tuple(v.shape))
                keys.append(np.dtype(v.dtype))
            elif type(a) in _PY_SCALARS:
                shapes.append(())
                # a Python bool is NumPy's strong bool, only int/float/complex are weak
                keys.append(np.dtype(bool) if type(a) is bool else type(a))
            else:
                h = np.asarray(a)
                shapes.append(h.shape)
                keys.append(h.dtype)
        loop = tuple(policy_dtype(d) for d in self._loop(tuple(keys), dtype, casting, args))
        try:
            shape = np.broadcast_shapes(*shapes)
        except ValueError:
            np_u(*[zero_strided(s, k if isinstance(k, np.dtype) else np.dtype(k))
                   for s, k in zip(shapes, keys)])
            raise
        if not all(on_jax(d) for d in loop + tuple(k for k in keys if type(k) is not type)):
            # longdouble, objects, swapped bytes: JAX has no such arrays
            if any(d.kind == "O" for d in loop):
                # object loops apply Python's operators per element: an operand they reject
                # (None...) is NumPy's TypeError, not a fallback
                np_u(*[np.ones(1, k) if isinstance(k, np.dtype) and k.kind != "O" else a
                       for a, k in zip(args, keys)])
            kw = {k: v for k, v in (("out", out), ("dtype", dtype)) if v is not None}
            kw.update({} if where is True else {"where": where},
                      **({} if casting == "same_kind" else {"casting": casting}))
            return call_fallback(self.__name__, np_u, args, kw, "dtype not available on JAX")
        ins, const = [], None
        for a, k, dt in zip(args, keys, loop[:np_u.nin]):
            if type(a) in _PY_SCALARS:
                if type(a) is int and dt.kind in "iu":
                    info = np.iinfo(dt)
                    if not info.min <= a <= info.max:
                        # NumPy raises OverflowError (NEP 50) except in comparisons, which it
                        # answers exactly: every value of the array is on one side of `a`
                        np_u(*[zero_strided((), kb) if isinstance(kb, np.dtype) else b
                               for b, kb in zip(args, keys)])
                        if self.__name__ in _COMPARISONS:
                            const = bool(np_u(*[(1 if a > 0 else -1) if b is a else 0
                                                for b in args]))
                            continue
                ins.append(np.asarray(a, dtype=dt) if type(a) is not complex or dt.kind == "c"
                           else np.asarray(a).astype(dt))
            else:
                j = to_jax(a)
                ins.append(j if j.dtype == dt else j.astype(dt))
        outs = loop[np_u.nin:]
        if out is not None:
            self._check_out(out, shape, outs, casting, args)
        if self.__name__ == "power" and loop[1].kind in "iu" and const is None:
            e = args[1]
            if (e < 0 if type(e) in _PY_SCALARS
                    else loop[1].kind == "i" and bool(_jnp().any(ins[1] < 0))):
                raise ValueError("Integers to negative integer powers are not allowed.")
        count_call(self.__name__, "device")
        if const is not None:
            res = (_jnp().full(shape, const),)
        else:
            res = self._jax_loop()(*ins)
            res = tuple(res) if isinstance(res, (tuple, list)) else (res,)
        res = tuple(r if r.dtype == dt else r.astype(dt) for r, dt in zip(res, outs))
        if self.__name__ in ("floor_divide", "divmod") and outs[0].kind in "iu":
            # NumPy's integer floor division by zero gives 0 (JAX's gives -1)
            res = (_jnp().where(ins[1] == 0, _jnp().zeros((), outs[0]), res[0]),) + res[1:]
        elif self.__name__ in ("maximum", "minimum") and outs[0].kind == "c":
            # NumPy returns the first NaN operand (real or imaginary part NaN); JAX does not
            x, y = (_jnp().asarray(v) for v in ins)
            res = (_jnp().where(_jnp().isnan(x), x, _jnp().where(_jnp().isnan(y), y, res[0])),)
        if where is not True:
            mask = to_jax(where)
            if out is not None:
                prev = out._jax() if type(out) is ndarray else to_jax(out)
                res = (_jnp().where(mask, res[0].astype(prev.dtype), prev),)
            else:
                res = (_jnp().where(mask, res[0], _jnp().zeros((), res[0].dtype)),)
        if out is not None:
            outs_t = out if isinstance(out, tuple) else (out,)
            written = tuple(write_out(o, r) if o is not None else ndarray._new(r)
                            for o, r in zip(outs_t, res))
            return written if np_u.nout > 1 else written[0]
        if not shape and not _dispatch._device_mod().is_traced(res[0]):
            # NumPy returns scalars for 0-d results (without out=)
            vals = tuple(_dispatch._device_mod().to_host(r)[()] for r in res)
        else:
            vals = tuple(ndarray._new(r) for r in res)
        return vals if np_u.nout > 1 else vals[0]

    def _loop(self, keys, dtype, casting, args):
        ck = (keys, dtype, casting)
        hit = _loop_cache.get((self.__name__, ck))
        if hit is not None:
            return hit
        np_u = self._np
        sig = None if dtype is None else (None,) * np_u.nin + (np.dtype(dtype),) * np_u.nout
        if casting == "equiv" and any(type(k) is type for k in keys):
            # resolve_dtypes crashes the interpreter (NumPy 2.4) where this call raises
            np_u(*[zero_strided((), k) if isinstance(k, np.dtype) else a
                   for k, a in zip(keys, args)], casting=casting,
                 **({} if dtype is None else {"dtype": dtype}))
        try:
            kw = {} if sig is None else {"signature": sig}
            loop = np_u.resolve_dtypes(keys + (None,) * np_u.nout, casting=casting, **kw)
        except (TypeError, ValueError):
            # let NumPy raise its own message for the same operands
            kw = {} if dtype is None else {"dtype": dtype}
            np_u(*[zero_strided((), k) if isinstance(k, np.dtype) else a
                   for k, a in zip(keys, args)], casting=casting, **kw)
            raise
        _loop_cache[(self.__name__, ck)] = loop
        return loop

    def _check_out(self, out, shape, outs, casting, args):
        outs_t = out if isinstance(out, tuple) else (out,)
        for o, dt in zip(outs_t, outs):
            if o is None:
                continue
            if type(o) is not ndarray and type(o) is not np.ndarray:
                raise TypeError("return arrays must be of ArrayType")
            ok_cast = np.can_cast(dt, o.dtype, casting)
            try:
                ok_shape = np.broadcast_shapes(shape, o.shape) == o.shape
            except ValueError:
                ok_shape = False
            if not (ok_cast and ok_shape):
                dummies = [zero_strided(np.shape(a) if not hasattr(a, "shape") else a.shape,
                                        getattr(a, "dtype", None) or np.asarray(a).dtype)
                           if type(a) not in _PY_SCALARS else a for a in args]
                douts = tuple(zero_strided(p.shape, p.dtype, writeable=True)
                              if p is not None else None for p in outs_t)
                self._np(*dummies, out=douts, casting=casting)
                raise TypeError(f"cannot cast ufunc output from {dt} to {o.dtype}")

    # ---- methods --------------------------------------------------------------------
    def reduce(self, *args, **kwargs):
        return self._reduce(*args, **kwargs)

    def accumulate(self, *args, **kwargs):
        return self._accumulate(*args, **kwargs)

    def outer(self, *args, **kwargs):
        return self._outer(*args, **kwargs)

    def reduceat(self, *args, **kwargs):
        return self._reduceat(*args, **kwargs)

    def at(self, a, indices, b=None):
        """Unbuffered in-place operation: repeated indices accumulate (NumPy's rule)."""
        if type(a) is not ndarray:
            return self._np.at(a, indices, b) if b is not None else self._np.at(a, indices)
        a._check_writeable()
        args = (a, indices) if b is None else (a, indices, b)
        if not _has_device(args, {}):
            call_host(self.__name__ + ".at", self._np.at, args, {})
            return None
        if not self._methods:
            call_fallback(self.__name__ + ".at", self._np.at, args, {}, "no JAX implementation")
            return None
        from ._array import _host_key, _unwrap_key
        key = _host_key(_unwrap_key(indices))
        dummy = zero_strided(a.shape, a.dtype, writeable=True)
        if b is None:
            self._np.at(dummy, key)
        else:
            bv = b._value() if type(b) is ndarray else b
            bd = bv if type(bv) in _PY_SCALARS else zero_strided(np.shape(bv), bv.dtype
                                                                 if hasattr(bv, "dtype")
                                                                 else np.asarray(bv).dtype)
            self._np.at(dummy, key, bd)
        count_call(self.__name__ + ".at", "device")
        jfn = getattr(_jnp(), self._jax_name)
        # jnp's ufunc.at takes integer arrays only: name each selected element (slices and
        # masks included) by its flat position; repeated positions accumulate, as in NumPy
        lin = np.arange(a.size, dtype=np.int64).reshape(a.shape)[key]
        pos = to_jax(np.ravel(lin))
        flat = a._jax().ravel()
        if b is None:
            new = jfn.at(flat, pos, inplace=False)
        else:
            bj = _jnp().broadcast_to(to_jax(b).astype(a.dtype), np.shape(lin)).ravel()
            new = jfn.at(flat, pos, bj, inplace=False)
        a._replace(new.reshape(a.shape).astype(a.dtype))
        return None


def _jax_method(jax_name, method):
    if jax_name is None:
        return None

    def run(*args, **kwargs):
        return getattr(getattr(_jnp(), jax_name), method)(*args, **kwargs)
    run.__name__ = f"{jax_name}.{method}"
    return run
