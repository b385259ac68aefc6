"""File I/O: files npjax writes are NumPy's files, and npjax reads what NumPy wrote."""
import io

import numpy
import pytest

import npjax
from conftest import assert_same

DATA = [numpy.arange(12.0).reshape(3, 4), numpy.array([1, -2, 3], dtype=numpy.int8),
        numpy.array([[1 + 2j, 3 - 1j]]), numpy.array(True), numpy.zeros((0, 3))]


@pytest.mark.parametrize("ref", DATA, ids=lambda a: f"{a.dtype}{a.shape}")
def test_npy_round_trip_both_ways(tier, tmp_path, ref):
    mine = npjax.array(ref)
    npjax.save(tmp_path / "mine.npy", mine)
    assert_same(ref, npjax.asarray(numpy.load(tmp_path / "mine.npy")))
    numpy.save(tmp_path / "ref.npy", ref)
    assert_same(ref, npjax.load(tmp_path / "ref.npy"))


def test_npz_round_trip(tier, tmp_path):
    a, b = npjax.arange(6).reshape(2, 3), npjax.linspace(0, 1, 5)
    npjax.savez(tmp_path / "x.npz", a=a, b=b)
    npjax.savez_compressed(tmp_path / "y.npz", a, b)
    with numpy.load(tmp_path / "x.npz") as ref:
        assert_same(ref["a"], a)
        assert_same(ref["b"], b)
    with npjax.load(tmp_path / "y.npz") as mine:
        assert sorted(mine.keys()) == ["arr_0", "arr_1"]
        assert_same(numpy.arange(6).reshape(2, 3), mine["arr_0"])
        assert_same(numpy.linspace(0, 1, 5), mine["arr_1"])


def test_load_refuses_pickles_by_default(tmp_path):
    numpy.save(tmp_path / "obj.npy", numpy.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError):
        npjax.load(tmp_path / "obj.npy")
    assert npjax.load(tmp_path / "obj.npy", allow_pickle=True)[0] == {"a": 1}


def test_text_round_trip(tier, tmp_path):
    ref = numpy.arange(6.0).reshape(2, 3) / 3
    npjax.savetxt(tmp_path / "a.txt", npjax.array(ref), fmt="%.6f", delimiter=",")
    numpy.savetxt(tmp_path / "b.txt", ref, fmt="%.6f", delimiter=",")
    assert (tmp_path / "a.txt").read_text() == (tmp_path / "b.txt").read_text()
    assert_same(numpy.loadtxt(tmp_path / "b.txt", delimiter=","),
                npjax.loadtxt(tmp_path / "a.txt", delimiter=","))
    assert_same(numpy.genfromtxt(tmp_path / "b.txt", delimiter=","),
                npjax.genfromtxt(tmp_path / "a.txt", delimiter=","))


def test_tofile_fromfile_frombuffer_fromstring(tier, tmp_path):
    ref = numpy.arange(10, dtype=numpy.int32)
    npjax.array(ref).tofile(tmp_path / "raw.bin")
    assert_same(numpy.fromfile(tmp_path / "raw.bin", dtype=numpy.int32),
                npjax.fromfile(tmp_path / "raw.bin", dtype=numpy.int32))
    assert_same(numpy.frombuffer(ref.tobytes(), dtype=numpy.int32),
                npjax.frombuffer(npjax.array(ref).tobytes(), dtype=numpy.int32))
    assert_same(numpy.fromstring("1 2 3", sep=" "), npjax.fromstring("1 2 3", sep=" "))


def test_save_to_file_object(tier):
    buf = io.BytesIO()
    npjax.save(buf, npjax.arange(4.0))
    buf.seek(0)
    assert_same(numpy.arange(4.0), npjax.asarray(numpy.load(buf)))
