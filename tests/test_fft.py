"""Parity of npjax.fft with numpy.fft on both tiers.

NumPy 2 transforms single precision (float16/float32/complex64) in single precision and
everything else in double; values are compared with tolerances of that precision (pocketfft
and XLA's FFT round differently). A device call must run on JAX: `no_fallback` checks that
no fft entry appears in `npjax.stats()["fallbacks"]`.
"""
import numpy
import pytest

import npjax
from conftest import parity

R = numpy.random.default_rng(3)
X1 = R.normal(size=8)
X1ODD = R.normal(size=7)
X2 = R.normal(size=(6, 5))
X3 = R.normal(size=(3, 4, 5))
C1 = R.normal(size=8) + 1j * R.normal(size=8)
C2 = R.normal(size=(6, 5)) + 1j * R.normal(size=(6, 5))
C3 = R.normal(size=(3, 4, 5)) + 1j * R.normal(size=(3, 4, 5))
NORMS = [None, "backward", "ortho", "forward"]
DTYPES = ["float16", "float32", "float64", "int8", "int64", "uint16", "bool", "complex64",
          "complex128"]


@pytest.fixture(autouse=True)
def no_fallback():
    """An fft call on device arrays runs on JAX."""
    npjax.stats(reset=True)
    yield
    fb = {k: v for k, v in npjax.stats()["fallbacks"].items() if k.startswith("fft")}
    assert not fb, f"fft fallbacks: {fb}"


def _tol(args):
    single = any(isinstance(a, numpy.ndarray) and a.dtype in (numpy.float16, numpy.float32,
                                                               numpy.complex64)
                 for a in args)
    return (2e-3 if single else 1e-10), (2e-3 if single else 1e-12)


def fp(fn, *args):
    """parity() with the inputs' precision; values scaled so atol is relative to ~1."""
    rtol, atol = _tol(args)
    return parity(fn, *args, rtol=rtol, atol=atol * 10)


# ---- complex transforms --------------------------------------------------------------------
@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("name", ["fft", "ifft"])
def test_fft_norm(tier, name, norm):
    fp(lambda m, a: getattr(m.fft, name)(a, norm=norm), C1)
    fp(lambda m, a: getattr(m.fft, name)(a, n=5, norm=norm), X1)


@pytest.mark.parametrize("kw", [dict(n=None), dict(n=5), dict(n=12), dict(n=1),
                                dict(axis=0), dict(axis=-2), dict(axis=1, n=3),
                                dict(axis=-1, n=9)], ids=repr)
@pytest.mark.parametrize("name", ["fft", "ifft"])
def test_fft_n_axis(tier, name, kw):
    fp(lambda m, a: getattr(m.fft, name)(a, **kw), C2)


def test_fft_positional(tier):
    fp(lambda m, a: m.fft.fft(a, 4, 0, "ortho"), X2)
    fp(lambda m, a: m.fft.ifft(a, 7, -1, "forward"), X2)


@pytest.mark.parametrize("kw", [dict(), dict(s=(4, 3)), dict(s=(8, 7)), dict(axes=(0, 1)),
                                dict(axes=(-1, -2)), dict(axes=(1, 0), s=(3, 8)),
                                dict(axes=(0, 2)), dict(axes=(-3,)), dict(norm="ortho"),
                                dict(norm="forward", s=(2, 2, 2)),
                                dict(s=(-1, 3), axes=(0, 2)),
                                dict(axes=(1, 1)), dict(axes=(0, -3, 2), s=(2, 4, 3))],
                         ids=repr)
@pytest.mark.parametrize("name", ["fft2", "ifft2", "fftn", "ifftn"])
def test_fft2_fftn(tier, name, kw):
    if name.endswith("2") and kw.get("axes") is not None and len(kw["axes"]) != 2:
        kw = dict(kw, axes=kw["axes"] * 2)
    if name.endswith("2") and kw.get("s") is not None and len(kw["s"]) != 2:
        kw = dict(kw, s=kw["s"][:2])
    fp(lambda m, a: getattr(m.fft, name)(a, **kw), C3)


def test_fftn_2d_default(tier):
    fp(lambda m, a: m.fft.fftn(a), X2)
    fp(lambda m, a: m.fft.ifftn(a, s=(3, 3)), X2)
    fp(lambda m, a: m.fft.fft2(a), X2)


# ---- real transforms -----------------------------------------------------------------------
@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("kw", [dict(), dict(n=5), dict(n=11), dict(axis=0),
                                dict(axis=-2, n=4)], ids=repr)
def test_rfft_irfft(tier, kw, norm):
    fp(lambda m, a: m.fft.rfft(a, norm=norm, **kw), X2)
    fp(lambda m, a: m.fft.irfft(a, norm=norm, **kw), C2)


def test_irfft_odd_roundtrip(tier):
    fp(lambda m, a: m.fft.irfft(m.fft.rfft(a), n=7), X1ODD)
    fp(lambda m, a: m.fft.irfft(a, n=1), C1)


@pytest.mark.parametrize("kw", [dict(), dict(s=(4, 6)), dict(axes=(0, 1)),
                                dict(axes=(-1, -3)), dict(axes=(2, 0), s=(3, 5)),
                                dict(norm="ortho"), dict(norm="forward", axes=(1,)),
                                dict(s=(2, 3, 7)), dict(axes=(2, 2)),
                                dict(axes=(0, 1, 0), s=(4, 2, 3))], ids=repr)
@pytest.mark.parametrize("name", ["rfft2", "irfft2", "rfftn", "irfftn"])
def test_rfft2_rfftn(tier, name, kw):
    if name.endswith("2") and kw.get("axes") is not None and len(kw["axes"]) != 2:
        kw = dict(kw, axes=kw["axes"] * 2)
    if name.endswith("2") and kw.get("s") is not None and len(kw["s"]) != 2:
        kw = dict(kw, s=kw["s"][:2])
    fp(lambda m, a: getattr(m.fft, name)(a, **kw), X3 if name.startswith("r") else C3)


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("kw", [dict(), dict(n=6), dict(n=9), dict(axis=0)], ids=repr)
def test_hfft_ihfft(tier, kw, norm):
    fp(lambda m, a: m.fft.hfft(a, norm=norm, **kw), C2)
    fp(lambda m, a: m.fft.ihfft(a, norm=norm, **kw), X2)


# ---- dtypes --------------------------------------------------------------------------------
FUNCS = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2",
         "rfftn", "irfftn", "hfft", "ihfft"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FUNCS)
def test_dtypes(tier, name, dtype):
    a = (R.normal(size=(4, 6)) * 3).astype(dtype) if dtype != "bool" else X2[:4] > 0
    if dtype == "uint16":
        a = numpy.abs(X2[:4] * 100).astype(dtype)
    if numpy.dtype(dtype).kind == "c":
        a = a + (1j * R.normal(size=(4, 6))).astype(dtype)
    # float16 inputs are computed in single precision: same tolerance as float32
    fp(lambda m, a: getattr(m.fft, name)(a), a)


# ---- views, 0-d, empty, bad input ----------------------------------------------------------
def test_views(tier):
    fp(lambda m, a: m.fft.fft(a[::2]), X2[:, 0].copy())
    fp(lambda m, a: m.fft.fft(a.T), X2)
    fp(lambda m, a: m.fft.rfftn(a[:, ::2, 1:]), X3)
    fp(lambda m, a: m.fft.irfft(a[1:, ::-1], axis=0), C2)


@pytest.mark.parametrize("name", FUNCS)
@pytest.mark.parametrize("a", [pytest.param(numpy.zeros(0), id="empty"),
                               pytest.param(numpy.zeros((0, 3)), id="empty-2d"),
                               pytest.param(numpy.zeros((3, 0)), id="empty-last"),
                               pytest.param(numpy.array(1.5), id="0d")])
def test_edge_shapes(tier, name, a):
    fp(lambda m, a: getattr(m.fft, name)(a), a)


@pytest.mark.parametrize("kw", [dict(n=0), dict(n=-1), dict(n=2.0), dict(axis=2),
                                dict(axis=-3), dict(norm="bad"), dict(norm="BACKWARD")],
                         ids=repr)
@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"])
def test_bad_1d(tier, name, kw):
    fp(lambda m, a: getattr(m.fft, name)(a, **kw), X2)


@pytest.mark.parametrize("kw", [dict(s=(0, 2)), dict(s=(3,), axes=(0, 1)),
                                dict(axes=(0, 5)), dict(s=(2, -3)), dict(norm="bad"),
                                dict(axes=(0, 0))], ids=repr)
@pytest.mark.parametrize("name", ["fft2", "ifft2", "fftn", "ifftn", "rfft2", "irfft2",
                                  "rfftn", "irfftn"])
def test_bad_nd(tier, name, kw):
    fp(lambda m, a: getattr(m.fft, name)(a, **kw), X2)


def test_rfft_complex_input(tier):
    fp(lambda m, a: m.fft.rfft(a), C1)          # TypeError
    fp(lambda m, a: m.fft.ihfft(a), C1)         # TypeError
    fp(lambda m, a: m.fft.rfftn(a), C2)         # TypeError


def test_out(tier):
    out = npjax.zeros(8, dtype=complex)
    res = npjax.fft.fft(npjax.array(C1), out=out)
    assert res is out
    numpy.testing.assert_allclose(numpy.asarray(out), numpy.fft.fft(C1), rtol=1e-12)


# ---- helpers -------------------------------------------------------------------------------
@pytest.mark.parametrize("axes", [None, 0, -1, (0, 1), (1,)], ids=repr)
@pytest.mark.parametrize("name", ["fftshift", "ifftshift"])
def test_shift(tier, name, axes):
    parity(lambda m, a: getattr(m.fft, name)(a, axes=axes), X2)
    parity(lambda m, a: getattr(m.fft, name)(a, axes=axes), numpy.arange(30).reshape(5, 6))
    parity(lambda m, a: getattr(m.fft, name)(a), X1ODD)


def test_shift_bad(tier):
    parity(lambda m, a: m.fft.fftshift(a, axes=3), X2)
    parity(lambda m, a: m.fft.ifftshift(a), numpy.array(2.0))


@pytest.mark.parametrize("n, d", [(8, 1.0), (7, 0.1), (1, 1.0), (10, 2), (9, numpy.float32(2))])
def test_freq(tier, n, d):
    parity(lambda m: m.fft.fftfreq(n, d))
    parity(lambda m: m.fft.rfftfreq(n, d))


def test_freq_bad(tier):
    parity(lambda m: m.fft.fftfreq(2.5))
    parity(lambda m: m.fft.rfftfreq(0))
    parity(lambda m: m.fft.fftfreq(0))


def test_freq_large_on_device(device_tier):
    r = npjax.fft.fftfreq(1000, 0.5)
    assert isinstance(r, npjax.ndarray)
    numpy.testing.assert_array_equal(numpy.asarray(r), numpy.fft.fftfreq(1000, 0.5))


def test_device_result_is_device(device_tier):
    res = npjax.fft.fft(npjax.array(C1))
    assert isinstance(res, npjax.ndarray) and not res._on_host
    assert npjax.stats()["calls"]["fft.fft"].get("device") == 1
