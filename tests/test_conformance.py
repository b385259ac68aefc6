"""The NumPy-conformance runner: scoring, and the quick subset against its committed floor."""
import json
import os

import pytest

from npjax.testing import conformance

FLOOR = os.path.join(os.path.dirname(__file__), "data", "conformance_quick.json")


def test_score_counts_only_numpy_passes_and_skips_count_against():
    base = {"a::t1": ("passed", ""), "a::t2": ("passed", ""), "a::t3": ("failed", "x"),
            "test_multiarray.py::TestCTypes::t": ("passed", "")}
    mine = {"a::t1": ("passed", ""), "a::t2": ("failed", "TypeError: bad 12"),
            "a::t3": ("passed", ""), "test_multiarray.py::TestCTypes::t": ("passed", "")}
    r = conformance.score(base, mine)
    assert r["baseline_passed"] == 3 and r["npjax_passed"] == 1
    assert r["skipped_by_design"] == 1
    assert r["reasons"] == {"TypeError: bad N": 1}
    assert r["rate"] == pytest.approx(1 / 3)


@pytest.mark.slow
def test_quick_subset_does_not_fall_below_the_committed_figure():
    with open(FLOOR) as f:
        floor = json.load(f)
    report = conformance.run(conformance.QUICK, timeout=60)
    o = report["overall"]
    assert o["baseline_passed"] > 0
    assert o["rate"] >= floor["rate"], (o["rate"], floor, o["top_reasons"])
