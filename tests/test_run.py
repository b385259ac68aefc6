"""`python -m npjax run`: NumPy/SciPy imports of the user's own code get npjax, libraries keep
NumPy; sys.argv, __name__, sys.path[0], exit status and tracebacks as under `python script`."""
import builtins
import importlib
import os
import subprocess
import sys
import textwrap

import numpy
import pytest

import npjax
import npjax.scipy
from npjax.tools import run
from npjax.tools.run import ImportSwap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "tests", "data", "scripts")
FORMS = os.path.join(SCRIPTS, "import_forms.py")


def _env():
    return dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [ROOT, os.environ.get("PYTHONPATH")])))


def _python(*args, cwd=None):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd or ROOT, env=_env())


def _npjax_run(*args, cwd=None):
    return _python("-m", "npjax", "run", *args, cwd=cwd)


def _lines(stdout):
    return {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in stdout.splitlines()
            if " " in line}


@pytest.fixture(scope="module")
def forms():
    out = _npjax_run(FORMS, "a", "b")
    assert out.returncode == 0, out.stderr
    return _lines(out.stdout)


@pytest.fixture(scope="module")
def plain_forms():
    out = _python(FORMS, "a", "b")
    assert out.returncode == 0, out.stderr
    return _lines(out.stdout)


def test_every_import_form_gets_npjax(forms, plain_forms):
    assert forms["forms"].split() == [
        "npjax", "npjax", "npjax.linalg", "npjax.random", "npjax.fft", "npjax", "npjax",
        "npjax.polynomial.polynomial", "npjax.scipy.special", "npjax.scipy.optimize", "npjax"]
    assert plain_forms["forms"].split()[:5] == ["numpy", "numpy", "numpy.linalg",
                                               "numpy.random", "numpy.fft"]


def test_local_module_and_package_get_npjax(forms, plain_forms):
    assert forms["local"].split() == ["npjax", "npjax.linalg", "npjax.scipy.linalg", "npjax"]
    assert plain_forms["local"].split() == ["numpy", "numpy.linalg", "scipy.linalg", "numpy"]


def test_libraries_keep_numpy(forms):
    # a module under a site-packages directory (inside the root), and SciPy's own modules
    assert forms["library"].split() == ["numpy", "numpy", "scipy.io"]
    assert forms["leaked"] == "[]"


def test_dynamic_imports_are_not_swapped(forms):
    # importlib.import_module and __import__(...) calls are not import statements
    assert forms["not"] == "statements numpy numpy"


def test_values_main_argv_path_as_python(forms, plain_forms):
    assert forms["values"] == plain_forms["values"]
    assert forms["main"] == plain_forms["main"] == "__main__ ['a', 'b'] True import_forms.py True"


def test_exit_status():
    assert _npjax_run(FORMS, "7").returncode == 7


def test_uncaught_exception_as_python(tmp_path):
    out = _npjax_run(FORMS, "fail")
    plain = _python(FORMS, "fail")
    assert out.returncode == plain.returncode == 1
    assert "ValueError: boom from the script" in out.stderr
    assert f'File "{FORMS}", line' in out.stderr
    # the traceback is the user's alone: the same lines as under plain Python
    assert out.stderr == plain.stderr
    assert "npjax" not in out.stderr


def test_sys_exit_message_and_missing_script(tmp_path):
    script = tmp_path / "bye.py"
    script.write_text("import sys\nimport numpy\nsys.exit('bye ' + numpy.__name__)\n")
    out = _npjax_run(str(script))
    assert out.returncode == 1 and out.stderr.strip() == "bye npjax"
    out = _npjax_run(str(tmp_path / "missing.py"))
    assert out.returncode == 2 and "missing.py" in out.stderr
    out = _npjax_run("--no-such-option", str(script))
    assert out.returncode == 2 and "unknown option" in out.stderr


def test_run_module():
    out = _npjax_run("-m", "modmain", "x", "--flag", cwd=SCRIPTS)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["npjax", "npjax", "__main__", "True", "['x',", "'--flag']"]


def test_root_option_and_stats(tmp_path):
    app, lib = tmp_path / "app", tmp_path / "lib"
    app.mkdir()
    lib.mkdir()
    (lib / "shared.py").write_text("import numpy\nname = numpy.__name__\n")
    (app / "main.py").write_text(textwrap.dedent("""
        import os, sys
        sys.path.append(os.path.join(os.path.dirname(__file__), "..", "lib"))
        import numpy as np
        import shared
        print(np.__name__, shared.name)
        """))
    out = _npjax_run(str(app / "main.py"))
    assert out.stdout.split() == ["npjax", "numpy"], out.stderr    # lib is outside the root
    out = _npjax_run("--root", str(tmp_path), "--stats", "-v", str(app / "main.py"))
    assert out.stdout.split() == ["npjax", "npjax"], out.stderr
    assert "main.py: numpy -> npjax" in out.stderr
    assert "npjax stats: fallbacks: none" in out.stderr


def test_profile_option(tmp_path):
    if not hasattr(npjax, "profile"):
        pytest.skip("npjax.profile is not there")
    script = tmp_path / "prof.py"
    script.write_text("import numpy as np\nprint(float(np.arange(10.0).sum()))\n")
    out = _npjax_run("--profile", str(tmp_path / "trace"), str(script))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "45.0"
    assert "npjax profile" in out.stderr


# ---- in-process: the import hook itself --------------------------------------------------

def test_resolve():
    r = ImportSwap.resolve
    assert r("numpy", None) is npjax and r("numpy", ("zeros",)) is npjax
    assert r("numpy.linalg", None) is npjax and r("numpy.linalg", ("norm",)) is npjax.linalg
    assert r("numpy.random", ("default_rng",)) is npjax.random
    assert r("scipy", None) is npjax.scipy and r("scipy", ("linalg",)) is npjax.scipy
    assert r("scipy.linalg", ("solve",)) is npjax.scipy.linalg
    # not served: private modules and names, SciPy submodules npjax.scipy does not have
    assert r("numpy._core", None) is None and r("numpy", ("_NoValue",)) is None
    assert r("numpy", ("__doc__",)) is None          # PyImport_Import's import
    assert r("scipy.io", None) is None and r("scipy", ("io", "linalg")) is None


def test_scope(tmp_path):
    swap = ImportSwap(str(tmp_path))
    assert swap.in_scope(str(tmp_path / "a.py"))
    assert swap.in_scope(str(tmp_path / "sub" / "b.py"))
    assert not swap.in_scope(str(tmp_path / "venv" / "lib" / "site-packages" / "x.py"))
    assert not swap.in_scope(str(tmp_path.parent / "elsewhere.py"))
    assert not swap.in_scope("<stdin>")
    # npjax's own files are never the user's, even when the root holds them
    assert not ImportSwap(ROOT).in_scope(npjax.__file__)
    assert not ImportSwap("/").in_scope(numpy.__file__)
    assert not ImportSwap("/").in_scope(os.__file__)


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        if name.startswith("npjax_user_"):
            del sys.modules[name]


def test_swap_in_process(user_dir, tmp_path_factory):
    (user_dir / "npjax_user_a.py").write_text(textwrap.dedent("""
        import ctypes
        import numpy as np
        from numpy import linalg

        _import_c = ctypes.pythonapi.PyImport_ImportModule
        _import_c.restype = ctypes.py_object
        _import_c.argtypes = [ctypes.c_char_p]

        def through_c():
            # C code importing NumPy while this module's code runs: not an import
            # statement of the user's, so real NumPy
            return _import_c(b"numpy")

        def explicit():
            return __import__("numpy", globals(), None, (), 0)
        """))
    other = tmp_path_factory.mktemp("other")
    (other / "npjax_user_b.py").write_text("import numpy as np\n")
    sys.path.insert(0, str(other))
    original = builtins.__import__
    try:
        with ImportSwap(str(user_dir)) as swap:
            a = importlib.import_module("npjax_user_a")
            b = importlib.import_module("npjax_user_b")
        assert a.np is npjax and a.linalg is npjax.linalg
        assert b.np is numpy                       # outside the root
        assert a.through_c() is numpy and a.explicit() is numpy
        assert set(swap.swapped) == {a.__file__}
    finally:
        sys.path.remove(str(other))
    assert builtins.__import__ is original


def test_parse_command():
    opts, target, is_module, args = run.parse_command(
        ["--root", "r", "--stats", "s.py", "--root", "x"], flags=("--stats",),
        options=("--root",))
    assert (opts["root"], opts["stats"], target, is_module, args) == \
        ("r", True, "s.py", False, ["--root", "x"])
    opts, target, is_module, args = run.parse_command(["--root=r", "-m", "pkg.mod", "-v"],
                                                      flags=(), options=("--root",))
    assert (opts["root"], target, is_module, args) == ("r", "pkg.mod", True, ["-v"])
    with pytest.raises(run.UsageError):
        run.parse_command(["--root"], flags=(), options=("--root",))
    with pytest.raises(run.UsageError):
        run.parse_command([], flags=(), options=())
