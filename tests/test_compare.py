"""`python -m npjax compare`: identical scripts pass, every kind of difference is reported."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import npjax
from npjax.tools import compare
from npjax.tools._launch import describe

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "tests", "data", "scripts")


def _compare(*args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [ROOT, os.environ.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "npjax", "compare", *args],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def same():
    out = _compare("--json", os.path.join(SCRIPTS, "compare_same.py"))
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def differs():
    out = _compare(os.path.join(SCRIPTS, "compare_differs.py"))
    assert out.returncode == 1, out.stdout + out.stderr
    return out.stdout


def test_identical_script(same):
    assert same["identical"] and same["differences"] == []
    assert set(same["values"]) == {"x", "y", "total", "counts", "rows", "pair", "flags",
                                   "label"}
    assert all(row["status"] == "ok" for row in same["values"].values())
    assert same["values"]["y"]["numpy"] == "ndarray float64(2000,)"
    assert same["values"]["rows"]["npjax"] == "list(3,) of float"
    assert same["checkpoints"]["first_half_mean"]["status"] == "ok"
    assert same["stdout_diff"] == [] and same["stdout"].startswith("total ")
    runs = same["runs"]
    assert runs["numpy"]["exit_status"] == runs["npjax"]["exit_status"] == 0
    assert runs["numpy"]["script_seconds"] > 0 and same["speedup"] > 0
    assert same["npjax_stats"]["fallbacks"] == {}


def test_every_difference_reported(differs):
    rows = {line.split()[0]: line for line in differs.splitlines() if line[:1].isalpha()}
    assert rows["shifted"].endswith("values")
    assert rows["narrow"].endswith("dtype")
    assert rows["holes"].endswith("NaN placement")
    assert rows["sized"].endswith("shape")
    assert rows["total"].endswith("type")
    assert rows["steps"].endswith("elements, dtype")
    assert rows["extra"].endswith("missing under NumPy")
    assert rows["on_npjax"].endswith("values")
    assert rows["x"].endswith("ok")
    assert "1000 of 1000 elements differ beyond rtol=1e-05, atol=1e-08" in differs
    assert "-numpy\n+npjax" in differs                       # the stdout diff
    assert "stdout: DIFFERS" in differs and "DIFFERENCES (9):" in differs


def test_tolerance_and_json():
    out = _compare("--json", "--atol", "0.01", os.path.join(SCRIPTS, "compare_differs.py"))
    assert out.returncode == 1
    rep = json.loads(out.stdout)
    assert rep["values"]["shifted"]["status"] == "ok"        # within the wider tolerance
    assert rep["values"]["shifted"]["max_abs"] == pytest.approx(1e-3)
    assert rep["values"]["holes"]["status"] == "NaN placement"   # never hidden
    assert "stdout differs" in rep["differences"] and not rep["identical"]


def test_exit_status_and_exception():
    out = _compare("--json", os.path.join(SCRIPTS, "compare_exit.py"))
    assert out.returncode == 1
    rep = json.loads(out.stdout)
    assert rep["runs"]["numpy"]["exit_status"] == 3 and rep["runs"]["npjax"]["exit_status"] == 1
    assert "exit status: NumPy 3, npjax 1" in rep["differences"]
    assert any("RuntimeError: only under npjax" in line for line in rep["stderr_diff"])
    assert rep["values"]["result"]["status"] == "ok"     # values are read after a failure too


def test_usage_errors(tmp_path):
    assert _compare("--rtol", "x", "s.py").returncode == 2
    assert _compare(str(tmp_path / "missing.py")).returncode == 2


# ---- in-process: the value comparison ----------------------------------------------------

def _row(a, b, **tol):
    return compare.compare_values(None if a is None else describe(a),
                                  None if b is None else describe(b), **tol)


def test_values_within_and_beyond_tolerance():
    x = np.linspace(0, 1, 11)
    assert _row(x, npjax.asarray(x))["status"] == "ok"
    row = _row(x, x + 1e-12)
    assert row["status"] == "ok" and row["max_abs"] == pytest.approx(1e-12)
    row = _row(x, x + 1e-3)
    assert row["status"] == "values" and row["mismatched"] == 11
    assert _row(x, x + 1e-3, atol=1e-2)["status"] == "ok"
    assert _row(np.array([1e9]), np.array([1e9 + 1.0]), rtol=1e-5)["status"] == "ok"
    assert _row(np.arange(3), np.arange(3) + np.array([0, 0, 1]))["status"] == "values"
    assert _row(np.array([1 + 1j]), np.array([1 + 2j]))["status"] == "values"


def test_special_values_never_hidden():
    nan, inf = np.nan, np.inf
    assert _row(np.array([nan, 1.0]), np.array([nan, 1.0]))["status"] == "ok"
    assert _row(np.array([nan, 1.0]), np.array([1.0, nan]))["status"] == "NaN placement"
    assert _row(np.array([inf, 1.0]), np.array([inf, 1.0]))["status"] == "ok"
    assert _row(np.array([inf]), np.array([-inf]))["status"] == "values"
    assert _row(np.array([inf]), np.array([1e308]))["status"] == "values"
    assert _row(np.zeros(3), np.zeros(4))["status"] == "shape"
    assert _row(np.zeros(3), np.zeros(3, np.float32))["status"] == "dtype"
    assert _row(np.zeros(3), np.zeros((3, 1)))["status"] == "shape"
    assert _row(np.float64(1.0), 1.0)["status"] == "type"
    assert _row(np.float64(1.0), np.float32(1.0))["status"] == "type, dtype"
    assert _row(1, True)["status"] == "type, dtype"
    assert _row([1.0, 2.0], (1.0, 2.0))["status"] == "type"
    assert _row([1.0, 2.0], [1.0, np.float64(2.0)])["status"] == "elements"
    assert _row(None, 1.0)["status"] == "missing under NumPy"
    assert _row(1.0, None)["status"] == "missing under npjax"
    assert _row("a", "b")["status"] == "values"
    assert _row(2**70, 2**70)["status"] == "ok" and _row(2**70, 2**70 + 1)["status"] == "values"
    assert _row(np.array(["a", "b"]), np.array(["a", "c"]))["status"] == "values"
    assert _row(np.array([1, None], object), np.array([1, None], object))["status"] == "ok"
    assert _row(1.0, "1.0")["status"] == "type, values"


def test_describe():
    assert describe(np) is None and describe(describe) is None and describe(int) is None
    assert describe(npjax.zeros(3))["type"] == "ndarray"
    assert describe(npjax.random.default_rng(0))["type"] == \
        describe(np.random.default_rng(0))["type"] == "random.Generator"
    assert describe({"a": 1}) == {"kind": "other", "type": "dict"}
    assert describe([[1, 2], [3, 4]])["value"].shape == (2, 2)
    assert describe([1, "a"])["kind"] == "other"
    assert describe([np.zeros(2), np.zeros(3)])["kind"] == "other"   # ragged
