"""npjax.scipy.linalg: scipy.linalg on jax.scipy.linalg for device arrays.

Native: inv, det, solve (general, symmetric, hermitian, positive definite, triangular and
diagonal structures), solve_triangular, cholesky, cho_factor, cho_solve, lu, lu_factor,
lu_solve, qr, svd, eigh/eigvalsh (standard problem), hessenberg, expm, polar,
eigh_tridiagonal, solve_sylvester, rsf2csf, expm_frechet, and the special matrices
(block_diag, toeplitz, hankel, circulant, companion, leslie, fiedler, convolution_matrix;
hilbert, pascal, dft... are made by SciPy and placed by size, like NumPy's creation
functions). Batched (N-D) input is native for inv, det, solve, cholesky and expm.

SciPy semantics kept on the device:
- `check_finite=True` (SciPy's default) raises SciPy's ValueError for NaN/inf input. The
  check reads one flag from the device (computed in the same compiled call as the result),
  so it synchronises; pass `check_finite=False` to stay lazy, as SciPy skips its scan then.
- `LinAlgError` (NumPy's class, which SciPy uses) where SciPy raises it: an exactly zero
  pivot for inv/solve, a zero diagonal for solve_triangular, a failed Cholesky
  factorisation; lu_factor warns `LinAlgWarning` for an exactly singular matrix.
- Precision follows SciPy's LAPACK type choice (float32 stays float32, integers become
  float64); result dtypes and kinds come from SciPy run on small well-conditioned
  stand-ins with the same dimension relations.
Not reproduced: SciPy's `LinAlgWarning` for ill-conditioned (but not singular) matrices in
solve/inv. Factors defined up to sign or phase (svd, eigh, polar) may differ in sign from
SciPy's, as LAPACK drivers do. Names not defined here are SciPy's, run on host copies (a
recorded fallback for device arrays).
"""
import warnings as _warnings

import numpy as _np
import scipy.linalg as _sl
from numpy.linalg import LinAlgError  # noqa: F401  SciPy's LinAlgError is NumPy's class

from .._dispatch import Probe, register_cache, to_jax as _to_jax
from .._funcs.creation import _created
from ..linalg import _lu_solve as _lu_solve_perm
from . import _common
from ._common import serve, jax_module, jitted, jnp as _jnp

_probe_cache = register_cache({})


# ---- result dtypes: SciPy on small well-conditioned stand-ins ----------------------------------
from ._common import shape_dtype as _shape_dtype


def _is_array(x):
    return hasattr(x, "shape") and hasattr(x, "dtype")


def _standin(x, sizes):
    """Identity-like (well conditioned, positive definite) with x's dtype and rank; sizes
    0, 1 and 2 stay (SciPy special-cases them), larger ones become 3, 4, ... in order."""
    shape, dtype = _shape_dtype(x)
    small = tuple(sizes.get(d, d) for d in shape)
    if len(small) >= 2:
        return _np.broadcast_to(_np.eye(small[-2], small[-1], dtype=dtype), small).copy()
    if dtype.kind in "iu":
        return _np.zeros(small, dtype)       # pivot indices
    return _np.ones(small, dtype)


def _standins(x, sizes):
    if _is_array(x):
        return _standin(x, sizes)
    if type(x) in (list, tuple):
        return type(x)(_standins(v, sizes) for v in x)
    return x


def _sizes(values, acc):
    for x in values:
        if _is_array(x):
            acc.update(d for d in _shape_dtype(x)[0] if d > 2)
        elif type(x) in (list, tuple):
            _sizes(x, acc)
    return acc


def _key(x):
    if _is_array(x):
        s, d = _shape_dtype(x)
        return ("A", s, d.str)
    if type(x) in (list, tuple):
        return tuple(_key(v) for v in x)
    return repr(x)


def _probe(name):
    np_fn = getattr(_sl, name)

    def result(args, kwargs):
        key = (name, _key(args), tuple(sorted((k, _key(v)) for k, v in kwargs.items())))
        hit = _probe_cache.get(key)
        if hit is None:
            found = sorted(_sizes(list(args) + list(kwargs.values()), set()))
            sizes = {d: i + 3 for i, d in enumerate(found)}
            sargs = _standins(args, sizes)
            skw = {k: _standins(v, sizes) for k, v in kwargs.items()}
            with _np.errstate(all="ignore"), _warnings.catch_warnings():
                _warnings.simplefilter("ignore")
                hit = _probe_cache[key] = Probe(np_fn(*sargs, **skw))
        return hit
    return result


def _work(*xs):
    """The dtype SciPy's LAPACK call computes in (s, d, c, z) for these inputs."""
    return _sl.find_best_blas_type(tuple(_np.empty(0, _shape_dtype(x)[1]) for x in xs))[1]


def _cast(x, dtype):
    return x if x.dtype == dtype else x.astype(dtype)


# ---- SciPy's checks on device values ----------------------------------------------------------
def _flags(*xs):
    """Inside a core: whether every input is finite."""
    jnp = _jnp()
    ok = jnp.asarray(True)
    for x in xs:
        ok = ok & jnp.all(jnp.isfinite(x))
    return ok


def _host(x):
    from .._backends import device
    return device.to_host(x)


def _raise_nonfinite(finite, check_finite):
    if check_finite and not bool(_host(finite)):
        raise ValueError("array must not contain infs or NaNs")


def _linalg(name, jax_fn, arrays=(0,), supports=None, result=None):
    return _common.native("linalg", name, jax_fn, arrays=arrays, supports=supports,
                          result=result if result is not None else _probe(name))


def _lax():
    from .._backends.device import lax
    return lax


# ---- inv, solve, det ---------------------------------------------------------------------------
def _inv_core(a):
    jnp = _jnp()
    lu, _, perm = _lax().linalg.lu(a)
    singular = jnp.any(jnp.diagonal(lu, axis1=-2, axis2=-1) == 0, axis=-1)
    eye = jnp.broadcast_to(jnp.eye(a.shape[-1], dtype=a.dtype), a.shape)
    return _lu_solve_perm(lu, perm, eye), singular, _flags(a)


def _singular(singular):
    s = _np.atleast_1d(_host(singular)).reshape(-1)
    if s.any():
        raise LinAlgError(f"A singular matrix detected: slice(s) "
                          f"{_np.flatnonzero(s).tolist()} are singular.")


def _inv(a, overwrite_a=False, check_finite=True, *, assume_a=None, lower=False):
    a = _cast(a, _work(a))
    if a.size == 0:
        return a
    x, singular, finite = jitted(_inv_core, "scipy.linalg.inv")(a)
    _raise_nonfinite(finite, check_finite)
    _singular(singular)
    return x


def _inv_supports(args, kwargs):
    if kwargs.get("assume_a") not in (None, "general", "gen"):
        return f"assume_a={kwargs['assume_a']!r} runs on SciPy"
    return None


_SYM = {"sym": "sym", "symmetric": "sym", "her": "her", "hermitian": "her",
        "pos": "pos", "positive definite": "pos"}
_TRI = {"upper triangular": False, "lower triangular": True}


def _from_triangle(a, lower, kind):
    """The full matrix LAPACK's symmetric/hermitian solvers read from one triangle."""
    jnp = _jnp()
    tri = jnp.tril(a) if lower else jnp.triu(a)
    strict = jnp.tril(a, -1) if lower else jnp.triu(a, 1)
    other = jnp.swapaxes(strict, -1, -2)
    if kind in ("her", "pos"):
        other = jnp.conj(other)
        if jnp.iscomplexobj(a):
            d = jnp.diagonal(a, axis1=-2, axis2=-1).real.astype(a.dtype)
            tri = tri - jnp.diagonal(tri, axis1=-2, axis2=-1)[..., None] * \
                jnp.eye(a.shape[-1], dtype=a.dtype) + d[..., None] * \
                jnp.eye(a.shape[-1], dtype=a.dtype)
    return tri + other


def _solve_core(a, b, kind, lower):
    jnp = _jnp()
    if kind == "diagonal":
        d = jnp.diagonal(a, axis1=-2, axis2=-1)
        return b / d[..., :, None], jnp.any(d == 0, axis=-1), _flags(a, b)
    if kind in _TRI:
        low = _TRI[kind]
        d = jnp.diagonal(a, axis1=-2, axis2=-1)
        x = _lax().linalg.triangular_solve(a, b, left_side=True, lower=low)
        return x, jnp.any(d == 0, axis=-1), _flags(a, b)
    if kind in ("sym", "her", "pos"):
        a = _from_triangle(a, lower, kind)
    if kind == "pos":
        c = jnp.linalg.cholesky(a, symmetrize_input=False)
        failed = jnp.any(jnp.isnan(c), axis=(-2, -1))
        y = _lax().linalg.triangular_solve(c, b, left_side=True, lower=True)
        x = _lax().linalg.triangular_solve(c, y, left_side=True, lower=True,
                                          transpose_a=True, conjugate_a=True)
        return x, failed, _flags(a, b)
    lu, _, perm = _lax().linalg.lu(a)
    singular = jnp.any(jnp.diagonal(lu, axis1=-2, axis2=-1) == 0, axis=-1)
    return _lu_solve_perm(lu, perm, b), singular, _flags(a, b)


def _solve(a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True,
           assume_a=None, transposed=False):
    jnp = _jnp()
    wd = _work(a, b)
    a, b = _cast(a, wd), _cast(b, wd)
    vector = b.ndim == 1
    if vector:
        b = b[:, None]
    if a.size == 1:   # SciPy divides by a 1x1 matrix (any number of right-hand sides)
        x = b / a
        _raise_nonfinite(_flags(a, b), check_finite)
        if bool(_host(a.reshape(-1)[0] == 0)):
            raise LinAlgError("A singular matrix detected.")
        return x[..., 0] if vector else x
    batch = _np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = jnp.broadcast_to(a, batch + tuple(a.shape[-2:]))
    b = jnp.broadcast_to(b, batch + tuple(b.shape[-2:]))
    if a.size == 0 or b.size == 0:
        x = jnp.zeros(b.shape, b.dtype)
        return x[..., 0] if vector else x
    kind = _SYM.get(assume_a, assume_a if assume_a in _TRI or assume_a == "diagonal"
                    else "gen")
    x, singular, finite = jitted(_solve_core, "scipy.linalg.solve", static=(2, 3))(
        a, b, kind, bool(lower))
    _raise_nonfinite(finite, check_finite)
    _singular(singular)
    return x[..., 0] if vector else x


def _solve_supports(args, kwargs):
    assume = kwargs.get("assume_a", args[6] if len(args) > 6 else None)
    transposed = kwargs.get("transposed", args[7] if len(args) > 7 else False)
    if transposed:
        return "transposed=True runs on SciPy"
    if assume in ("tridiagonal", "banded"):
        return f"assume_a={assume!r} runs on SciPy"
    return None


def _det_core(a):
    return jax_module("linalg").det(a), _flags(a)


def _det(a, overwrite_a=False, check_finite=True):
    jnp = _jnp()
    a = _cast(a, _work(a))
    if min(a.shape) == 0:
        return jnp.ones(a.shape[:-2], a.dtype)
    d, finite = jitted(_det_core, "scipy.linalg.det")(a)
    _raise_nonfinite(finite, check_finite)
    return d


# ---- triangular and Cholesky -------------------------------------------------------------------
def _solve_triangular_core(a, b, trans, lower, unit_diagonal):
    jnp = _jnp()
    x = jax_module("linalg").solve_triangular(a, b, trans=trans, lower=lower,
                                               unit_diagonal=unit_diagonal)
    d = jnp.diagonal(a, axis1=-2, axis2=-1) == 0
    first = jnp.where(jnp.any(d), jnp.argmax(d.reshape(-1, d.shape[-1]).any(0)), -1) \
        if not unit_diagonal else jnp.asarray(-1)
    return x, first, _flags(a, b)


def _solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                      check_finite=True):
    wd = _work(a, b)
    a, b = _cast(a, wd), _cast(b, wd)
    if a.size == 0 or b.size == 0:
        return _jnp().zeros(b.shape, wd)
    trans = {"N": 0, "T": 1, "C": 2}.get(trans, trans)
    x, first, finite = jitted(_solve_triangular_core, "scipy.linalg.solve_triangular",
                              static=(2, 3, 4))(a, b, int(trans), bool(lower),
                                                bool(unit_diagonal))
    _raise_nonfinite(finite, check_finite)
    i = int(_host(first))
    if i >= 0:
        raise LinAlgError(f"singular matrix: resolution failed at diagonal {i}")
    return x


def _cholesky_core(a, lower):
    jnp = _jnp()
    # LAPACK's potrf reads only the chosen triangle
    sym = _from_triangle(a, lower, "pos")
    c = jnp.linalg.cholesky(sym, upper=not lower, symmetrize_input=False)
    tri = jnp.tril(a) if lower else jnp.triu(a)
    # JAX marks a failed factorisation with NaN; NaN inside the triangle read gives NaN
    # results in SciPy too (with check_finite=False), not an error
    failed = jnp.any(jnp.isnan(c)) & ~jnp.any(jnp.isnan(tri))
    return c, failed, _flags(a)


def _cholesky_run(a, lower, check_finite):
    a = _cast(a, _work(a))
    c, failed, finite = jitted(_cholesky_core, "scipy.linalg.cholesky", static=(1,))(
        a, bool(lower))
    _raise_nonfinite(finite, check_finite)
    if bool(_host(failed)):
        raise LinAlgError("The leading minor of the array is not positive definite")
    return a, c


def _cholesky(a, lower=False, overwrite_a=False, check_finite=True):
    if a.size == 0:
        return _cast(a, _work(a))
    return _cholesky_run(a, lower, check_finite)[1]


def _cho_factor(a, lower=False, overwrite_a=False, check_finite=True):
    jnp = _jnp()
    if a.size == 0:
        return _cast(a, _work(a)), bool(lower)
    a, c = _cholesky_run(a, lower, check_finite)
    # like LAPACK, the triangle not used keeps the input's entries
    n = a.shape[-1]
    keep = jnp.tril(jnp.ones((n, n), bool)) if lower else jnp.triu(jnp.ones((n, n), bool))
    return jnp.where(keep, c, a), bool(lower)


def _cho_solve_core(c, b, lower):
    return jax_module("linalg").cho_solve((c, lower), b), _flags(c, b)


def _cho_solve(c_and_lower, b, overwrite_b=False, check_finite=True):
    c, lower = c_and_lower
    c = _to_jax(c)
    wd = _work(c, b)
    c, b = _cast(c, wd), _cast(b, wd)
    x, finite = jitted(_cho_solve_core, "scipy.linalg.cho_solve", static=(2,))(
        c, b, bool(lower))
    _raise_nonfinite(finite, check_finite)
    return x


def _cho_solve_supports(args, kwargs):
    c = args[0][0] if type(args[0]) in (list, tuple) and len(args[0]) == 2 else None
    if c is None or not _is_array(c) or len(_shape_dtype(c)[0]) != 2 or 0 in _shape_dtype(c)[0]:
        return "this cho_solve input runs on SciPy"
    return None


# ---- LU --------------------------------------------------------------------------------------
def _lu_core(a, permute_l):
    return jax_module("linalg").lu(a, permute_l=permute_l), _flags(a)


def _lu(a, permute_l=False, overwrite_a=False, check_finite=True, p_indices=False):
    a = _cast(a, _work(a))
    res, finite = jitted(_lu_core, "scipy.linalg.lu", static=(1,))(a, bool(permute_l))
    _raise_nonfinite(finite, check_finite)
    return tuple(res)


def _matrix_only(args, kwargs):
    a = args[0]
    if len(_shape_dtype(a)[0]) != 2 or 0 in _shape_dtype(a)[0]:
        return "batched or empty input runs on SciPy"
    return None


def _lu_supports(args, kwargs):
    if kwargs.get("p_indices") or (len(args) > 4 and args[4]):
        return "p_indices=True runs on SciPy"
    return _matrix_only(args, kwargs)


def _lu_factor_core(a):
    jnp = _jnp()
    lu, piv = jax_module("linalg").lu_factor(a)
    zero = jnp.diagonal(lu) == 0
    first = jnp.where(jnp.any(zero), jnp.argmax(zero), -1)
    return lu, piv, first, _flags(a)


def _lu_factor(a, overwrite_a=False, check_finite=True):
    a = _cast(a, _work(a))
    lu, piv, first, finite = jitted(_lu_factor_core, "scipy.linalg.lu_factor")(a)
    _raise_nonfinite(finite, check_finite)
    i = int(_host(first))
    if i >= 0:
        _warnings.warn(f"Diagonal number {i + 1} is exactly zero. Singular matrix.",
                       _sl.LinAlgWarning, stacklevel=3)
    return lu, piv


def _lu_solve_core(lu, piv, b, trans):
    return jax_module("linalg").lu_solve((lu, piv), b, trans=trans), _flags(lu, b)


def _lu_solve(lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True):
    lu, piv = lu_and_piv
    lu, piv = _to_jax(lu), _to_jax(piv)
    wd = _work(lu, b)
    lu, b = _cast(lu, wd), _cast(b, wd)
    x, finite = jitted(_lu_solve_core, "scipy.linalg.lu_solve", static=(3,))(
        lu, piv, b, int(trans))
    _raise_nonfinite(finite, check_finite)
    return x


def _lu_solve_supports(args, kwargs):
    lp = args[0]
    if type(lp) not in (list, tuple) or len(lp) != 2 or not _is_array(lp[0]) \
            or len(_shape_dtype(lp[0])[0]) != 2 or 0 in _shape_dtype(lp[0])[0]:
        return "this lu_solve input runs on SciPy"
    return None


# ---- QR, SVD, eigh and other decompositions ----------------------------------------------------
def _finite_only(fn, static=()):
    """A jitted core returning fn's result and the finiteness flag of its array inputs."""
    def core(*args):
        arrays = [a for i, a in enumerate(args) if i not in static]
        return fn(*args), _flags(*arrays)
    core.__name__ = fn.__name__
    return core


_cores = {}


def _checked(name, fn, static=()):
    core = _cores.get(name)
    if core is None:
        core = _cores[name] = _finite_only(fn, static)
    return jitted(core, f"scipy.linalg.{name}", static=static)


def _qr_fn(a, mode, pivoting):
    res = jax_module("linalg").qr(a, mode=mode, pivoting=pivoting)
    return tuple(res) if isinstance(res, (tuple, list)) else (res,)


def _qr(a, overwrite_a=False, lwork=None, mode="full", pivoting=False, check_finite=True):
    a = _cast(a, _work(a))
    res, finite = _checked("qr", _qr_fn, static=(1, 2))(a, mode, bool(pivoting))
    _raise_nonfinite(finite, check_finite)
    return tuple(res)


def _qr_supports(args, kwargs):
    mode = kwargs.get("mode", args[3] if len(args) > 3 else "full")
    if mode == "raw":
        return "mode='raw' runs on SciPy"
    return _matrix_only(args, kwargs)


def _svd_fn(a, full_matrices, compute_uv):
    return jax_module("linalg").svd(a, full_matrices=full_matrices, compute_uv=compute_uv)


def _svd(a, full_matrices=True, compute_uv=True, overwrite_a=False, check_finite=True,
         lapack_driver="gesdd"):
    a = _cast(a, _work(a))
    res, finite = _checked("svd", _svd_fn, static=(1, 2))(a, bool(full_matrices),
                                                          bool(compute_uv))
    _raise_nonfinite(finite, check_finite)
    return tuple(res) if compute_uv else res


def _svd_supports(args, kwargs):
    if kwargs.get("lapack_driver", args[5] if len(args) > 5 else "gesdd") not in (
            "gesdd", "gesvd"):
        return None  # SciPy's own ValueError from the probe
    return _matrix_only(args, kwargs)


def _eigh_fn(a, lower, eigvals_only):
    return jax_module("linalg").eigh(a, lower=lower, eigvals_only=eigvals_only)


def _eigh(a, b=None, *, lower=True, eigvals_only=False, overwrite_a=False,
          overwrite_b=False, type=1, check_finite=True, subset_by_index=None,
          subset_by_value=None, driver=None):
    a = _cast(a, _work(a))
    res, finite = _checked("eigh", _eigh_fn, static=(1, 2))(a, bool(lower),
                                                           bool(eigvals_only))
    _raise_nonfinite(finite, check_finite)
    return res if eigvals_only else tuple(res)


def _eigvalsh(a, b=None, *, lower=True, overwrite_a=False, overwrite_b=False, type=1,
              check_finite=True, subset_by_index=None, subset_by_value=None, driver=None):
    return _eigh(a, lower=lower, eigvals_only=True, check_finite=check_finite)


def _eigh_supports(args, kwargs):
    if len(args) > 1 and args[1] is not None or kwargs.get("b") is not None:
        return "the generalized problem (b=) runs on SciPy"
    if kwargs.get("subset_by_index") is not None or \
            kwargs.get("subset_by_value") is not None:
        return "subset_by_index/subset_by_value run on SciPy"
    return _matrix_only(args, kwargs)


def _hessenberg_fn(a, calc_q):
    return jax_module("linalg").hessenberg(a, calc_q=calc_q)


def _hessenberg(a, calc_q=False, overwrite_a=False, check_finite=True):
    if a.shape[0] <= 2:   # SciPy returns such a matrix as it is
        _raise_nonfinite(_flags(a), check_finite)
        return (a, _jnp().eye(a.shape[0])) if calc_q else a
    a = _cast(a, _work(a))
    res, finite = _checked("hessenberg", _hessenberg_fn, static=(1,))(a, bool(calc_q))
    _raise_nonfinite(finite, check_finite)
    return tuple(res) if calc_q else res


def _expm_core(a):
    return jax_module("linalg").expm(a)


def _expm(A):
    jnp = _jnp()
    a = _cast(A, _work(A))
    if a.size == 0:
        return a
    if a.shape[-2:] == (1, 1):
        return jnp.exp(a)
    return jitted(_expm_core, "scipy.linalg.expm")(a)


def _polar(a, side="right"):
    # SciPy's polar decomposition is computed from the SVD; so is this one
    return tuple(_common.jax_scipy("linalg.polar")(_cast(a, _work(a)), side=side,
                                                   method="svd"))


def _eigh_tridiagonal_fn(d, e, eigvals_only):
    return jax_module("linalg").eigh_tridiagonal(d, e, eigvals_only=eigvals_only)


def _eigh_tridiagonal(d, e, eigvals_only=False, select="a", select_range=None,
                      check_finite=True, tol=0.0, lapack_driver="auto"):
    wd = _work(d, e)
    d, e = _cast(d, wd), _cast(e, wd)
    res, finite = _checked("eigh_tridiagonal", _eigh_tridiagonal_fn, static=(2,))(
        d, e, bool(eigvals_only))
    _raise_nonfinite(finite, check_finite)
    return res if eigvals_only else tuple(res)


def _eigh_tridiagonal_supports(args, kwargs):
    select = kwargs.get("select", args[3] if len(args) > 3 else "a")
    if select not in ("a", "all", 0):
        return "select= other than 'a' runs on SciPy"
    if kwargs.get("lapack_driver", "auto") not in ("auto", "stemr"):
        return "lapack_driver= runs on SciPy"
    d = args[0]
    if not _is_array(d) or _shape_dtype(d)[1].kind == "c" or _shape_dtype(d)[0] in ((0,), (1,)):
        return "this input runs on SciPy"
    return None


def _solve_sylvester(a, b, q):
    wd = _work(a, b, q)
    return _common.jax_scipy("linalg.solve_sylvester")(_cast(a, wd), _cast(b, wd),
                                                      _cast(q, wd))


def _rsf2csf_fn(T, Z):
    return tuple(jax_module("linalg").rsf2csf(T, Z))


def _rsf2csf(T, Z, check_finite=True):
    wd = _work(T, Z)
    res, finite = _checked("rsf2csf", _rsf2csf_fn)(_cast(T, wd), _cast(Z, wd))
    _raise_nonfinite(finite, check_finite)
    return tuple(res)


def _expm_frechet_fn(A, E, compute_expm):
    return jax_module("linalg").expm_frechet(A, E, compute_expm=compute_expm)


def _expm_frechet(A, E, method=None, compute_expm=True, check_finite=True):
    wd = _work(A, E)
    res, finite = _checked("expm_frechet", _expm_frechet_fn, static=(2,))(
        _cast(A, wd), _cast(E, wd), bool(compute_expm))
    _raise_nonfinite(finite, check_finite)
    return tuple(res) if compute_expm else res


def _square_2d(args, kwargs):
    a = args[0]
    s = _shape_dtype(a)[0]
    if len(s) != 2 or s[0] != s[1] or 0 in s:
        return "this input runs on SciPy"
    return None


# ---- special matrices ------------------------------------------------------------------------
def _block_diag(*arrs):
    return _common.jax_scipy("linalg.block_diag")(*arrs)


def _toeplitz(c, r=None):
    return _common.jax_scipy("linalg.toeplitz")(c, r)


def _hankel(c, r=None):
    return _common.jax_scipy("linalg.hankel")(c, r)


def _circulant(c):
    return _common.jax_scipy("linalg.circulant")(c)


def _leslie(f, s):
    return _common.jax_scipy("linalg.leslie")(f, s)


def _fiedler(a):
    return _common.jax_scipy("linalg.fiedler")(a)


def _convolution_matrix(a, n, mode="full"):
    return _common.jax_scipy("linalg.convolution_matrix")(a, n, mode)


def _companion(a):
    if a.ndim == 1 and a.shape[0] >= 2 and bool(_host(a[0] == 0)):
        raise ValueError("The first coefficient in `a` must not be zero.")
    return _common.jax_scipy("linalg.companion")(a)


def _one_d(args, kwargs):
    for a in list(args) + list(kwargs.values()):
        if _is_array(a) and len(_shape_dtype(a)[0]) != 1:
            return "batched input runs on SciPy"
    return None


def _companion_supports(args, kwargs):
    return _one_d(args, kwargs) or (
        None if _shape_dtype(args[0])[0][0] >= 2 else "this input runs on SciPy")


inv = _linalg("inv", _inv, supports=_inv_supports)
solve = _linalg("solve", _solve, arrays=(0, 1), supports=_solve_supports)
det = _linalg("det", _det)
solve_triangular = _linalg("solve_triangular", _solve_triangular, arrays=(0, 1))
cholesky = _linalg("cholesky", _cholesky)
cho_factor = _linalg("cho_factor", _cho_factor, supports=_square_2d)
cho_solve = _linalg("cho_solve", _cho_solve, arrays=(1,), supports=_cho_solve_supports)
lu = _linalg("lu", _lu, supports=_lu_supports)
lu_factor = _linalg("lu_factor", _lu_factor, supports=_square_2d)
lu_solve = _linalg("lu_solve", _lu_solve, arrays=(1,), supports=_lu_solve_supports)
qr = _linalg("qr", _qr, supports=_qr_supports)
svd = _linalg("svd", _svd, supports=_svd_supports)
eigh = _linalg("eigh", _eigh, supports=_eigh_supports)
eigvalsh = _linalg("eigvalsh", _eigvalsh, supports=_eigh_supports)
hessenberg = _linalg("hessenberg", _hessenberg, supports=_square_2d)
expm = _linalg("expm", _expm)
polar = _linalg("polar", _polar, supports=_square_2d)
eigh_tridiagonal = _linalg("eigh_tridiagonal", _eigh_tridiagonal, arrays=(0, 1),
                           supports=_eigh_tridiagonal_supports)
solve_sylvester = _linalg("solve_sylvester", _solve_sylvester, arrays=(0, 1, 2),
                          supports=_square_2d)
rsf2csf = _linalg("rsf2csf", _rsf2csf, arrays=(0, 1), supports=_square_2d)
expm_frechet = _linalg("expm_frechet", _expm_frechet, arrays=(0, 1), supports=_square_2d)
block_diag = _linalg("block_diag", _block_diag, arrays=("*",))
toeplitz = _linalg("toeplitz", _toeplitz, arrays=(0, 1), supports=_one_d)
hankel = _linalg("hankel", _hankel, arrays=(0, 1), supports=_one_d)
circulant = _linalg("circulant", _circulant, supports=_one_d)
leslie = _linalg("leslie", _leslie, arrays=(0, 1), supports=_one_d)
fiedler = _linalg("fiedler", _fiedler, supports=_one_d)
def _convolution_matrix_result(args, kwargs):
    """SciPy's dtype and errors from a call with n capped at 3 (the result has n columns)."""
    args = list(args)
    if len(args) > 1 and isinstance(args[1], (int, _np.integer)) and args[1] > 3:
        args[1] = 3
    return _probe("convolution_matrix")(tuple(args), kwargs)


convolution_matrix = _linalg("convolution_matrix", _convolution_matrix, supports=_one_d,
                             result=_convolution_matrix_result)
companion = _linalg("companion", _companion, supports=_companion_supports)

# matrices made from sizes alone: SciPy makes them, large ones are placed on the device
for _name in ("hilbert", "invhilbert", "pascal", "invpascal", "dft", "helmert", "hadamard"):
    globals()[_name] = _created(f"scipy.linalg.{_name}", getattr(_sl, _name))
    globals()[_name].__module__ = "npjax.scipy.linalg"
del _name

LinAlgWarning = _sl.LinAlgWarning

__getattr__, __dir__ = serve("linalg", globals())
