"""A package of the user's project; imports inside a function count too."""


def solver_module():
    from numpy import linalg
    from scipy import linalg as sla
    return linalg.__name__, sla.__name__
