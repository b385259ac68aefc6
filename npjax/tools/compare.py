"""`python -m npjax compare [options] script.py [args]`: the script under NumPy and under
npjax, every difference reported.

Both runs are child processes of the same interpreter started the same way (environment,
arguments, working directory, `PYTHONHASHSEED`, no stdin), one after the other. The plain
run executes the script as `python script.py` would and never imports npjax itself; the
npjax run executes it as `python -m npjax run` does. At exit each child describes what the
script left behind: every module-level variable (numbers are compared: arrays, NumPy and
Python scalars, lists/tuples of numbers; strings are compared; other objects by type) and
every `npjax.testing.checkpoint(name, value)`.

Checkpoints: the script imports `npjax.testing` explicitly (`from npjax.testing import
checkpoint`) and so runs unchanged under plain Python too; in the plain run npjax is then
imported but only records host copies, NumPy does the computing. (A shim that hid npjax
from plain runs would also hide a script's real use of npjax.)

Reported: exit status, stdout and stderr (unified diffs), per value the type, dtype, shape,
NaN placement, max abs/rel difference and the count beyond `--rtol/--atol` (numpy.allclose's
rule and defaults, NumPy's value as reference; integers, booleans and strings exactly),
values present in one run only; the time of the script body (including making every
pending npjax result concrete) in each run and the speed-up, whole-process wall times; and
npjax's counters (calls per tier, fallbacks, compiles). npjax's own warnings in stderr
(fallbacks, recompiles) are listed apart; anything else that differs makes the exit status 1.
"""
import difflib
import json
import math
import os
import pickle
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

from . import run as _run

_LAUNCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_launch.py")
_NPJAX_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_NPJAX_WARNINGS = ("NumPyFallbackWarning", "RecompileWarning", "JitFallbackWarning")
_DIFF_LINES = 80   # human report: longer diffs are cut, saying how much was left out

USAGE = """\
usage: python -m npjax compare [--rtol R] [--atol A] [--json] [--root DIR] [--timeout S]
                               [--show-output] (script.py | -m module) [args...]

Run a script under NumPy and under npjax (python -m npjax run) and report every difference
(exit status, stdout, stderr, module-level values, npjax.testing checkpoints) and the
speed-up. Exit status 1 when anything differs beyond tolerance, 0 otherwise.

  --rtol R, --atol A  tolerance for floating-point values (numpy.allclose: 1e-05, 1e-08)
  --json              machine-readable report on stdout
  --root DIR          the user's code for the npjax run (see python -m npjax run --help)
  --timeout S         stop a run after S seconds (reported as a difference)
  --show-output       print the npjax run's stdout before the report
"""


# ------------------------------------------------------------------------------ the runs

def run_child(mode, target, args, module=False, root=None, timeout=None, env=None):
    """One child run ("numpy" or "npjax"): its exit status, stdout, stderr, wall time and
    the record it pickled (None if it wrote none)."""
    fd, out_path = tempfile.mkstemp(suffix=".pkl", prefix=f"npjax-compare-{mode}-")
    os.close(fd)
    cmd = [sys.executable, _LAUNCH, "--mode", mode, "--out", out_path,
           "--npjax-path", _NPJAX_PARENT]
    if root:
        cmd += ["--root", root]
    if mode == "numpy" and _mentions_npjax(target, module):
        cmd += ["--preimport", "1"]
    cmd += ["--", *(["-m", target] if module else [target]), *args]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, env=env,
                              timeout=timeout)
        status, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as err:
        status, stdout, stderr = None, err.stdout or b"", err.stderr or b""
    wall = time.perf_counter() - start
    record = None
    try:
        if os.path.getsize(out_path):
            with open(out_path, "rb") as f:
                record = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError):
        record = None
    finally:
        os.unlink(out_path)
    return {"exit_status": status, "stdout": stdout.decode("utf-8", "replace"),
            "stderr": stderr.decode("utf-8", "replace"), "stdout_bytes": stdout,
            "wall": wall, "record": record}


def _mentions_npjax(target, module):
    """Whether the script imports npjax itself (checkpoints): the plain run then imports it
    before the script starts, as the npjax run does, so neither times that import."""
    if module:
        return False
    try:
        with open(target, "rb") as f:
            return re.search(rb"^[ \t]*(?:import|from)[ \t]+npjax\b", f.read(), re.M) is not None
    except OSError:
        return False


# ---------------------------------------------------------------------------- the values

def _summary(desc):
    if desc.get("kind") in ("array", "scalar", "sequence") and "value" in desc:
        v = desc["value"]
        shape = "" if desc["kind"] == "scalar" else str(tuple(v.shape)).replace(" ", "")
        head = desc["type"] if desc["kind"] != "array" or desc["type"] == "ndarray" \
            else desc["type"].rsplit(".", 1)[-1]
        if desc["kind"] == "array":
            return f"{head} {v.dtype}{shape}"
        if desc["kind"] == "sequence":
            return f"{head}{shape} of {'/'.join(desc['leaf_types'])}"
        return head
    return desc.get("type", "?")


def compare_values(ref, got, rtol=1e-5, atol=1e-8):
    """One report row for NumPy's description `ref` and npjax's `got` (either may be None:
    the value is missing from that run). `status` is "ok" or the comma-joined kinds of
    difference (missing under NumPy/npjax, type, elements, dtype, shape, NaN placement,
    values); `detail` explains each."""
    row = {"numpy": None if ref is None else _summary(ref),
           "npjax": None if got is None else _summary(got),
           "max_abs": None, "max_rel": None, "mismatched": None}
    if ref is None or got is None:
        row["status"] = "missing under NumPy" if ref is None else "missing under npjax"
        row["detail"] = []
        return row
    problems, detail = [], []
    if ref["kind"] != got["kind"] or ref["type"] != got["type"]:
        problems.append("type")
        detail.append(f"type {ref['type']} under NumPy, {got['type']} under npjax")
    if ref.get("leaf_types") != got.get("leaf_types") and ("leaf_types" in ref
                                                         or "leaf_types" in got):
        problems.append("elements")
        detail.append(f"element types {ref.get('leaf_types')} vs {got.get('leaf_types')}")
    if "error" in ref or "error" in got:
        problems.append("unreadable")
        detail.append(f"could not be read: {ref.get('error') or got.get('error')}")
    if "exact" in ref or "exact" in got:
        a, b = ref.get("exact", ref.get("value")), got.get("exact", got.get("value"))
        if type(a) is not type(b) or a != b:
            problems.append("values")
            detail.append(f"{_short(a)} under NumPy, {_short(b)} under npjax")
    elif "value" in ref and "value" in got:
        _compare_arrays(ref["value"], got["value"], rtol, atol, row, problems, detail)
    elif "value" in ref or "value" in got:
        problems.append("values")
        detail.append("a number in one run only")
    row["status"] = ", ".join(problems) if problems else "ok"
    row["detail"] = detail
    return row


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _compare_arrays(a, b, rtol, atol, row, problems, detail):
    if a.dtype != b.dtype:
        problems.append("dtype")
        detail.append(f"dtype {a.dtype} under NumPy, {b.dtype} under npjax")
    if a.shape != b.shape:
        problems.append("shape")
        detail.append(f"shape {a.shape} under NumPy, {b.shape} under npjax")
        return
    numeric = a.dtype.kind in "biufc" and b.dtype.kind in "biufc"
    if not numeric:
        try:
            same = bool(np.array_equal(a, b))
        except Exception:  # noqa: BLE001  incomparable object arrays are a difference
            same = False
        if not same:
            problems.append("values")
            detail.append("values differ (compared exactly)")
        return
    if a.dtype.kind in "biu" and b.dtype.kind in "biu":
        bad = a != b
        if a.size:
            diff = np.abs(a.astype(np.float64) - b.astype(np.float64))
            row["max_abs"] = float(diff.max())
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = np.where(diff == 0, 0.0, diff / np.abs(a.astype(np.float64)))
            row["max_rel"] = float(rel.max())
    else:
        wide = np.complex128 if "c" in a.dtype.kind + b.dtype.kind else np.float64
        x, y = a.astype(wide), b.astype(wide)
        nan_x, nan_y = np.isnan(x), np.isnan(y)
        if (nan_x != nan_y).any():
            problems.append("NaN placement")
            detail.append(f"NaN at {int((nan_x != nan_y).sum())} different positions")
        both = ~(nan_x | nan_y)
        xf, yf = x[both], y[both]
        inf = np.isinf(xf) | np.isinf(yf)
        with np.errstate(invalid="ignore", over="ignore"):
            close = np.abs(yf - xf) <= atol + rtol * np.abs(xf)
        close = np.where(inf, xf == yf, close)
        bad = np.zeros(a.shape, bool)
        bad[both] = ~close
        finite = ~inf
        if finite.any():
            diff = np.abs(yf[finite] - xf[finite])
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = np.where(diff == 0, 0.0, diff / np.abs(xf[finite]))
            row["max_abs"] = float(diff.max())
            row["max_rel"] = float(rel.max())
    n_bad = int(np.count_nonzero(bad))
    row["mismatched"] = n_bad
    if n_bad:
        problems.append("values")
        tol = "exactly" if a.dtype.kind in "biu" and b.dtype.kind in "biu" else \
            f"beyond rtol={rtol:g}, atol={atol:g}"
        detail.append(f"{n_bad} of {a.size} elements differ {tol}")


# ---------------------------------------------------------------------------- the report

def _diff(a, b):
    return list(difflib.unified_diff(a.splitlines(), b.splitlines(), "numpy run", "npjax run",
                                     lineterm=""))


def _split_npjax_warnings(text):
    """stderr lines without npjax's own warnings (a message line and the source line Python
    prints under it), and those warnings."""
    kept, warnings, skip = [], [], False
    for line in text.splitlines():
        if any(w in line for w in _NPJAX_WARNINGS):
            warnings.append(line)
            skip = True
            continue
        if skip and line.startswith("  "):
            skip = False
            continue
        skip = False
        kept.append(line)
    return "\n".join(kept), warnings


def compare(target, args=(), *, module=False, root=None, rtol=1e-5, atol=1e-8,
            timeout=None):
    """Run both children and build the report (a JSON-ready dict)."""
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")   # same str/bytes hashes (set orders) in both runs
    runs = {mode: run_child(mode, target, list(args), module, root, timeout, env)
            for mode in ("numpy", "npjax")}
    ref, got = runs["numpy"], runs["npjax"]
    rep = {"script": target, "module": module, "args": list(args), "rtol": rtol,
           "atol": atol, "differences": [], "values": {}, "checkpoints": {}}
    diffs = rep["differences"]
    for mode, r in runs.items():
        if r["exit_status"] is None:
            diffs.append(f"{mode} run timed out after {timeout} s")
        elif r["record"] is None:
            diffs.append(f"{mode} run recorded no values (the process ended without "
                         f"finishing the script: os._exit, a crash or a signal)")
    if ref["exit_status"] != got["exit_status"]:
        diffs.append(f"exit status: NumPy {ref['exit_status']}, npjax {got['exit_status']}")
    rep["stdout_diff"] = [] if ref["stdout_bytes"] == got["stdout_bytes"] else \
        _diff(ref["stdout"], got["stdout"]) or ["(stdout differs in bytes not shown)"]
    if rep["stdout_diff"]:
        diffs.append("stdout differs")
    err_ref, _ = _split_npjax_warnings(ref["stderr"])
    err_got, rep["npjax_warnings"] = _split_npjax_warnings(got["stderr"])
    rep["stderr_diff"] = [] if err_ref == err_got else _diff(err_ref, err_got)
    if rep["stderr_diff"]:
        diffs.append("stderr differs")
    rec_ref, rec_got = ref["record"] or {}, got["record"] or {}
    for mode, rec in (("numpy", rec_ref), ("npjax", rec_got)):
        if rec.get("collect_error"):
            diffs.append(f"{mode} run: values could not be collected: {rec['collect_error']}")
    for section in ("values", "checkpoints"):
        a, b = rec_ref.get(section, {}), rec_got.get(section, {})
        for name in sorted(set(a) | set(b)):
            # non-numeric objects of the same type in both runs are not compared
            if a.get(name, {}).get("kind") == "other" == b.get(name, {}).get("kind") \
                    and a[name]["type"] == b[name]["type"] and "error" not in a[name]:
                continue
            row = compare_values(a.get(name), b.get(name), rtol, atol)
            rep[section][name] = row
            if row["status"] != "ok":
                what = "checkpoint" if section == "checkpoints" else "value"
                diffs.append(f"{what} {name}: {row['status']}")
    rep["runs"] = {mode: {"exit_status": r["exit_status"], "wall_seconds": r["wall"],
                          "script_seconds": (r["record"] or {}).get("seconds"),
                          "startup_seconds": (r["record"] or {}).get("import_seconds")}
                   for mode, r in runs.items()}
    t_ref, t_got = rep["runs"]["numpy"]["script_seconds"], rep["runs"]["npjax"][
        "script_seconds"]
    rep["speedup"] = t_ref / t_got if t_ref and t_got else None
    rep["speedup_wall"] = ref["wall"] / got["wall"] if got["wall"] else None
    rep["npjax_stats"] = rec_got.get("stats")
    rep["stdout"] = got["stdout"]
    rep["identical"] = not diffs
    return rep


def _fmt(v):
    return "-" if v is None else f"{v:.3g}"


def _cut(lines, limit=_DIFF_LINES):
    if len(lines) <= limit:
        return lines
    return lines[:limit] + [f"... {len(lines) - limit} more diff lines (--json has all)"]


def format_report(rep):
    """The human-readable report."""
    runs = rep["runs"]
    target = ("-m " if rep["module"] else "") + rep["script"]
    lines = [f"npjax compare: {target} {' '.join(rep['args'])}".rstrip(), ""]
    lines.append(f"{'':18s}{'NumPy':>14s}{'npjax':>14s}")
    lines.append(f"{'exit status':18s}{str(runs['numpy']['exit_status']):>14s}"
                 f"{str(runs['npjax']['exit_status']):>14s}")
    for key, label in (("script_seconds", "script time [s]"), ("wall_seconds",
                                                               "process time [s]")):
        a, b = runs["numpy"][key], runs["npjax"][key]
        lines.append(f"{label:18s}{_fmt3(a):>14s}{_fmt3(b):>14s}")
    speed = rep["speedup"]
    lines.append(f"{'speed-up':18s}{'':14s}{('-' if speed is None else f'{speed:.2f}x'):>14s}"
                 f"   (script time; whole process "
                 f"{'-' if rep['speedup_wall'] is None else format(rep['speedup_wall'], '.2f')}x)")
    lines.append("")
    for section, title in (("values", "module-level value"), ("checkpoints", "checkpoint")):
        rows = rep[section]
        if not rows:
            continue
        lines.append(f"{title:20s} {'NumPy':28s} {'npjax':28s} {'max abs':>9s} "
                     f"{'max rel':>9s}  status")
        for name, row in rows.items():
            lines.append(f"{name[:20]:20s} {(row['numpy'] or '-')[:28]:28s} "
                         f"{(row['npjax'] or '-')[:28]:28s} {_fmt(row['max_abs']):>9s} "
                         f"{_fmt(row['max_rel']):>9s}  {row['status']}")
            lines += [f"{'':22s}{d}" for d in row["detail"]]
        lines.append("")
    if not rep["values"] and not rep["checkpoints"]:
        lines += ["no numeric module-level values or checkpoints recorded", ""]
    lines.append("stdout: " + ("identical" if not rep["stdout_diff"] else "DIFFERS"))
    lines += _cut(rep["stdout_diff"])
    lines.append("stderr: " + ("identical" if not rep["stderr_diff"] else "DIFFERS")
                 + (" (npjax's own warnings apart)" if rep["npjax_warnings"] else ""))
    lines += _cut(rep["stderr_diff"])
    if rep["npjax_warnings"]:
        lines.append("npjax warnings (not counted as differences):")
        lines += [f"  {w}" for w in rep["npjax_warnings"]]
    stats = rep["npjax_stats"]
    if stats:
        lines += [f"npjax {line}" for line in _run.format_stats(stats)]
    lines.append("")
    if rep["identical"]:
        lines.append(f"IDENTICAL: exit status, stdout, stderr and every value agree "
                     f"(rtol={rep['rtol']:g}, atol={rep['atol']:g})")
    else:
        lines.append(f"DIFFERENCES ({len(rep['differences'])}):")
        lines += [f"  {d}" for d in rep["differences"]]
    return "\n".join(lines)


def _fmt3(v):
    return "-" if v is None else f"{v:.3f}"


def _json_ready(obj):
    if isinstance(obj, float) and not math.isfinite(obj):
        return str(obj)     # strict JSON has no inf/nan
    if isinstance(obj, dict):
        return {k: _json_ready(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_ready(v) for v in obj]
    if isinstance(obj, np.generic):
        return _json_ready(obj.item())
    return obj


def main(argv):
    """`python -m npjax compare ...`; returns the exit status."""
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE, end="")
        return 0
    try:
        opts, target, module, args = _run.parse_command(
            argv, flags=("--json", "--show-output"),
            options=("--rtol", "--atol", "--root", "--timeout"))
        rtol = float(opts["rtol"]) if opts["rtol"] is not None else 1e-5
        atol = float(opts["atol"]) if opts["atol"] is not None else 1e-8
        timeout = float(opts["timeout"]) if opts["timeout"] is not None else None
    except (_run.UsageError, ValueError) as err:
        print(USAGE, end="", file=sys.stderr)
        print(f"python -m npjax compare: error: {err}", file=sys.stderr)
        return 2
    if not module and not os.path.exists(target):
        print(f"python -m npjax compare: error: can't open file {target!r}", file=sys.stderr)
        return 2
    rep = compare(target, args, module=module, root=opts["root"], rtol=rtol, atol=atol,
                  timeout=timeout)
    if opts["json"]:
        print(json.dumps(_json_ready(rep), indent=1))
    else:
        if opts["show_output"]:
            print(rep["stdout"], end="" if rep["stdout"].endswith("\n") else "\n")
        print(format_report(rep))
    return 0 if rep["identical"] else 1
