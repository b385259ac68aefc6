"""npjax.linalg: numpy.linalg on jax.numpy.linalg for device arrays.

NumPy raises LinAlgError where LAPACK reports failure; JAX returns inf/NaN instead. Here the
device paths check for the same conditions NumPy does (an exactly zero pivot in the LU
factorisation for inv/solve, a failed Cholesky for non-positive-definite input, NaN results
of a decomposition) and raise `LinAlgError`, NumPy's own class. Result dtypes and kinds
(scalars, named result tuples) come from NumPy run on a small well-conditioned stand-in.
"""
import numpy as _np
from numpy.linalg import LinAlgError  # noqa: F401  NumPy's own class

from .._array import ndarray as _ndarray
from .._dispatch import (function as _function, call_host as _call_host,
                         _has_device, to_jax as _to_jax, register_cache as _cache, Probe,
                         align as _align)
from .._stats import count_call as _count_call

_probe_cache = _cache({})


def _jnp():
    from .._backends.device import jnp
    return jnp


def _standin(x):
    """A small, well-conditioned NumPy array with x's dtype and rank."""
    if type(x) is _ndarray or hasattr(x, "shape"):
        v = x._value() if type(x) is _ndarray else x
        shape, dtype = tuple(v.shape), _np.dtype(v.dtype)
    else:
        h = _np.asarray(x)
        shape, dtype = h.shape, h.dtype
    small = tuple(min(d, 2) for d in shape)
    if len(small) >= 2:
        eye = _np.eye(small[-2], small[-1], dtype=dtype if dtype.kind != "b" else None)
        return _np.broadcast_to(eye.astype(dtype) if dtype.kind != "b" else eye,
                                small).copy()
    return _np.ones(small, dtype=dtype)


def _small_probe(name, np_fn):
    def result(args, kwargs):
        key = (name, tuple((getattr(a, "ndim", _np.ndim(a)), str(getattr(a, "dtype", "")))
                           for a in args if hasattr(a, "shape") or type(a) is _ndarray),
               tuple(sorted((k, repr(v)) for k, v in kwargs.items() if not hasattr(v, "shape"))))
        hit = _probe_cache.get(key)
        if hit is None:
            sargs = [_standin(a) if (type(a) is _ndarray or hasattr(a, "shape")) else a
                     for a in args]
            hit = _probe_cache[key] = Probe(np_fn(*sargs, **kwargs))
        return hit
    return result


def _linalg(name, jax_name=None, arrays=(0,), **kw):
    np_fn = getattr(_np.linalg, name)
    fn = _function(f"linalg.{name}", np_fn, f"linalg.{jax_name or name}", arrays=arrays,
                   result=_small_probe(name, np_fn), **kw)
    fn.__module__ = "npjax.linalg"
    return fn


# ---- checks NumPy makes --------------------------------------------------------------------
def _assert_stacked_2d(a):
    if a.ndim < 2:
        raise LinAlgError(f"{a.ndim}-dimensional array given. Array must be at least "
                          f"two-dimensional")


def _assert_stacked_square(a):
    m, n = a.shape[-2:]
    if m != n:
        raise LinAlgError("Last 2 dimensions of the array must be square")


def _as(a):
    if type(a) is _ndarray:
        return a
    from .._funcs.creation import asarray
    return asarray(a)


def _lu_checked(a_j):
    """LU factors of a (stack of) square matrices; LinAlgError on an exactly zero pivot."""
    from jax import lax
    lu, pivots, perm = lax.linalg.lu(a_j)
    diag = _jnp().diagonal(lu, axis1=-2, axis2=-1)
    if bool(_jnp().any(diag == 0)):
        raise LinAlgError("Singular matrix")
    return lu, perm


def _lu_solve(lu, perm, b):
    """Solve with LU factors for b of shape (..., n, k)."""
    from jax import lax
    jnp = _jnp()
    bp = jnp.take_along_axis(b, perm[..., :, None], axis=-2) if b.ndim == lu.ndim else b
    y = lax.linalg.triangular_solve(lu, bp, left_side=True, lower=True, unit_diagonal=True)
    return lax.linalg.triangular_solve(lu, y, left_side=True, lower=False)


def _device(args):
    return _has_device(args, {})


def _result_dtype(name, np_fn, *args, **kw):
    return _small_probe(name, np_fn)(args, kw)


def _work_dtype(dt):
    """The LAPACK dtype NumPy computes in: single stays single, the rest go double."""
    dt = _np.dtype(dt)
    if dt.kind == "c":
        return _np.dtype(_np.complex64) if dt == _np.complex64 else _np.dtype(_np.complex128)
    return _np.dtype(_np.float32) if dt == _np.float32 else _np.dtype(_np.float64)


def _named(name):
    def deco(fn):
        fn.__name__ = fn.__qualname__ = name
        fn.__module__ = "npjax.linalg"
        fn.__wrapped__ = getattr(_np.linalg, name)
        fn.__doc__ = (f"npjax's linalg.{name}: NumPy semantics (see `numpy.linalg.{name}`), "
                      f"LinAlgError where NumPy raises it.")
        fn._npjax_impl = "native"
        return fn
    return deco


@_named("inv")
def inv(a):
    if not _device((a,)):
        return _call_host("linalg.inv", _np.linalg.inv, (a,), {})
    a = _as(a)
    _assert_stacked_2d(a)
    _assert_stacked_square(a)
    pr = _result_dtype("inv", _np.linalg.inv, a)
    _count_call("linalg.inv", "device")
    aj = _to_jax(a).astype(_work_dtype(a.dtype))
    n = aj.shape[-1]
    if n == 0:
        return _align(aj, pr)
    lu, perm = _lu_checked(aj)
    eye = _jnp().broadcast_to(_jnp().eye(n, dtype=aj.dtype), aj.shape)
    return _align(_lu_solve(lu, perm, eye), pr)


@_named("solve")
def solve(a, b):
    if not _device((a, b)):
        return _call_host("linalg.solve", _np.linalg.solve, (a, b), {})
    a, b = _as(a), _as(b)
    _assert_stacked_2d(a)
    _assert_stacked_square(a)
    pr = _result_dtype("solve", _np.linalg.solve, a, b)
    _count_call("linalg.solve", "device")
    wd = _np.result_type(_work_dtype(a.dtype), _work_dtype(b.dtype))
    aj, bj = _to_jax(a).astype(wd), _to_jax(b).astype(wd)
    vector = bj.ndim == 1
    if vector:
        if bj.shape[0] != aj.shape[-1]:
            raise ValueError(f"solve: Input operand 1 has a mismatch in its core dimension 0 "
                             f"({bj.shape[0]} is different from {aj.shape[-1]})")
        bj = _jnp().broadcast_to(bj[:, None], aj.shape[:-2] + (bj.shape[0], 1))
    elif bj.shape[-2] != aj.shape[-1]:
        raise ValueError(f"solve: Input operand 1 has a mismatch in its core dimension 0 "
                         f"({bj.shape[-2]} is different from {aj.shape[-1]})")
    else:
        batch = _np.broadcast_shapes(aj.shape[:-2], bj.shape[:-2])
        aj = _jnp().broadcast_to(aj, batch + aj.shape[-2:])
        bj = _jnp().broadcast_to(bj, batch + bj.shape[-2:])
    if aj.shape[-1] == 0:
        x = bj
    else:
        lu, perm = _lu_checked(aj)
        x = _lu_solve(lu, perm, bj)
    return _align(x[..., 0] if vector else x, pr)


@_named("cholesky")
def cholesky(a, /, *, upper=False):
    if not _device((a,)):
        return _call_host("linalg.cholesky", _np.linalg.cholesky, (a,), {"upper": upper})
    a = _as(a)
    _assert_stacked_2d(a)
    _assert_stacked_square(a)
    pr = _result_dtype("cholesky", _np.linalg.cholesky, a, upper=upper)
    _count_call("linalg.cholesky", "device")
    aj = _to_jax(a).astype(_work_dtype(a.dtype))
    # NumPy (LAPACK potrf) reads only the lower triangle; so must we
    lower = _jnp().tril(aj)
    sym = lower + _jnp().conj(_jnp().swapaxes(_jnp().tril(aj, -1), -1, -2))
    c = _jnp().linalg.cholesky(sym, upper=upper, symmetrize_input=False)
    if bool(_jnp().any(_jnp().isnan(c))):
        raise LinAlgError("Matrix is not positive definite")
    return _align(c, pr)


def _check_finite_input(aj):
    if not bool(_jnp().all(_jnp().isfinite(aj))):
        raise LinAlgError("Array must not contain infs or NaNs")


@_named("eig")
def eig(a):
    if not _device((a,)):
        return _call_host("linalg.eig", _np.linalg.eig, (a,), {})
    a = _as(a)
    _assert_stacked_2d(a)
    _assert_stacked_square(a)
    _count_call("linalg.eig", "device")
    aj = _to_jax(a).astype(_work_dtype(a.dtype))
    _check_finite_input(aj)
    w, v = _jnp().linalg.eig(aj)
    if a.dtype.kind != "c" and not bool(_jnp().any(w.imag != 0)):
        w, v = w.real, v.real  # NumPy returns real results when all eigenvalues are real
    return _np.linalg._linalg.EigResult(_ndarray._new(w), _ndarray._new(v))


@_named("eigvals")
def eigvals(a):
    if not _device((a,)):
        return _call_host("linalg.eigvals", _np.linalg.eigvals, (a,), {})
    return eig(a).eigenvalues


@_named("eigh")
def eigh(a, UPLO="L"):
    if not _device((a,)):
        return _call_host("linalg.eigh", _np.linalg.eigh, (a,), {"UPLO": UPLO})
    a = _as(a)
    if UPLO not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    _assert_stacked_2d(a)
    _assert_stacked_square(a)
    pr = _result_dtype("eigh", _np.linalg.eigh, a, UPLO=UPLO)
    _count_call("linalg.eigh", "device")
    aj = _to_jax(a).astype(_work_dtype(a.dtype))
    w, v = _jnp().linalg.eigh(aj, UPLO=UPLO, symmetrize_input=False)
    if bool(_jnp().any(_jnp().isnan(w))):
        raise LinAlgError("Eigenvalues did not converge")
    return _align(_np.linalg._linalg.EighResult(w, v), pr)


@_named("eigvalsh")
def eigvalsh(a, UPLO="L"):
    if not _device((a,)):
        return _call_host("linalg.eigvalsh", _np.linalg.eigvalsh, (a,), {"UPLO": UPLO})
    return eigh(a, UPLO).eigenvalues


@_named("svd")
def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    kw = {"full_matrices": full_matrices, "compute_uv": compute_uv, "hermitian": hermitian}
    if not _device((a,)):
        return _call_host("linalg.svd", _np.linalg.svd, (a,), kw)
    a = _as(a)
    _assert_stacked_2d(a)
    pr = _result_dtype("svd", _np.linalg.svd, a, **kw)
    _count_call("linalg.svd", "device")
    aj = _to_jax(a).astype(_work_dtype(a.dtype))
    res = _jnp().linalg.svd(aj, full_matrices=full_matrices, compute_uv=compute_uv,
                            hermitian=hermitian)
    s = res[1] if compute_uv else res
    if bool(_jnp().any(_jnp().isnan(s))):
        raise LinAlgError("SVD did not converge")
    if not compute_uv:
        return _align(res, pr)
    return _align(tuple(res), pr)


@_named("qr")
def qr(a, mode="reduced"):
    if not _device((a,)) or mode == "raw":
        return _call_host("linalg.qr", _np.linalg.qr, (a,), {"mode": mode}) \
            if not _device((a,)) else _fallback_call("linalg.qr", _np.linalg.qr, (a,),
                                                     {"mode": mode}, "mode='raw'")
    a = _as(a)
    _assert_stacked_2d(a)
    pr = _result_dtype("qr", _np.linalg.qr, a, mode=mode)
    _count_call("linalg.qr", "device")
    aj = _to_jax(a).astype(_work_dtype(a.dtype))
    res = _jnp().linalg.qr(aj, mode=mode)
    if mode == "r":
        return _align(res, pr)
    return _align(tuple(res), pr)


def _fallback_call(name, fn, args, kwargs, reason):
    from .._dispatch import call_fallback
    return call_fallback(name, fn, args, kwargs, reason)


@_named("lstsq")
def lstsq(a, b, rcond=None):
    if not _device((a, b)):
        return _call_host("linalg.lstsq", _np.linalg.lstsq, (a, b), {"rcond": rcond})
    a, b = _as(a), _as(b)
    if a.ndim != 2:
        _np.linalg.lstsq(_np.zeros(a.shape), _np.zeros(b.shape))  # NumPy's own error
    pr = _result_dtype("lstsq", _np.linalg.lstsq, a, b, rcond=rcond)
    _count_call("linalg.lstsq", "device")
    wd = _np.result_type(_work_dtype(a.dtype), _work_dtype(b.dtype))
    x, resid, rank, s = _jnp().linalg.lstsq(_to_jax(a).astype(wd), _to_jax(b).astype(wd),
                                            rcond=rcond, numpy_resid=True)
    return _align((x, resid, rank, s), pr)


@_named("det")
def det(a):
    if not _device((a,)):
        return _call_host("linalg.det", _np.linalg.det, (a,), {})
    a = _as(a)
    _assert_stacked_2d(a)
    _assert_stacked_square(a)
    pr = _result_dtype("det", _np.linalg.det, a)
    _count_call("linalg.det", "device")
    return _align(_jnp().linalg.det(_to_jax(a).astype(_work_dtype(a.dtype))), pr)


@_named("slogdet")
def slogdet(a):
    if not _device((a,)):
        return _call_host("linalg.slogdet", _np.linalg.slogdet, (a,), {})
    a = _as(a)
    _assert_stacked_2d(a)
    _assert_stacked_square(a)
    pr = _result_dtype("slogdet", _np.linalg.slogdet, a)
    _count_call("linalg.slogdet", "device")
    sign, logdet = _jnp().linalg.slogdet(_to_jax(a).astype(_work_dtype(a.dtype)))
    return _align((sign, logdet), pr)


@_named("matrix_power")
def matrix_power(a, n):
    if not _device((a,)):
        return _call_host("linalg.matrix_power", _np.linalg.matrix_power, (a, n), {})
    a = _as(a)
    _assert_stacked_2d(a)
    _assert_stacked_square(a)
    import operator
    n = operator.index(n)
    if n < 0:
        a = inv(a)
        n = -n
    pr = _result_dtype("matrix_power", _np.linalg.matrix_power, a, n)
    _count_call("linalg.matrix_power", "device")
    return _align(_jnp().linalg.matrix_power(_to_jax(a), n), pr)


def tensorinv(a, ind=2):
    if not _device((a,)):
        return _call_host("linalg.tensorinv", _np.linalg.tensorinv, (a,), {"ind": ind})
    a = _as(a)
    if ind <= 0:
        raise ValueError("Invalid ind argument.")
    old = a.shape
    prod = int(_np.prod(old[ind:]))
    return inv(a.reshape(prod, -1)).reshape(old[ind:] + old[:ind])


def tensorsolve(a, b, axes=None):
    if not _device((a, b)):
        return _call_host("linalg.tensorsolve", _np.linalg.tensorsolve, (a, b),
                          {"axes": axes})
    a, b = _as(a), _as(b)
    if axes is not None:
        from .._funcs.manipulation import moveaxis
        allaxes = list(range(a.ndim))
        for k in axes:
            allaxes.remove(k)
            allaxes.insert(a.ndim, k)
        a = a.transpose(allaxes)
    oldshape = a.shape[-(a.ndim - b.ndim):]
    prod = int(_np.prod(oldshape))
    if int(_np.prod(a.shape[:b.ndim])) != prod:
        raise LinAlgError("Input arrays must satisfy the requirement "
                          "prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])")
    return solve(a.reshape(prod, prod), b.ravel()).reshape(oldshape)


tensorinv = _named("tensorinv")(tensorinv)
tensorsolve = _named("tensorsolve")(tensorsolve)

pinv = _linalg("pinv", unsupported=("rtol",))
matrix_rank = _linalg("matrix_rank", unsupported=("rtol",))
norm = _linalg("norm")
cond = _linalg("cond")
multi_dot = _linalg("multi_dot", arrays=(0,), unsupported=("out",))
svdvals = _linalg("svdvals")
matrix_norm = _linalg("matrix_norm")
vector_norm = _linalg("vector_norm")
cross = _linalg("cross", arrays=(0, 1))
outer = _linalg("outer", arrays=(0, 1))
vecdot = _linalg("vecdot", arrays=(0, 1))
diagonal = _linalg("diagonal")
trace = _linalg("trace")
tensordot = _linalg("tensordot", arrays=(0, 1))
matmul = _linalg("matmul", arrays=(0, 1))
matrix_transpose = _linalg("matrix_transpose")
test = _np.linalg.test
