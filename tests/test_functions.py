"""Parity of the non-ufunc function families (math, statistics, sorting, logic, set ops,
manipulation, polynomials) with NumPy, on both tiers.

Each case is `(id, fn, args)`: `fn(module, *args)` is called with NumPy and with npjax on
the same inputs (converted by `to_npjax`) and the results (or exception types) compared.
Non-contiguous inputs are made inside `fn` (`a[::2]`, `a.T`) so both libraries see a view.
"""
import contextlib

import numpy
import pytest

import npjax
from conftest import assert_same, parity, to_npjax

R = numpy.random.default_rng(0)
F2 = numpy.round(R.normal(size=(4, 6)), 3)             # float64 (4, 6)
F3 = numpy.round(R.normal(size=(2, 3, 4)), 3)          # float64 (2, 3, 4)
F1 = numpy.round(R.normal(size=11), 3)
I2 = R.integers(-20, 20, size=(4, 6))                   # int64
I1 = R.integers(0, 10, size=13)
I8 = numpy.array([100, 100, 100, -7], dtype=numpy.int8)   # sum overflows in int8
U8 = numpy.array([200, 100, 3], dtype=numpy.uint8)
B2 = F2 > 0
C1 = numpy.array([1 + 2j, -3 + 0.5j, 0j, 2 - 1j])
NAN = numpy.array([[1.0, numpy.nan, 3.0], [numpy.nan, numpy.nan, 2.0]])
E0 = numpy.zeros((0,))
E2 = numpy.zeros((0, 3))
Z0 = numpy.array(2.5)
SORTED = numpy.array([1.0, 2.0, 2.0, 5.0, 9.0])


def case(id, fn, *args, fallback=False, **kw):
    return pytest.param(fn, args, fallback, kw, id=id)


# ---- math: sums, products, differences, misc ----------------------------------------------
MATH = [
    case("sum", lambda m, a: m.sum(a), F2),
    case("sum-axis0", lambda m, a: m.sum(a, axis=0), F2),
    case("sum-axis-1", lambda m, a: m.sum(a, axis=-1), F3),
    case("sum-axis-tuple", lambda m, a: m.sum(a, axis=(0, 2)), F3),
    case("sum-keepdims", lambda m, a: m.sum(a, axis=1, keepdims=True), F3),
    case("sum-dtype", lambda m, a: m.sum(a, dtype=numpy.float32), I2),
    case("sum-int8-overflow", lambda m, a: m.sum(a), I8),
    case("sum-int8-dtype-int8", lambda m, a: m.sum(a, dtype=numpy.int8), I8),
    case("sum-uint8", lambda m, a: m.sum(a), U8),
    case("sum-bool", lambda m, a: m.sum(a, axis=0), B2),
    case("sum-empty", lambda m, a: m.sum(a), E0),
    case("sum-empty-axis", lambda m, a: m.sum(a, axis=0), E2),
    case("sum-0d", lambda m, a: m.sum(a), Z0),
    case("sum-nan", lambda m, a: m.sum(a, axis=1), NAN),
    case("sum-where", lambda m, a: m.sum(a, axis=1, where=a > 0), F2),
    case("sum-initial", lambda m, a: m.sum(a, initial=10), I2),
    case("sum-strided", lambda m, a: m.sum(a[::2, ::3], axis=0), F2),
    case("sum-transposed", lambda m, a: m.sum(a.T, axis=1), F2),
    case("sum-list", lambda m: m.sum([1, 2, 3])),
    case("sum-complex", lambda m, a: m.sum(a), C1),
    case("prod", lambda m, a: m.prod(a, axis=1), I2),
    case("prod-int8", lambda m, a: m.prod(a), I8),
    case("prod-empty", lambda m, a: m.prod(a), E0),
    case("prod-keepdims", lambda m, a: m.prod(a, axis=(0, 1), keepdims=True), F3),
    case("cumsum", lambda m, a: m.cumsum(a), F2),
    case("cumsum-axis", lambda m, a: m.cumsum(a, axis=-2), F3),
    case("cumsum-int8", lambda m, a: m.cumsum(a), I8),
    case("cumsum-dtype", lambda m, a: m.cumsum(a, axis=0, dtype=numpy.float32), I2),
    case("cumsum-bool", lambda m, a: m.cumsum(a, axis=1), B2),
    case("cumsum-empty", lambda m, a: m.cumsum(a), E0),
    case("cumprod", lambda m, a: m.cumprod(a, axis=1), F2),
    case("cumprod-strided", lambda m, a: m.cumprod(a[::2]), I1),
    case("nansum", lambda m, a: m.nansum(a, axis=0), NAN),
    case("nansum-all", lambda m, a: m.nansum(a), NAN),
    case("nanprod", lambda m, a: m.nanprod(a, axis=1), NAN),
    case("nancumsum", lambda m, a: m.nancumsum(a, axis=1), NAN),
    case("nancumprod", lambda m, a: m.nancumprod(a), NAN),
    case("diff", lambda m, a: m.diff(a), F2),
    case("diff-n2-axis0", lambda m, a: m.diff(a, n=2, axis=0), F2),
    case("diff-int", lambda m, a: m.diff(a), I1),
    case("ediff1d", lambda m, a: m.ediff1d(a), F2),
    case("ediff1d-list-ends", lambda m, a: m.ediff1d(a, to_begin=[5, 6], to_end=7), I1),
    case("ediff1d-array-ends", lambda m, a, b: m.ediff1d(a, to_end=b), F1, F1[:3]),
    case("ediff1d-bad-cast", lambda m, a: m.ediff1d(a, to_begin=[0.5]), I1),
    case("ediff1d-wraps", lambda m, a: m.ediff1d(a.astype(m.int16), 2 ** 16 + 4, 2 ** 16), I1),
    case("diff-bool", lambda m, a: m.diff(a, axis=1), B2),
    case("diff-prepend", lambda m, a: m.diff(a, prepend=0), I1),
    case("gradient", lambda m, a: m.gradient(a), F1),
    case("gradient-2d", lambda m, a: m.gradient(a), F2),
    case("gradient-axis-spacing", lambda m, a: m.gradient(a, 2.0, axis=1), F2),
    case("gradient-int", lambda m, a: m.gradient(a), I1),
    case("convolve", lambda m, a, b: m.convolve(a, b), F1, SORTED),
    case("convolve-same", lambda m, a, b: m.convolve(a, b, mode="same"), F1, SORTED),
    case("convolve-valid-int", lambda m, a, b: m.convolve(a, b, "valid"), I1, I1[:3]),
    case("correlate", lambda m, a, b: m.correlate(a, b, "full"), F1, SORTED),
    case("correlate-complex", lambda m, a, b: m.correlate(a, b), C1, C1[:2]),
    case("clip", lambda m, a: m.clip(a, -0.5, 0.5), F2),
    case("clip-int-float", lambda m, a: m.clip(a, 0, 5.5), I2),
    case("clip-none", lambda m, a: m.clip(a, None, 3), I2),
    case("clip-arrays", lambda m, a, b: m.clip(a, b, 1.0), F2, F2[0]),
    case("round", lambda m, a: m.round(a, 1), F2),
    case("round-neg", lambda m, a: m.round(a, -1), I2),
    case("around", lambda m, a: m.around(a * 100.5), F1),
    case("round-half-even", lambda m: m.round(m.array([0.5, 1.5, 2.5, -0.5]))),
    case("round-complex", lambda m, a: m.round(a * 1.55, 1), C1),
    case("angle", lambda m, a: m.angle(a), C1),
    case("angle-deg", lambda m, a: m.angle(a, deg=True), C1),
    case("angle-real", lambda m, a: m.angle(a), F1),
    case("sinc", lambda m, a: m.sinc(a), F1),
    case("sinc-int", lambda m, a: m.sinc(a), I1),
    case("nan_to_num", lambda m, a: m.nan_to_num(a), NAN),
    case("nan_to_num-inf", lambda m: m.nan_to_num(m.array([m.inf, -m.inf, m.nan, 1.0]),
                                                  nan=-1.0, posinf=9.0)),
    case("nan_to_num-int", lambda m, a: m.nan_to_num(a), I1),
    case("interp", lambda m, x, xp, fp: m.interp(x, xp, fp), F1, SORTED, SORTED ** 2),
    case("interp-lr", lambda m, x, xp, fp: m.interp(x, xp, fp, left=-1, right=99),
         F1 * 10, SORTED, SORTED ** 2),
    case("interp-scalar", lambda m, xp, fp: m.interp(2.5, xp, fp), SORTED, SORTED),
    case("trapezoid", lambda m, a: m.trapezoid(a), F1),
    case("trapezoid-dx-axis", lambda m, a: m.trapezoid(a, dx=0.5, axis=0), F2),
    case("trapezoid-x", lambda m, y, x: m.trapezoid(y, x), SORTED, SORTED * 2),
    case("cross", lambda m, a, b: m.cross(a, b), F2[:, :3], F2[::-1, 3:]),
    case("cross-2d", lambda m, a, b: m.cross(a, b), F1[:2], F1[2:4]),
    case("dot", lambda m, a, b: m.dot(a, b), F2, F2.T),
    case("dot-1d", lambda m, a, b: m.dot(a, b), F1, F1),
    case("dot-int", lambda m, a, b: m.dot(a, b), I2, I2[0]),
    case("dot-scalar", lambda m, a: m.dot(a, 3), I2),
    case("dot-out", lambda m, a, b, o: (m.dot(a, b, out=o), o)[1], F2, F2.T,
         numpy.zeros((4, 4))),
    case("vdot", lambda m, a, b: m.vdot(a, b), C1, C1[::-1]),
    case("vdot-2d", lambda m, a: m.vdot(a, a), F2),
    case("inner", lambda m, a, b: m.inner(a, b), F2, F2),
    case("outer", lambda m, a, b: m.outer(a, b), F1, I1),
    case("outer-2d", lambda m, a: m.outer(a, a[:2]), F2),
    case("tensordot", lambda m, a, b: m.tensordot(a, b, axes=1), F2, F2.T),
    case("tensordot-axes", lambda m, a, b: m.tensordot(a, b, axes=([1, 2], [1, 0])), F3,
         F3.transpose(2, 1, 0)[:, :, :2]),
    case("einsum-matmul", lambda m, a, b: m.einsum("ij,jk->ik", a, b), F2, F2.T),
    case("einsum-trace", lambda m, a: m.einsum("ii", a), F2[:, :4]),
    case("einsum-sum", lambda m, a: m.einsum("ijk->j", a), F3),
    case("einsum-int", lambda m, a: m.einsum("i,i", a, a), I1),
    case("kron", lambda m, a, b: m.kron(a, b), I2[:2, :2], F2[:2]),
    case("trace", lambda m, a: m.trace(a), F2),
    case("trace-offset", lambda m, a: m.trace(a, offset=-1, axis1=1, axis2=0), F3),
    case("trace-int8", lambda m, a: m.trace(m.diag(a)), I8),
]

# ---- statistics and reductions ------------------------------------------------------------
STATS = [
    case("all", lambda m, a: m.all(a), B2),
    case("all-axis", lambda m, a: m.all(a, axis=0), F2),
    case("any-axis-keepdims", lambda m, a: m.any(a, axis=-1, keepdims=True), B2),
    case("any-empty", lambda m, a: m.any(a), E0),
    case("all-where", lambda m, a: m.all(a, axis=1, where=~a), B2),
    case("max", lambda m, a: m.max(a), F2),
    case("max-axis", lambda m, a: m.max(a, axis=(0, 2)), F3),
    case("max-nan", lambda m, a: m.max(a, axis=1), NAN),
    case("max-initial-empty", lambda m, a: m.max(a, initial=-5.0), E0),
    case("max-where", lambda m, a: m.max(a, axis=0, where=a < 0, initial=-100.0), F2),
    case("max-bool", lambda m, a: m.max(a), B2),
    case("min", lambda m, a: m.min(a, axis=1), I2),
    case("min-uint8", lambda m, a: m.min(a), U8),
    case("min-strided", lambda m, a: m.min(a.T[::2], axis=0), F2),
    case("amax", lambda m, a: m.amax(a, axis=0), F2),
    case("amin", lambda m, a: m.amin(a, axis=-1, keepdims=True), F3),
    case("ptp", lambda m, a: m.ptp(a, axis=1), F2),
    case("ptp-int8", lambda m, a: m.ptp(a), I8),
    case("mean", lambda m, a: m.mean(a), F2),
    case("mean-int", lambda m, a: m.mean(a, axis=0), I2),
    case("mean-int8", lambda m, a: m.mean(a), I8),
    case("mean-f32", lambda m, a: m.mean(a.astype(m.float32), axis=1), F2),
    case("mean-dtype", lambda m, a: m.mean(a, dtype=m.float32), I2),
    case("mean-keepdims", lambda m, a: m.mean(a, axis=(0, 1), keepdims=True), F3),
    case("mean-where", lambda m, a: m.mean(a, axis=1, where=a > 0), F2),
    case("mean-complex", lambda m, a: m.mean(a), C1),
    case("mean-bool", lambda m, a: m.mean(a), B2),
    case("std", lambda m, a: m.std(a), F2),
    case("std-ddof", lambda m, a: m.std(a, axis=0, ddof=1), F2),
    case("std-int", lambda m, a: m.std(a, axis=1), I2),
    case("std-complex", lambda m, a: m.std(a), C1),
    case("var", lambda m, a: m.var(a, axis=-1), F3),
    case("var-ddof", lambda m, a: m.var(a, ddof=2), I1),
    case("var-keepdims", lambda m, a: m.var(a, axis=0, keepdims=True), F2),
    case("average", lambda m, a: m.average(a), F2),
    case("average-weights", lambda m, a, w: m.average(a, axis=1, weights=w), F2, F2[0] ** 2),
    case("average-returned", lambda m, a, w: m.average(a, weights=w, returned=True), F1,
         F1 ** 2),
    case("average-int", lambda m, a: m.average(a, axis=0), I2),
    case("average-keepdims", lambda m, a: m.average(a, axis=0, keepdims=True), F2),
    case("median", lambda m, a: m.median(a), F2),
    case("median-axis", lambda m, a: m.median(a, axis=1), I2),
    case("median-even", lambda m, a: m.median(a, axis=0), F2),
    case("median-keepdims", lambda m, a: m.median(a, axis=(0, 2), keepdims=True), F3),
    case("median-nan", lambda m, a: m.median(a, axis=1), NAN),
    case("percentile", lambda m, a: m.percentile(a, 30), F2),
    case("percentile-axis", lambda m, a: m.percentile(a, [10, 50, 90], axis=1), F2),
    case("percentile-method", lambda m, a: m.percentile(a, 40, method="nearest"), I1),
    case("quantile", lambda m, a: m.quantile(a, 0.25, axis=0), F2),
    case("quantile-keepdims", lambda m, a: m.quantile(a, [0.5], axis=1, keepdims=True), F3),
    case("nanmedian", lambda m, a: m.nanmedian(a, axis=1), NAN),
    case("nanmedian-all", lambda m, a: m.nanmedian(a), NAN),
    case("nanmax", lambda m, a: m.nanmax(a, axis=0), NAN),
    case("nanmean", lambda m, a: m.nanmean(a, axis=1), NAN),
    case("nanstd", lambda m, a: m.nanstd(a), NAN),
    case("count_nonzero", lambda m, a: m.count_nonzero(a), I2),
    case("count_nonzero-axis", lambda m, a: m.count_nonzero(a, axis=0), F2 > 0.5),
    case("count_nonzero-keepdims", lambda m, a: m.count_nonzero(a, axis=1, keepdims=True), I2),
    case("corrcoef", lambda m, a: m.corrcoef(a), F2),
    case("corrcoef-xy", lambda m, a, b: m.corrcoef(a, b), F1, F1 ** 2),
    case("cov", lambda m, a: m.cov(a), F2),
    case("cov-rowvar-ddof", lambda m, a: m.cov(a, rowvar=False, ddof=0), F2),
    case("cov-int", lambda m, a: m.cov(a), I2),
    case("histogram", lambda m, a: m.histogram(a), F1),
    case("histogram-bins-range", lambda m, a: m.histogram(a, bins=4, range=(-1, 1)), F1),
    case("histogram-density", lambda m, a: m.histogram(a, bins=[-2, 0, 1, 3], density=True),
         F1),
    case("histogram-weights", lambda m, a, w: m.histogram(a, bins=3, weights=w), F1, F1 ** 2),
    case("bincount", lambda m, a: m.bincount(a), I1),
    case("bincount-weights-minlength", lambda m, a, w: m.bincount(a, w, minlength=15), I1,
         numpy.arange(13.0)),
    case("digitize", lambda m, a, b: m.digitize(a, b), F1, numpy.array([-1.0, 0.0, 1.0])),
    case("digitize-right", lambda m, a, b: m.digitize(a, b, right=True), I1,
         numpy.array([2, 4, 6])),
    case("digitize-decreasing", lambda m, a, b: m.digitize(a, b), I1, numpy.array([6, 4, 2])),
]

# ---- sorting, searching, counting ---------------------------------------------------------
SORTING = [
    case("sort", lambda m, a: m.sort(a), F2),
    case("sort-axis0", lambda m, a: m.sort(a, axis=0), I2),
    case("sort-none", lambda m, a: m.sort(a, axis=None), F3),
    case("sort-nan", lambda m, a: m.sort(a, axis=1), NAN),
    case("sort-stable", lambda m, a: m.sort(a, kind="stable"), I1),
    case("sort-complex", lambda m, a: m.sort(a), C1),
    case("sort-strided", lambda m, a: m.sort(a[:, ::-2]), F2),
    case("argsort", lambda m, a: m.argsort(a, kind="stable"), I1),
    case("argsort-axis0", lambda m, a: m.argsort(a, axis=0), F2),
    case("argsort-none", lambda m, a: m.argsort(a, axis=None), F2),
    case("lexsort", lambda m, a, b: m.lexsort((a, b)), I1, I1[::-1]),
    case("lexsort-2d", lambda m, a: m.lexsort(a), I2[:, :5] % 3),
    case("partition", lambda m, a: m.partition(a, 3)[..., 3], F2),
    case("partition-sorted", lambda m, a: m.sort(m.partition(a, 4)), I1),
    case("argpartition", lambda m, a: m.take(a, m.argpartition(a, 4))[4], F1),
    case("searchsorted", lambda m, a, v: m.searchsorted(a, v), SORTED, F1 * 5),
    case("searchsorted-right", lambda m, a: m.searchsorted(a, [2.0, 5.0], side="right"),
         SORTED),
    case("searchsorted-scalar", lambda m, a: m.searchsorted(a, 2.0), SORTED),
    case("searchsorted-sorter", lambda m, a: m.searchsorted(a, [3, 7], sorter=m.argsort(a)),
         I1),
    case("argmax", lambda m, a: m.argmax(a), F2),
    case("argmax-axis", lambda m, a: m.argmax(a, axis=1), I2),
    case("argmax-keepdims", lambda m, a: m.argmax(a, axis=0, keepdims=True), F3),
    case("argmax-nan", lambda m, a: m.argmax(a, axis=1), NAN),
    case("argmin", lambda m, a: m.argmin(a, axis=-1), F3),
    case("argmin-strided", lambda m, a: m.argmin(a[::-2]), F1),
    case("argmax-bool", lambda m, a: m.argmax(a, axis=0), B2),
    case("sum-out-int", lambda m, a, o: (m.sum(a, axis=0, out=o), o)[1], F2 * 10,
         numpy.zeros(6, numpy.int64)),
    case("mean-out-f32", lambda m, a, o: (m.mean(a, axis=1, out=o), o)[1], I2,
         numpy.zeros(4, numpy.float32)),
    case("cumsum-out-int8", lambda m, a, o: (m.cumsum(a, out=o), o)[1], I1,
         numpy.zeros(13, numpy.int8)),
    case("argmax-out", lambda m, a, o: (m.argmax(a, axis=1, out=o), o)[1], F2,
         numpy.zeros(4, numpy.intp)),
    case("nonzero", lambda m, a: m.nonzero(a), I2),
    case("nonzero-bool", lambda m, a: m.nonzero(a), B2),
    case("nonzero-empty", lambda m, a: m.nonzero(a), E0),
    case("flatnonzero", lambda m, a: m.flatnonzero(a), I2 % 3),
    case("argwhere", lambda m, a: m.argwhere(a), B2),
    case("argwhere-0d", lambda m, a: m.argwhere(a), Z0),
    case("where1", lambda m, a: m.where(a), B2),
    case("where3", lambda m, c, a: m.where(c, a, -a), B2, F2),
    case("where3-scalars", lambda m, c: m.where(c, 1, 0), B2),
    case("where3-promote", lambda m, c, a, b: m.where(c, a, b), B2, I2, F2[0]),
    case("where3-int8-pyint", lambda m, c, a: m.where(c[0], a[0], 1), B2, I2.astype(numpy.int8)),
    case("extract", lambda m, c, a: m.extract(c, a), B2, F2),
    case("extract-int", lambda m, a: m.extract(a % 2 == 0, a), I1),
]

# ---- logic --------------------------------------------------------------------------------
LOGIC = [
    case("allclose", lambda m, a: m.allclose(a, a + 1e-9), F2),
    case("allclose-false", lambda m, a: m.allclose(a, a + 1e-3), F2),
    case("allclose-nan", lambda m, a: m.allclose(a, a, equal_nan=True), NAN),
    case("isclose", lambda m, a, b: m.isclose(a, b), F2, F2 + 1e-9 * F2[0]),
    case("isclose-atol", lambda m, a: m.isclose(a, 0.0, atol=0.5), F1),
    case("isclose-nan", lambda m, a: m.isclose(a, a, equal_nan=True), NAN),
    case("array_equal", lambda m, a: m.array_equal(a, a.copy()), F2),
    case("array_equal-shape", lambda m, a: m.array_equal(a, a[:2]), F2),
    case("array_equal-nan", lambda m, a: m.array_equal(a, a, equal_nan=True), NAN),
    case("array_equiv", lambda m, a: m.array_equiv(a, a[0]), I2 * 0 + I2[0]),
    case("array_equiv-false", lambda m, a: m.array_equiv(a, a[:, :2]), I2),
    case("isreal", lambda m, a: m.isreal(a), C1),
    case("isreal-float", lambda m, a: m.isreal(a), F1),
    case("iscomplex", lambda m, a: m.iscomplex(a), C1),
    case("iscomplex-int", lambda m, a: m.iscomplex(a), I1),
]

# ---- set routines -------------------------------------------------------------------------
SETOPS = [
    case("unique", lambda m, a: m.unique(a), I2),
    case("unique-index", lambda m, a: m.unique(a, return_index=True), I1),
    case("unique-inverse", lambda m, a: m.unique(a, return_inverse=True), I2),
    case("unique-counts", lambda m, a: m.unique(a, return_counts=True), I1),
    case("unique-all-flags", lambda m, a: m.unique(a, True, True, True), I1),
    case("unique-axis", lambda m, a: m.unique(a, axis=0), numpy.array([[1, 2], [1, 2], [0, 3]])),
    case("unique-float-nan", lambda m, a: m.unique(a), NAN),
    case("unique-empty", lambda m, a: m.unique(a), E0),
    case("unique_values", lambda m, a: m.sort(m.unique_values(a)), I1),
    case("unique_counts", lambda m, a: tuple(m.unique_counts(a)), I1),
    case("unique_inverse", lambda m, a: tuple(m.unique_inverse(a)), I2),
    case("unique_all", lambda m, a: tuple(m.unique_all(a)), I1),
    case("intersect1d", lambda m, a, b: m.intersect1d(a, b), I1, I2),
    case("intersect1d-indices", lambda m, a, b: m.intersect1d(a, b, return_indices=True),
         numpy.array([5, 1, 3, 9]), numpy.array([3, 4, 5])),
    case("union1d", lambda m, a, b: m.union1d(a, b), I1, F1),
    case("setdiff1d", lambda m, a, b: m.setdiff1d(a, b), I2, I1),
    case("setxor1d", lambda m, a, b: m.setxor1d(a, b), I1, I2),
    case("isin", lambda m, a, b: m.isin(a, b), I2, I1),
    case("isin-invert", lambda m, a, b: m.isin(a, b, invert=True), I1, I1[:4]),
    case("isin-kind-none", lambda m, a, b: m.isin(a, b, kind=None), I2, I1),
    # JAX's isin has no `kind`: NumPy runs it on the device tier
    case("isin-kind-sort", lambda m, a, b: m.isin(a, b, kind="sort"), I2, I1, fallback=True),
    case("isin-kind-table", lambda m, a, b: m.isin(a, b, kind="table", invert=True), I2, I1,
         fallback=True),
]

# ---- manipulation -------------------------------------------------------------------------
MANIP = [
    case("concatenate", lambda m, a, b: m.concatenate([a, b]), F2, I2),
    case("concatenate-axis1", lambda m, a, b: m.concatenate((a, b), axis=1), F2, F2[:, :2]),
    case("concatenate-axis-none", lambda m, a, b: m.concatenate([a, b], axis=None), F3, I2),
    case("concatenate-axis-neg", lambda m, a: m.concatenate([a, a.T.T], axis=-1), F3),
    case("concatenate-dtype", lambda m, a: m.concatenate([a, a], dtype=numpy.float32), I1),
    case("concatenate-out", lambda m, a, o: (m.concatenate([a, a], out=o), o)[1], F1,
         numpy.zeros(22)),
    case("concatenate-empty", lambda m, a, b: m.concatenate([a, b]), E0, I1),
    case("stack", lambda m, a: m.stack([a, a * 2]), F2),
    case("stack-axis", lambda m, a, b: m.stack((a, b), axis=-1), I1, I1 * 3),
    case("vstack", lambda m, a, b: m.vstack([a, b]), F1[:6], F2),
    case("hstack", lambda m, a, b: m.hstack([a, b]), F1, I1),
    case("hstack-2d", lambda m, a: m.hstack([a, a[:, :1]]), F2),
    case("dstack", lambda m, a: m.dstack([a, a]), F2),
    case("column_stack", lambda m, a, b: m.column_stack([a, b]), I1, I1 * 2),
    case("split", lambda m, a: m.split(a, 2, axis=1), F2),
    case("split-indices", lambda m, a: m.split(a, [2, 5]), F1),
    case("array_split", lambda m, a: m.array_split(a, 3), F1),
    case("array_split-axis", lambda m, a: m.array_split(a, 4, axis=1), I2),
    # split points are slice bounds: past the end, negative or decreasing ones are allowed
    case("array_split-indices", lambda m, a: m.array_split(a, [3, 20, -2, 5], axis=-1), I2),
    case("split-indices", lambda m, a: m.split(a, m.asarray([1, 1, 4]), axis=0), F3.reshape(6, 4)),
    case("split-bad-sections", lambda m, a: m.split(a, 4), F1),
    case("tile", lambda m, a: m.tile(a, 2), F1),
    case("tile-2d", lambda m, a: m.tile(a, (2, 1, 2)), I2),
    case("repeat", lambda m, a: m.repeat(a, 2), F2),
    case("repeat-axis", lambda m, a: m.repeat(a, [1, 0, 2, 1], axis=0), I2),
    case("delete", lambda m, a: m.delete(a, 1, axis=1), F2),
    case("delete-list", lambda m, a: m.delete(a, [0, 3, 5]), I1),
    case("delete-slice", lambda m, a: m.delete(a, slice(None, None, 2)), I1),
    case("insert", lambda m, a: m.insert(a, 1, 7.5), I1),
    case("insert-axis", lambda m, a: m.insert(a, [0, 2], -1.0, axis=1), F2),
    case("append", lambda m, a, b: m.append(a, b), F2, I1),
    case("append-axis", lambda m, a: m.append(a, a[:1], axis=0), F2),
    case("resize", lambda m, a: m.resize(a, (3, 5)), F1),
    case("resize-grow", lambda m, a: m.resize(a, 30), I2),
    case("roll", lambda m, a: m.roll(a, 3), F2),
    case("roll-axis", lambda m, a: m.roll(a, -1, axis=1), I2),
    case("roll-tuple", lambda m, a: m.roll(a, (1, 2), axis=(0, 2)), F3),
    case("pad-constant", lambda m, a: m.pad(a, 2), F2),
    case("pad-constant-values", lambda m, a: m.pad(a, ((1, 0), (2, 1)), constant_values=7), I2),
    case("pad-edge", lambda m, a: m.pad(a, (1, 3), mode="edge"), F1),
    case("pad-reflect", lambda m, a: m.pad(a, 2, mode="reflect"), F2),
    case("pad-wrap", lambda m, a: m.pad(a, (3, 1), mode="wrap"), I1),
    case("flip", lambda m, a: m.flip(a), F2),
    case("flip-axis", lambda m, a: m.flip(a, axis=(0, -1)), F3),
    case("fliplr", lambda m, a: m.fliplr(a), I2),
    case("rot90", lambda m, a: m.rot90(a), F2),
    case("rot90-k", lambda m, a: m.rot90(a, k=-1, axes=(1, 2)), F3),
    case("broadcast_to", lambda m, a: m.broadcast_to(a, (3, 11)), F1),
    case("broadcast_arrays", lambda m, a, b: m.broadcast_arrays(a, b), F2[:, :1], F2[0]),
    case("atleast_1d", lambda m, a: m.atleast_1d(a), Z0),
    case("atleast_2d", lambda m, a, b: m.atleast_2d(a, b), Z0, F1),
    case("atleast_3d", lambda m, a: m.atleast_3d(a), F2),
    case("squeeze", lambda m, a: m.squeeze(a[:1]), F2),
    case("moveaxis", lambda m, a: m.moveaxis(a, 0, -1), F3),
    case("transpose", lambda m, a: m.transpose(a, (1, 2, 0)), F3),
    case("transpose-array-axes", lambda m, a: m.transpose(a, m.asarray([1, 2, 0])), F3),
    case("transpose-method-array-axes", lambda m, a: a.transpose(numpy.array([2, 0, 1])), F3),
    case("block-nested", lambda m, a, b: m.block([[a, b], [b[:, :2], a, b[:, :1]]]), F2,
         F2[:, :3]),
    case("block-3-levels", lambda m, a: m.block([[[a], [a]], [[a], [a]]]), F2),
    case("block-scalars", lambda m, a: m.block([[a[:1, :2], 1.5], [a[1:2, :2], a[2:3, :1]]]), F2),
    case("reshape", lambda m, a: m.reshape(a, (6, -1)), F2),
    case("reshape-F", lambda m, a: m.reshape(a, (3, 8), order="F"), F2),
    case("ravel-strided", lambda m, a: m.ravel(a[::2, ::-1]), F2),
]

# ---- polynomials --------------------------------------------------------------------------
POLY = [
    case("poly", lambda m, a: m.poly(a), SORTED),
    case("poly-matrix", lambda m, a: m.poly(a), F2[:3, :3]),
    case("polyval", lambda m, p, x: m.polyval(p, x), SORTED, F1),
    case("polyval-int", lambda m, p, x: m.polyval(p, x), I1[:4], I1),
    case("polyfit", lambda m, x, y: m.polyfit(x, y, 2), F1, F1 ** 2 - 3 * F1 + 1,
         fallback=True),
    case("polyfit-cov", lambda m, x, y: m.polyfit(x, y, 1, cov=True), F1, F1 * 2 + 0.1 * F1 ** 3,
         fallback=True),
]

ALL = MATH + STATS + SORTING + LOGIC + SETOPS + MANIP + POLY


@pytest.mark.parametrize("fn, args, fallback, kw", ALL)
def test_function(tier, fn, args, fallback, kw):
    old = npjax.config.fallback
    if fallback:  # no JAX implementation by design: NumPy runs it on the device tier
        npjax.config.fallback = "silent"
    try:
        parity(fn, *args, rtol=1e-9, atol=1e-12, **kw)
    finally:
        npjax.config.fallback = old


# ---- out= and views -----------------------------------------------------------------------
OUT_CASES = [
    ("sum", lambda m, a, o: m.sum(a, axis=0, out=o), F2, (6,)),
    ("mean", lambda m, a, o: m.mean(a, axis=1, out=o), F2, (4,)),
    ("max", lambda m, a, o: m.max(a, axis=1, out=o), F2, (4,)),
    ("cumsum", lambda m, a, o: m.cumsum(a, out=o), F1, (11,)),
    ("clip", lambda m, a, o: m.clip(a, -0.1, 0.1, out=o), F2, (4, 6)),
    ("round", lambda m, a, o: m.round(a, 1, out=o), F2, (4, 6)),
    ("prod", lambda m, a, o: m.prod(a, axis=0, out=o), F2, (6,)),
    ("std", lambda m, a, o: m.std(a, axis=0, out=o), F2, (6,)),
    # run on NumPy by choice: its out= must still land in the user's (device) array
    ("median", lambda m, a, o: m.median(a, axis=0, out=o), F2, (6,)),
    ("percentile", lambda m, a, o: m.percentile(a, [25, 75], axis=1, out=o), F2, (2, 4)),
    ("nanquantile", lambda m, a, o: m.nanquantile(a, 0.3, axis=1, out=o), NAN, (2,)),
]


@pytest.mark.parametrize("fn, a, shape", [pytest.param(f, a, s, id=i)
                                           for i, f, a, s in OUT_CASES])
@pytest.mark.parametrize("view", [False, True], ids=["array", "view"])
def test_out(tier, fn, a, shape, view):
    """out= receives the result (also a strided view of a bigger array) and is returned."""
    n = int(numpy.prod(shape))
    nbase = numpy.full(2 * n, -1.0)
    jbase = to_npjax(nbase)
    if view:
        nout, jout = nbase[::2].reshape(shape), jbase[::2].reshape(shape)
    else:
        nout, jout = numpy.zeros(shape), npjax.zeros(shape)
    r_np = fn(numpy, a, nout)
    r_nj = fn(npjax, to_npjax(a), jout)
    assert r_np is nout
    assert r_nj is jout
    assert_same(nout, jout, rtol=1e-9)
    if view:
        assert_same(nbase, jbase, rtol=1e-9)


def test_out_int_into_float(tier):
    """sum of an int array into a float out= casts as NumPy does."""
    o_np, o_nj = numpy.zeros(6), npjax.zeros(6)
    numpy.sum(I2, axis=0, out=o_np)
    npjax.sum(to_npjax(I2), axis=0, out=o_nj)
    assert_same(o_np, o_nj)


@pytest.mark.parametrize("fn, args", [
    pytest.param(lambda m, a: m.mean(a, axis=1, where=a > -10), (F2,), id="mean-where"),
    pytest.param(lambda m, a: m.std(a, axis=0, where=a > -10), (F2,), id="std-where"),
    pytest.param(lambda m, a: m.corrcoef(a), (F2,), id="corrcoef"),
    pytest.param(lambda m, a, w: m.average(a, weights=w), (F1, F1 ** 2), id="average"),
])
def test_no_spurious_warnings(tier, fn, args):
    """Calls NumPy runs silently stay silent on both tiers (NumPy's dtype/shape probe on
    stand-in values must not leak its own warnings)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fn(numpy, *args)
        parity(fn, *args, rtol=1e-9)


@contextlib.contextmanager
def _silent():
    """Fallbacks the test expects (and checks in npjax.stats()) are not warned."""
    old = npjax.config.fallback
    npjax.config.fallback = "silent"
    try:
        yield
    finally:
        npjax.config.fallback = old


def test_numpy_transpose_of_npjax_array(tier):
    """NumPy's own transpose hands npjax arrays to npjax, with its axes as given (an array
    of axes is not compared with `()`)."""
    a = to_npjax(F3)
    for axes in (None, (2, 0, 1), numpy.array([1, 0, 2]), [0, 2, 1]):
        assert_same(numpy.transpose(F3, axes), numpy.transpose(a, axes))
    with pytest.raises(ValueError):
        numpy.transpose(a, numpy.array([0, 1]))


def test_block_nested_device_arrays_run_on_jax(device_tier, no_fallback):
    a, b = npjax.asarray(F2), npjax.asarray(F2[:, :3])
    r = npjax.block([[a, b], [b[:, :2], a, b[:, :1]]])
    assert not r._on_host
    assert_same(numpy.block([[F2, F2[:, :3]], [F2[:, :2], F2, F2[:, :1]]]), r)
    assert npjax.stats()["calls"]["block"] == {"device": 1}


@pytest.mark.parametrize("name", ["nanargmin", "nanargmax"])
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_nanargmin_complex_falls_back(tier, name, dtype):
    """XLA has no ordered comparison of complex values: complex input runs on NumPy (a
    recorded fallback on the device), real input stays on JAX."""
    x = numpy.array([[1 + 2j, numpy.nan, 1 + 1j], [3 - 1j, 2 + 0j, 2 - 5j]], dtype)
    npjax.stats(reset=True)
    with _silent():
        parity(lambda m, a: getattr(m, name)(a), x)
        parity(lambda m, a: getattr(m, name)(a, axis=1), x)
        parity(lambda m, a: getattr(m, name)(a.real, axis=0), x)
    assert (name in npjax.stats()["fallbacks"]) == (tier == "device")
    assert npjax.stats()["fallbacks"].get(name, 0) == (2 if tier == "device" else 0)
    # the failed JAX attempt of an earlier version left the lazy graph broken: later
    # device work must still run
    assert_same(numpy.arange(4.0) * 2, npjax.arange(4.0) * 2)


@pytest.mark.parametrize("kind", ["sort", "table"])
def test_isin_kind_is_a_recorded_fallback(tier, kind):
    npjax.stats(reset=True)
    with _silent():
        parity(lambda m, a, b: m.isin(a, b, kind=kind), I2, I1)
    if tier == "device":
        assert "kind" in npjax.stats()["fallback_reasons"]["isin"]
    else:
        assert not npjax.stats()["fallbacks"]


@pytest.mark.parametrize("name", ["nanargmin", "nanargmax"])
def test_nanargmin_all_nan_slice_raises(tier, name):
    """NumPy raises ValueError for a slice of NaNs only (JAX would answer -1)."""
    x = numpy.array([[1.0, numpy.nan, 3.0], [numpy.nan, numpy.nan, numpy.nan]])
    parity(lambda m, a: getattr(m, name)(a, axis=1), x)
    parity(lambda m, a: getattr(m, name)(a[1]), x)
    parity(lambda m, a: getattr(m, name)(a, axis=0), x)
    parity(lambda m, a: getattr(m, name)(a[0]), x)
    parity(lambda m, a: getattr(m, name)(a[:, :1], axis=0), x)
