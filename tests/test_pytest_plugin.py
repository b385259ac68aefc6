"""The pytest plugin (`pytest --npjax`, `--npjax-compare`) on a small fixture project."""
pytest_plugins = ["pytester"]


def _project(pytester):
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
            from mylib import backend, mean

            def test_mean():
                assert mean([1.0, 2.0, 3.0]) == 2.0

            def test_backend_is_numpy():
                assert backend() == "numpy"

            def test_arange_sum():
                assert np.arange(10).sum() == 45
            """)


def test_plain_run_uses_numpy(pytester):
    _project(pytester)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_npjax_run_swaps_numpy_in_project_code(pytester):
    _project(pytester)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--npjax")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*test_backend_is_numpy*"])


def test_npjax_compare_lists_differing_outcomes(pytester):
    _project(pytester)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--npjax",
                                           "--npjax-compare")
    result.stdout.fnmatch_lines([
        "*npjax compare*",
        "*test_backend_is_numpy: NumPy passed, npjax failed*",
        "*1 of 3 tests differ*",
    ])
