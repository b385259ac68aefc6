"""View operations: how a view reads from its base and how a write reaches the base.

A view is (root array, chain of view ops). On the host the chain yields a real NumPy
view, so writes land by themselves. On the device buffers are immutable: a read replays
the chain, a write walks it back (each op's `write` builds the parent from the new child).
"""
import numpy as np


class Index:
    """Basic indexing: integers, slices, None, Ellipsis (validated by NumPy beforehand)."""
    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key

    def read(self, buf):
        return buf[self.key]

    def write(self, parent, child):
        return slice_write(parent, self.key, child)


def slice_write(parent, key, child):
    """`parent` with `parent[key] = child` for a basic key, as pad + select, not scatter.

    Each written axis becomes a `lax.pad` of the child (interior padding for steps, a flip
    for negative steps) and a mask padded the same way; one `where` merges. XLA fuses this
    with the computation of `child` (an in-place stencil runs ~5x faster than as a scatter),
    and it avoids the scatter JAX emits for negative steps, which XLA:CPU can fail to
    compile inside a larger graph.
    """
    from ._backends.device import jnp, lax, lazy
    written = lazy.dynamic_write(parent, key, child)
    if written is not None:
        return written
    key = key if isinstance(key, tuple) else (key,)
    n_real = sum(1 for k in key if k is not None and k is not Ellipsis)
    if Ellipsis in key:
        at = key.index(Ellipsis)
        key = key[:at] + (slice(None),) * (parent.ndim - n_real) + key[at + 1:]
    else:
        key = key + (slice(None),) * (parent.ndim - n_real)
    counts, pads, flips, axis, child_axis = [], [], [], 0, 0
    for k in key:
        if k is None:
            child_axis += 1          # a new axis of the view: size 1 in the child
            continue
        dim = parent.shape[axis]
        if isinstance(k, slice):
            start, stop, step = k.indices(dim)
            count = len(range(start, stop, step))
            if count == 0:
                return parent        # nothing is written
            if step < 0:
                flips.append(child_axis)
                start, step = start + step * (count - 1), -step
            counts.append(count)
            pads.append((start, dim - start - (count - 1) * step - 1, step - 1))
            child_axis += 1
        else:
            index = int(k) + dim if int(k) < 0 else int(k)
            counts.append(1)
            pads.append((index, dim - index - 1, 0))
        axis += 1
    if flips:
        child = jnp.flip(child, axis=tuple(flips))
    child = jnp.reshape(child, tuple(counts))
    padded = lax.pad(child, jnp.zeros((), child.dtype), pads)
    mask = lax.pad(jnp.ones(tuple(counts), bool), jnp.zeros((), bool), pads)
    return jnp.where(mask, padded, parent)


class Transpose:
    __slots__ = ("axes",)

    def __init__(self, axes):
        self.axes = tuple(axes)

    def read(self, buf):
        return buf.transpose(self.axes)

    def write(self, parent, child):
        return child.transpose(tuple(np.argsort(self.axes)))


class Reshape:
    """A reshape NumPy performs without copying (checked on the layout before use)."""
    __slots__ = ("shape",)

    def __init__(self, shape):
        self.shape = tuple(shape)

    def read(self, buf):
        if type(buf) is np.ndarray:
            return np.reshape(buf, self.shape, copy=False)
        return buf.reshape(self.shape)

    def write(self, parent, child):
        return child.reshape(parent.shape)


class Real:
    __slots__ = ()

    def read(self, buf):
        return buf.real

    def write(self, parent, child):
        from ._backends.device import lax
        return lax.complex(child.astype(parent.real.dtype), parent.imag)


class Imag:
    __slots__ = ()

    def read(self, buf):
        return buf.imag

    def write(self, parent, child):
        from ._backends.device import lax
        return lax.complex(parent.real, child.astype(parent.real.dtype))


def read_chain(buf, ops):
    for op in ops:
        buf = op.read(buf)
    return buf


def write_chain(root_buf, ops, value):
    """The new root buffer after writing `value` to the view `ops` of `root_buf`."""
    if not ops:
        return value
    parents = [root_buf]
    for op in ops[:-1]:
        parents.append(op.read(parents[-1]))
    for op, parent in zip(reversed(ops), reversed(parents)):
        value = op.write(parent, value)
    return value


def fake_layout(shape, dtype):
    """A read-only NumPy array with the strides of a C-ordered `shape` but no memory.

    Used only for view arithmetic (indexing, reshape without copy, flags, overlap) on
    device buffers; its data must never be read.
    """
    dtype = np.dtype(dtype)
    strides, step = [], dtype.itemsize
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return np.lib.stride_tricks.as_strided(
        np.zeros(1, dtype), shape=shape, strides=tuple(reversed(strides)), writeable=False)


def zero_strided(shape, dtype, writeable=False):
    """An array of `shape` whose elements all alias one zero: safe to index or to write."""
    return np.lib.stride_tricks.as_strided(
        np.zeros(1, dtype), shape=shape, strides=(0,) * len(shape), writeable=writeable)
