"""Input and output, and printing. Printing is NumPy's own: npjax arrays are shown through
their host value, so output is byte-identical to NumPy's."""
import numpy as np

from .._dispatch import function

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
