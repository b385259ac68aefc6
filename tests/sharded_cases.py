"""Parity with NumPy under `config.sharding = "auto"` on several devices.

Not collected by the normal run (one device: sharding is a no-op there): tests/test_sharding.py
runs this file in a child pytest with XLA_FLAGS=--xla_force_host_platform_device_count=N
(it must be set before JAX starts) and NPJAX_TEST_DEVICES=N.
"""
import os

import numpy
import pytest

import npjax
from benchmarks import workloads
from conftest import assert_same, to_npjax

DEVICES = int(os.environ.get("NPJAX_TEST_DEVICES", "1"))


@pytest.fixture(autouse=True)
def sharded():
    old = (npjax.config.sharding, npjax.config.shard_threshold, npjax.config.host_threshold)
    npjax.config.sharding = "auto"
    npjax.config.shard_threshold = 64
    npjax.config.host_threshold = 0
    try:
        yield
    finally:
        npjax.config.sharding, npjax.config.shard_threshold, npjax.config.host_threshold = old


def spec_of(x):
    return tuple(x.sharding.spec)


def physical_shape(x):
    from npjax._backends.lazy import Lazy, physical
    buf = x._value()
    return tuple(physical(buf).shape) if type(buf) is Lazy else tuple(buf.shape)


def test_devices_are_there():
    import jax
    assert jax.device_count() == DEVICES > 1


# ---- every benchmark workload --------------------------------------------------------------
WORKLOADS = workloads.LARGE + workloads.OTHER


@pytest.mark.parametrize("name,setup,run,jit_run", WORKLOADS, ids=[w[0] for w in WORKLOADS])
def test_workload(name, setup, run, jit_run):
    inputs = setup(numpy)
    expected = run(numpy, *[a.copy() for a in inputs])
    with _silent():
        actual = run(npjax, *to_npjax([a.copy() for a in inputs]))
    if isinstance(expected, numpy.ndarray) and expected.ndim:
        assert isinstance(actual, npjax.ndarray)
    got = numpy.asarray(actual)
    assert got.dtype == numpy.asarray(expected).dtype and got.shape == numpy.shape(expected)
    # sums over split axes add partial sums in another order: last-bit differences
    numpy.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_big_script_shortened():
    # the whole-script workload at an odd grid size (every split uneven) and fewer steps
    def fn(np):
        np.random.seed(0)
        return workloads.big_script(np, steps=12, n=301)
    with _silent():
        assert_same(fn(numpy), fn(npjax), rtol=1e-9)


class _silent:
    def __enter__(self):
        self.old = npjax.config.fallback
        npjax.config.fallback = "silent"

    def __exit__(self, *exc):
        npjax.config.fallback = self.old


def test_large_arrays_are_split():
    a = npjax.arange(64.0 * DEVICES * 3).reshape(8 * DEVICES, 24)
    assert spec_of(a) == ("devices",)
    b = npjax.sin(a) * 2.0 + a          # elementwise keeps the split
    assert spec_of(b) == ("devices",)
    assert len(b.sharding.device_set) == DEVICES
    small = npjax.arange(10.0)          # under the threshold: one device, as without
    assert len(small.sharding.device_set) == 1
    assert_same(numpy.arange(10.0) + numpy.arange(64.0 * DEVICES)[:10],
                small + npjax.arange(64.0 * DEVICES)[:10], exact=True)
    tall = npjax.zeros((7, 16 * DEVICES))   # the largest axis that divides evenly
    assert spec_of(tall) == (None, "devices")


# ---- shapes the device count does not divide -------------------------------------------------
UNEVEN = [(1001, 7), (1,), (3,), (1023,), (5, 3, 67)]


def make(np, shape):
    # negative values: a zero of the padding would win max() and lose min()/prod()
    n = int(numpy.prod(shape))
    return -(np.arange(n, dtype=np.float64).reshape(shape) % 17.0) - 1.5


@pytest.mark.parametrize("shape", UNEVEN, ids=str)
def test_uneven_storage(shape):
    x = make(npjax, shape)
    assert x.shape == shape
    size = int(numpy.prod(shape))
    if size >= 64:
        assert "devices" in spec_of(x)
        assert physical_shape(x) != shape        # padded to a multiple of the devices
        assert all(p % DEVICES == 0 for p, s in zip(physical_shape(x), shape) if p != s)
    assert_same(make(numpy, shape), x, exact=True)
    assert repr(make(numpy, shape)) == repr(x)


REDUCTIONS = ["sum", "mean", "max", "min", "prod", "argmax", "argmin", "std", "var",
              "cumsum", "ptp"]


@pytest.mark.parametrize("shape", UNEVEN, ids=str)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_uneven_reductions_ignore_padding(shape, name):
    for axis in [None] + list(range(-len(shape), len(shape))):
        expected = getattr(numpy, name)(make(numpy, shape), axis=axis)
        actual = getattr(npjax, name)(make(npjax, shape), axis=axis)
        assert_same(expected, actual, rtol=1e-12)


@pytest.mark.parametrize("shape", UNEVEN, ids=str)
def test_uneven_elementwise_slicing_matmul(shape):
    def fn(np):
        x = make(np, shape)
        y = np.exp(x / 10.0) * x + np.abs(x) ** 0.5
        out = [y, y[::2], y[-1], y.T, np.concatenate([y, x]), np.sort(y, axis=0),
               y.astype(np.float32), (y > -3.0).sum(), np.where(y < -4.0, y, 0.0)]
        if len(shape) >= 2:
            out.append(y @ y.T[..., :3] if len(shape) == 2 else y[0] @ y[0].T)
            out.append(y[3:-2, 1:])
        else:
            out.append(y @ y)
        return out
    assert_same(fn(numpy), fn(npjax), rtol=1e-12)


@pytest.mark.parametrize("shape", UNEVEN, ids=str)
def test_uneven_writes(shape):
    def fn(np):
        x = make(np, shape)
        x[0] = 5.0
        x[-1:] += 2.0
        x *= 1.5
        v = x[::2]
        v -= 1.0                       # a write through a view reaches x
        flat = x.reshape(-1)
        flat[[0, -1]] = 7.0            # fancy write (reshape of a contiguous array: a view)
        x[x < -20.0] = 0.0             # boolean mask write
        np.multiply(x, 2.0, out=x)
        return x, v
    assert_same(fn(numpy), fn(npjax), exact=True)


def test_loop_of_in_place_updates():
    def fn(np):
        a = np.zeros((101, 37))
        a[0, :] = 1.0
        for _ in range(30):
            a[1:-1, 1:-1] = 0.25 * (a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:])
        return a
    assert_same(fn(numpy), fn(npjax), rtol=1e-12)


def test_explicit_shard_and_replicate():
    x = numpy.arange(6.0 * DEVICES * 5).reshape(6 * DEVICES, 5)
    s = npjax.shard(x, axis=0)
    assert spec_of(s) == ("devices",)
    s1 = npjax.shard(x, axis=-1)            # 5 columns: padded
    assert spec_of(s1) == (None, "devices") and physical_shape(s1)[1] % DEVICES == 0
    assert_same(x, s1, exact=True)
    r = npjax.replicate(s)
    assert spec_of(r) == () and len(r.sharding.device_set) == DEVICES
    assert_same(x * 2, r * 2, exact=True)
    with pytest.raises(numpy.exceptions.AxisError):
        npjax.shard(x, axis=2)


def test_stats_report_placements():
    npjax.stats(reset=True)
    a = make(npjax, (1001, 7))
    (a * 2).sum()
    st = npjax.stats()["sharding"]
    assert st["mode"] == "auto" and st["devices"] == DEVICES
    assert st["mesh"] == {"devices": DEVICES}
    assert st.get("padded", 0) >= 1
    from npjax.profiler import format_stats
    assert f"sharding auto: {DEVICES} devices in 1 process(es)" in \
        format_stats(npjax.stats())


def test_visualize_sharding(capsys):
    npjax.visualize_sharding(npjax.arange(64.0 * DEVICES))
    out = capsys.readouterr().out
    assert "CPU 0" in out and f"CPU {DEVICES - 1}" in out


FFT_SHAPES = [(1001, 7), (64 * 8, 16), (5, 3, 67), (1023,)]


@pytest.mark.parametrize("shape", FFT_SHAPES, ids=str)
def test_fft_on_split_arrays(shape):
    # XLA on the CPU miscompiles some FFTs of split arrays; npjax lays them out around it
    y = numpy.linspace(0.0, 1.0, int(numpy.prod(shape))).reshape(shape)
    calls = [(name, {"axis": ax}) for name in ("fft", "rfft", "irfft", "ihfft")
             for ax in range(-len(shape), len(shape))]
    if len(shape) >= 2:
        calls += [(name, kw) for name in ("fft2", "rfft2", "ifftn", "irfftn")
                  for kw in ({}, {"axes": (0, 0)}, {"axes": (-1, 0)})]
    for name, kw in calls:
        expected = getattr(numpy.fft, name)(y, **kw)
        assert_same(expected, getattr(npjax.fft, name)(npjax.asarray(y), **kw),
                    rtol=1e-9, atol=1e-9 * max(1.0, float(numpy.abs(expected).max())))


@pytest.mark.parametrize("shape", [(1001, 7), (1023,)], ids=str)
def test_eager_tier_replicates_uneven_arrays(shape):
    old = npjax.config.lazy
    npjax.config.lazy = False
    try:
        x = make(npjax, shape)
        assert len(x.sharding.device_set) == DEVICES
        y = npjax.sin(x) * 2.0
        y[0] = 1.0
        e = numpy.sin(make(numpy, shape)) * 2.0
        e[0] = 1.0
        assert_same(e, y, rtol=1e-12)
        assert_same(e.max(axis=0), y.max(axis=0), rtol=1e-12)
    finally:
        npjax.config.lazy = old


def test_npjax_jit_on_split_arrays():
    @npjax.jit
    def step(u):
        u[1:-1] = 0.5 * (u[2:] + u[:-2])
        return u.sum()

    def run(np):
        u = make(np, (1001, 7))
        total = step(u) if np is npjax else (_numpy_step(u))
        return u, total
    assert_same(run(numpy), run(npjax), rtol=1e-12)


def _numpy_step(u):
    u[1:-1] = 0.5 * (u[2:] + u[:-2])
    return u.sum()


def test_profile_reports_sharding(capsys):
    with npjax.profile() as p:
        float((make(npjax, (1001, 7)) * 2).sum())
    assert p.stats["sharding"]["devices"] == DEVICES and p.stats["sharding"]["padded"] >= 1
    assert f"sharding auto: {DEVICES} devices" in capsys.readouterr().err
