"""npjax.scipy: every SciPy name served; natives match SciPy; optimize on optimistix."""
import importlib
import warnings

import numpy
import pytest
import scipy
import scipy.fft
import scipy.optimize
import scipy.special

import npjax
import npjax.scipy as sp
from conftest import assert_same

SUBMODULES = ("special", "linalg", "stats", "signal", "fft", "ndimage", "optimize",
              "integrate", "interpolate", "spatial", "spatial.distance", "sparse",
              "cluster")


# optimize: tests/test_scipy_optimize.py


# ---- integrate, spatial.distance ------------------------------------------------------------
_Y = (numpy.linspace(0.0, 3.0, 24).reshape(4, 6) ** 2)
_XS = numpy.linspace(0.0, 1.0, 6)


@pytest.mark.parametrize("kw", [{}, {"x": _XS}, {"dx": 0.5, "axis": 0}, {"initial": 0},
                                {"x": _XS, "initial": 0}, {"axis": -2}])
def test_cumulative_trapezoid_and_trapezoid(tier, kw):
    import scipy.integrate as si
    from npjax.scipy import integrate
    mine = {k: (npjax.array(v) if k == "x" else v) for k, v in kw.items()}
    assert_same(si.cumulative_trapezoid(_Y, **kw), integrate.cumulative_trapezoid(
        npjax.array(_Y), **mine), rtol=1e-13)
    kw.pop("initial", None)
    mine.pop("initial", None)
    assert_same(si.trapezoid(_Y, **kw), integrate.trapezoid(npjax.array(_Y), **mine),
                rtol=1e-13)


@pytest.mark.parametrize("metric", ["euclidean", "sqeuclidean", "cityblock", "chebyshev",
                                    "minkowski", "cosine", "correlation", "canberra",
                                    "braycurtis"])
def test_cdist_pdist(tier, metric):
    import scipy.spatial.distance as sd
    from npjax.scipy.spatial import distance
    a = numpy.linspace(-1.0, 2.0, 30).reshape(10, 3)
    b = numpy.cos(numpy.arange(12.0)).reshape(4, 3)
    assert_same(sd.cdist(a, b, metric), distance.cdist(npjax.array(a), npjax.array(b),
                                                       metric), rtol=1e-12, atol=1e-14)
    assert_same(sd.pdist(a, metric=metric), distance.pdist(npjax.array(a), metric=metric),
                rtol=1e-12, atol=1e-14)


def test_distance_errors_and_fallbacks(tier):
    import scipy.spatial.distance as sd
    from npjax.scipy.spatial import distance
    a = npjax.array(numpy.ones((5, 3)))
    with pytest.raises(ValueError, match="same number of columns"):
        distance.cdist(a, npjax.array(numpy.ones((2, 2))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)
        got = distance.cdist(a, a, "hamming")
    assert_same(sd.cdist(numpy.ones((5, 3)), numpy.ones((5, 3)), "hamming"), got)


@pytest.mark.parametrize("name", ["convolve", "correlate", "fftconvolve"])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("shapes", [((50,), (4,)), ((5, 6), (2, 3)), ((3,), (7,))])
def test_signal_convolutions(tier, name, mode, shapes):
    import scipy.signal as ss
    from npjax.scipy import signal
    a = numpy.sin(numpy.arange(numpy.prod(shapes[0]))).reshape(shapes[0])
    b = numpy.cos(numpy.arange(numpy.prod(shapes[1])) * 0.7).reshape(shapes[1])
    try:
        expected = getattr(ss, name)(a, b, mode=mode)
    except ValueError:
        with pytest.raises(ValueError):
            getattr(signal, name)(npjax.array(a), npjax.array(b), mode=mode)
        return
    assert_same(expected, getattr(signal, name)(npjax.array(a), npjax.array(b), mode=mode),
                rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["convolve2d", "correlate2d"])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_signal_2d(tier, name, mode):
    import scipy.signal as ss
    from npjax.scipy import signal
    a = numpy.arange(30.0).reshape(5, 6) ** 0.5
    b = numpy.array([[1.0, -1.0], [2.0, 0.5]])
    assert_same(getattr(ss, name)(a, b, mode=mode),
                getattr(signal, name)(npjax.array(a), npjax.array(b), mode=mode), rtol=1e-12)
