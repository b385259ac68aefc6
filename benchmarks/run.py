"""Benchmark runner: NumPy vs npjax (default, lazy) vs npjax eager vs one hand-written jax.jit.

    python -m benchmarks [--reps N] [--only SUBSTRING] [--quick] [--no-extras]

Each workload (benchmarks/workloads.py) is written once as NumPy code. In one process the
variants run interleaved, each repetition on fresh inputs, and the best time per variant is
reported (this machine's timings vary 2-3x between runs). Every result is materialised as a
NumPy array inside the timing and checked against NumPy's.
"""
import argparse
import functools
import json
import os
import platform
import subprocess
import sys
import time
import timeit

import numpy

from . import workloads as W

VARIANTS = ("numpy", "npjax", "npjax-eager", "jax.jit")


def _prepare(variant, host_inputs):
    import jax.numpy as jnp
    import npjax
    if variant == "numpy":
        return [a.copy() for a in host_inputs]
    if variant == "jax.jit":
        return [jnp.asarray(a) for a in host_inputs]
    return [npjax.array(a) for a in host_inputs]


def _runner(variant, run, jit_run):
    import jax
    import jax.numpy as jnp
    import npjax
    if variant == "numpy":
        return lambda *xs: numpy.asarray(run(numpy, *xs))
    if variant == "jax.jit":
        jitted = jax.jit(functools.partial(jit_run or run, jnp))
        return lambda *xs: numpy.asarray(jitted(*xs))

    lazy = variant == "npjax"

    def call(*xs):
        old = npjax.config.lazy
        npjax.config.lazy = lazy
        try:
            return numpy.asarray(run(npjax, *xs))
        finally:
            npjax.config.lazy = old
    return call


def bench(name, setup, run, jit_run, reps, variants=VARIANTS):
    import npjax
    host_inputs = setup(numpy)
    best = {v: float("inf") for v in variants}
    first = {}
    results = {}
    runners = {v: _runner(v, run, jit_run) for v in variants}
    for rep in range(reps):
        for v in variants:
            xs = _prepare(v, host_inputs)
            t0 = time.perf_counter()
            res = runners[v](*xs)
            dt = time.perf_counter() - t0
            best[v] = min(best[v], dt)
            first.setdefault(v, dt)
            results[v] = res
    ok = {v: bool(numpy.allclose(results[v], results["numpy"], rtol=1e-6, atol=1e-9))
          for v in variants}
    return {"name": name, "best": best, "first": first, "ok": ok}


def small_op_overhead():
    import npjax
    a = numpy.linspace(0.0, 1.0, 100)
    b = npjax.array(a)
    t_np = min(timeit.repeat(lambda: a + a, number=20000, repeat=7)) / 20000
    t_nj = min(timeit.repeat(lambda: b + b, number=20000, repeat=7)) / 20000
    return t_np, t_nj


_CHILD = r"""
import contextlib, io, json, sys, time
t0 = time.perf_counter()
mode = sys.argv[1]
if mode == "numpy":
    import numpy as np
else:
    import npjax as np
import numpy
sys.path.insert(0, sys.argv[2])
from benchmarks import workloads as W
with contextlib.redirect_stdout(io.StringIO()) as printed:
    res = numpy.asarray(W.big_script(np))
out = {"seconds": time.perf_counter() - t0, "result": res.tolist(),
       "printed": printed.getvalue()}
# peak resident memory of this process (VmHWM starts afresh at exec, unlike ru_maxrss)
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        out["peak_kb"] = int(line.split()[1])
if mode != "numpy":
    lazy = np.stats()["lazy"]
    out["graph_compiles"] = lazy.get("compiles", 0)
    out["xla_compiles"] = lazy.get("xla_compiles", 0)
print(json.dumps(out))
"""


def _child(mode, env):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run([sys.executable, "-c", _CHILD, mode, root], capture_output=True,
                          text=True, env=env, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def process_metrics(tmp_cache):
    """Cold end-to-end time and peak memory of a whole script in new processes, and the
    compiles of a second run with the persistent compilation cache."""
    env = dict(os.environ, NPJAX_CACHE_DIR=tmp_cache)
    numpy_run = min((_child("numpy", env) for _ in range(2)), key=lambda r: r["seconds"])
    first = _child("npjax", env)
    second = _child("npjax", env)
    return numpy_run, first, second


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--only", default=None)
    parser.add_argument("--quick", action="store_true", help="2 repetitions, no extras")
    parser.add_argument("--no-extras", action="store_true")
    parser.add_argument("--json", default=None, help="also write the results to this file")
    args = parser.parse_args(argv)
    reps = 2 if args.quick else args.reps
    import jax
    import npjax
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, NumPy {numpy.__version__}, jax {jax.__version__}, "
          f"npjax {npjax.npjax_version}; best of {reps}, float64")
    rows = []
    for group in (W.LARGE, W.OTHER):
        for name, setup, run, jit_run in group:
            if args.only and args.only not in name:
                continue
            rows.append(bench(name, setup, run, jit_run, reps))
            rows[-1]["large"] = group is W.LARGE
            _print_row(rows[-1])
    _print_summary(rows)
    extras = {}
    if not (args.quick or args.no_extras):
        t_np, t_nj = small_op_overhead()
        extras["small_op"] = {"numpy_us": t_np * 1e6, "npjax_us": t_nj * 1e6}
        print(f"\nsmall-op overhead (a + a, 100 float64): NumPy {t_np * 1e6:.2f} us, "
              f"npjax {t_nj * 1e6:.2f} us ({t_nj / t_np:.2f}x NumPy's time)")
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            np_run, first, second = process_metrics(tmp)
        extras["process"] = {"numpy": np_run, "npjax_first": first, "npjax_second": second}
        print(f"whole script (stencil 1500^2 x300 + statistics), new process "
              f"(import + compile + run): NumPy "
              f"{np_run['seconds']:.2f} s, npjax cold {first['seconds']:.2f} s "
              f"({np_run['seconds'] / first['seconds']:.2f}x), second run "
              f"{second['seconds']:.2f} s ({np_run['seconds'] / second['seconds']:.2f}x)")
        print(f"XLA compiles: first run {first['xla_compiles']}, second run (persistent "
              f"cache) {second['xla_compiles']} new (graphs traced: "
              f"{second['graph_compiles']})")
        print(f"peak memory (VmHWM): NumPy {np_run['peak_kb'] / 1024:.0f} MiB, npjax "
              f"{second['peak_kb'] / 1024:.0f} MiB "
              f"({second['peak_kb'] / np_run['peak_kb']:.2f}x)")
        same = (numpy.allclose(first["result"], np_run["result"], rtol=1e-9)
                and first["printed"] == np_run["printed"])
        print(f"whole script output identical to NumPy's: {same}")
        if not same:
            rows.append({"name": "whole script (process)", "ok": {"npjax": False}})
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "extras": extras}, f, indent=1, default=str)
    bad = [r["name"] for r in rows if not all(r["ok"].values())]
    if bad:
        print("RESULT MISMATCH in:", ", ".join(bad))
        return 1
    return 0


def _print_row(r):
    b = r["best"]
    cells = "  ".join(f"{b[v]:9.4f}" for v in VARIANTS)
    ratios = "  ".join(f"{b['numpy'] / b[v]:6.2f}x" for v in VARIANTS[1:])
    flag = "" if all(r["ok"].values()) else "  MISMATCH " + str(r["ok"])
    print(f"{r['name']:28s} {cells}   {ratios}   npjax/jit {b['jax.jit'] / b['npjax']:5.2f}"
          f"   first npjax {r['first']['npjax']:.3f}s{flag}")


def _print_summary(rows):
    print(f"\n{'':28s} " + "  ".join(f"{v:>9s}" for v in VARIANTS) + "   (seconds, best)")
    large = [r for r in rows if r.get("large")]
    if large:
        g = {v: W.geomean([r["best"]["numpy"] / r["best"][v] for r in large])
             for v in VARIANTS[1:]}
        print(f"geomean speed-up vs NumPy, 5 large workloads: npjax {g['npjax']:.2f}x, "
              f"eager {g['npjax-eager']:.2f}x, jax.jit {g['jax.jit']:.2f}x; npjax reaches "
              f"{g['npjax'] / g['jax.jit'] * 100:.0f}% of hand-written jit")
    allg = W.geomean([r["best"]["numpy"] / r["best"]["npjax"] for r in rows])
    print(f"geomean speed-up vs NumPy, all {len(rows)} workloads: npjax {allg:.2f}x")
