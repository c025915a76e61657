"""Fashion-MNIST, the other data chapter 8 invites readers to try: read like MNIST, checked, trainable as it is.

Needs Debian's ``dataset-fashion-mnist`` (``make fashion`` installs it; ``make test`` does so first).
"""
import gzip
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from scipy.optimize import linear_sum_assignment

from dkm_lib import TrainConfig, load_fashion_mnist, train
from dkm_lib import data
from dkm_lib.data import FASHION_MNIST_DEBIAN, FASHION_MNIST_MD5, DataError


@pytest.fixture(scope="module")
def packaged() -> dict:
    """The four files already on this machine (data/FashionMNIST/raw or Debian's package), by name."""
    from dkm_lib.paths import data_root

    files = data._fashion_files(data_root() / "FashionMNIST" / "raw") or data._fashion_files(FASHION_MNIST_DEBIAN)
    if files is None:
        pytest.fail("Fashion-MNIST is not on this machine: run `make fashion` (Debian's dataset-fashion-mnist), "
                    "or put its four files in data/FashionMNIST/raw")
    return files


def uncompressed(path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def test_read_like_mnist_with_its_own_labels(packaged, tmp_path):
    (tx, ty), (sx, sy) = load_fashion_mnist(tmp_path), load_fashion_mnist(tmp_path, train=False)
    assert tx.shape == (60000, 1, 28, 28) and sx.shape == (10000, 1, 28, 28)
    assert tx.dtype == torch.float32 and ty.dtype == torch.int64 and float(tx.min()) == 0 and float(tx.max()) == 1
    assert torch.bincount(ty).tolist() == [6000] * 10 and torch.bincount(sy).tolist() == [1000] * 10
    assert ty[:10].tolist() == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]   # ankle boot, T-shirt, T-shirt, dress, ...
    assert data.FASHION_MNIST_CLASSES[9] == "Ankle boot" and len(data.FASHION_MNIST_CLASSES) == 10


def test_values_equal_torchvision_reading_the_same_files(packaged, tmp_path):
    import torchvision
    from torchvision import transforms

    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for name in FASHION_MNIST_MD5:   # torchvision reads the uncompressed files
        (raw / name).write_bytes(uncompressed(packaged[name]))
    ds = torchvision.datasets.FashionMNIST(str(tmp_path), train=False, transform=transforms.ToTensor())
    images, labels = load_fashion_mnist(tmp_path, train=False)   # the plain files in root/FashionMNIST/raw
    idx = [0, 1, 4242, 9999]
    assert torch.equal(images[idx], torch.stack([ds[i][0] for i in idx]))
    assert labels[idx].tolist() == [ds[i][1] for i in idx]


def test_a_changed_file_is_refused_with_what_to_do(packaged, tmp_path):
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for name in FASHION_MNIST_MD5:
        shutil.copy(packaged[name], raw / packaged[name].name)
    labels = uncompressed(packaged["t10k-labels-idx1-ubyte"])
    changed = raw / packaged["t10k-labels-idx1-ubyte"].name
    changed.write_bytes(gzip.compress(labels[:-1] + bytes([(labels[-1] + 1) % 10])))
    with pytest.raises(DataError, match=r"t10k-labels-idx1-ubyte(.gz)? is not the expected file .*delete it"):
        load_fashion_mnist(tmp_path)


def test_a_download_lands_in_the_data_folder_and_is_read_from_there(packaged, tmp_path, monkeypatch):
    """Colab's path: no local copy, torchvision downloads into root/FashionMNIST/raw (here: copies the files)."""
    import torchvision

    calls = []

    def download(root, train, download):
        calls.append((root, train, download))
        raw = Path(root) / "FashionMNIST" / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        for name in FASHION_MNIST_MD5:
            (raw / name).write_bytes(uncompressed(packaged[name]))

    monkeypatch.setattr(data, "FASHION_MNIST_DEBIAN", tmp_path / "not-installed")
    monkeypatch.setattr(torchvision.datasets, "FashionMNIST", download)
    images, labels = load_fashion_mnist(tmp_path / "data", train=False)
    assert calls == [(str(tmp_path / "data"), True, True), (str(tmp_path / "data"), False, True)]
    assert images.shape == (10000, 1, 28, 28) and labels[:5].tolist() == [9, 2, 1, 1, 6]


def test_without_any_source_says_how_to_get_it(tmp_path, monkeypatch):
    import torchvision

    def offline(*args, **kwargs):
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz: no network")

    monkeypatch.setattr(data, "FASHION_MNIST_DEBIAN", tmp_path / "not-installed")
    monkeypatch.setattr(torchvision.datasets, "FashionMNIST", offline)
    with pytest.raises(DataError, match=r"no network.*apt-get install dataset-fashion-mnist.*FashionMNIST/raw"):
        load_fashion_mnist(tmp_path)
    with pytest.raises(ValueError, match="train must be True"):
        load_fashion_mnist(tmp_path, train="test")
    with pytest.raises(ValueError, match=r"load_fashion_mnist\(train=True\)"):
        load_fashion_mnist(True)


def test_train_takes_it_as_data_and_clusters_clothes(packaged):
    """Chapter 8's suggestion, shortened: 4 epochs on 5,000 images (test ACC 0.43 here; ten classes: chance 0.1)."""
    data_ = (*load_fashion_mnist(), *load_fashion_mnist(train=False))
    config = TrainConfig(epochs=4, pretrain_epochs=3, final_relu=False, rec_loss="bce", init="kmeans",
                         fixed_assign_epochs=1, lam=0.05, t1=0, t2=1, select="last", train_size=5000, eval_every=0)
    torch.manual_seed(0)
    _, history = train(config, data=data_)
    final = history["eval"][-1]
    assert final["split"] == "test" and final["clusters_used"] == 10
    assert 0.3 < final["acc"] < 0.8 and np.isfinite(history["loss"]).all(), final


def test_chapter_8s_fashion_record_is_the_quick_recipe_on_every_seed():
    """The record chapter 8 shows (benchmarks/fashion.py): the quick recipe as it is today, seeds 0-9, all reported."""
    from dataclasses import asdict

    from dkm_lib import PRESETS
    from dkm_lib.book import results

    record = results("fashion/quick")
    assert record["config"] == json.loads(json.dumps(asdict(PRESETS["quick"]))), \
        "PRESETS['quick'] changed since the record: run `python benchmarks/fashion.py --record` again"
    assert record["seeds"] == list(range(10)) == [run["seed"] for run in record["runs"]]
    assert record["train_images"] == 10000 and record["test_images"] == 10000
    for run in record["runs"]:
        for key in ("quick", "kmeans_pixels"):
            assert 0.1 < run[key]["acc"] < 1 and 0 < run[key]["nmi"] < 1 and run[key]["clusters_used"] == 10
        counts = np.array(run["quick"]["contingency"])   # test images per [cluster, kind]: 1,000 of each kind
        assert counts.shape == (10, 10) and counts.sum(0).tolist() == [1000] * 10
        assert (counts.sum(1) > 0).sum() == run["quick"]["clusters_used"]
        rows, cols = linear_sum_assignment(-counts)   # the Hungarian matching: its diagonal is the recorded ACC
        assert counts[rows, cols].sum() / 10000 == pytest.approx(run["quick"]["acc"], abs=1e-4)
