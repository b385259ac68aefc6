"""Monte-Carlo estimate of pi with NumPy's seeded random numbers."""
import numpy as np

np.random.seed(42)
estimates = []
for batch in range(20):
    x = np.random.random(5_000_000)
    y = np.random.random(5_000_000)
    inside = (x * x + y * y) <= 1.0
    estimates.append(4.0 * inside.mean())
pi_estimate = np.mean(estimates)
spread = np.std(estimates)
print(f"pi ~ {pi_estimate:.6f} (spread {spread:.2e})")
