"""pytest plugin: `pytest --npjax` runs a project's own tests with NumPy swapped for npjax in
the project's code (the files under pytest's rootdir, as `python -m npjax run` scopes it).

`--npjax-compare` also runs the same tests with plain NumPy (a pytest subprocess) and lists,
in the terminal summary, every test whose outcome differs between the two runs.
"""
import json
import os
import subprocess
import sys
import tempfile

import pytest

_hook = []


def pytest_addoption(parser):
    group = parser.getgroup("npjax")
    group.addoption("--npjax", action="store_true",
                    help="run the project's code with NumPy swapped for npjax")
    group.addoption("--npjax-compare", action="store_true",
                    help="with --npjax: also run plain NumPy and list differing outcomes")


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # before the project's conftest files are imported, so they get npjax too
    if getattr(early_config.known_args_namespace, "npjax", False):
        from .run import ImportRedirect
        root = str(early_config.rootpath)
        _hook.append(ImportRedirect(root).install())


def pytest_configure(config):
    if config.getoption("npjax") and config.getoption("npjax_compare"):
        config.pluginmanager.register(_Compare(config), "npjax-compare")


def pytest_unconfigure(config):
    while _hook:
        _hook.pop().uninstall()


def pytest_report_header(config):
    if config.getoption("npjax"):
        import npjax
        return f"npjax {npjax.__name__}: NumPy is npjax in code under {config.rootpath}"
    return None


class _Compare:
    """Collects this run's outcomes, runs the plain-NumPy suite, prints the differences."""

    def __init__(self, config):
        self.config = config
        self.outcomes = {}

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            previous = self.outcomes.get(report.nodeid)
            if previous in (None, "passed"):
                self.outcomes[report.nodeid] = report.outcome

    def _plain_outcomes(self):
        fd, path = tempfile.mkstemp(suffix=".json", prefix="npjax-plain-")
        os.close(fd)
        args = [a for a in self.config.invocation_params.args
                if a not in ("--npjax", "--npjax-compare")]
        code = ("import json, sys, pytest\n"
                "class Collect:\n"
                "    def __init__(self): self.outcomes = {}\n"
                "    def pytest_runtest_logreport(self, report):\n"
                "        if report.when == 'call' or report.outcome != 'passed':\n"
                "            if self.outcomes.get(report.nodeid) in (None, 'passed'):\n"
                "                self.outcomes[report.nodeid] = report.outcome\n"
                "c = Collect()\n"
                "pytest.main(sys.argv[2:], plugins=[c])\n"
                "json.dump(c.outcomes, open(sys.argv[1], 'w'))\n")
        subprocess.run([sys.executable, "-c", code, path, "-q", "-p", "no:cacheprovider",
                        *args], cwd=str(self.config.invocation_params.dir),
                       capture_output=True, text=True)
        try:
            with open(path) as f:
                return json.load(f)
        finally:
            os.unlink(path)

    def pytest_terminal_summary(self, terminalreporter):
        plain = self._plain_outcomes()
        tr = terminalreporter
        tr.section("npjax compare: outcomes under NumPy vs npjax")
        differ = {n: (plain.get(n, "absent"), o) for n, o in self.outcomes.items()
                  if plain.get(n, "absent") != o}
        differ.update({n: (o, "absent") for n, o in plain.items() if n not in self.outcomes})
        if not differ:
            tr.write_line(f"all {len(self.outcomes)} tests have the same outcome")
            return
        for nodeid, (a, b) in sorted(differ.items()):
            tr.write_line(f"{nodeid}: NumPy {a}, npjax {b}")
        tr.write_line(f"{len(differ)} of {len(self.outcomes)} tests differ")
