"""scipy.optimize.minimize on optimistix.

BFGS -> optimistix.BFGS; CG -> optimistix.NonlinearCG (Polak-Ribiere); L-BFGS-B without bounds
-> optimistix.LBFGS (history `maxcor`); Newton-CG -> line-search Newton in optimistix's
gradient-descent loop, its direction SciPy's truncated CG (solved more tightly, see
`_solvers.TruncatedCG`) on Hessian-vector products from autodiff or the user's `hess`/`hessp`;
Nelder-Mead -> optimistix.NelderMead started from SciPy's simplex. Line searches are
optimistix's Armijo backtracking (SciPy looks for Wolfe points: its c1/c2 run on SciPy unless
left at their defaults). Each method stops by SciPy's own test (gtol on the `norm` of the
gradient, L-BFGS-B's ftol, Newton-CG's xtol, Nelder-Mead's xatol/fatol, maxiter, maxfev...),
so a result satisfies the tolerance SciPy's would; iterates differ, so nit and nfev differ.
nfev counts objective evaluations, njev gradients (nit + 1), nhev Hessian-vector products.
"""
import warnings

import numpy as np
import scipy.optimize as so

from . import _objective as ob

_STATUS = {  # stop code -> (status, message) per method; 0 is "the solver failed"
    "bfgs": {1: (0, "success"), 2: (1, "maxiter"), 3: (2, "pr_loss"), 4: (3, "nan"),
             0: (3, "nan")},
    "l-bfgs-b": {1: (0, "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL"),
                 5: (0, "CONVERGENCE: RELATIVE REDUCTION OF F <= FACTR*EPSMCH"),
                 2: (1, "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT"),
                 6: (1, "STOP: TOTAL NO. OF F,G EVALUATIONS EXCEEDS LIMIT"),
                 3: (2, "ABNORMAL: "), 4: (2, "ABNORMAL: "), 0: (2, "ABNORMAL: ")},
    "nelder-mead": {1: (0, "success"), 5: (1, "maxfev"), 2: (2, "maxiter"),
                    0: (3, "nan")},
}
_STATUS["cg"] = _STATUS["newton-cg"] = _STATUS["bfgs"]
_MESSAGES = {"success": "Optimization terminated successfully.",
             "maxfev": "Maximum number of function evaluations has been exceeded.",
             "maxiter": "Maximum number of iterations has been exceeded.",
             "pr_loss": "Desired error not necessarily achieved due to precision loss.",
             "nan": "NaN result encountered."}

# options each method honours; any other option, or a true disp/return_all/adaptive, runs
# SciPy. eps, finite_diff_rel_step and workers only tune finite differences: unused here.
_OPTIONS = {
    "bfgs": {"maxiter", "gtol", "norm", "eps", "finite_diff_rel_step", "xrtol", "c1", "c2",
             "disp", "return_all", "workers"},
    "cg": {"maxiter", "gtol", "norm", "eps", "finite_diff_rel_step", "c1", "c2", "disp",
           "return_all", "workers"},
    "newton-cg": {"maxiter", "xtol", "eps", "c1", "c2", "disp", "return_all", "workers"},
    "l-bfgs-b": {"maxcor", "ftol", "gtol", "eps", "maxfun", "maxiter", "maxls",
                 "finite_diff_rel_step", "disp", "workers"},
    "nelder-mead": {"maxiter", "maxfev", "xatol", "fatol", "initial_simplex", "adaptive",
                    "disp", "return_all"},
}
_TOL_OPTIONS = {"nelder-mead": ("xatol", "fatol"), "newton-cg": ("xtol",),
                "l-bfgs-b": ("ftol", "gtol"), "bfgs": ("gtol",), "cg": ("gtol",)}
_FD = ("2-point", "3-point", "cs")
# SciPy's Wolfe line-search constants: only their defaults run here
_WOLFE = {"bfgs": (1e-4, 0.9), "cg": (1e-4, 0.4), "newton-cg": (1e-4, 0.9)}
# rejected line-search trials in a row that mean no decrease is possible: SciPy's
# "precision loss" (the step is then 2**-30 of the first trial)
_MAX_REJECTS = 30


def minimize(fun, x0, args=(), method=None, jac=None, hess=None, hessp=None, bounds=None,
             constraints=(), tol=None, callback=None, options=None):
    """scipy.optimize.minimize on optimistix, gradients by JAX autodiff (see the module
    `npjax.scipy.optimize`); other cases run SciPy as a recorded fallback."""
    sp_kwargs = dict(args=args, method=method, jac=jac, hess=hess, hessp=hessp,
                     bounds=bounds, constraints=constraints, tol=tol, callback=callback,
                     options=options)
    x = ob.vector(x0)
    if x.ndim != 1:
        raise ValueError("'x0' must only have one dimension.")
    args = ob.as_tuple(args)
    if method is None:
        method = "SLSQP" if constraints else "L-BFGS-B" if bounds is not None else "BFGS"
    meth = method.lower() if isinstance(method, str) else None
    reason = _unsupported(method, meth, x, jac, hess, bounds, constraints, callback,
                          options)
    if reason is None:
        opts = dict(options or {})
        if tol is not None:
            for key in _TOL_OPTIONS[meth]:
                opts.setdefault(key, tol)
        _warn_unused(meth, method, jac, hess, hessp)
        rebuild, data = ob.lift(args)
        f = ob.scalar_objective(fun, rebuild, jac)
        hvp = _hvp(f, hess, hessp, rebuild) if meth == "newton-cg" else None
        reason = ob.untraceable(_trace_target(f, meth, hvp), x, data)
    if reason is not None:
        return ob.fallback("minimize", (fun, x0), sp_kwargs, reason)
    ob.count("minimize")
    return _RUN[meth](f, x.astype(np.float64), opts, hvp, data)


def _unsupported(method, meth, x, jac, hess, bounds, constraints, callback, options):
    """Why this call runs on SciPy (decided before any solve), or None."""
    if meth not in _OPTIONS:
        if meth is not None and meth not in _SCIPY_METHODS:
            raise ValueError(f"Unknown solver {method}")
        return f"method {method!r} has no optimistix solver here"
    if bounds is not None or constraints:
        return "bounds and constraints have no optimistix solver here"
    if callback is not None:
        return "callbacks are not supported by the optimistix path"
    if x.dtype != np.float64 and x.dtype.kind not in "iu":
        return f"x0 of dtype {x.dtype} (SciPy iterates in it)"
    if x.size == 0:
        return "an empty x0"
    opts = options or {}
    extra = set(opts) - _OPTIONS[meth]
    if extra:
        return f"option(s) {', '.join(sorted(map(str, extra)))} not supported here"
    if any(opts.get(k) for k in ("disp", "return_all", "adaptive")):
        return "disp, return_all and adaptive run on SciPy"
    if meth in _WOLFE and (opts.get("c1", _WOLFE[meth][0]),
                           opts.get("c2", _WOLFE[meth][1])) != _WOLFE[meth]:
        return "Wolfe line-search constants c1/c2 (optimistix backtracks instead)"
    if meth == "newton-cg":
        if not (callable(jac) or jac is True):     # SciPy drops finite-difference jacs here
            raise ValueError("Jacobian is required for Newton-CG method")
        if hess is not None and not callable(hess) and hess not in _FD:
            return "a HessianUpdateStrategy"
    return None


_SCIPY_METHODS = ("nelder-mead", "powell", "cg", "bfgs", "newton-cg", "l-bfgs-b", "tnc",
                  "cobyla", "cobyqa", "slsqp", "trust-constr", "dogleg", "trust-ncg",
                  "trust-exact", "trust-krylov")


def _warn_unused(meth, method, jac, hess, hessp):
    # SciPy's warnings for derivatives a method does not use
    if meth == "nelder-mead" and bool(jac):
        warnings.warn(f"Method {method} does not use gradient information (jac).",
                      RuntimeWarning, stacklevel=3)
    if meth != "newton-cg" and hess is not None:
        warnings.warn(f"Method {method} does not use Hessian information (hess).",
                      RuntimeWarning, stacklevel=3)
    if meth != "newton-cg" and hessp is not None:
        warnings.warn(f"Method {method} does not use Hessian-vector product information "
                      "(hessp).", RuntimeWarning, stacklevel=3)


def _hvp(f, hess, hessp, rebuild):
    """hvp(y, v, data): the Hessian times v, from the user's hess(x, *args) or
    hessp(x, p, *args), else forward-over-reverse autodiff of f."""
    jax = ob.jax()
    if callable(hess):
        return lambda y, v, data: ob.jax_value(hess(ob.ndarray_of(y), *rebuild(data))
                                               ).reshape(y.size, y.size) @ v
    if hess is None and callable(hessp):
        return lambda y, v, data: ob.jax_value(hessp(ob.ndarray_of(y), ob.ndarray_of(v),
                                                     *rebuild(data))).reshape(y.shape)
    grad = jax.grad(f)
    return lambda y, v, data: jax.jvp(lambda z: grad(z, data), (y,), (v,))[1]


def _trace_target(f, meth, hvp):
    jax = ob.jax()
    if meth == "nelder-mead":
        return f
    if hvp is not None:
        return lambda y, data: (jax.value_and_grad(f)(y, data), hvp(y, y, data))
    return jax.value_and_grad(f)


def _get(opts, key, default):
    value = opts.get(key)
    return default if value is None else value


def _norm(order):
    jnp = ob.jnp()
    if order == np.inf:
        return lambda g: jnp.max(jnp.abs(g))
    if order == -np.inf:
        return lambda g: jnp.min(jnp.abs(g))
    return lambda g: jnp.sum(jnp.abs(g) ** order) ** (1.0 / order)


def _gradient_rule(norm, gtol, maxiter, xrtol=0.0, ftol=None, maxfun=None,
                   max_rejects=_MAX_REJECTS, xtol=None):
    """SciPy's stopping tests for the line-search methods, as a stop code."""
    jnp = ob.jnp()
    first_code = ob.solvers().first_code

    def rule(t):
        f, g = t.inner.f_info.f, t.inner.f_info.grad
        ready = ~t.first
        moved = t.nit > 0
        done = jnp.max(jnp.abs(g)) == 0
        if gtol is not None:
            done |= norm(g) <= gtol
        if xrtol:
            done |= moved & (jnp.linalg.norm(t.x - t.x_prev) <= xrtol * jnp.linalg.norm(t.x))
        if xtol is not None:
            # Newton-CG's xtol bounds the "average relative error in the solution": the
            # l1 norm of the next Newton step estimates it (SciPy tests the step just made,
            # which a backtracked step would pass early)
            done |= jnp.sum(jnp.abs(t.inner.descent_state.direction)) <= t.x.size * xtol
        relative = moved & ((t.f_prev - f) <= ftol * jnp.maximum(
            jnp.maximum(jnp.abs(t.f_prev), jnp.abs(f)), 1.0)) if ftol is not None else False
        return first_code((ready & done, 1), (ready & relative, 5),
                          (ready & ~(jnp.isfinite(f) & jnp.all(jnp.isfinite(g))), 4),
                          (ready & (t.nit >= maxiter), 2),
                          (maxfun is not None and t.steps > (maxfun or 0), 6),
                          (t.rejects > max_rejects, 3))
    return rule


def _accepted_f(inner):
    return inner.f_info.f


def _solve(f, solver, y0, rule, max_steps, data, value=_accepted_f, report=None):
    """optimistix.minimise of f(y, data) by `solver` stopped by `rule`; data (the lifted
    arrays of the user's args) are inputs of the compiled solve."""
    optx = ob.optx()
    stopped = ob.solvers().stopped("min", solver, rule, value, report)
    return optx.minimise(f, stopped, ob.put(y0), args=data, max_steps=max_steps,
                         throw=False)


def _result(meth, sol, **fields):
    code = int(sol.stats["stop_code"])     # 0: stopped by a failure of the solver itself
    status, message = _STATUS[meth][code]
    return so.OptimizeResult(status=status, success=status == 0,
                             message=_MESSAGES.get(message, message), **fields)


def _gradient_result(meth, sol, **extra):
    t = sol.state
    inner = t.inner
    return _result(meth, sol, fun=np.float64(inner.f_info.f), x=ob.array(sol.value),
                   nit=int(t.nit), jac=ob.array(inner.f_info.grad), nfev=int(t.steps),
                   njev=int(t.nit) + 1, **extra)


def _bfgs(f, x0, opts, _, data):
    optx = ob.optx()
    maxiter = _get(opts, "maxiter", 200 * x0.size)
    rule = _gradient_rule(_norm(_get(opts, "norm", np.inf)), _get(opts, "gtol", 1e-5),
                          maxiter, xrtol=_get(opts, "xrtol", 0.0))
    solver = optx.BFGS(rtol=0.0, atol=0.0)
    sol = _solve(f, solver, x0, rule, (maxiter + 1) * (_MAX_REJECTS + 2), data,
                 report=lambda t: {"hess_inv": t.inner.f_info.hessian_inv.as_matrix()})
    return _gradient_result("bfgs", sol, hess_inv=ob.array(sol.stats["hess_inv"]))


def _cg(f, x0, opts, _, data):
    optx = ob.optx()
    maxiter = _get(opts, "maxiter", 200 * x0.size)
    rule = _gradient_rule(_norm(_get(opts, "norm", np.inf)), _get(opts, "gtol", 1e-5),
                          maxiter)
    solver = optx.NonlinearCG(rtol=0.0, atol=0.0)
    sol = _solve(f, solver, x0, rule, (maxiter + 1) * (_MAX_REJECTS + 2), data)
    return _gradient_result("cg", sol)


def _newton_cg(f, x0, opts, hvp, data):
    optx = ob.optx()
    sv = ob.solvers()
    maxiter = _get(opts, "maxiter", 200 * x0.size)
    rule = _gradient_rule(None, None, maxiter, xtol=_get(opts, "xtol", 1e-5))
    solver = sv.NewtonCG(rtol=0.0, atol=0.0, norm=optx.max_norm,
                         descent=sv.TruncatedCG(hvp, data),
                         search=optx.BacktrackingArmijo())
    sol = _solve(f, solver, x0, rule, (maxiter + 1) * (_MAX_REJECTS + 2), data)
    return _gradient_result("newton-cg", sol,
                            nhev=int(sol.state.inner.descent_state.products))


def _lbfgs(f, x0, opts, _, data):
    optx = ob.optx()
    maxiter = _get(opts, "maxiter", 15000)
    maxfun = _get(opts, "maxfun", 15000)
    maxls = _get(opts, "maxls", 20)
    if maxls <= 0:
        raise ValueError("maxls must be positive.")
    # L-BFGS-B's factr*eps relative decrease test; maxls bounds the backtracking
    rule = _gradient_rule(_norm(np.inf), _get(opts, "gtol", 1e-5), maxiter,
                          ftol=_get(opts, "ftol", 2.2204460492503131e-09), maxfun=maxfun,
                          max_rejects=maxls)
    solver = optx.LBFGS(rtol=0.0, atol=0.0, history_length=_get(opts, "maxcor", 10))
    sol = _solve(f, solver, x0, rule, min(maxfun + 2, (maxiter + 1) * (maxls + 2)),
                 data)
    return _gradient_result("l-bfgs-b", sol,
                            hess_inv=_lbfgs_inverse(sol.state.inner.hessian_update_state))


def _lbfgs_inverse(state):
    """SciPy's LbfgsInvHessProduct from optimistix's ring buffer of (s, y) pairs."""
    m = int(state.history_length)
    start = int(state.index_start)
    # index_start is where the next pair goes: the oldest first
    order = [(start + i) % m for i in range(m)]
    inner = ob.host(state.inner_history)
    keep = [i for i in order if inner[i] != 0]
    s = ob.host(state.y_diff_history)[keep]
    y = ob.host(state.grad_diff_history)[keep]
    return so.LbfgsInvHessProduct(s, y)


def _nelder_mead(f, x0, opts, _, data):
    jnp = ob.jnp()
    first_code = ob.solvers().first_code
    n = x0.size
    maxiter, maxfev = opts.get("maxiter"), opts.get("maxfev")
    if maxiter is None and maxfev is None:
        maxiter = maxfev = n * 200
    elif maxiter is None:
        maxiter = n * 200 if maxfev == np.inf else np.inf
    elif maxfev is None:
        maxfev = n * 200 if maxiter == np.inf else np.inf
    xatol, fatol = _get(opts, "xatol", 1e-4), _get(opts, "fatol", 1e-4)
    # optimistix builds its simplex as z0 + c e_i: run it on z with x = v0 + M z, M's
    # columns the edges of SciPy's simplex from v0, so it starts from SciPy's simplex.
    # (Nelder-Mead's moves are affine combinations: the iterates map one to one.)
    sim = _initial_simplex(x0, opts.get("initial_simplex"))
    v0, edges = sim[0], (sim[1:] - sim[0]).T

    def to_x(z):
        return v0 + z @ edges.T      # traced z inside the solve, NumPy z after it

    def evaluations(t):
        # the first step evaluates every vertex; later ones 2 points, n + 1 on a shrink
        return (n + 1) * (1 + t.inner.stats.n_shrink) + 2 * (t.steps - 1)

    def rule(t):
        s = t.inner
        f_best, best, _ = s.best
        ready = ~s.first_pass
        small = (jnp.max(jnp.abs(to_x(s.simplex) - to_x(best))) <= xatol) & \
            (jnp.max(jnp.abs(s.f_simplex - f_best)) <= fatol)
        return first_code((ready & (evaluations(t) >= maxfev), 5),
                          (ready & (t.steps - 1 >= maxiter), 2), (ready & small, 1))

    optx = ob.optx()
    sol = _solve(lambda z, d: f(to_x(z), d),
                 optx.NelderMead(rtol=0.0, atol=0.0, rdelta=0.0, adelta=1.0), np.zeros(n),
                 rule, int(min(maxiter, maxfev)) + 2, data, value=lambda inner: inner.best[0],
                 report=lambda t: {"nfev": evaluations(t)})
    s = sol.state.inner
    f_simplex = ob.host(s.f_simplex)
    order = np.argsort(f_simplex, kind="stable")
    return _result("nelder-mead", sol, fun=np.float64(s.best[0]),
                   x=ob.array(to_x(ob.host(s.best[1]))), nit=int(sol.state.steps) - 1,
                   nfev=int(sol.stats["nfev"]),
                   final_simplex=(to_x(ob.host(s.simplex))[order], f_simplex[order]))


def _initial_simplex(x0, given):
    """SciPy's starting simplex: x0 and x0 with one coordinate scaled by 1.05 (or set to
    0.00025 where it is 0), unless the user gives one."""
    n = x0.size
    if given is not None:
        sim = np.atleast_2d(np.asarray(given)).copy()
        if sim.ndim != 2 or sim.shape[0] != sim.shape[1] + 1:
            raise ValueError("`initial_simplex` should be an array of shape (N+1,N)")
        if len(x0) != sim.shape[1]:
            raise ValueError("Size of `initial_simplex` is not consistent with `x0`")
        return sim.astype(np.float64)
    sim = np.repeat(x0[None, :], n + 1, axis=0)
    for k in range(n):
        sim[k + 1, k] = 1.05 * x0[k] if x0[k] != 0 else 0.00025
    return sim


_RUN = {"bfgs": _bfgs, "cg": _cg, "newton-cg": _newton_cg, "l-bfgs-b": _lbfgs,
        "nelder-mead": _nelder_mead}
