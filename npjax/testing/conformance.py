"""NumPy's own test files run against npjax: `python -m npjax.testing.conformance`.

Each selected test module of the installed NumPy runs twice, in child processes: as it is
(the baseline: what passes with real NumPy here), and with the module's references to
NumPy rebound to npjax — every `import numpy`, `from numpy import ...` and
`import numpy.linalg` executed by the test file itself gives npjax, while `numpy.testing`,
NumPy's private modules, its conftest and every library stay NumPy's (the same import
redirection as `python -m npjax run`). Conformance = tests passing under npjax among those
passing under NumPy, per file and overall, with the most common failure reasons.

A test that hangs (per-test timeout) or crashes its process counts as failed and the run
resumes after it. Tests that cannot pass by design are listed in SKIP with the reason; they
count as not passing.

    python -m npjax.testing.conformance [--quick] [--files name ...] [--timeout S]
        [--json FILE] [--markdown FILE]
"""
import argparse
import collections
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time

FILES = (
    "numpy._core.tests.test_multiarray", "numpy._core.tests.test_numeric",
    "numpy._core.tests.test_indexing", "numpy._core.tests.test_shape_base",
    "numpy.lib.tests.test_function_base", "numpy.lib.tests.test_nanfunctions",
    "numpy.lib.tests.test_arraysetops", "numpy.lib.tests.test_arraypad",
    "numpy.lib.tests.test_histograms", "numpy.lib.tests.test_shape_base",
    "numpy.lib.tests.test_twodim_base", "numpy.lib.tests.test_index_tricks",
    "numpy.linalg.tests.test_linalg", "numpy.fft.tests.test_pocketfft",
    "numpy.random.tests.test_random", "numpy.random.tests.test_generator_mt19937",
)
QUICK = ("numpy.lib.tests.test_twodim_base", "numpy.lib.tests.test_shape_base",
         "numpy.lib.tests.test_arraysetops", "numpy.lib.tests.test_index_tricks")

# test-id substring -> why it cannot pass against npjax by design (counted as failing)
SKIP = {
    "test_multiarray.py::TestCTypes": "inspects NumPy's C memory through ctypes",
    "test_multiarray.py::TestNewBufferProtocol": "NumPy's buffer-protocol internals",
    "test_multiarray.py::TestPickling::test_highest_available_pickle_protocol":
        "pickles NumPy's own array class",
}


# ---- child: one pytest run of one module ---------------------------------------------------
def _test_file_swap_class():
    import numpy
    from npjax.tools.run import ImportSwap
    root = os.path.realpath(os.path.dirname(numpy.__file__))

    class TestFileSwap(ImportSwap):
        """`python -m npjax run`'s import swap, scoped to NumPy's own test files, with
        numpy.testing (the assertion helpers) left NumPy's."""

        def __init__(self):
            super().__init__(root)

        def in_scope(self, filename):
            path = os.path.realpath(filename)
            return path.startswith(root) and os.path.basename(path).startswith("test_")

        @staticmethod
        def resolve(name, fromlist):
            if name == "numpy.testing" or name.startswith("numpy.testing."):
                return None
            return ImportSwap.resolve(name, fromlist)
    return TestFileSwap


def _TestFileSwap():
    return _test_file_swap_class()()


class _Collector:
    def __init__(self, mode, out_path, skip_ids):
        self.mode, self.out_path, self.skip_ids = mode, out_path, skip_ids
        self.results = {}
        self.timeout = float(os.environ.get("NPJAX_CONFORMANCE_TIMEOUT", "60"))

    def pytest_configure(self, config):
        if self.mode == "npjax":
            _TestFileSwap().install()

    def pytest_collection_modifyitems(self, items):
        items[:] = [i for i in items if i.nodeid not in self.skip_ids]

    def pytest_runtest_logstart(self, nodeid, location):
        import faulthandler
        self._write({"started": nodeid})
        faulthandler.dump_traceback_later(self.timeout, exit=True)

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            if self.results.get(report.nodeid, ("passed",))[0] == "passed":
                reason = ""
                if report.outcome == "failed":
                    crash = getattr(report.longrepr, "reprcrash", None)
                    reason = crash.message.splitlines()[0] if crash else str(report.longrepr)[:200]
                self.results[report.nodeid] = (report.outcome, reason)
        if report.when == "teardown":
            import faulthandler
            faulthandler.cancel_dump_traceback_later()
            self._write({"done": report.nodeid, "result": self.results.get(report.nodeid)})

    def _write(self, record):
        with open(self.out_path, "a") as f:
            f.write(json.dumps(record) + "\n")


def _child(mode, module, out_path, skip_path):
    import pytest
    skip_ids = set()
    if os.path.exists(skip_path):
        with open(skip_path) as f:
            skip_ids = set(json.load(f))
    collector = _Collector(mode, out_path, skip_ids)
    pytest.main(["--pyargs", module, "-q", "-p", "no:cacheprovider", "-p", "no:npjax",
                 "-W", "ignore", "--no-header", "--tb=no", "-x" if False else "-q"],
                plugins=[collector])
    os._exit(0)


# ---- parent: run, resume, score ------------------------------------------------------------
def run_module(mode, module, timeout, device=False):
    """{nodeid: (outcome, reason)} of one module under `mode`, resuming after crashes."""
    results, skip = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(200):
            out_path = os.path.join(tmp, f"out{attempt}.jsonl")
            skip_path = os.path.join(tmp, "skip.json")
            with open(skip_path, "w") as f:
                json.dump(sorted(set(results) | set(skip)), f)
            env = dict(os.environ, NPJAX_CONFORMANCE_TIMEOUT=str(timeout),
                       NPJAX_FALLBACK="silent")
            if device and mode == "npjax":
                env["NPJAX_HOST_THRESHOLD"] = "0"
            subprocess.run([sys.executable, "-m", "npjax.testing.conformance", "--child",
                            mode, module, out_path, skip_path], env=env,
                           capture_output=True, text=True)
            started, finished = None, False
            if os.path.exists(out_path):
                with open(out_path) as f:
                    for line in f:
                        rec = json.loads(line)
                        if "started" in rec:
                            started, finished = rec["started"], False
                        else:
                            if rec["result"] is not None:
                                results[rec["done"]] = tuple(rec["result"])
                            finished = True
            if started is None or finished:
                break
            # the process died inside `started` (timeout or crash): count it, go on after it
            results[started] = ("failed", "crashed or timed out")
            skip.append(started)
    return results


def _normalise(reason):
    reason = re.sub(r"0x[0-9a-f]+", "0x…", reason)
    reason = re.sub(r"\d+(\.\d+)?", "N", reason)
    return reason[:120]


def score(baseline, mine):
    """Conformance of one module: npjax passes among NumPy's passes, and failure reasons."""
    passing = [n for n, (o, _) in baseline.items() if o == "passed"]
    skipped = [n for n in passing if any(pat in n for pat in SKIP)]
    ok = [n for n in passing if n not in skipped and mine.get(n, ("absent", ""))[0] == "passed"]
    reasons = collections.Counter()
    examples = collections.defaultdict(list)
    for n in passing:
        if n in ok or n in skipped:
            continue
        outcome, why = mine.get(n, ("absent", "not run under npjax"))
        key = _normalise(why or outcome)
        reasons[key] += 1
        if len(examples[key]) < 3:
            examples[key].append(n)
    return {"baseline_passed": len(passing), "npjax_passed": len(ok),
            "skipped_by_design": len(skipped),
            "rate": len(ok) / len(passing) if passing else 1.0,
            "reasons": dict(reasons.most_common()), "examples": dict(examples)}


def run(files, timeout=60, log=sys.stderr, device=False):
    report = {"date": datetime.date.today().isoformat(), "files": {},
              "tier": "device (every array on JAX)" if device else "default"}
    import numpy
    import jax
    import npjax
    report["versions"] = {"numpy": numpy.__version__, "jax": jax.__version__,
                          "npjax": npjax.npjax_version,
                          "python": sys.version.split()[0]}
    start = time.perf_counter()
    for module in files:
        t0 = time.perf_counter()
        base = run_module("numpy", module, timeout)
        mine = run_module("npjax", module, timeout, device)
        report["files"][module] = score(base, mine)
        r = report["files"][module]
        print(f"{module}: {r['npjax_passed']}/{r['baseline_passed']} "
              f"({100 * r['rate']:.1f}%) in {time.perf_counter() - t0:.0f} s", file=log)
    total_base = sum(r["baseline_passed"] for r in report["files"].values())
    total_ok = sum(r["npjax_passed"] for r in report["files"].values())
    reasons = collections.Counter()
    for r in report["files"].values():
        reasons.update(r["reasons"])
    report["overall"] = {"baseline_passed": total_base, "npjax_passed": total_ok,
                         "rate": total_ok / total_base if total_base else 1.0,
                         "top_reasons": dict(reasons.most_common(20)),
                         "seconds": time.perf_counter() - start}
    return report


def markdown(report):
    o = report["overall"]
    v = report["versions"]
    lines = ["# npjax against NumPy's own tests", "",
             f"Run {report['date']}: NumPy {v['numpy']}, jax {v['jax']}, npjax {v['npjax']}, "
             f"Python {v['python']}; npjax tier: {report['tier']}; {o['seconds']:.0f} s. "
             "Command: "
             "`python -m npjax.testing.conformance --markdown docs/conformance.md`.", "",
             "Conformance = tests passing under npjax among those passing under NumPy in the "
             "same environment.", "",
             "| test file | NumPy passes | npjax passes | conformance |", "|---|---|---|---|"]
    for module, r in report["files"].items():
        lines.append(f"| {module} | {r['baseline_passed']} | {r['npjax_passed']} | "
                     f"{100 * r['rate']:.1f}% |")
    lines.append(f"| **overall** | {o['baseline_passed']} | {o['npjax_passed']} | "
                 f"**{100 * o['rate']:.1f}%** |")
    lines += ["", "## Most common failure reasons", "", "| tests | reason |", "|---|---|"]
    for reason, n in o["top_reasons"].items():
        lines.append(f"| {n} | `{reason.replace('|', '/')}` |")
    lines += ["", "## Tests that cannot pass by design (counted as failing)", ""]
    lines += [f"- `{pat}`: {why}" for pat, why in SKIP.items()]
    return "\n".join(lines) + "\n"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        _child(*argv[1:5])
        return 0
    p = argparse.ArgumentParser(prog="python -m npjax.testing.conformance")
    p.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)}")
    p.add_argument("--files", nargs="+", help="test modules (dotted names)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per test")
    p.add_argument("--device", action="store_true",
                   help="npjax with every array on the JAX device (host_threshold 0)")
    p.add_argument("--json", help="write the report as JSON")
    p.add_argument("--markdown", help="write the report as a markdown table")
    args = p.parse_args(argv)
    files = args.files or (QUICK if args.quick else FILES)
    report = run(files, args.timeout, device=args.device)
    o = report["overall"]
    print(f"overall: {o['npjax_passed']}/{o['baseline_passed']} ({100 * o['rate']:.1f}%)")
    for reason, n in list(o["top_reasons"].items())[:10]:
        print(f"  {n:5d}  {reason}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
