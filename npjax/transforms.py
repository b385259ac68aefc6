"""`npjax.jit`, `npjax.grad`, `npjax.value_and_grad`: JAX transformations of npjax code.

The function is written against npjax (or NumPy, run through `python -m npjax run`); inside
the transformation its array arguments are npjax arrays holding JAX tracers, so npjax's
dispatch (NumPy's dtypes, errors and mutation semantics) runs while JAX traces.

`jit` compiles per signature: array arguments (npjax, NumPy or JAX arrays, also inside
lists, tuples and dicts) are inputs keyed on shape and dtype; every other argument (Python
numbers, strings, tuples of them, None) is static. NumPy-style mutation of an argument
inside the function (`a[i] = v`, `a += b`) reaches the caller's array after the call, as in
NumPy. When the function cannot be traced — Python control flow on array values, a call
npjax can only run on NumPy — it runs eagerly for that signature, once warned
(`JitFallbackWarning`) and counted in `npjax.stats()["lazy"]["jit_eager"]`.
"""
import functools
import warnings

import numpy as np

from ._array import ndarray
from ._config import config
from ._stats import count_event


class JitFallbackWarning(RuntimeWarning):
    """An `npjax.jit` function could not be traced for a signature and runs eagerly."""


def _jax():
    from ._backends import device
    return device


def _untraceable_errors():
    import jax
    errors = jax.errors
    return (errors.ConcretizationTypeError, errors.TracerArrayConversionError,
            errors.TracerBoolConversionError, errors.TracerIntegerConversionError,
            errors.NonConcreteBooleanIndexError)


def _is_array(x):
    import jax
    return isinstance(x, (ndarray, np.ndarray, jax.Array))


def _leaf_key(x):
    return ("A", tuple(x.shape), np.dtype(x.dtype).str)


def _split(tree):
    """(array leaves, structure with arrays replaced by slots, hashable key)."""
    leaves = []

    def walk(x):
        if _is_array(x):
            leaves.append(x)
            return ("#", len(leaves) - 1)
        if type(x) in (list, tuple):
            return (type(x).__name__, tuple(walk(v) for v in x))
        if type(x) is dict:
            return ("dict", tuple((k, walk(v)) for k, v in sorted(x.items())))
        try:
            hash(x)
        except TypeError:
            raise TypeError(f"npjax.jit: argument of type {type(x).__name__} is neither an "
                            f"array nor hashable (static)") from None
        return ("=", type(x).__name__, x)

    shape = walk(tree)
    return leaves, shape


def _join(shape, leaves):
    kind = shape[0]
    if kind == "#":
        return leaves[shape[1]]
    if kind in ("list", "tuple"):
        items = [_join(s, leaves) for s in shape[1]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {k: _join(s, leaves) for k, s in shape[1]}
    return shape[2]


def _to_jax(x):
    dev = _jax()
    if type(x) is ndarray:
        return dev.concrete(x._jax())
    if isinstance(x, np.ndarray):
        return dev.to_device(x)
    return dev.concrete(x)


def _wrap_out(x):
    """A traced function's output back as NumPy's kinds: arrays as npjax arrays, 0-d
    results as NumPy scalars (what NumPy returns from reductions and indexing)."""
    import jax
    if isinstance(x, jax.Array):
        if x.ndim == 0:
            return _jax().to_host(x)[()]
        return ndarray._new(x)
    return x


class _Jitted:
    def __init__(self, fun, static_argnums, static_argnames):
        self._fun = fun
        self._static_argnums = frozenset(static_argnums)
        self._static_argnames = frozenset(static_argnames)
        self._compiled = {}          # signature -> (jitted callable, mutated input slots)
        self._eager = {}             # signature -> reason
        functools.update_wrapper(self, fun)

    def __call__(self, *args, **kwargs):
        import jax
        dyn_args = [a for i, a in enumerate(args) if i not in self._static_argnums]
        dyn_kwargs = {k: v for k, v in kwargs.items() if k not in self._static_argnames}
        leaves, shape = _split((dyn_args, dyn_kwargs))
        statics = (tuple((i, a) for i, a in enumerate(args) if i in self._static_argnums),
                   tuple(sorted((k, v) for k, v in kwargs.items()
                                if k in self._static_argnames)))
        sig = (shape, statics, tuple(_leaf_key(x) for x in leaves))
        if sig in self._eager:
            count_event("jit_eager")
            return self._fun(*args, **kwargs)
        entry = self._compiled.get(sig)
        if entry is None:
            if len(self._compiled) >= config.recompile_limit:
                return self._run_eagerly(sig, args, kwargs, "new shapes after "
                                         f"{len(self._compiled)} compilations "
                                         "(npjax.config.recompile_limit)")
            entry = self._compiled[sig] = self._trace(args, kwargs, shape, statics)
            count_event("jit_compiles")
        fn, mutated = entry
        try:
            outs, written = fn(*[_to_jax(x) for x in leaves])
        except _untraceable_errors() as err:
            del self._compiled[sig]
            return self._run_eagerly(sig, args, kwargs, f"{type(err).__name__}: "
                                     f"{str(err).splitlines()[0]}")
        for slot, value in zip(mutated[0], written):
            _write_back(leaves[slot], value)
        return jax.tree_util.tree_map(_wrap_out, outs)

    def _trace(self, args, kwargs, shape, statics):
        import jax
        mutated = [()]
        static_pos = dict(statics[0])
        static_kw = dict(statics[1])

        def traced(*vals):
            wrappers = [ndarray._new(v) for v in vals]
            dyn_args, dyn_kwargs = _join(shape, wrappers)
            it = iter(dyn_args)
            call_args = [static_pos[i] if i in static_pos else next(it)
                         for i in range(len(dyn_args) + len(static_pos))]
            out = self._fun(*call_args, **dyn_kwargs, **static_kw)
            changed = tuple(i for i, (w, v) in enumerate(zip(wrappers, vals))
                            if w._value() is not v)
            mutated[0] = changed
            out_vals = jax.tree_util.tree_map(
                lambda x: x._value() if type(x) is ndarray else x, out,
                is_leaf=lambda x: type(x) is ndarray)
            return out_vals, tuple(wrappers[i]._value() for i in changed)

        return jax.jit(traced), mutated

    def _run_eagerly(self, sig, args, kwargs, reason):
        self._eager[sig] = reason
        count_event("jit_eager")
        warnings.warn(f"npjax.jit({getattr(self._fun, '__name__', 'function')}) runs eagerly "
                      f"for this signature: {reason}", JitFallbackWarning, stacklevel=3)
        return self._fun(*args, **kwargs)


def _write_back(target, value):
    """The final value of an argument the function wrote to, stored where NumPy would
    have written: the caller's npjax array (or view) or NumPy array."""
    if type(target) is ndarray:
        target[...] = ndarray._new(value)
    elif isinstance(target, np.ndarray):
        target[...] = _jax().to_host(value)
    else:
        raise TypeError("npjax.jit: a JAX array argument was written to, but JAX arrays "
                        "are immutable")


def jit(fun=None, *, static_argnums=(), static_argnames=()):
    """Compile a function written against npjax (see the module docstring)."""
    if isinstance(static_argnums, int):
        static_argnums = (static_argnums,)
    if isinstance(static_argnames, str):
        static_argnames = (static_argnames,)
    if fun is None:
        return functools.partial(jit, static_argnums=static_argnums,
                                 static_argnames=static_argnames)
    return _Jitted(fun, static_argnums, static_argnames)


def _grad_input(x):
    dev = _jax()
    if isinstance(x, (bool, int, float)) or (isinstance(x, np.generic)):
        x = np.asarray(x, dtype=np.float64) if not isinstance(x, np.floating) else \
            np.asarray(x)
    return _to_jax(x)


def value_and_grad(fun, argnums=0, has_aux=False):
    """The value of `fun` and its gradient with respect to `argnums`, through npjax code.
    Python numbers are differentiated as float64, like NumPy's float; gradients come back
    as npjax arrays (NumPy scalars for scalar arguments)."""
    import jax
    many = not isinstance(argnums, int)
    nums = tuple(argnums) if many else (argnums,)

    def wrapped(*args, **kwargs):
        diff = [_grad_input(args[i]) for i in nums]

        def f(*vals):
            call = list(args)
            for i, v in zip(nums, vals):
                call[i] = ndarray._new(v)
            out = fun(*call, **kwargs)
            if has_aux:
                out, aux = out
            val = out._value() if type(out) is ndarray else out
            if has_aux:
                aux = jax.tree_util.tree_map(
                    lambda x: x._value() if type(x) is ndarray else x, aux,
                    is_leaf=lambda x: type(x) is ndarray)
                return val, aux
            return val

        (value, *aux), grads = _vg(jax, f, len(nums), has_aux)(*diff)
        grads = tuple(_wrap_out(g) for g in grads)
        value = _wrap_out(value)
        result = grads if many else grads[0]
        if has_aux:
            return (value, jax.tree_util.tree_map(_wrap_out, aux[0])), result
        return value, result

    return wrapped


def _vg(jax, f, n, has_aux):
    g = jax.value_and_grad(f, argnums=tuple(range(n)), has_aux=has_aux)

    def run(*vals):
        out, grads = g(*vals)
        return (out if has_aux else (out,)), grads
    return run


def grad(fun, argnums=0, has_aux=False):
    """The gradient of a scalar function written against npjax (see value_and_grad)."""
    vg = value_and_grad(fun, argnums, has_aux)

    def wrapped(*args, **kwargs):
        if has_aux:
            (_, aux), g = vg(*args, **kwargs)
            return g, aux
        return vg(*args, **kwargs)[1]
    return wrapped
