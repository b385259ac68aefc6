"""`npjax.profile`: a JAX profiler trace plus a summary of what npjax did inside the block."""
import contextlib
import copy
import functools
import sys

from ._stats import stats as _stats


def _delta(after, before):
    """after - before for the nested number dicts of `npjax.stats()` (zeros dropped)."""
    out = {}
    for k, v in after.items():
        b = before.get(k)
        if isinstance(v, dict):
            d = _delta(v, b if isinstance(b, dict) else {})
            if d:
                out[k] = d
        elif isinstance(v, (int, float)):
            d = v - (b if isinstance(b, (int, float)) else 0)
            if d:
                out[k] = d
    return out


def delta(after, before):
    """The `npjax.stats()` dict of what happened between two snapshots."""
    out = {k: _delta(after[k], before.get(k, {}))
           for k in ("calls", "fallbacks", "transfers", "lazy", "transforms")}
    out["fallback_reasons"] = {k: v for k, v in after["fallback_reasons"].items()
                               if k in out["fallbacks"]}
    out["transform_reasons"] = {
        k: v for k, v in after["transform_reasons"].items()
        if out["transforms"].get(k, {}).keys() & {"eager", "numpy"}}
    # the sharding settings as they are now, the placements made in between
    placed = ("split", "padded", "replicated")
    sharding = {k: v for k, v in after.get("sharding", {}).items() if k not in placed}
    sharding.update(_delta({k: after.get("sharding", {}).get(k, 0) for k in placed},
                           {k: before.get("sharding", {}).get(k, 0) for k in placed}))
    out["sharding"] = sharding
    return out


class profile:
    """`with npjax.profile("trace_dir") as p:` (or `@npjax.profile()`): what npjax did inside.

    logdir: record a JAX profiler trace there (`jax.profiler.trace`: a directory with an
        .xplane.pb file, for TensorBoard or Perfetto); None records npjax's counters only.
    perfetto_link: also write a Perfetto trace and have JAX serve it with a link to the
        Perfetto UI (JAX then waits until the link is opened: interactive use).
    summary: print the summary to stderr on exit.

    `p.stats` (after the block) is the `npjax.stats()` dict of the block alone: calls per
    function and tier, fallbacks and their reasons, host<->device transfers and bytes, the
    lazy tier's compiles, compile seconds, cache hits, flushes by reason and XLA compiles,
    and per `npjax.jit`/`grad`/`vectorize` function its calls, compiles and uncompiled runs
    with the reason. Pending lazy work is computed on entry and exit, so it is counted in
    the block that recorded it. The global counters are not reset.
    """

    def __init__(self, logdir=None, *, perfetto_link=False, summary=True):
        self.logdir = None if logdir is None else str(logdir)
        self.perfetto_link = perfetto_link
        self.summary = summary
        self.stats = None
        self._before = None
        self._trace = None

    def __enter__(self):
        from ._dispatch import sync
        sync()
        self._before = copy.deepcopy(_stats())
        if self.logdir is not None:
            import jax
            self._trace = contextlib.ExitStack()
            self._trace.enter_context(jax.profiler.trace(
                self.logdir, create_perfetto_link=self.perfetto_link,
                create_perfetto_trace=self.perfetto_link))
        return self

    def __exit__(self, exc_type, exc, tb):
        from ._dispatch import sync
        try:
            if exc_type is None:
                sync()      # the block's pending work belongs to the block
        finally:
            if self._trace is not None:
                trace, self._trace = self._trace, None
                trace.close()
            self.stats = delta(_stats(), self._before)
            if self.summary:
                print(format_stats(self.stats, self.logdir), file=sys.stderr)
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with profile(self.logdir, perfetto_link=self.perfetto_link,
                         summary=self.summary) as p:
                result = fn(*args, **kwargs)
            wrapper.stats = p.stats
            return result
        wrapper.stats = None
        return wrapper


def format_stats(st, logdir=None):
    """A readable summary of a `npjax.stats()` dict."""
    lines = ["npjax profile" + (f" (JAX trace in {logdir})" if logdir else "")]
    calls = st.get("calls", {})
    if calls:
        lines.append(f"  {'function':30s} {'device':>8s} {'host':>8s} {'by choice':>10s} "
                     f"{'fallback':>9s}")
        ranked = sorted(calls.items(), key=lambda kv: -sum(kv[1].values()))
        for name, tiers in ranked[:30]:
            lines.append(f"  {name[:30]:30s} {tiers.get('device', 0):8d} "
                         f"{tiers.get('host', 0):8d} {tiers.get('host_by_choice', 0):10d} "
                         f"{tiers.get('fallback', 0):9d}")
        if len(ranked) > 30:
            lines.append(f"  ... {len(ranked) - 30} more functions")
    else:
        lines.append("  no npjax calls")
    reasons = st.get("fallback_reasons", {})
    for name, n in st.get("fallbacks", {}).items():
        lines.append(f"  fallback to NumPy: {name} x{n} ({reasons.get(name, 'no reason')})")
    why = st.get("transform_reasons", {})
    for name, c in st.get("transforms", {}).items():
        uncompiled = c.get("eager", 0) + c.get("numpy", 0)
        line = (f"  {name}: {c.get('calls', 0)} calls, {c.get('compiles', 0)} compiles "
                f"({c.get('compile_seconds', 0.0):.2f} s)")
        if uncompiled:
            line += f", {uncompiled} uncompiled: {why.get(name, '')}"
        lines.append(line)
    lazy = st.get("lazy", {})
    flushes = ", ".join(f"{k[6:]} {v}" for k, v in sorted(lazy.items())
                        if k.startswith("flush_"))
    lines.append(f"  lazy graphs: {lazy.get('compiles', 0)} compiled "
                 f"({lazy.get('compile_seconds', 0.0):.2f} s), {lazy.get('cache_hits', 0)} "
                 f"cache hits, {lazy.get('eager_flushes', 0)} run uncompiled; flushes: "
                 f"{flushes or 'none'}")
    lines.append(f"  XLA: {lazy.get('xla_compiles', 0)} compiles, "
                 f"{lazy.get('xla_persistent_cache_hits', 0)} from the persistent cache")
    tr = st.get("transfers", {})
    lines.append(f"  transfers: to device {tr.get('to_device', 0)} "
                 f"({_bytes(tr.get('to_device_bytes', 0))}), to host {tr.get('to_host', 0)} "
                 f"({_bytes(tr.get('to_host_bytes', 0))})")
    sh = st.get("sharding", {})
    if sh.get("mesh"):
        lines.append(f"  sharding {sh.get('mode')}: {sh.get('devices')} devices in "
                     f"{sh.get('processes', 1)} process(es); placed split "
                     f"{sh.get('split', 0)}, padded {sh.get('padded', 0)}, replicated "
                     f"{sh.get('replicated', 0)}")
    return "\n".join(lines)


def _bytes(n):
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
