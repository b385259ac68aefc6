"""Parity for names served natively that are easy to overlook: complex-part views, the
array-API astype, bit packing, flat-index conversion, windows and index generators."""
import numpy
import pytest

import npjax
from conftest import parity

F = numpy.array([1.5, -2.7, 3.2, -0.5, 0.0])
C = numpy.array([1 + 2j, -3 + 0.5j, 0.25j])

CASES = [
    ("fix", lambda m, a: m.fix(a), (F,)),
    ("fix-int", lambda m, a: m.fix(a), (numpy.arange(-3, 3),)),
    ("real", lambda m, a: m.real(a), (C,)),
    ("imag", lambda m, a: m.imag(a), (C,)),
    ("real-of-real", lambda m, a: m.real(a), (F,)),
    ("imag-of-real", lambda m, a: m.imag(a), (F,)),
    ("astype", lambda m, a: m.astype(a, numpy.int32), (F,)),
    ("astype-nocopy", lambda m, a: m.astype(a, a.dtype, copy=False), (F,)),
    ("packbits", lambda m, a: m.packbits(a > 0), (F,)),
    ("packbits-2d", lambda m, a: m.packbits(a.reshape(2, 3) > 2, axis=1, bitorder="little"),
     (numpy.arange(6),)),
    ("unpackbits", lambda m, a: m.unpackbits(a), (numpy.array([3, 255, 0], numpy.uint8),)),
    ("unravel_index", lambda m, a: m.unravel_index(a, (3, 4)), (numpy.array([0, 5, 11]),)),
    ("unravel_index-F", lambda m, a: m.unravel_index(a, (3, 4), order="F"),
     (numpy.array([0, 5, 11]),)),
    ("unravel_index-oob", lambda m, a: m.unravel_index(a, (3, 4)), (numpy.array([12]),)),
    ("ravel_multi_index", lambda m, a, b: m.ravel_multi_index((a, b), (3, 4)),
     (numpy.array([0, 2, 1]), numpy.array([3, 0, 1]))),
    ("ravel_multi_index-oob", lambda m, a, b: m.ravel_multi_index((a, b), (3, 4)),
     (numpy.array([0, 3]), numpy.array([3, 0]))),
    ("ravel_multi_index-wrap", lambda m, a, b: m.ravel_multi_index((a, b), (3, 4),
                                                                    mode="wrap"),
     (numpy.array([0, 3]), numpy.array([5, -1]))),
    ("real_if_close", lambda m, a: m.real_if_close(a), (numpy.array([1 + 1e-20j, 2]),)),
    ("real_if_close-not", lambda m, a: m.real_if_close(a), (C,)),
    ("polydiv", lambda m, a, b: m.polydiv(a, b), (numpy.array([1.0, 2, 3, 4]),
                                                  numpy.array([1.0, 1]))),
    ("roots", lambda m, a: m.sort_complex(m.roots(a)),
     (numpy.array([1.0, -6, 11, -6]),)),
]


@pytest.mark.parametrize("name,fn,args", CASES, ids=[c[0] for c in CASES])
def test_native_parity(tier, name, fn, args):
    npjax.stats(reset=True)
    old = npjax.config.fallback
    npjax.config.fallback = "raise"
    try:
        parity(fn, *args, rtol=1e-10, atol=1e-12)
    finally:
        npjax.config.fallback = old
    assert npjax.stats()["fallbacks"] == {}


def test_real_and_imag_functions_are_views(tier):
    ref = C.copy()
    mine = npjax.array(C)
    numpy.real(ref)[0] = 10.0
    npjax.real(mine)[0] = 10.0
    numpy.imag(ref)[1] = -1.0
    npjax.imag(mine)[1] = -1.0
    numpy.testing.assert_array_equal(ref, numpy.asarray(mine))


@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning"])
def test_windows(name):
    parity(lambda m: getattr(m, name)(7))
    parity(lambda m: getattr(m, name)(0))
    parity(lambda m: m.kaiser(6, 14.0))


def test_index_generators():
    parity(lambda m: m.diag_indices(3, 2))
    parity(lambda m: m.tril_indices(4, 1))
    parity(lambda m: m.triu_indices(3, 0, 5))
    parity(lambda m: m.mask_indices(3, numpy.triu))


def test_einsum_path(tier):
    a, b = numpy.ones((2, 3)), numpy.ones((3, 4))
    expected = numpy.einsum_path("ij,jk->ik", a, b, optimize="greedy")
    got = npjax.einsum_path("ij,jk->ik", npjax.array(a), npjax.array(b), optimize="greedy")
    assert got[0] == expected[0] and got[1] == expected[1]


A3 = numpy.arange(24.0).reshape(2, 3, 4) - 7


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_apply_along_axis(tier, axis):
    npjax.config.fallback, old = "raise", npjax.config.fallback
    try:
        parity(lambda m, a: m.apply_along_axis(lambda r: r[::-1] * 2, axis, a), A3)
        parity(lambda m, a: m.apply_along_axis(lambda r: r.sum(), axis, a), A3)
        parity(lambda m, a: m.apply_along_axis(lambda r: m.outer(r, r[:2]), axis, a), A3)
        parity(lambda m, a: m.apply_along_axis(lambda r, k: r * k, axis, a, 3), A3)
    finally:
        npjax.config.fallback = old
    parity(lambda m, a: m.apply_along_axis(lambda r: r, 3, a), A3)          # AxisError
    parity(lambda m, a: m.apply_along_axis(lambda r: r, 0, a), numpy.zeros((2, 0)))


def test_apply_over_axes(tier):
    parity(lambda m, a: m.apply_over_axes(m.sum, a, [0, 2]), A3)
    parity(lambda m, a: m.apply_over_axes(m.mean, a, -1), A3)
    parity(lambda m, a: m.apply_over_axes(lambda x, ax: x.sum(axis=ax).sum(), a, [0]), A3)


def test_piecewise(tier):
    x = numpy.linspace(-2.0, 2.0, 9)
    parity(lambda m, a: m.piecewise(a, [a < 0, a >= 0], [-1.0, 1.0]), x)
    parity(lambda m, a: m.piecewise(a, [a < -1, a > 1], [lambda t: t * 10, 5.0,
                                                        lambda t: t ** 2]), x)
    parity(lambda m, a: m.piecewise(a, [a < 0], [lambda t: -t]), x)
    parity(lambda m, a: m.piecewise(a, [a < 0, a > 0], [1.0]), x)          # ValueError
    parity(lambda m, a: m.piecewise(a, a > 2.5, [lambda t: t, 0.0]), x)    # empty branch
    parity(lambda m, a: m.piecewise(a, [True], [3.0]), numpy.array(1.5))
