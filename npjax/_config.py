"""Settings: one object, readable from the environment at import."""
import os

_FALLBACK_MODES = ("warn", "silent", "raise")
_DTYPE_POLICIES = ("numpy", "fast32")


def _sharding_changed():
    """Placement plans and the mesh follow the sharding settings."""
    import sys
    mod = sys.modules.get("npjax.sharding")
    if mod is not None:
        mod._reset()


class Config:
    """`npjax.config`: runtime settings.

    host_threshold: arrays with fewer elements than this run on NumPy (host tier);
        larger ones live on the JAX device. 0 sends every array to the device.
    dtypes: "numpy" (NumPy-exact, 64-bit) or "fast32" (64-bit inputs become 32-bit
        once, at creation/conversion).
    fallback: what happens when a device array reaches a function with no JAX
        implementation: "warn" (once per name), "silent", or "raise".
    lazy: device operations are recorded and compiled together with one jax.jit when a
        value is needed (True, the default), or run one by one (False: the eager tier,
        for debugging and comparison).
    node_limit: pending recorded operations that force a compilation (bounds graph size).
    random: "numpy" (default: npjax.random draws NumPy's bit-identical streams) or "device"
        (jax.random on the device: fast, counter-based, different numbers than NumPy).
    recompile_limit: compilations of the same operation sequence for different shapes
        before npjax warns (RecompileWarning) and runs that sequence uncompiled.
    cache_dir: JAX's persistent compilation cache, so a second run of a script compiles
        nothing new ("" switches it off). Read when the device tier starts.
    sharding: "off" (default) or "auto": device arrays of at least `shard_threshold`
        elements are split over all devices along their largest axis that divides evenly,
        or padded to a multiple of the device count when none does (see npjax.sharding).
        With one device "auto" changes nothing.
    shard_threshold: the element count from which "auto" splits an array; smaller device
        arrays are replicated on every device.
    """

    __slots__ = ("_host_threshold", "_dtypes", "_fallback", "lazy", "_node_limit",
                 "cache_dir", "recompile_limit", "_random", "_sharding", "_shard_threshold")

    def __init__(self):
        self.host_threshold = int(os.environ.get("NPJAX_HOST_THRESHOLD", 1 << 16))
        self.dtypes = os.environ.get("NPJAX_DTYPES", "numpy")
        self.fallback = os.environ.get("NPJAX_FALLBACK", "warn")
        self.lazy = os.environ.get("NPJAX_LAZY", "1").lower() not in ("0", "false", "no")
        # bounds compile time and XLA temporaries; measured on benchmarks.big_script:
        # 2000 nodes peaked at 1.5 GB, 400 at 0.64 GB; XLA compiles 100 nodes of np.roll in
        # ~2 s, 200 in ~6 s; loops are cut per iteration anyway
        self.node_limit = int(os.environ.get("NPJAX_NODE_LIMIT", 100))
        self.recompile_limit = int(os.environ.get("NPJAX_RECOMPILE_LIMIT", 8))
        self.random = os.environ.get("NPJAX_RANDOM", "numpy")
        self.sharding = os.environ.get("NPJAX_SHARDING", "off")
        # 2 MB of float64: below it, splitting costs more per op than it saves
        self.shard_threshold = int(os.environ.get("NPJAX_SHARD_THRESHOLD", 1 << 18))

    @property
    def sharding(self):
        return self._sharding

    @sharding.setter
    def sharding(self, value):
        if value not in ("off", "auto"):
            raise ValueError(f"sharding must be 'off' or 'auto', got {value!r}")
        self._sharding = value
        _sharding_changed()

    @property
    def shard_threshold(self):
        return self._shard_threshold

    @shard_threshold.setter
    def shard_threshold(self, value):
        value = int(value)
        if value < 0:
            raise ValueError("shard_threshold must be >= 0")
        self._shard_threshold = value
        _sharding_changed()

    @property
    def random(self):
        return self._random

    @random.setter
    def random(self, value):
        if value not in ("numpy", "device"):
            raise ValueError(f"random must be 'numpy' or 'device', got {value!r}")
        self._random = value
        self.cache_dir = os.environ.get(
            "NPJAX_CACHE_DIR",
            os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")),
                         "npjax", "jax"))

    @property
    def node_limit(self):
        return self._node_limit

    @node_limit.setter
    def node_limit(self, value):
        value = int(value)
        if value < 1:
            raise ValueError("node_limit must be >= 1")
        self._node_limit = value

    @property
    def host_threshold(self):
        return self._host_threshold

    @host_threshold.setter
    def host_threshold(self, value):
        value = int(value)
        if value < 0:
            raise ValueError("host_threshold must be >= 0")
        self._host_threshold = value

    @property
    def dtypes(self):
        return self._dtypes

    @dtypes.setter
    def dtypes(self, value):
        if value not in _DTYPE_POLICIES:
            raise ValueError(f"dtypes must be one of {_DTYPE_POLICIES}, got {value!r}")
        self._dtypes = value
        from ._array import _PLAIN_HOST
        _PLAIN_HOST[0] = value == "numpy"

    @property
    def fallback(self):
        return self._fallback

    @fallback.setter
    def fallback(self, value):
        if value not in _FALLBACK_MODES:
            raise ValueError(f"fallback must be one of {_FALLBACK_MODES}, got {value!r}")
        self._fallback = value

    def __repr__(self):
        return (f"npjax.config(host_threshold={self.host_threshold}, "
                f"dtypes={self.dtypes!r}, fallback={self.fallback!r}, lazy={self.lazy}, "
                f"node_limit={self.node_limit}, cache_dir={self.cache_dir!r}, "
                f"sharding={self.sharding!r}, shard_threshold={self.shard_threshold})")


config = Config()
