"""npjax.scipy.optimize: SciPy's optimizers on optimistix, derivatives by JAX autodiff.

The objective is traced: it is called with npjax arrays holding JAX tracers, so code written
with npjax (or NumPy code run by `python -m npjax run`) becomes one JAX graph that optimistix
iterates and differentiates — no finite differences; a `jac`, `hess`, `hessp` or `fprime`
given by the user is used as the derivative. Results are SciPy's own classes with SciPy's
fields, x in float64; each method stops by SciPy's own tests and tolerances (see `_minimize`,
`_lsq`, `_scalar` for the solver behind each method), so solutions agree within them while
iteration and evaluation counts differ (they count what optimistix did).

Run on SciPy as recorded fallbacks (`npjax.stats()`, a NumPyFallbackWarning), decided before
any solve: bounds, constraints, callbacks, robust losses, methods without an optimistix
solver here, options SciPy's path alone honours (disp, return_all...), and objectives that
cannot be traced — Python control flow on values, float(x), calls npjax sends to NumPy. That
last case is known only by trying: the objective is traced once abstractly before the solve
(`jax.eval_shape`), and only JAX's tracer errors send the call to SciPy.

Each call traces and compiles its solve (the objective is Python code that may have changed);
device-tier arrays among the arguments (and curve_fit's data) are inputs of the compiled solve,
not constants in it, so JAX's persistent compilation cache serves a repeated solve on new data
and a later run. Arrays the objective reaches by closure are constants. An objective must not
keep the arrays it is called with (they hold tracers), as with `jax.jit`. Every other public
name of scipy.optimize is SciPy's, served by `npjax.scipy._common.serve`.
"""
from ..._dispatch import exported as _exported
from .._common import serve as _serve
from ._lsq import curve_fit, least_squares, root
from ._minimize import minimize
from ._scalar import bisect, brentq, minimize_scalar, newton, root_scalar

__getattr__, __dir__ = _serve("optimize", globals())


def _export():
    import scipy.optimize as so
    for name in ("minimize", "least_squares", "curve_fit", "root", "brentq", "bisect",
                 "newton", "root_scalar", "minimize_scalar"):
        fn = globals()[name]
        _exported(fn, f"scipy.optimize.{name}", getattr(so, name), doc=fn.__doc__,
                  module="npjax.scipy.optimize")


_export()
del _export
