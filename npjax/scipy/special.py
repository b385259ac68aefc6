"""npjax.scipy.special: scipy.special, on jax.scipy.special for device arrays where JAX's
function gives SciPy's values, special cases included.

SciPy's special functions are NumPy ufuncs; npjax serves those very objects
(`npjax.scipy.special.gamma is scipy.special.gamma`) and registers a JAX implementation for
the native ones, so a call on npjax device arrays (with `out=`, `where=`, `dtype=`,
broadcasting and NumPy's loop dtypes) runs on JAX whether it is spelled through npjax or
through SciPy. Like SciPy's single-precision loops, which evaluate in double and round,
float32 inputs are evaluated in float64 and the result rounded to float32. Where JAX's
special values differ from SciPy's (poles, infinities, NaN propagation) the native version
applies SciPy's rule for those points; where JAX loses digits (log_ndtr for x > 0,
rel_entr/kl_div at infinity) SciPy's formula is used. Elementary ones (expm1, log1p, cbrt,
exp2, exp10, erfcinv, exprel, log_expit) are jax.numpy formulas with SciPy's cut-offs.
Complex loops, and functions whose JAX version differs from SciPy's inside the domain or
may not terminate (gammainc/gammaincc for huge arguments, hyp1f1, hyp2f1, exp1, expn, expi,
beta, betaln, poch, owens_t, bernoulli, rgamma, ...) are SciPy's: a recorded fallback for
device arrays (for ufuncs through NumPy's `__array_ufunc__`, named "<ufunc>.__call__" in
`npjax.stats()`). Names not defined here are SciPy's, run on host copies (a recorded
fallback for device arrays). XLA flushes subnormal results to zero, where SciPy returns
them.
"""
import numpy as _np
import scipy.special as _sp

from .._ufunc import ufunc as _ufunc
from .._dispatch import call_fallback as _call_fallback
from .._array import ndarray as _ndarray
from . import _common
from ._common import serve, native, small_probe, jax_module, jnp as _jnp

_REAL = frozenset("fd")


def _double(*xs):
    """Inputs in double precision (SciPy's float32 loops evaluate in double too)."""
    jnp = _jnp()
    return [x.astype(jnp.float64) if x.dtype != jnp.float64 else x for x in xs]


def _keys(args):
    """The operands' dtypes (Python scalars by type, NEP 50), as NumPy resolves loops."""
    keys = []
    for a in args:
        if type(a) is _ndarray:
            keys.append(_np.dtype(a.dtype))
        elif type(a) in (int, float, complex):
            keys.append(type(a))
        elif type(a) is bool:
            keys.append(_np.dtype(bool))
        else:
            keys.append(_np.dtype(getattr(a, "dtype", None) or _np.asarray(a).dtype))
    return tuple(keys)


class _SpecialUfunc(_ufunc):
    """A scipy.special ufunc with a JAX implementation for its real loops."""

    __slots__ = ("_core", "_types", "_recorded")

    def __init__(self, sp_ufunc, core, types=_REAL):
        super().__init__(sp_ufunc, sp_ufunc.__name__)
        self._core = core
        self._types = types
        self._recorded = None
        self._doc = (f"npjax's scipy.special.{self.__name__}: SciPy's ufunc (see "
                     f"`scipy.special.{self.__name__}`), on JAX for device arrays.")

    def _jax_loop(self, real=False):
        if real:
            return f"jsp.special.{self.__name__}", self._core
        if self._recorded is None:
            from .._backends.device import recorded
            self._recorded = recorded(self._core, f"jsp.special.{self.__name__}")
        return self._recorded

    def _native_loop(self, loop):
        return all(_np.dtype(d).char in self._types for d in loop)

    def _fast_plan(self, args):
        try:
            loop = self._loop(_keys(args), None, "same_kind", args)
        except (TypeError, ValueError):
            return False     # the general path raises SciPy's error
        if not self._native_loop(loop):
            return False
        return super()._fast_plan(args)

    def _device_call(self, args, out, where, casting, dtype):
        keys = _keys(args)
        loop = self._loop(keys, dtype, casting, args)
        if not self._native_loop(loop):
            kwargs = {} if out is None else {"out": out}
            if where is not True:
                kwargs["where"] = where
            if casting != "same_kind":
                kwargs["casting"] = casting
            if dtype is not None:
                kwargs["dtype"] = dtype
            return _call_fallback(self.__name__, self._np, args, kwargs,
                                  f"no JAX loop for {loop}")
        return super()._device_call(args, out, where, casting, dtype)


def _direct(name):
    """JAX's function as it is, evaluated in double."""
    def core(*xs):
        return getattr(jax_module("special"), name)(*_double(*xs))
    core.__name__ = name
    return core


def _digamma(x):
    jnp = _jnp()
    x, = _double(x)
    r = jax_module("special").digamma(x)
    # SciPy: -inf at +0, +inf at -0 (JAX: NaN)
    return jnp.where(x == 0, -jnp.copysign(jnp.inf, x), r)


def _gammaln(x):
    jnp = _jnp()
    x, = _double(x)
    return jnp.where(x == -jnp.inf, -jnp.inf, jax_module("special").gammaln(x))


def _loggamma(x):
    jnp = _jnp()
    x, = _double(x)
    # SciPy's real loggamma: inf at 0, NaN for negative x
    r = jnp.where(x == 0, jnp.inf, jax_module("special").gammaln(x))
    return jnp.where(x < 0, jnp.nan, r)


def _rel_entr(x, y):
    jnp = _jnp()
    x, y = _double(x, y)
    # SciPy's definition, case by case (JAX's gives NaN for x = inf)
    both = (x > 0) & (y > 0)
    val = x * jnp.log(jnp.where(both, x / y, 1.0))
    r = jnp.where(both, val, jnp.where((x == 0) & (y >= 0), 0.0, jnp.inf))
    return jnp.where(jnp.isnan(x) | jnp.isnan(y), jnp.nan, r)


def _kl_div(x, y):
    jnp = _jnp()
    x, y = _double(x, y)
    both = (x > 0) & (y > 0)
    val = x * jnp.log(jnp.where(both, x / y, 1.0)) - x + y
    r = jnp.where(both, val, jnp.where((x == 0) & (y >= 0), y, jnp.inf))
    return jnp.where(jnp.isnan(x) | jnp.isnan(y), jnp.nan, r)


def _log_ndtr(x):
    jnp = _jnp()
    x, = _double(x)
    sp = jax_module("special")
    # JAX's log_ndtr loses digits for x > 0 (it takes the log of ndtr(x) near 1)
    return jnp.where(x > 0, jnp.log1p(-sp.ndtr(-x)), sp.log_ndtr(x))


def _fresnel(x):
    jnp = _jnp()
    x, = _double(x)
    s, c = jax_module("special").fresnel(x)
    # SciPy: NaN where x*x overflows (a finite x beyond ~1.3e154)
    bad = jnp.isfinite(x) & ~jnp.isfinite(x * x)
    return jnp.where(bad, jnp.nan, s), jnp.where(bad, jnp.nan, c)


def _zeta2(x, q):
    """Hurwitz zeta with SciPy's (Cephes') rules outside the series' domain."""
    jnp = _jnp()
    x, q = _double(x, q)
    inf, nan = jnp.inf, jnp.nan
    pole = (q <= 0) & (q == jnp.floor(q))
    r = jax_module("special").zeta(x, jnp.where(pole, 1.0, q))
    r = jnp.where(jnp.isnan(q), nan, r)
    r = jnp.where((q <= 0) & ~pole & (x != jnp.floor(x)), nan, r)
    r = jnp.where(pole, inf, r)
    r = jnp.where((q == inf) & (x > 1), 0.0, r)
    # x = inf: q**-x, or NaN from Cephes' series for 1 < q <= 1e8
    r = jnp.where((x == inf) & ~pole & ~jnp.isnan(q),
                  jnp.where(q < 1, inf, jnp.where(q == 1, 1.0, jnp.where(q > 1e8, 0.0, nan))),
                  r)
    r = jnp.where(x < 1, nan, r)
    return jnp.where(x == 1, inf, r)


def _elementwise(fn):
    """A jax.numpy formula evaluated in double."""
    def core(x):
        return fn(_jnp(), *_double(x))
    return core


def _erfcinv(x):
    x, = _double(x)
    return -jax_module("special").ndtri(x / 2) / _np.sqrt(2.0)


def _exprel(x):
    jnp = _jnp()
    x, = _double(x)
    # SciPy's cut-offs: 1 near 0, inf past exp's overflow
    return jnp.where(jnp.abs(x) < 1e-16, 1.0, jnp.where(x > 717, jnp.inf, jnp.expm1(x) / x))


def _log_expit(x):
    jnp = _jnp()
    x, = _double(x)
    return jnp.where(x < 0, x - jnp.log1p(jnp.exp(x)), -jnp.log1p(jnp.exp(-x)))


# native scipy.special ufuncs: SciPy's object -> the JAX computation of its real loops
_UFUNCS = {
    "expm1": _elementwise(lambda jnp, x: jnp.expm1(x)),
    "log1p": _elementwise(lambda jnp, x: jnp.log1p(x)),
    "cbrt": _elementwise(lambda jnp, x: jnp.cbrt(x)),
    "exp2": _elementwise(lambda jnp, x: jnp.exp2(x)),
    "exp10": _elementwise(lambda jnp, x: jnp.power(10.0, x)),
    "erfcinv": _erfcinv, "exprel": _exprel, "log_expit": _log_expit,
    "gamma": _direct("gamma"), "gammaln": _gammaln, "loggamma": _loggamma,
    "gammasgn": _direct("gammasgn"), "digamma": _digamma, "psi": _digamma,
    "erf": _direct("erf"), "erfc": _direct("erfc"), "erfcx": _direct("erfcx"),
    "erfinv": _direct("erfinv"), "dawsn": _direct("dawsn"),
    "expit": _direct("expit"), "logit": _direct("logit"),
    "ndtr": _direct("ndtr"), "ndtri": _direct("ndtri"), "log_ndtr": _log_ndtr,
    "i0": _direct("i0"), "i0e": _direct("i0e"), "i1": _direct("i1"), "i1e": _direct("i1e"),
    "entr": _direct("entr"), "rel_entr": _rel_entr, "kl_div": _kl_div,
    "xlogy": _direct("xlogy"), "xlog1py": _direct("xlog1py"),
    "spence": _direct("spence"), "sici": _direct("sici"), "fresnel": _fresnel,
    "betainc": _direct("betainc"),
}

for _name, _core in _UFUNCS.items():
    _sp_u = getattr(_sp, _name)
    if _sp_u.__name__ != _name:      # an alias (psi is digamma): one registration
        continue
    _SpecialUfunc(_sp_u, _core)
    globals()[_name] = _sp_u         # SciPy's own ufunc object, now native for npjax arrays
psi = digamma = _sp.psi
del _name, _core, _sp_u


# ---- scipy.special functions that are not ufuncs --------------------------------------------
def _logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    return _common.jax_scipy("special.logsumexp")(a, axis=axis, b=b, keepdims=keepdims,
                                                   return_sign=return_sign)


def _softmax(x, axis=None):
    return _common.jax_scipy("special.softmax")(x, axis=axis)


def _log_softmax(x, axis=None):
    return _common.jax_scipy("special.log_softmax")(x, axis=axis)


def _factorial(n, exact=False, extend="zero"):
    return _common.jax_scipy("special.factorial")(n)


def _comb(N, k, exact=False, repetition=False):
    return _common.jax_scipy("special.comb")(N, k)


def _zeta(x, q=None):
    return _common.jitted(_zeta2, "scipy.special.zeta")(x, q)


def _polygamma_core(n, x):
    jnp = _jnp()
    n, x = _double(jnp.asarray(n), jnp.asarray(x))
    fac2 = (-1.0) ** (n + 1) * jax_module("special").gamma(n + 1.0) * _zeta2(n + 1, x)
    return jnp.where(n == 0, _digamma(x), fac2)


def _polygamma(n, x):
    return _common.jitted(_polygamma_core, "scipy.special.polygamma")(n, x)


def _not_exact(args, kwargs):
    if kwargs.get("exact", args[1] if len(args) > 1 else False):
        return "exact=True (Python integers) runs on SciPy"
    if kwargs.get("extend", args[2] if len(args) > 2 else "zero") != "zero":
        return "extend='complex' runs on SciPy"
    return None


def _comb_supports(args, kwargs):
    if len(args) > 2:
        return None  # SciPy's own TypeError (exact is keyword-only)
    if kwargs.get("exact") or kwargs.get("repetition"):
        return "exact=/repetition= run on SciPy"
    return None


def _zeta_supports(args, kwargs):
    q = kwargs.get("q", args[1] if len(args) > 1 else None)
    return "the Riemann zeta function (q=None) runs on SciPy" if q is None else None


logsumexp = native("special", "logsumexp", _logsumexp, arrays=(0,),
                   result=small_probe("scipy.special.logsumexp", _sp.logsumexp))
softmax = native("special", "softmax", _softmax,
                 result=small_probe("scipy.special.softmax", _sp.softmax))
log_softmax = native("special", "log_softmax", _log_softmax,
                     result=small_probe("scipy.special.log_softmax", _sp.log_softmax))
factorial = native("special", "factorial", _factorial, supports=_not_exact,
                   result=small_probe("scipy.special.factorial", _sp.factorial))
comb = native("special", "comb", _comb, arrays=(0, 1), supports=_comb_supports,
              result=small_probe("scipy.special.comb", _sp.comb))
zeta = native("special", "zeta", _zeta, arrays=(0, 1), supports=_zeta_supports,
              result=small_probe("scipy.special.zeta", _sp.zeta, fill=2))
polygamma = native("special", "polygamma", _polygamma, arrays=(0, 1),
                   result=small_probe("scipy.special.polygamma", _sp.polygamma))

# scipy.special.sinc is NumPy's sinc: so is npjax's
from .._funcs.math import sinc as _npjax_sinc  # noqa: E402
sinc = _npjax_sinc

__getattr__, __dir__ = serve("special", globals())
