"""Benchmark workloads, each written once as ordinary NumPy code against a module `np`.

A workload is (name, setup, run, jit_run): `setup(np)` builds the inputs with the given
module, `run(np, *inputs)` is the legacy-style code, and `jit_run(jnp, *inputs)` is the same
computation written by hand for one `jax.jit` (only where `run` mutates arrays, which
jax.numpy cannot; otherwise `run` itself is jitted with np=jax.numpy).
"""
import math


def _elementwise_setup(np):
    return (np.linspace(0.0, 10.0, 10_000_000),)


def elementwise(np, x):
    return np.sin(x) * 2.0 + np.cos(x) ** 2 - np.exp(-x) / (1.0 + x * x)


def _tiny_setup(np):
    return (np.linspace(0.0, 1.0, 100),)


def tiny_ops(np, a):
    for _ in range(250):
        a = a * 1.0001 + 0.5
        a = np.sqrt(np.abs(a)) - 0.25
    return a


def _stencil_setup(np):
    u = np.zeros((500, 500))
    u[200:300, 200:300] = 1.0
    return (u,)


def stencil(np, u):
    for _ in range(50):
        p = np.pad(u, 1, mode="edge")
        lap = p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4.0 * u
        u = u + 0.1 * lap
    return u


def _matmul_setup(np):
    a = np.linspace(-1.0, 1.0, 1500 * 1500).reshape(1500, 1500)
    return (a, a.T.copy())


def matmul(np, a, b):
    return a @ b


def _softmax_setup(np):
    return (np.linspace(-5.0, 5.0, 2000 * 2000).reshape(2000, 2000),)


def softmax(np, x):
    m = x.max(axis=1, keepdims=True)
    e = np.exp(x - m)
    return e / e.sum(axis=1, keepdims=True)


def _fft_setup(np):
    return (np.linspace(0.0, 1.0, 1024 * 1024).reshape(1024, 1024),)


def fft2(np, x):
    return np.abs(np.fft.fft2(x))


def _jacobi_setup(np):
    a = np.zeros((400, 400))
    a[0, :] = 1.0
    return (a,)


def jacobi(np, a):
    for _ in range(50):
        a[1:-1, 1:-1] = 0.25 * (a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:])
    return a


def jacobi_jit(jnp, a):
    for _ in range(50):
        new = 0.25 * (a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:])
        a = a.at[1:-1, 1:-1].set(new)
    return a


def _stats_setup(np):
    return (np.linspace(-3.0, 3.0, 2_000_000) ** 3,)


def statistics(np, x):
    z = (x - x.mean()) / x.std()
    return np.stack([z.min(), z.max(), np.median(z), np.percentile(z, 90.0),
                     np.var(z), (z > 1.0).mean()])


def _gather_setup(np):
    x = np.linspace(0.0, 1.0, 1_000_000)
    idx = (np.arange(2_000_000) * 7919) % 1_000_000
    return (x, idx)


def gather(np, x, idx):
    return (x[idx] * 2.0).sum() + np.take(x, idx[::2]).mean()


def _mask_setup(np):
    return (np.linspace(-1.0, 1.0, 4_000_000),)


def boolean_mask(np, x):
    y = np.where(x > 0.5, x * 2.0, -x)
    return y[y > 0.0].sum() + np.count_nonzero(x < -0.9)


def boolean_mask_jit(jnp, x):
    # a boolean mask's result size depends on the values: jit needs the masked-sum form
    y = jnp.where(x > 0.5, x * 2.0, -x)
    return jnp.where(y > 0.0, y, 0.0).sum() + jnp.count_nonzero(x < -0.9)


def fallback_middle(np, x):
    y = np.sin(x) + 1.0
    z = np.emath.sqrt(y[:1000] - 1.5)      # numpy.emath has no JAX path: a fallback
    return (y * 2.0).sum() + z.real.sum()


def fallback_middle_jit(jnp, x):
    y = jnp.sin(x) + 1.0
    z = jnp.sqrt((y[:1000] - 1.5).astype(jnp.complex128))
    return (y * 2.0).sum() + z.real.sum()


def _script_setup(np):
    u = np.zeros((300, 300))
    u[100:200, 100:200] = 1.0
    return (u,)


def whole_script(np, u):
    out = []
    for step in range(60):
        u[1:-1, 1:-1] += 0.2 * (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2]
                                - 4.0 * u[1:-1, 1:-1])
        if step % 20 == 0:
            out.append(float(u.sum()))
    flat = u.ravel()
    stats = [flat.mean(), np.percentile(flat, 75.0), np.histogram(flat, bins=20)[0].max()]
    return np.array(out + [float(s) for s in stats])


def whole_script_jit(jnp, u):
    out = []
    for step in range(60):
        new = u[1:-1, 1:-1] + 0.2 * (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2]
                                     - 4.0 * u[1:-1, 1:-1])
        u = u.at[1:-1, 1:-1].set(new)
        if step % 20 == 0:
            out.append(u.sum())
    flat = u.ravel()
    stats = [flat.mean(), jnp.percentile(flat, 75.0), jnp.histogram(flat, bins=20)[0].max()]
    return jnp.stack(out + stats)


def big_script(np, steps=300, n=1500):
    """A whole legacy-style script (several seconds under NumPy): an in-place stencil with
    progress prints, then seeded statistics on 2M points. Used in new processes for the
    cold end-to-end time, peak memory and persistent-cache measurements."""
    u = np.zeros((n, n))
    u[n // 3: 2 * n // 3, n // 3: 2 * n // 3] = 1.0
    for step in range(steps):
        u[1:-1, 1:-1] += 0.2 * (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2]
                                - 4.0 * u[1:-1, 1:-1])
        if step % 100 == 0:
            print(f"step {step}: heat {u.sum():.6f}")
    np.random.seed(0)
    pts = np.random.normal(u.mean(), 1.0, 2_000_000)
    hist, _ = np.histogram(pts, bins=50)
    return np.array([u.sum(), np.percentile(pts, 90.0), hist.max(), pts.std()])


LARGE = [
    ("elementwise 1e7", _elementwise_setup, elementwise, None),
    ("stencil 500^2 x50", _stencil_setup, stencil, None),
    ("matmul 1500^2", _matmul_setup, matmul, None),
    ("row softmax 2000^2", _softmax_setup, softmax, None),
    ("fft2 1024^2", _fft_setup, fft2, None),
]
OTHER = [
    ("tiny ops 100 x500", _tiny_setup, tiny_ops, None),
    ("jacobi in-place 400^2 x50", _jacobi_setup, jacobi, jacobi_jit),
    ("statistics 2e6", _stats_setup, statistics, None),
    ("gather 2e6", _gather_setup, gather, None),
    ("boolean mask 4e6", _mask_setup, boolean_mask, boolean_mask_jit),
    ("fallback in the middle", _elementwise_setup, fallback_middle, fallback_middle_jit),
    ("whole script 300^2", _script_setup, whole_script, whole_script_jit),
]


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")
