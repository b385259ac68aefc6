"""Parity of npjax.scipy.integrate's natives (trapezoid, cumulative_trapezoid, simpson,
cumulative_simpson) with scipy.integrate on both tiers: values, dtypes, shapes, errors."""
import numpy
import pytest
import scipy.integrate as si

import npjax
from npjax.scipy import integrate
from conftest import assert_same
from _scipy_parity import (sp_parity, fallbacks, silent_fallbacks, no_fallback_fixture,
                           allow_fallback)  # noqa: F401

R = numpy.random.default_rng(11)
no_fallback = no_fallback_fixture("scipy.integrate")
NAMES = ["trapezoid", "cumulative_trapezoid", "simpson", "cumulative_simpson"]


def p(name, *args, **kw):
    kw.setdefault("rtol", 1e-12)
    kw.setdefault("atol", 1e-13)
    return sp_parity("integrate", name, *args, **kw)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n", [2, 3, 4, 7, 8])
def test_lengths(tier, name, n):
    # odd and even sample counts (Simpson's rule corrects the last interval when even)
    y = R.normal(size=(3, n))
    p(name, y)
    p(name, y, x=numpy.sort(R.uniform(0, 5, n)))


@pytest.mark.parametrize("name", NAMES)
def test_spacing_axes_and_nd_x(tier, name):
    y = R.normal(size=(6, 4))
    p(name, y, dx=0.25, axis=0)
    p(name, y.T, x=numpy.cumsum(R.uniform(0.1, 1.0, size=(4, 6)), axis=1), axis=-1)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [numpy.float32, numpy.int64, numpy.complex128])
def test_dtypes(tier, name, dtype):
    y = (R.normal(size=(2, 9)) * 10).astype(dtype)
    tol = dict(rtol=2e-6, atol=1e-5) if dtype == numpy.float32 else {}
    p(name, y, **tol)
    p(name, y, x=numpy.arange(9) ** 2, **tol)


def test_initial(tier):
    y = R.normal(size=(3, 6))
    p("cumulative_trapezoid", y, initial=0)
    p("cumulative_trapezoid", y, x=numpy.linspace(0, 1, 6), initial=0, axis=-1)
    p("cumulative_simpson", y, initial=1.5)
    p("cumulative_simpson", y, initial=numpy.arange(3.0)[:, None])
    p("cumulative_trapezoid", y, initial=1.0)


def test_edge_cases(tier):
    p("trapezoid", numpy.array([2.0]))
    p("simpson", numpy.array([2.0]))
    p("cumulative_trapezoid", numpy.array([2.0]))
    p("trapezoid", numpy.zeros((3, 0)))
    p("cumulative_trapezoid", numpy.zeros((3, 0)))
    p("trapezoid", numpy.zeros((0, 4)))
    y = R.normal(size=9)
    y[4] = numpy.nan
    for name in NAMES:
        p(name, y)
    p("simpson", R.normal(size=(4, 5))[:, ::2], x=numpy.array([0.0, 1.0, 3.0]))
    p("trapezoid", R.normal(size=5), x=numpy.array([0.0, 1.0, 1.0, 2.0, 5.0]))
    p("simpson", R.normal(size=6), x=numpy.array([0.0, 1.0, 1.0, 2.0, 5.0, 5.0]))


@pytest.mark.parametrize("call", [
    pytest.param(("cumulative_trapezoid", (numpy.ones(4),), dict(x=numpy.ones(3))), id="x-len"),
    pytest.param(("simpson", (numpy.ones((2, 4)),), dict(x=numpy.ones((2, 2, 4)))),
                 id="x-rank"),
    pytest.param(("simpson", (numpy.ones(5),), dict(x=numpy.ones(4))), id="simpson-x-len"),
    pytest.param(("cumulative_simpson", (numpy.ones(5),), dict(x=numpy.ones(5))),
                 id="not-increasing"),
    pytest.param(("cumulative_simpson", (numpy.ones(5),), dict(x=numpy.arange(4.0))),
                 id="cs-x-shape"),
    pytest.param(("cumulative_simpson", (numpy.ones((2, 5)),), dict(dx=numpy.ones(3))),
                 id="cs-dx-shape"),
    pytest.param(("cumulative_simpson", (numpy.ones((2, 5)),), dict(axis=2)), id="cs-axis"),
    pytest.param(("cumulative_trapezoid", (numpy.zeros(0),), {}), id="empty"),
    pytest.param(("trapezoid", (numpy.ones(3),), dict(axis=1)), id="axis"),
])
def test_errors(tier, call):
    name, args, kw = call
    p(name, *args, **kw)


def test_not_native_is_a_recorded_fallback(tier, allow_fallback):
    y = R.normal(size=17)
    with silent_fallbacks():
        got = integrate.romb(npjax.array(y), dx=0.5)
    assert_same(si.romb(y, dx=0.5), got)
    assert fallbacks("scipy.integrate") == \
        ({} if tier == "host" else {"scipy.integrate.romb": 1})
