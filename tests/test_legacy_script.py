"""An unchanged legacy NumPy script prints exactly the same bytes with `import npjax as np`,
on the host tier and on the device tier (NPJAX_HOST_THRESHOLD=0)."""
import os
import pathlib
import subprocess
import sys

import pytest

SCRIPT = pathlib.Path(__file__).parent / "data" / "legacy_script.py"
ROOT = pathlib.Path(__file__).resolve().parent.parent


def _run(backend, **env):
    full = dict(os.environ)
    full.pop("NPJAX_HOST_THRESHOLD", None)
    full.update(env)
    full["LEGACY_NP"] = backend
    full["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full.get("PYTHONPATH")]))
    cmd = [sys.executable, str(SCRIPT)]
    out = subprocess.run(cmd, capture_output=True, timeout=180, env=full, cwd=ROOT)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout, out.stderr


@pytest.fixture(scope="module")
def numpy_output():
    stdout, _ = _run("numpy")
    assert len(stdout.splitlines()) > 20  # the script really printed its arrays
    return stdout


def test_script_imports_npjax_when_asked():
    text = SCRIPT.read_text()
    assert 'import npjax as np' in text and 'import numpy as np' in text
    out = subprocess.run([sys.executable, "-c",
                          "import os, runpy, sys; os.environ['LEGACY_NP'] = 'npjax';"
                          f"g = runpy.run_path({str(SCRIPT)!r});"
                          "print(g['np'].__name__, isinstance(g['a'], g['np'].ndarray))"],
                         capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "npjax True"


def test_host_tier_output_identical(numpy_output):
    stdout, stderr = _run("npjax")
    assert stdout == numpy_output
    assert b"NumPyFallbackWarning" not in stderr  # the script never leaves npjax's own path


def test_device_tier_output_identical(numpy_output):
    stdout, stderr = _run("npjax", NPJAX_HOST_THRESHOLD="0")
    assert stdout == numpy_output
    assert b"NumPyFallbackWarning" not in stderr  # the script never leaves npjax's own path


def test_import_line_swapped_text(numpy_output, tmp_path):
    """The same text with only the import line replaced, as a user would do it."""
    text = SCRIPT.read_text()
    swapped = text.replace('if os.environ.get("LEGACY_NP") == "npjax":\n    import npjax as np\n'
                           'else:\n    import numpy as np\n', "import npjax as np\n")
    assert swapped != text
    path = tmp_path / "swapped.py"
    path.write_text(swapped)
    env = dict(os.environ, NPJAX_HOST_THRESHOLD="0",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                        os.environ.get("PYTHONPATH")])))
    env.pop("LEGACY_NP", None)
    out = subprocess.run([sys.executable, str(path)], capture_output=True, timeout=180,
                         env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout == numpy_output
