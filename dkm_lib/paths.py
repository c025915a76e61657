"""Where data, shipped checkpoints and results live.

In a source checkout everything is relative to the repository root, so notebooks in
``notebooks/ko`` and ``notebooks/en`` share one copy of MNIST. A pip-installed library
keeps data under ``~/.cache/dkm_lib``. ``DKM_DATA`` overrides the data folder.
"""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
IN_CHECKOUT = (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "notebooks").is_dir()

CHECKPOINTS = REPO_ROOT / "checkpoints"
RESULTS = REPO_ROOT / "results"


def data_root() -> Path:
    """The default MNIST folder: ``$DKM_DATA``, else ``<repo>/data``, else ``~/.cache/dkm_lib/data``."""
    if os.environ.get("DKM_DATA"):
        return Path(os.environ["DKM_DATA"]).expanduser()
    if IN_CHECKOUT:
        return REPO_ROOT / "data"
    return Path.home() / ".cache" / "dkm_lib" / "data"


def atomic_write(path: str | Path, write) -> None:
    """``write(tmp)`` into a sibling temporary file, then rename it over ``path``.

    A crash or a reader at the wrong moment never sees half a file, and two processes writing the same file (two
    test workers caching MNIST) each rename a whole file of their own. ``write`` gets the temporary ``Path``
    (e.g. ``lambda tmp: torch.save(blob, tmp)``); a write that fails leaves no temporary file behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        write(tmp)
        with open(tmp, "rb+") as written:   # on disk before the rename, so a power cut cannot leave an empty file
            os.fsync(written.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes: which file a record started from (an autoencoder checkpoint)."""
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_json(path: str | Path, value) -> None:
    """``value`` as indented JSON (Unicode kept readable), written atomically."""
    import json

    atomic_write(path, lambda tmp: tmp.write_text(json.dumps(value, indent=1, ensure_ascii=False)))


def replace_between(path: Path, start: str, end: str, text: str) -> None:
    """Put ``text`` between the markers ``start`` and ``end`` in the file ``path`` (the README's generated tables)."""
    old = path.read_text()
    if old.count(start) != 1 or old.count(end) != 1:
        raise ValueError(f"{path} needs the markers {start} and {end} once each, around the generated table.")
    head, rest = old.split(start)
    _, tail = rest.split(end)
    atomic_write(path, lambda tmp: tmp.write_text(f"{head}{start}\n{text}{end}{tail}"))


def make_writable_folder(folder: Path) -> None:
    """Create ``folder`` if need be and write a file of its own in it, so that a folder no one can write into is
    found before any work; raises OSError. (Its own file: torchrun's processes check at once.)"""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=folder):
        pass


def relative(path: str | Path) -> str:
    """``path`` relative to the repository when inside it (records must not hold this machine's paths), else absolute
    (relative to the working directory, it would name another folder when read from elsewhere)."""
    if not str(path):
        return ""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(REPO_ROOT))
    except ValueError:
        return str(resolved)
