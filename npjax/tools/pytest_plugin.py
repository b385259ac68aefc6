"""pytest plugin (entry point `pytest11`): `pytest --npjax` runs a project's own tests with
NumPy/SciPy imports in the project's code served by npjax, scoped as `python -m npjax run`
scopes them: files under pytest's rootdir (or `--npjax-root`) that are not in site-packages
(the same `ImportSwap`; it works on the test modules pytest's assertion rewriter compiles).

`--npjax-compare` (implies `--npjax`) also runs the same tests on plain NumPy, in a pytest
subprocess started with the same arguments after this run, and lists in the terminal summary
every test whose outcome differs (passed/failed/error/skipped/xfailed/xpassed, or run in one
session only); the exit status is then 1 if any differs.

Loaded in every pytest session of an environment where npjax is installed: the module imports
nothing but the standard library and pytest here (importing the npjax package costs ~0.2 s
and no JAX); the import hook is installed only under --npjax.
"""
import json
import os
import subprocess
import sys
import tempfile

import pytest

_OWN_OPTIONS = {"--npjax": 0, "--npjax-compare": 0, "--npjax-root": 1, "--npjax-outcomes": 1}


def pytest_addoption(parser):
    group = parser.getgroup("npjax")
    group.addoption("--npjax", action="store_true",
                    help="serve npjax for NumPy/SciPy imports in the project's own code")
    group.addoption("--npjax-compare", action="store_true",
                    help="--npjax, and also run the tests on plain NumPy (a subprocess) and "
                         "list tests whose outcome differs")
    group.addoption("--npjax-root", metavar="DIR",
                    help="the project's code for --npjax (default: pytest's rootdir)")
    group.addoption("--npjax-outcomes", metavar="FILE",
                    help="write each test's outcome to FILE as JSON (--npjax-compare's "
                         "plain run uses it)")


def _wanted(ns):
    return bool(getattr(ns, "npjax", False) or getattr(ns, "npjax_compare", False))


def pytest_load_initial_conftests(early_config, parser, args):
    # runs before pytest imports the project's conftest files (Config's own implementation
    # of this hook is trylast), so they get npjax too
    ns = early_config.known_args_namespace
    if not _wanted(ns):
        return
    from npjax.tools.run import ImportSwap
    root = getattr(ns, "npjax_root", None) or str(early_config.rootpath)
    swap = ImportSwap(root).install()
    early_config.stash[_SWAP] = swap
    early_config.add_cleanup(swap.uninstall)


_SWAP = pytest.StashKey()


def pytest_configure(config):
    if config.getoption("npjax_compare") or config.getoption("npjax_outcomes"):
        config.pluginmanager.register(_Outcomes(config), "npjax-outcomes")


def pytest_report_header(config):
    swap = config.stash.get(_SWAP, None)
    if swap is not None:
        return f"npjax: NumPy/SciPy imports of files under {swap.root} are served by npjax"
    return None


class _Outcomes:
    """Each test's outcome in this session; under --npjax-compare also the plain run's."""

    def __init__(self, config):
        self.config = config
        self.outcomes = {}
        self.plain = None          # nodeid -> outcome of the plain run (compare only)
        self.plain_summary = ""
        self.plain_error = None

    def pytest_runtest_logreport(self, report):
        nodeid, previous = report.nodeid, self.outcomes.get(report.nodeid)
        if report.when == "call":
            if hasattr(report, "wasxfail"):
                outcome = "xfailed" if report.skipped else "xpassed"
            else:
                outcome = report.outcome
            if previous != "error":
                self.outcomes[nodeid] = outcome
        elif report.failed:        # an error in setup or teardown
            self.outcomes[nodeid] = "error"
        elif report.skipped:       # skipped (or xfailed) in setup
            self.outcomes[nodeid] = "xfailed" if hasattr(report, "wasxfail") else "skipped"

    def pytest_collectreport(self, report):
        if report.failed:
            self.outcomes[report.nodeid or "<collection>"] = "collection error"

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        path = self.config.getoption("npjax_outcomes")
        if path:
            with open(path, "w") as f:
                json.dump(self.outcomes, f)
        if self.config.getoption("npjax_compare"):
            self._run_plain()
            if self.differences() and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
            if self.plain is None and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def _plain_args(self):
        args, skip = [], 0
        for arg in self.config.invocation_params.args:
            if skip:
                skip -= 1
                continue
            key = arg.partition("=")[0]
            if key in _OWN_OPTIONS:
                skip = _OWN_OPTIONS[key] if "=" not in arg else 0
                continue
            args.append(arg)
        return args

    def _run_plain(self):
        fd, path = tempfile.mkstemp(suffix=".json", prefix="npjax-plain-outcomes-")
        os.close(fd)
        try:
            cmd = [sys.executable, "-m", "pytest", *self._plain_args(), "-p",
                   "no:cacheprovider", f"--npjax-outcomes={path}"]
            proc = subprocess.run(cmd, cwd=str(self.config.invocation_params.dir),
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True)
            lines = proc.stdout.strip().splitlines()
            self.plain_summary = lines[-1] if lines else ""
            try:
                with open(path) as f:
                    self.plain = json.load(f)
            except (OSError, ValueError):
                self.plain_error = (f"the plain-NumPy run wrote no outcomes (exit status "
                                    f"{proc.returncode}): "
                                    + (proc.stderr.strip().splitlines() or [""])[-1])
        finally:
            os.unlink(path)

    def differences(self):
        if self.plain is None:
            return {}
        out = {}
        for nodeid in sorted(set(self.outcomes) | set(self.plain)):
            a = self.plain.get(nodeid, "not run")
            b = self.outcomes.get(nodeid, "not run")
            if a != b:
                out[nodeid] = (a, b)
        return out

    def pytest_terminal_summary(self, terminalreporter):
        if not self.config.getoption("npjax_compare"):
            return
        tr = terminalreporter
        tr.section("npjax compare: test outcomes under NumPy and under npjax")
        if self.plain is None:
            tr.write_line(self.plain_error or "the plain-NumPy run did not finish")
            return
        tr.write_line(f"plain NumPy run: {self.plain_summary}")
        differ = self.differences()
        total = len(set(self.outcomes) | set(self.plain))
        if not differ:
            tr.write_line(f"all {total} tests have the same outcome")
            return
        for nodeid, (a, b) in differ.items():
            tr.write_line(f"{nodeid}: NumPy {a}, npjax {b}")
        tr.write_line(f"{len(differ)} of {total} tests differ")
