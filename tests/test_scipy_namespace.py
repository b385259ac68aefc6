"""npjax.scipy serves every public name of SciPy's submodules, records fallbacks, and the
coverage report classifies SciPy's namespaces like NumPy's."""
import importlib
import subprocess
import sys
import warnings

import numpy
import pytest
import scipy

import npjax
from npjax import _coverage
from conftest import assert_same

SUBMODULES = ("special", "linalg", "stats", "signal", "fft", "ndimage", "optimize",
              "integrate", "interpolate", "spatial", "sparse", "cluster", "spatial.distance")


def _npjax_module(sub):
    mod = importlib.import_module("npjax.scipy")
    for part in sub.split("."):
        mod = getattr(mod, part)
    return mod


@pytest.mark.parametrize("sub", SUBMODULES)
def test_no_public_name_is_missing(sub):
    sp_mod = importlib.import_module(f"scipy.{sub}")
    mine = _npjax_module(sub)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        missing = [n for n in sp_mod.__all__ if not n.startswith("_") and
                   getattr(mine, n, None) is None and getattr(sp_mod, n) is not None]
    assert missing == [], f"npjax.scipy.{sub} lacks {missing}"
    public = set(n for n in dir(mine) if not n.startswith("_"))
    assert set(n for n in sp_mod.__all__ if not n.startswith("_")) <= public


def test_import_forms():
    from npjax.scipy import optimize, linalg
    import npjax.scipy as sp
    import npjax.scipy.cluster.vq as vq
    import npjax.scipy.sparse.linalg as spla
    assert linalg is sp.linalg and optimize is sp.optimize
    assert sp.special.gamma is scipy.special.gamma          # SciPy's ufunc objects
    assert vq.whiten.__name__ == "whiten" and callable(spla.spsolve)
    assert "special" in dir(sp) and "gammaln" in dir(sp.special)
    assert sp.linalg.LinAlgError is numpy.linalg.LinAlgError
    with pytest.raises(AttributeError):
        sp.special.no_such_function
    with pytest.raises(AttributeError):
        sp.no_such_module


def test_import_is_lazy():
    code = ("import sys, npjax.scipy.special, npjax.scipy.linalg, npjax.scipy.stats; "
            "print('jax' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("call", [
    lambda sp, x: sp.special.beta(x, x),                   # a SciPy ufunc with no JAX loop
    lambda sp, x: sp.special.multigammaln(x + 2, 2),       # a SciPy function
    lambda sp, x: sp.stats.skewnorm.pdf(x, 1.5),           # a distribution's method
    lambda sp, x: sp.cluster.vq.whiten(x),                 # a subpackage's function
    lambda sp, x: sp.sparse.linalg.spsolve(sp.sparse.csr_matrix(numpy.eye(4) * 2), x),
])
def test_fallback_is_recorded(device_tier, call):
    import npjax.scipy as sp
    expected = call(scipy, numpy.linspace(0.5, 2.0, 4))
    x = npjax.array(numpy.linspace(0.5, 2.0, 4))
    npjax.stats(reset=True)
    with _silent():
        got = call(sp, x)
    assert_same(expected, got, rtol=1e-12)
    assert npjax.stats()["fallbacks"], "a device call of a non-native function is recorded"


class _silent:
    def __enter__(self):
        self.old = npjax.config.fallback
        npjax.config.fallback = "silent"

    def __exit__(self, *exc):
        npjax.config.fallback = self.old


def test_fallback_warns_once(device_tier):
    import npjax.scipy.special as sps
    npjax.stats(reset=True)
    x = npjax.array(numpy.array([1.0, 2.0]))
    with pytest.warns(npjax.NumPyFallbackWarning, match="ellipk"):
        sps.ellipk(x / 4)
    sps.ellipk(x / 4)     # once per name
    assert npjax.stats()["fallbacks"] == {"ellipk.__call__": 2}


def test_cluster_and_sparse_take_npjax_arrays(device_tier):
    import npjax.scipy as sp
    data = numpy.random.default_rng(0).normal(size=(40, 2))
    with _silent():
        book, dist = sp.cluster.vq.kmeans(npjax.array(data), 3, seed=1)
        ebook, edist = scipy.cluster.vq.kmeans(data, 3, seed=1)
        assert_same(ebook, book)
        z = sp.cluster.hierarchy.linkage(npjax.array(data), "ward")
        assert isinstance(z, npjax.ndarray)
        assert_same(scipy.cluster.hierarchy.linkage(data, "ward"), z)
        m = sp.sparse.csr_matrix(npjax.array(numpy.eye(3)))
        assert isinstance(m, scipy.sparse.csr_matrix)
        res = sp.sparse.linalg.spsolve(m, npjax.array(numpy.ones(3)))
        assert isinstance(res, npjax.ndarray)


def test_coverage_classifies_scipy():
    rep = _coverage.report(_coverage.SCIPY_NAMESPACES)
    assert set(_coverage.SCIPY_NAMESPACES) <= set(rep)
    for ns, table in rep.items():
        assert "missing" not in table.values(), (ns, [n for n, k in table.items()
                                                     if k == "missing"])
    assert rep["scipy.special"]["gammaln"] == "native"
    assert rep["scipy.special"]["beta"] == "fallback"
    assert rep["scipy.special"]["logsumexp"] == "native"
    assert rep["scipy.linalg"]["solve"] == "native"
    assert rep["scipy.linalg"]["schur"] == "fallback"
    assert rep["scipy.linalg"]["LinAlgWarning"] == "shared"
    assert rep["scipy.stats"]["norm"] == "native"
    assert rep["scipy.stats"]["skewnorm"] == "fallback"
    assert rep["scipy.stats"]["ttest_ind"] == "native"
    assert rep["scipy.fft"]["rfft"] == "native"
    assert rep["scipy.cluster.vq"]["kmeans"] == "fallback"
    text = _coverage.text(rep)
    assert "scipy.spatial.distance" in text
