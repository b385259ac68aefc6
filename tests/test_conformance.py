"""The NumPy-conformance runner: scoring, the import rebinding and crash/hang recovery on a
small fake test file, and the quick subset against its committed floor."""
import json
import os
import textwrap
import time

import pytest

from npjax.testing import conformance

FLOOR = os.path.join(os.path.dirname(__file__), "data", "conformance_quick.json")
SKIPPED = "_core/tests/test_multiarray.py::TestTemporaryElide::test_extension_incref_elide"

FAKE = '''
import os
import sys
import time

import numpy as np
import numpy.linalg
from numpy import array, linalg
from numpy.testing import assert_equal
import numpy.testing as npt
import pytest

FUNCS = [np.sum, np.cumsum]   # held in a list at import: must already be npjax's


def _npjax():
    return sys.modules.get("npjax")


def test_module_is_npjax():
    assert np is _npjax()
    assert numpy is np and numpy.linalg is _npjax().linalg


def test_from_import():
    assert array is _npjax().array and linalg is _npjax().linalg


def test_numpy_testing_stays_numpys():
    assert assert_equal.__module__ == "numpy.testing._private.utils"
    assert npt.__name__ == "numpy.testing"
    assert_equal(np.arange(3), [0, 1, 2])


@pytest.mark.parametrize("f", FUNCS)
def test_parametrize_values(f):
    assert f is getattr(_npjax(), f.__name__)


def test_fails():
    raise TypeError("bad 12 at 0x7fff1234")


def test_crash():
    if _npjax() is not None:
        os.abort()


def test_killed():
    if _npjax() is not None:
        os.kill(os.getpid(), 9)   # as the kernel's out-of-memory killer does


def test_hang():
    if _npjax() is not None:
        time.sleep(60)


def test_leaves_a_process_behind():
    pid = os.fork()
    if pid == 0:
        time.sleep(60)
        os._exit(0)
    with open(os.path.join(os.path.dirname(__file__), "child.pid"), "w") as f:
        f.write(str(pid))


def test_after_the_crashes():
    assert np.add(1, 2) == 3
'''


def test_score_counts_numpy_passes_only_and_skips_count_against():
    base = {"a.py::t1": ("passed", ""), "a.py::t2": ("passed", ""), "a.py::t3": ("failed", "x"),
            "a.py::t4": ("passed", ""),
            SKIPPED: ("passed", "")}
    mine = {"results": {"a.py::t1": ("passed", "", ""),
                        "a.py::t2": ("failed", "TypeError: bad 12 at 0x7f3a", "npjax/x.py:3 in f"),
                        "a.py::t3": ("passed", "", "")},
            "collected": ["a.py::t1", "a.py::t2", "a.py::t3"], "collect_errors": []}
    r = conformance.score(base, mine)
    assert (r["baseline_passed"], r["npjax_passed"], r["skipped_by_design"]) == (4, 1, 1)
    assert r["rate"] == pytest.approx(1 / 4)
    assert r["reasons"] == {"TypeError: bad N at 0x…": 1,
                            "not collected under npjax (test id differs)": 1}
    assert r["examples"]["TypeError: bad N at 0x…"] == [["a.py::t2", "npjax/x.py:3 in f"]]
    assert r["where"] == {"npjax/x.py in f": 1}
    # a parametrize id naming a module: npjax's module stands for NumPy's
    r2 = conformance.score({"r.py::t[numpy.random]": ("passed", "")},
                           {"results": {"r.py::t[npjax.random]": ("passed", "", "")},
                            "collected": ["r.py::t[npjax.random]"], "collect_errors": []})
    assert r2["npjax_passed"] == 1
    overall = conformance._overall({"a": r, "b": r})
    assert (overall["baseline_passed"], overall["npjax_passed"]) == (8, 2)
    assert overall["top_reasons"][0]["tests"] == 2


def test_skip_patterns_match_whole_id_parts():
    ids = SKIPPED
    assert conformance.skip_reason(ids)
    assert conformance.skip_reason(ids + "[x]")
    assert conformance.skip_reason(ids + "_stack") is None


def test_normalise_keeps_names_with_digits():
    assert conformance._normalise("dtype float128 at 0xdeadbeef: got 3.5e-7, -2") == \
        "dtype float128 at 0x…: got N, N"


def test_rebinding_and_recovery_on_a_fake_test_file(tmp_path):
    path = tmp_path / "test_fake.py"
    path.write_text(textwrap.dedent(FAKE))
    base = conformance.run_module("numpy", str(path), timeout=4, root=str(tmp_path))
    mine = conformance.run_module("npjax", str(path), timeout=4, root=str(tmp_path))
    passed = sorted(n.split("::")[1] for n, r in base["results"].items() if r[0] == "passed")
    # real NumPy: the rebinding checks fail, the crash and hang tests pass
    assert passed == ["test_after_the_crashes", "test_crash", "test_hang", "test_killed",
                      "test_leaves_a_process_behind", "test_numpy_testing_stays_numpys"]
    res = {n.split("::")[1]: r for n, r in mine["results"].items()}
    for name in ("test_module_is_npjax", "test_from_import", "test_numpy_testing_stays_numpys",
                 "test_parametrize_values[sum]", "test_parametrize_values[cumsum]",
                 "test_leaves_a_process_behind", "test_after_the_crashes"):
        assert res[name][0] == "passed", (name, res[name])
    assert res["test_fails"][:2] == ("failed", "TypeError: bad 12 at 0x7fff1234")
    assert res["test_crash"][:2] == ("failed", "process crashed: Fatal Python error: Aborted")
    assert res["test_hang"][:2] == ("failed", "timed out (per-test alarm)")
    assert res["test_killed"][1].startswith("process killed (SIGKILL")
    r = conformance.score(base, mine)
    assert (r["baseline_passed"], r["npjax_passed"]) == (6, 3)
    # the process a test forked is ended with its test process
    pid = int((tmp_path / "child.pid").read_text())

    def ended():
        try:
            return open(f"/proc/{pid}/stat").read().split(") ")[1][0] in "ZX"
        except OSError:
            return True
    deadline = time.monotonic() + 10     # SIGKILL is delivered asynchronously
    while not ended() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ended()
    assert set(r["reasons"]) == {"process crashed: Fatal Python error: Aborted",
                                 "timed out (per-test alarm)", res["test_killed"][1]}


def test_collection_error_is_reported(tmp_path):
    path = tmp_path / "test_broken.py"
    path.write_text("import numpy as np\nX = np.no_such_name\n\ndef test_a():\n    pass\n")
    mine = conformance.run_module("npjax", str(path), timeout=4, root=str(tmp_path))
    assert mine["results"] == {}
    assert "no_such_name" in mine["collect_errors"][0]
    r = conformance.score({"test_broken.py::test_a": ("passed", "")}, mine)
    assert list(r["reasons"]) == ["collection failed under npjax: AttributeError: module "
                                  "'npjax' has no attribute 'no_such_name'"]


@pytest.mark.slow
def test_quick_subset_does_not_fall_below_the_committed_figure():
    with open(FLOOR) as f:
        floor = json.load(f)
    # two test processes at a time: the 2-core CI machine runs the subset in ~2/3 the time
    report = conformance.run(floor["files"], tiers=tuple(floor["tiers"]), jobs=2)
    for tier, figure in floor["tiers"].items():
        o = report["tiers"][tier]["overall"]
        assert o["baseline_passed"] > 0
        assert o["rate"] >= figure["rate"], (tier, o["rate"], figure, o["top_reasons"][:5])
