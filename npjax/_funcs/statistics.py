"""Statistics and reductions: order statistics, averages and variances,
correlating, histograms; logic reductions."""
import numpy as np

from .._dispatch import function


all = function('all', np.all, 'all')
any = function('any', np.any, 'any')
amax = function('amax', np.amax, 'amax')
amin = function('amin', np.amin, 'amin')
max = function('max', np.max, 'max')
min = function('min', np.min, 'min')
ptp = function('ptp', np.ptp, 'ptp')
# a where= mask of zeros (the default stand-ins) would make the probe warn "empty slice"


def _dtype_arg(args, kwargs):
    dt = kwargs.get("dtype", args[2] if len(args) > 2 else None)
    return None if dt is None else np.dtype(dt)


def _no_bool_dtype(args, kwargs):
    dt = _dtype_arg(args, kwargs)
    if dt is not None and dt.kind == "b":
        return "dtype=bool (jax.numpy does not accumulate in bool)"
    return None


def _inexact_dtype(args, kwargs):
    dt = _dtype_arg(args, kwargs)
    if dt is not None and dt.kind in "biu":
        return f"dtype={dt.name} (jax.numpy's std accumulates only in inexact dtypes)"
    return None


mean = function('mean', np.mean, 'mean', accum_dtype=True, probe_fill=1,
                supports=_no_bool_dtype)
std = function('std', np.std, 'std', accum_dtype=True, probe_fill=1, supports=_inexact_dtype)
var = function('var', np.var, 'var', accum_dtype=True, probe_fill=1, supports=_no_bool_dtype)
# weights of zeros (the default stand-ins) make NumPy raise ZeroDivisionError
average = function('average', np.average, 'average', probe_fill=1)
# NumPy partitions where JAX sorts: 10x+ faster on the host (benchmarks: statistics)
median = function('median', np.median, 'median', prefer_host=True)
percentile = function('percentile', np.percentile, 'percentile', prefer_host=True)
quantile = function('quantile', np.quantile, 'quantile', prefer_host=True)
nanmedian = function('nanmedian', np.nanmedian, 'nanmedian', prefer_host=True)
nanpercentile = function('nanpercentile', np.nanpercentile, 'nanpercentile', prefer_host=True)
nanquantile = function('nanquantile', np.nanquantile, 'nanquantile', prefer_host=True)
nanmax = function('nanmax', np.nanmax, 'nanmax')
nanmin = function('nanmin', np.nanmin, 'nanmin')
nanmean = function('nanmean', np.nanmean, 'nanmean', accum_dtype=True)
nanstd = function('nanstd', np.nanstd, 'nanstd', accum_dtype=True)
nanvar = function('nanvar', np.nanvar, 'nanvar', accum_dtype=True)
count_nonzero = function('count_nonzero', np.count_nonzero, 'count_nonzero')
corrcoef = function('corrcoef', np.corrcoef, 'corrcoef', arrays=(0, 1))
cov = function('cov', np.cov, 'cov', arrays=(0, 1, 4, 5))
histogram = function('histogram', np.histogram, 'histogram', prefer_host=True)
histogram2d = function('histogram2d', np.histogram2d, 'histogram2d', prefer_host=True)
histogramdd = function('histogramdd', np.histogramdd, 'histogramdd', prefer_host=True)
histogram_bin_edges = function('histogram_bin_edges', np.histogram_bin_edges, 'histogram_bin_edges', prefer_host=True)
bincount = function('bincount', np.bincount, 'bincount', prefer_host=True)
digitize = function('digitize', np.digitize, 'digitize', arrays=(0, 1))
