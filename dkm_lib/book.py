"""Helpers the book's notebooks share: one setup call, the run profile, and load-or-train.

``quick`` (the default on a CPU) loads heavy results from ``checkpoints/`` and ``results/`` so
every chapter runs in a minute or two; ``full`` (``DKM_PROFILE=full``, the default on a GPU)
trains them again.
"""
from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np
import torch

from . import paths, plots
from .model import DeepKMeans
from .train import PRESETS, TrainConfig, load_checkpoint, read_checkpoint, train

REPO_URL = "https://github.com/dkm-book/deep-kmeans-book"


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


class Table:
    """Rows of strings shown as a real table: HTML in Jupyter and the book, aligned text elsewhere.

    (A Markdown table in a cell's output is not rendered as a table by the book.)
    """

    def __init__(self, header: list[str], rows: list[list[str]]):
        if any(len(row) != len(header) for row in rows):
            raise ValueError(f"every row needs {len(header)} cells, like the header {header}")
        self.header, self.rows = [str(h) for h in header], [[str(c) for c in row] for row in rows]

    def _repr_html_(self) -> str:
        from html import escape

        head = "".join(f"<th>{escape(h)}</th>" for h in self.header)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def _repr_markdown_(self) -> str:
        lines = [self.header, ["---"] * len(self.header), *self.rows]
        return "\n".join("| " + " | ".join(line) + " |" for line in lines)

    def __repr__(self) -> str:
        widths = [max(len(line[i]) for line in [self.header, *self.rows]) for i in range(len(self.header))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip()
                         for line in [self.header, *self.rows])
