"""The coverage report is computed from npjax itself and the committed table is current."""
import pathlib
import subprocess
import sys

import numpy
import pytest

import npjax
from npjax import _coverage
from conftest import assert_same

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report():
    return _coverage.report()


def test_nothing_is_missing(report):
    for ns, table in report.items():
        missing = [n for n, kind in table.items() if kind == "missing"]
        assert not missing, f"{ns} lacks {missing}"


def test_linalg_and_fft_are_fully_native(report):
    for ns in ("numpy.linalg", "numpy.fft"):
        not_native = [n for n, kind in report[ns].items() if kind in ("fallback", "missing")]
        assert not_native == [], f"{ns}: {not_native}"


def test_classification_follows_the_objects(report):
    assert report["numpy"]["add"] == "native"
    assert report["numpy"]["percentile"] == "host"
    assert report["numpy"]["finfo"] == "shared"
    assert report["numpy"]["apply_along_axis"] == "native"
    # isnat (datetimes only, which never live on the device) always runs on NumPy
    assert report["numpy"]["isnat"] == "host"


def test_committed_markdown_is_current(report, tmp_path):
    out = tmp_path / "coverage.md"
    proc = subprocess.run([sys.executable, "-m", "npjax", "coverage", "--markdown", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "numpy.linalg" in proc.stdout
    committed = (ROOT / "docs" / "coverage.md").read_text()
    assert out.read_text() == committed, \
        "docs/coverage.md is stale: run python -m npjax coverage --markdown docs/coverage.md"


@pytest.mark.parametrize("shape,window,axis", [((10,), 3, None), ((4, 5), (2, 3), None),
                                               ((4, 5), 2, 1), ((6,), 6, None)])
def test_sliding_window_view(tier, shape, window, axis):
    ref = numpy.arange(numpy.prod(shape), dtype=float).reshape(shape)
    expected = numpy.lib.stride_tricks.sliding_window_view(ref, window, axis=axis)
    got = npjax.lib.stride_tricks.sliding_window_view(npjax.array(ref), window, axis=axis)
    assert_same(expected, got)
    assert got.flags.writeable is False
    with pytest.raises(ValueError):
        got[0] = 1


def test_sliding_window_view_errors(tier):
    for m in (numpy, npjax):
        with pytest.raises(ValueError):
            m.lib.stride_tricks.sliding_window_view(m.arange(3.0), 5)
