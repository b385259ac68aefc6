"""Sharding over devices (npjax.sharding). The multi-device parity cases live in
tests/sharded_cases.py and run in child processes: the virtual device count must be set
before JAX starts."""
import os
import subprocess
import sys

import numpy
import pytest

import npjax

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _env(devices=None, **extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([ROOT, HERE, env.get("PYTHONPATH", "")])
    flags = [f for f in env.get("XLA_FLAGS", "").split()
             if not f.startswith("--xla_force_host_platform_device_count")]
    if devices:
        flags.append(f"--xla_force_host_platform_device_count={devices}")
        env["NPJAX_TEST_DEVICES"] = str(devices)
    env["XLA_FLAGS"] = " ".join(flags)
    env.update(extra)
    return env


def _pytest_child(devices, *selection):
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
           os.path.join(HERE, "sharded_cases.py"), *selection]
    res = subprocess.run(cmd, cwd=ROOT, env=_env(devices), capture_output=True, text=True,
                         timeout=900)
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-3000:]
    assert " passed" in res.stdout and "no tests ran" not in res.stdout


@pytest.mark.slow
def test_parity_on_4_devices():
    _pytest_child(4)


@pytest.mark.slow
def test_parity_on_8_devices():
    # the workloads ran on 4 devices; here the uneven shapes (reductions, writes, slicing),
    # FFT layouts and splits again with 8, and the workload whose 1500-long axes 8 does
    # not divide
    _pytest_child(8, "-k", "uneven or fft or split or matmul or loop")


SCRIPT = os.path.join(HERE, "data", "sharded_script.py")


def test_two_processes_give_numpys_output():
    expected = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True,
                              env=_env(), timeout=300)
    assert expected.returncode == 0, expected.stderr
    got = subprocess.run(
        [sys.executable, "-m", "npjax", "run", "--processes", "2", SCRIPT],
        capture_output=True, text=True, timeout=600,
        env=_env(NPJAX_HOST_THRESHOLD="0", NPJAX_SHARD_THRESHOLD="1000",
                 NPJAX_SHARDING_CHECK="1"))
    assert got.returncode == 0, got.stdout[-3000:] + got.stderr[-3000:]
    assert got.stdout == expected.stdout
    # each process saw both processes' devices and global (not fully addressable) arrays
    assert "sharding check: 2 processes, global arrays" in got.stderr


def test_two_processes_report_a_failing_script(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy as np\nprint('before')\nraise ValueError('boom')\n")
    got = subprocess.run(
        [sys.executable, "-m", "npjax", "run", "--processes", "2", str(bad)],
        capture_output=True, text=True, timeout=300, env=_env())
    assert got.returncode == 1
    assert got.stdout == "before\n"
    assert "ValueError: boom" in got.stderr


@pytest.mark.parametrize("value", ["0", "x", "-2"])
def test_processes_option_is_checked(value):
    got = subprocess.run([sys.executable, "-m", "npjax", "run", "--processes", value, SCRIPT],
                         capture_output=True, text=True, timeout=120, env=_env())
    assert got.returncode == 2 and "--processes needs a positive integer" in got.stderr


# ---- one device (this process): everything is a no-op, nothing breaks ---------------------
def test_config_is_validated():
    with pytest.raises(ValueError, match="sharding"):
        npjax.config.sharding = "on"
    with pytest.raises(ValueError, match="shard_threshold"):
        npjax.config.shard_threshold = -1
    assert npjax.config.sharding == "off"


def test_one_device_is_a_no_op(device_tier):
    old = npjax.config.sharding
    npjax.config.sharding = "auto"
    try:
        x = numpy.arange(12.0).reshape(3, 4)
        a = npjax.asarray(x) * 2
        assert len(a.sharding.device_set) == 1
        s = npjax.shard(a, axis=1)
        r = npjax.replicate(a)
        for y in (s, r):
            assert isinstance(y, npjax.ndarray)
            numpy.testing.assert_array_equal(numpy.asarray(y), x * 2)
        assert npjax.stats()["sharding"]["mesh"] is None
    finally:
        npjax.config.sharding = old


def test_host_arrays_have_no_sharding():
    from npjax.sharding import sharding_of
    assert sharding_of(numpy.ones(3)) is None
    assert npjax.stats()["sharding"]["mode"] == npjax.config.sharding


def test_shard_checks_the_axis(device_tier):
    with pytest.raises(numpy.exceptions.AxisError):
        npjax.shard(npjax.ones((4, 4)), axis=5)
