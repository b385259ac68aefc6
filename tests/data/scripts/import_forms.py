"""`python -m npjax run` fixture: NumPy/SciPy imports in every form, a local helper module
and package (npjax), a library (real NumPy), argv, __name__, exit status, exceptions."""
import os
import sys

import numpy
import numpy as np
import numpy.linalg
import numpy.random as npr
from numpy import arange, fft as npfft
from numpy.linalg import norm
from numpy.random import default_rng
import numpy.polynomial.polynomial as P
import scipy.special
from scipy import optimize
from scipy.linalg import solve
import scipy.io as sio                             # not served by npjax.scipy: real SciPy
import importlib

import localmod
import localpkg

sys.path.append(os.path.join(os.path.dirname(__file__), "site-packages"))
import thirdparty_np                               # noqa: E402  a "library"


def late():
    import numpy as np_inside                      # an import inside a function
    return np_inside.__name__


print("forms", numpy.__name__, np.__name__, numpy.linalg.__name__, npr.__name__,
      npfft.__name__, norm.__module__.split(".")[0], default_rng.__module__.split(".")[0],
      P.__name__, scipy.special.__name__, optimize.__name__, solve.__module__.split(".")[0])
print("local", localmod.backend(), *localpkg.solver_module(), late())
print("library", thirdparty_np.np.__name__, type(thirdparty_np.make()).__module__,
      sio.__name__)
print("not statements", importlib.import_module("numpy").__name__,
      __import__("numpy", globals(), None, (), 0).__name__)
# no module of an installed library holds npjax in place of NumPy
leaked = sorted(name for name, mod in list(sys.modules.items())
                if "site-packages" in (getattr(mod, "__file__", None) or "")
                and not name.startswith("npjax")
                and any(getattr(getattr(mod, attr, None), "__name__", "").startswith("npjax")
                        for attr in ("np", "numpy")))
print("leaked", leaked)
print("values", float(arange(5.0).sum()), list(localmod.doubled([1, 2])),
      float(norm(np.array([3.0, 4.0]))))
print("main", __name__, sys.argv[1:], sys.path[0] == os.path.dirname(os.path.abspath(__file__)),
      os.path.basename(sys.argv[0]), __file__ == os.path.abspath(__file__))

if sys.argv[1:2] == ["fail"]:
    def explode():
        raise ValueError("boom from the script")
    explode()
sys.exit(int(sys.argv[1]) if sys.argv[1:] and sys.argv[1].isdigit() else 0)
