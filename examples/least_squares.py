"""Polynomial least-squares fit with np.linalg.lstsq, and its residuals."""
import numpy as np

np.random.seed(11)
x = np.linspace(-3, 3, 2_000_000)
y = 0.5 * x ** 3 - 2 * x ** 2 + x - 4 + np.random.normal(scale=0.5, size=x.size)
degree = 7
A = np.vander(x, degree + 1)
coef, residuals, rank, singular = np.linalg.lstsq(A, y, rcond=None)
fit = A @ coef
rms = np.sqrt(np.mean((fit - y) ** 2))
print("coefficients", np.round(coef, 4))
print(f"rank {rank}, rms {rms:.6f}")
