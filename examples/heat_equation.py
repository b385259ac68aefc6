"""2-D heat equation, explicit finite differences, written as a NumPy user would."""
import numpy as np

n = 1200
u = np.zeros((n, n))
u[n // 3: 2 * n // 3, n // 3: 2 * n // 3] = 100.0     # a hot square
alpha = 0.2
for step in range(200):
    u[1:-1, 1:-1] += alpha * (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2]
                              - 4.0 * u[1:-1, 1:-1])
    if step % 50 == 0:
        print(f"step {step:3d}: total heat {u.sum():.6e}, peak {u.max():.4f}")
centre = u[n // 2, n // 2]
profile = u[n // 2, ::100]
print("final peak", round(float(u.max()), 6))
