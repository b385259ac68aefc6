"""Parity of npjax.scipy.spatial.distance's natives (cdist, pdist, squareform, two-vector
distances) with SciPy on both tiers: values, dtypes, shapes, result kinds, errors; weights,
other metrics and callables are recorded fallbacks."""
import numpy
import pytest
import scipy.spatial.distance as sd

import npjax
from npjax.scipy.spatial import distance
from conftest import assert_same
from _scipy_parity import (sp_parity, fallbacks, silent_fallbacks, no_fallback_fixture,
                           allow_fallback)  # noqa: F401

R = numpy.random.default_rng(17)
no_fallback = no_fallback_fixture("scipy.spatial")
METRICS = ["euclidean", "sqeuclidean", "cityblock", "chebyshev", "minkowski", "cosine",
           "correlation", "hamming", "jaccard", "seuclidean", "canberra", "braycurtis"]
A = R.normal(size=(7, 4))
A[2] = 0.0
A[3, :2] = 0.0
B = numpy.round(R.normal(size=(5, 4)), 1)
B[0] = A[0]


def p(name, *args, **kw):
    kw.setdefault("rtol", 1e-12)
    kw.setdefault("atol", 1e-14)
    return sp_parity("spatial.distance", name, *args, **kw)


@pytest.mark.parametrize("metric", METRICS)
def test_cdist_pdist(tier, metric):
    p("cdist", A, B, metric)
    p("pdist", A, metric=metric)


@pytest.mark.parametrize("kw", [dict(metric="minkowski", p=3), dict(metric="minkowski", p=1),
                                dict(metric="minkowski", p=numpy.inf),
                                dict(metric="seuclidean", V=numpy.array([1.0, 2, 0.5, 4])),
                                dict(metric="cos"), dict(metric="sqe")])
def test_metric_arguments(tier, kw):
    p("cdist", A, B, **kw)
    p("pdist", A, **kw)


@pytest.mark.parametrize("dtype", [numpy.float32, numpy.int64, bool])
def test_dtypes(tier, dtype):
    a = (A * 3).astype(dtype)
    b = (B * 3).astype(dtype)
    for metric in ("euclidean", "hamming", "jaccard", "cityblock"):
        p("cdist", a, b, metric, rtol=1e-6 if dtype == numpy.float32 else 1e-12)
    p("pdist", a, "cosine", rtol=1e-6 if dtype == numpy.float32 else 1e-12)


def test_edge_cases(tier):
    p("cdist", A[:1], B[:1])
    p("pdist", A[:1])
    p("pdist", A[:2], "correlation")
    p("cdist", numpy.zeros((0, 4)), B)
    nan = A.copy()
    nan[1, 1] = numpy.nan
    p("cdist", nan, B)
    p("pdist", A[::2], "chebyshev")
    out = numpy.empty((7, 5))
    got = distance.cdist(npjax.array(A), npjax.array(B), out=npjax.array(out))
    assert_same(sd.cdist(A, B), got, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("call", [
    pytest.param(("cdist", (A, B[:, :3]), {}), id="columns"),
    pytest.param(("cdist", (A[0], B), {}), id="1-d"),
    pytest.param(("pdist", (A[0],), {}), id="pdist-1-d"),
    pytest.param(("cdist", (A, B), dict(metric="minkowski", p=-1)), id="p"),
    pytest.param(("cdist", (A, B), dict(metric="seuclidean", V=numpy.ones(3))), id="V"),
    pytest.param(("pdist", (A,), dict(metric="no-such-metric")), id="metric"),
    pytest.param(("cdist", (A, B), dict(bogus=1)), id="keyword"),
])
def test_errors(tier, call):
    name, args, kw = call
    p(name, *args, **kw)


def test_squareform(tier):
    v = sd.pdist(A)
    p("squareform", v)
    p("squareform", sd.squareform(v))
    p("squareform", sd.squareform(v), force="tovector", checks=False)
    p("squareform", (v * 10).astype(numpy.int64))
    p("squareform", numpy.zeros(0))
    p("squareform", numpy.zeros((1, 1)))
    p("squareform", numpy.array([2.5]))


@pytest.mark.parametrize("case", [
    pytest.param((numpy.ones(4),), id="not-binomial"),
    pytest.param((numpy.ones((3, 4)),), id="not-square"),
    pytest.param((numpy.ones((3, 3)),), id="diagonal"),
    pytest.param((numpy.array([[0.0, 1.0], [2.0, 0.0]]),), id="asymmetric"),
    pytest.param((numpy.ones((2, 2, 2)),), id="3-d"),
    pytest.param((numpy.zeros(3), "tovector"), id="force"),
])
def test_squareform_errors(tier, case):
    p("squareform", *case)


@pytest.mark.parametrize("metric", ["euclidean", "sqeuclidean", "cityblock", "chebyshev",
                                    "minkowski", "cosine", "correlation", "hamming",
                                    "jaccard", "canberra", "braycurtis"])
def test_two_vector_distances(tier, metric):
    p(metric, A[0], B[1])
    p(metric, A[3], B[4].astype(numpy.float32), rtol=1e-6)


def test_two_vector_arguments_and_errors(tier):
    p("minkowski", A[0], B[1], 3)
    p("minkowski", A[0], B[1], p=1)
    p("seuclidean", A[0], B[1], numpy.array([1.0, 2, 3, 4]))
    p("correlation", A[0], B[1], centered=False)
    p("sqeuclidean", (A[0] * 5).astype(int), (B[1] * 5).astype(int))
    p("jaccard", numpy.zeros(4), numpy.zeros(4))
    p("euclidean", A[:2], B[:2])
    p("minkowski", A[0], B[1], p=0)
    p("seuclidean", A[0], B[1], numpy.ones(3))
    p("hamming", A[0], B[1, :3])


def test_not_native_is_a_recorded_fallback(tier, allow_fallback):
    w = numpy.array([1.0, 2.0, 0.5, 1.0])
    with silent_fallbacks():
        got = distance.cdist(npjax.array(A), npjax.array(B), "euclidean", w=w)
        got2 = distance.pdist(npjax.array(A), lambda u, v: float(abs(u - v).sum()))
        got3 = distance.cdist(npjax.array(A), npjax.array(B), "dice")
        got4 = distance.euclidean(npjax.array(A[0]), npjax.array(B[1]), w)
    assert_same(sd.cdist(A, B, "euclidean", w=w), got, rtol=1e-12)
    assert_same(sd.pdist(A, lambda u, v: float(abs(u - v).sum())), got2)
    assert_same(sd.cdist(A.astype(bool), B.astype(bool), "dice"),
                distance.cdist(A.astype(bool), B.astype(bool), "dice"))
    assert_same(sd.cdist(A, B, "dice"), got3)
    assert_same(sd.euclidean(A[0], B[1], w), got4)
    assert fallbacks("scipy.spatial") == ({} if tier == "host" else {
        "scipy.spatial.distance.cdist": 2, "scipy.spatial.distance.pdist": 1,
        "scipy.spatial.distance.euclidean": 1})
