"""npjax.scipy.cluster: scipy.cluster.vq and scipy.cluster.hierarchy, SciPy's functions run on
host copies (a recorded fallback for device arrays; array results come back as npjax
arrays)."""
from ._common import serve, sub_namespace

# `import npjax.scipy.cluster.vq` works: the subpackages are registered at import
vq = sub_namespace("cluster.vq")
hierarchy = sub_namespace("cluster.hierarchy")

__getattr__, __dir__ = serve("cluster", globals())
