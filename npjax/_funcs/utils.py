"""Functions about arrays rather than on their values: shapes, dtypes, memory overlap,
error handling, and NumPy's helpers that call user functions (run on the host)."""
import numpy as np

from .._array import ndarray
from .._dispatch import function, abstract


def _meta(name, np_fn):
    """NumPy answers from a stand-in with the array's shape and dtype (no data moves)."""
    def public(*args, **kwargs):
        args = [abstract(a) if type(a) is ndarray else a for a in args]
        kwargs = {k: abstract(v) if type(v) is ndarray else v for k, v in kwargs.items()}
        return np_fn(*args, **kwargs)
    public.__name__ = public.__qualname__ = name
    public.__doc__ = f"npjax's {name}: NumPy's own (see `numpy.{name}`)."
    public.__wrapped__ = np_fn
    public.__module__ = "npjax"
    public._npjax_impl = "native"
    return public


shape = _meta("shape", np.shape)
ndim = _meta("ndim", np.ndim)
size = _meta("size", np.size)
result_type = _meta("result_type", np.result_type)
can_cast = _meta("can_cast", np.can_cast)
common_type = _meta("common_type", np.common_type)
iscomplexobj = _meta("iscomplexobj", np.iscomplexobj)
isrealobj = _meta("isrealobj", np.isrealobj)
isfortran = _meta("isfortran", np.isfortran)
einsum_path = _meta("einsum_path", np.einsum_path)
mintypecode = np.mintypecode
isscalar = np.isscalar
iterable = np.iterable
broadcast_shapes = np.broadcast_shapes
issubdtype = np.issubdtype
isdtype = np.isdtype
promote_types = np.promote_types
typename = np.typename
min_scalar_type = function("min_scalar_type", np.min_scalar_type, None, prefer_host=True)

geterr = np.geterr
seterr = np.seterr
geterrcall = np.geterrcall
seterrcall = np.seterrcall
getbufsize = np.getbufsize
setbufsize = np.setbufsize
info = np.info
show_config = np.show_config
show_runtime = np.show_runtime
get_include = np.get_include
test = np.test


def shares_memory(a, b, max_work=None):
    """Exact overlap test; for device arrays it is decided on their layouts."""
    return _overlap(np.shares_memory, a, b, max_work)


def may_share_memory(a, b, max_work=None):
    return _overlap(np.may_share_memory, a, b, max_work)


def _overlap(np_fn, a, b, max_work):
    if type(a) is ndarray and type(b) is ndarray:
        ra = a._root if a._root is not None else a
        rb = b._root if b._root is not None else b
        if a._on_host and b._on_host:
            return np_fn(a._value(), b._value(), max_work=max_work)
        if ra is not rb:
            return False
        from .._views import fake_layout
        base = fake_layout(ra._buf.shape, ra._buf.dtype)
        return np_fn(a._layout(base), b._layout(base), max_work=max_work)
    if type(a) is ndarray:
        if not a._on_host:
            return False
        a = a._value()
    if type(b) is ndarray:
        if not b._on_host:
            return False
        b = b._value()
    return np_fn(a, b, max_work=max_work)


shares_memory.__module__ = may_share_memory.__module__ = "npjax"
shares_memory._npjax_impl = may_share_memory._npjax_impl = "native"

apply_along_axis = function("apply_along_axis", np.apply_along_axis, None, arrays=(2,))
apply_over_axes = function("apply_over_axes", np.apply_over_axes, None, arrays=(1,))
piecewise = function("piecewise", np.piecewise, None)
frompyfunc = np.frompyfunc
nested_iters = np.nested_iters
busday_count = np.busday_count
busday_offset = np.busday_offset
is_busday = np.is_busday
datetime_as_string = np.datetime_as_string
datetime_data = np.datetime_data
asmatrix = np.asmatrix
bmat = np.bmat


class vectorize(np.vectorize):
    """numpy.vectorize over npjax arrays: NumPy semantics, run on the host."""

    def __call__(self, *args, **kwargs):
        from .._dispatch import call_host
        return call_host("vectorize", super().__call__, args, kwargs)
