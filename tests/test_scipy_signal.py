"""Parity of npjax.scipy.signal's natives with scipy.signal on both tiers: values, dtypes,
shapes, result kinds, errors; device calls must not fall back (except where a test says)."""
import numpy
import pytest
import scipy.signal as ss

import npjax
from npjax.scipy import signal
from conftest import assert_same, on_host
from _scipy_parity import (sp_parity, call_parity, fallbacks, silent_fallbacks, no_fallback_fixture,
                           allow_fallback)  # noqa: F401

R = numpy.random.default_rng(3)
no_fallback = no_fallback_fixture("scipy.signal")


def sig(*shape, dtype=numpy.float64):
    a = R.normal(size=shape)
    if numpy.dtype(dtype).kind == "c":
        a = a + 1j * R.normal(size=shape)
    if numpy.dtype(dtype).kind in "iu":
        a = R.integers(-5, 6, size=shape) if numpy.dtype(dtype).kind == "i" \
            else R.integers(0, 6, size=shape)
    if numpy.dtype(dtype).kind == "b":
        a = R.integers(0, 2, size=shape)
    return numpy.asarray(a).astype(dtype)


def tol(*arrays):
    single = any(getattr(a, "dtype", None) in (numpy.float32, numpy.complex64) for a in arrays)
    return dict(rtol=2e-5, atol=2e-5) if single else dict(rtol=1e-10, atol=1e-11)


# ---- convolve / correlate ---------------------------------------------------------------------
@pytest.mark.parametrize("shapes", [
    pytest.param(((20,), (5,)), id="1d"),
    pytest.param(((4,), (9,)), id="1d-kernel-longer"),
    pytest.param(((3, 5), (4, 6)), id="2d-kernel-larger"),
    pytest.param(((3, 4, 5), (2, 1, 3)), id="3d"),
])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolve_direct(tier, shapes, mode):
    a, b = sig(*shapes[0]), sig(*shapes[1])
    sp_parity("signal", "convolve", a, b, mode=mode, method="direct", **tol(a, b))


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("method", ["direct", "fft"])
def test_correlate(tier, mode, method):
    a, b = sig(4, 3, dtype=complex), sig(2, 5, dtype=complex)
    sp_parity("signal", "correlate", a, b, mode=mode, method=method, **tol(a, b))


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolve_fft(tier, mode):
    a, b = sig(5, 3), sig(2, 6, dtype=complex)
    sp_parity("signal", "convolve", a, b, mode=mode, method="fft", **tol(a, b))


def test_method_auto(tier):
    # small: SciPy's choice is the direct method; large: the FFT
    sp_parity("signal", "convolve", sig(6), sig(6), mode="same")
    a, b = sig(4000), sig(600)
    sp_parity("signal", "convolve", a, b, rtol=1e-9, atol=1e-10)
    sp_parity("signal", "correlate", a, b, mode="valid", rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("dtypes", [
    pytest.param((numpy.float32, numpy.float32), id="f32"),
    pytest.param((numpy.float32, numpy.float64), id="f32-f64"),
    pytest.param((numpy.complex64, numpy.complex64), id="c64"),
    pytest.param((numpy.int64, numpy.int64), id="int"),
    pytest.param((numpy.int8, numpy.int16), id="int8-int16"),
    pytest.param((numpy.uint8, numpy.int8), id="uint8-int8"),
    pytest.param((numpy.int32, numpy.float32), id="int-f32"),
    pytest.param((bool, bool), id="bool"),
])
def test_convolve_dtypes(tier, dtypes):
    a, b = sig(12, dtype=dtypes[0]), sig(4, dtype=dtypes[1])
    sp_parity("signal", "convolve", a, b, mode="same", method="direct", **tol(a, b))
    if dtypes[0] in (numpy.float32, numpy.int8):
        # SciPy casts an unrounded FFT result to bool: rounding noise decides, not compared
        a, b = sig(5, 6, dtype=dtypes[0]), sig(2, 3, dtype=dtypes[1])
        sp_parity("signal", "correlate", a, b, method="fft", **tol(a, b))


def test_convolve_integers_exact_and_wrapping(tier):
    a = (numpy.arange(200) * 37 % 127).astype(numpy.int8)
    b = numpy.array([3, -7, 11, 5], numpy.int8)
    for mode in ("full", "same", "valid"):
        sp_parity("signal", "convolve", a, b, mode=mode, method="direct", exact=True)
    # beyond float64's integers SciPy's method="auto" convolves directly: exact
    big = numpy.arange(1000, dtype=numpy.int64) * 10 ** 6
    sp_parity("signal", "convolve", big, big[:50], exact=True)
    sp_parity("signal", "correlate", big // 10 ** 6, big[:50] // 10 ** 6, method="fft",
              exact=True)


def test_convolve_scalars_nan_noncontiguous(tier):
    sp_parity("signal", "convolve", numpy.array(2.5), numpy.array(4.0))
    sp_parity("signal", "correlate", numpy.array(2.0 + 1j), numpy.array(1.0 - 3j))
    sp_parity("signal", "convolve", numpy.array(2.0, numpy.float32), numpy.array(3))
    a = sig(40)[::2]
    a[3] = numpy.nan
    sp_parity("signal", "convolve", a, sig(5)[::-1], method="direct")


@pytest.mark.parametrize("call", [
    pytest.param(lambda s: s.convolve(numpy.ones(3), numpy.ones((2, 2))), id="ndim"),
    pytest.param(lambda s: s.convolve(numpy.ones(3), numpy.ones(2), mode="bad"), id="mode"),
    pytest.param(lambda s: s.correlate(numpy.ones(3), numpy.ones(2), method="x"), id="method"),
    pytest.param(lambda s: s.convolve(numpy.ones((3, 1)), numpy.ones((1, 3)), "valid"),
                 id="valid-shapes"),
    pytest.param(lambda s: s.convolve(numpy.ones((3, 3), bool), numpy.ones((2, 2), bool),
                                      method="direct"), id="bool-nd"),
    pytest.param(lambda s: s.convolve(numpy.ones(3), numpy.ones(0), method="direct"),
                 id="empty-direct"),
    pytest.param(lambda s: s.convolve(numpy.ones(3), numpy.ones(0), method="fft"),
                 id="empty-fft"),
    pytest.param(lambda s: s.fftconvolve(numpy.ones(3), numpy.ones(0)), id="fft-empty"),
    pytest.param(lambda s: s.fftconvolve(numpy.ones((3, 4)), numpy.ones((2, 3)), axes=[]),
                 id="fft-no-axes"),
    pytest.param(lambda s: s.fftconvolve(numpy.ones((3, 4)), numpy.ones((2, 3)), axes=1),
                 id="fft-bad-broadcast"),
    pytest.param(lambda s: s.fftconvolve(numpy.ones(4), numpy.ones(2), axes=3),
                 id="fft-axis"),
])
def test_convolve_edge_cases_and_errors(tier, call):
    call_parity("signal", call)


@pytest.mark.parametrize("case", [
    pytest.param(((30,), (7,), None, "full"), id="1d-full"),
    pytest.param(((8, 9), (8, 4), [1], "same"), id="axes-1-same"),
    pytest.param(((1, 9), (3, 4), -1, "same"), id="axis-broadcast-same"),
    pytest.param(((5, 9), (5, 20), [0, 1], "valid"), id="axes-swap-valid"),
    pytest.param(((7, 6), (3, 2), None, "valid"), id="2d-valid"),
])
def test_fftconvolve(tier, case):
    s1, s2, axes, mode = case
    a, b = sig(*s1), sig(*s2)
    sp_parity("signal", "fftconvolve", a, b, mode=mode, axes=axes, rtol=1e-9, atol=1e-11)


def test_oaconvolve(tier):
    a, b = sig(6, 200), sig(6, 21)
    sp_parity("signal", "oaconvolve", a, b, mode="same", axes=1, rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize("dtypes", [(numpy.float32, numpy.float32), (numpy.int64, numpy.int8),
                                    (numpy.complex128, numpy.float32)])
def test_fftconvolve_dtypes(tier, dtypes):
    a, b = sig(7, 6, dtype=dtypes[0]), sig(3, 2, dtype=dtypes[1])
    sp_parity("signal", "fftconvolve", a, b, **tol(a, b))
    sp_parity("signal", "fftconvolve", numpy.array(3.0, dtypes[0]), numpy.array(2.0, dtypes[1]))


# ---- convolve2d / correlate2d ----------------------------------------------------------------------
@pytest.mark.parametrize("boundary", ["fill", "wrap", "symm"])
@pytest.mark.parametrize("case", [
    pytest.param(("convolve2d", (3, 4), (4, 6), "full"), id="conv-full-kernel-larger"),
    pytest.param(("correlate2d", (6, 7), (2, 4), "same"), id="corr-same-even"),
])
def test_convolve2d(tier, boundary, case):
    name, s1, s2, mode = case
    a, b = sig(*s1, dtype=complex), sig(*s2, dtype=complex)
    sp_parity("signal", name, a, b, mode=mode, boundary=boundary, fillvalue=1.5 - 2j,
              rtol=1e-11, atol=1e-12)


def test_convolve2d_more_shapes(tier):
    a, b = sig(6, 7, dtype=complex), sig(3, 2, dtype=complex)
    sp_parity("signal", "convolve2d", a, b, "same", "symm", rtol=1e-11, atol=1e-12)
    a, b = sig(1, 1, dtype=complex), sig(2, 3, dtype=complex)
    sp_parity("signal", "correlate2d", a, b, "full", "wrap", fillvalue=2.0, rtol=1e-11,
              atol=1e-12)


def test_convolve2d_valid_and_aliases(tier):
    a, b = sig(2, 2, dtype=complex), sig(5, 5, dtype=complex)
    sp_parity("signal", "convolve2d", a, b, "valid", rtol=1e-11, atol=1e-12)
    sp_parity("signal", "correlate2d", a, b, "valid", rtol=1e-11, atol=1e-12)
    a, b = sig(4, 5), sig(3, 3)
    sp_parity("signal", "convolve2d", a, b, boundary="circular", rtol=1e-11, atol=1e-12)
    sp_parity("signal", "correlate2d", a, b, "full", "symmetric", rtol=1e-11, atol=1e-12)


@pytest.mark.parametrize("dtypes", [(numpy.int64, numpy.int64), (numpy.int8, numpy.uint8),
                                    (numpy.float32, numpy.float32), (numpy.float16, int),
                                    (bool, bool), (numpy.complex64, numpy.float32)])
def test_convolve2d_dtypes(tier, dtypes):
    a, b = sig(5, 6, dtype=dtypes[0]), sig(2, 3, dtype=dtypes[1])
    sp_parity("signal", "convolve2d", a, b, mode="same", fillvalue=2.5, **tol(a, b))


@pytest.mark.parametrize("kw", [dict(boundary="bad"), dict(mode="bad"), dict(fillvalue=1j),
                                dict(fillvalue=[1.0, 2.0])])
def test_convolve2d_errors(tier, kw):
    sp_parity("signal", "convolve2d", sig(4, 4), sig(2, 2), **kw)
    sp_parity("signal", "correlate2d", sig(3), sig(2))
    sp_parity("signal", "convolve2d", numpy.zeros((0, 3)), sig(2, 2))


# ---- lfilter and friends ----------------------------------------------------------------------------
BUTTER = ss.butter(4, 0.2)
CHEBY = ss.cheby1(3, 1.0, [0.2, 0.5], btype="band")
SOS = ss.butter(6, [0.1, 0.4], btype="band", output="sos")


@pytest.mark.parametrize("ba,with_zi", [
    pytest.param(BUTTER, True, id="butter"),
    pytest.param(CHEBY, False, id="cheby-band"),
    pytest.param(([0.5, 0.3, 0.2], [2.0, -0.5]), True, id="a0-not-1"),
    pytest.param(([1.0], [1.0, -0.9, 0.2]), False, id="b-shorter"),
    pytest.param(([0.2, 0.3, -0.1, 0.4], [1.0]), True, id="fir"),
    pytest.param(([0.2, 0.3], [4.0]), False, id="fir-a0"),
    pytest.param(([3.0], [2.0]), True, id="gain"),
])
def test_lfilter(tier, ba, with_zi):
    b, a = map(numpy.asarray, ba)
    x = sig(50)
    if not with_zi:
        sp_parity("signal", "lfilter", b, a, x, rtol=1e-11, atol=1e-12)
        return
    k = max(len(a), len(b)) - 1 if len(a) > 1 else len(b) - 1
    sp_parity("signal", "lfilter", b, a, x, -1, sig(k), rtol=1e-11, atol=1e-12)


@pytest.mark.parametrize("case", [
    pytest.param((BUTTER, (4, 30), -1), id="iir-last"),
    pytest.param((BUTTER, (2, 20, 3), 1), id="iir-middle"),
    pytest.param((([0.2, 0.3, -0.1], [2.0]), (30, 3), 0), id="fir-first"),
])
def test_lfilter_axes(tier, case):
    ba, shape, axis = case
    b, a = map(numpy.asarray, ba)
    x = sig(*shape)
    zshape = list(shape)
    zshape[axis] = max(len(a), len(b)) - 1 if len(a) > 1 else len(b) - 1
    sp_parity("signal", "lfilter", b, a, x, axis, sig(*zshape), rtol=1e-11, atol=1e-12)
    # zi broadcast along the other axes (singleton dimensions)
    zshape1 = [1 if i != axis % len(shape) else n for i, n in enumerate(zshape)]
    sp_parity("signal", "lfilter", b, a, x, axis=axis, zi=sig(*zshape1), rtol=1e-11,
              atol=1e-12)


@pytest.mark.parametrize("dtypes,fir", [
    ((numpy.float32, numpy.float32, numpy.float32), False),
    ((numpy.float32, numpy.float32, numpy.float32), True),
    ((numpy.float64, numpy.float64, numpy.int64), False),
    ((numpy.float32, numpy.float32, numpy.float64), True),
    ((numpy.float64, numpy.float64, bool), True),
    ((numpy.float64, numpy.float64, numpy.complex128), False),
    ((numpy.complex64, numpy.float32, numpy.float32), True),
    ((numpy.int64, numpy.int64, numpy.int64), False),
    ((numpy.int64, numpy.int64, numpy.int64), True),
    ((numpy.float64, numpy.float64, numpy.float16), False),
])
def test_lfilter_dtypes(tier, dtypes, fir):
    b = numpy.array([1, 2, 1]).astype(dtypes[0])
    a = (numpy.array([4]) if fir else numpy.array([4, -1])).astype(dtypes[1])
    x = sig(25, dtype=dtypes[2])
    sp_parity("signal", "lfilter", b, a, x, **tol(b, a, x))


def test_lfilter_edge_cases(tier):
    b, a = BUTTER
    sp_parity("signal", "lfilter", b, a, numpy.zeros(0), rtol=1e-12)
    sp_parity("signal", "lfilter", b, a, numpy.zeros((3, 0)), axis=0)
    sp_parity("signal", "lfilter", b, a, numpy.ones(1))
    x = sig(20)
    x[5] = numpy.nan
    sp_parity("signal", "lfilter", b, a, x)
    sp_parity("signal", "lfilter", [0.5, 0.5], [1.0], numpy.ones(1), zi=[0.25])
    sp_parity("signal", "lfilter", b, a, sig(30)[::3], rtol=1e-11, atol=1e-12)


@pytest.mark.parametrize("args,kw", [
    ((BUTTER[0], [0.0, 1.0], numpy.ones(5)), {}),
    (([[1.0, 2.0]], [1.0], numpy.ones(5)), {}),
    (([], [1.0], numpy.ones(5)), {}),
    ((BUTTER[0], BUTTER[1], numpy.ones(5)), dict(axis=1)),
    ((BUTTER[0], BUTTER[1], numpy.array(1.0)), {}),
    ((BUTTER[0], BUTTER[1], numpy.ones((3, 5))), dict(zi=numpy.ones((3, 2)))),
    ((BUTTER[0], BUTTER[1], numpy.ones((3, 5))), dict(zi=numpy.ones(4))),
    (([1.0, 2.0], [1.0], numpy.ones((3, 5))), dict(zi=numpy.ones((2, 1)))),
    (([1, 2], [1], numpy.ones(5, int)), {}),
])
def test_lfilter_errors(tier, args, kw):
    sp_parity("signal", "lfilter", *args, **kw)


@pytest.mark.parametrize("ba", [BUTTER, CHEBY, ([1.0, 2.0], [0.0, 2.0, -0.5]),
                                ([1, 2, 3], [1]), (numpy.array([1.0, 0.5], numpy.float32),
                                                   numpy.array([1.0, -0.25], numpy.float32))])
def test_lfilter_zi(tier, ba):
    sp_parity("signal", "lfilter_zi", *ba, rtol=1e-10, atol=1e-12)


def test_lfilter_zi_errors(tier):
    sp_parity("signal", "lfilter_zi", [[1.0]], [1.0, 2.0])
    sp_parity("signal", "lfilter_zi", [1.0, 2.0], [0.0, 0.0])
    sp_parity("signal", "lfilter_zi", [1.0], [1.0])


@pytest.mark.parametrize("kw", [{}, dict(padtype="even", axis=0, padlen=5),
                                dict(padtype="constant"), dict(padtype=None, axis=0)])
def test_filtfilt(tier, kw):
    x = sig(40, 3) if kw.get("axis") == 0 else sig(3, 60)
    sp_parity("signal", "filtfilt", *BUTTER, x, rtol=1e-10, atol=1e-12, **kw)


@pytest.mark.parametrize("kw", [{}, dict(padtype="even", axis=0, padlen=0)])
def test_sosfiltfilt(tier, kw):
    x = sig(40, 3) if kw.get("axis") == 0 else sig(3, 60)
    sp_parity("signal", "sosfiltfilt", SOS, x, rtol=1e-10, atol=1e-12, **kw)


def test_filtfilt_errors(tier):
    sp_parity("signal", "filtfilt", *BUTTER, sig(10))             # shorter than the padding
    sp_parity("signal", "filtfilt", *BUTTER, sig(40), padtype="x")
    sp_parity("signal", "filtfilt", *BUTTER, sig(40), method="x")
    sp_parity("signal", "sosfiltfilt", SOS, sig(10))
    sp_parity("signal", "sosfiltfilt", SOS[:, :5], sig(50))
    sp_parity("signal", "filtfilt", numpy.array([1.0, 1.0], numpy.float32),
              numpy.array([1.0, -0.5], numpy.float32), sig(30, dtype=numpy.float32),
              rtol=1e-5, atol=1e-5)


def test_filtfilt_gust_is_a_recorded_fallback(tier, allow_fallback):
    x = sig(60)
    with silent_fallbacks():
        got = signal.filtfilt(*map(npjax.array, BUTTER), npjax.array(x), method="gust")
    assert_same(ss.filtfilt(*BUTTER, x, method="gust"), got, rtol=1e-12)
    assert fallbacks("scipy.signal") == ({} if tier == "host" else {"scipy.signal.filtfilt": 1})


@pytest.mark.parametrize("shape_axis", [((50,), -1), ((40, 2), 0)])
def test_sosfilt(tier, shape_axis):
    shape, axis = shape_axis
    x = sig(*shape)
    sp_parity("signal", "sosfilt", SOS, x, axis=axis, rtol=1e-11, atol=1e-12)
    zshape = [SOS.shape[0]] + list(shape)
    zshape[axis % len(shape) + 1] = 2
    sp_parity("signal", "sosfilt", SOS, x, axis=axis, zi=sig(*zshape), rtol=1e-11, atol=1e-12)


def test_sosfilt_dtypes_and_errors(tier):
    sp_parity("signal", "sosfilt", SOS.astype(numpy.float32), sig(30, dtype=numpy.float32),
              rtol=1e-5, atol=1e-5)
    sp_parity("signal", "sosfilt", SOS, sig(30, dtype=numpy.int64), rtol=1e-11, atol=1e-12)
    sp_parity("signal", "sosfilt", SOS, sig(30, dtype=complex), rtol=1e-11, atol=1e-12)
    bad = SOS.copy()
    bad[0, 3] = 2.0
    sp_parity("signal", "sosfilt", bad, sig(30))
    sp_parity("signal", "sosfilt", SOS[:, :4], sig(30))
    sp_parity("signal", "sosfilt", SOS, sig(30), zi=numpy.zeros((2, 2)))
    sp_parity("signal", "sosfilt", SOS, numpy.array(1.0))
    sp_parity("signal", "sosfilt_zi", SOS, rtol=1e-10, atol=1e-12)
    sp_parity("signal", "sosfilt_zi", SOS[:, :5])
    sp_parity("signal", "sosfilt_zi", numpy.array([[1, 2, 1, 1, 0, 0]]), rtol=1e-12)


# ---- hilbert, detrend, windows --------------------------------------------------------------
@pytest.mark.parametrize("kw", [{}, dict(N=16), dict(N=7, axis=0)])
def test_hilbert(tier, kw):
    x = sig(10, 3)
    sp_parity("signal", "hilbert", x, **kw)


def test_hilbert_dtypes(tier):
    for dtype in (numpy.float32, numpy.int64):
        x = sig(10, dtype=dtype)
        sp_parity("signal", "hilbert", x, **tol(x, x.astype(numpy.float32)))


def test_hilbert_edge_cases(tier):
    sp_parity("signal", "hilbert", sig(9))
    sp_parity("signal", "hilbert", sig(1))
    x = sig(8)
    x[2] = numpy.nan
    sp_parity("signal", "hilbert", x)
    sp_parity("signal", "hilbert", sig(5, dtype=complex))
    sp_parity("signal", "hilbert", sig(5), N=0)
    sp_parity("signal", "hilbert", sig(5), axis=2)


@pytest.mark.parametrize("kw", [{}, dict(type="c", axis=0), dict(bp=[10, 25]),
                                dict(bp=7, axis=0, type="l", overwrite_data=True)])
def test_detrend(tier, kw):
    x = sig(40, 3) if kw.get("axis") == 0 else sig(3, 40)
    sp_parity("signal", "detrend", x, **kw, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", [numpy.float32, numpy.int64, numpy.complex128])
def test_detrend_dtypes(tier, dtype):
    x = sig(3, 40, dtype=dtype)
    sp_parity("signal", "detrend", x, **tol(x))
    sp_parity("signal", "detrend", x, type="constant", **tol(x))


def test_detrend_errors(tier):
    sp_parity("signal", "detrend", sig(10), type="quadratic")
    sp_parity("signal", "detrend", sig(10), bp=[20])
    sp_parity("signal", "detrend", sig(10), axis=1)
    sp_parity("signal", "detrend", sig(0), type="c")


@pytest.mark.parametrize("window", ["hann", "hamming", ("kaiser", 4.0), "blackman",
                                    ("tukey", 0.3)])
def test_windows(tier, window):
    assert_same(ss.get_window(window, 33), signal.get_window(window, 33), rtol=0)
    assert_same(ss.get_window(window, 10, fftbins=False),
                signal.get_window(window, 10, fftbins=False), rtol=0)
    got = signal.windows.hann(70)
    assert_same(ss.windows.hann(70), got, rtol=0)
    # placed like npjax's creation functions: small on the host, large on the device
    assert on_host(got) == (tier == "host")
    with pytest.raises(ValueError):
        signal.get_window("no-such-window", 8)


def test_not_native_is_a_recorded_fallback(tier, allow_fallback):
    x = sig(21)
    with silent_fallbacks():
        got = signal.medfilt(npjax.array(x), 5)
    assert_same(ss.medfilt(x, 5), got)
    assert fallbacks("scipy.signal") == ({} if tier == "host" else {"scipy.signal.medfilt": 1})
