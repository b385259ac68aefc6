"""`python -m npjax run` and `python -m npjax compare` on small fixture scripts."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _npjax(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "npjax", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd, env=env)


def _write(path, text):
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def project(tmp_path):
    _write(tmp_path / "helper.py", """
        import numpy
        def kind():
            return numpy.__name__, type(numpy.zeros(3)).__name__
        """)
    _write(tmp_path / "script.py", """
        import sys
        import numpy as np
        import numpy
        from numpy import linalg, arange
        import numpy.random as npr
        from numpy.linalg import norm
        import scipy.special
        from scipy import optimize
        import importlib
        import helper
        import scipy.sparse            # SciPy's own modules import real NumPy
        print(np.__name__, numpy.__name__, linalg.__name__, npr.__name__,
              norm.__module__, scipy.special.__name__, optimize.__name__)
        print(*helper.kind())
        print(importlib.import_module("numpy").__name__)       # not an import statement
        print(type(scipy.sparse.eye(2).toarray()).__module__)  # third-party result: NumPy
        print(sys.argv[1:], __name__, sys.path[0] == __import__("os").path.dirname(__file__))
        a = arange(5.0)
        print(float(a.sum()))
        if len(sys.argv) > 1 and sys.argv[1] == "fail":
            raise ValueError("boom")
        sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
        """)
    return tmp_path


def test_run_redirects_user_code_only(project):
    out = _npjax("run", str(project / "script.py"), "0", cwd=str(project))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == ("npjax npjax npjax.linalg npjax.random npjax.linalg "
                        "npjax.scipy.special npjax.scipy.optimize")
    assert lines[1] == "npjax ndarray"
    assert lines[2] == "numpy"
    assert lines[3] == "numpy"
    assert lines[4] == "['0'] __main__ True"
    assert lines[5] == "10.0"


def test_run_exit_status_and_traceback(project):
    out = _npjax("run", str(project / "script.py"), "3")
    assert out.returncode == 3
    out = _npjax("run", str(project / "script.py"), "fail")
    assert out.returncode == 1
    assert "ValueError: boom" in out.stderr and "script.py" in out.stderr
    out = _npjax("run", str(project / "missing.py"))
    assert out.returncode == 2 and "missing.py" in out.stderr


def test_run_module(project):
    _write(project / "pkg_main.py", """
        import numpy as np
        print(np.__name__, __name__)
        """)
    out = _npjax("run", "-m", "pkg_main", cwd=str(project))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "npjax __main__"


def test_compare_identical_script(tmp_path):
    script = _write(tmp_path / "same.py", """
        import numpy as np
        from npjax.testing import checkpoint
        np.random.seed(1)
        x = np.random.rand(100_000)
        y = np.cos(x) * 3 + x
        total = y.sum()
        checkpoint("half", y[: 50_000].mean())
        rows = [1, 2.5, 3]
        print(round(float(total), 6))
        """)
    out = _npjax("compare", str(script))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "IDENTICAL" in out.stdout
    rep = json.loads(_npjax("compare", "--json", str(script)).stdout)
    assert rep["identical"] and set(rep["values"]) == {"x", "y", "total", "rows"}
    assert rep["checkpoints"]["half"]["status"] == "ok"
    assert rep["speedup"] > 0


def test_compare_reports_injected_differences(tmp_path):
    script = _write(tmp_path / "differs.py", """
        import numpy as np
        on_npjax = np.__name__ == "npjax"
        x = np.linspace(0.0, 1.0, 100_000)
        y = x * 2 + (1e-3 if on_npjax else 0.0)          # a value difference
        z = x.astype(np.float32 if on_npjax else np.float64)   # a dtype difference
        if on_npjax:
            only_here = 1.0                               # present in one run only
        print("npjax" if on_npjax else "numpy")           # a stdout difference
        """)
    out = _npjax("compare", str(script))
    assert out.returncode == 1
    assert "DIFFERENCES" in out.stdout
    rep = json.loads(_npjax("compare", "--json", str(script)).stdout)
    assert not rep["identical"]
    assert rep["values"]["y"]["status"] == "values"
    assert "dtype" in rep["values"]["z"]["status"]
    assert rep["values"]["only_here"]["status"] == "missing under NumPy"
    assert rep["values"]["x"]["status"] == "ok"
    assert any(d.startswith("stdout differs") for d in rep["differences"])
    # a tolerance wide enough hides only the value difference, nothing else
    rep = json.loads(_npjax("compare", "--json", "--atol", "0.01", str(script)).stdout)
    assert rep["values"]["y"]["status"] == "ok" and not rep["identical"]


def test_compare_exit_status_difference(tmp_path):
    script = _write(tmp_path / "exits.py", """
        import sys
        import numpy as np
        sys.exit(4 if np.__name__ == "npjax" else 0)
        """)
    rep = json.loads(_npjax("compare", "--json", str(script)).stdout)
    assert any("exit status" in d for d in rep["differences"])
