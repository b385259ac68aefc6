"""Parity of npjax.scipy.fft with scipy.fft on both tiers: values, SciPy's dtypes (float32
stays single precision), norm modes, sizes and axes, and SciPy's errors."""
import numpy
import pytest
import scipy.fft as sf

import npjax
import npjax.scipy.fft as F
from conftest import assert_same, to_npjax

R = numpy.random.default_rng(2)
X = R.normal(size=(6, 5))
XC = X + 1j * R.normal(size=X.shape)


# every native call on device arrays must run on JAX (conftest.no_fallback)
pytestmark = pytest.mark.usefixtures("no_fallback")


def fp(name, x, *args, **kwargs):
    try:
        expected = getattr(sf, name)(x, *args, **kwargs)
    except Exception as err:
        with pytest.raises(type(err)):
            getattr(F, name)(to_npjax(x), *args, **kwargs)
        return
    got = getattr(F, name)(to_npjax(x), *args, **kwargs)
    single = numpy.dtype(expected.dtype) in (numpy.float32, numpy.complex64)
    assert_same(expected, got, rtol=1e-5 if single else 1e-10, atol=1e-5 if single else 1e-12)


COMPLEX_IN = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "hfft"]
REAL_IN = ["rfft", "rfft2", "rfftn", "ihfft", "irfft", "irfft2", "irfftn"]


@pytest.mark.parametrize("name", COMPLEX_IN + REAL_IN)
def test_transforms(tier, name):
    inputs = [X.astype(numpy.float32), numpy.arange(12).reshape(3, 4)]
    if name in COMPLEX_IN or name.startswith("irfft"):
        inputs.append(XC)
    for x in inputs:
        fp(name, x)
    for norm in (None, "ortho", "forward"):
        fp(name, X, norm=norm)


def test_sizes_axes_and_errors(tier):
    fp("fft", X, 8, 0)
    fp("fft", X, n=3, axis=-1, workers=2)
    fp("rfft", X, n=7)
    fp("irfft", XC, n=9, axis=0)
    fp("fftn", X, s=(3, 7))
    fp("fftn", X, axes=(0,))
    fp("rfftn", X, s=(4, 4), axes=(1, 0))
    fp("ifft2", XC, s=(4, -1))
    fp("fft", X, n=0)
    fp("fft", X, axis=2)
    fp("fft", X, norm="bogus")
    fp("fft", numpy.zeros((2, 0)), axis=0)


def test_helpers(tier):
    fp("fftshift", X)
    fp("ifftshift", X, axes=0)
    assert_same(sf.fftfreq(8, 0.1), F.fftfreq(8, 0.1))
    assert_same(sf.rfftfreq(9), F.rfftfreq(9))


@pytest.mark.parametrize("name", ["dct", "idct", "dctn", "idctn"])
def test_dct(tier, name):
    for x in (X.astype(numpy.float32), numpy.arange(12).reshape(3, 4)):
        fp(name, x)
    for norm in (None, "backward", "ortho"):
        fp(name, X, norm=norm)
    if name in ("dct", "idct"):
        fp(name, X, n=8, axis=0)
    else:
        fp(name, X, s=(3, 7))
        fp(name, X, axes=1)


@pytest.mark.usefixtures("allow_fallback")
def test_other_types_fall_back(device_tier):
    with pytest.warns(npjax.NumPyFallbackWarning):
        got = F.dct(npjax.array(X), type=1)
    assert_same(sf.dct(X, type=1), got, rtol=1e-12)
    with pytest.warns(npjax.NumPyFallbackWarning):
        F.dst(npjax.array(X))
    F.dct(npjax.array(X), norm="forward")       # warned once per name already
    fb = npjax.stats()["fallbacks"]
    assert fb["scipy.fft.dct"] == 2 and fb["scipy.fft.dst"] == 1
