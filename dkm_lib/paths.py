"""Where data, shipped checkpoints and results live.

In a source checkout everything is relative to the repository root, so notebooks in
``notebooks/ko`` and ``notebooks/en`` share one copy of MNIST. A pip-installed library
keeps data under ``~/.cache/dkm_lib``. ``DKM_DATA`` overrides the data folder.
"""
from __future__ import annotations

import os
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
