"""npjax: NumPy's API on JAX. `import npjax as np`.

This file is an index: every public name is re-exported from the family module that
implements it (npjax/_funcs/<family>.py). Names NumPy has and npjax does not implement
resolve through `__getattr__` to a recorded NumPy fallback.
"""
from . import _methods  # noqa: F401  (attaches ndarray methods)
from ._array import ndarray as ndarray
from ._config import config as config
from ._dispatch import clear_caches as clear_caches, sync as sync
from ._stats import stats as stats, NumPyFallbackWarning as NumPyFallbackWarning
from ._stats import FallbackError as FallbackError
from ._stats import RecompileWarning as RecompileWarning
from ._ufunc import ufunc as ufunc
from ._methods import flatiter as flatiter
from .transforms import (  # noqa: F401
    jit as jit, grad as grad, value_and_grad as value_and_grad, vectorize as vectorize,
    JitFallbackWarning as JitFallbackWarning,
)
from .profiler import profile as profile
from .sharding import (  # noqa: F401
    shard as shard, replicate as replicate, visualize_sharding as visualize_sharding)

from ._funcs.creation import (  # noqa: F401
    zeros as zeros, ones as ones, empty as empty, full as full, zeros_like as zeros_like,
    ones_like as ones_like, empty_like as empty_like, full_like as full_like, arange as arange,
    linspace as linspace, logspace as logspace, geomspace as geomspace, eye as eye,
    identity as identity, tri as tri, indices as indices, fromfunction as fromfunction,
    frombuffer as frombuffer, fromiter as fromiter, fromstring as fromstring,
    fromfile as fromfile, fromregex as fromregex, loadtxt as loadtxt, genfromtxt as genfromtxt,
    diag as diag, diagflat as diagflat, tril as tril, triu as triu,
    vander as vander, meshgrid as meshgrid, array as array, asarray as asarray,
    asanyarray as asanyarray, ascontiguousarray as ascontiguousarray,
    asfortranarray as asfortranarray, asarray_chkfinite as asarray_chkfinite,
    require as require, copy as copy, from_dlpack as from_dlpack,
)

from ._funcs.manipulation import (  # noqa: F401
    transpose as transpose, swapaxes as swapaxes, moveaxis as moveaxis, rollaxis as rollaxis,
    permute_dims as permute_dims, matrix_transpose as matrix_transpose, squeeze as squeeze,
    expand_dims as expand_dims, reshape as reshape, ravel as ravel, atleast_1d as atleast_1d,
    atleast_2d as atleast_2d, atleast_3d as atleast_3d, flip as flip, fliplr as fliplr,
    flipud as flipud, rot90 as rot90, broadcast_to as broadcast_to,
    broadcast_arrays as broadcast_arrays, concatenate as concatenate, concat as concat,
    stack as stack, vstack as vstack, hstack as hstack, dstack as dstack,
    column_stack as column_stack, row_stack as row_stack, block as block, split as split,
    array_split as array_split, hsplit as hsplit, vsplit as vsplit, dsplit as dsplit,
    unstack as unstack, tile as tile, repeat as repeat, delete as delete, insert as insert,
    append as append, resize as resize, trim_zeros as trim_zeros, roll as roll, pad as pad,
)

from ._funcs.indexing import (  # noqa: F401
    take as take, take_along_axis as take_along_axis, choose as choose, compress as compress,
    select as select, diagonal as diagonal, diag_indices as diag_indices,
    diag_indices_from as diag_indices_from, tril_indices as tril_indices,
    tril_indices_from as tril_indices_from, triu_indices as triu_indices,
    triu_indices_from as triu_indices_from, mask_indices as mask_indices, ix_ as ix_,
    unravel_index as unravel_index, ravel_multi_index as ravel_multi_index, put as put,
    putmask as putmask, place as place, copyto as copyto, fill_diagonal as fill_diagonal,
    put_along_axis as put_along_axis, r_ as r_, c_ as c_, mgrid as mgrid, ogrid as ogrid,
    s_ as s_, index_exp as index_exp,
)

from ._funcs.math import (  # noqa: F401
    abs as abs, absolute as absolute, acos as acos, acosh as acosh, add as add,
    arccos as arccos, arccosh as arccosh, arcsin as arcsin, arcsinh as arcsinh,
    arctan as arctan, arctan2 as arctan2, arctanh as arctanh, asin as asin, asinh as asinh,
    atan as atan, atan2 as atan2, atanh as atanh, bitwise_and as bitwise_and,
    bitwise_count as bitwise_count, bitwise_invert as bitwise_invert,
    bitwise_left_shift as bitwise_left_shift, bitwise_not as bitwise_not,
    bitwise_or as bitwise_or, bitwise_right_shift as bitwise_right_shift,
    bitwise_xor as bitwise_xor, cbrt as cbrt, ceil as ceil, conj as conj,
    conjugate as conjugate, copysign as copysign, cos as cos, cosh as cosh, deg2rad as deg2rad,
    degrees as degrees, divide as divide, divmod as divmod, equal as equal, exp as exp,
    exp2 as exp2, expm1 as expm1, fabs as fabs, float_power as float_power, floor as floor,
    floor_divide as floor_divide, fmax as fmax, fmin as fmin, fmod as fmod, frexp as frexp,
    gcd as gcd, greater as greater, greater_equal as greater_equal, heaviside as heaviside,
    hypot as hypot, invert as invert, isfinite as isfinite, isinf as isinf, isnan as isnan,
    isnat as isnat, lcm as lcm, ldexp as ldexp, left_shift as left_shift, less as less,
    less_equal as less_equal, log as log, log10 as log10, log1p as log1p, log2 as log2,
    logaddexp as logaddexp, logaddexp2 as logaddexp2, logical_and as logical_and,
    logical_not as logical_not, logical_or as logical_or, logical_xor as logical_xor,
    matmul as matmul, matvec as matvec, maximum as maximum, minimum as minimum, mod as mod,
    modf as modf, multiply as multiply, negative as negative, nextafter as nextafter,
    not_equal as not_equal, positive as positive, pow as pow, power as power,
    rad2deg as rad2deg, radians as radians, reciprocal as reciprocal, remainder as remainder,
    right_shift as right_shift, rint as rint, sign as sign, signbit as signbit, sin as sin,
    sinh as sinh, spacing as spacing, sqrt as sqrt, square as square, subtract as subtract,
    tan as tan, tanh as tanh, true_divide as true_divide, trunc as trunc, vecdot as vecdot,
    vecmat as vecmat, sum as sum, prod as prod, cumsum as cumsum, cumprod as cumprod,
    cumulative_sum as cumulative_sum, cumulative_prod as cumulative_prod, nansum as nansum,
    nanprod as nanprod, nancumsum as nancumsum, nancumprod as nancumprod, diff as diff,
    ediff1d as ediff1d, gradient as gradient, convolve as convolve, correlate as correlate,
    clip as clip, around as around, round as round, fix as fix, angle as angle,
    real_if_close as real_if_close, sinc as sinc, i0 as i0, nan_to_num as nan_to_num,
    interp as interp, trapezoid as trapezoid, unwrap as unwrap, cross as cross, dot as dot,
    vdot as vdot, inner as inner, outer as outer, tensordot as tensordot, einsum as einsum,
    kron as kron, trace as trace, real as real, imag as imag, astype as astype,
    packbits as packbits, unpackbits as unpackbits,
)

from ._funcs.statistics import (  # noqa: F401
    all as all, any as any, amax as amax, amin as amin, max as max, min as min, ptp as ptp,
    mean as mean, std as std, var as var, average as average, median as median,
    percentile as percentile, quantile as quantile, nanmedian as nanmedian,
    nanpercentile as nanpercentile, nanquantile as nanquantile, nanmax as nanmax,
    nanmin as nanmin, nanmean as nanmean, nanstd as nanstd, nanvar as nanvar,
    count_nonzero as count_nonzero, corrcoef as corrcoef, cov as cov, histogram as histogram,
    histogram2d as histogram2d, histogramdd as histogramdd,
    histogram_bin_edges as histogram_bin_edges, bincount as bincount, digitize as digitize,
)

from ._funcs.sorting import (  # noqa: F401
    sort as sort, argsort as argsort, lexsort as lexsort, partition as partition,
    argpartition as argpartition, searchsorted as searchsorted, argmax as argmax,
    argmin as argmin, nanargmax as nanargmax, nanargmin as nanargmin,
    sort_complex as sort_complex, nonzero as nonzero, flatnonzero as flatnonzero,
    argwhere as argwhere, where as where, extract as extract,
)

from ._funcs.logic import (  # noqa: F401
    allclose as allclose, isclose as isclose, array_equal as array_equal,
    array_equiv as array_equiv, iscomplex as iscomplex, isreal as isreal, isneginf as isneginf,
    isposinf as isposinf,
)

from ._funcs.setops import (  # noqa: F401
    unique as unique, unique_all as unique_all, unique_counts as unique_counts,
    unique_inverse as unique_inverse, unique_values as unique_values,
    intersect1d as intersect1d, union1d as union1d, setdiff1d as setdiff1d,
    setxor1d as setxor1d, isin as isin,
)

from ._funcs.polynomial import (  # noqa: F401
    poly as poly, polyadd as polyadd, polysub as polysub, polymul as polymul,
    polydiv as polydiv, polyder as polyder, polyint as polyint, polyval as polyval,
    polyfit as polyfit, roots as roots, bartlett as bartlett, blackman as blackman,
    hamming as hamming, hanning as hanning, kaiser as kaiser,
)

from ._funcs.io import (  # noqa: F401
    save as save, savez as savez, savez_compressed as savez_compressed, savetxt as savetxt,
    load as load,
    array2string as array2string, array_repr as array_repr, array_str as array_str,
    set_printoptions as set_printoptions, get_printoptions as get_printoptions,
    printoptions as printoptions, format_float_positional as format_float_positional,
    format_float_scientific as format_float_scientific, base_repr as base_repr,
    binary_repr as binary_repr,
)

from ._funcs.utils import (  # noqa: F401
    einsum_path as einsum_path,
    shape as shape, ndim as ndim, size as size, result_type as result_type,
    can_cast as can_cast, common_type as common_type, iscomplexobj as iscomplexobj,
    isrealobj as isrealobj, isfortran as isfortran, mintypecode as mintypecode,
    isscalar as isscalar, iterable as iterable, broadcast_shapes as broadcast_shapes,
    issubdtype as issubdtype, isdtype as isdtype, promote_types as promote_types,
    typename as typename, min_scalar_type as min_scalar_type, geterr as geterr,
    seterr as seterr, geterrcall as geterrcall, seterrcall as seterrcall,
    getbufsize as getbufsize, setbufsize as setbufsize, info as info,
    show_config as show_config, show_runtime as show_runtime, get_include as get_include,
    test as test, shares_memory as shares_memory, may_share_memory as may_share_memory,
    apply_along_axis as apply_along_axis, apply_over_axes as apply_over_axes,
    piecewise as piecewise, frompyfunc as frompyfunc, nested_iters as nested_iters,
    busday_count as busday_count, busday_offset as busday_offset, is_busday as is_busday,
    datetime_as_string as datetime_as_string, datetime_data as datetime_data,
    asmatrix as asmatrix, bmat as bmat,
)

# ---- NumPy's own types, dtypes and constants (shared, so `x.dtype == np.float64` holds) ----
from numpy import (  # noqa: F401,E402
    bool as bool, bool_ as bool_, int8 as int8, int16 as int16, int32 as int32,
    int64 as int64, uint8 as uint8, uint16 as uint16, uint32 as uint32, uint64 as uint64,
    float16 as float16, float32 as float32, float64 as float64, complex64 as complex64,
    complex128 as complex128, longdouble as longdouble, clongdouble as clongdouble,
    intp as intp, uintp as uintp, int_ as int_, uint as uint, intc as intc, uintc as uintc,
    long as long, ulong as ulong, longlong as longlong, ulonglong as ulonglong,
    byte as byte, ubyte as ubyte, short as short, ushort as ushort, half as half,
    single as single, double as double, csingle as csingle, cdouble as cdouble,
    generic as generic, number as number, integer as integer,
    signedinteger as signedinteger, unsignedinteger as unsignedinteger,
    inexact as inexact, floating as floating, complexfloating as complexfloating,
    character as character, flexible as flexible, bytes_ as bytes_, str_ as str_,
    void as void, object_ as object_, datetime64 as datetime64, timedelta64 as timedelta64,
    dtype as dtype, finfo as finfo, iinfo as iinfo, errstate as errstate,
    broadcast as broadcast, nditer as nditer, ndindex as ndindex, ndenumerate as ndenumerate,
    busdaycalendar as busdaycalendar, matrix as matrix, memmap as memmap,
    recarray as recarray, record as record, poly1d as poly1d,
    e as e, pi as pi, inf as inf, nan as nan, newaxis as newaxis, euler_gamma as euler_gamma,
    little_endian as little_endian, typecodes as typecodes, sctypeDict as sctypeDict,
    ScalarType as ScalarType, False_ as False_, True_ as True_,
    exceptions as exceptions, dtypes as dtypes,
)
import numpy as _np  # noqa: E402

for _name in ("float128", "complex256"):
    if hasattr(_np, _name):
        globals()[_name] = getattr(_np, _name)

# a script that checks `np.__version__` is asking which NumPy API it has: NumPy's; npjax's
# own version is `npjax_version`
__version__ = _np.__version__
npjax_version = "0.1.0"

# Submodules NumPy has and npjax serves from NumPy for now (host tier; device arrays are a
# recorded fallback), built on first access.
_SUBMODULES = ("linalg", "fft", "random", "testing", "polynomial", "ma", "lib", "emath",
               "char", "strings", "rec", "ctypeslib", "typing", "f2py", "core")


# The public ufuncs are NumPy's own objects: on NumPy arrays (the small arrays npjax makes
# are plain NumPy arrays) they cost what NumPy costs, and NumPy hands their calls on npjax
# arrays to npjax's implementation (`ndarray.__array_ufunc__` -> `_ufunc.DEVICE_UFUNCS`).
for _name, _obj in list(globals().items()):
    if type(_obj) is ufunc:
        globals()[_name] = _obj._np
del _name, _obj
from numpy import ufunc as ufunc  # noqa: E402,F811

from . import _fallback  # noqa: E402
from . import _interop  # noqa: E402

_interop.install_jax_hooks()


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(f"module 'npjax' has no attribute {name!r}")
    if name.startswith("_"):
        # NumPy's private names (np._NoValue, np._CopyMode) that code written for NumPy
        # reaches through the namespace: NumPy's own objects
        import numpy
        try:
            return getattr(numpy, name)
        except AttributeError:
            raise AttributeError(f"module 'npjax' has no attribute {name!r}") from None
    return _fallback.module_getattr(name)


def __dir__():
    return sorted(set(globals()) | set(_fallback.numpy_public_names()))
