"""Mathematical functions: NumPy's ufuncs and the math, sums, products and
differences section of its docs."""
import numpy as np

from .._dispatch import function
from .._ufunc import ufunc

abs = ufunc(np.abs, 'abs')
absolute = ufunc(np.absolute, 'absolute')
acos = ufunc(np.acos, 'acos')
acosh = ufunc(np.acosh, 'acosh')
add = ufunc(np.add, 'add', methods=True)
arccos = ufunc(np.arccos, 'arccos')
arccosh = ufunc(np.arccosh, 'arccosh')
arcsin = ufunc(np.arcsin, 'arcsin')
arcsinh = ufunc(np.arcsinh, 'arcsinh')
arctan = ufunc(np.arctan, 'arctan')
arctan2 = ufunc(np.arctan2, 'arctan2')
arctanh = ufunc(np.arctanh, 'arctanh')
asin = ufunc(np.asin, 'asin')
asinh = ufunc(np.asinh, 'asinh')
atan = ufunc(np.atan, 'atan')
atan2 = ufunc(np.atan2, 'atan2')
atanh = ufunc(np.atanh, 'atanh')
bitwise_and = ufunc(np.bitwise_and, 'bitwise_and', methods=True)
bitwise_count = ufunc(np.bitwise_count, 'bitwise_count')
bitwise_invert = ufunc(np.bitwise_invert, 'bitwise_invert')
bitwise_left_shift = ufunc(np.bitwise_left_shift, 'bitwise_left_shift')
bitwise_not = ufunc(np.bitwise_not, 'bitwise_not')
bitwise_or = ufunc(np.bitwise_or, 'bitwise_or', methods=True)
bitwise_right_shift = ufunc(np.bitwise_right_shift, 'bitwise_right_shift')
bitwise_xor = ufunc(np.bitwise_xor, 'bitwise_xor', methods=True)
cbrt = ufunc(np.cbrt, 'cbrt')
ceil = ufunc(np.ceil, 'ceil')
conj = ufunc(np.conj, 'conj')
conjugate = ufunc(np.conjugate, 'conjugate')
copysign = ufunc(np.copysign, 'copysign')
cos = ufunc(np.cos, 'cos')
cosh = ufunc(np.cosh, 'cosh')
deg2rad = ufunc(np.deg2rad, 'deg2rad')
degrees = ufunc(np.degrees, 'degrees')
divide = ufunc(np.divide, 'divide')
divmod = ufunc(np.divmod, 'divmod')
equal = ufunc(np.equal, 'equal')
exp = ufunc(np.exp, 'exp')
exp2 = ufunc(np.exp2, 'exp2')
expm1 = ufunc(np.expm1, 'expm1')
fabs = ufunc(np.fabs, 'fabs')
float_power = ufunc(np.float_power, 'float_power')
floor = ufunc(np.floor, 'floor')
floor_divide = ufunc(np.floor_divide, 'floor_divide')
fmax = ufunc(np.fmax, 'fmax')
fmin = ufunc(np.fmin, 'fmin')
fmod = ufunc(np.fmod, 'fmod')
frexp = ufunc(np.frexp, 'frexp')
gcd = ufunc(np.gcd, 'gcd')
greater = ufunc(np.greater, 'greater')
greater_equal = ufunc(np.greater_equal, 'greater_equal')
heaviside = ufunc(np.heaviside, 'heaviside')
hypot = ufunc(np.hypot, 'hypot')
invert = ufunc(np.invert, 'invert')
isfinite = ufunc(np.isfinite, 'isfinite')
isinf = ufunc(np.isinf, 'isinf')
isnan = ufunc(np.isnan, 'isnan')
isnat = ufunc(np.isnat, None)
lcm = ufunc(np.lcm, 'lcm')
ldexp = ufunc(np.ldexp, 'ldexp')
left_shift = ufunc(np.left_shift, 'left_shift')
less = ufunc(np.less, 'less')
less_equal = ufunc(np.less_equal, 'less_equal')
log = ufunc(np.log, 'log')
log10 = ufunc(np.log10, 'log10')
log1p = ufunc(np.log1p, 'log1p')
log2 = ufunc(np.log2, 'log2')
logaddexp = ufunc(np.logaddexp, 'logaddexp', methods=True)
logaddexp2 = ufunc(np.logaddexp2, 'logaddexp2', methods=True)
logical_and = ufunc(np.logical_and, 'logical_and', methods=True)
logical_not = ufunc(np.logical_not, 'logical_not')
logical_or = ufunc(np.logical_or, 'logical_or', methods=True)
logical_xor = ufunc(np.logical_xor, 'logical_xor', methods=True)
matmul = ufunc(np.matmul, 'matmul')
matvec = ufunc(np.matvec, 'matvec')
maximum = ufunc(np.maximum, 'maximum', methods=True)
minimum = ufunc(np.minimum, 'minimum', methods=True)
mod = ufunc(np.mod, 'mod')
modf = ufunc(np.modf, 'modf')
multiply = ufunc(np.multiply, 'multiply', methods=True)
negative = ufunc(np.negative, 'negative', methods=True)
nextafter = ufunc(np.nextafter, 'nextafter')
not_equal = ufunc(np.not_equal, 'not_equal')
positive = ufunc(np.positive, 'positive')
pow = ufunc(np.pow, 'pow')
power = ufunc(np.power, 'power')
rad2deg = ufunc(np.rad2deg, 'rad2deg')
radians = ufunc(np.radians, 'radians')
reciprocal = ufunc(np.reciprocal, 'reciprocal')
remainder = ufunc(np.remainder, 'remainder')
right_shift = ufunc(np.right_shift, 'right_shift')
rint = ufunc(np.rint, 'rint')
sign = ufunc(np.sign, 'sign')
signbit = ufunc(np.signbit, 'signbit')
sin = ufunc(np.sin, 'sin')
sinh = ufunc(np.sinh, 'sinh')
spacing = ufunc(np.spacing, 'spacing')
sqrt = ufunc(np.sqrt, 'sqrt')
square = ufunc(np.square, 'square')
subtract = ufunc(np.subtract, 'subtract', methods=True)
tan = ufunc(np.tan, 'tan')
tanh = ufunc(np.tanh, 'tanh')
true_divide = ufunc(np.true_divide, 'true_divide')
trunc = ufunc(np.trunc, 'trunc')
vecdot = ufunc(np.vecdot, 'vecdot')
vecmat = ufunc(np.vecmat, 'vecmat')

sum = function('sum', np.sum, 'sum', accum_dtype=True)
prod = function('prod', np.prod, 'prod', accum_dtype=True)
cumsum = function('cumsum', np.cumsum, 'cumsum', accum_dtype=True)
cumprod = function('cumprod', np.cumprod, 'cumprod', accum_dtype=True)
cumulative_sum = function('cumulative_sum', np.cumulative_sum, 'cumulative_sum',
                          accum_dtype=True)
cumulative_prod = function('cumulative_prod', np.cumulative_prod, 'cumulative_prod',
                           accum_dtype=True)
nansum = function('nansum', np.nansum, 'nansum', accum_dtype=True)
nanprod = function('nanprod', np.nanprod, 'nanprod', accum_dtype=True)
nancumsum = function('nancumsum', np.nancumsum, 'nancumsum', accum_dtype=True)
nancumprod = function('nancumprod', np.nancumprod, 'nancumprod', accum_dtype=True)
diff = function('diff', np.diff, 'diff')


def _jax_ediff1d(ary, to_end=None, to_begin=None):
    # jnp.ediff1d takes arrays only; NumPy also takes lists and scalars (cast to ary's
    # dtype, which NumPy's probe has already checked)
    from .._backends.device import jnp
    # (stored into the result as NumPy does: an out-of-range int wraps, 2**16 -> 0 in int16)
    conv = [None if v is None else np.asarray(v).astype(ary.dtype) if not hasattr(v, "shape")
            else v for v in (to_end, to_begin)]
    return jnp.ediff1d(ary, to_end=conv[0], to_begin=conv[1])


ediff1d = function('ediff1d', np.ediff1d, _jax_ediff1d)
gradient = function('gradient', np.gradient, 'gradient')
convolve = function('convolve', np.convolve, 'convolve')
correlate = function('correlate', np.correlate, 'correlate')
clip = function('clip', np.clip, 'clip')


def _jax_round(a, decimals=0, out=None):
    from .._dispatch import resolve
    if decimals < 0 and a.dtype.kind in "iu":
        # NumPy rounds integers to tens/hundreds half-to-even through float division
        f = 10 ** -decimals
        return (resolve("round")(a / f) * f).astype(a.dtype)
    return resolve("round")(a, decimals)


around = function('around', np.around, _jax_round)
round = function('round', np.round, _jax_round)
fix = function('fix', np.fix, 'trunc')  # jax.numpy's fix is deprecated for trunc
angle = function('angle', np.angle, 'angle')
def real_if_close(a, tol=100):
    """numpy.real_if_close: the real part when every imaginary part is within `tol`
    machine epsilons of zero (one device sync to decide, as the result dtype depends on it)."""
    from .creation import asarray
    a = asarray(a)
    if a.dtype.kind != "c":
        return a
    if tol > 1:
        tol = np.finfo(a.dtype).eps * tol
    if bool(all(absolute(a.imag) < tol)):
        return a.real
    return a


real_if_close.__module__ = "npjax"
real_if_close.__wrapped__ = np.real_if_close
real_if_close._npjax_impl = "native"
sinc = function('sinc', np.sinc, 'sinc')
i0 = function('i0', np.i0, 'i0')
nan_to_num = function('nan_to_num', np.nan_to_num, 'nan_to_num')
interp = function('interp', np.interp, 'interp', arrays=(0, 1, 2))
trapezoid = function('trapezoid', np.trapezoid, 'trapezoid')
unwrap = function('unwrap', np.unwrap, 'unwrap')
cross = function('cross', np.cross, 'cross', arrays=(0, 1))
dot = function('dot', np.dot, 'dot', arrays=(0, 1))
vdot = function('vdot', np.vdot, 'vdot', arrays=(0, 1))
inner = function('inner', np.inner, 'inner', arrays=(0, 1))
outer = function('outer', np.outer, 'outer', arrays=(0, 1))
tensordot = function('tensordot', np.tensordot, 'tensordot', arrays=(0, 1))
einsum = function('einsum', np.einsum, 'einsum', arrays=("*",), unsupported=("order", "casting"))
kron = function('kron', np.kron, 'kron', arrays=(0, 1))
trace = function('trace', np.trace, 'trace', accum_dtype=True)



def real(val):
    """numpy.real: a view of the real part for arrays (writes reach the base)."""
    from .._array import ndarray
    if type(val) is ndarray:
        return val.real
    return np.real(val)


def imag(val):
    """numpy.imag: a view of the imaginary part for complex arrays."""
    from .._array import ndarray
    if type(val) is ndarray:
        return val.imag
    return np.imag(val)


def astype(x, dtype, /, *, copy=True, device=None):
    """numpy.astype (the array-API function form of ndarray.astype)."""
    from .._array import ndarray
    if type(x) is not ndarray:
        return np.astype(x, dtype, copy=copy, device=device)
    if device not in (None, "cpu"):
        raise ValueError(f"Device not understood. Only \"cpu\" is allowed, but received: "
                         f"{device}")
    return x.astype(dtype, copy=copy)


for _f in (real, imag, astype):
    _f.__module__ = "npjax"
    _f.__wrapped__ = getattr(np, _f.__name__)
    _f._npjax_impl = "native"

# bit packing (NumPy's "binary operations" section)
packbits = function('packbits', np.packbits, 'packbits')
unpackbits = function('unpackbits', np.unpackbits, 'unpackbits')
