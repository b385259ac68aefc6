"""npjax.scipy.optimize: SciPy's optimizers on optimistix, with gradients from JAX autodiff.

`minimize` (BFGS, CG, L-BFGS-B without bounds, Nelder-Mead), `least_squares` and
`curve_fit` (Levenberg-Marquardt), `root` (Newton), `brentq`/`bisect` (bisection),
`newton`, `root_scalar` and `minimize_scalar` (golden-section search) run on optimistix
when the objective traces: it is called with npjax arrays holding JAX tracers, so code
written with npjax (or NumPy under `python -m npjax run`) is differentiated by JAX — no
finite differences, and a user `jac` is not needed (nor called). Results are SciPy's own
result classes with SciPy's fields; `nfev` counts the objective's evaluations at run time.

Decided before the solve, these run on SciPy as recorded fallbacks: bounds, constraints,
callbacks, Hessians, methods without an optimistix solver, and objectives that cannot be
traced (Python control flow on values: the one decision made by attempting the trace).
Termination is optimistix's (relative/absolute change of x and f, `tol` sets both), not
SciPy's gradient-norm test: solutions agree within the tolerance, iteration counts differ.
"""
import numpy as _np
import scipy.optimize as _so

from .._array import ndarray as _ndarray
from .._dispatch import call_fallback as _fallback, host_value as _host, exported as _exported
from .._stats import count_call as _count_call
from ._common import serve

__getattr__, __dir__ = serve("optimize", globals())

_MINIMISERS = {"BFGS": "BFGS", "CG": "NonlinearCG", "L-BFGS-B": "LBFGS",
               "NELDER-MEAD": "NelderMead"}


class _Untraceable(Exception):
    pass


def _jax():
    import jax
    from .._backends import device  # noqa: F401  (x64 on, npjax's device tier ready)
    return jax


def _optx():
    import optimistix
    return optimistix


def _untraceable_errors():
    jax = _jax()
    e = jax.errors
    from .._stats import UntraceableError   # a call npjax can only run on NumPy
    return (e.ConcretizationTypeError, e.TracerArrayConversionError,
            e.TracerBoolConversionError, e.TracerIntegerConversionError,
            e.NonConcreteBooleanIndexError, UntraceableError)


def _as_jax(value):
    """The objective's output (npjax array, NumPy/JAX value) as a JAX value."""
    jax = _jax()
    if type(value) is _ndarray:
        return value._value()
    if isinstance(value, (tuple, list)):
        return type(value)(_as_jax(v) for v in value)
    if isinstance(value, jax.Array):
        return value
    return jax.numpy.asarray(value)


class _Counter:
    """Objective evaluations at run time (a host callback per evaluation)."""

    def __init__(self):
        self.n = 0

    def tick(self):
        self.n += 1

    def __call__(self):
        _jax().debug.callback(self.tick)


def _wrap(fun, args, counter, pick=None, shape=None):
    """fun(x, *args) as a function of a JAX vector, on npjax arrays."""
    def f(y, _=None):
        counter()
        x = _ndarray._new(y if shape is None else y.reshape(shape))
        out = fun(x, *args)
        if pick is not None:
            out = out[pick]
        return _as_jax(out)
    return f


def _solve(kind, f, solver, y0, max_steps, options=None):
    """Run an optimistix solve; an untraceable objective raises _Untraceable."""
    optx = _optx()
    run = {"min": optx.minimise, "root": optx.root_find, "lsq": optx.least_squares}[kind]
    try:
        return run(f, solver, y0, options=options, max_steps=max_steps, throw=False)
    except _untraceable_errors() as err:
        raise _Untraceable(f"the objective cannot be traced ({type(err).__name__})") from None


def _status(sol):
    optx = _optx()
    ok = bool(sol.result == optx.RESULTS.successful)
    msg = "Optimization terminated successfully." if ok else \
        optx.RESULTS[sol.result] if hasattr(optx.RESULTS, "__getitem__") else "failed"
    return ok, (0 if ok else 1), str(msg)


def _vector(x0):
    x = _np.asarray(_host(x0), dtype=_np.float64)
    return x


def minimize(fun, x0, args=(), method=None, jac=None, hess=None, hessp=None, bounds=None,
             constraints=(), tol=None, callback=None, options=None):
    args = args if isinstance(args, tuple) else (args,)
    name = (method if isinstance(method, str) else "") or \
        ("BFGS" if bounds is None and not constraints else "")
    kwargs = dict(args=args, method=method, jac=jac, hess=hess, hessp=hessp, bounds=bounds,
                  constraints=constraints, tol=tol, callback=callback, options=options)
    reason = None
    if bounds is not None or constraints:
        reason = "bounds and constraints have no optimistix solver here"
    elif callback is not None or hess is not None or hessp is not None:
        reason = "callback/hess/hessp are not supported by the optimistix path"
    elif callable(method) or name.upper() not in _MINIMISERS:
        reason = f"method {method!r} has no optimistix solver here"
    elif options and set(options) - {"maxiter", "disp", "gtol", "xatol", "fatol"}:
        reason = f"options {sorted(set(options) - {'maxiter', 'disp'})} not supported"
    x0h = _vector(x0)
    if reason is None and x0h.ndim != 1:
        reason = "x0 must be 1-D for the optimistix path"
    if reason is None:
        try:
            return _minimize_jax(fun, x0h, args, name.upper(), jac, tol, options or {})
        except _Untraceable as err:
            reason = str(err)
    return _fallback("scipy.optimize.minimize", _so.minimize, (fun, _host(x0)), kwargs,
                     reason)


def _minimize_jax(fun, x0, args, method, jac, tol, options):
    jax = _jax()
    optx = _optx()
    rtol = atol = 1e-8 if tol is None else tol
    solver = getattr(optx, _MINIMISERS[method])(rtol=rtol, atol=atol)
    # SciPy's defaults: 200 n for Nelder-Mead; nonlinear CG takes more steps here
    maxiter = options.get("maxiter") or (200 * x0.size if method == "NELDER-MEAD" else
                                         max(10000, 1000 * x0.size) if method == "CG" else
                                         max(1000, 200 * x0.size))
    counter = _Counter()
    f = _wrap(fun, args, counter, pick=0 if jac is True else None)
    _count_call("scipy.optimize.minimize", "device")
    sol = _solve("min", f, solver, jax.numpy.asarray(x0), maxiter)
    x = sol.value
    plain = _wrap(fun, args, lambda: None, pick=0 if jac is True else None)
    value, grad = jax.value_and_grad(plain)(x)
    ok, status, message = _status(sol)
    nit = int(sol.stats["num_steps"])
    return _so.OptimizeResult(
        x=_ndarray._new(x) if x.size >= 1 else x, fun=float(value),
        jac=_ndarray._new(grad), success=ok, status=status, message=message, nit=nit,
        nfev=counter.n, njev=0 if method == "NELDER-MEAD" else nit)


def least_squares(fun, x0, jac="2-point", bounds=(-_np.inf, _np.inf), method="trf",
                  ftol=1e-8, xtol=1e-8, gtol=1e-8, x_scale=None, loss="linear",
                  f_scale=1.0, diff_step=None, tr_solver=None, tr_options=None,
                  jac_sparsity=None, max_nfev=None, verbose=0, args=(), kwargs=None,
                  callback=None, workers=None):
    args = tuple(args)
    kw = kwargs or {}
    call_kwargs = dict(jac=jac, bounds=bounds, method=method, ftol=ftol, xtol=xtol,
                       gtol=gtol, loss=loss, f_scale=f_scale, diff_step=diff_step,
                       max_nfev=max_nfev, verbose=verbose, args=args, kwargs=kw,
                       callback=callback)
    if x_scale is not None:
        call_kwargs["x_scale"] = x_scale
    lo, hi = (_np.asarray(b, dtype=float) for b in bounds) if not \
        isinstance(bounds, _so.Bounds) else (bounds.lb, bounds.ub)
    reason = None
    if _np.isfinite(lo).any() or _np.isfinite(hi).any():
        reason = "bounds have no optimistix least-squares solver here"
    elif loss != "linear" or callback is not None or kw or tr_solver is not None:
        reason = "robust losses, callbacks, kwargs= and tr_solver= are not supported"
    elif method not in ("trf", "dogbox", "lm"):
        reason = f"method {method!r} is not known"
    x0h = _vector(x0)
    if reason is None and x0h.ndim != 1:
        reason = "x0 must be 1-D for the optimistix path"
    if reason is None:
        try:
            return _least_squares_jax(fun, x0h, args, min(ftol, xtol), max_nfev)
        except _Untraceable as err:
            reason = str(err)
    return _fallback("scipy.optimize.least_squares", _so.least_squares, (fun, _host(x0)),
                     call_kwargs, reason)


def _least_squares_jax(fun, x0, args, tol, max_nfev):
    """Levenberg-Marquardt for every method: without bounds trf, dogbox and lm converge
    to the same least-squares solution."""
    jax = _jax()
    optx = _optx()
    counter = _Counter()
    f = _wrap(fun, args, counter)
    _count_call("scipy.optimize.least_squares", "device")
    sol = _solve("lsq", f, optx.LevenbergMarquardt(rtol=tol, atol=tol),
                 jax.numpy.asarray(x0), max_nfev or 100 * max(1, x0.size))
    x = sol.value
    plain = _wrap(fun, args, lambda: None)
    r = plain(x)
    J = jax.jacfwd(plain)(x)
    grad = J.T @ r
    ok, status, message = _status(sol)
    return _so.OptimizeResult(
        x=_ndarray._new(x), cost=float(0.5 * (r @ r)), fun=_ndarray._new(r),
        jac=_ndarray._new(J), grad=_ndarray._new(grad),
        optimality=float(jax.numpy.abs(grad).max()), active_mask=_np.zeros(x.size, int),
        nfev=counter.n, njev=int(sol.stats["num_steps"]), status=status if ok else 0,
        message=message, success=ok)


def curve_fit(f, xdata, ydata, p0=None, sigma=None, absolute_sigma=False,
              check_finite=None, bounds=(-_np.inf, _np.inf), method=None, jac=None, *,
              full_output=False, nan_policy=None, **kwargs):
    import inspect
    if p0 is None:
        n = len(inspect.signature(f).parameters) - 1
        p0 = _np.ones(n)
    p0 = _vector(p0)
    x = xdata
    y = _np.asarray(_host(ydata), dtype=float)
    reason = None
    if full_output or kwargs or nan_policy is not None or method not in (None, "lm", "trf",
                                                                          "dogbox"):
        reason = "full_output, nan_policy, extra least-squares options or this method"
    elif _np.isfinite(_np.asarray(bounds, dtype=object).astype(float)).any() \
            if not isinstance(bounds, _so.Bounds) else True:
        reason = "bounds have no optimistix least-squares solver here"
    elif sigma is not None and _np.ndim(_host(sigma)) == 2:
        reason = "a covariance-matrix sigma"
    if reason is None and (check_finite is not False) and not _np.isfinite(y).all():
        raise ValueError("array must not contain infs or NaNs")
    if reason is not None:
        return _fallback("scipy.optimize.curve_fit", _so.curve_fit, (f, _host(xdata), y),
                         dict(p0=p0, sigma=_host(sigma), absolute_sigma=absolute_sigma,
                              check_finite=check_finite, bounds=bounds, method=method,
                              jac=jac, full_output=full_output, nan_policy=nan_policy,
                              **kwargs), reason)
    jax = _jax()
    w = 1.0 if sigma is None else 1.0 / _np.asarray(_host(sigma), dtype=float)
    yj, wj = jax.numpy.asarray(y), jax.numpy.asarray(w)

    def residual(p):
        # each parameter as a 0-d npjax array, as SciPy passes floats
        values = f(x, *[p[i] for i in range(p.shape[0])])
        return (_as_jax(values) - yj) * wj

    try:
        res = _least_squares_jax(residual, p0, (), 1e-10, None)
    except _Untraceable as err:
        return _fallback("scipy.optimize.curve_fit", _so.curve_fit, (f, _host(xdata), y),
                         dict(p0=p0, sigma=_host(sigma), absolute_sigma=absolute_sigma),
                         str(err))
    J = _np.asarray(res.jac)
    # SciPy's covariance: the pseudo-inverse of J^T J through the SVD of J, scaled by the
    # residual variance unless sigma is absolute
    _, s, vt = _np.linalg.svd(J, full_matrices=False)
    threshold = _np.finfo(float).eps * max(J.shape) * s[0]
    s, vt = s[s > threshold], vt[:s[s > threshold].size]
    pcov = (vt.T / s ** 2) @ vt
    if not absolute_sigma:
        dof = y.size - p0.size
        pcov = pcov * (2 * res.cost / dof) if dof > 0 else _np.full_like(pcov, _np.inf)
    return _np.asarray(res.x), pcov


def root(fun, x0, args=(), method="hybr", jac=None, tol=None, callback=None, options=None):
    args = args if isinstance(args, tuple) else (args,)
    reason = None
    if method not in ("hybr", "lm") or callback is not None or options:
        reason = f"method {method!r}, callbacks and options have no optimistix path here"
    x0h = _vector(x0)
    if reason is None:
        try:
            jax = _jax()
            optx = _optx()
            counter = _Counter()
            f = _wrap(fun, args, counter, pick=0 if jac is True else None)
            t = 1e-10 if tol is None else tol
            _count_call("scipy.optimize.root", "device")
            sol = _solve("root", f, optx.Newton(rtol=t, atol=t), jax.numpy.asarray(x0h),
                         200 * (x0h.size + 1))
            value = _wrap(fun, args, lambda: None, pick=0 if jac is True else None)(sol.value)
            ok, status, message = _status(sol)
            if ok and not bool(jax.numpy.all(jax.numpy.isfinite(value))):
                ok, status, message = False, 1, "the iteration did not converge"
            return _so.OptimizeResult(x=_ndarray._new(sol.value), fun=_ndarray._new(value),
                                      success=ok, status=1 if ok else status,
                                      message="The solution converged." if ok else message,
                                      nfev=counter.n, nit=int(sol.stats["num_steps"]))
        except _Untraceable as err:
            reason = str(err)
    return _fallback("scipy.optimize.root", _so.root, (fun, _host(x0)),
                     dict(args=args, method=method, jac=jac, tol=tol, callback=callback,
                          options=options), reason)


def _scalar_f(f, args, counter):
    def g(y, _=None):
        counter()
        return _as_jax(f(_ndarray._new(y), *args)).reshape(())
    return g


def _bracket_root(name, sp_fn, f, a, b, args, xtol, rtol, maxiter, full_output, disp):
    args = args if isinstance(args, tuple) else (args,)
    reason = "full_output" if full_output else None
    if reason is None:
        fa, fb = float(f(a, *args)), float(f(b, *args))
        if fa * fb > 0:
            raise ValueError("f(a) and f(b) must have different signs")
        if fa == 0:
            return float(a)
        if fb == 0:
            return float(b)
        try:
            jax = _jax()
            optx = _optx()
            counter = _Counter()
            _count_call(f"scipy.optimize.{name}", "device")
            sol = _solve("root", _scalar_f(f, args, counter),
                         optx.Bisection(rtol=rtol, atol=xtol), jax.numpy.asarray(
                             (a + b) / 2.0, dtype=_np.float64), maxiter * 4,
                         options={"lower": float(a), "upper": float(b)})
            if not bool(sol.result == optx.RESULTS.successful) and disp:
                raise RuntimeError(f"Failed to converge after {maxiter} iterations")
            return float(sol.value)
        except _Untraceable as err:
            reason = str(err)
    return _fallback(f"scipy.optimize.{name}", sp_fn, (f, a, b),
                     dict(args=args, xtol=xtol, rtol=rtol, maxiter=maxiter,
                          full_output=full_output, disp=disp), reason)


def brentq(f, a, b, args=(), xtol=2e-12, rtol=8.881784197001252e-16, maxiter=100,
           full_output=False, disp=True):
    return _bracket_root("brentq", _so.brentq, f, a, b, args, xtol, rtol, maxiter,
                         full_output, disp)


def bisect(f, a, b, args=(), xtol=2e-12, rtol=8.881784197001252e-16, maxiter=100,
           full_output=False, disp=True):
    return _bracket_root("bisect", _so.bisect, f, a, b, args, xtol, rtol, maxiter,
                         full_output, disp)


def newton(func, x0, fprime=None, args=(), tol=1.48e-08, maxiter=50, fprime2=None, x1=None,
           rtol=0.0, full_output=False, disp=True):
    args = args if isinstance(args, tuple) else (args,)
    reason = None
    if fprime2 is not None or x1 is not None or full_output or _np.ndim(_host(x0)) != 0:
        reason = "secant/Halley variants, full_output and array x0 run on SciPy"
    if reason is None:
        try:
            jax = _jax()
            optx = _optx()
            counter = _Counter()
            _count_call("scipy.optimize.newton", "device")
            sol = _solve("root", _scalar_f(func, args, counter),
                         optx.Newton(rtol=max(rtol, 1e-14), atol=tol),
                         jax.numpy.asarray(float(_host(x0))), maxiter)
            if not bool(sol.result == optx.RESULTS.successful) and disp:
                raise RuntimeError(f"Failed to converge after {maxiter} iterations, "
                                   f"value is {float(sol.value)}.")
            return float(sol.value)
        except _Untraceable as err:
            reason = str(err)
    return _fallback("scipy.optimize.newton", _so.newton, (func, _host(x0)),
                     dict(fprime=fprime, args=args, tol=tol, maxiter=maxiter,
                          fprime2=fprime2, x1=x1, rtol=rtol, full_output=full_output,
                          disp=disp), reason)


def root_scalar(f, args=(), method=None, bracket=None, fprime=None, fprime2=None, x0=None,
                x1=None, xtol=None, rtol=None, maxiter=None, options=None):
    args = args if isinstance(args, tuple) else (args,)
    meth = method or ("brentq" if bracket is not None else "newton" if x0 is not None
                      else None)
    if meth in ("brentq", "bisect", "brenth", "ridder", "toms748") and bracket is not None \
            and not options:
        a, b = bracket
        x = _bracket_root("root_scalar", _so.brentq, f, a, b, args, xtol or 2e-12,
                          rtol or 8.881784197001252e-16, maxiter or 100, False, True)
        return _so.RootResults(root=x, iterations=-1, function_calls=-1, flag=0,
                                      method=meth)
    if meth == "newton" and x0 is not None and x1 is None and fprime2 is None \
            and not options:
        x = newton(f, x0, args=args, tol=xtol or 1.48e-08, maxiter=maxiter or 50,
                   rtol=rtol or 0.0)
        return _so.RootResults(root=x, iterations=-1, function_calls=-1, flag=0,
                                      method=meth)
    return _fallback("scipy.optimize.root_scalar", _so.root_scalar, (f,),
                     dict(args=args, method=method, bracket=bracket, fprime=fprime,
                          fprime2=fprime2, x0=x0, x1=x1, xtol=xtol, rtol=rtol,
                          maxiter=maxiter, options=options),
                     "this method or these options have no optimistix path here")


def minimize_scalar(fun, bracket=None, bounds=None, args=(), method=None, tol=None,
                    options=None):
    args = args if isinstance(args, tuple) else (args,)
    meth = (method or ("bounded" if bounds is not None else "brent"))
    lo_hi = bounds if bounds is not None else (bracket if bracket is not None and
                                               len(bracket) == 2 else None)
    reason = None
    if lo_hi is None or callable(method) or meth not in ("brent", "golden", "bounded") \
            or options:
        reason = "golden-section search needs an interval (bounds, or a 2-point bracket)"
    if reason is None:
        try:
            jax = _jax()
            optx = _optx()
            counter = _Counter()
            t = 1e-10 if tol is None else tol
            _count_call("scipy.optimize.minimize_scalar", "device")
            lo, hi = float(lo_hi[0]), float(lo_hi[1])
            sol = _solve("min", _scalar_f(fun, args, counter), optx.GoldenSearch(
                rtol=t, atol=t), jax.numpy.asarray((lo + hi) / 2.0), 500,
                options={"lower": lo, "upper": hi})
            x = float(sol.value)
            ok, status, message = _status(sol)
            return _so.OptimizeResult(x=x, fun=float(_host(fun(x, *args))), success=ok,
                                      status=status, message=message,
                                      nit=int(sol.stats["num_steps"]), nfev=counter.n)
        except _Untraceable as err:
            reason = str(err)
    return _fallback("scipy.optimize.minimize_scalar", _so.minimize_scalar, (fun,),
                     dict(bracket=bracket, bounds=bounds, args=args, method=method, tol=tol,
                          options=options), reason)


for _name in ("minimize", "least_squares", "curve_fit", "root", "brentq", "bisect", "newton",
              "root_scalar", "minimize_scalar"):
    _exported(globals()[_name], f"scipy.optimize.{_name}", getattr(_so, _name),
              doc=globals()[_name].__doc__ or f"scipy.optimize.{_name} on optimistix "
              "(see the npjax.scipy.optimize module docstring).", module="npjax.scipy.optimize")
del _name
