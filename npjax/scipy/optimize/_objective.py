"""The user's objective as a JAX function, the trace attempt, fallbacks and results.

The objective is called with an npjax array holding a JAX tracer, so npjax code (and NumPy
code on npjax arrays, through `__array_function__`/`__array_ufunc__`) builds a JAX graph that
optimistix iterates and differentiates. A `jac`/`fprime` given by the user is honoured as
the derivative (a `jax.custom_jvp`), not replaced by autodiff.
"""
import numpy as np
import scipy.optimize as so

from ..._array import ndarray
from ..._dispatch import call_fallback, host_value, to_jax
from ..._funcs.creation import _place
from ..._stats import UntraceableError, count_call


def jax():
    """JAX for its transformations (custom_jvp, grad, eval_shape); numerics go through
    `jnp()`, npjax's recording jax.numpy, like everywhere in npjax."""
    import jax as _jax
    from ..._backends import device  # noqa: F401  (x64 on, as everywhere in npjax)
    return _jax


def jnp():
    from ..._backends.device import jnp as _jnp
    return _jnp


def put(x):
    """A NumPy value as a float64 jax.Array (a solve's start point)."""
    from ..._backends.device import to_device
    return to_device(np.asarray(x, dtype=np.float64))


def optx():
    import optimistix
    return optimistix


def solvers():
    from . import _solvers
    return _solvers


def as_tuple(args):
    return args if isinstance(args, tuple) else (args,)


def jax_value(value, dtype=np.float64):
    """An objective's output (npjax array, NumPy or JAX value, Python number, or a list of
    them) as JAX."""
    if isinstance(value, (list, tuple)):
        return jnp().asarray([jax_value(v, dtype) for v in value], dtype=dtype) if value \
            else jnp().zeros(0, dtype)
    return to_jax(value).astype(dtype)


def ndarray_of(y):
    """An npjax array holding the JAX value (tracer) y: what the user's function gets."""
    return ndarray._new(y)


def is_npjax(x):
    return type(x) is ndarray


class _Slot:
    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index


def lift(args):
    """(rebuild, data): the npjax arrays of `args` on the device tier (the large ones) as
    `data`, runtime inputs of the compiled solve rather than constants baked into it, and
    rebuild(data) -> args with those arrays back as npjax arrays holding the traced values.
    Host arrays stay as they are: SciPy hands them over unchanged."""
    from ..._backends.device import concrete
    data, template = [], []
    for a in args:
        if is_npjax(a) and not a._on_host:
            template.append(_Slot(len(data)))
            data.append(concrete(to_jax(a)))      # a pending lazy value is computed now
        else:
            template.append(a)

    def rebuild(values):
        return tuple(ndarray_of(values[t.index]) if type(t) is _Slot else t
                     for t in template)
    return rebuild, tuple(data)


def scalar(value, message):
    v = jax_value(value)
    if v.size != 1:
        raise ValueError(message)
    return v.reshape(())


def with_derivative(value_fn, both_fn):
    """value_fn(y, data) whose JVP in y is taken from both_fn(y, data) -> (value, derivative
    matrix or vector): the user's own derivative, as SciPy uses it. (Solves never
    differentiate in data.)"""
    jx = jax()
    f = jx.custom_jvp(value_fn)

    @f.defjvp
    def _jvp(primals, tangents):
        (y, data), t = primals, tangents[0]
        value, d = both_fn(y, data)
        return value, jnp().tensordot(d, t, axes=t.ndim)

    return f


_SCALAR_OUT = "The user-provided objective function must return a scalar value."


def scalar_objective(fun, rebuild, jac=None):
    """fun(x, *args) -> float64 scalar as a function of (JAX vector, data); jac=True: fun
    returns (f, g); a callable jac(x, *args) gives g."""
    def value(y, data):
        out = fun(ndarray_of(y), *rebuild(data))
        return scalar(out[0] if jac is True else out, _SCALAR_OUT)

    if jac is True:
        def both(y, data):
            f, g = fun(ndarray_of(y), *rebuild(data))
            return scalar(f, _SCALAR_OUT), jax_value(g).reshape(y.shape)
        return with_derivative(value, both)
    if callable(jac):
        return with_derivative(value, lambda y, data: (value(y, data), jax_value(
            jac(ndarray_of(y), *rebuild(data))).reshape(y.shape)))
    return value


_TRACE_ERRORS = []


def trace_errors():
    if not _TRACE_ERRORS:
        e = jax().errors
        _TRACE_ERRORS.extend([e.ConcretizationTypeError, e.TracerArrayConversionError,
                              e.TracerBoolConversionError, e.TracerIntegerConversionError,
                              e.NonConcreteBooleanIndexError, UntraceableError])
    return tuple(_TRACE_ERRORS)


def untraceable(fn, *examples):
    """Trace fn abstractly on arguments like `examples` (arrays, or tuples of them): None
    if it traces, else why not.

    The one decision made by attempting: whether Python code can run on tracers is only
    known by running it (a branch on a value, float(x), a call npjax runs on NumPy, which
    raises UntraceableError under a trace). Only those errors mean "run SciPy instead"; any
    other error is the user's and propagates."""
    jx = jax()
    from ..._backends import lazy
    if lazy._pending_roots and lazy._not_tracing():
        # pending lazy arrays the objective reaches by closure would be computed inside
        # the trace, their buffers left holding tracers: compute them first
        lazy.flush([], "trace")
    structs = jx.tree_util.tree_map(
        lambda e: jx.ShapeDtypeStruct(np.shape(e), getattr(e, "dtype", None) or
                                      np.result_type(e)), examples)
    try:
        jx.eval_shape(fn, *structs)
    except trace_errors() as err:
        return f"the objective cannot be traced ({type(err).__name__})"
    return None


def fallback(name, args, kwargs, reason):
    """SciPy's `name` on host copies, recorded as a fallback with its reason."""
    fn = getattr(so, name)
    return call_fallback(f"scipy.optimize.{name}", fn, args, kwargs, reason)


def count(name):
    count_call(f"scipy.optimize.{name}", "device")


def host(x):
    """A JAX value (or npjax array) as NumPy."""
    return np.asarray(host_value(x) if type(x) is ndarray else x)


def array(x):
    """A result array as npjax makes arrays: on the host when small."""
    return _place(np.array(host(x)))


def vector(x0):
    """x0 as SciPy's minimizers see it: an at least 1-D NumPy array."""
    return np.atleast_1d(np.asarray(host_value(x0)))
