"""Gaussian blur of an image by separable convolution with padding and slicing."""
import numpy as np

h, w = 1500, 1500
yy, xx = np.mgrid[0:h, 0:w]
image = np.sin(xx / 37.0) * np.cos(yy / 23.0) + ((xx // 50 + yy // 50) % 2)
radius = 6
offsets = np.arange(-radius, radius + 1)
kernel = np.exp(-offsets ** 2 / (2 * 2.5 ** 2))
kernel /= kernel.sum()
blurred = image
for _ in range(8):
    padded = np.pad(blurred, radius, mode="reflect")
    rows = sum(kernel[i] * padded[:, i: i + w] for i in range(2 * radius + 1))
    blurred = sum(kernel[i] * rows[i: i + h] for i in range(2 * radius + 1))
edges = np.abs(np.diff(blurred, axis=0)).mean()
print(f"mean {blurred.mean():.6f}, edge strength {edges:.6f}")
