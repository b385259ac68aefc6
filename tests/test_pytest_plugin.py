"""The pytest plugin (`pytest --npjax`, `--npjax-compare`) on a small fixture project."""
import os

import pytest

pytest_plugins = ["pytester"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(autouse=True)
def _this_npjax(monkeypatch):
    # the pytest subprocesses import this checkout's npjax (and its plugin)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        filter(None, [ROOT, os.environ.get("PYTHONPATH")])))


def _project(pytester):
    pytester.makeconftest("""
        import numpy
        import pytest

        @pytest.fixture
        def conftest_backend():
            return numpy.__name__
        """)
    pytester.makepyfile(
        mylib="""
            import numpy as np

            def backend():
                return np.__name__

            def mean(values):
                return float(np.asarray(values).mean())
            """,
        test_proj="""
            import numpy as np
            import pytest
            from mylib import backend, mean

            def test_mean():
                assert mean([1.0, 2.0, 3.0]) == 2.0

            def test_backend_is_numpy():
                assert backend() == "numpy"

            def test_arange_sum():
                assert np.arange(10).sum() == 45

            def test_conftest(conftest_backend):
                assert conftest_backend == np.__name__

            @pytest.mark.xfail(reason="known")
            def test_xfail():
                assert False

            @pytest.mark.skip(reason="not here")
            def test_skipped():
                pass
            """)


def test_plain_run_uses_numpy(pytester):
    _project(pytester)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, xfailed=1, skipped=1)
    assert "served by npjax" not in result.stdout.str()


def test_npjax_swaps_numpy_in_project_code(pytester):
    _project(pytester)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--npjax")
    # mylib, the test module and conftest.py all get npjax (test_conftest passes)
    result.assert_outcomes(passed=3, failed=1, xfailed=1, skipped=1)
    result.stdout.fnmatch_lines(["npjax: NumPy/SciPy imports of files under * are served "
                                 "by npjax", "*FAILED*test_backend_is_numpy*"])


def test_npjax_compare_lists_differing_outcomes(pytester):
    _project(pytester)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--npjax-compare")
    result.stdout.fnmatch_lines([
        "*npjax compare: test outcomes under NumPy and under npjax*",
        "plain NumPy run: *4 passed*",
        "test_proj.py::test_backend_is_numpy: NumPy passed, npjax failed",
        "1 of 6 tests differ",
    ])
    assert result.ret == 1


def test_compare_fails_the_session_when_only_outcomes_differ(pytester):
    pytester.makepyfile(test_only="""
        import numpy as np

        def test_on_npjax():
            assert np.__name__ == "npjax"      # fails on plain NumPy only

        def test_same():
            assert np.ones(2).sum() == 2
        """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--npjax-compare")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["test_only.py::test_on_npjax: NumPy failed, npjax passed",
                                 "1 of 2 tests differ"])
    assert result.ret == 1
