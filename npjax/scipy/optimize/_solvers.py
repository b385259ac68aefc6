"""optimistix solvers stopped by SciPy's rules, and the Newton-CG method.

optimistix ends a solve when successive iterates and objective values agree to `rtol`/`atol`;
SciPy's methods stop on other tests (BFGS on the gradient norm, L-BFGS-B also on the relative
decrease of f, Nelder-Mead on the simplex size, least squares on ftol/xtol/gtol...).
`stopped(solver, rule)` runs an optimistix solver unchanged and ends it by `rule`, a function
of the `Track` state giving a stop code (0: go on), so SciPy's tolerances mean what they say.
The wrapped solver's own tolerances are 0: it stops by itself only when it fails.

Everything here runs inside the traced solve. Imported when a solve runs (optimistix and
equinox load with it, not with npjax).
"""
from collections.abc import Callable
from typing import Any

import equinox as eqx
import optimistix as optx
from optimistix import RESULTS

from ..._backends.device import jnp, lax


class Track(eqx.Module):
    inner: Any        # the wrapped solver's state
    x: Any            # the accepted point
    x_prev: Any       # the accepted point before it
    f_prev: Any       # the objective (least squares: the cost) at x_prev
    nit: Any          # accepted moves
    steps: Any        # steps taken (one objective evaluation each for line searches)
    rejects: Any      # trial points rejected since the last accepted one
    first: Any        # no step taken yet


def _stopped_class(base):
    class Stopped(base):
        inner: Any
        rule: Callable = eqx.field(static=True)
        value: Callable = eqx.field(static=True)
        report: Callable = eqx.field(static=True)
        rtol: float = 0.0
        atol: float = 0.0
        norm: Callable = eqx.field(static=True, default=optx.max_norm)

        def init(self, fn, y, args, options, f_struct, aux_struct, tags):
            inner = self.inner.init(fn, y, args, options, f_struct, aux_struct, tags)
            zero = jnp.array(0)
            return Track(inner, y, y, jnp.array(jnp.inf, jnp.result_type(y)), zero, zero,
                         zero, jnp.array(True))

        def step(self, fn, y, args, options, state, tags):
            new_y, inner, aux = self.inner.step(fn, y, args, options, state.inner, tags)
            moved = ~state.first & jnp.any(new_y != y)
            kept = state.first | moved
            track = Track(inner, new_y, jnp.where(moved, y, state.x_prev),
                          jnp.where(moved, self.value(state.inner), state.f_prev),
                          state.nit + moved, state.steps + 1,
                          jnp.where(kept, 0, state.rejects + 1), jnp.array(False))
            return new_y, track, aux

        def terminate(self, fn, y, args, options, state, tags):
            code = self.rule(state)
            done, result = self.inner.terminate(fn, y, args, options, state.inner, tags)
            return (code > 0) | done, RESULTS.where(code > 0, RESULTS.successful, result)

        def postprocess(self, fn, y, aux, args, options, state, tags, result):
            # the stop code and the caller's extra results, computed in the compiled solve
            y, aux, stats = self.inner.postprocess(fn, y, aux, args, options, state.inner,
                                                   tags, result)
            return y, aux, {**stats, "stop_code": self.rule(state), **self.report(state)}

    Stopped.__name__ = Stopped.__qualname__ = f"Stopped{base.__name__[8:]}"
    return Stopped


_STOPPED = {kind: _stopped_class(base) for kind, base in (
    ("min", optx.AbstractMinimiser), ("lsq", optx.AbstractLeastSquaresSolver),
    ("root", optx.AbstractRootFinder))}


def _nothing(_):
    return {}


def _zero(_):
    return jnp.array(0.0)


def stopped(kind, solver, rule, value=_zero, report=None):
    """`solver` (a minimiser, least-squares solver or root finder, by `kind`) ended by
    `rule(track) -> int code` (0: go on). `value(inner_state)` gives the objective at the
    accepted point, kept as `Track.f_prev` when the point moves on. The solution's stats
    get "stop_code" and `report(track)`, a dict of arrays (Jacobians, counts...)."""
    return _STOPPED[kind](solver, rule, value, report or _nothing)


def first_code(*pairs):
    """The code of the first true condition, 0 if none (conditions in priority order)."""
    code = jnp.array(0)
    for cond, value in reversed(pairs):
        code = jnp.where(cond, value, code)
    return code


# ---- Newton-CG ---------------------------------------------------------------------------
class _DirectionState(eqx.Module):
    direction: Any
    products: Any     # Hessian-vector products so far
    result: RESULTS


class TruncatedCG(optx.AbstractDescent):
    """SciPy's Newton-CG direction: conjugate gradients on H p = -g from p = 0, stopped at
    non-positive curvature (steepest descent if that happens at once), after 20 n iterations
    or at a residual of min(0.5, forcing(|g|_1)) |g|_1. SciPy's forcing is sqrt; the
    default here is the identity (quadratic convergence): backtracking cannot stretch a
    short step as SciPy's Wolfe search does, so the direction must be accurate enough to
    also serve as the error estimate of the xtol test. `hvp(y, v, data)` is the Hessian at
    y times v (data: the solve's runtime inputs, a field as descents do not see `args`).
    (lineax's CG has no truncation: it needs a positive definite operator.)"""
    hvp: Callable = eqx.field(static=True)
    data: Any = ()
    forcing: Callable = eqx.field(static=True, default=lambda magnitude: magnitude)

    def init(self, y, f_info_struct):
        return _DirectionState(jnp.zeros_like(y), jnp.array(0), RESULTS.successful)

    def query(self, y, f_info, state):
        g = f_info.grad
        eps = jnp.finfo(g.dtype).eps
        maggrad = jnp.sum(jnp.abs(g))
        termcond = jnp.minimum(0.5, self.forcing(maggrad)) * maggrad

        def cond(carry):
            i, _, _, _, _, done = carry
            return ~done & (i < 20 * g.size)

        def body(carry):
            i, p, r, d, rr, _ = carry
            hd = self.hvp(y, d, self.data)
            curv = jnp.vdot(d, hd)
            small = jnp.sum(jnp.abs(r)) <= termcond
            negative = curv < 0
            stop = small | ((curv >= 0) & (curv <= 3 * eps)) | negative
            alpha = rr / jnp.where(stop, 1.0, curv)
            first_negative = ~small & negative & (i == 0)
            p = jnp.where(first_negative, rr / -curv * -g, jnp.where(stop, p, p + alpha * d))
            r_new = r + alpha * hd
            rr_new = jnp.vdot(r_new, r_new)
            d_new = -r_new + rr_new / rr * d
            keep = lambda new, old: jnp.where(stop, old, new)   # noqa: E731
            return (i + 1, p, keep(r_new, r), keep(d_new, d), keep(rr_new, rr), stop)

        init = (jnp.array(0), jnp.zeros_like(g), g, -g, jnp.vdot(g, g), jnp.array(False))
        i, p, *_ = lax.while_loop(cond, body, init)
        return _DirectionState(p, state.products + i, RESULTS.successful)

    def step(self, step_size, state):
        return step_size * state.direction, state.result


class NewtonCG(optx.AbstractGradientDescent):
    """Line-search Newton with the truncated-CG direction above (optimistix's gradient
    descent loop and Armijo backtracking; SciPy searches for a Wolfe point instead)."""
    rtol: float
    atol: float
    norm: Callable = eqx.field(static=True)
    descent: TruncatedCG
    search: optx.BacktrackingArmijo
