"""npjax.random gives NumPy's exact streams: same seed, same numbers, shapes and dtypes."""
import numpy
import pytest

import npjax
from conftest import assert_same

# (method, args, kwargs) valid for both RandomState/module functions and Generator
COMMON = [
    ("beta", (2.0, 3.0, 5), {}), ("binomial", (10, 0.3, 6), {}), ("chisquare", (3.0, 4), {}),
    ("choice", (7, 4), {}), ("choice", ([1.5, 2.5, 3.5], 5), {"p": [0.2, 0.3, 0.5]}),
    ("dirichlet", ([1.0, 2.0, 3.0], 2), {}), ("exponential", (2.0, 5), {}),
    ("f", (3.0, 4.0, 3), {}), ("gamma", (2.0, 1.5, 4), {}), ("geometric", (0.3, 5), {}),
    ("gumbel", (0.0, 1.0, 4), {}), ("hypergeometric", (10, 5, 7, 4), {}),
    ("laplace", (0.0, 2.0, 4), {}), ("logistic", (1.0, 2.0, 3), {}),
    ("lognormal", (0.0, 0.5, 4), {}), ("logseries", (0.6, 5), {}),
    ("multinomial", (10, [0.2, 0.3, 0.5], 3), {}),
    ("multivariate_normal", ([0.0, 1.0], [[1.0, 0.2], [0.2, 2.0]], 3), {}),
    ("negative_binomial", (5, 0.4, 4), {}), ("noncentral_chisquare", (3.0, 1.5, 3), {}),
    ("noncentral_f", (3.0, 4.0, 1.0, 3), {}), ("normal", (1.0, 2.0, (2, 3)), {}),
    ("pareto", (3.0, 4), {}), ("permutation", (6,), {}), ("poisson", (4.0, 5), {}),
    ("power", (2.0, 4), {}), ("rayleigh", (1.5, 4), {}), ("standard_cauchy", (4,), {}),
    ("standard_exponential", (4,), {}), ("standard_gamma", (2.0, 4), {}),
    ("standard_normal", ((3, 2),), {}), ("standard_t", (5.0, 4), {}),
    ("triangular", (0.0, 1.0, 3.0, 4), {}), ("uniform", (-1.0, 2.0, 5), {}),
    ("vonmises", (0.5, 2.0, 4), {}), ("wald", (1.0, 2.0, 4), {}), ("weibull", (1.5, 4), {}),
    ("zipf", (2.5, 4), {}), ("normal", (), {}), ("uniform", (), {}),
]
LEGACY_ONLY = [
    ("rand", (2, 3), {}), ("randn", (4,), {}), ("randint", (0, 10, 6), {}),
    ("randint", (5,), {}), ("random_sample", (3,), {}), ("random", ((2, 2),), {}),
    ("ranf", (3,), {}), ("sample", (3,), {}), ("tomaxint", (3,), {}),
    ("random_integers", (1, 6, 4), {}), ("bytes", (8,), {}), ("rand", (), {}),
]
GENERATOR_ONLY = [
    ("integers", (0, 10, 6), {}), ("integers", (5,), {"endpoint": True}),
    ("random", ((2, 2),), {}), ("random", (3,), {"dtype": numpy.float32}),
    ("standard_normal", (3,), {"dtype": numpy.float32}), ("bytes", (8,), {}),
    ("multivariate_hypergeometric", ([3, 4, 5], 6), {}), ("permuted", (numpy.arange(6),), {}),
    ("choice", (numpy.arange(10), (2, 2)), {"replace": False}),
]
SEEDS = (0, 12345)
pytestmark = pytest.mark.filterwarnings("ignore:This function is deprecated:DeprecationWarning")


@pytest.fixture(params=("host", "device"))
def any_tier(request):
    old = npjax.config.host_threshold
    npjax.config.host_threshold = 1 << 62 if request.param == "host" else 0
    yield request.param
    npjax.config.host_threshold = old


def _compare(expected, actual):
    if isinstance(expected, bytes):
        assert actual == expected
    else:
        assert_same(expected, actual, rtol=0, exact=True)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name,args,kwargs", COMMON + LEGACY_ONLY)
def test_module_functions_match_numpy(any_tier, seed, name, args, kwargs):
    if name == "tomaxint":
        pytest.skip("tomaxint is a RandomState method only")
    numpy.random.seed(seed)
    expected = getattr(numpy.random, name)(*args, **kwargs)
    npjax.random.seed(seed)
    actual = getattr(npjax.random, name)(*args, **kwargs)
    _compare(expected, actual)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name,args,kwargs", COMMON + LEGACY_ONLY)
def test_random_state_matches_numpy(any_tier, seed, name, args, kwargs):
    if name in ("ranf", "sample"):
        pytest.skip("module-level aliases, not RandomState methods")
    expected = getattr(numpy.random.RandomState(seed), name)(*args, **kwargs)
    rs = npjax.random.RandomState(seed)
    assert isinstance(rs, numpy.random.RandomState)
    _compare(expected, getattr(rs, name)(*args, **kwargs))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name,args,kwargs", COMMON + GENERATOR_ONLY)
def test_generator_matches_numpy(any_tier, seed, name, args, kwargs):
    expected = getattr(numpy.random.default_rng(seed), name)(*args, **kwargs)
    rng = npjax.random.default_rng(seed)
    assert isinstance(rng, npjax.random.Generator)
    nargs = tuple(npjax.array(a) if isinstance(a, numpy.ndarray) else a for a in args)
    _compare(expected, getattr(rng, name)(*nargs, **kwargs))


def test_streams_continue_identically_over_many_calls(any_tier):
    ref, mine = numpy.random.default_rng(7), npjax.random.default_rng(7)
    for _ in range(5):
        assert_same(ref.normal(size=100), mine.normal(size=100), rtol=0, exact=True)
        assert_same(ref.integers(0, 100, size=7), mine.integers(0, 100, size=7))


def test_bit_generators_and_seed_sequence_are_numpys():
    assert npjax.random.PCG64 is numpy.random.PCG64
    assert npjax.random.SeedSequence is numpy.random.SeedSequence
    rng = npjax.random.Generator(npjax.random.PCG64(3))
    assert_same(numpy.random.Generator(numpy.random.PCG64(3)).random(4), rng.random(4))
    children = npjax.random.default_rng(1).spawn(2)
    ref_children = numpy.random.default_rng(1).spawn(2)
    for c, r in zip(children, ref_children):
        assert isinstance(c, npjax.random.Generator)
        assert_same(r.random(3), c.random(3))


@pytest.mark.parametrize("shape,axis", [((10,), 0), ((5, 3), 0), ((4, 6), 1), ((3, 4, 2), -1)])
def test_shuffle_in_place_matches_numpy(any_tier, shape, axis):
    ref = numpy.arange(numpy.prod(shape), dtype=float).reshape(shape)
    mine = npjax.array(ref)
    numpy.random.default_rng(4).shuffle(ref, axis=axis)
    npjax.random.default_rng(4).shuffle(mine, axis=axis)
    assert_same(ref, mine)
    if axis == 0:
        ref2 = numpy.arange(numpy.prod(shape)).reshape(shape)
        mine2 = npjax.array(ref2)
        numpy.random.seed(9)
        numpy.random.shuffle(ref2)
        npjax.random.seed(9)
        assert npjax.random.shuffle(mine2) is None
        assert_same(ref2, mine2)


def test_shuffle_through_a_view_reaches_the_base(any_tier):
    ref = numpy.arange(12.0).reshape(3, 4)
    mine = npjax.array(ref)
    numpy.random.default_rng(2).shuffle(ref[1])
    npjax.random.default_rng(2).shuffle(mine[1])
    assert_same(ref, mine)


def test_out_argument_writes_into_npjax_array(any_tier):
    ref = numpy.zeros(5)
    mine = npjax.zeros(5)
    numpy.random.default_rng(3).random(out=ref)
    res = npjax.random.default_rng(3).random(out=mine)
    assert res is mine
    assert_same(ref, mine)


def test_npjax_array_arguments(any_tier):
    mu = numpy.array([0.0, 10.0, 100.0])
    numpy.random.seed(5)
    expected = numpy.random.normal(mu, 2.0)
    npjax.random.seed(5)
    assert_same(expected, npjax.random.normal(npjax.array(mu), 2.0))


def test_bad_arguments_raise_numpys_errors():
    for call in (lambda m: m.random.normal(0, -1.0), lambda m: m.random.randint(5, 2),
                 lambda m: m.random.default_rng(0).integers(5, 2),
                 lambda m: m.random.choice(3, 5, replace=False)):
        with pytest.raises(ValueError):
            call(numpy)
        with pytest.raises(ValueError):
            call(npjax)
    with pytest.raises(TypeError):
        npjax.random.default_rng(0).shuffle(numpy.float64(3.0))


def test_large_draws_land_on_the_device():
    old = npjax.config.host_threshold
    npjax.config.host_threshold = 1000
    try:
        big = npjax.random.default_rng(0).random(5000)
        small = npjax.random.default_rng(0).random(10)
        assert type(big) is npjax.ndarray and not big._on_host
        assert type(small) is numpy.ndarray
        assert_same(numpy.random.default_rng(0).random(5000), big)
    finally:
        npjax.config.host_threshold = old


@pytest.fixture
def device_random():
    old = npjax.config.random
    npjax.config.random = "device"
    yield
    npjax.config.random = old


DEVICE_CALLS = [("rand", (2, 3), {}), ("randn", (4,), {}), ("random", ((2, 2),), {}),
                ("random_sample", (3,), {}), ("uniform", (-1.0, 2.0, 5), {}),
                ("normal", (1.0, 2.0, (2, 3)), {}), ("standard_normal", ((3,),), {}),
                ("exponential", (2.0, 4), {}), ("randint", (0, 10, 6), {}),
                ("permutation", (6,), {}), ("normal", (), {}), ("uniform", (), {})]


@pytest.mark.parametrize("name,args,kwargs", DEVICE_CALLS)
def test_device_mode_shapes_dtypes_and_reproducibility(device_random, name, args, kwargs):
    numpy.random.seed(0)
    ref = getattr(numpy.random, name)(*args, **kwargs)
    npjax.random.seed(3)
    first = getattr(npjax.random, name)(*args, **kwargs)
    npjax.random.seed(3)
    again = getattr(npjax.random, name)(*args, **kwargs)
    if isinstance(ref, numpy.ndarray):
        assert isinstance(first, npjax.ndarray) and not first._on_host
        assert first.shape == ref.shape and first.dtype == ref.dtype
        numpy.testing.assert_array_equal(numpy.asarray(first), numpy.asarray(again))
    else:
        assert type(first) is type(ref) and first == again


def test_device_mode_distributions(device_random):
    rng = npjax.random.default_rng(5)
    x = numpy.asarray(rng.normal(3.0, 2.0, size=200_000))
    assert abs(x.mean() - 3.0) < 0.05 and abs(x.std() - 2.0) < 0.05
    u = numpy.asarray(rng.uniform(-1.0, 1.0, size=100_000))
    assert u.min() >= -1.0 and u.max() < 1.0 and abs(u.mean()) < 0.02
    k = numpy.asarray(rng.integers(0, 7, size=50_000))
    assert k.min() == 0 and k.max() == 6 and k.dtype == numpy.int64
    assert sorted(numpy.asarray(rng.permutation(10)).tolist()) == list(range(10))
    with pytest.raises(ValueError):
        rng.integers(5, 2)


def test_device_mode_is_not_numpys_stream_and_others_still_are(device_random):
    npjax.random.seed(0)
    numpy.random.seed(0)
    assert not numpy.array_equal(numpy.asarray(npjax.random.rand(5)), numpy.random.rand(5))
    # samplers without a device version keep NumPy's exact stream
    assert_same(numpy.random.default_rng(2).beta(2.0, 3.0, 4),
                npjax.random.default_rng(2).beta(2.0, 3.0, 4), rtol=0, exact=True)


def test_random_config_validates():
    with pytest.raises(ValueError):
        npjax.config.random = "fast"


def test_first_device_use_keeps_numpy_global_stream():
    """Importing JAX (at the first large array) draws from NumPy's global random state:
    npjax puts it back, so a seeded script gets NumPy's numbers."""
    code = ("import numpy, npjax\n"
            "npjax.random.seed(42)\n"
            "x = npjax.random.random(200_000)\n"
            "y = npjax.random.random(5)\n"
            "numpy.random.seed(42); numpy.random.random(200_000)\n"
            "assert type(x) is npjax.ndarray, type(x)\n"
            "assert numpy.array_equal(y, numpy.random.random(5))\n")
    import subprocess, sys
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
