"""npjax.scipy.spatial: scipy.spatial; names not defined here are SciPy's, run on host copies
(a recorded fallback for device arrays)."""
from .._common import serve
from . import distance  # noqa: F401

__getattr__, __dir__ = serve("spatial", globals())
