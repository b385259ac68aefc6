"""npjax.scipy.fft: scipy.fft on jax.numpy.fft / jax.scipy.fft for device arrays.

Dtypes are SciPy's (float32 and float16 input transform in single precision: complex64 /
float32 results; integers in double). `norm=` takes SciPy's modes; `workers=` and
`overwrite_x=` are performance hints SciPy may ignore too, and are ignored here; a `plan=`
is SciPy's (a recorded fallback). dct/idct/dctn/idctn are native for type 2 (JAX's only
type) with norm None, "backward" or "ortho" and real input; other calls are SciPy's.
Names not defined here are SciPy's, run on host copies (a recorded fallback for device
arrays).
"""
import scipy.fft as _sf

from .._funcs.creation import _created
from ..fft import _nd_jax, _work_input, _small_probe
from .._dispatch import resolve as _resolve
from . import _common
from ._common import serve, small_probe

_ND = ("fft2", "ifft2", "fftn", "ifftn", "rfft2", "irfft2", "rfftn", "irfftn", "hfft2",
       "ihfft2", "hfftn", "ihfftn")


def _transform(name):
    nd = name in _ND
    if nd:
        core = _nd_jax(name, (-2, -1) if name.endswith("2") else None)

        def run(x, s=None, axes=None if not name.endswith("2") else (-2, -1), norm=None,
                overwrite_x=False, workers=None, *, plan=None):
            return core(x, s=s, axes=axes, norm=norm)
    else:
        def run(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
            return _resolve(f"fft.{name}")(x, n=n, axis=axis, norm=norm)
    run.__name__ = name
    sp_fn = getattr(_sf, name)
    return _common.native("fft", name, run, result=_small_probe(name, sp_fn),
                          prepare=_work_input(name), unsupported=("plan",))


fft = _transform("fft")
ifft = _transform("ifft")
fft2 = _transform("fft2")
ifft2 = _transform("ifft2")
fftn = _transform("fftn")
ifftn = _transform("ifftn")
rfft = _transform("rfft")
irfft = _transform("irfft")
rfft2 = _transform("rfft2")
irfft2 = _transform("irfft2")
rfftn = _transform("rfftn")
irfftn = _transform("irfftn")
hfft = _transform("hfft")
ihfft = _transform("ihfft")


def _shift(name):
    def run(x, axes=None):
        return _resolve(f"fft.{name}")(x, axes=axes)
    run.__name__ = name
    return _common.native("fft", name, run)


fftshift = _shift("fftshift")
ifftshift = _shift("ifftshift")


def _freq(name):
    fn = _created(f"scipy.fft.{name}", getattr(_sf, name))
    fn.__module__ = "npjax.scipy.fft"
    return fn


fftfreq = _freq("fftfreq")
rfftfreq = _freq("rfftfreq")


# ---- discrete cosine transforms ---------------------------------------------------------------
def _dct_supports(args, kwargs):
    type_ = kwargs.get("type", args[1] if len(args) > 1 else 2)
    norm = kwargs.get("norm", args[4] if len(args) > 4 else None)
    if type_ != 2:
        return f"DCT type {type_} runs on SciPy"
    if norm not in (None, "backward", "ortho"):
        return f"norm={norm!r} runs on SciPy"
    if kwargs.get("orthogonalize") is not None:
        return "orthogonalize= runs on SciPy"
    x = args[0]
    dt = getattr(x, "dtype", None)
    if dt is not None and dt.kind == "c":
        return "complex input runs on SciPy"
    return None


def _dct_input(args, kwargs):
    """SciPy transforms float32/float16 in single precision, other real input in double."""
    x = args[0]
    want = "float32" if str(x.dtype) in ("float16", "float32") else "float64"
    if str(x.dtype) != want:
        x = x.astype(want)
    return (x,) + tuple(args[1:]), kwargs


def _dct(name):
    nd = name.endswith("n")
    jsp = _common.jax_scipy(f"fft.{name}")
    if nd:
        def run(x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None,
                orthogonalize=None):
            if norm == "backward":
                norm = None
            if axes is not None and not isinstance(axes, (list, tuple)):
                axes = (axes,)
            return jsp(x, type=type, s=s, axes=axes, norm=norm)
    else:
        def run(x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None,
                orthogonalize=None):
            return jsp(x, type=type, n=n, axis=axis, norm=None if norm == "backward" else norm)
    run.__name__ = name
    sp_fn = getattr(_sf, name)
    return _common.native("fft", name, run, supports=_dct_supports, prepare=_dct_input,
                          result=small_probe(f"scipy.fft.{name}", sp_fn, fill=1))


dct = _dct("dct")
idct = _dct("idct")
dctn = _dct("dctn")
idctn = _dct("idctn")

__getattr__, __dir__ = serve("fft", globals())
