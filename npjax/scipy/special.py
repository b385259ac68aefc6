"""npjax.scipy.special: scipy.special on jax.scipy.special where JAX matches SciPy.

The natives below agree with SciPy to ~1e-10 relative on the tested grids (tests/
test_scipy.py); names not defined here are SciPy's, run on host copies (a recorded fallback
for device arrays). They are functions, not ufunc objects: ufunc methods (`.outer`...) and
the ufunc keywords `where=`/`dtype=` fall back to SciPy.
"""
from ._common import serve, native_ufuncs

UNARY = ("gamma", "erf", "erfc", "erfcx", "erfinv", "expit", "logit", "i0", "i0e", "i1",
         "i1e", "ndtr", "ndtri", "log_ndtr", "entr", "dawsn", "loggamma", "gammasgn", "spence")
BINARY = ("xlogy", "xlog1py", "kl_div", "gammainc", "gammaincc", "boxcox", "boxcox1p")

native_ufuncs("special", UNARY, globals(), 1)
native_ufuncs("special", BINARY, globals(), 2)

__getattr__, __dir__ = serve("special", globals())
