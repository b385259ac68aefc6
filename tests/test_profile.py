"""npjax.profile (JAX trace + a summary of npjax's counters) and npjax.stats()."""
import os
import warnings

import numpy
import pytest

import npjax


def test_profile_writes_a_trace_and_summarises_the_block(tmp_path, capsys):
    logdir = tmp_path / "trace"
    npjax.ones(300_000).sum()                 # before the block: not counted in it
    with npjax.profile(logdir) as p:
        x = npjax.ones(200_000) * 3.0
        float(x.sum())
        numpy.asarray(x[:10])
    files = [f for _, _, fs in os.walk(logdir) for f in fs]
    assert any(f.endswith(".xplane.pb") for f in files), files
    st = p.stats
    assert st["calls"]["multiply"]["device"] == 1
    assert st["calls"]["ones"]["device"] == 1
    assert st["lazy"]["flush_to_host"] >= 1 and st["lazy"]["compiles"] >= 1
    assert st["lazy"]["compile_seconds"] > 0
    assert st["transfers"]["to_host"] >= 1
    assert st["transfers"]["to_host_bytes"] >= 8
    assert st["fallbacks"] == {}
    err = capsys.readouterr().err
    assert "npjax profile" in err and str(logdir) in err
    for word in ("multiply", "lazy graphs:", "flushes:", "to_host", "XLA:", "transfers:"):
        assert word in err, (word, err)


def test_profile_reports_fallbacks_with_reasons_and_transforms(capsys):
    def branchy(a):
        return a * 2 if a.sum() > 0 else a

    with npjax.profile() as p, warnings.catch_warnings():
        warnings.simplefilter("ignore", npjax.NumPyFallbackWarning)
        warnings.simplefilter("ignore", npjax.JitFallbackWarning)
        npjax.emath.sqrt(npjax.asarray(numpy.full(100_000, -4.0)))
        f = npjax.jit(lambda a: a + 1)
        for _ in range(5):
            f(numpy.ones(3))
        npjax.jit(branchy)(numpy.ones(3))
    st = p.stats
    assert st["fallbacks"] == {"emath.sqrt": 1}
    assert "JAX" in st["fallback_reasons"]["emath.sqrt"]
    jitted = st["transforms"]["jit(test_profile_reports_fallbacks_with_reasons_and_transforms"
                              ".<locals>.<lambda>)"]
    assert jitted["calls"] == 5 and jitted["compiles"] == 1
    name = "jit(test_profile_reports_fallbacks_with_reasons_and_transforms.<locals>.branchy)"
    assert st["transforms"][name]["eager"] == 1
    assert "values" in st["transform_reasons"][name]
    assert st["lazy"]["jit_compiles"] == 1 and st["lazy"]["jit_eager"] == 1
    err = capsys.readouterr().err
    assert "fallback to NumPy: emath.sqrt x1" in err
    assert "5 calls, 1 compiles" in err and "1 uncompiled" in err


def test_profile_as_decorator_and_with_an_exception():
    @npjax.profile(summary=False)
    def work(n):
        return float((npjax.arange(n) * 3).sum())

    assert work(100_000) == float((numpy.arange(100_000) * 3).sum())
    assert work.stats["calls"]["multiply"]["device"] == 1
    p = npjax.profile(summary=False)
    with pytest.raises(ZeroDivisionError):
        with p:
            npjax.arange(100_000) + 1
            1 / 0
    assert p.stats["calls"]["add"]["device"] == 1


def test_stats_reset_and_profile_leaves_global_counters():
    npjax.stats(reset=True)
    after = npjax.stats()
    assert after.pop("sharding")["mode"] == npjax.config.sharding   # settings, no counters
    assert after == {"calls": {}, "fallbacks": {}, "fallback_reasons": {},
                     "transfers": {}, "lazy": {}, "transforms": {}, "transform_reasons": {}}
    float(npjax.ones(100_000).sum())
    with npjax.profile(summary=False) as p:
        float((npjax.ones(100_000) * 2).sum())
    total = npjax.stats()
    assert total["calls"]["ones"]["device"] == 2       # the profile did not reset them
    assert p.stats["calls"]["ones"]["device"] == 1
    before = npjax.stats(reset=True)
    assert before["calls"]["sum"]["device"] == 2
    assert npjax.stats()["calls"] == {}
