"""The `npjax` namespace: every public NumPy name is reachable, native and fallback names are
told apart by `_npjax_impl`, constants and types are NumPy's, and `import npjax` is cheap."""
import json
import os
import subprocess
import sys
import types

import numpy
import pytest

import npjax
from conftest import assert_same

IMPLS = {"native", "host", "fallback"}


def _public_numpy_names():
    return sorted(n for n in dir(numpy) if not n.startswith("_"))


def _callables():
    return [n for n in _public_numpy_names() if callable(getattr(numpy, n))
            and not isinstance(getattr(numpy, n), type)]


def _run(code, env=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env=full_env)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_every_public_numpy_callable_is_reachable():
    missing = [n for n in _public_numpy_names()
               if callable(getattr(numpy, n)) and not callable(getattr(npjax, n, None))]
    assert missing == []


def test_every_public_numpy_name_is_reachable():
    missing = [n for n in _public_numpy_names() if not hasattr(npjax, n)]
    assert missing == []


def test_dir_lists_numpy_names():
    listed = set(dir(npjax))
    assert [n for n in _public_numpy_names() if n not in listed] == []
    for extra in ("config", "stats", "clear_caches", "NumPyFallbackWarning", "FallbackError"):
        assert extra in listed


def test_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError):
        npjax.definitely_not_a_numpy_function
    with pytest.raises(AttributeError):
        npjax.linalg.definitely_not_there
    assert not hasattr(npjax, "_not_exported_private")


def test_npjax_impl_marks_every_function():
    """A name is either NumPy's own object shared as-is (types, pure helpers) or an npjax
    function that says how it runs."""
    unmarked = []
    for n in _callables():
        obj = getattr(npjax, n)
        if obj is getattr(numpy, n):
            continue
        if getattr(obj, "_npjax_impl", None) not in IMPLS:
            unmarked.append(n)
    assert unmarked == []


def test_fallback_names_are_marked_fallback():
    # which names `import npjax` defines itself, in a fresh interpreter (later attribute
    # access caches fallback names in the module)
    own = set(json.loads(_run("import json, npjax; print(json.dumps(sorted(vars(npjax))))")))
    via_fallback = [n for n in _callables() if n not in own]
    wrong = {n: getattr(getattr(npjax, n), "_npjax_impl", None) for n in via_fallback
             if getattr(getattr(npjax, n), "_npjax_impl", None) != "fallback"
             and not isinstance(getattr(numpy, n), numpy.ufunc)}
    assert wrong == {}


@pytest.mark.parametrize("name, impl", [
    ("sum", "native"), ("add", "native"), ("concatenate", "native"), ("mean", "native"),
    ("polydiv", "native"), ("packbits", "native"), ("piecewise", "native"),
    ("apply_along_axis", "native"), ("percentile", "host"),
])
def test_npjax_impl_values(name, impl):
    from npjax._coverage import classify
    assert classify(getattr(numpy, name), getattr(npjax, name)) == impl


def test_fallback_function_identity_is_stable():
    assert npjax.packbits is npjax.packbits
    assert npjax.emath is npjax.emath
    assert npjax.emath.sqrt is npjax.emath.sqrt


def test_types_and_constants():
    for n in ("float64", "float32", "int64", "int8", "uint8", "bool_", "complex128", "dtype",
              "generic", "floating", "integer", "finfo", "iinfo", "errstate"):
        assert getattr(npjax, n) is getattr(numpy, n), n
    assert npjax.ndarray is not numpy.ndarray
    assert npjax.ndarray.__module__.startswith("npjax")
    assert isinstance(npjax.zeros(3), npjax.ndarray)
    assert npjax.pi == numpy.pi and type(npjax.pi) is float
    assert npjax.e == numpy.e
    assert npjax.inf == numpy.inf and npjax.nan != npjax.nan
    assert npjax.newaxis is None
    assert npjax.euler_gamma == numpy.euler_gamma
    assert npjax.zeros(3).dtype == npjax.float64
    assert npjax.ones(2, dtype=npjax.int8).dtype is numpy.dtype(numpy.int8)


def test_exceptions_are_numpys():
    assert npjax.exceptions.AxisError is numpy.exceptions.AxisError
    assert npjax.linalg.LinAlgError is numpy.linalg.LinAlgError


def test_submodules_list_numpy_names():
    for sub in ("linalg", "fft", "random", "emath"):
        mod = getattr(npjax, sub)
        assert isinstance(mod, types.ModuleType)
        want = [n for n in dir(getattr(numpy, sub)) if not n.startswith("_")
                and callable(getattr(getattr(numpy, sub), n))]
        assert [n for n in want if not callable(getattr(mod, n, None))] == [], sub


# ---- submodules on host arrays -----------------------------------------------------------
M = numpy.array([[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]])


def test_linalg_on_host(tier):
    x = npjax.array(M)
    assert_same(numpy.linalg.norm(M), npjax.linalg.norm(x), rtol=1e-12)
    assert_same(numpy.linalg.norm(M, axis=0), npjax.linalg.norm(x, axis=0), rtol=1e-12)
    assert_same(numpy.linalg.inv(M), npjax.linalg.inv(x), rtol=1e-10)
    assert_same(numpy.linalg.det(M), npjax.linalg.det(x), rtol=1e-10)
    with pytest.raises(numpy.linalg.LinAlgError):
        npjax.linalg.inv(npjax.zeros((2, 2)))


def test_fft_on_host(tier):
    a = numpy.arange(8.0) - 3
    assert_same(numpy.fft.fft(a), npjax.fft.fft(npjax.array(a)), rtol=1e-12, atol=1e-12)
    assert_same(numpy.fft.rfft(M, axis=0), npjax.fft.rfft(npjax.array(M), axis=0),
                rtol=1e-12, atol=1e-12)
    assert_same(numpy.fft.fftfreq(6, 0.5), npjax.fft.fftfreq(6, 0.5))


def test_random_seed_rand():
    numpy.random.seed(1234)
    expected = numpy.random.rand(4, 2)
    expected_int = numpy.random.randint(0, 10, size=5)
    npjax.random.seed(1234)
    got = npjax.random.rand(4, 2)
    got_int = npjax.random.randint(0, 10, size=5)
    assert_same(expected, got)
    assert_same(expected_int, got_int)
    assert isinstance(npjax.random.rand(), float)


# ---- import cost -----------------------------------------------------------------------
def test_import_is_cheap():
    code = ("import sys, time\n"
            "t = time.perf_counter()\n"
            "import npjax\n"
            "dt = time.perf_counter() - t\n"
            "heavy = sorted(m for m in ('jax', 'jaxlib', 'scipy', 'jax.numpy')"
            " if m in sys.modules)\n"
            "print(dt, ','.join(heavy))\n")
    wall, heavy = _run(code).split(" ")
    assert heavy.strip() == "", f"import npjax pulled in {heavy.strip()}"
    assert float(wall) < 2.0


def test_jax_loads_on_first_device_use():
    code = ("import sys, npjax\n"
            "npjax.config.host_threshold = 1 << 62\n"
            "a = npjax.arange(5.0) * 2 + npjax.sum(npjax.ones(3))\n"
            "print('jax' in sys.modules)\n"
            "npjax.config.host_threshold = 0\n"
            "b = npjax.arange(5.0)\n"
            "print('jax' in sys.modules, b._on_host)\n")
    host_only, device = _run(code).splitlines()
    assert host_only == "False"
    assert device == "True False"


def test_environment_threshold_puts_arrays_on_device():
    out = _run("import npjax; print(npjax.ones(2)._on_host)",
               env={"NPJAX_HOST_THRESHOLD": "0"})
    assert out.strip() == "False"


def test_signatures_match_numpy():
    """inspect.signature of every npjax function gives NumPy's parameter names and kinds
    (positional-only where NumPy's are): code that binds arguments by signature sees the same
    function."""
    import inspect
    differ = []
    for name in dir(numpy):
        ours, theirs = getattr(npjax, name, None), getattr(numpy, name)
        if name.startswith("_") or ours is None or ours is theirs or isinstance(theirs, type) \
                or not callable(theirs):
            continue
        try:
            want = inspect.signature(theirs)
        except (TypeError, ValueError):
            continue
        got = inspect.signature(ours)
        if [(p.name, p.kind) for p in got.parameters.values()] != \
                [(p.name, p.kind) for p in want.parameters.values()]:
            differ.append(f"{name}: {got} vs NumPy's {want}")
    assert not differ, differ
