"""A legacy-style NumPy computation run twice: once on NumPy, once on npjax.

Run: python examples/quickstart.py
It prints both outputs and whether they are byte-identical.
"""
import contextlib
import io

import numpy

import npjax


def legacy_script(np):
    # heat diffusion on a rod with slice updates, then some statistics
    n = 64
    u = np.zeros(n)
    u[n // 4: n // 2] = 1.0
    alpha = 0.25
    for step in range(200):
        u[1:-1] += alpha * (u[2:] - 2 * u[1:-1] + u[:-2])
        if step % 50 == 0:
            print(f"step {step:3d}: total heat {u.sum():.12f}, peak {u.max():.6f}")
    grid = u.reshape(8, 8)
    grid.T[0] = -1            # a write through a transposed view
    print(grid[:3])
    print("mean", grid.mean(axis=0).round(4))
    print("argmax", np.argmax(u), "dtype", (np.arange(4) / 2).dtype)
    idx = np.array([0, 0, 3])
    counts = np.zeros(4, dtype=np.int64)
    counts[idx] += 1          # repeated index: NumPy adds once
    print("counts", counts)


def capture(module):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        legacy_script(module)
    return buf.getvalue()


if __name__ == "__main__":
    ref = capture(numpy)
    npjax.config.host_threshold = 0      # put every array on the JAX device
    got = capture(npjax)
    print("---- NumPy ----")
    print(ref, end="")
    print("---- npjax (JAX device tier) ----")
    print(got, end="")
    print("identical output:", ref == got)
    raise SystemExit(0 if ref == got else 1)
