"""Parity of npjax.linalg with numpy.linalg on both tiers.

Values are compared with tolerances fitted to the working precision (LAPACK through JAX and
through NumPy may round differently); decompositions whose factors are defined only up to
sign/phase (eig, eigh, svd, qr) are compared by result type, dtypes, shapes, eigen/singular
values and reconstructions. A device call must run on JAX: the `no_fallback` fixture checks
that no linalg entry appears in `npjax.stats()["fallbacks"]`, except where a test says so.
"""
import numpy
import pytest

import npjax
from conftest import assert_same, parity, to_npjax

R = numpy.random.default_rng(7)


def _wellcond(n, batch=(), dtype=numpy.float64):
    a = R.normal(size=batch + (n, n)) + n * numpy.eye(n)
    if numpy.dtype(dtype).kind == "c":
        a = a + 1j * R.normal(size=batch + (n, n))
    return a.astype(dtype)


def _spd(n, batch=(), dtype=numpy.float64):
    a = R.normal(size=batch + (n, n))
    if numpy.dtype(dtype).kind == "c":
        a = a + 1j * R.normal(size=batch + (n, n))
    s = a @ numpy.conj(numpy.swapaxes(a, -1, -2)) + n * numpy.eye(n)
    return s.astype(dtype)


A4 = _wellcond(4)                                   # float64 (4, 4)
A3S = _wellcond(3, (2,))                            # stack (2, 3, 3)
A3SS = _wellcond(3, (2, 1))                         # stack (2, 1, 3, 3) for broadcasting
A4F = _wellcond(4, dtype=numpy.float32)
A4C = _wellcond(4, dtype=numpy.complex128)
A4C64 = _wellcond(4, dtype=numpy.complex64)
AI = numpy.array([[4, 1, 2], [1, 5, 3], [0, 2, 6]])  # int64, nonsingular
SPD = _spd(4)
SPDS = _spd(3, (2,))
SPDC = _spd(3, dtype=numpy.complex128)
SPDF = _spd(3, dtype=numpy.float32)
B4 = R.normal(size=4)
B42 = R.normal(size=(4, 2))
B3S = R.normal(size=(2, 3, 2))
M46 = R.normal(size=(4, 6))
M64 = R.normal(size=(6, 4))
M64F = M64.astype(numpy.float32)
M34C = R.normal(size=(3, 4)) + 1j * R.normal(size=(3, 4))
V5 = numpy.array([3.0, -4.0, 0.0, 1.5, -2.0])
VI = numpy.array([3, -4, 0, 1, -2])
ROT = numpy.array([[0.0, -1.0], [1.0, 0.0]])         # eigenvalues +-i
TRI = numpy.array([[2.0, 1.0, 0.5], [0.0, 3.0, 1.0], [0.0, 0.0, -1.0]])  # real eigenvalues
RANKDEF = numpy.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]])  # int, rank 2
E00 = numpy.zeros((0, 0))
E200 = numpy.zeros((2, 0, 0))


def tol(dtype):
    dt = numpy.dtype(dtype)
    return (1e-5, 1e-6) if dt in (numpy.float32, numpy.complex64) else (1e-8, 1e-10)


@pytest.fixture
def allow_fallback():
    """Marks a test whose device calls may fall back to NumPy (checked by the test)."""


@pytest.fixture(autouse=True)
def no_fallback(request):
    """A linalg call on device arrays runs on JAX (unless the test is marked otherwise)."""
    npjax.stats(reset=True)
    yield
    if "allow_fallback" not in request.fixturenames:
        fb = {k: v for k, v in npjax.stats()["fallbacks"].items() if k.startswith("linalg")}
        assert not fb, f"linalg fallbacks: {fb}"


def lp(fn, *args, rtol=None, atol=None, dtype=None):
    """parity() with tolerances of the inputs' precision."""
    if rtol is None:
        dts = [a.dtype for a in args if isinstance(a, numpy.ndarray)] or [numpy.float64]
        lo = [d for d in dts if d in (numpy.float32, numpy.complex64)]
        rtol, atol = tol(lo[0] if lo else numpy.float64)
    return parity(fn, *args, rtol=rtol, atol=atol or 0)


def _np(x):
    return numpy.asarray(x)


def check_meta(expected, actual):
    """Same result type (named tuple / array / scalar), dtypes and shapes; values unchecked."""
    if isinstance(expected, tuple):
        assert type(actual) is type(expected), f"{type(actual)} != {type(expected)}"
        assert getattr(type(actual), "_fields", None) == getattr(type(expected), "_fields",
                                                                 None)
        assert len(actual) == len(expected)
        for e, a in zip(expected, actual):
            check_meta(e, a)
        return
    if isinstance(expected, numpy.ndarray):
        assert isinstance(actual, npjax.ndarray), type(actual)
    else:
        assert type(actual) is type(expected), f"{type(actual)} != {type(expected)}"
    assert actual.dtype == expected.dtype, f"{actual.dtype} != {expected.dtype}"
    assert actual.shape == expected.shape, f"{actual.shape} != {expected.shape}"


# ---- solve / inv / det / slogdet -----------------------------------------------------------
SOLVE = [
    pytest.param(A4, B4, id="vector"),
    pytest.param(A4, B42, id="matrix"),
    pytest.param(A3S, B3S, id="stacked"),
    pytest.param(A3SS, B3S, id="broadcast-a"),
    pytest.param(A3S[0], B3S, id="broadcast-2d-a"),
    pytest.param(A4F, B4.astype(numpy.float32), id="float32"),
    pytest.param(A4F, B4, id="float32-float64"),
    pytest.param(AI, numpy.array([1, 2, 3]), id="int"),
    pytest.param(A4C, B42, id="complex"),
    pytest.param(A4C64, B4.astype(numpy.float32), id="complex64"),
    pytest.param(A4, numpy.ones(3), id="mismatch"),
    pytest.param(E00, numpy.zeros(0), id="empty"),
    pytest.param(E00, numpy.zeros((0, 2)), id="empty-matrix"),
]


@pytest.mark.parametrize("a, b", SOLVE)
def test_solve(tier, a, b):
    lp(lambda m, a, b: m.linalg.solve(a, b), a, b)


def test_solve_views(tier):
    lp(lambda m, a, b: m.linalg.solve(a.T, b[::2]), A4, numpy.arange(8.0))


INV = [
    pytest.param(A4, id="f64"), pytest.param(A3S, id="stacked"), pytest.param(A4F, id="f32"),
    pytest.param(AI, id="int"), pytest.param(A4C, id="complex"),
    pytest.param(A4C64, id="complex64"), pytest.param(E00, id="empty"),
    pytest.param(E200, id="empty-stack"),
    pytest.param(numpy.array([[True, False], [False, True]]), id="bool"),
]


@pytest.mark.parametrize("a", INV)
def test_inv(tier, a):
    lp(lambda m, a: m.linalg.inv(a), a)


DET = INV + [pytest.param(RANKDEF, id="singular-int"),
             pytest.param(numpy.ones((2, 2)), id="ones"),
             pytest.param(numpy.zeros((3, 3)), id="zeros"),
             pytest.param(numpy.array([[2.0]]), id="1x1")]


@pytest.mark.parametrize("a", DET)
def test_det(tier, a):
    lp(lambda m, a: m.linalg.det(a), a, atol=1e-12 if a.dtype.kind != "b" else 0,
       rtol=tol(a.dtype)[0])


@pytest.mark.parametrize("a", DET)
def test_slogdet(tier, a):
    r = lp(lambda m, a: m.linalg.slogdet(a), a, rtol=tol(a.dtype)[0], atol=1e-12)
    assert type(r).__name__ == "SlogdetResult"


def test_slogdet_fields(tier):
    res = npjax.linalg.slogdet(to_npjax(A3S))
    exp = numpy.linalg.slogdet(A3S)
    assert type(res) is type(exp)
    assert_same(exp.sign, res.sign)
    assert_same(exp.logabsdet, res.logabsdet, rtol=1e-10)


# ---- cholesky ------------------------------------------------------------------------------
@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("a", [pytest.param(SPD, id="f64"), pytest.param(SPDS, id="stacked"),
                               pytest.param(SPDC, id="complex"),
                               pytest.param(SPDF, id="f32"),
                               pytest.param(numpy.array([[4, 2], [2, 3]]), id="int"),
                               pytest.param(E00, id="empty")])
def test_cholesky(tier, a, upper):
    lp(lambda m, a: m.linalg.cholesky(a, upper=upper), a)


def test_cholesky_reads_lower_triangle(tier):
    a = numpy.triu(numpy.full((3, 3), 99.0), 1) + numpy.tril(SPD[:3, :3])
    lp(lambda m, a: m.linalg.cholesky(a), a)


# ---- eig / eigvals / eigh / eigvalsh -------------------------------------------------------
def _sorted_vals(w):
    w = _np(w)
    return numpy.sort_complex(w) if w.dtype.kind == "c" else numpy.sort(w, axis=-1)


EIG = [
    pytest.param(TRI, id="real-eigenvalues"),
    pytest.param(ROT, id="complex-eigenvalues"),
    pytest.param(TRI.astype(numpy.float32), id="f32-real"),
    pytest.param(ROT.astype(numpy.float32), id="f32-complex"),
    pytest.param(numpy.array([[2, 0], [1, 3]]), id="int"),
    pytest.param(A4C, id="complex128"),
    pytest.param(A4C64, id="complex64"),
    pytest.param(numpy.stack([TRI, TRI.T]), id="stacked"),
    pytest.param(E00, id="empty"),
]


@pytest.mark.parametrize("a", EIG)
def test_eig(tier, a):
    exp = numpy.linalg.eig(a)
    res = npjax.linalg.eig(to_npjax(a))
    check_meta(exp, res)
    rtol, atol = tol(a.dtype)
    w, v = _np(res.eigenvalues), _np(res.eigenvectors)
    if a.size and a.ndim == 2:
        numpy.testing.assert_allclose(_sorted_vals(w), _sorted_vals(exp.eigenvalues),
                                      rtol=rtol, atol=atol)
    # A v = v diag(w)
    numpy.testing.assert_allclose(a @ v, v * w[..., None, :], rtol=rtol, atol=10 * atol)


@pytest.mark.parametrize("a", EIG)
def test_eigvals(tier, a):
    exp = numpy.linalg.eigvals(a)
    res = npjax.linalg.eigvals(to_npjax(a))
    check_meta(exp, res)
    rtol, atol = tol(a.dtype)
    if a.ndim == 2:
        numpy.testing.assert_allclose(_sorted_vals(res), _sorted_vals(exp), rtol=rtol,
                                      atol=atol)


EIGH = [pytest.param(SPD, id="f64"), pytest.param(SPDS, id="stacked"),
        pytest.param(SPDC, id="complex"), pytest.param(SPDF, id="f32"),
        pytest.param(numpy.array([[2, 1], [1, 2]]), id="int"),
        pytest.param(numpy.triu(SPD) + numpy.tril(numpy.full((4, 4), 50.0), -1),
                     id="asymmetric"),
        pytest.param(E00, id="empty")]


@pytest.mark.parametrize("UPLO", ["L", "U"])
@pytest.mark.parametrize("a", EIGH)
def test_eigh(tier, a, UPLO):
    exp = numpy.linalg.eigh(a, UPLO=UPLO)
    res = npjax.linalg.eigh(to_npjax(a), UPLO=UPLO)
    check_meta(exp, res)
    rtol, atol = tol(a.dtype)
    scale = max(1.0, float(numpy.abs(exp.eigenvalues).max(initial=0)))
    numpy.testing.assert_allclose(_np(res.eigenvalues), exp.eigenvalues, rtol=rtol,
                                  atol=atol * scale)
    # eigenvectors up to sign/phase: |v^H v_numpy| is the identity
    v, ve = _np(res.eigenvectors), exp.eigenvectors
    overlap = numpy.abs(numpy.conj(numpy.swapaxes(v, -1, -2)) @ ve)
    numpy.testing.assert_allclose(overlap, numpy.broadcast_to(numpy.eye(a.shape[-1]),
                                                              overlap.shape),
                                  atol=100 * atol)
    lp(lambda m, a: m.linalg.eigvalsh(a, UPLO=UPLO), a, rtol=rtol, atol=atol * scale)


def test_eigh_bad_uplo(tier):
    lp(lambda m, a: m.linalg.eigh(a, UPLO="X"), SPD)
    lp(lambda m, a: m.linalg.eigvalsh(a, UPLO="X"), SPD)


# ---- svd / svdvals -------------------------------------------------------------------------
SVD = [pytest.param(M46, id="wide"), pytest.param(M64, id="tall"), pytest.param(A4, id="sq"),
       pytest.param(M64F, id="f32"), pytest.param(M34C, id="complex"),
       pytest.param(M34C.astype(numpy.complex64), id="complex64"),
       pytest.param(numpy.arange(12).reshape(2, 3, 2), id="int-stacked"),
       pytest.param(numpy.zeros((0, 3)), id="empty")]


@pytest.mark.parametrize("full_matrices", [True, False])
@pytest.mark.parametrize("a", SVD)
def test_svd(tier, a, full_matrices):
    exp = numpy.linalg.svd(a, full_matrices=full_matrices)
    res = npjax.linalg.svd(to_npjax(a), full_matrices=full_matrices)
    check_meta(exp, res)
    assert type(res).__name__ == "SVDResult"
    rtol, atol = tol(a.dtype)
    u, s, vh = _np(res.U), _np(res.S), _np(res.Vh)
    numpy.testing.assert_allclose(s, exp.S, rtol=rtol, atol=atol)
    k = s.shape[-1]
    recon = (u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :]
    numpy.testing.assert_allclose(recon, a, rtol=rtol, atol=10 * atol)


@pytest.mark.parametrize("a", SVD)
def test_svd_values_only(tier, a):
    rtol, atol = tol(a.dtype)
    lp(lambda m, a: m.linalg.svd(a, compute_uv=False), a, rtol=rtol, atol=atol)
    lp(lambda m, a: m.linalg.svdvals(a), a, rtol=rtol, atol=atol)


@pytest.mark.parametrize("a", [pytest.param(SPD, id="spd"), pytest.param(SPDC, id="complex"),
                               pytest.param(TRI + TRI.T, id="indefinite")])
def test_svd_hermitian(tier, a):
    exp = numpy.linalg.svd(a, hermitian=True)
    res = npjax.linalg.svd(to_npjax(a), hermitian=True)
    check_meta(exp, res)
    numpy.testing.assert_allclose(_np(res.S), exp.S, rtol=1e-8)
    recon = (_np(res.U) * _np(res.S)) @ _np(res.Vh)
    numpy.testing.assert_allclose(recon, a, atol=1e-9)
    lp(lambda m, a: m.linalg.svd(a, compute_uv=False, hermitian=True), a)


# ---- qr ------------------------------------------------------------------------------------
QR = [pytest.param(M64, id="tall"), pytest.param(M46, id="wide"),
      pytest.param(M64F, id="f32"), pytest.param(M34C, id="complex"),
      pytest.param(numpy.arange(12).reshape(2, 3, 2), id="int-stacked"),
      pytest.param(numpy.zeros((0, 3)), id="empty")]


@pytest.mark.parametrize("mode", ["reduced", "complete", "r"])
@pytest.mark.parametrize("a", QR)
def test_qr(tier, a, mode):
    exp = numpy.linalg.qr(a, mode=mode)
    res = npjax.linalg.qr(to_npjax(a), mode=mode)
    check_meta(exp, res)
    rtol, atol = tol(a.dtype)
    if mode == "r":
        # R up to the sign (phase) of each row
        numpy.testing.assert_allclose(numpy.abs(_np(res)), numpy.abs(exp), rtol=rtol,
                                      atol=10 * atol)
        return
    assert type(res).__name__ == "QRResult"
    q, r = _np(res.Q), _np(res.R)
    numpy.testing.assert_allclose(q @ r, a, rtol=rtol, atol=10 * atol)
    numpy.testing.assert_allclose(numpy.abs(r), numpy.abs(exp.R), rtol=rtol, atol=10 * atol)


def test_qr_raw(tier, allow_fallback):
    exp = numpy.linalg.qr(M64, mode="raw")
    a = to_npjax(M64)
    if tier == "device":
        with pytest.warns(npjax.NumPyFallbackWarning):
            res = npjax.linalg.qr(a, mode="raw")
        assert npjax.stats()["fallbacks"].get("linalg.qr") == 1
    else:
        res = npjax.linalg.qr(a, mode="raw")
        assert not npjax.stats()["fallbacks"]
    assert_same(exp, res)


def test_qr_bad_mode(tier):
    lp(lambda m, a: m.linalg.qr(a, mode="bogus"), M64)
    lp(lambda m, a: m.linalg.qr(a), V5)


# ---- lstsq ---------------------------------------------------------------------------------
LSTSQ = [
    pytest.param(M64, R.normal(size=6), id="tall-vector"),        # residuals shape ()->(1,)
    pytest.param(M64, R.normal(size=(6, 3)), id="tall-matrix"),   # residuals (3,)
    pytest.param(M46, R.normal(size=4), id="wide"),               # M <= N: empty residuals
    pytest.param(A4, B4, id="square"),                            # M == N: empty
    pytest.param(numpy.c_[M64[:, :2], M64[:, :2]], R.normal(size=6), id="rank-deficient"),
    pytest.param(M64F, R.normal(size=6).astype(numpy.float32), id="f32"),
    pytest.param(numpy.arange(12).reshape(6, 2), numpy.arange(6), id="int"),
    pytest.param(M34C.T.copy(), R.normal(size=4), id="complex"),
    pytest.param(M64, R.normal(size=5), id="mismatch"),
    pytest.param(A3S, B3S, id="stacked"),
]


@pytest.mark.parametrize("a, b", LSTSQ)
def test_lstsq(tier, a, b):
    exp = lp(lambda m, a, b: m.linalg.lstsq(a, b), a, b)
    if not isinstance(exp, Exception):
        assert type(exp).__name__ == "LstsqResult" or isinstance(exp, tuple)


def test_lstsq_rcond(tier):
    a = numpy.c_[M64, M64[:, :1] * (1 + 1e-10)]
    lp(lambda m, a, b: m.linalg.lstsq(a, b, rcond=1e-6), a, R.normal(size=6))


# ---- pinv / matrix_rank / matrix_power -----------------------------------------------------
@pytest.mark.parametrize("a", [pytest.param(M64, id="tall"), pytest.param(M46, id="wide"),
                               pytest.param(M64F, id="f32"), pytest.param(M34C, id="complex"),
                               pytest.param(RANKDEF, id="int-rankdef"),
                               pytest.param(A3S, id="stacked"),
                               pytest.param(numpy.zeros((0, 3)), id="empty")])
def test_pinv(tier, a):
    rtol, atol = tol(a.dtype)
    lp(lambda m, a: m.linalg.pinv(a), a, rtol=rtol * 100, atol=atol * 100)
    if a is M64 or a is RANKDEF:
        lp(lambda m, a: m.linalg.pinv(a, rcond=0.1), a, rtol=rtol * 100, atol=atol * 100)


def test_pinv_hermitian_rtol(tier):
    lp(lambda m, a: m.linalg.pinv(a, hermitian=True), SPD, rtol=1e-8, atol=1e-12)
    lp(lambda m, a: m.linalg.pinv(a, rtol=0.5), M64, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("a, kw", [
    pytest.param(RANKDEF, {}, id="int-rank2"),
    pytest.param(M64, {}, id="full"),
    pytest.param(numpy.zeros((3, 3)), {}, id="zeros"),
    pytest.param(V5, {}, id="vector"),
    pytest.param(numpy.zeros(3), {}, id="zero-vector"),
    pytest.param(numpy.float64(2.0), {}, id="scalar"),
    pytest.param(numpy.stack([RANKDEF, numpy.eye(3)]), {}, id="stacked"),
    pytest.param(numpy.diag([1.0, 1e-3, 1e-9]), {"tol": 1e-4}, id="tol"),
    pytest.param(numpy.diag([1.0, 1e-3, 1e-9]), {"rtol": 1e-2}, id="rtol"),
    pytest.param(SPD, {"hermitian": True}, id="hermitian"),
])
def test_matrix_rank(tier, a, kw):
    lp(lambda m, a: m.linalg.matrix_rank(a, **kw), a)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, -1, -3])
@pytest.mark.parametrize("a", [pytest.param(A4, id="f64"), pytest.param(AI, id="int"),
                               pytest.param(A3S, id="stacked"),
                               pytest.param(A4F, id="f32"),
                               pytest.param(numpy.array([[True, True], [False, True]]),
                                            id="bool")])
def test_matrix_power(tier, a, n):
    rtol = tol(a.dtype)[0] * (10 if a.dtype.kind == "f" else 1)
    lp(lambda m, a: m.linalg.matrix_power(a, n), a, rtol=rtol, atol=1e-12)


def test_matrix_power_bad(tier):
    lp(lambda m, a: m.linalg.matrix_power(a, 2.0), A4)
    lp(lambda m, a: m.linalg.matrix_power(a, 2), M46)
    lp(lambda m, a: m.linalg.matrix_power(a, 2), V5)


# ---- norm / cond ---------------------------------------------------------------------------
VEC_ORDS = [None, 0, 1, -1, 2, -2, 3, 0.5, numpy.inf, -numpy.inf]
MAT_ORDS = [None, "fro", "nuc", 1, -1, 2, -2, numpy.inf, -numpy.inf]


def _norm_cases(ords, arrays, few):
    """Every ord on the first array, the `few` ords on the others (each combination is a
    separate JAX compilation)."""
    out = []
    for i, (aid, a) in enumerate(arrays):
        for o in ords if i == 0 else few:
            out.append(pytest.param(a, o, id=f"{aid}-{o}"))
    return out


@pytest.mark.parametrize("v, ord", _norm_cases(
    VEC_ORDS, [("f64", V5), ("int", VI), ("f32", V5.astype(numpy.float32)),
               ("complex", numpy.array([3 + 4j, 1 - 1j, 0j]))],
    [None, 0, -1, 3, numpy.inf]))
def test_norm_vector(tier, v, ord):
    lp(lambda m, v: m.linalg.norm(v, ord=ord), v)
    lp(lambda m, v: m.linalg.vector_norm(v, ord=numpy.inf if ord is None else ord), v)
    if v is V5:
        lp(lambda m, v: m.linalg.norm(v, ord=ord, keepdims=True), v)


@pytest.mark.parametrize("a, ord", _norm_cases(
    MAT_ORDS, [("f64", M46), ("int", AI), ("f32", M64F), ("complex", M34C)],
    [None, "nuc", 1, -2]))
def test_norm_matrix(tier, a, ord):
    rtol, atol = tol(a.dtype)
    lp(lambda m, a: m.linalg.norm(a, ord=ord), a, rtol=rtol, atol=atol)
    if a is M46:
        lp(lambda m, a: m.linalg.norm(a, ord=ord, keepdims=True), a)
        lp(lambda m, a: m.linalg.matrix_norm(a, ord="fro" if ord is None else ord), a)


@pytest.mark.parametrize("ord", [None, 2, 1, numpy.inf, 0])
def test_norm_axis(tier, ord):
    a = R.normal(size=(2, 3, 4))
    lp(lambda m, a: m.linalg.norm(a, ord=ord, axis=-1), a)
    lp(lambda m, a: m.linalg.norm(a, ord=ord, axis=0, keepdims=True), a)
    lp(lambda m, a: m.linalg.vector_norm(a, ord=2 if ord is None else ord, axis=(0, 2)), a)


@pytest.mark.parametrize("ord", [None, "nuc", 1, -numpy.inf, -2])
def test_norm_matrix_axes(tier, ord):
    a = R.normal(size=(2, 3, 4))
    lp(lambda m, a: m.linalg.norm(a, ord=ord, axis=(2, 0)), a)
    lp(lambda m, a: m.linalg.norm(a, ord=ord, axis=(-1, -2), keepdims=True), a)
    lp(lambda m, a: m.linalg.matrix_norm(a, ord="fro" if ord is None else ord,
                                         keepdims=True), a)


def test_norm_misc(tier):
    lp(lambda m, a: m.linalg.norm(a), R.normal(size=(2, 3, 4)))       # flattened 2-norm
    lp(lambda m, a: m.linalg.norm(a), numpy.zeros(0))
    lp(lambda m, a: m.linalg.norm(a, ord=numpy.inf), numpy.zeros(0))   # ValueError
    lp(lambda m, a: m.linalg.norm(a), numpy.array([numpy.nan, 1.0]))
    lp(lambda m, a: m.linalg.norm(a, ord="fro"), V5)                    # ValueError
    lp(lambda m, a: m.linalg.norm(a, ord=3), M46)                       # ValueError
    lp(lambda m, a: m.linalg.norm(a, axis=(0, 0)), M46)                 # ValueError
    lp(lambda m, a: m.linalg.norm(a, axis=(0, 1, 2)), A3S)              # ValueError
    lp(lambda m, a: m.linalg.norm(a, axis=5), V5)                       # AxisError
    lp(lambda m, a: m.linalg.norm(a[::2]), V5)
    lp(lambda m, a: m.linalg.norm(a.T, 1), M46)
    lp(lambda m, a: m.linalg.vector_norm(a), numpy.float64(-3.0))
    lp(lambda m, a: m.linalg.vector_norm(a, keepdims=True), M46)


@pytest.mark.parametrize("a, p", _norm_cases(
    [None, 1, -1, 2, -2, numpy.inf, -numpy.inf, "fro", "nuc"],
    [("f64", A4), ("stacked", A3S), ("f32", A4F), ("int", AI), ("complex", A4C)],
    [None, -1, "nuc"]))
def test_cond(tier, a, p):
    rtol, atol = tol(a.dtype)
    lp(lambda m, a: m.linalg.cond(a, p), a, rtol=rtol * 10, atol=atol)


def test_cond_singular(tier):
    lp(lambda m, a: m.linalg.cond(a), numpy.ones((2, 2)))
    lp(lambda m, a: m.linalg.cond(a, 1), numpy.array([[1.0, 2.0], [2.0, 4.0]]))
    lp(lambda m, a: m.linalg.cond(a, 1), M46)  # LinAlgError: not square
    lp(lambda m, a: m.linalg.cond(a), M46)     # 2-norm: fine on non-square


# ---- products and the array-API functions ------------------------------------------------
def test_multi_dot(tier):
    a, b, c, d = R.normal(size=(3, 5)), R.normal(size=(5, 2)), R.normal(size=(2, 6)), \
        R.normal(size=6)
    lp(lambda m, a, b, c: m.linalg.multi_dot([a, b, c]), a, b, c)
    lp(lambda m, a, b, c, d: m.linalg.multi_dot([a, b, c, d]), a, b, c, d)
    lp(lambda m, b, a: m.linalg.multi_dot([b[:, 0], a.T]), b, a)
    lp(lambda m, a, b: m.linalg.multi_dot([a, b.astype(numpy.float32)]), a, b)
    lp(lambda m, a: m.linalg.multi_dot([a]), a)        # ValueError: at least two arrays
    lp(lambda m, a, b: m.linalg.multi_dot([a, a]), a, b)  # ValueError: shapes


def test_multi_dot_out(tier):
    a, b = R.normal(size=(3, 5)), R.normal(size=(5, 2))
    out = to_npjax(numpy.zeros((3, 2)))
    res = npjax.linalg.multi_dot([to_npjax(a), to_npjax(b)], out=out)
    assert res is out
    numpy.testing.assert_allclose(_np(out), a @ b, rtol=1e-12)


@pytest.mark.parametrize("ind", [1, 2])
def test_tensorinv(tier, ind):
    a = numpy.eye(24).reshape(24, 8, 3) + 0.01 * R.normal(size=(24, 8, 3)) if ind == 1 \
        else (numpy.eye(24) + 0.1 * R.normal(size=(24, 24))).reshape(4, 6, 8, 3)
    lp(lambda m, a: m.linalg.tensorinv(a, ind=ind), a, rtol=1e-7, atol=1e-10)


def test_tensorinv_bad(tier):
    lp(lambda m, a: m.linalg.tensorinv(a, ind=0), numpy.eye(4))
    lp(lambda m, a: m.linalg.tensorinv(a, ind=1), numpy.ones((2, 3)))
    lp(lambda m, a: m.linalg.tensorinv(a), numpy.zeros((2, 2, 2, 2)))


def test_tensorsolve(tier):
    a = (numpy.eye(6) * 4 + R.normal(size=(6, 6))).reshape(6, 2, 3)
    b = R.normal(size=6)
    lp(lambda m, a, b: m.linalg.tensorsolve(a, b), a, b, rtol=1e-8, atol=1e-10)
    a2 = (numpy.eye(24) * 4 + R.normal(size=(24, 24))).reshape(2, 3, 4, 2, 3, 4)
    b2 = R.normal(size=(2, 3, 4))
    lp(lambda m, a, b: m.linalg.tensorsolve(a, b), a2, b2, rtol=1e-8, atol=1e-10)
    a3 = numpy.moveaxis(a2, 0, 5)
    lp(lambda m, a, b: m.linalg.tensorsolve(a, b, axes=(5,)), a3, b2, rtol=1e-8,
       atol=1e-10)
    lp(lambda m, a, b: m.linalg.tensorsolve(a, b), a2, R.normal(size=(4, 5)))  # bad shapes


def test_cross(tier):
    a, b = R.normal(size=(4, 3)), R.normal(size=(4, 3))
    lp(lambda m, a, b: m.linalg.cross(a, b), a, b)
    lp(lambda m, a, b: m.linalg.cross(a, b, axis=0), a[:3], b[:3])
    lp(lambda m, a, b: m.linalg.cross(a, b), numpy.arange(3), numpy.array([4, 1, 2]))
    lp(lambda m, a, b: m.linalg.cross(a, b), a[:, :2], b[:, :2])   # ValueError (2-D vectors)
    lp(lambda m, a, b: m.linalg.cross(a, b), a[0], b)              # broadcast


def test_outer_vecdot(tier):
    a, b = R.normal(size=4), numpy.arange(3)
    lp(lambda m, a, b: m.linalg.outer(a, b), a, b)
    lp(lambda m, a, b: m.linalg.outer(a, b), M46, b)       # ValueError: 1-D only
    c = R.normal(size=(2, 4)) + 1j * R.normal(size=(2, 4))
    lp(lambda m, a, b: m.linalg.vecdot(a, b), c, a)
    lp(lambda m, a, b: m.linalg.vecdot(a, b), a, c)        # conjugates the first argument
    lp(lambda m, a, b: m.linalg.vecdot(a, b, axis=0), M46, M46)
    lp(lambda m, a, b: m.linalg.vecdot(a, b), numpy.arange(4), numpy.arange(4))


def test_transpose_diagonal_trace(tier):
    a = R.normal(size=(2, 3, 4))
    lp(lambda m, a: m.linalg.matrix_transpose(a), a)
    lp(lambda m, a: m.linalg.matrix_transpose(a), V5)      # ValueError
    lp(lambda m, a: m.linalg.diagonal(a), a)
    lp(lambda m, a: m.linalg.diagonal(a, offset=1), a)
    lp(lambda m, a: m.linalg.diagonal(a, offset=-2), a)
    lp(lambda m, a: m.linalg.trace(a), a)
    lp(lambda m, a: m.linalg.trace(a, offset=1), a)
    lp(lambda m, a: m.linalg.trace(a, dtype=numpy.float32), a, rtol=1e-6)
    lp(lambda m, a: m.linalg.trace(a), AI)
    lp(lambda m, a: m.linalg.trace(a), numpy.array([[True, True], [False, True]]))


def test_tensordot_matmul(tier):
    a, b = R.normal(size=(2, 3, 4)), R.normal(size=(4, 3, 5))
    lp(lambda m, a, b: m.linalg.tensordot(a, b), a[:, :, :3], b[:3, :])
    lp(lambda m, a, b: m.linalg.tensordot(a, b, axes=1), a, b)
    lp(lambda m, a, b: m.linalg.tensordot(a, b, axes=([1, 2], [1, 0])), a, b)
    lp(lambda m, a, b: m.linalg.tensordot(a, b, axes=0), a[0], b[0])
    lp(lambda m, a, b: m.linalg.tensordot(a, b, axes=([0], [0])), a, b)  # ValueError
    lp(lambda m, a, b: m.linalg.matmul(a, b), a, b[:, 0])
    lp(lambda m, a, b: m.linalg.matmul(a, b), AI, AI)
    lp(lambda m, a, b: m.linalg.matmul(a, b), a, a)      # ValueError
    lp(lambda m, a, b: m.linalg.matmul(a, b), V5, V5)


# ---- dtypes and result kinds ---------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["int8", "uint16", "float32", "complex64", "bool"])
def test_result_dtypes(tier, dtype):
    a = (numpy.eye(3) * 2 + numpy.tri(3, k=-1)).astype(dtype)
    lp(lambda m, a: m.linalg.inv(a), a)
    lp(lambda m, a: m.linalg.det(a), a)
    lp(lambda m, a: m.linalg.norm(a, ord=1), a)
    lp(lambda m, a: m.linalg.eigvals(a), a)
    lp(lambda m, a: m.linalg.svd(a, compute_uv=False), a)
    lp(lambda m, a: m.linalg.pinv(a), a)


def test_det_norm_are_numpy_scalars(tier):
    d = npjax.linalg.det(to_npjax(A4))
    n = npjax.linalg.norm(to_npjax(M46))
    assert type(d) is numpy.float64 and type(n) is numpy.float64
    assert type(npjax.linalg.det(to_npjax(A4F))) is numpy.float32
    assert type(npjax.linalg.det(to_npjax(A4C))) is numpy.complex128
    assert isinstance(npjax.linalg.det(to_npjax(A3S)), npjax.ndarray)


# ---- LinAlgError and other errors ----------------------------------------------------------
def test_linalgerror_is_numpys():
    assert npjax.linalg.LinAlgError is numpy.linalg.LinAlgError


SINGULAR = [pytest.param(numpy.zeros((3, 3)), id="zeros"),
            pytest.param(numpy.ones((2, 2)), id="ones"),
            pytest.param(RANKDEF, id="int-rankdef"),
            pytest.param(numpy.stack([numpy.eye(2), numpy.ones((2, 2))]), id="stack-one-bad"),
            pytest.param(numpy.zeros((3, 3), numpy.float32), id="zeros-f32"),
            pytest.param(numpy.zeros((2, 2), numpy.complex128), id="zeros-complex")]


@pytest.mark.parametrize("a", SINGULAR)
def test_singular(tier, a):
    with pytest.raises(numpy.linalg.LinAlgError):
        numpy.linalg.inv(a)
    lp(lambda m, a: m.linalg.inv(a), a)
    lp(lambda m, a: m.linalg.solve(a, m.ones(a.shape[-1])), a)
    lp(lambda m, a: m.linalg.matrix_power(a, -1), a)
    lp(lambda m, a: m.linalg.matrix_power(a, -2), a)
    lp(lambda m, a: m.linalg.tensorinv(a, ind=1), a)


@pytest.mark.parametrize("a", [pytest.param(-SPD, id="negdef"),
                               pytest.param(numpy.array([[1.0, 2.0], [2.0, 1.0]]),
                                            id="indefinite"),
                               pytest.param(numpy.zeros((2, 2)), id="zeros"),
                               pytest.param(numpy.stack([SPD[:2, :2], -numpy.eye(2)]),
                                            id="stack-one-bad"),
                               pytest.param(-SPDC, id="complex")])
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_not_pd(tier, a, upper):
    with pytest.raises(numpy.linalg.LinAlgError):
        numpy.linalg.cholesky(a, upper=upper)
    lp(lambda m, a: m.linalg.cholesky(a, upper=upper), a)


NEED_2D = ["inv", "det", "slogdet", "cholesky", "eig", "eigvals", "eigh", "eigvalsh",
           "svd", "svdvals", "qr", "pinv", "cond", "matrix_power", "tensorinv"]
NEED_SQUARE = ["inv", "det", "slogdet", "cholesky", "eig", "eigvals", "eigh", "eigvalsh",
               "matrix_power"]


def _call(m, name, a):
    f = getattr(m.linalg, name)
    if name == "matrix_power":
        return f(a, 2)
    return f(a)


@pytest.mark.parametrize("name", NEED_2D)
def test_1d_input(tier, name):
    lp(lambda m, a: _call(m, name, a), V5)
    lp(lambda m, a: _call(m, name, a), numpy.float64(3.0))


@pytest.mark.parametrize("name", NEED_SQUARE + ["solve"])
def test_non_square(tier, name):
    if name == "solve":
        lp(lambda m, a: m.linalg.solve(a, m.ones(4)), M46)
        return
    lp(lambda m, a: _call(m, name, a), M46)


@pytest.mark.parametrize("name", NEED_2D + ["solve", "lstsq", "norm", "matrix_rank",
                                            "multi_dot"])
def test_float16(tier, name):
    a = numpy.eye(3, dtype=numpy.float16) * 2
    if name in ("solve", "lstsq"):
        lp(lambda m, a: getattr(m.linalg, name)(a, a[0]), a)
    elif name == "multi_dot":
        lp(lambda m, a: m.linalg.multi_dot([a, a]), a, rtol=1e-3)
    else:
        lp(lambda m, a: _call(m, name, a), a, rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize("name", ["inv", "det", "slogdet", "cholesky", "eig", "eigvals",
                                  "eigh", "eigvalsh", "svd", "svdvals", "qr", "pinv",
                                  "matrix_rank", "norm", "matrix_power", "cond"])
@pytest.mark.parametrize("a", [pytest.param(E00, id="0x0"), pytest.param(E200, id="2x0x0"),
                               pytest.param(numpy.zeros((0, 3)), id="0x3"),
                               pytest.param(numpy.zeros((3, 0)), id="3x0")])
def test_empty(tier, name, a):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # cond of 0x0: 0/0
        lp(lambda m, a: _call(m, name, a), a)


def test_lstsq_empty(tier):
    lp(lambda m, a, b: m.linalg.lstsq(a, b), numpy.zeros((0, 3)), numpy.zeros(0))
    lp(lambda m, a, b: m.linalg.lstsq(a, b), numpy.zeros((3, 0)), numpy.ones(3))
    lp(lambda m, a, b: m.linalg.lstsq(a, b), numpy.zeros((3, 0)), numpy.ones((3, 2)))


NAN = numpy.array([[1.0, numpy.nan], [0.5, 2.0]])
INF = numpy.array([[1.0, numpy.inf], [0.5, 2.0]])


@pytest.mark.parametrize("name", ["eig", "eigvals", "eigh", "eigvalsh", "svd", "svdvals",
                                  "det", "slogdet", "inv", "pinv", "matrix_rank", "qr",
                                  "cholesky", "norm", "cond"])
@pytest.mark.parametrize("a", [pytest.param(NAN, id="nan"), pytest.param(INF, id="inf")])
def test_nonfinite(tier, name, a):
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            exp = _call(numpy, name, a)
    except Exception as err:  # the exception type is what we compare
        with pytest.raises(type(err)):
            _call(npjax, name, to_npjax(a))
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = _call(npjax, name, to_npjax(a))
    check_meta(exp, res)
    if name in ("svdvals", "eigvalsh", "eigvals", "det", "norm", "matrix_rank", "cond"):
        # NaN in, NaN out (or the exact count / inf)
        assert_same(exp, res, rtol=1e-6)


NAN_LOWER = numpy.array([[1.0, 0.0], [numpy.nan, 2.0]])
INF_LOWER = numpy.array([[1.0, 0.0], [numpy.inf, 2.0]])


@pytest.mark.parametrize("call", [
    pytest.param(lambda m, a: m.linalg.eigh(a), id="eigh"),
    pytest.param(lambda m, a: m.linalg.eigvalsh(a), id="eigvalsh"),
    pytest.param(lambda m, a: m.linalg.cholesky(a), id="cholesky"),
    pytest.param(lambda m, a: m.linalg.svd(a, hermitian=True), id="svd-hermitian"),
    pytest.param(lambda m, a: m.linalg.svd(a.T), id="svd-transposed")])
@pytest.mark.parametrize("a", [pytest.param(NAN_LOWER, id="nan"),
                               pytest.param(INF_LOWER, id="inf")])
def test_nonfinite_read_triangle(tier, call, a):
    """NaN where LAPACK reads it: NumPy's error or its (NaN-holding) result kind; the NaN
    patterns themselves are LAPACK's and not compared."""
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            exp = call(numpy, a)
    except Exception as err:  # the exception type is what we compare
        with pytest.raises(type(err)):
            call(npjax, to_npjax(a))
        return
    res = call(npjax, to_npjax(a))
    check_meta(exp, res)


def test_views_input(tier):
    base = R.normal(size=(8, 8)) + 8 * numpy.eye(8)
    lp(lambda m, a: m.linalg.inv(a[::2, ::2]), base)
    lp(lambda m, a: m.linalg.det(a.T), base)
    lp(lambda m, a: m.linalg.svd(a[1:5, ::2], compute_uv=False), base)
    lp(lambda m, a: m.linalg.norm(a[:, 3]), base)
    lp(lambda m, a: m.linalg.cholesky(a @ a.T), base)


def test_matrix_power_int_overflow(tier):
    a = numpy.array([[3, 1], [0, 3]], dtype=numpy.int8)
    lp(lambda m, a: m.linalg.matrix_power(a, 6), a)
    lp(lambda m, a: m.linalg.matrix_power(a, 40), a.astype(numpy.int64))
