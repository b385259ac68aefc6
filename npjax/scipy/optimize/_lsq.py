"""least_squares, curve_fit and root on optimistix's Gauss-Newton family.

least_squares: method "lm" and "trf" (without bounds trf is a Levenberg-Marquardt type
trust-region method) -> optimistix.LevenbergMarquardt, "dogbox" -> optimistix.Dogleg; the
Jacobian comes from forward-mode autodiff (or the user's `jac`). Every method stops by trf's
tests: gtol on |J^T r|_inf, ftol on the relative decrease of the cost, xtol on the step
relative to x. curve_fit fits through it and computes pcov as SciPy's least-squares branch
does (pseudo-inverse of J^T J by the SVD of J, scaled by the residual variance).
root: "hybr" (Powell's hybrid method, a dogleg trust region) -> optimistix.Dogleg stopped
by MINPACK's xtol test; "lm" -> optimistix.LevenbergMarquardt with leastsq's tests.
Bounds, robust losses, scaling and callbacks run on SciPy (recorded fallbacks).
"""
import inspect
import warnings

import numpy as np
import scipy.optimize as so

from . import _objective as ob

_EPS = np.finfo(float).eps
_FD = ("2-point", "3-point", "cs")
_LSQ_MESSAGES = {
    0: "The maximum number of function evaluations is exceeded.",
    1: "`gtol` termination condition is satisfied.",
    2: "`ftol` termination condition is satisfied.",
    3: "`xtol` termination condition is satisfied.",
    4: "Both `ftol` and `xtol` termination conditions are satisfied."}
_MAX_NFEV, _NONFINITE_START = 10, 11      # stop codes besides the statuses 1-4
# trial steps rejected in a row meaning "no progress" (MINPACK's ten iterations)
_MAX_REJECTS = 10


def _residual_fn(fun, rebuild, kwargs, jac):
    """fun(x, *args, **kwargs) as a 1-D float64 JAX residual vector, a function of
    (y, data) (see `ob.lift`); jac=True means fun returns (r, J), a callable
    jac(x, *args, **kwargs) gives J."""
    def value(y, data):
        out = fun(ob.ndarray_of(y), *rebuild(data), **kwargs)
        r = ob.jax_value(out[0] if jac is True else out)
        if r.ndim > 1:
            raise ValueError(f"`fun` must return at most 1-d array_like. f0.shape: {r.shape}")
        return r.reshape(-1)

    if jac is True:
        def both(y, data):
            r, J = fun(ob.ndarray_of(y), *rebuild(data), **kwargs)
            r = ob.jax_value(r).reshape(-1)
            return r, ob.jax_value(J).reshape(r.size, y.size)
        return ob.with_derivative(value, both)
    if callable(jac):
        def both(y, data):
            r = value(y, data)
            return r, ob.jax_value(jac(ob.ndarray_of(y), *rebuild(data), **kwargs)
                                   ).reshape(r.size, y.size)
        return ob.with_derivative(value, both)
    return value


def _trace(residual, x, data):
    """(why the residual cannot run on JAX or None, number of residuals)."""
    jax = ob.jax()
    out = []

    def target(y, data):
        r = residual(y, data)
        out.append(r.shape[0])
        return r, jax.jacfwd(residual)(y, data)
    reason = ob.untraceable(target, x, data)
    return reason, (out[0] if out else None)


def _lsq_rule(ftol, xtol, gtol, max_nfev):
    """trf's termination tests as stop codes (the statuses 1-4), max_nfev and a non-finite
    start as extra codes."""
    jnp = ob.jnp()
    first_code = ob.solvers().first_code

    def rule(t):
        info = t.inner.f_info
        r = info.residual
        cost = 0.5 * jnp.sum(r * r)
        g = info.compute_grad()
        ready = ~t.first
        moved = t.nit > 0
        xnorm = jnp.linalg.norm(t.x)
        small_x = (moved & (jnp.linalg.norm(t.x - t.x_prev) < xtol * (xtol + xnorm))) | (
            jnp.linalg.norm(t.inner.y_eval - t.x) < xtol * (xtol + xnorm))
        small_f = (moved & (t.f_prev - cost < ftol * t.f_prev)) | (cost == 0)
        return first_code(
            (ready & (t.nit == 0) & ~jnp.all(jnp.isfinite(r)), _NONFINITE_START),
            (ready & (jnp.max(jnp.abs(g)) < gtol), 1),
            (ready & small_f & small_x, 4), (ready & small_f, 2), (ready & small_x, 3),
            (t.steps >= max_nfev, _MAX_NFEV))
    return rule


def _cost(inner):
    r = inner.f_info.residual
    return 0.5 * (r * r).sum()


def _report(t):
    info = t.inner.f_info
    return {"jac": info.jac.as_matrix(), "grad": info.compute_grad()}


def _solve(residual, x0, method, rule, max_steps, data):
    optx = ob.optx()
    solver = (optx.Dogleg if method in ("dogbox", "hybr") else
              optx.LevenbergMarquardt)(rtol=0.0, atol=0.0)
    stopped = ob.solvers().stopped("lsq", solver, rule, _cost, _report)
    return optx.least_squares(residual, stopped, ob.put(x0), args=data,
                              max_steps=max_steps, throw=False)


def _finish(sol):
    """(stop code, x, residual, Jacobian, gradient) of a finished solve, as NumPy."""
    code = int(sol.stats["stop_code"])
    if code == _NONFINITE_START:
        raise ValueError("Residuals are not finite in the initial point.")
    return (code, ob.host(sol.value), ob.host(sol.state.inner.f_info.residual),
            ob.host(sol.stats["jac"]), ob.host(sol.stats["grad"]))


def _bounds(bounds, n):
    """(lower, upper) float arrays of length n, as SciPy's least_squares reads them."""
    if isinstance(bounds, so.Bounds):
        lb, ub = bounds.lb, bounds.ub
    elif len(bounds) == 2:
        lb, ub = (np.asarray(b, dtype=float) for b in bounds)
    else:
        raise ValueError("`bounds` must contain 2 elements.")
    return np.broadcast_to(lb, (n,)) if np.ndim(lb) == 0 else np.asarray(lb), \
        np.broadcast_to(ub, (n,)) if np.ndim(ub) == 0 else np.asarray(ub)


def _check_tolerance(ftol, xtol, gtol, method):
    ftol, xtol, gtol = (0 if t is None else t for t in (ftol, xtol, gtol))
    if method == "lm" and (ftol < _EPS or xtol < _EPS or gtol < _EPS):
        raise ValueError("All tolerances must be higher than machine epsilon "
                         f"({_EPS:.2e}) for method 'lm'.")
    if ftol < _EPS and xtol < _EPS and gtol < _EPS:
        raise ValueError("At least one of the tolerances must be higher than "
                         f"machine epsilon ({_EPS:.2e}).")
    return ftol, xtol, gtol


def least_squares(fun, x0, jac="2-point", bounds=(-np.inf, np.inf), method="trf",
                  ftol=1e-08, xtol=1e-08, gtol=1e-08, x_scale=None, loss="linear",
                  f_scale=1.0, diff_step=None, tr_solver=None, tr_options=None,
                  jac_sparsity=None, max_nfev=None, verbose=0, args=(), kwargs=None,
                  callback=None, workers=None):
    """scipy.optimize.least_squares on optimistix (see the module `npjax.scipy.optimize`)."""
    sp_kwargs = dict(jac=jac, bounds=bounds, method=method, ftol=ftol, xtol=xtol, gtol=gtol,
                     x_scale=x_scale, loss=loss, f_scale=f_scale, diff_step=diff_step,
                     tr_solver=tr_solver, tr_options=tr_options, jac_sparsity=jac_sparsity,
                     max_nfev=max_nfev, verbose=verbose, args=args, kwargs=kwargs,
                     callback=callback, workers=workers)
    if method not in ("trf", "dogbox", "lm"):
        raise ValueError("`method` must be 'trf', 'dogbox' or 'lm'.")
    if jac not in _FD and not callable(jac):
        raise ValueError("`jac` must be '2-point', '3-point', 'cs' or callable.")
    if max_nfev is not None and max_nfev <= 0:
        raise ValueError("`max_nfev` must be None or positive integer.")
    x = ob.vector(x0)
    if np.iscomplexobj(x):
        raise ValueError("`x0` must be real.")
    x = x.astype(float)
    if x.ndim > 1:
        raise ValueError("`x0` must have at most 1 dimension.")
    reason = None
    lb, ub = _bounds(bounds, x.size)
    if np.any(lb > -np.inf) or np.any(ub < np.inf):
        reason = "bounds have no optimistix least-squares solver here"
    elif loss != "linear" or tr_solver is not None or tr_options or jac_sparsity is not None \
            or x_scale is not None or verbose or callback is not None:
        reason = "robust losses, trust-region options, scaling, verbose and callbacks"
    if reason is None:
        ftol, xtol, gtol = _check_tolerance(ftol, xtol, gtol, method)
        rebuild, data = ob.lift(tuple(args))
        residual = _residual_fn(fun, rebuild, kwargs or {}, jac if callable(jac) else None)
        reason, m = _trace(residual, x, data)
    if reason is not None:
        return ob.fallback("least_squares", (fun, x0), sp_kwargs, reason)
    if method == "lm" and m < x.size:
        raise ValueError("Method 'lm' doesn't work when the number of residuals is less "
                         "than the number of variables.")
    ob.count("least_squares")
    n_max = max_nfev or 100 * x.size
    rule = _lsq_rule(ftol, xtol, gtol, n_max)
    sol = _solve(residual, x, method, rule, n_max + 1, data)
    code, xs, r, J, g = _finish(sol)
    status = 0 if code == _MAX_NFEV or code == 0 else code
    # code 0: optimistix itself failed (non-finite values...): its own message
    message = _LSQ_MESSAGES[status] if code else f"optimistix: {ob.optx().RESULTS[sol.result]}"
    t = sol.state
    return so.OptimizeResult(
        x=ob.array(xs), cost=np.float64(0.5 * (r @ r)), fun=ob.array(r), jac=ob.array(J),
        grad=ob.array(g), optimality=np.abs(g).max(initial=0.0),
        active_mask=np.zeros(x.size, dtype=int), nfev=int(t.steps), njev=int(t.nit) + 1,
        status=status, message=message, success=status > 0)


def curve_fit(f, xdata, ydata, p0=None, sigma=None, absolute_sigma=False,
              check_finite=None, bounds=(-np.inf, np.inf), method=None, jac=None, *,
              full_output=False, nan_policy=None, **kwargs):
    """scipy.optimize.curve_fit through the optimistix least-squares path."""
    sp_kwargs = dict(p0=p0, sigma=sigma, absolute_sigma=absolute_sigma,
                     check_finite=check_finite, bounds=bounds, method=method, jac=jac,
                     full_output=full_output, nan_policy=nan_policy, **kwargs)
    if p0 is None:
        params = [p for p in inspect.signature(f).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if len(params) < 2:
            raise ValueError("Unable to determine number of fit parameters.")
        n = len(params) - 1
    else:
        n = np.atleast_1d(ob.host(p0)).size
    lb, ub = _bounds(bounds, n)
    bounded = np.any((lb > -np.inf) | (ub < np.inf))
    if method is None:
        method = "trf" if bounded else "lm"
    if method == "lm" and bounded:
        raise ValueError("Method 'lm' only works for unconstrained problems. "
                         "Use 'trf' or 'dogbox' instead.")
    if "args" in kwargs:
        raise ValueError("'args' is not a supported keyword argument.")
    tols = {"ftol": 1.49012e-08, "xtol": 1.49012e-08, "gtol": 0.0} if method == "lm" else \
        {"ftol": 1e-8, "xtol": 1e-8, "gtol": 1e-8}
    limit = kwargs.get("maxfev", kwargs.get("max_nfev"))
    reason = None
    if full_output or nan_policy is not None or check_finite is False:
        reason = "full_output, nan_policy and unchecked data run on SciPy"
    elif bounded or method not in ("lm", "trf", "dogbox"):
        reason = "bounds have no optimistix least-squares solver here"
    elif set(kwargs) - set(tols) - {"maxfev", "max_nfev"}:
        reason = f"option(s) {', '.join(sorted(set(kwargs) - set(tols)))} of the solver"
    elif sigma is not None and np.ndim(ob.host(sigma)) == 2 and np.size(ob.host(sigma)) > 1:
        reason = "a covariance matrix as sigma"
    if reason is not None:
        return ob.fallback("curve_fit", (f, xdata, ydata), sp_kwargs, reason)
    y = np.asarray_chkfinite(ob.host(ydata), float)
    x = xdata   # passed to f as SciPy passes it: array-likes as float arrays
    if ob.is_npjax(xdata) and not xdata._on_host:
        # device data stays there (an input of the solve, an npjax array for f)
        import npjax
        x = xdata.astype(np.float64)
        if not bool(npjax.isfinite(x).all()):
            raise ValueError("array must not contain infs or NaNs")
    elif isinstance(xdata, (list, tuple, np.ndarray)) or ob.is_npjax(xdata):
        x = np.asarray_chkfinite(ob.host(xdata), float)
    if y.size == 0:
        raise ValueError("`ydata` must not be empty!")
    p = np.ones(n) if p0 is None else np.atleast_1d(ob.host(p0)).astype(float)
    w = None
    if sigma is not None:
        s = np.asarray(ob.host(sigma))
        if not (s.size == 1 or s.shape == (y.size,)):
            raise ValueError("`sigma` has incorrect shape.")
        w = 1.0 / s
    if method == "lm" and y.size != 1 and n > y.size:
        raise TypeError(f"The number of func parameters={n} must not exceed the number "
                        f"of data points={y.size}")
    tols.update((k, v) for k, v in kwargs.items() if k in tols)
    residual, data = _model_residual(f, x, y, w, jac)
    ftol, xtol, gtol = (tols["ftol"], tols["xtol"], tols["gtol"]) if method == "lm" else \
        _check_tolerance(tols["ftol"], tols["xtol"], tols["gtol"], method)   # (leastsq's own)
    reason, _ = _trace(residual, p, data)
    if reason is not None:
        return ob.fallback("curve_fit", (f, xdata, ydata), sp_kwargs, reason)
    ob.count("curve_fit")
    n_max = limit or 100 * n
    rule = _lsq_rule(ftol, xtol, gtol, n_max)
    sol = _solve(residual, p, "lm" if method == "trf" else method, rule, n_max + 1, data)
    code, popt, r, J, _ = _finish(sol)
    if not 1 <= code <= 4:
        message = _LSQ_MESSAGES[0] if code == _MAX_NFEV else \
            f"optimistix: {ob.optx().RESULTS[sol.result]}"
        raise RuntimeError("Optimal parameters not found: " + message)
    return ob.array(popt), ob.array(_covariance(J, r, n, absolute_sigma))


def _model_residual(f, x, y, w, jac):
    """((p, data) -> w * (f(x, *p) - y), data): y, w and x when it is a device-tier npjax
    array are runtime inputs; the Jacobian is w * jac(x, *p) when jac is callable."""
    weights = np.ones(y.size) if w is None else np.broadcast_to(w, y.shape).reshape(-1)
    rebuild, data = ob.lift((x,))
    data = (ob.put(y.reshape(-1)), ob.put(weights)) + data

    def params(v):
        return [ob.ndarray_of(v[i]) for i in range(v.shape[0])]

    def value(v, data):
        model = f(*rebuild(data[2:]), *params(v))
        return data[1] * (ob.jax_value(model).reshape(-1) - data[0])

    if not callable(jac):
        return value, data

    def both(v, data):
        J = ob.jax_value(jac(*rebuild(data[2:]), *params(v))).reshape(data[0].size, v.size)
        return value(v, data), data[1][:, None] * J
    return ob.with_derivative(value, both), data


def _covariance(J, r, n, absolute_sigma):
    """SciPy's pcov: pinv(J^T J) through the SVD of J, times the residual variance."""
    _, s, vt = np.linalg.svd(J, full_matrices=False)
    threshold = np.finfo(float).eps * max(J.shape) * s[0]
    s = s[s > threshold]
    vt = vt[:s.size]
    pcov = np.dot(vt.T / s ** 2, vt)
    warn_cov = False
    if np.isnan(pcov).any():
        pcov = np.full((n, n), np.inf)
        warn_cov = True
    elif not absolute_sigma:
        if r.size > n:
            pcov = pcov * (np.sum(r ** 2) / (r.size - n))
        else:
            pcov.fill(np.inf)
            warn_cov = True
    if warn_cov:
        warnings.warn("Covariance of the parameters could not be estimated",
                      category=so.OptimizeWarning, stacklevel=3)
    return pcov


# ---- root ----------------------------------------------------------------------------------
_ROOT_OPTIONS = {"hybr": {"col_deriv", "xtol", "maxfev", "band", "eps", "factor", "diag"},
                 "lm": {"col_deriv", "xtol", "ftol", "gtol", "maxiter", "eps", "factor",
                        "diag"}}
_ROOT_METHODS = ("hybr", "lm", "broyden1", "broyden2", "anderson", "linearmixing",
                 "diagbroyden", "excitingmixing", "krylov", "df-sane")


def root(fun, x0, args=(), method="hybr", jac=None, tol=None, callback=None, options=None):
    """scipy.optimize.root: hybr and lm on optimistix (see `npjax.scipy.optimize`)."""
    sp_kwargs = dict(args=args, method=method, jac=jac, tol=tol, callback=callback,
                     options=options)
    meth = method.lower() if isinstance(method, str) else None
    if meth not in _ROOT_METHODS:
        raise ValueError(f"Unknown solver {method}")
    args = ob.as_tuple(args)
    opts = dict(options or {})
    reason = None
    if meth not in _ROOT_OPTIONS:
        reason = f"method {method!r} has no optimistix solver here"
    elif set(opts) - _ROOT_OPTIONS[meth]:
        reason = f"option(s) {', '.join(sorted(set(opts) - _ROOT_OPTIONS[meth]))}"
    elif opts.get("col_deriv") or opts.get("diag") is not None or \
            opts.get("band") is not None or opts.get("factor", 100) != 100:
        reason = "col_deriv, diag, band and factor run on SciPy"
    x = ob.vector(x0).reshape(-1)
    if reason is None and x.dtype.kind not in "fiu":
        reason = f"x0 of dtype {x.dtype}"
    if reason is None:
        if callback is not None:
            warnings.warn(f"Method {method} does not accept callback.", RuntimeWarning,
                          stacklevel=2)
        if tol is not None:
            opts.setdefault("xtol", tol)
        derivative = jac if callable(jac) else (True if bool(jac) else None)
        rebuild, data = ob.lift(args)
        residual = _residual_fn(fun, rebuild, {}, derivative)
        reason, m = _trace(residual, x.astype(float), data)
    if reason is not None:
        return ob.fallback("root", (fun, x0), sp_kwargs, reason)
    n = x.size
    ob.count("root")
    return (_hybr if meth == "hybr" else _root_lm)(residual, x.astype(float), n, m, opts,
                                                   derivative is not None, data)


def _hybr(residual, x, n, m, opts, has_jac, data):
    jnp = ob.jnp()
    first_code = ob.solvers().first_code
    if m != n:
        raise TypeError("fsolve: there is a mismatch between the input and output shape "
                        f"of the 'func' argument '_wrapped_fun'.Shape should be {(n,)} but "
                        f"it is {(m,)}.")
    xtol = opts.get("xtol", 1.49012e-08)
    maxfev = opts.get("maxfev") or (100 if has_jac else 200) * (n + 1)

    def rule(t):
        # MINPACK's test: the step (the trust region) below xtol relative to |x|
        r = t.inner.f_info.residual
        ready = ~t.first
        xnorm = jnp.linalg.norm(t.x)
        converged = jnp.all(r == 0) | (
            (t.nit > 0) & (jnp.linalg.norm(t.x - t.x_prev) <= xtol * xnorm)) | (
            jnp.linalg.norm(t.inner.y_eval - t.x) <= xtol * xnorm)
        return first_code((ready & converged, 1), (t.steps >= maxfev, 2),
                          (t.rejects >= _MAX_REJECTS, 5))

    sol = _solve(residual, x, "hybr", rule, maxfev + 1, data)
    code = int(sol.stats["stop_code"])
    status = code if code else 5
    messages = {1: "The solution converged.",
                2: f"The number of calls to function has reached maxfev = {maxfev}.",
                5: "The iteration is not making good progress, as measured by the \n "
                   "improvement from the last ten iterations."}
    t = sol.state
    fun = ob.host(t.inner.f_info.residual)
    # MINPACK's factors, here of the exact final Jacobian J = q r (r with a positive
    # diagonal): fjac = q^T, r packed row by row, qtf = q^T f
    q, r = np.linalg.qr(ob.host(sol.stats["jac"]))
    signs = np.where(np.diag(r) < 0, -1.0, 1.0)
    q, r = q * signs, r * signs[:, None]
    res = so.OptimizeResult(x=ob.array(sol.value), success=status == 1, status=status,
                            method="hybr", fun=ob.array(fun), nfev=int(t.steps),
                            fjac=ob.array(q.T), r=ob.array(r[np.triu_indices(n)]),
                            qtf=ob.array(q.T @ fun), message=messages[status])
    if has_jac:
        res.njev = int(t.nit) + 1
    return res


def _root_lm(residual, x, n, m, opts, has_jac, data):
    if n > m:
        raise TypeError(f"Improper input: func input vector length N={n} must not exceed "
                        f"func output vector length M={m}")
    ftol, xtol = opts.get("ftol", 1.49012e-08), opts.get("xtol", 1.49012e-08)
    gtol = opts.get("gtol", 0.0)
    maxfev = opts.get("maxiter") or (100 if has_jac else 200) * (n + 1)
    rule = _lsq_rule(ftol, xtol, gtol, maxfev)
    sol = _solve(residual, x, "lm", rule, maxfev + 1, data)
    code = int(sol.stats["stop_code"])
    # trf's codes as leastsq's info: gtol 4, ftol 1, xtol 2, both 3, maxfev 5
    status = {1: 4, 2: 1, 3: 2, 4: 3, _MAX_NFEV: 5}.get(code, 5)
    messages = {
        1: "Both actual and predicted relative reductions in the sum of squares\n  are at "
           f"most {ftol:f}",
        2: f"The relative error between two consecutive iterates is at most {xtol:f}",
        3: "Both actual and predicted relative reductions in the sum of squares\n  are at "
           f"most {ftol:f} and the relative error between two consecutive iterates is "
           f"at \n  most {xtol:f}",
        4: "The cosine of the angle between func(x) and any column of the\n  Jacobian is "
           f"at most {gtol:f} in absolute value",
        5: f"Number of calls to function has reached maxfev = {maxfev}."}
    t = sol.state
    return so.OptimizeResult(x=ob.array(sol.value), message=messages[status], status=status,
                             success=status in (1, 2, 3, 4), method="lm",
                             fun=ob.array(t.inner.f_info.residual), nfev=int(t.steps),
                             njev=int(t.nit) + 1)
