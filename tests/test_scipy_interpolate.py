"""Parity of npjax.scipy.interpolate's interp1d and RegularGridInterpolator with SciPy's on
both tiers: construction errors, attributes, call values, dtypes, shapes, bounds errors;
spline kinds/methods are recorded fallbacks. npjax's classes are its own: isinstance checks
against SciPy's classes do not hold."""
import numpy
import pytest
import scipy.interpolate as si

import npjax
from npjax.scipy import interpolate
from conftest import assert_same, to_npjax
from _scipy_parity import (fallbacks, silent_fallbacks, no_fallback_fixture, on_device,
                           allow_fallback)  # noqa: F401

R = numpy.random.default_rng(13)
no_fallback = no_fallback_fixture("scipy.interpolate")
X = numpy.sort(R.uniform(0, 10, 12))
Y = R.normal(size=(3, 12))
XN = numpy.concatenate([R.uniform(X[0], X[-1], 15), [X[0], X[-1], X[4]]])
OUT = numpy.array([-1.0, 11.0, X[0] - 1e-9])


def both(cls, ctor_args, ctor_kw, call_args, call_kw=None, rtol=1e-12, atol=1e-13):
    """Construct and call SciPy's class and npjax's; compare results (or exception types
    at construction or call)."""
    call_kw = call_kw or {}
    try:
        ref = getattr(si, cls)(*ctor_args, **ctor_kw)
    except Exception as err:
        with pytest.raises(type(err)):
            getattr(interpolate, cls)(*to_npjax(ctor_args), **to_npjax(ctor_kw))
        return None
    mine = getattr(interpolate, cls)(*to_npjax(ctor_args), **to_npjax(ctor_kw))
    try:
        expected = ref(*call_args, **call_kw)
    except Exception as err:
        with pytest.raises(type(err)):
            mine(*to_npjax(call_args), **call_kw)
        return None
    got = mine(*to_npjax(call_args), **call_kw)
    assert_same(expected, got, rtol=rtol, atol=atol)
    on_device(got, list(ctor_args) + list(call_args))
    return ref, mine


@pytest.mark.parametrize("kind", ["linear", "nearest", "nearest-up", "previous", "next"])
@pytest.mark.parametrize("kw", [dict(bounds_error=False), dict(fill_value="extrapolate")])
def test_interp1d(tier, kind, kw):
    both("interp1d", (X, Y), dict(kind=kind, **kw), (numpy.concatenate([XN, OUT]),))


@pytest.mark.parametrize("kind,fill", [("linear", (-5.0, 5.0)),
                                       ("previous", numpy.array([1.0, 2, 3]))])
def test_interp1d_fill_values(tier, kind, fill):
    both("interp1d", (X, Y), dict(kind=kind, bounds_error=False, fill_value=fill),
         (numpy.concatenate([XN, OUT]),))


@pytest.mark.parametrize("kind", ["linear", "nearest"])
def test_interp1d_axis_shapes_and_unsorted(tier, kind):
    perm = R.permutation(12)
    both("interp1d", (X[perm], Y.T[perm]), dict(kind=kind, axis=0), (XN[:6].reshape(2, 3),))
    both("interp1d", (X, Y.reshape(3, 1, 12)), dict(kind=kind), (XN[:4].reshape(2, 2),))
    both("interp1d", (X, Y[0]), dict(kind=kind, assume_sorted=True), (numpy.float64(XN[2]),))


def test_interp1d_bounds_error_and_attributes(tier):
    ref_mine = both("interp1d", (X, Y[0]), {}, (XN,))      # numpy.interp's path in SciPy
    ref, mine = ref_mine
    assert_same(ref.x, mine.x)
    assert_same(ref.y, mine.y)
    assert (mine.axis, mine.bounds_error, mine.copy) == (ref.axis, ref.bounds_error, ref.copy)
    assert numpy.isnan(mine.fill_value) and numpy.isnan(ref.fill_value)
    obj = interpolate.interp1d(npjax.array(X), npjax.array(Y[0]))
    with pytest.raises(ValueError, match="below the interpolation range"):
        obj(npjax.array(OUT[::-1]))
    with pytest.raises(ValueError, match="above the interpolation range"):
        obj(npjax.array(OUT[1:2]))
    assert not isinstance(obj, si.interp1d)


@pytest.mark.parametrize("case", [
    pytest.param((X.astype(int), Y[0], {}), id="int-x"),
    pytest.param((X, (Y[0] * 10).astype(int), {}), id="int-y"),
    pytest.param((X.astype(numpy.float32), Y.astype(numpy.float32), {}), id="float32"),
    pytest.param((X, Y + 1j * Y[::-1], dict(fill_value="extrapolate")), id="complex"),
    pytest.param((X[:1], Y[:, :1], dict(kind="nearest", bounds_error=False)), id="one-point"),
])
def test_interp1d_dtypes(tier, case):
    x, y, kw = case
    tol = dict(rtol=2e-6, atol=1e-6) if y.dtype == numpy.float32 else {}
    xn = numpy.concatenate([numpy.clip(XN, x.min(), x.max()), [numpy.nan]])
    both("interp1d", (x, y), dict(kind="linear", **kw) if "kind" not in kw else kw, (xn,),
         **tol)
    both("interp1d", (x, y), dict(kind="next", bounds_error=False), (xn[:-1].astype(int),),
         **tol)


@pytest.mark.parametrize("ctor", [
    pytest.param(((X, Y), dict(kind="bogus")), id="kind"),
    pytest.param(((X[:, None], Y), {}), id="x-2d"),
    pytest.param(((X, Y[:, :5]), {}), id="lengths"),
    pytest.param(((X, Y), dict(fill_value="extrapolate", bounds_error=True)), id="extrap-raise"),
    pytest.param(((X, Y), dict(bounds_error=False, fill_value=numpy.ones(2))), id="fill-shape"),
    pytest.param(((X[:0], Y[:, :0]), {}), id="empty"),
])
def test_interp1d_errors(tier, ctor):
    args, kw = ctor
    both("interp1d", args, kw, (XN,))


def test_interp1d_host_data_device_queries(tier):
    """A small table built on the host, queried with device points: runs natively."""
    obj = interpolate.interp1d(X, Y[0])
    q = npjax.array(XN)
    assert_same(si.interp1d(X, Y[0])(XN), obj(q), rtol=1e-12, atol=1e-13)


def test_interp1d_spline_kind_is_a_recorded_fallback(tier, allow_fallback):
    with silent_fallbacks():
        obj = interpolate.interp1d(npjax.array(X), npjax.array(Y), kind="cubic")
        got = obj(npjax.array(XN))
    assert_same(si.interp1d(X, Y, kind="cubic")(XN), got, rtol=1e-12)
    if tier == "device":
        assert set(fallbacks("scipy.interpolate")) == {
            "scipy.interpolate.interp1d", "scipy.interpolate.interp1d.__call__"}


# ---- RegularGridInterpolator ---------------------------------------------------------------------
G1 = numpy.linspace(0, 1, 5)
G2 = numpy.sort(R.uniform(0, 2, 7))
V = R.normal(size=(5, 7))
PTS = numpy.concatenate([numpy.stack([R.uniform(-0.1, 1.1, 25), R.uniform(-0.1, 2.1, 25)], -1),
                         [[0.0, G2[0]], [1.0, G2[-1]], [0.5, G2[3]], [numpy.nan, 1.0]]])


@pytest.mark.parametrize("method,kw", [
    ("linear", dict(bounds_error=False)), ("nearest", dict(bounds_error=False)),
    ("linear", dict(bounds_error=False, fill_value=None)),
    ("nearest", dict(bounds_error=False, fill_value=-3.0))])
def test_rgi(tier, method, kw):
    both("RegularGridInterpolator", ((G1, G2), V), dict(method=method, **kw), (PTS,))


def test_rgi_shapes_and_dtypes(tier):
    inside = numpy.clip(PTS[:-1], [0, G2[0]], [1, G2[-1]])
    both("RegularGridInterpolator", ((G1, G2), R.normal(size=(5, 7, 2))), {},
         (inside.reshape(4, 7, 2),))
    both("RegularGridInterpolator", ((G1[::-1], G2), V), dict(method="nearest"), (inside,))
    both("RegularGridInterpolator", ((G1, G2), V.astype(numpy.float32)), {},
         (inside,), rtol=2e-6, atol=1e-6)
    both("RegularGridInterpolator", ((G1, G2), (V * 10).astype(int)), {},
         ((inside[:, 0], inside[:, 1]),))
    both("RegularGridInterpolator", ((G1, G2), V + 2j * V), {}, (inside,),
         dict(method="nearest"))
    both("RegularGridInterpolator", ((G1,), V[:, 0]), {}, (inside[:, 0],))


@pytest.mark.parametrize("case", [
    pytest.param((((G1, G2), V), {}, (PTS[:-1],)), id="out-of-bounds"),
    pytest.param((((G1, G2[::-1][[0, 2, 1, 3, 4, 5, 6]]), V), {}, (PTS,)), id="unsorted-grid"),
    pytest.param((((G1, G2), V[:4]), {}, (PTS,)), id="shape"),
    pytest.param((((G1, G2), V), dict(method="bogus"), (PTS,)), id="method"),
    pytest.param((((G1, G2), V), dict(fill_value=1j), (PTS,)), id="fill-dtype"),
    pytest.param((((G1, G2), V), dict(bounds_error=False), (PTS[:, :1],)), id="xi-dim"),
])
def test_rgi_errors(tier, case):
    ctor_args, kw, call_args = case
    both("RegularGridInterpolator", ctor_args, kw, call_args)


def test_rgi_spline_is_a_recorded_fallback(tier, allow_fallback):
    inside = numpy.clip(PTS[:-1], [0, G2[0]], [1, G2[-1]])
    with silent_fallbacks():
        obj = interpolate.RegularGridInterpolator((G1, G2), npjax.array(V))
        got = obj(npjax.array(inside), method="cubic")
    assert_same(si.RegularGridInterpolator((G1, G2), V)(inside, method="cubic"), got,
                rtol=1e-12)
    assert fallbacks("scipy.interpolate") == ({} if tier == "host" else {
        "scipy.interpolate.RegularGridInterpolator.__call__": 1})
    assert not isinstance(obj, si.RegularGridInterpolator)
