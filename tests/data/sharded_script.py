"""A legacy-style NumPy script: run under NumPy and under `npjax run --processes 2`, its
output must be the same."""
import os
import sys

import numpy as np

rng = np.random.default_rng(0)
a = rng.standard_normal((1001, 300))
b = np.sin(a) * 2 + a ** 2
b[10:20] = -1.0
b += 0.5
print(b.shape, b.dtype)
print(round(float(b.sum()), 6), b.max(), b.min(axis=0)[:3])
print(b[::250, :4])
c = b @ b.T[:, :5]
print(c[:2].round(8))
m = b[b > 3.0]
print(m.size, m[:3])
u = np.zeros((64, 64))
u[0] = 1.0
for _ in range(20):
    u[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
print(u[1:4, 30:33])
print(repr(np.arange(1023.0).reshape(3, 341)[:, -2:] * 2))

if os.environ.get("NPJAX_SHARDING_CHECK"):
    import jax
    big = np.ones((1001, 64)) * 2
    if jax.process_count() == 2 and not big.sharding.is_fully_addressable:
        print("sharding check: 2 processes, global arrays", file=sys.stderr)
