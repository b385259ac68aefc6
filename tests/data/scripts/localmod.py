"""A helper module of the user's project: its NumPy import is the user's too."""
import numpy


def backend():
    return numpy.__name__


def doubled(values):
    return numpy.asarray(values) * 2
