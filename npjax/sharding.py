"""Arrays over many devices: automatic placement (`config.sharding = "auto"`), explicit
`shard` / `replicate`, and multi-process runs on `jax.distributed`.

Placement of a device array of shape `s` on the 1-D mesh of all devices (`jax.make_mesh`):
- fewer than `config.shard_threshold` elements (or 0-d, or empty): one device, uncommitted
  (JAX moves it into a split computation), replicated only where needed (results of a
  computation that involves split arrays, global arrays of a multi-process run);
- otherwise split along the largest axis whose length the device count divides;
- when no axis divides: split along the largest axis after padding it to the next multiple
  of the device count. JAX rejects uneven splits, so the buffer is stored padded and the
  array is the lazy node "unpad" of it: every compiled graph starts by slicing the
  padding off (inside the computation, so reductions never see it) and pads results of such
  shapes again on output. Users see the logical shape and values only. Without the lazy
  tier (`config.lazy = False`) such arrays are replicated instead.

Compiled graphs keep these placements: XLA's partitioner propagates the inputs' shardings
through elementwise ops, reductions, matmul, slicing and writes, and each output is given
the placement of its shape (`out_shardings`).

Multi-process: `python -m npjax run --processes N script.py` starts N copies of the script
that call `jax.distributed.initialize` before JAX starts (see `initialize_distributed`);
large arrays are then global arrays over every process's devices, values read by Python
are gathered, and only process 0's output is shown.
"""
import os

import numpy as np

from ._config import config
from ._stats import count_event

AXIS = "devices"          # the mesh axis name
_state = {}          # "mesh": the Mesh or None; "plans": shape -> placement plan


def _reset():
    """Forget the mesh and placement plans (sharding settings changed)."""
    _state.clear()


def _jax():
    from ._backends import device  # noqa: F401  (x64, distributed start-up)
    import jax
    return jax


def device_count():
    """Devices the mesh spans (all processes' devices in a multi-process run)."""
    return _jax().device_count()


def mesh(force=False):
    """The 1-D mesh of all devices when arrays are placed on it ("auto", or `force` for an
    explicit shard/replicate), else None. One device gives None: nothing to place."""
    m = _state.get("mesh", False)
    if m is False or (m is None and force):
        m = None
        if config.sharding == "auto" or force:
            jax = _jax()
            n = jax.device_count()
            if n > 1:
                m = jax.make_mesh((n,), (AXIS,),
                                  axis_types=(jax.sharding.AxisType.Auto,))
        if m is not None or not force:
            _state["mesh"] = m
    return m


def active():
    """Device arrays are placed on a mesh (auto sharding, or an explicit shard/replicate
    made one)."""
    m = _state.get("mesh", False)
    if m is False:
        m = mesh()
    return m is not None


def named(spec):
    """NamedSharding on the active mesh with this PartitionSpec tuple."""
    return _named(spec)


def _named(spec):
    from jax.sharding import NamedSharding, PartitionSpec
    return NamedSharding(_state["mesh"], PartitionSpec(*spec))


def plan(shape, axis=None, split=None):
    """(sharding, padded shape or None) for an array of `shape` on the active mesh, None
    when there is no mesh. axis: split along this axis (explicit `shard`); split: force the
    decision to split (True) or replicate (False) regardless of the size threshold."""
    m = _state.get("mesh")
    if m is None:
        return None
    key = (shape, axis, split)
    plans = _state.setdefault("plans", {})
    hit = plans.get(key)
    if hit is not None:
        return hit
    n = m.devices.size
    size = int(np.prod(shape, dtype=np.int64))
    ndim = len(shape)
    if split is None:
        split = ndim > 0 and size >= max(config.shard_threshold, 1) and size > 0
    padded = None
    if not split or ndim == 0 or size == 0:
        spec = ()
    else:
        if axis is None:
            even = [d for d in range(ndim) if shape[d] % n == 0]
            axis = max(even, key=lambda d: (shape[d], -d)) if even else \
                max(range(ndim), key=lambda d: (shape[d], -d))
        if shape[axis] % n:
            padded = tuple(-(-s // n) * n if d == axis else s for d, s in enumerate(shape))
        spec = (None,) * axis + (AXIS,)
    hit = plans[key] = (_named(spec), padded)
    return hit


def blockwise(fn, spec, statics):
    """A recorded device call running `fn(block, *statics)` on each device's block of an
    array split by `spec` (jax.shard_map), for operations XLA's partitioner would otherwise
    run whole on every device. Cached per (fn, spec, statics): one compilation each."""
    key = ("blockwise", fn, spec, statics)
    hit = _state.get(key)
    if hit is None:
        jax = _jax()
        from jax.sharding import PartitionSpec
        from ._backends.device import recorded
        mapped = jax.shard_map(lambda x: fn(x, *statics), mesh=_state["mesh"],
                               in_specs=PartitionSpec(*spec), out_specs=PartitionSpec(*spec))
        hit = _state[key] = recorded(mapped, f"blockwise.{fn.__name__}")
    return hit


def replicated():
    return _named(())


# ---- placing values ---------------------------------------------------------------------------
def put(host, sharding):
    """A jax.Array of the NumPy array `host` with `sharding`. In a multi-process run every
    process holds the same host value (the same script on the same data) and gives its own
    devices' pieces."""
    jax = _jax()
    if jax.process_count() > 1:
        return jax.make_array_from_callback(host.shape, sharding, lambda idx: host[idx])
    return jax.device_put(host, sharding)


def place_host(host, allow_pad=True):
    """A device buffer for the NumPy array `host` on the active mesh: a jax.Array, or the
    lazy "unpad" node of a padded one (uneven split, lazy tier only)."""
    sharding, padded = plan(tuple(host.shape))
    if not sharding.spec and padded is None:
        return put_small(host)
    if padded is not None:
        if not (allow_pad and config.lazy):
            count_event("sharding_replicated")
            return put(host, replicated())
        count_event("sharding_padded")
        phys = np.zeros(padded, host.dtype)
        phys[tuple(slice(0, s) for s in host.shape)] = host
        from ._backends.lazy import unpadded
        return unpadded(put(phys, sharding), tuple(host.shape))
    count_event("sharding_split")
    return put(host, sharding)


def put_small(host):
    """A device array below the threshold: one device, uncommitted, so it joins any
    computation (a split one moves it there) without every device repeating its work. In
    a multi-process run it is a global array, replicated."""
    jax = _jax()
    if jax.process_count() > 1:
        count_event("sharding_replicated")
        return put(host, replicated())
    return jax.device_put(host)


def place_value(value, axis=None, split=None):
    """`value` (a concrete jax.Array) moved to its placement on the active mesh (a lazy
    "unpad" node when the split is uneven)."""
    jax = _jax()
    sharding, padded = plan(tuple(value.shape), axis, split)
    if padded is not None:
        if not config.lazy:
            return jax.device_put(value, replicated())
        from ._backends.lazy import pad_to, unpadded
        return unpadded(pad_to(value, padded, sharding), tuple(value.shape))
    return jax.device_put(value, sharding)


# ---- public helpers -----------------------------------------------------------------------------
def _device_array(x):
    """(npjax array on the device tier, its current value as a concrete jax.Array)."""
    from ._array import ndarray
    from ._backends import device
    if type(x) is not ndarray or x._on_host:
        host = np.asarray(x)
        x = ndarray._new(device.to_device(host))
    buf = x._value()
    return x, device.concrete(buf)


def shard(x, axis=None):
    """A copy of `x` on the device, split over all devices along `axis` (default: the
    largest axis the device count divides, else the largest axis, padded). With one device
    it is a plain device copy. The values and shape are `x`'s; only placement changes."""
    from ._array import ndarray
    x, value = _device_array(x)
    if axis is not None:
        axis = int(axis)
        if not -value.ndim <= axis < value.ndim:
            raise np.exceptions.AxisError(axis, value.ndim)
        axis %= value.ndim
    if mesh(force=True) is None:
        return ndarray._new(value)
    out = place_value(value, axis, split=value.ndim > 0 and value.size > 0)
    return ndarray._new(out)


def replicate(x):
    """A copy of `x` on the device with a full copy on every device."""
    from ._array import ndarray
    x, value = _device_array(x)
    if mesh(force=True) is None:
        return ndarray._new(value)
    return ndarray._new(_jax().device_put(value, replicated()))


def _stored_buffer(x):
    """The jax.Array an npjax device array is stored in (the padded one of an uneven split),
    None for host arrays."""
    from ._array import ndarray
    from ._backends.lazy import Lazy, physical
    if type(x) is not ndarray or x._on_host:
        return None
    buf = x._value()
    return physical(buf) if type(buf) is Lazy else buf


def sharding_of(x):
    """The jax Sharding of the buffer behind an npjax array (for a padded split, the padded
    buffer's); None for host arrays."""
    buf = _stored_buffer(x)
    return None if buf is None else buf.sharding


def visualize_sharding(x, **kwargs):
    """Print which device holds which part of `x` (`jax.debug.visualize_array_sharding`:
    1-D and 2-D arrays). Host arrays print that they live on the host."""
    buf = _stored_buffer(x)
    if buf is None:
        print("host (NumPy) array: not on a device")
        return
    _jax().debug.visualize_array_sharding(buf, **kwargs)


def info():
    """Sharding section of `npjax.stats()`: the mode, devices, processes and placements."""
    import sys
    out = {"mode": config.sharding, "threshold": config.shard_threshold}
    if "npjax._backends.device" in sys.modules:
        import jax
        out["devices"] = jax.device_count()
        out["processes"] = jax.process_count()
        m = _state.get("mesh")
        out["mesh"] = None if not m else dict(m.shape)
    return out


# ---- multi-process start-up ---------------------------------------------------------------------
ENV_COORDINATOR = "NPJAX_COORDINATOR"
ENV_NUM_PROCESSES = "NPJAX_NUM_PROCESSES"
ENV_PROCESS_ID = "NPJAX_PROCESS_ID"
ENV_DISTRIBUTED = "NPJAX_DISTRIBUTED"


def initialize_distributed():
    """Start JAX's distributed runtime when the environment asks for it, before JAX's
    backends start (the device tier calls this first):
    - NPJAX_COORDINATOR=host:port, NPJAX_NUM_PROCESSES, NPJAX_PROCESS_ID: this process's
      place in an explicit group (`python -m npjax run --processes N` sets them);
    - NPJAX_DISTRIBUTED=1: `jax.distributed.initialize()` with JAX's own cluster detection
      (SLURM, Open MPI, Kubernetes...), for real clusters.
    Returns True when a distributed run was started."""
    import jax
    coordinator = os.environ.get(ENV_COORDINATOR)
    if coordinator:
        jax.distributed.initialize(coordinator_address=coordinator,
                                   num_processes=int(os.environ[ENV_NUM_PROCESSES]),
                                   process_id=int(os.environ[ENV_PROCESS_ID]))
    elif os.environ.get(ENV_DISTRIBUTED, "").lower() in ("1", "true", "yes"):
        jax.distributed.initialize()
    else:
        return False
    _connect_quietly()
    return True


def _connect_quietly():
    """Connect the processes' collectives now: the CPU collectives library announces its
    connection on the C-level standard output at the first collective, which would land in
    the middle of the script's own output."""
    import sys
    from jax.experimental import multihost_utils
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        multihost_utils.sync_global_devices("npjax start")
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
