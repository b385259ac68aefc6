"""`npjax.profile`: a JAX profiler trace plus a summary of npjax's own counters."""
import copy
import functools
import sys

from ._stats import stats as _stats


def _delta(after, before):
    """after - before for the nested counter dicts of `npjax.stats()`."""
    if isinstance(after, dict):
        out = {}
        for k, v in after.items():
            d = _delta(v, before.get(k, {} if isinstance(v, dict) else 0)) \
                if isinstance(before, dict) else v
            if d not in (0, {}, 0.0):
                out[k] = d
        return out
    if isinstance(after, (int, float)) and isinstance(before, (int, float)):
        return after - before
    return after


class profile:
    """`with npjax.profile("trace_dir"):` (or `@npjax.profile()`): what npjax did inside.

    logdir: write a JAX profiler trace there (open it with Perfetto or TensorBoard);
        None records npjax's counters only.
    perfetto_link: ask JAX for a Perfetto UI link (serves the trace; interactive use).
    summary: print the summary on exit (`p.stats` holds it as a dict either way: calls per
        function and tier, fallbacks and their reasons, transfers and bytes, and the lazy
        tier's compiles, compile seconds, cache hits and flushes by reason).
    """

    def __init__(self, logdir=None, *, perfetto_link=False, summary=True):
        self.logdir = logdir
        self.perfetto_link = perfetto_link
        self.summary = summary
        self.stats = None
        self._before = None

    def __enter__(self):
        from ._dispatch import sync
        sync()
        self._before = copy.deepcopy(_stats())
        if self.logdir is not None:
            import jax
            jax.profiler.start_trace(self.logdir, create_perfetto_link=self.perfetto_link)
        return self

    def __exit__(self, *exc):
        from ._dispatch import sync
        sync()
        if self.logdir is not None:
            import jax
            jax.profiler.stop_trace()
        after = _stats()
        self.stats = {k: _delta(after[k], self._before.get(k, {})) for k in after}
        self.stats["fallback_reasons"] = {k: v for k, v in after["fallback_reasons"].items()
                                          if k in self.stats["fallbacks"]}
        if self.summary:
            print(format_stats(self.stats, self.logdir), file=sys.stderr)
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with profile(self.logdir, perfetto_link=self.perfetto_link,
                         summary=self.summary):
                return fn(*args, **kwargs)
        return wrapper


def format_stats(st, logdir=None):
    lines = ["npjax profile" + (f" (JAX trace in {logdir})" if logdir else "")]
    calls = st.get("calls", {})
    if calls:
        lines.append(f"  {'function':28s} {'device':>8s} {'host':>8s} {'by choice':>10s} "
                     f"{'fallback':>9s}")
        for name, tiers in sorted(calls.items(), key=lambda kv: -sum(kv[1].values()))[:25]:
            lines.append(f"  {name[:28]:28s} {tiers.get('device', 0):8d} "
                         f"{tiers.get('host', 0):8d} {tiers.get('host_by_choice', 0):10d} "
                         f"{tiers.get('fallback', 0):9d}")
    for name, n in st.get("fallbacks", {}).items():
        lines.append(f"  fallback {name} x{n}: {st.get('fallback_reasons', {}).get(name, '')}")
    lazy = st.get("lazy", {})
    flushes = ", ".join(f"{k[6:]} {v}" for k, v in sorted(lazy.items())
                        if k.startswith("flush_"))
    lines.append(f"  graphs: {lazy.get('compiles', 0)} compiled "
                 f"({lazy.get('compile_seconds', 0.0):.2f} s), {lazy.get('cache_hits', 0)} "
                 f"cache hits, {lazy.get('xla_compiles', 0)} XLA compiles, "
                 f"{lazy.get('xla_persistent_cache_hits', 0)} from the persistent cache")
    lines.append(f"  flushes: {flushes or 'none'}")
    tr = st.get("transfers", {})
    lines.append(f"  transfers: to device {tr.get('to_device', 0)} "
                 f"({tr.get('to_device_bytes', 0) / 1e6:.1f} MB), to host "
                 f"{tr.get('to_host', 0)} ({tr.get('to_host_bytes', 0) / 1e6:.1f} MB)")
    return "\n".join(lines)
