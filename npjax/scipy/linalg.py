"""npjax.scipy.linalg: scipy.linalg; names not defined here are SciPy's, run on host copies
(a recorded fallback for device arrays)."""
from ._common import serve

__getattr__, __dir__ = serve("linalg", globals())
