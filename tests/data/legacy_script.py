"""A legacy-style NumPy script: run with `import numpy as np`, or with npjax when the
environment variable LEGACY_NP=npjax (tests/test_legacy_script.py compares the output)."""
import os
if os.environ.get("LEGACY_NP") == "npjax":
    import npjax as np
else:
    import numpy as np

np.set_printoptions(precision=4, suppress=True)
a = np.arange(12, dtype=np.float64).reshape(3, 4)
b = np.linspace(0.0, 1.0, 4)
c = a * 2 + b - 1
print(c)
a[0, :] = -1.0
a[1:, ::2] = np.array([[7.5, 8.5], [9.5, 10.5]])
v = a[:, 1]
v *= 10
print(a)
print(repr(v), v.shape, v.dtype)
a += 1
a[a > 50] = 0
print(a[[0, 2], [1, 3]], a[np.array([True, False, True])])
i = np.arange(6)
i[::2] **= 2
print(i, i.dtype, i.sum(), i.max(), i.argmin())
s = a.sum()
m = a.mean(axis=0)
print(s, type(s).__name__, repr(s))
print(f"total={s:.3f} mean={m} std={a.std():.5f} last={a[-1, -1]}")
print(np.cumsum(i), np.sqrt(np.abs(c)).round(2))
z = np.zeros((2, 3), dtype=np.int32)
z[1] = [1, 2, 3]
print(z.T, z.T.flags.c_contiguous, (z == 2).any(), np.where(z > 1, z, -z))
print(repr(z), repr(z[1, 2]), z.tolist(), len(z), z.ndim, z.size, str(z.dtype))
w = (z * 1_000_000_000).astype(np.int32)
print(w, repr(w.sum()), np.mean(np.array([1.0, np.nan])), np.nanmean(c), bool(c[0, 0] < 0))
with np.printoptions(precision=1, sign="+"):
    print(c[::-1, 1::2], np.array([1 + 2j, -0.5j]), np.array([np.inf, -np.nan, 0.0]))
np.set_printoptions(precision=2, linewidth=40)
print(np.exp(c / 10))
print(np.array([1e-9, 1.0, 123456.789]), np.float32(1) / 3, np.int64(7) // 2)
