"""`python -m npjax compare` fixture: the same results under NumPy and npjax."""
import numpy as np
from npjax.testing import checkpoint

np.random.seed(5)
x = np.random.rand(2000)
y = np.sqrt(x) * 3.0 - x ** 2
total = y.sum()
counts = np.bincount((x * 10).astype(np.int64), minlength=10)
checkpoint("first_half_mean", y[:1000].mean())
rows = [float(v) for v in y[:3]]
pair = (1, 2.5)
flags = y > 1.0
label = "heat"
print(f"total {total:.6f}, max count {counts.max()}")
