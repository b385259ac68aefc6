"""Parity of npjax.scipy.ndimage's natives with scipy.ndimage on both tiers: values, dtypes,
shapes, errors; device calls must not fall back (except where a test says)."""
import numpy
import pytest
import scipy.ndimage as nd

import npjax
from npjax.scipy import ndimage
from conftest import assert_same
from _scipy_parity import (sp_parity, fallbacks, silent_fallbacks, no_fallback_fixture,
                           allow_fallback)  # noqa: F401

R = numpy.random.default_rng(5)
no_fallback = no_fallback_fixture("scipy.ndimage")
IMG = R.normal(size=(7, 9))
IMG_I = R.integers(-20, 20, size=(6, 8))
W = R.normal(size=(3, 2))


def p(name, *args, **kw):
    kw.setdefault("rtol", 1e-11)
    kw.setdefault("atol", 1e-12)
    return sp_parity("ndimage", name, *args, **kw)


# ---- correlation filters -------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["reflect", "mirror", "nearest", "wrap", "constant"])
def test_correlate_modes(tier, mode):
    p("correlate", IMG, W, mode=mode, cval=1.5)
    p("convolve1d", IMG, [1.0, -2.0, 0.5, 3.0], axis=0, mode=mode, cval=-2.0)


def test_correlate_grid_modes(tier):
    for mode in ("grid-mirror", "grid-wrap", "grid-constant"):
        p("correlate", IMG, W, mode=mode, cval=1.5)


@pytest.mark.parametrize("origin", [-1, [1, 0]])
def test_correlate_convolve_origin(tier, origin):
    w = R.normal(size=(3, 4))
    p("correlate", IMG, w, origin=origin)
    p("convolve", IMG, w, origin=origin, mode="constant")


@pytest.mark.parametrize("case", [
    pytest.param((IMG_I, [[1, 2], [0, -1]], {}), id="int-int-weights"),
    pytest.param((IMG_I, [0.5, 0.5, 0.5, 0.5], dict(output=numpy.float32)), id="output-f32"),
    pytest.param((IMG_I.astype(numpy.int16), [[0.5, 0.5]], {}), id="int16-half-weights"),
    pytest.param((IMG.astype(numpy.float32), W, {}), id="float32"),
    pytest.param((IMG + 1j * IMG[::-1], W, dict(cval=1 + 2j, mode="constant")), id="complex"),
    pytest.param((IMG, W + 1j, {}), id="complex-weights"),
    pytest.param((IMG.astype(numpy.float32), W - 2j, {}), id="f32-complex-weights"),
    pytest.param((IMG_I.astype(numpy.uint8) + 30, [[1, 1], [1, 1]], {}), id="uint8"),
])
def test_correlate_dtypes(tier, case):
    x, w, kw = case
    w = numpy.asarray(w)
    tol = dict(rtol=2e-6, atol=1e-5) if x.dtype == numpy.float32 else {}
    if w.ndim == 1:
        p("correlate1d", x, w, **kw, **tol)
        p("convolve1d", x, w, axis=0, **kw, **tol)
    else:
        p("correlate", x, w, **kw, **tol)
        p("convolve", x, w, **kw, **tol)


def test_correlate_axes_and_edges(tier):
    x3 = R.normal(size=(4, 5, 6))
    p("correlate", x3, W, axes=(0, 2))
    p("convolve", x3, R.normal(size=(2, 2, 2)), mode="wrap")
    p("correlate1d", numpy.array([3.0]), [1.0, 2.0, 3.0])
    p("correlate", numpy.zeros((0, 4)), W)
    nan = IMG.copy()
    nan[2, 3] = numpy.nan
    p("correlate", nan, W)


@pytest.mark.parametrize("call", [
    pytest.param(lambda: ("correlate", (IMG, W), dict(origin=2)), id="origin"),
    pytest.param(lambda: ("correlate", (IMG, W), dict(mode="bad")), id="mode"),
    pytest.param(lambda: ("correlate", (IMG, R.normal(size=3)), {}), id="weights-rank"),
    pytest.param(lambda: ("correlate1d", (IMG, []), {}), id="no-weights"),
    pytest.param(lambda: ("correlate1d", (IMG, [1.0, 2.0]), dict(axis=2)), id="axis"),
    pytest.param(lambda: ("correlate", (IMG, W), dict(cval=1j)), id="complex-cval"),
    pytest.param(lambda: ("correlate", (IMG.astype(numpy.float16), W), {}), id="float16"),
])
def test_correlate_errors(tier, call):
    name, args, kw = call()
    p(name, *args, **kw)


# ---- gaussian, uniform, min/max, derivatives ---------------------------------------------------
@pytest.mark.parametrize("kw", [dict(sigma=1.5), dict(sigma=[0.7, 2.0], order=[1, 2]),
                                dict(sigma=1.0, truncate=2.0, mode="constant", cval=1.0),
                                dict(sigma=2.0, radius=2, mode=["wrap", "mirror"]),
                                dict(sigma=[0.0, 1.2]), dict(sigma=1.1, axes=1, order=3),
                                dict(sigma=0.0)])
def test_gaussian_filter(tier, kw):
    p("gaussian_filter", IMG, **kw)


def test_gaussian_filter_dtypes_and_1d(tier):
    p("gaussian_filter", IMG_I * 10, 1.3)
    p("gaussian_filter", IMG.astype(numpy.float32), 1.3, rtol=2e-6, atol=1e-6)
    p("gaussian_filter", IMG, 1.3, output=numpy.float32, rtol=2e-6, atol=1e-6)
    p("gaussian_filter1d", IMG, 1.7, axis=0, order=1)
    p("gaussian_filter1d", IMG, 1.7, radius=-1)
    p("gaussian_filter", IMG, 1.0, order=-1)


@pytest.mark.parametrize("kw", [dict(size=3), dict(size=[2, 4], origin=[0, -1]),
                                dict(size=5, mode="constant", cval=2.0, axes=0), dict(size=1)])
def test_uniform_filter(tier, kw):
    # integer results are truncated: SciPy's running sums are reproduced exactly
    p("uniform_filter", IMG_I * 7 if kw.get("size") == 3 or "axes" in kw else IMG, **kw)


def test_uniform_filter1d(tier):
    p("uniform_filter1d", IMG, 4, axis=0, origin=1)
    p("uniform_filter1d", IMG + 2j * IMG, 3)
    p("uniform_filter1d", IMG.astype(numpy.float32), 6, rtol=2e-6, atol=1e-6)
    p("uniform_filter1d", IMG, 0)
    p("uniform_filter1d", IMG, 3, origin=2)


@pytest.mark.parametrize("name,kw", [
    ("minimum_filter", dict(size=3)),
    ("maximum_filter", dict(size=(2, 4), mode="constant", cval=0.5)),
    ("minimum_filter", dict(footprint=[[1, 0, 1], [0, 1, 1]])),
    ("maximum_filter", dict(footprint=[[1, 1], [1, 1]], origin=-1)),
    ("maximum_filter", dict(size=3, mode="mirror", axes=[1])),
    ("minimum_filter", dict(footprint=[[0, 0]])),
])
def test_min_max_filter(tier, name, kw):
    p(name, IMG, **kw)
    p(name, IMG_I, **kw)


def test_min_max_filter1d(tier):
    p("minimum_filter1d", IMG, 4, axis=0, mode="wrap")
    p("maximum_filter1d", IMG_I.astype(numpy.uint8), 3, origin=1)
    p("maximum_filter1d", IMG, 0)
    p("minimum_filter", IMG + 1j, 3)


@pytest.mark.parametrize("name,kw", [("sobel", {}), ("prewitt", dict(axis=0, mode="constant",
                                                                      cval=1.0))])
def test_edge_filters(tier, name, kw):
    p(name, IMG, **kw)
    p(name, IMG_I, **kw)


def test_laplace_family(tier):
    p("laplace", IMG)
    p("laplace", IMG_I, mode="nearest")
    p("laplace", IMG, axes=[1])
    p("gaussian_laplace", IMG, 1.2)
    p("gaussian_laplace", IMG, [1.0, 1.5], mode="wrap")
    p("gaussian_gradient_magnitude", IMG, 1.1)
    p("gaussian_gradient_magnitude", IMG_I * 5, 1.1, truncate=3.0)


# ---- interpolation ----------------------------------------------------------------------------
MODES = ["constant", "grid-constant", "nearest", "reflect", "grid-mirror", "mirror", "wrap",
         "grid-wrap"]
# random points, halves (order 0 rounds them up) and exact multiples of the boundary modes'
# periods (7 x 9 input: 6/8, 7/9, 12/16, 14/18)
COORDS = numpy.stack([
    numpy.concatenate([R.uniform(-9, 16, 40), [-0.5, 0.5, 2.5, 6.0, 6.5],
                       [-12.0, -14.0, -6.0, -7.0, 12.0, 14.0, 18.0, 24.0]]),
    numpy.concatenate([R.uniform(-9, 18, 40), [0.5, -0.5, 8.5, 9.5, 3.0],
                       [-16.0, -18.0, -8.0, -9.0, 16.0, 18.0, 27.0, 36.0]])])


@pytest.mark.parametrize("mode", MODES)
def test_map_coordinates(tier, mode):
    p("map_coordinates", IMG, COORDS, order=1, mode=mode, cval=2.5)


@pytest.mark.parametrize("mode", ["constant", "grid-constant", "reflect", "mirror", "wrap"])
def test_map_coordinates_order0(tier, mode):
    # order 0 rounds half up (floor(x + 0.5)), as SciPy: the coordinates include halves
    p("map_coordinates", IMG, COORDS, order=0, mode=mode, cval=2.5)


@pytest.mark.parametrize("mode", ["constant", "nearest", "grid-mirror", "grid-wrap"])
def test_shift(tier, mode):
    p("shift", IMG, [1.3, -2.5], order=1, mode=mode, cval=2.5)


@pytest.mark.parametrize("mode,kw", [("constant", dict(zoom=[1.7, 0.6], order=1)),
                                     ("reflect", dict(zoom=2.0, grid_mode=True, order=0)),
                                     ("grid-wrap", dict(zoom=[0.5, 1.0], order=1)),
                                     ("nearest", dict(zoom=[1.3, 2.2], order=1,
                                                      grid_mode=True))])
def test_zoom(tier, mode, kw):
    p("zoom", IMG, mode=mode, **kw)


def test_interpolation_dtypes(tier):
    # integer outputs are rounded half away from zero and clipped to the type's range
    p("shift", IMG_I.astype(numpy.int16), 0.5, order=1)
    p("shift", (IMG_I * 10).astype(numpy.uint8), [0.25, -0.5], order=1, mode="nearest")
    p("zoom", IMG_I, 1.5, order=1, output=numpy.float32)
    p("map_coordinates", IMG.astype(numpy.float32), COORDS, order=1, rtol=2e-6, atol=1e-6)
    p("map_coordinates", IMG + 1j * IMG[::-1], COORDS, order=1, cval=1 + 1j)
    p("map_coordinates", IMG, COORDS.astype(numpy.int64) // 2, order=1, mode="wrap")
    p("shift", numpy.arange(5.0), 1.5, order=1, mode="mirror")
    nan = IMG.copy()
    nan[0, 0] = numpy.nan
    p("zoom", nan, 1.4, order=1, mode="nearest")
    p("zoom", IMG, 1.0, order=1)


def test_interpolation_errors(tier):
    p("map_coordinates", IMG, COORDS[:1], order=1)
    p("map_coordinates", IMG, COORDS, order=6)
    p("map_coordinates", IMG, COORDS + 1j, order=1)
    p("shift", numpy.array(1.0), 1.0, order=1)
    p("zoom", IMG, 2.0, order=1, mode="bad")


def test_not_native_options_are_recorded_fallbacks(tier, allow_fallback):
    with silent_fallbacks():
        got = ndimage.zoom(npjax.array(IMG), 1.5, order=3)
        got2 = ndimage.median_filter(npjax.array(IMG), 3)
        out = numpy.empty_like(IMG)
        ndimage.correlate(npjax.array(IMG), npjax.array(W), output=out)
    assert_same(nd.zoom(IMG, 1.5, order=3), got, rtol=1e-12)
    assert_same(nd.median_filter(IMG, 3), got2)
    numpy.testing.assert_allclose(out, nd.correlate(IMG, W), rtol=1e-12)
    expected = {} if tier == "host" else {"scipy.ndimage.zoom": 1,
                                          "scipy.ndimage.median_filter": 1,
                                          "scipy.ndimage.correlate": 1}
    assert fallbacks("scipy.ndimage") == expected
