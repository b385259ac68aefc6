"""Scalar roots and minima on optimistix.

brentq, bisect and root_scalar's bracketing methods -> optimistix.Bisection (optimistix has no
Brent or TOMS 748 solver: bisection reaches the same tolerance in more iterations), stopped as
SciPy's are when the bracket is below xtol + rtol |x|; the endpoints are evaluated first on the
host as SciPy does. newton and root_scalar(method="newton") -> optimistix.Newton with the
derivative from autodiff (SciPy's secant method when `fprime` is not given) or from `fprime`.
minimize_scalar -> optimistix.GoldenSearch on the bracket (SciPy's Brent method adds parabolic
steps): "bounded" on the bounds, "brent"/"golden" on [xa, xc] of a three-point bracket, found
by SciPy's `bracket` (a few scalar evaluations on the host) when none is given.
"""
import operator
import warnings

import numpy as np
import scipy.optimize as so

from . import _objective as ob

_XTOL, _RTOL, _ITER = 2e-12, 4 * np.finfo(float).eps, 100
_BRACKETING = ("bisect", "brentq", "brenth", "ridder", "toms748")


def _scalar_fn(f, args, fprime=None):
    """(fn, data): f(x, *args) -> float64 as fn(0-d JAX value, data) (see `ob.lift`);
    fprime: True when f returns (f, f'), or a callable giving f'."""
    rebuild, data = ob.lift(args)

    def value(y, data):
        out = f(ob.ndarray_of(y), *rebuild(data))
        return ob.jax_value(out[0] if fprime is True else out).reshape(())

    if fprime is True:
        def both(y, data):
            v, d = f(ob.ndarray_of(y), *rebuild(data))[:2]
            return ob.jax_value(v).reshape(()), ob.jax_value(d).reshape(())
        return ob.with_derivative(value, both), data
    if callable(fprime):
        return ob.with_derivative(value, lambda y, data: (value(y, data), ob.jax_value(
            fprime(ob.ndarray_of(y), *rebuild(data))).reshape(()))), data
    return value, data


def _root_result(x, iterations, calls, converged, method):
    return so.RootResults(root=x, iterations=iterations, function_calls=calls,
                          flag=0 if converged else -2, method=method)


# ---- bracketing roots -------------------------------------------------------------------------
def _bracketed(name, f, a, b, args, xtol, rtol, maxiter, disp, method=None):
    """The root of f in [a, b]: (x, RootResults) or None when f cannot be traced."""
    args = ob.as_tuple(args)
    maxiter = operator.index(maxiter)
    if xtol <= 0:
        raise ValueError(f"xtol too small ({xtol:g} <= 0)")
    if rtol < _RTOL:
        raise ValueError(f"rtol too small ({rtol:g} < {_RTOL:g})")
    fn, data = _scalar_fn(f, args)
    if ob.untraceable(fn, np.float64(0.0), data) is not None:
        return None
    fa, fb = (_host_value(f, v, args) for v in (a, b))
    if fa * fb > 0:
        raise ValueError("f(a) and f(b) must have different signs")
    if fa == 0 or fb == 0:
        return float(a if fa == 0 else b), _root_result(float(a if fa == 0 else b), 0, 2,
                                                        True, method or name)
    jnp = ob.jnp()
    first_code = ob.solvers().first_code

    def rule(t):
        # SciPy's test, at the point just evaluated (x_prev): f there is 0 or the bracket
        # is narrower than xtol + rtol |x|
        s = t.inner
        ready = ~t.first
        done = (s.error == 0) | (s.upper - s.lower < xtol + rtol * jnp.abs(t.x_prev))
        return first_code((ready & done, 1), (t.steps >= maxiter, 2))

    ob.count(name)
    optx = ob.optx()
    solver = optx.Bisection(rtol=0.0, atol=0.0, flip=bool(fa > fb))
    sol = optx.root_find(fn, ob.solvers().stopped("root", solver, rule),
                         ob.put((a + b) / 2.0), args=data,
                         options={"lower": float(a), "upper": float(b)},
                         max_steps=maxiter + 1, throw=False)
    steps = int(sol.state.steps)
    x = float(ob.host(sol.state.x_prev))
    converged = int(sol.stats["stop_code"]) == 1
    if not converged and disp:
        raise RuntimeError(f"Failed to converge after {steps} iterations.")
    return x, _root_result(x, steps, steps + 2, converged, method or name)


def _host_value(f, x, args):
    """f at an endpoint, called with a Python float as SciPy calls it."""
    value = float(np.asarray(ob.host(f(float(x), *args))).reshape(()))
    if np.isnan(value):
        raise ValueError(f"The function value at x={x} is NaN; solver cannot continue.")
    return value


def _bracket_root(name, f, a, b, args, xtol, rtol, maxiter, full_output, disp):
    found = _bracketed(name, f, a, b, args, xtol, rtol, maxiter, disp)
    if found is None:
        return ob.fallback(name, (f, a, b), dict(args=args, xtol=xtol, rtol=rtol,
                                                 maxiter=maxiter, full_output=full_output,
                                                 disp=disp),
                           "the function cannot be traced")
    return found if full_output else found[0]


def brentq(f, a, b, args=(), xtol=_XTOL, rtol=_RTOL, maxiter=_ITER, full_output=False,
           disp=True):
    """scipy.optimize.brentq by bisection on optimistix (no Brent solver there): the same
    root within xtol + rtol |x|, in more iterations."""
    return _bracket_root("brentq", f, a, b, args, xtol, rtol, maxiter, full_output, disp)


def bisect(f, a, b, args=(), xtol=_XTOL, rtol=_RTOL, maxiter=_ITER, full_output=False,
           disp=True):
    """scipy.optimize.bisect on optimistix.Bisection."""
    return _bracket_root("bisect", f, a, b, args, xtol, rtol, maxiter, full_output, disp)


# ---- Newton ---------------------------------------------------------------------------------
def _newton(func, x0, fprime, args, tol, maxiter, rtol, disp, method):
    """(root, iterations, converged) by optimistix.Newton, or None when untraceable."""
    fn, data = _scalar_fn(func, args, fprime)
    x = np.asarray(ob.host(x0))[()] * 1.0
    if ob.untraceable(ob.jax().grad(fn), np.float64(0.0), data) is not None:
        return None
    jnp = ob.jnp()
    first_code = ob.solvers().first_code

    def rule(t):
        # SciPy's test: the Newton step within tol + rtol |x| of the previous point
        ready = ~t.first
        return first_code((ready & (jnp.abs(t.inner.diff) <= tol + rtol * jnp.abs(t.x_prev)),
                           1), (t.steps >= maxiter, 2))

    ob.count(method)
    optx = ob.optx()
    sol = optx.root_find(fn, ob.solvers().stopped(
        "root", optx.Newton(rtol=0.0, atol=0.0), rule), ob.put(x), args=data,
        max_steps=maxiter + 1, throw=False)
    steps = int(sol.state.steps)
    code = int(sol.stats["stop_code"])
    root = np.float64(ob.host(sol.value))
    if code == 0:   # the 1x1 linear solve failed: f'(x) == 0
        msg = "Derivative was zero."
        if disp:
            raise RuntimeError(msg + f" Failed to converge after {steps} iterations, value "
                               f"is {np.float64(ob.host(sol.state.x_prev))}.")
        warnings.warn(msg, RuntimeWarning, stacklevel=3)
        return np.float64(ob.host(sol.state.x_prev)), steps, False
    if code == 2 and disp:
        raise RuntimeError(f"Failed to converge after {steps} iterations, value is {root}.")
    return root, steps, code == 1


def newton(func, x0, fprime=None, args=(), tol=1.48e-08, maxiter=50, fprime2=None, x1=None,
           rtol=0.0, full_output=False, disp=True):
    """scipy.optimize.newton for a scalar x0 on optimistix.Newton: the derivative is
    `fprime`, or exact by autodiff where SciPy would use the secant method. Halley's method
    (fprime2), the secant method with a given x1 and array x0 run on SciPy."""
    if tol <= 0:
        raise ValueError(f"tol too small ({tol:g} <= 0)")
    maxiter = operator.index(maxiter)
    if maxiter < 1:
        raise ValueError("maxiter must be greater than 0")
    args = ob.as_tuple(args)
    sp_kwargs = dict(fprime=fprime, args=args, tol=tol, maxiter=maxiter, fprime2=fprime2,
                     x1=x1, rtol=rtol, full_output=full_output, disp=disp)
    reason = None
    if np.size(ob.host(x0)) > 1:
        reason = "an array x0 (vectorised Newton)"
    elif fprime2 is not None or x1 is not None:
        reason = "Halley's method and the secant method with x1"
    elif fprime is not None and not callable(fprime):
        reason = "a non-callable fprime"
    elif np.iscomplexobj(ob.host(x0)):
        reason = "a complex x0"
    found = None if reason else _newton(func, x0, fprime, args, tol, maxiter, rtol, disp,
                                        "newton")
    if found is None:
        return ob.fallback("newton", (func, x0), sp_kwargs,
                           reason or "the function cannot be traced")
    root, steps, converged = found
    if full_output:
        return root, _root_result(root, steps, 2 * steps, converged,
                                  "newton")
    return root


def root_scalar(f, args=(), method=None, bracket=None, fprime=None, fprime2=None, x0=None,
                x1=None, xtol=None, rtol=None, maxiter=None, options=None):
    """scipy.optimize.root_scalar: bracketing methods by bisection and "newton" on
    optimistix; "secant" and "halley" run on SciPy."""
    args = ob.as_tuple(args)
    sp_kwargs = dict(args=args, method=method, bracket=bracket, fprime=fprime,
                     fprime2=fprime2, x0=x0, x1=x1, xtol=xtol, rtol=rtol, maxiter=maxiter,
                     options=options)
    if not method:
        if bracket is not None:
            method = "brentq"
        elif x0 is not None:
            method = ("halley" if fprime2 else "newton") if fprime else \
                "secant" if x1 is not None else "newton"
    if not method:
        raise ValueError("Unable to select a solver as neither bracket nor starting point "
                         "provided.")
    meth = method.lower()
    if meth not in _BRACKETING + ("newton", "secant", "halley"):
        raise ValueError(f"Unknown solver {meth}")
    reason = "this method or these options have no optimistix path here"
    if options or (fprime2 is not None and fprime2 is not False):
        found = None
    elif meth in _BRACKETING:
        if not isinstance(bracket, (list, tuple, np.ndarray)):
            raise ValueError(f"Bracket needed for {method}")
        a, b = bracket[:2]
        found = _bracketed(meth, f, a, b, args, _XTOL if xtol is None else xtol,
                           _RTOL if rtol is None else rtol, _ITER if maxiter is None
                           else maxiter, False, method)
        if found is not None:
            return found[1]
        reason = "the function cannot be traced"
    elif meth == "newton":
        if x0 is None:
            raise ValueError(f"x0 must not be None for {method}")
        derivative = fprime if callable(fprime) else (True if fprime else None)
        found = _newton(f, x0, derivative, args, 1.48e-08 if xtol is None else xtol,
                        50 if maxiter is None else maxiter, 0.0 if rtol is None else rtol,
                        False, "root_scalar")
        if found is not None:
            root, steps, converged = found
            return _root_result(root, steps, steps * (1 if derivative is True else 2),
                                converged, method)
        reason = "the function cannot be traced"
    return ob.fallback("root_scalar", (f,), sp_kwargs, reason)


# ---- minimize_scalar ---------------------------------------------------------------------------
_SCALAR_OPTIONS = {"brent": {"xtol", "maxiter", "disp"}, "golden": {"xtol", "maxiter", "disp"},
                   "bounded": {"xatol", "maxiter", "disp"}}


def minimize_scalar(fun, bracket=None, bounds=None, args=(), method=None, tol=None,
                    options=None):
    """scipy.optimize.minimize_scalar by golden-section search on optimistix."""
    args = ob.as_tuple(args)
    sp_kwargs = dict(bracket=bracket, bounds=bounds, args=args, method=method, tol=tol,
                     options=options)
    if callable(method):
        return ob.fallback("minimize_scalar", (fun,), sp_kwargs, "a custom method")
    meth = ("brent" if bounds is None else "bounded") if method is None else method.lower()
    opts = dict(options or {})
    if bounds is not None and meth in ("brent", "golden"):
        raise ValueError(f"Use of `bounds` is incompatible with 'method={method}'.")
    if tol is not None:
        if meth == "bounded" and "xatol" not in opts:
            warnings.warn("Method 'bounded' does not support relative tolerance in x; "
                          "defaulting to absolute tolerance.", RuntimeWarning, stacklevel=2)
            opts["xatol"] = tol
        else:
            opts.setdefault("xtol", tol)
    if meth == "bounded" and bounds is None:
        raise ValueError("The `bounds` parameter is mandatory for method `bounded`.")
    if meth not in _SCALAR_OPTIONS:
        raise ValueError(f"Unknown solver {method}")
    reason = None
    if set(opts) - _SCALAR_OPTIONS[meth] or opts.get("disp"):
        reason = "these options (or disp) run on SciPy"
    else:
        fn, data = _scalar_fn(fun, args)
        reason = ob.untraceable(fn, np.float64(0.0), data)
    if reason is None:
        if meth == "bounded":
            return _bounded(fn, data, bounds, opts)
        found = _bracket(fun, bracket, args)
        if found is not None:
            return _golden(fn, data, meth, found, opts)
        reason = "no bracket of a minimum was found"
    return ob.fallback("minimize_scalar", (fun,), sp_kwargs, reason)


def _bracket(fun, bracket, args):
    """(xa, xb, xc, function calls) with f(xb) below f(xa) and f(xc), checked or found as
    SciPy does (its `bracket` runs on the host), None when SciPy's search fails."""
    if bracket is None or len(bracket) == 2:
        start = {} if bracket is None else dict(xa=bracket[0], xb=bracket[1])
        try:
            xa, xb, xc, _, _, _, calls = so.bracket(fun, args=args, **start)
        except so.BracketError:
            return None
        return xa, xb, xc, calls
    if len(bracket) != 3:
        raise ValueError("Bracketing interval must be length 2 or 3 sequence.")
    xa, xb, xc = bracket
    if xa > xc:
        xa, xc = xc, xa
    if not (xa < xb < xc):
        raise ValueError("Bracketing values (xa, xb, xc) do not fulfill this requirement: "
                         "(xa < xb) and (xb < xc)")
    fa, fb, fc = (_host_min_value(fun, v, args) for v in (xa, xb, xc))
    if not (fb < fa and fb < fc):
        raise ValueError("Bracketing values (xa, xb, xc) do not fulfill this requirement: "
                         "(f(xb) < f(xa)) and (f(xb) < f(xc))")
    return xa, xb, xc, 3


def _host_min_value(fun, x, args):
    return float(np.asarray(ob.host(fun(x, *args))).reshape(()))


def _golden_solve(fn, data, lo, hi, rule, maxiter):
    """GoldenSearch on [lo, hi], run on t = x - lo in [0, hi - lo] (optimistix 0.1.0 places
    its first interior point at (upper - lower) / (phi + 1), right only when lower is 0)."""
    optx = ob.optx()
    width = float(hi - lo)
    stopped = ob.solvers().stopped("min", optx.GoldenSearch(rtol=0.0, atol=0.0), rule)
    return optx.minimise(lambda t, d: fn(lo + t, d), stopped, ob.put(width / 2), args=data,
                         options={"lower": 0.0, "upper": width}, max_steps=maxiter + 1,
                         throw=False)


def _bounded(fn, data, bounds, opts):
    if len(bounds) != 2:
        raise ValueError("bounds must have two elements.")
    lo, hi = bounds
    if not all(np.ndim(v) == 0 and np.isfinite(v) for v in (lo, hi)):
        raise ValueError("Optimization bounds must be finite scalars.")
    if lo > hi:
        raise ValueError("The lower bound exceeds the upper bound.")
    xatol, maxiter = opts.get("xatol", 1e-5), opts.get("maxiter", 500)
    jnp = ob.jnp()
    first_code = ob.solvers().first_code

    def rule(t):
        # SciPy's bounded test: |x - mid| <= 2 tol1 - (b - a) / 2, tol1 = sqrt(eps)|x| + xatol/3
        s = t.inner
        x = lo + s.middle
        tol1 = np.sqrt(2.2e-16) * jnp.abs(x) + xatol / 3.0
        mid = lo + 0.5 * (s.lower + s.upper)
        done = jnp.abs(x - mid) <= 2.0 * tol1 - 0.5 * (s.upper - s.lower)
        return first_code((~t.first & done, 1), (t.steps + 1 >= maxiter, 2))

    ob.count("minimize_scalar")
    sol = _golden_solve(fn, data, float(lo), float(hi), rule, maxiter)
    s = sol.state.inner
    flag = 0 if int(sol.stats["stop_code"]) == 1 else 1
    x, fx = lo + np.float64(ob.host(s.middle)), np.float64(ob.host(s.f_middle))
    if np.isnan(x) or np.isnan(fx):
        flag = 2
    return so.OptimizeResult(
        fun=fx, status=flag, success=flag == 0,
        message={0: "Solution found.", 1: "Maximum number of function calls reached.",
                 2: "NaN result encountered."}[flag],
        x=x, nfev=int(sol.state.steps) + 1, nit=int(sol.state.steps) + 1)


def _golden(fn, data, meth, found, opts):
    xa, _, xc, calls = found
    default = 1.48e-8 if meth == "brent" else np.sqrt(np.finfo(float).eps)
    xtol = opts.get("xtol", default)
    if xtol < 0:
        raise ValueError(f"tolerance should be >= 0, got {xtol!r}")
    maxiter = opts.get("maxiter", 500 if meth == "brent" else 5000)
    jnp = ob.jnp()
    first_code = ob.solvers().first_code
    lo, hi = float(min(xa, xc)), float(max(xa, xc))

    def rule(t):
        s = t.inner
        x = lo + s.middle
        if meth == "brent":   # Brent's test, tol1 = xtol |x| + 1e-11
            tol1 = xtol * jnp.abs(x) + 1e-11
            done = jnp.abs(s.middle - 0.5 * (s.lower + s.upper)) <= \
                2.0 * tol1 - 0.5 * (s.upper - s.lower)
        else:                 # golden's: the bracket below xtol (|x1| + |x2|)
            done = s.upper - s.lower <= xtol * 2.0 * jnp.abs(x)
        return first_code((~t.first & done, 1), (t.steps >= maxiter, 2))

    ob.count("minimize_scalar")
    sol = _golden_solve(fn, data, lo, hi, rule, maxiter)
    s = sol.state.inner
    x, fx = lo + np.float64(ob.host(s.middle)), np.float64(ob.host(s.f_middle))
    nit = int(sol.state.steps)
    success = int(sol.stats["stop_code"]) == 1 and not (np.isnan(x) or np.isnan(fx))
    if success:
        message = ("\nOptimization terminated successfully;\nThe returned value satisfies "
                   f"the termination criteria\n(using xtol = {xtol} )")
    elif np.isnan(x) or np.isnan(fx):
        message = "NaN result encountered."
    else:
        message = "\nMaximum number of iterations exceeded"
    return so.OptimizeResult(fun=fx, x=x, nit=nit, nfev=calls + nit + 1, success=success,
                             message=message)
