"""Bad calls raise exactly NumPy's exception type on both tiers, never a JAX one.

Each case `(id, fn, args)` must raise with NumPy; npjax must raise an exception of the very
same class (not a subclass, not a JAX error) whose message carries no JAX traceback hint.
Messages need not match NumPy's.
"""
import numpy
import pytest

import npjax
from conftest import to_npjax

F2 = numpy.arange(12.0).reshape(3, 4)
I2 = numpy.arange(12).reshape(3, 4)
I1 = numpy.arange(5)
F1 = numpy.linspace(0.0, 1.0, 5)
E0 = numpy.zeros(0)
E2 = numpy.zeros((0, 3))
Z0 = numpy.array(1.5)


def case(id, fn, *args):
    return pytest.param(fn, args, id=id)


def _iadd(a, v):
    a += v


def _setitem(a, k, v):
    a[k] = v


def _readonly_write(a):
    a.flags.writeable = False
    a[0] = 1


CASES = [
    # axis errors
    case("sum-axis", lambda m, a: m.sum(a, axis=2), F2),
    case("sum-axis-neg", lambda m, a: m.sum(a, axis=-3), F2),
    case("sum-axis-tuple-dup", lambda m, a: m.sum(a, axis=(0, 0)), F2),
    case("mean-axis", lambda m, a: m.mean(a, axis=2), F2),
    case("mean-method-axis", lambda m, a: a.mean(axis=-3), F2),
    case("argmax-axis", lambda m, a: m.argmax(a, axis=2), F2),
    case("argsort-axis", lambda m, a: m.argsort(a, axis=3), I2),
    case("cumsum-axis", lambda m, a: m.cumsum(a, axis=2), I2),
    case("concatenate-axis", lambda m, a: m.concatenate([a, a], axis=2), F2),
    case("swapaxes-axis", lambda m, a: m.swapaxes(a, 0, 2), F2),
    case("moveaxis-axis", lambda m, a: m.moveaxis(a, 0, 5), F2),
    case("unique-axis", lambda m, a: m.unique(a, axis=2), I2),
    case("flip-axis", lambda m, a: m.flip(a, axis=3), F2),
    case("max-axis", lambda m, a: m.max(a, axis=4), I1),
    # shapes and sizes
    case("add-broadcast", lambda m, a, b: m.add(a, b), F2, I1),
    case("operator-broadcast", lambda m, a, b: a * b, F2, I1),
    case("concatenate-shapes", lambda m, a, b: m.concatenate([a, b]), F2, I2[:, :2]),
    case("concatenate-ndim", lambda m, a, b: m.concatenate([a, b]), F2, I1),
    case("concatenate-0d", lambda m, a: m.concatenate([a, a]), Z0),
    case("stack-shapes", lambda m, a: m.stack([a, a[:2]]), F2),
    case("stack-empty", lambda m: m.stack([])),
    case("reshape-size", lambda m, a: m.reshape(a, (5, 3)), F2),
    case("reshape-method-size", lambda m, a: a.reshape(7, -1), F2),
    case("reshape-two-unknown", lambda m, a: a.reshape(-1, -1), F2),
    case("broadcast_to", lambda m, a: m.broadcast_to(a, (4, 3)), F2),
    case("matmul-shapes", lambda m, a: m.matmul(a, a), F2),
    case("matmul-scalar", lambda m, a: a @ 2, F2),
    case("dot-shapes", lambda m, a: m.dot(a, a), F2),
    case("transpose-axes", lambda m, a: a.transpose(0, 1, 2), F2),
    case("squeeze-non1", lambda m, a: m.squeeze(a, axis=0), F2),
    case("split-unequal", lambda m, a: m.split(a, 3), I1),
    case("split-axis-unequal", lambda m, a: m.split(a, 3, axis=1), F2),
    case("trace-1d", lambda m, a: m.trace(a), I1),
    case("diff-0d", lambda m, a: m.diff(a), Z0),
    case("cross-dims", lambda m, a: m.cross(a, a), F2),
    case("where-two-args", lambda m, c, a: m.where(c, a), I1 > 2, I1),
    case("average-weights-shape", lambda m, a, w: m.average(a, weights=w), F2, F1),
    case("einsum-subscripts", lambda m, a: m.einsum("ij,jk->ik", a), F2),
    # empty reductions
    case("argmax-empty", lambda m, a: m.argmax(a), E0),
    case("argmin-empty-axis", lambda m, a: m.argmin(a, axis=0), E2),
    case("max-empty", lambda m, a: m.max(a), E0),
    case("min-empty-axis", lambda m, a: m.min(a, axis=0), E2),
    case("ptp-empty", lambda m, a: m.ptp(a), E0),
    # values
    case("percentile-q", lambda m, a: m.percentile(a, 150), F1),
    case("quantile-q", lambda m, a: m.quantile(a, -0.5), F1),
    case("bincount-negative", lambda m, a: m.bincount(a - 3), I1),
    case("repeat-negative", lambda m, a: m.repeat(a, -1), I1),
    case("searchsorted-side", lambda m, a: m.searchsorted(a, 2, side="middle"), I1),
    case("pad-mode", lambda m, a: m.pad(a, 1, mode="bogus"), I1),
    case("sort-kind", lambda m, a: m.sort(a, kind="bogus"), I1),
    case("histogram-bins", lambda m, a: m.histogram(a, bins=-2), F1),
    case("linspace-num", lambda m: m.linspace(0, 1, -3)),
    case("item-size", lambda m, a: a.item(), F2),
    case("bool-ambiguous", lambda m, a: bool(a), F2),
    case("int-size", lambda m, a: int(a), F2),
    case("float-size", lambda m, a: float(a), F1),
    case("readonly-write", _readonly_write, F1),
    # dtypes and operands
    case("astype-bad-dtype", lambda m, a: a.astype("floaty"), F2),
    case("zeros-bad-dtype", lambda m: m.zeros(3, dtype="floaty")),
    case("sum-bad-dtype", lambda m, a: m.sum(a, dtype="nope"), F2),
    case("astype-safe", lambda m, a: a.astype(m.int64, casting="safe"), F2),
    case("add-str", lambda m, a: a + "x", F2),
    case("radd-str", lambda m, a: "x" + a, I1),
    case("add-none", lambda m, a: a + None, F2),
    case("add-casting-no", lambda m, a, b: m.add(a, b, casting="no"), F2, I2),
    case("iadd-int-float", lambda m, a: _iadd(a, 1.5), I2),
    case("invert-float", lambda m, a: ~a, F2),
    case("shift-float", lambda m, a: a << 1, F2),
    # argument counts and types
    case("sum-no-args", lambda m: m.sum()),
    case("add-one-arg", lambda m, a: m.add(a), F2),
    case("add-too-many", lambda m, a: m.add(a, a, a, a), F2),
    case("reshape-no-shape", lambda m, a: m.reshape(a), F2),
    case("concatenate-no-args", lambda m: m.concatenate()),
    case("concatenate-not-seq", lambda m, a: m.concatenate(a, a), F2),
    case("sum-bad-kwarg", lambda m, a: m.sum(a, axes=0), F2),
    case("clip-bad-kwarg", lambda m, a: m.clip(a, 0, 1, bogus=2), F2),
    case("len-0d", lambda m, a: len(a), Z0),
    case("iter-0d", lambda m, a: iter(a), Z0),
    case("hash", lambda m, a: hash(a), F1),
    case("axis-float", lambda m, a: m.sum(a, axis=1.0), F2),
    # out=
    case("sum-out-shape", lambda m, a, o: m.sum(a, axis=0, out=o), F2, numpy.zeros(3)),
    case("cumsum-out-shape", lambda m, a, o: m.cumsum(a, out=o), F2, numpy.zeros(5)),
    case("clip-out-shape", lambda m, a, o: m.clip(a, 0, 1, out=o), F2, numpy.zeros(4)),
    case("dot-out-shape", lambda m, a, o: m.dot(a, a.T, out=o), F2, numpy.zeros((4, 4))),
    case("argmax-out-dtype", lambda m, a, o: m.argmax(a, axis=0, out=o), F2, numpy.zeros(4)),
    case("concatenate-out-shape", lambda m, a, o: m.concatenate([a, a], out=o), F2,
         numpy.zeros((3, 4))),
    # indexing
    case("index-out-of-bounds", lambda m, a: a[10], F2),
    case("index-neg-out-of-bounds", lambda m, a: a[-6], I1),
    case("index-too-many", lambda m, a: a[0, 0, 0], F2),
    case("index-fancy-out-of-bounds", lambda m, a: a[[0, 7]], I1),
    case("index-float", lambda m, a: a[1.5], F2),
    case("index-0d", lambda m, a: a[0], Z0),
    case("index-bool-shape", lambda m, a: a[numpy.array([True, False])], F2),
    case("setitem-out-of-bounds", lambda m, a: _setitem(a, 9, 1.0), I1),
    case("setitem-shape", lambda m, a: _setitem(a, slice(None), [1, 2]), I1),
    case("take-out-of-bounds", lambda m, a: m.take(a, 100), F2),
    case("take-axis-out-of-bounds", lambda m, a: a.take([3], axis=0), F2),
    case("put-out-of-bounds", lambda m, a: a.put([20], 1.0), F2),
    case("insert-out-of-bounds", lambda m, a: m.insert(a, 9, 0), I1),
    case("delete-out-of-bounds", lambda m, a: m.delete(a, [7]), I1),
    case("choose-out-of-bounds", lambda m, a: m.choose(a, [[1, 2, 3, 4, 5]]), I1),
]


def _raises(fn, args, mod):
    try:
        fn(mod, *args)
    except Exception as err:  # the exception itself is what the test inspects
        return err
    return None


@pytest.mark.parametrize("fn, args", CASES)
def test_error(tier, fn, args):
    expected = _raises(fn, tuple(a.copy() if isinstance(a, numpy.ndarray) else a
                                 for a in args), numpy)
    assert expected is not None, "NumPy accepted the call: not an error case"
    actual = _raises(fn, to_npjax(args), npjax)
    assert actual is not None, f"npjax accepted a call NumPy rejects with {expected!r}"
    assert type(actual) is type(expected), \
        f"npjax raised {type(actual).__module__}.{type(actual).__name__}: {actual}; " \
        f"NumPy raised {type(expected).__name__}: {expected}"
    assert "JAX_TRACEBACK_FILTERING" not in str(actual)
    assert not type(actual).__module__.startswith("jax")
