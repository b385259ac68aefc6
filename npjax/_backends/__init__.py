"""Array backends: host (NumPy buffers) and device (jax.Array buffers).

A buffer's type is its tier: `type(buf) is numpy.ndarray` means host, anything else is a
jax.Array. JAX is imported on first use so that `import npjax` stays cheap.
"""
import numpy as _np

# Importing JAX draws from NumPy's global random state (jax 0.10: 614 words of the Mersenne
# Twister). A script that seeds NumPy and makes its first large array afterwards would get
# different random numbers than under NumPy: the state is put back as it was.
_state = _np.random.get_state()
import jax as _jax  # noqa: E402,F401
_np.random.set_state(_state)
del _state
