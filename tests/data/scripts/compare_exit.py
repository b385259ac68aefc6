"""`python -m npjax compare` fixture: exit status and an exception, differing by backend."""
import sys

import numpy as np

result = np.arange(4) * 2
if "npjax" in sys.modules:
    raise RuntimeError("only under npjax")
sys.exit(3)
