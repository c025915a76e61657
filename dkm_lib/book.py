"""Helpers the book's notebooks share: one setup call, the run profile, and load-or-train.

``quick`` (the default on a CPU) loads heavy results from ``checkpoints/`` and ``results/`` so
every chapter runs in a minute or two; ``full`` (``DKM_PROFILE=full``, the default on a GPU)
trains them again.
"""
from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import numpy as np
import torch

from . import paths, plots
from .model import DeepKMeans
from .train import PRESETS, TrainConfig, load_checkpoint, read_checkpoint, train



def repository() -> dict:
    """The book's repository, read from ``_config.yml`` (``repository: url, branch``), its one source.

    Returns ``{"url": ..., "slug": "owner/name", "branch": ...}``; the Colab links, the Colab install
    cell (``notebooks/build.py``) and the book's launch buttons all derive from it.
    """
    config = paths.REPO_ROOT / "_config.yml"
    if not config.is_file():
        raise FileNotFoundError(f"{config} is missing: the repository setting lives in the book's _config.yml.")
    block = re.search(r"^repository:\n((?:[ \t]+.*\n?)+)", config.read_text(), flags=re.M)
    fields = dict(re.findall(r"^[ \t]+(\w+):[ \t]*(\S+)", block.group(1), flags=re.M)) if block else {}
    if "url" not in fields:
        raise ValueError(f"{config} has no `repository: url:` setting.")
    url = fields["url"].strip("'\"").rstrip("/")
    return {"url": url, "slug": "/".join(url.split("/")[-2:]), "branch": fields.get("branch", "main").strip("'\"")}


def profile() -> str:
    """``"full"`` or ``"quick"``: ``$DKM_PROFILE`` if set, else full on a GPU and quick on a CPU."""
    value = os.environ.get("DKM_PROFILE", "").lower()
    if value in ("full", "quick"):
        return value
    return "full" if torch.cuda.is_available() else "quick"


def setup(seed: int = 0, verbose: bool = True) -> dict:
    """Seed every generator, apply the figure style, and say where we run."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    hangul = plots.use_book_style()
    info = {
        "device": "cuda" if torch.cuda.is_available() else "cpu",
        "profile": profile(),
        "language": plots.language(),
        "torch": torch.__version__.split("+")[0],
        "hangul_font": hangul,
    }
    if verbose:
        print("  ".join(f"{k}={v}" for k, v in info.items()))
    return info


def checkpoint_path(name: str) -> Path:
    """A shipped checkpoint, e.g. ``"seed"``, ``"improved"``, ``"improved_autoencoder"``."""
    path = paths.CHECKPOINTS / f"{name}.pt"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing. Run `python -m dkm_lib reproduce` to create it.")
    return path


def load_or_train(name: str, config: TrainConfig | None = None) -> tuple[DeepKMeans, dict]:
    """Load the shipped checkpoint ``name`` (quick profile) or train ``config`` again (full profile).

    Returns the model in eval mode and its training history.
    """
    if profile() == "full":
        config = config or PRESETS[name]
        out = paths.REPO_ROOT / "runs" / "book" / name
        model, history = train(TrainConfig(**{**config.__dict__, "out_dir": str(out)}))
        return model, history
    path = checkpoint_path(name)
    blob = read_checkpoint(path)
    history = {**(blob["history"] or {}), "metrics": blob["metrics"]}
    return load_checkpoint(path), history


def results(name: str = "mnist") -> dict:
    """A results table written by ``python -m dkm_lib reproduce`` or ``sweep``."""
    path = paths.RESULTS / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing. Run `python -m dkm_lib reproduce` (or `sweep`).")
    return json.loads(path.read_text())
