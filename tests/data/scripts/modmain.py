"""`python -m npjax run -m modmain` fixture."""
import sys

import numpy as np

import localmod

print(np.__name__, localmod.backend(), __name__, sys.argv[0].endswith("modmain.py"), sys.argv[1:])
