"""Array backends: host (NumPy buffers) and device (jax.Array buffers).

A buffer's type is its tier: `type(buf) is numpy.ndarray` means host, anything else is a
jax.Array. JAX is imported on first use so that `import npjax` stays cheap.
"""
