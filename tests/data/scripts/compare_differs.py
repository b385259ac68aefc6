"""`python -m npjax compare` fixture: a difference of every kind, injected when the script
runs on npjax (the plain run never imports npjax)."""
import sys

import numpy as np

on_npjax = "npjax" in sys.modules
x = np.linspace(0.0, 1.0, 1000)
shifted = x * 2 + (1e-3 if on_npjax else 0.0)                  # values
narrow = x.astype(np.float32 if on_npjax else np.float64)      # dtype (values close)
holes = np.array([1.0, np.nan, 3.0]) if on_npjax else np.array([np.nan, 2.0, 3.0])
sized = np.zeros(3 if on_npjax else 4)                         # shape
total = float(x.sum()) if on_npjax else x.sum()                # type: float vs float64
steps = [1, 2, 3] if on_npjax else [1.0, 2.0, 3.0]             # element types, dtype
if on_npjax:
    extra = 1.0                                                # in one run only
print("npjax" if on_npjax else "numpy")                        # stdout
print("same line")
