"""npjax.scipy.sparse: scipy.sparse. Sparse matrix and array classes are SciPy's own (they
take npjax arrays, whose values they copy to the host); functions are SciPy's, run on host
copies (a recorded fallback for device arrays; array results come back as npjax arrays).
`sparse.linalg` and `sparse.csgraph` are served the same way."""
from ._common import serve, sub_namespace

# `import npjax.scipy.sparse.linalg` works: the subpackages are registered at import
linalg = sub_namespace("sparse.linalg")
csgraph = sub_namespace("sparse.csgraph")

__getattr__, __dir__ = serve("sparse", globals())
