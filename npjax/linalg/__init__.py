"""npjax.linalg: numpy.linalg on jax.numpy.linalg for device arrays.

NumPy raises LinAlgError where LAPACK reports failure; JAX returns inf/NaN instead. Here the
device paths check for the same conditions NumPy does (an exactly zero pivot in the LU
factorisation for inv/solve, a failed Cholesky for non-positive-definite input, NaN input
to eig and to a non-hermitian SVD) and raise `LinAlgError`, NumPy's own class. Like NumPy,
everything is computed in double precision and single-precision results are rounded from
it. Result dtypes and kinds (scalars, named result tuples) and NumPy's argument errors come
from NumPy run on small well-conditioned stand-ins with the same dimension relations.
"""
import numpy as _np
from numpy.linalg import LinAlgError  # noqa: F401  NumPy's own class

from .._array import ndarray as _ndarray
from .._dispatch import (function as _function, exported as _exported, call_host as _call_host,
                         _has_device, to_jax as _to_jax, register_cache as _cache, Probe,
                         align as _align)
from .._stats import count_call as _count_call

_probe_cache = _cache({})


def _jnp():
    from .._backends.device import jnp
    return jnp


def _shape_dtype(x):
    if type(x) is _ndarray or hasattr(x, "shape"):
        v = x._value() if type(x) is _ndarray else x
        return tuple(v.shape), _np.dtype(v.dtype)
    h = _np.asarray(x)
    return h.shape, h.dtype


def _is_array(a):
    return type(a) is _ndarray or hasattr(a, "shape")


def _size_map(args):
    """Dimension sizes of all array arguments -> small stand-in sizes: 0 and 1 stay, larger
    sizes become 2, 3, ... in increasing order, so the stand-ins keep which dimensions are
    equal, square or larger than which (NumPy's checks and result shapes depend on that)."""
    sizes = set()
    for a in args:
        for b in (a if type(a) in (list, tuple) else (a,)):
            if _is_array(b):
                sizes.update(d for d in _shape_dtype(b)[0] if d > 1)
    return {d: i + 2 for i, d in enumerate(sorted(sizes))}


def _standin(x, sizes):
    """A small, well-conditioned NumPy array with x's dtype and rank (shape mapped by
    `sizes`, see `_size_map`)."""
    shape, dtype = _shape_dtype(x)
    small = tuple(sizes.get(d, d) for d in shape)
    if len(small) >= 2:
        eye = _np.eye(small[-2], small[-1], dtype=dtype)
        return _np.broadcast_to(eye, small).copy()
    return _np.ones(small, dtype=dtype)


def _standins(args):
    sizes = _size_map(args)
    out = []
    for a in args:
        if type(a) in (list, tuple) and any(_is_array(b) for b in a):
            out.append(type(a)(_standin(b, sizes) if _is_array(b) else b for b in a))
        else:
            out.append(_standin(a, sizes) if _is_array(a) else a)
    return out


def _small_probe(name, np_fn):
    def result(args, kwargs):
        sargs = _standins(args)
        key = (name, tuple((s.shape, s.dtype.str) if type(s) is _np.ndarray else
                           tuple((t.shape, t.dtype.str) for t in s
                                 if type(t) is _np.ndarray)
                           if type(s) in (list, tuple) else repr(s)
                           for s in sargs),
               tuple(sorted((k, repr(v)) for k, v in kwargs.items() if not _is_array(v))))
        hit = _probe_cache.get(key)
        if hit is None:
            with _np.errstate(all="ignore"):  # the stand-ins' values are not the user's
                hit = _probe_cache[key] = Probe(np_fn(*sargs, **kwargs))
        return hit
    return result


def _linalg(name, jax_name=None, arrays=(0,), small=True, **kw):
    np_fn = getattr(_np.linalg, name)
    fn = _function(f"linalg.{name}", np_fn, f"linalg.{jax_name or name}", arrays=arrays,
                   result=_small_probe(name, np_fn) if small else None, **kw)
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


def _jitted(fn, static=()):
    """fn under jax.jit, made once: one compilation per shape instead of one per operation."""
    jf = _jit_cache.get(fn)
    if jf is None:
        import jax
        from .._backends.device import recorded
        jf = _jit_cache[fn] = recorded(jax.jit(fn, static_argnums=static),
                                       f"linalg.{fn.__name__}")
    return jf


_jit_cache = {}


def _lu_solve(lu, perm, b):
    """Solve with LU factors for b of shape (..., n, k)."""
    from .._backends.device import lax
    jnp = _jnp()
    bp = jnp.take_along_axis(b, perm[..., :, None], axis=-2) if b.ndim == lu.ndim else b
    y = lax.linalg.triangular_solve(lu, bp, left_side=True, lower=True, unit_diagonal=True)
    return lax.linalg.triangular_solve(lu, y, left_side=True, lower=False)


def _solve_core(a, b):
    """x with a x = b (b: (..., n, k)) by LU, and per matrix whether a pivot is exactly zero
    (where LAPACK's getrf reports a singular matrix and NumPy raises)."""
    from .._backends.device import lax
    jnp = _jnp()
    lu, _, perm = lax.linalg.lu(a)
    singular = jnp.any(jnp.diagonal(lu, axis1=-2, axis2=-1) == 0, axis=-1)
    return _lu_solve(lu, perm, b), singular


def _inv_core(a):
    jnp = _jnp()
    return _solve_core(a, jnp.broadcast_to(jnp.eye(a.shape[-1], dtype=a.dtype), a.shape))


def _cholesky_core(a, upper):
    jnp = _jnp()
    # NumPy (LAPACK potrf) reads only the lower triangle; so must we
    sym = jnp.tril(a) + jnp.conj(jnp.swapaxes(jnp.tril(a, -1), -1, -2))
    c = jnp.linalg.cholesky(sym, upper=upper, symmetrize_input=False)
    # JAX marks a failed factorisation with NaN; NaN in the lower triangle of the input
    # gives NaN results in NumPy, not an error (potrf only rejects pivots <= 0)
    failed = jnp.any(jnp.isnan(c)) & ~jnp.any(jnp.isnan(jnp.tril(a)))
    return c, failed


def _device(args):
    return _has_device(args, {})


def _result_dtype(name, np_fn, *args, **kw):
    return _small_probe(name, np_fn)(args, kw)


def _work_dtype(dt):
    """The dtype NumPy's LAPACK calls compute in (`_commonType`): always double, complex for
    complex input; single-precision results are rounded from it."""
    return _np.dtype(_np.complex128 if _np.dtype(dt).kind == "c" else _np.float64)


def _named(name):
    def deco(fn):
        return _exported(fn, f"linalg.{name}", getattr(_np.linalg, name),
                         module="npjax.linalg",
                         doc=f"npjax's linalg.{name}: NumPy semantics (see "
                             f"`numpy.linalg.{name}`), LinAlgError where NumPy raises it.")
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
    x, singular = _jitted(_inv_core)(aj)
    if bool(singular.any()):
        raise LinAlgError("Singular matrix")
    return _align(x, pr)


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
        x, singular = _jitted(_solve_core)(aj, bj)
        if bool(singular.any()):
            raise LinAlgError("Singular matrix")
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
    c, failed = _jitted(_cholesky_core, static=(1,))(aj, bool(upper))
    if bool(failed):
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
    aj = _to_jax(a).astype(_work_dtype(a.dtype))
    _check_finite_input(aj)
    # NumPy's dtype checks (float16...); its result is real or complex by value, so only
    # the precision is taken from the probe
    single = _result_dtype("eig", _np.linalg.eig, a).items[0].dtype in (_np.float32,
                                                                         _np.complex64)
    _count_call("linalg.eig", "device")
    w, v = _jnp().linalg.eig(aj)
    if a.dtype.kind != "c" and not bool(_jnp().any(w.imag != 0)):
        w, v = w.real, v.real  # NumPy returns real results when all eigenvalues are real
    if single:
        w, v = w.astype(_np.float32 if w.dtype.kind == "f" else _np.complex64), \
            v.astype(_np.float32 if v.dtype.kind == "f" else _np.complex64)
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
    # NaN input gives NaN results in NumPy, not an error (LAPACK's syevd does not check)
    if bool(_jnp().any(_jnp().isnan(w))) and bool(_jnp().all(_jnp().isfinite(aj))):
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
    # LAPACK's gesdd refuses input containing NaN (NumPy: LinAlgError); inf input gives NaN
    # results without an error. hermitian=True goes through eigh, which never refuses.
    if not hermitian and bool(_jnp().any(_jnp().isnan(aj))):
        raise LinAlgError("SVD did not converge")
    res = _jnp().linalg.svd(aj, full_matrices=full_matrices, compute_uv=compute_uv,
                            hermitian=hermitian)
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
    # raises NumPy's own errors (ranks, incompatible dimensions, dtypes): the stand-ins keep
    # which dimensions are equal
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

@_named("svdvals")
def svdvals(x, /):
    if not _device((x,)):
        return _call_host("linalg.svdvals", _np.linalg.svdvals, (x,), {})
    return svd(x, compute_uv=False)


def _is_empty_2d(a):
    return a.size == 0 and int(_np.prod(a.shape[-2:])) == 0


@_named("pinv")
def pinv(a, rcond=None, hermitian=False, *, rtol=_np._NoValue):
    kw = {"rcond": rcond, "hermitian": hermitian}
    if rtol is not _np._NoValue:
        kw["rtol"] = rtol
    if not _device((a, rcond, rtol)):
        return _call_host("linalg.pinv", _np.linalg.pinv, (a,), kw)
    a = _as(a)
    # NumPy's cutoff rule: rcond, else rtol, else 1e-15 (not JAX's default)
    if rcond is None:
        if rtol is _np._NoValue:
            rcond = 1e-15
        elif rtol is None:
            rcond = max(a.shape[-2:]) * _np.finfo(a.dtype).eps
        else:
            rcond = rtol
    elif rtol is not _np._NoValue:
        raise ValueError("`rtol` and `rcond` can't be both set.")
    pr = _result_dtype("pinv", _np.linalg.pinv, a, hermitian=hermitian)
    _count_call("linalg.pinv", "device")
    jnp = _jnp()
    if _is_empty_2d(a):
        m, n = a.shape[-2:]
        return _align(jnp.zeros(a.shape[:-2] + (n, m), a.dtype), pr)
    u, s, vt = (r._jax() for r in svd(a.conj(), full_matrices=False, hermitian=hermitian))
    cutoff = _to_jax(rcond)[..., None] * jnp.max(s, axis=-1, keepdims=True)
    large = s > cutoff
    s = jnp.where(large, 1 / jnp.where(large, s, 1), 0).astype(s.dtype)
    res = jnp.matmul(jnp.swapaxes(vt, -1, -2), s[..., None] * jnp.swapaxes(u, -1, -2))
    return _align(res, pr)


@_named("matrix_rank")
def matrix_rank(A, tol=None, hermitian=False, *, rtol=None):
    kw = {"tol": tol, "hermitian": hermitian, "rtol": rtol}
    if not _device((A, tol, rtol)):
        return _call_host("linalg.matrix_rank", _np.linalg.matrix_rank, (A,), kw)
    if rtol is not None and tol is not None:
        raise ValueError("`tol` and `rtol` can't be both set.")
    A = _as(A)
    jnp = _jnp()
    if A.ndim < 2:
        _count_call("linalg.matrix_rank", "device")
        return int(not bool(jnp.all(_to_jax(A) == 0)))
    pr = _result_dtype("matrix_rank", _np.linalg.matrix_rank, A, hermitian=hermitian)
    S = svd(A, compute_uv=False, hermitian=hermitian)
    _count_call("linalg.matrix_rank", "device")
    s = S._jax()
    if tol is None:
        if rtol is None:
            rtol = max(A.shape[-2:]) * _np.finfo(S.dtype).eps
        else:
            rtol = _to_jax(rtol)[..., None]
        tol = jnp.max(s, axis=-1, keepdims=True, initial=0) * rtol
    else:
        tol = _to_jax(tol)[..., None]
    return _align(jnp.count_nonzero(s > tol, axis=-1), pr)


@_named("cond")
def cond(x, p=None):
    if not _device((x,)):
        return _call_host("linalg.cond", _np.linalg.cond, (x,), {"p": p})
    x = _as(x)
    pr = _result_dtype("cond", _np.linalg.cond, x, p=p)  # NumPy's errors and dtype
    jnp = _jnp()
    if p is None or p in {2, -2}:
        s = svd(x, compute_uv=False)._jax()
        _count_call("linalg.cond", "device")
        r = s[..., -1] / s[..., 0] if p == -2 else s[..., 0] / s[..., -1]
        xj = _to_jax(x)
    else:
        _count_call("linalg.cond", "device")
        xj = _to_jax(x).astype(_work_dtype(x.dtype))
        invx, singular = _jitted(_inv_core)(xj)
        r = (jnp.linalg.norm(xj, p, axis=(-2, -1))
             * jnp.linalg.norm(invx, p, axis=(-2, -1)))
        # NumPy's inv leaves NaN where LAPACK finds an exactly zero pivot
        r = jnp.where(singular, jnp.nan, r)
    # NaN -> inf unless the matrix itself has NaN entries (NumPy's convention)
    r = jnp.where(jnp.isnan(r) & ~jnp.isnan(xj).any(axis=(-2, -1)), jnp.inf, r)
    return _align(r, pr)


def _float_input(args, kwargs):
    """NumPy's norms compute non-inexact input (bool, integers) in float64."""
    x = _as(args[0])
    if x.dtype.kind not in "fc":
        x = x.astype(_np.float64)
    return (x,) + tuple(args[1:]), kwargs


norm = _linalg("norm", prepare=_float_input)
multi_dot = _linalg("multi_dot", arrays=(0,), unsupported=("out",))
matrix_norm = _linalg("matrix_norm", prepare=_float_input)
vector_norm = _linalg("vector_norm", prepare=_float_input)
# cheap ones: NumPy's probe on full-shape zero-strided stand-ins (cross checks for 3-vectors)
cross = _linalg("cross", arrays=(0, 1), small=False)
outer = _linalg("outer", arrays=(0, 1))
vecdot = _linalg("vecdot", arrays=(0, 1), small=False)
diagonal = _linalg("diagonal", small=False)
trace = _linalg("trace", small=False)
tensordot = _linalg("tensordot", arrays=(0, 1))
matmul = _linalg("matmul", arrays=(0, 1))
matrix_transpose = _linalg("matrix_transpose", small=False)
test = _np.linalg.test


def __getattr__(name):
    # names NumPy's linalg has beyond its public API (e.g. submodules its tests import)
    import numpy.linalg as _np_mod
    from .._fallback import serve_rest as _serve_rest
    return _serve_rest(_np_mod, globals())(name)
