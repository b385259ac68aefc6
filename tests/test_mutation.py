"""Random mutation sequences, applied side by side to a NumPy array and an npjax array.

Each example builds a base array and runs up to 8 steps: item assignment with basic, fancy
or boolean keys; new views (slices, .T, reshape, transpose/flip functions) kept alive and
written through later; in-place operators; ufuncs with `out=`. After every step the base
and every live view must hold NumPy's values, dtype and shape: no write may be lost, land
in the wrong place, or reach an array that NumPy would have copied.
"""
import operator
import warnings

import numpy
import pytest
from hypothesis import given, settings, strategies as st

import npjax
from conftest import assert_same

SHAPES = [(6,), (3, 4), (2, 3, 4)]
DTYPES = [numpy.int64, numpy.float64]
MAX_VIEWS = 4


# ---- keys -----------------------------------------------------------------------------------
@st.composite
def _slice(draw, n):
    start = draw(st.none() | st.integers(-n - 1, n + 1))
    stop = draw(st.none() | st.integers(-n - 1, n + 1))
    step = draw(st.sampled_from([None, 1, 2, -1, -2]))
    return slice(start, stop, step)


@st.composite
def basic_key(draw, shape):
    parts = []
    k = draw(st.integers(0, len(shape)))
    ellipsis = draw(st.sampled_from([None, None, "first", "last"]))
    # with a leading Ellipsis the explicit parts index the trailing axes
    for n in (shape[len(shape) - k:] if ellipsis == "first" else shape[:k]):
        kinds = ["slice"] + (["int"] if n else [])
        if draw(st.sampled_from(kinds)) == "int":
            parts.append(draw(st.integers(-n, n - 1)))
        else:
            parts.append(draw(_slice(n)))
    if ellipsis is not None:
        parts.insert(0 if ellipsis == "first" else len(parts), Ellipsis)
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), None)
    return tuple(parts) if len(parts) != 1 or draw(st.booleans()) else parts[0]


@st.composite
def fancy_key(draw, shape):
    axis = draw(st.integers(0, len(shape) - 1))
    n = shape[axis]
    idx = draw(st.lists(st.integers(-n, n - 1), min_size=0 if not n else 1, max_size=4)) \
        if n else []
    idx = numpy.array(idx, dtype=numpy.intp)
    if draw(st.booleans()):
        idx = idx.tolist()
    return (slice(None),) * axis + (idx,)


@st.composite
def bool_key(draw, shape):
    if draw(st.booleans()):
        mask = draw(st.lists(st.booleans(), min_size=shape[0], max_size=shape[0]))
        return numpy.array(mask, dtype=bool)
    size = int(numpy.prod(shape))
    mask = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    return numpy.array(mask, dtype=bool).reshape(shape)


def any_key(shape):
    if not shape:
        return st.sampled_from([(), Ellipsis])
    return st.one_of(basic_key(shape), fancy_key(shape), bool_key(shape))


# ---- values ---------------------------------------------------------------------------------
@st.composite
def value_for(draw, shape, dtype):
    """A scalar or an array broadcastable to `shape`, castable to `dtype` in NumPy's `=`."""
    if draw(st.booleans()):
        return draw(st.integers(-9, 9)) if dtype == numpy.int64 or draw(st.booleans()) \
            else draw(st.floats(-9, 9, width=32))
    vshape = shape[len(shape) - draw(st.integers(0, len(shape))):] if shape else ()
    vshape = tuple(1 if draw(st.integers(0, 3)) == 0 else n for n in vshape)
    size = int(numpy.prod(vshape))
    vals = draw(st.lists(st.integers(-9, 9), min_size=size, max_size=size))
    vdtype = dtype if draw(st.booleans()) else numpy.int64
    return numpy.array(vals, dtype=vdtype).reshape(vshape)


def _as_npjax(v, where):
    if not isinstance(v, numpy.ndarray) or where == "numpy":
        return v
    if where == "other":
        old = npjax.config.host_threshold
        npjax.config.host_threshold = 0 if old else 1 << 62
        try:
            return npjax.array(v)
        finally:
            npjax.config.host_threshold = old
    return npjax.array(v)


# ---- one step -------------------------------------------------------------------------------
VIEW_KINDS = ["key", "T", "reshape", "ravel", "transpose", "swapaxes", "flip", "ellipsis",
              "expand_dims"]


def _make_view(m, a, kind, key):
    if kind == "key":
        return a[key]
    if kind == "T":
        return a.T
    if kind == "reshape":
        return a.reshape(-1) if a.ndim != 1 or a.size % 2 else a.reshape(2, -1)
    if kind == "ravel":
        return m.ravel(a)
    if kind == "transpose":
        return m.transpose(a)
    if kind == "swapaxes":
        return m.swapaxes(a, 0, -1) if a.ndim else a[...]
    if kind == "flip":
        return m.flip(a)
    if kind == "ellipsis":
        return a[...]
    return m.expand_dims(a, 0)


INPLACE = {"+=": operator.iadd, "-=": operator.isub, "*=": operator.imul}
UFUNCS = ["add", "subtract", "multiply"]


@st.composite
def step(draw, n_arrays):
    """A step, described as data; the arrays it names are resolved when it runs."""
    return {
        "kind": draw(st.sampled_from(["set", "set", "view", "inplace", "ufunc_out"])),
        "target": draw(st.integers(0, n_arrays - 1)),
        "view": draw(st.sampled_from(VIEW_KINDS)),
        "op": draw(st.sampled_from(sorted(INPLACE))),
        "ufunc": draw(st.sampled_from(UFUNCS)),
        "source": draw(st.sampled_from(["self", "value", "base"])),
        "where": draw(st.sampled_from(["numpy", "same", "other"])),
    }


def _run_step(data, arrays, s):
    """Apply step `s` to the NumPy side and the npjax side; returns a new view pair or None."""
    np_t, nj_t = arrays[s["target"]]
    dtype = np_t.dtype.type
    if s["kind"] == "set":
        key = data.draw(any_key(np_t.shape), label="key")
        shape = np_t[key].shape
        live = _live_operand(arrays, shape) if s["source"] == "base" else None
        if live is not None:  # the value may alias the target (NumPy copies it first)
            np_t[key], nj_t[key] = live
        else:
            v = data.draw(value_for(shape, dtype), label="value")
            np_t[key] = v
            nj_t[key] = _as_npjax(v, s["where"])
    elif s["kind"] == "view":
        key = data.draw(basic_key(np_t.shape), label="view key") if np_t.ndim else ()
        pair = (_make_view(numpy, np_t, s["view"], key), _make_view(npjax, nj_t, s["view"], key))
        # a key naming one element gives a scalar (checked by _check like any result)
        return pair if isinstance(pair[0], numpy.ndarray) else _check([pair])
    elif s["kind"] == "inplace":
        live = _live_operand(arrays, np_t.shape, dtype) if s["source"] == "base" else None
        if live is not None:
            v, nj_v = live
        else:
            v = data.draw(value_for(np_t.shape, numpy.int64), label="operand")
            nj_v = _as_npjax(v, s["where"])
        INPLACE[s["op"]](np_t, v)
        res = INPLACE[s["op"]](nj_t, nj_v)
        assert res is nj_t
    else:
        if s["source"] == "self":
            np_src, nj_src = np_t, nj_t
        elif s["source"] == "base" and arrays[0][0].shape == np_t.shape:
            np_src, nj_src = arrays[0]
        else:
            np_src = data.draw(value_for(np_t.shape, dtype), label="source")
            nj_src = _as_npjax(np_src, s["where"])
        v = data.draw(st.integers(-3, 3), label="scalar")
        getattr(numpy, s["ufunc"])(np_src, v, out=np_t)
        res = getattr(npjax, s["ufunc"])(nj_src, v, out=nj_t)
        assert res is nj_t
    return None


def _live_operand(arrays, shape, dtype=None):
    """The first live (NumPy, npjax) pair broadcastable to `shape` (and castable to `dtype`
    under same_kind), else None."""
    for np_a, nj_a in arrays:
        try:
            fits = numpy.broadcast_shapes(np_a.shape, shape) == shape
        except ValueError:
            fits = False
        if fits and (dtype is None or numpy.can_cast(np_a.dtype, dtype, "same_kind")):
            return np_a, nj_a
    return None


def _check(arrays):
    for np_a, nj_a in arrays:
        assert_same(np_a, nj_a)
    return None


@pytest.mark.parametrize("tier_name", ["host", "device"])
@settings(max_examples=120, deadline=None)
@given(shape=st.sampled_from(SHAPES), dtype=st.sampled_from(DTYPES),
       n_steps=st.integers(1, 8), data=st.data())
def test_mutation_sequences(tier_name, shape, dtype, n_steps, data):
    old = npjax.config.host_threshold
    npjax.config.host_threshold = 1 << 62 if tier_name == "host" else 0
    try:
        base = numpy.arange(int(numpy.prod(shape)), dtype=dtype).reshape(shape)
        arrays = [(base, npjax.array(base.copy()))]
        for i in range(n_steps):
            s = data.draw(step(len(arrays)), label=f"step {i}")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", numpy.exceptions.ComplexWarning)
                new = _run_step(data, arrays, s)
            if new is not None:
                if len(arrays) > MAX_VIEWS:
                    arrays.pop(1)
                arrays.append(new)
            _check(arrays)
    finally:
        npjax.config.host_threshold = old
