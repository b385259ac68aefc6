"""Implementations, one module per section of NumPy's reference documentation."""
from .creation import *  # noqa: F401,F403
from .manipulation import *  # noqa: F401,F403
from .indexing import *  # noqa: F401,F403
from .math import *  # noqa: F401,F403
from .statistics import *  # noqa: F401,F403
from .sorting import *  # noqa: F401,F403
from .logic import *  # noqa: F401,F403
from .setops import *  # noqa: F401,F403
from .polynomial import *  # noqa: F401,F403
from .io import *  # noqa: F401,F403
from .utils import *  # noqa: F401,F403
