"""Input and output, and printing. Printing is NumPy's own: npjax arrays are shown through
their host value, so output is byte-identical to NumPy's."""
import numpy as np

from .._dispatch import function
from .creation import _created, _place

save = function("save", np.save, None, arrays=(1,), prefer_host=True)
savez = function("savez", np.savez, None, prefer_host=True)
savez_compressed = function("savez_compressed", np.savez_compressed, None, prefer_host=True)
savetxt = function("savetxt", np.savetxt, None, arrays=(1,), prefer_host=True)

# printing: NumPy formats the host value; options are NumPy's global print options
array2string = function("array2string", np.array2string, None, prefer_host=True)
array_repr = function("array_repr", np.array_repr, None, prefer_host=True)
array_str = function("array_str", np.array_str, None, prefer_host=True)
set_printoptions = np.set_printoptions
get_printoptions = np.get_printoptions
printoptions = np.printoptions
format_float_positional = np.format_float_positional
format_float_scientific = np.format_float_scientific
base_repr = np.base_repr
binary_repr = np.binary_repr


class NpzFile:
    """numpy.lib.npyio.NpzFile whose arrays come back as npjax arrays."""

    def __init__(self, npz):
        self._npz = npz

    def __getitem__(self, key):
        return _place(self._npz[key])

    def __getattr__(self, name):
        return getattr(self._npz, name)

    def __iter__(self):
        return iter(self._npz)

    def __len__(self):
        return len(self._npz)

    def __contains__(self, key):
        return key in self._npz

    def keys(self):
        return self._npz.keys()

    def values(self):
        return [self[k] for k in self._npz.keys()]

    def items(self):
        return [(k, self[k]) for k in self._npz.keys()]

    def close(self):
        self._npz.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return repr(self._npz)


def load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding="ASCII", *,
         max_header_size=10000):
    """numpy.load: .npy gives an npjax array, .npz an NpzFile of npjax arrays."""
    res = np.load(file, mmap_mode=mmap_mode, allow_pickle=allow_pickle,
                  fix_imports=fix_imports, encoding=encoding, max_header_size=max_header_size)
    if isinstance(res, np.lib.npyio.NpzFile):
        return NpzFile(res)
    if type(res) is np.ndarray:
        return _place(res)
    return res


load.__module__ = "npjax"
load.__wrapped__ = np.load
load._npjax_impl = "native"
