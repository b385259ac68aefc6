"""`python -m npjax compare script.py [args]`: the script under NumPy and under npjax.

Both runs are child processes started the same way (same environment, arguments and
working directory, hence the same seeds). Each child runs the script, then writes what it
left behind: every module-level numeric value (arrays, NumPy and Python numbers, lists and
tuples of numbers), the explicit checkpoints (`npjax.testing.checkpoint(name, value)`),
its wall time and, under npjax, `npjax.stats()`. The report lists every difference —
stdout, stderr, exit status, values beyond `--rtol`/`--atol`, dtypes, shapes, names present
in one run only — and the speed-up. The exit status is 1 when anything differs beyond
tolerance. npjax's own warnings (fallbacks, recompiles) are shown apart and are not counted
as differences; any other stderr difference is.
"""
import difflib
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time

import numpy as np

_NPJAX_WARNINGS = ("NumPyFallbackWarning", "RecompileWarning")


# ---- the child side -------------------------------------------------------------------------
def _numeric(value):
    """A NumPy array for a numeric value worth comparing, else None."""
    if isinstance(value, bool) or isinstance(value, (int, float, complex, np.generic)):
        return np.asarray(value)
    if isinstance(value, (list, tuple)) and value and len(value) < 10**7:
        if all(isinstance(v, (bool, int, float, complex, np.generic)) for v in value):
            return np.asarray(value)
        return None
    if isinstance(value, np.ndarray) or hasattr(value, "__array__") and \
            type(value).__module__.startswith("npjax"):
        try:
            arr = np.asarray(value)
        except Exception:  # noqa: BLE001  an object that cannot become an array is skipped
            return None
        return arr if arr.dtype.kind in "biufcmM" else None
    return None


def _collect(namespace):
    out = {}
    for name, value in namespace.items():
        if name.startswith("_"):
            continue
        arr = _numeric(value)
        if arr is not None:
            out[name] = {"value": arr, "kind": type(value).__name__}
    return out


def child(mode, out_path, script, argv):
    """Run `script` (mode "numpy": plain; "npjax": through `npjax run`) and pickle what
    it left behind to `out_path`. Exit status and output are the script's."""
    from . import run as run_mod
    namespace = {}
    status = 0
    hook = None
    if mode == "npjax":
        hook = run_mod.ImportRedirect(os.path.dirname(os.path.abspath(script))).install()
    start = time.perf_counter()
    try:
        run_mod.exec_script(script, argv, namespace)
    except SystemExit as exc:
        code = exc.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)
    except BaseException:  # noqa: BLE001  the script's own failure, reported like Python's
        import traceback
        traceback.print_exc()
        status = 1
    if mode == "npjax":
        import npjax
        npjax.sync()
    seconds = time.perf_counter() - start
    if hook is not None:
        hook.uninstall()
    module = namespace.get("module")
    values = _collect(vars(module)) if module is not None else {}
    checkpoints = {}
    testing = sys.modules.get("npjax.testing")
    if testing is not None:
        checkpoints = {k: np.asarray(v) for k, v in testing.checkpoints.items()}
    stats = None
    if mode == "npjax":
        import npjax
        s = npjax.stats()
        stats = {"fallbacks": s["fallbacks"], "lazy": s["lazy"]}
    with open(out_path, "wb") as f:
        pickle.dump({"values": values, "checkpoints": checkpoints, "seconds": seconds,
                     "stats": stats, "status": status}, f)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


# ---- the parent side ------------------------------------------------------------------------
def _run_child(mode, script, argv):
    fd, out_path = tempfile.mkstemp(suffix=".pkl", prefix=f"npjax-compare-{mode}-")
    os.close(fd)
    cmd = [sys.executable, "-m", "npjax.tools.compare", mode, out_path, script] + list(argv)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    try:
        with open(out_path, "rb") as f:
            data = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError):
        data = {"values": {}, "checkpoints": {}, "seconds": None, "stats": None,
                "status": proc.returncode, "crashed": True}
    finally:
        if os.path.exists(out_path):
            os.unlink(out_path)
    data.update(stdout=proc.stdout, stderr=proc.stderr, returncode=proc.returncode, wall=wall)
    return data


def _compare_value(a, b, rtol, atol):
    """One row of the report for NumPy's value `a` and npjax's `b`."""
    row = {"numpy": f"{a.dtype}{list(a.shape)}", "npjax": f"{b.dtype}{list(b.shape)}",
           "max_abs": None, "max_rel": None}
    problems = []
    if a.dtype != b.dtype:
        problems.append("dtype")
    if a.shape != b.shape:
        problems.append("shape")
        row["status"] = ",".join(problems)
        return row
    if a.dtype.kind in "biufc" and b.dtype.kind in "biufc":
        x, y = a.astype(np.complex128 if "c" in a.dtype.kind + b.dtype.kind else np.float64), \
            b.astype(np.complex128 if "c" in a.dtype.kind + b.dtype.kind else np.float64)
        nan_x, nan_y = np.isnan(x), np.isnan(y)
        if (nan_x != nan_y).any():
            problems.append("NaN placement")
        finite = ~(nan_x | nan_y)
        if finite.any():
            diff = np.abs(x[finite] - y[finite])
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = np.where(diff == 0, 0.0, diff / np.abs(x[finite]))
            row["max_abs"] = float(diff.max())
            row["max_rel"] = float(np.nanmax(rel)) if rel.size else 0.0
            inf_x, inf_y = np.isinf(x[finite]), np.isinf(y[finite])
            same_inf = inf_x & inf_y & (x[finite] == y[finite])
            ok = np.isclose(x[finite], y[finite], rtol=rtol, atol=atol) | same_inf
            if not ok.all():
                problems.append("values")
    elif not np.array_equal(a, b):
        problems.append("values")
    row["status"] = ",".join(problems) if problems else "ok"
    return row


def _npjax_warning_lines(text):
    return [line for line in text.splitlines() if any(w in line for w in _NPJAX_WARNINGS)]


def _strip_npjax_warnings(text):
    """stderr without npjax's own warnings (each is a message line and the source line
    Python prints under it)."""
    out, skip = [], False
    for line in text.splitlines():
        if any(w in line for w in _NPJAX_WARNINGS):
            skip = True
            continue
        if skip and line.startswith("  "):
            skip = False
            continue
        skip = False
        out.append(line)
    return out


def compare(script, argv, rtol=1e-5, atol=1e-8):
    ref = _run_child("numpy", script, argv)
    mine = _run_child("npjax", script, argv)
    report = {"script": script, "argv": list(argv), "rtol": rtol, "atol": atol,
              "differences": [], "values": {}, "checkpoints": {}}
    diffs = report["differences"]
    if ref["returncode"] != mine["returncode"]:
        diffs.append(f"exit status: NumPy {ref['returncode']}, npjax {mine['returncode']}")
    if ref["stdout"] != mine["stdout"]:
        diffs.append("stdout differs:\n" + "".join(difflib.unified_diff(
            ref["stdout"].splitlines(True), mine["stdout"].splitlines(True),
            "numpy", "npjax")))
    err_a, err_b = ref["stderr"].splitlines(), _strip_npjax_warnings(mine["stderr"])
    if err_a != err_b:
        diffs.append("stderr differs:\n" + "\n".join(difflib.unified_diff(
            err_a, err_b, "numpy", "npjax", lineterm="")))
    for section in ("values", "checkpoints"):
        a, b = ref[section], mine[section]
        for name in sorted(set(a) | set(b)):
            if name not in b:
                report[section][name] = {"status": "missing under npjax"}
            elif name not in a:
                report[section][name] = {"status": "missing under NumPy"}
            else:
                va = a[name]["value"] if section == "values" else a[name]
                vb = b[name]["value"] if section == "values" else b[name]
                report[section][name] = _compare_value(va, vb, rtol, atol)
            if report[section][name]["status"] != "ok":
                diffs.append(f"{section[:-1]} {name}: {report[section][name]['status']}")
    report["numpy_seconds"] = ref["seconds"]
    report["npjax_seconds"] = mine["seconds"]
    report["numpy_wall"] = ref["wall"]
    report["npjax_wall"] = mine["wall"]
    if ref["seconds"] and mine["seconds"]:
        report["speedup"] = ref["seconds"] / mine["seconds"]
        report["speedup_wall"] = ref["wall"] / mine["wall"]
    report["npjax_stats"] = mine["stats"]
    report["npjax_warnings"] = _npjax_warning_lines(mine["stderr"])
    report["stdout"] = mine["stdout"]
    report["identical"] = not diffs
    return report


def format_report(rep):
    lines = [f"npjax compare: {rep['script']} {' '.join(rep['argv'])}".rstrip(), ""]
    for section in ("values", "checkpoints"):
        rows = rep[section]
        if not rows:
            continue
        lines.append(f"{'module-level value' if section == 'values' else 'checkpoint':24s}"
                     f" {'NumPy':>18s} {'npjax':>18s} {'max abs':>10s} {'max rel':>10s}  status")
        for name, row in rows.items():
            fmt = lambda v: "-" if v is None else f"{v:.3g}"  # noqa: E731
            lines.append(f"{name[:24]:24s} {row.get('numpy', '-'):>18s} "
                         f"{row.get('npjax', '-'):>18s} {fmt(row.get('max_abs')):>10s} "
                         f"{fmt(row.get('max_rel')):>10s}  {row['status']}")
        lines.append("")
    if rep["npjax_seconds"] and rep["numpy_seconds"]:
        lines.append(f"time (script body): NumPy {rep['numpy_seconds']:.3f} s, npjax "
                     f"{rep['npjax_seconds']:.3f} s: {rep['speedup']:.2f}x; whole process: "
                     f"NumPy {rep['numpy_wall']:.2f} s, npjax {rep['npjax_wall']:.2f} s: "
                     f"{rep['speedup_wall']:.2f}x")
    stats = rep.get("npjax_stats") or {}
    lazy = stats.get("lazy", {})
    lines.append(f"npjax: {lazy.get('compiles', 0)} graph compiles "
                 f"({lazy.get('compile_seconds', 0.0):.2f} s), {lazy.get('cache_hits', 0)} "
                 f"cache hits, fallbacks: "
                 + (", ".join(f"{k} x{v}" for k, v in stats.get("fallbacks", {}).items())
                    or "none"))
    if rep["npjax_warnings"]:
        lines.append("npjax warnings (not counted as differences):")
        lines += [f"  {w}" for w in rep["npjax_warnings"]]
    lines.append("")
    if rep["identical"]:
        lines.append(f"IDENTICAL: stdout, stderr, exit status and every value agree "
                     f"(rtol={rep['rtol']}, atol={rep['atol']})")
    else:
        lines.append(f"DIFFERENCES ({len(rep['differences'])}):")
        lines += ["  " + d.replace("\n", "\n  ") for d in rep["differences"]]
    return "\n".join(lines)


def main(script, argv, rtol=1e-5, atol=1e-8, as_json=False):
    rep = compare(script, argv, rtol, atol)
    if as_json:
        print(json.dumps(rep, indent=2, default=str))
    else:
        print(format_report(rep))
    return 0 if rep["identical"] else 1


if __name__ == "__main__":
    child(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
