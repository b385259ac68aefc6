"""k-means clustering (Lloyd's algorithm) on synthetic blobs."""
import numpy as np

np.random.seed(3)
k, per_cluster = 8, 60_000
centres_true = np.random.uniform(-10, 10, size=(k, 2))
points = np.concatenate([c + np.random.normal(size=(per_cluster, 2)) for c in centres_true])
centres = points[np.random.choice(len(points), k, replace=False)]
for iteration in range(20):
    d2 = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    labels = d2.argmin(axis=1)
    new = np.array([points[labels == j].mean(axis=0) for j in range(k)])
    shift = np.abs(new - centres).max()
    centres = new
    if shift < 1e-9:
        break
inertia = d2.min(axis=1).sum()
sizes = np.bincount(labels, minlength=k)
print(f"{iteration + 1} iterations, inertia {inertia:.4f}")
