"""Sharding scaling table: the main workloads under npjax with `config.sharding = "auto"` on
1, 2, 4 and 8 virtual CPU devices.

    python -m benchmarks.sharding [--devices 1,2,4,8] [--reps 3] [--only SUBSTRING] [--json F]

Each device count needs its own process (XLA_FLAGS=--xla_force_host_platform_device_count=N
is read when JAX starts). The processes run in rounds, every device count once per round,
so the counts are interleaved on this noisy machine; each reports its best warm time per
workload (after one compiling run), and the table keeps the best over the rounds. Virtual
devices share the same cores: no speed-up is expected, the figure of merit is the overhead
of the split (time on N devices / time on 1) and that every result matches NumPy's.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy

from . import workloads as W

WORKLOADS = W.LARGE + [w for w in W.OTHER if w[0].startswith(("jacobi", "whole script",
                                                                 "statistics"))]


def _child(devices, only, warm_reps):
    import npjax
    npjax.config.sharding = "auto"
    out = {}
    for name, setup, run, _ in WORKLOADS:
        if only and only not in name:
            continue
        inputs = setup(numpy)
        expected = numpy.asarray(run(numpy, *[a.copy() for a in inputs]))
        best, got = float("inf"), None
        for rep in range(1 + warm_reps):          # the first run compiles
            xs = [npjax.array(a) for a in inputs]
            t0 = time.perf_counter()
            got = numpy.asarray(run(npjax, *xs))
            dt = time.perf_counter() - t0
            if rep:
                best = min(best, dt)
        # differences relative to the result's largest magnitude (sums over split axes
        # add partial sums in another order)
        scale = max(float(numpy.max(numpy.abs(expected))), 1e-300) if expected.size else 1.0
        out[name] = {"seconds": best,
                     "ok": bool(got.shape == expected.shape and got.dtype == expected.dtype
                                and numpy.allclose(got, expected, rtol=1e-9, atol=1e-12)),
                     "max_rel_diff": float(numpy.max(numpy.abs(got - expected)) / scale)
                     if got.size else 0.0,
                     "split": npjax.stats()["sharding"].get("split", 0)
                     + npjax.stats()["sharding"].get("padded", 0)}
    import jax
    return {"devices": jax.device_count(), "results": out}


def _run_child(devices, only, warm_reps):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    flags = [f for f in env.get("XLA_FLAGS", "").split()
             if not f.startswith("--xla_force_host_platform_device_count")]
    env["XLA_FLAGS"] = " ".join(flags + [f"--xla_force_host_platform_device_count={devices}"])
    env["PYTHONPATH"] = os.pathsep.join([root, env.get("PYTHONPATH", "")])
    proc = subprocess.run([sys.executable, "-m", "benchmarks.sharding", "--child",
                           str(devices), "--only", only or "", "--warm", str(warm_reps)],
                          capture_output=True, text=True, env=env, cwd=root, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sharding")
    parser.add_argument("--devices", default="1,2,4,8")
    parser.add_argument("--reps", type=int, default=2, help="rounds over the device counts")
    parser.add_argument("--warm", type=int, default=2, help="warm runs per workload")
    parser.add_argument("--only", default=None)
    parser.add_argument("--json", default=None)
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(_child(args.child, args.only, args.warm)))
        return 0
    counts = [int(c) for c in args.devices.split(",")]
    best = {}
    for _ in range(args.reps):
        for n in counts:
            res = _run_child(n, args.only, args.warm)
            assert res["devices"] == n, res["devices"]
            for name, r in res["results"].items():
                cur = best.get((n, name))
                if cur is None or r["seconds"] < cur["seconds"]:
                    best[(n, name)] = r
                else:
                    cur["ok"] = cur["ok"] and r["ok"]
    names = [w[0] for w in WORKLOADS if (n := counts[0], w[0]) in best]
    head = "| workload | " + " | ".join(f"{n} dev" for n in counts) + \
        " | overhead at " + " / ".join(str(n) for n in counts[1:]) + " | results |"
    print(head)
    print("|" + "---|" * (len(counts) + 3))
    worst = 1.0
    for name in names:
        base = best[(counts[0], name)]["seconds"]
        times = " | ".join(f"{best[(n, name)]['seconds'] * 1e3:.1f} ms" for n in counts)
        over = [best[(n, name)]["seconds"] / base for n in counts[1:]]
        worst = max([worst] + over)
        ok = all(best[(n, name)]["ok"] for n in counts)
        diff = max(best[(n, name)]["max_rel_diff"] for n in counts)
        print(f"| {name} | {times} | " + " / ".join(f"{o:.2f}x" for o in over)
              + f" | {'NumPy-equal' if ok else 'DIFFERENT'} (max rel diff {diff:.1e}) |")
    print(f"\nworst overhead against {counts[0]} device(s): {worst:.2f}x")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({f"{n}|{name}": r for (n, name), r in best.items()}, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
