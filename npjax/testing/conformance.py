"""NumPy's own test files run against npjax: `python -m npjax.testing.conformance`.

Each selected test module of the installed NumPy runs in child processes: once as it is
(the baseline: what passes with real NumPy here), then once per npjax tier with the module's
references to NumPy rebound to npjax. The rebinding happens at import time (the import swap
of `python -m npjax run`, scoped to NumPy's `test_*.py` files): every `import numpy`,
`from numpy import ...` and `import numpy.linalg` executed by the test file itself gives
npjax, so functions held in lists and `parametrize` values are npjax's too; `numpy.testing`
(the assertion helpers), NumPy's private modules, its conftest and every library stay
NumPy's. Tiers: "default" (npjax as configured: small arrays stay NumPy arrays) and "device"
(`host_threshold` 0: every array npjax makes lives on JAX).

Conformance = tests passing under npjax among those passing under NumPy, per file and
overall, with the most common failure reasons (exception type and first message line,
numbers and addresses normalised), example test ids and where in npjax each was raised.

A test that hangs (per-test alarm: faulthandler ends the process) or crashes its process
counts as failed and the run resumes after it in a new process. Tests that cannot pass by
design are listed in SKIP with the reason; they count as not passing.

    python -m npjax.testing.conformance [--quick] [--files NAME ...] [--tier T] [-j N]
        [--timeout S] [--state DIR] [--json FILE] [--markdown FILE]

Standard library only at import: the child processes execute this file by path, so the
baseline run never imports npjax.
"""
import argparse
import collections
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

_NPJAX_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))

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
TIERS = {"default": {}, "device": {"NPJAX_HOST_THRESHOLD": "0"}}

# Tests that cannot pass against npjax by design: test-id pattern -> why (see skip_reason).
# They are not run under npjax and count as failing (never silently excluded from the score).
SKIP = {
    # (TestCTypes, TestNewBufferProtocol and the pickle-protocol tests are not here: they
    # pass in the default tier, where small arrays are NumPy's; their device-tier failures
    # are measured like any other.)
    # NumPy's private C test helper reads its argument as NumPy's C array struct: given an
    # npjax array it crashes the process
    "test_multiarray.py::TestTemporaryElide::test_extension_incref_elide":
        "NumPy's C helper (_multiarray_tests.incref_elide) needs NumPy's C array",
    # asserts the function is NumPy's C dispatcher: __wrapped__.__text_signature__ exists and
    # inspect.signature(follow_wrapped=False) fails, which no Python function can do
    "test_multiarray.py::TestTextSignatures::test_c_func_dispatcher_text_signature":
        "needs a C-implemented callable (__text_signature__)",
}


def skip_reason(nodeid):
    """The SKIP reason of a test id, or None. A pattern matches a whole part of the id: a
    class, a test, or a test with its parameters (`test_a` matches `test_a[x]`, not
    `test_ab`)."""
    for pattern, why in SKIP.items():
        if re.search(re.escape(pattern) + r"(?=$|::|\[)", nodeid):
            return why
    return None


# ---- child: one pytest session over one test module --------------------------------------
def _typename(exc):
    cls = type(exc)
    if cls.__module__ in ("builtins", "_pytest.outcomes"):
        return cls.__name__
    return f"{cls.__module__}.{cls.__qualname__}"


def _npjax_dir(path):
    """The npjax package folder `path` is in, or None: this file's, or the imported npjax's
    (a child process may import an installed copy)."""
    dirs = [_NPJAX_DIR]
    mod = sys.modules.get("npjax")
    if getattr(mod, "__file__", None):
        dirs.append(os.path.dirname(os.path.realpath(mod.__file__)))
    return next((d for d in dirs if path.startswith(d + os.sep)), None)


def _frame_label(path, line, func):
    own = _npjax_dir(path)
    if own:
        path = "npjax/" + os.path.relpath(path, own)
    else:
        parts = path.split(os.sep)
        for i in range(len(parts) - 1, 0, -1):  # relative to site-packages: numpy/...
            if parts[i] in ("site-packages", "dist-packages"):
                path = "/".join(parts[i + 1:])
                break
        else:  # another npjax checkout (a crash log read by the parent), or a bare name
            i = len(parts) - 1 - parts[::-1].index("npjax") if "npjax" in parts else -1
            path = "/".join(parts[i:])
    return f"{path}:{line} in {func}"


def _failure(excinfo, test_file):
    """(reason, where) of a failure: exception type and first non-empty message line;
    where = the innermost npjax frame, else the innermost frame below the test's own code
    (numpy.testing's helpers...), else the test's line, as 'path:line in function'."""
    exc = excinfo.value
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    npjax_frame = test_frame = below_test = None
    tb = excinfo.tb
    while tb is not None:
        code = tb.tb_frame.f_code
        path = os.path.realpath(code.co_filename)
        label = _frame_label(path, tb.tb_lineno, code.co_name)
        if _npjax_dir(path):
            npjax_frame = label
        elif path == test_file:
            test_frame = f"{os.path.basename(path)}:{tb.tb_lineno} in {code.co_name}"
            below_test = None
        elif test_frame and not re.search(r"[/\\](_pytest|pluggy|unittest)[/\\]", path):
            below_test = label
        tb = tb.tb_next
    reason = _typename(exc) + (": " + lines[0][:200] if lines else "")
    if not lines and test_frame:
        reason += f" (at {test_frame.split(' in ')[0]})"
    return reason, npjax_frame or below_test or test_frame or ""


class _Collector:
    """pytest plugin of the child: installs the import swap, drops finished/skipped tests,
    arms the per-test alarm and appends one JSON record per event to `out_path`."""

    def __init__(self, mode, out_path, done_ids, root, timeout):
        self.mode, self.out_path, self.done_ids = mode, out_path, done_ids
        self.root, self.timeout = root, timeout
        self.results, self.failures = {}, {}

    def pytest_configure(self, config):
        import faulthandler
        # the process's own stderr (the attempt's log), not pytest's capture of it: the
        # parent reads "Fatal Python error" / "Timeout (" there
        self.stderr = os.fdopen(os.dup(2), "w")
        faulthandler.enable(file=self.stderr)
        if self.mode != "numpy":
            _test_file_swap(self.root, os.environ.get("NPJAX_CONFORMANCE_TESTING",
                                                      "numpy")).install()

    def pytest_collectreport(self, report):
        if report.failed:
            crash = getattr(report.longrepr, "reprcrash", None)
            text = crash.message if crash else str(report.longrepr)
            lines = [ln for ln in text.splitlines() if ln.strip()]
            # pytest's "ImportError while importing test module" header is not the reason
            reason = next((ln.strip() for ln in reversed(lines) if ln.startswith("E ")),
                          lines[0] if lines else "collection failed")
            self._write({"collect_error": report.nodeid,
                         "reason": re.sub(r"^E\s+", "", reason)})

    def pytest_collection_modifyitems(self, items):
        self._write({"collected": [i.nodeid for i in items]})
        items[:] = [i for i in items if i.nodeid not in self.done_ids
                    and not (self.mode != "numpy" and skip_reason(i.nodeid))]

    def pytest_runtest_logstart(self, nodeid, location):
        import faulthandler
        self._write({"started": nodeid})
        faulthandler.dump_traceback_later(self.timeout, exit=True, file=self.stderr)

    def pytest_runtest_makereport(self, item, call):
        import pytest
        if call.excinfo is not None and not call.excinfo.errisinstance(pytest.skip.Exception):
            test_file = os.path.realpath(str(item.path))
            self.failures.setdefault(item.nodeid, _failure(call.excinfo, test_file))

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            if self.results.get(report.nodeid, ("passed",))[0] == "passed":
                reason, where = "", ""
                if report.outcome == "failed":
                    reason, where = self.failures.get(report.nodeid, ("", ""))
                    if not reason:  # e.g. strict xpass, a failure without excinfo
                        crash = getattr(report.longrepr, "reprcrash", None)
                        reason = (crash.message if crash else str(report.longrepr))
                        reason = (reason.strip().splitlines() or ["failed"])[0][:200]
                self.results[report.nodeid] = (report.outcome, reason, where)
        if report.when == "teardown":
            import faulthandler
            faulthandler.cancel_dump_traceback_later()
            self._write({"done": report.nodeid, "result": self.results.get(report.nodeid)})

    def pytest_sessionfinish(self):
        self._write({"finished": True})

    def _write(self, record):
        with open(self.out_path, "a") as f:
            f.write(json.dumps(record) + "\n")


def _test_file_swap(root, testing="numpy"):
    """`python -m npjax run`'s import swap for the test files under `root` (test_*.py), with
    numpy.testing (the assertion helpers) left NumPy's, or npjax.testing's for
    testing="npjax"."""
    from npjax.tools.run import ImportSwap
    root = os.path.realpath(root)

    class TestFileSwap(ImportSwap):
        def in_scope(self, filename):
            hit = self._scope.get(filename)
            if hit is None:
                path = os.path.realpath(filename)
                hit = self._scope[filename] = (path.startswith(root + os.sep)
                                               and os.path.basename(path).startswith("test_"))
            return hit

        @staticmethod
        def resolve(name, fromlist):
            if testing == "numpy" and (name == "numpy.testing"
                                       or name.startswith("numpy.testing.")):
                return None
            return ImportSwap.resolve(name, fromlist)

    return TestFileSwap(root)


def _child(mode, target, out_path, done_path, root, timeout):
    if sys.path and os.path.realpath(sys.path[0]) == os.path.dirname(os.path.realpath(
            __file__)):
        sys.path.pop(0)  # executed by path: this folder is not an import root
    import pytest
    with open(done_path) as f:
        done_ids = set(json.load(f))
    collector = _Collector(mode, out_path, done_ids, root, float(timeout))
    args = [target] if os.path.exists(target) else ["--pyargs", target]
    # rootdir = NumPy's folder: test ids read "lib/tests/test_x.py::TestY::test_z"
    pytest.main(args + ["--rootdir", root, "-q", "--no-header", "--tb=no", "-rN", "-W", "ignore",
                        "-p", "no:cacheprovider", "-p", "no:npjax", "-p", "no:faulthandler"],
                plugins=[collector])
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (JAX's atexit work): results are written


# ---- parent: run, resume, score ------------------------------------------------------------
def _numpy_root():
    import numpy
    return os.path.dirname(os.path.realpath(numpy.__file__))


def _replay(workdir):
    """State of a module run from its attempt files: (results, collected ids, collection
    errors, crashed test ids, finished, attempts)."""
    results, collected, errors, crashed = {}, None, [], []
    finished, attempt = False, 0
    while os.path.exists(os.path.join(workdir, f"attempt{attempt}.jsonl")) or \
            os.path.exists(os.path.join(workdir, f"attempt{attempt}.log")):
        started, ended = None, False
        path = os.path.join(workdir, f"attempt{attempt}.jsonl")
        if os.path.exists(path):
            with open(path) as f:
                for line in f:
                    try:
                        rec = json.loads(line)
                    except ValueError:  # a line cut by the process's end
                        continue
                    if "started" in rec:
                        started, ended = rec["started"], False
                    elif "done" in rec:
                        if rec["result"] is not None:
                            results[rec["done"]] = tuple(rec["result"])
                        ended = True
                    elif "collected" in rec:
                        collected = collected or rec["collected"]
                    elif "collect_error" in rec:
                        errors.append(rec["reason"])
                    elif "finished" in rec:
                        finished = True
        attempt += 1
        if finished:
            break
        if started is not None and not ended:
            with open(os.path.join(workdir, f"attempt{attempt - 1}.log"),
                      errors="replace") as f:
                log = f.read()
            results[started] = ("failed",) + _crash_reason(log)
            crashed.append(started)
        elif started is None:
            # died or hung before any test started: collection itself
            if not errors:
                errors.append("test process ended during collection")
            finished = True
            break
    return results, collected, errors, crashed, finished, attempt


def _crash_reason(log):
    """(reason, where) of a child that died inside a test, from its stderr: faulthandler's
    "Timeout (...)!" (the per-test alarm) or "Fatal Python error: ...", then the frames,
    most recent first."""
    fatal = re.search(r"Fatal Python error: [^\n]*", log)
    status = re.search(r"\[exit status (-?\d+)\]", log)
    if "Timeout (" in log:
        why = "timed out (per-test alarm)"
    elif fatal:
        why = "process crashed: " + fatal.group(0)
    elif status and int(status.group(1)) == -9:
        why = "process killed (SIGKILL: out of memory, or the hang watchdog)"
    else:
        why = "process crashed" + (f" (exit status {status.group(1)})" if status else "")
    frames = re.findall(r'File "([^"]+)", line (\d+) in (\S+)', log)
    where = ""
    for path, line, func in frames:
        path = os.path.realpath(path)
        # an npjax frame (of this copy or an installed one), not this runner's own
        if "npjax" in path.split(os.sep) and path != os.path.realpath(__file__):
            where = _frame_label(path, line, func)
            break
    return why, where


def run_module(mode, target, timeout=60.0, env=None, root=None, workdir=None, log=None):
    """Run one test module (dotted name or file path) under `mode` ("numpy" or "npjax"),
    restarting after crashes and hangs. `workdir` keeps the attempt files, so a killed run
    resumes there. Returns {"results": {nodeid: (outcome, reason, where)}, "collected":
    [nodeids], "collect_errors": [...]}."""
    root = root or _numpy_root()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = workdir or tmp
        os.makedirs(workdir, exist_ok=True)
        while True:
            results, collected, errors, crashed, finished, attempt = _replay(workdir)
            if finished or attempt >= 200:
                break
            done_path = os.path.join(workdir, "done.json")
            with open(done_path, "w") as f:
                json.dump(sorted(results), f)
            out_path = os.path.join(workdir, f"attempt{attempt}.jsonl")
            t0 = time.perf_counter()
            with open(os.path.join(workdir, f"attempt{attempt}.log"), "a") as logf:
                proc = subprocess.Popen(
                    [sys.executable, os.path.realpath(__file__), "--child", mode, target,
                     out_path, done_path, root, str(timeout)],
                    env=dict(os.environ, NPJAX_FALLBACK="silent", **(env or {})),
                    stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    start_new_session=True)
                _watch(proc, out_path, timeout)
                try:  # processes a test forked and left behind (they may hold GBs)
                    os.killpg(proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                logf.write(f"\n[exit status {proc.returncode}]\n")
            with open(os.path.join(workdir, "seconds"), "a") as f:
                f.write(f"{time.perf_counter() - t0:.1f}\n")
            after = _replay(workdir)[3]
            if log and len(after) > len(crashed):
                print(f"  {mode} {target}: {after[-1]} crashed or hung; resuming", file=log)
        if not finished:
            errors.append("gave up after 200 crashed processes")
        seconds = 0.0
        if os.path.exists(os.path.join(workdir, "seconds")):
            with open(os.path.join(workdir, "seconds")) as f:
                seconds = sum(float(x) for x in f.read().split())
    return {"results": results, "collected": collected or [], "collect_errors": errors,
            "seconds": seconds}


def _watch(proc, out_path, timeout):
    """Wait for the child; a backstop to its own alarm: kill it when its record file has not
    grown for the per-test timeout plus a margin (10 minutes while collecting)."""
    last, size = time.monotonic(), -1
    while proc.poll() is None:
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        now_size = os.path.getsize(out_path) if os.path.exists(out_path) else 0
        if now_size != size:
            size, last = now_size, time.monotonic()
        elif time.monotonic() - last > (timeout + 60 if size else 600):
            proc.kill()
            proc.wait()


def _normalise(reason):
    # no machine paths: ".../site-packages/numpy/x.py" -> "numpy/x.py"
    reason = re.sub(r"/[^\s'\"]*/((?:npjax|numpy)/[^\s'\"]*)", r"\1", reason)
    reason = re.sub(r"0x[0-9a-fA-F]+", "0x…", reason)
    reason = re.sub(r"(?<![\w.])[-+]?\d+(\.\d+)?(e[-+]?\d+)?(?![\w])", "N", reason)
    reason = re.sub(r"'test_[\w.]*'", "'test_…'", reason)
    return reason[:160]


def score(baseline, mine):
    """Conformance of one module from the two runs ({nodeid: (outcome, reason[, where])},
    or run_module's dicts): npjax passes among NumPy's passes, SKIP entries counted as
    failing, failure reasons with counts, example ids and npjax locations."""
    base = baseline["results"] if "results" in baseline else baseline
    res, collected, errors = mine, set(), []
    if "results" in mine:
        res, collected, errors = mine["results"], set(mine["collected"]), mine["collect_errors"]
    # a parametrize id made from a module's name reads "npjax.random" where NumPy's reads
    # "numpy.random": the same test
    alias = {n.replace("npjax", "numpy"): n for n in set(res) | collected if "npjax" in n}
    passing = sorted(n for n, r in base.items() if r[0] == "passed")
    ok, skipped = [], []
    reasons, where = collections.Counter(), collections.Counter()
    examples = collections.defaultdict(list)
    for n in passing:
        if skip_reason(n):
            skipped.append(n)
            continue
        n_mine = n if n in res or n in collected else alias.get(n, n)
        r = res.get(n_mine)
        if r is not None and r[0] == "passed":
            ok.append(n)
            continue
        if r is None:
            if n_mine in collected:
                why = "not run under npjax"
            elif errors:
                why = "collection failed under npjax: " + errors[0]
            else:
                why = "not collected under npjax (test id differs)"
            r = ("absent", why, "")
        key = _normalise(r[1] or r[0])
        reasons[key] += 1
        if len(r) > 2 and r[2] and not os.path.basename(r[2].split(":")[0]).startswith(
                "test_"):  # the test's own line is in the examples already
            where[re.sub(r":\d+ in ", " in ", r[2])] += 1
        if len(examples[key]) < 3:
            examples[key].append([n, r[2] if len(r) > 2 else ""])
    return {"baseline_passed": len(passing), "npjax_passed": len(ok),
            "skipped_by_design": len(skipped),
            "rate": len(ok) / len(passing) if passing else 1.0,
            "reasons": dict(reasons.most_common()), "examples": dict(examples),
            "where": dict(where.most_common(30)), "collect_errors": errors}


def _versions():
    import numpy
    import jax
    import npjax
    return {"numpy": numpy.__version__, "jax": jax.__version__,
            "npjax": getattr(npjax, "npjax_version", "?"), "python": sys.version.split()[0]}


def run(files, timeout=60.0, tiers=("default",), jobs=1, state=None, testing="numpy",
        log=sys.stderr):
    """Run `files` (dotted module names) on NumPy and on npjax in each tier; the report.
    testing="npjax" serves npjax.testing for the test files' numpy.testing imports."""
    from concurrent.futures import ThreadPoolExecutor
    start = time.perf_counter()
    report = {"date": datetime.date.today().isoformat(), "versions": _versions(),
              "timeout": timeout, "testing": testing, "tiers": {}}
    modes = [("numpy", None)] + [("npjax", t) for t in tiers]

    def job(module, mode, tier):
        label = tier or "numpy"
        if tier and testing != "numpy":
            label += "-npjax.testing"  # not to be resumed from a run with NumPy's helpers
        workdir = os.path.join(state, label, module) if state else None
        # seconds: the module's test processes, summed over resumed runs
        env = dict(TIERS.get(tier) or {}, NPJAX_CONFORMANCE_TESTING=testing)
        out = run_module(mode, module, timeout, env, workdir=workdir, log=log)
        passed = sum(r[0] == "passed" for r in out["results"].values())
        print(f"{module} [{tier or 'numpy'}]: {passed} passed of {len(out['collected'])} "
              f"in {out['seconds']:.0f} s", file=log)
        return out

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        futures = {(m, t): pool.submit(job, m, mode, t)
                   for m in files for mode, t in modes}
        runs = {key: f.result() for key, f in futures.items()}
    for tier in tiers:
        per_file = {}
        for m in files:
            r = per_file[m] = score(runs[m, None], runs[m, tier])
            r["seconds"] = {"numpy": runs[m, None]["seconds"], "npjax": runs[m, tier]["seconds"]}
        report["tiers"][tier] = {"files": per_file, "overall": _overall(per_file)}
    report["seconds"] = time.perf_counter() - start
    report["test_seconds"] = sum(r["seconds"] for r in runs.values())
    return report


def _overall(per_file):
    base = sum(r["baseline_passed"] for r in per_file.values())
    ok = sum(r["npjax_passed"] for r in per_file.values())
    reasons, where = collections.Counter(), collections.Counter()
    examples = collections.defaultdict(list)
    for r in per_file.values():
        reasons.update(r["reasons"])
        where.update(r["where"])
        for key, ex in r["examples"].items():
            examples[key].extend(ex)
    top = reasons.most_common(25)
    return {"baseline_passed": base, "npjax_passed": ok,
            "skipped_by_design": sum(r["skipped_by_design"] for r in per_file.values()),
            "rate": ok / base if base else 1.0,
            "top_reasons": [{"tests": n, "reason": k, "examples": examples[k][:3]}
                            for k, n in top],
            "top_where": dict(where.most_common(15))}


def floor(report):
    """The overall figures of a report per tier: what CI's quick check must not fall under."""
    return {"date": report["date"], "versions": report["versions"],
            "files": list(next(iter(report["tiers"].values()))["files"]),
            "tiers": {t: {k: r["overall"][k] for k in ("baseline_passed", "npjax_passed", "rate")}
                      for t, r in report["tiers"].items()}}


def _short(nodeid):
    path, sep, rest = nodeid.partition("::")
    return os.path.basename(path) + sep + rest


def markdown(report):
    v = report["versions"]
    tiers = list(report["tiers"])
    testing = report.get("testing", "numpy")
    helpers = ("`numpy.testing` kept NumPy's" if testing == "numpy" else
               "`numpy.testing` served as `npjax.testing`")
    option = "" if testing == "numpy" else " --testing npjax"
    lines = ["# npjax against NumPy's own tests", "",
             f"Run {report['date']}: NumPy {v['numpy']}, jax {v['jax']}, npjax {v['npjax']}, "
             f"Python {v['python']}; test processes ran {report['test_seconds'] / 60:.0f} "
             f"min on 2 shared cores, per-test timeout {report['timeout']:.0f} s. Command: "
             f"`python -m npjax.testing.conformance --tier {' '.join(tiers)}{option} "
             "--markdown docs/conformance.md`.", "",
             "Conformance = tests passing under npjax among the tests passing under NumPy in "
             f"the same environment (the test modules' own NumPy imports rebound to npjax, "
             f"{helpers}). Tiers: *default* = npjax as configured (small arrays stay on "
             "NumPy), *device* = `NPJAX_HOST_THRESHOLD=0`, every array npjax makes lives on "
             "JAX.", "",
             "| test file | NumPy passes | " + " | ".join(
                 f"npjax {t} | {t} %" for t in tiers) + " |",
             "|---|---:|" + "---:|---:|" * len(tiers)]
    first = report["tiers"][tiers[0]]
    for module in first["files"]:
        row = f"| {module} | {first['files'][module]['baseline_passed']} |"
        for t in tiers:
            r = report["tiers"][t]["files"][module]
            row += f" {r['npjax_passed']} | {100 * r['rate']:.1f}% |"
        lines.append(row)
    row = f"| **overall** | {first['overall']['baseline_passed']} |"
    for t in tiers:
        o = report["tiers"][t]["overall"]
        row += f" {o['npjax_passed']} | **{100 * o['rate']:.1f}%** |"
    lines.append(row)
    for t in tiers:
        o = report["tiers"][t]["overall"]
        lines += ["", f"## Most common failure reasons, {t} tier", "",
                  "| tests | reason | examples (where raised) |", "|---:|---|---|"]
        for item in o["top_reasons"]:
            ex = "<br>".join(f"`{_short(n)}`" + (f" ({w})" if w else "")
                             for n, w in item["examples"])
            lines.append(f"| {item['tests']} | `{item['reason'].replace('|', '/')}` | "
                         f"{ex.replace('|', '/')} |")
        lines += ["", f"Where the {t} tier's failures were raised (innermost npjax frame, "
                  "else the innermost frame below the test's code):", ""]
        lines += [f"- {n}: `{w}`" for w, n in o["top_where"].items()]
    lines += ["", "## Tests that cannot pass by design (not run, counted as failing)", ""]
    lines += [f"- `{pat}`: {why}" for pat, why in SKIP.items()]
    return "\n".join(lines) + "\n"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        _child(*argv[1:7])
        return 0
    p = argparse.ArgumentParser(prog="python -m npjax.testing.conformance")
    p.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)}")
    p.add_argument("--files", nargs="+", metavar="NAME",
                   help="test modules: dotted names or short names (test_linalg)")
    p.add_argument("--tier", nargs="+", choices=sorted(TIERS), default=["default"],
                   help="npjax tiers to run (default: default)")
    p.add_argument("--device", action="store_true", help="same as --tier device")
    p.add_argument("--testing", choices=("numpy", "npjax"), default="numpy",
                   help="what the test files' numpy.testing imports give (default: NumPy's "
                        "own helpers; npjax: npjax.testing, which hands them host copies)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="parallel test processes")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per test")
    p.add_argument("--state", metavar="DIR",
                   help="keep per-test records here; a rerun with the same DIR resumes")
    p.add_argument("--json", help="write the report as JSON")
    p.add_argument("--markdown", help="write the report as a markdown table")
    p.add_argument("--floor", metavar="FILE",
                   help="write the overall figures per tier (the CI floor) as JSON")
    args = p.parse_args(argv)
    files = list(QUICK if args.quick else FILES)
    if args.files:
        files = []
        for name in args.files:
            dotted = name.removesuffix(".py").replace("/", ".")
            hits = [f for f in FILES if f == dotted or f.endswith("." + dotted)]
            files += hits if hits and not os.path.exists(name) else [name]
    tiers = ["device"] if args.device else args.tier
    report = run(files, args.timeout, tiers, args.jobs, args.state, args.testing)
    for t in tiers:
        o = report["tiers"][t]["overall"]
        print(f"{t}: {o['npjax_passed']}/{o['baseline_passed']} ({100 * o['rate']:.1f}%)")
        for item in o["top_reasons"][:10]:
            print(f"  {item['tests']:5d}  {item['reason']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(markdown(report))
    if args.floor:
        with open(args.floor, "w") as f:
            json.dump(floor(report), f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
