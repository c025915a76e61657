"""The tuning panel's figures: training curves and cluster results, drawn without pyplot.

They are plain ``matplotlib.figure.Figure`` objects turned into PNG bytes, so a background
training thread can draw them, and they need no ipywidgets.
"""
from __future__ import annotations

import io
import math
import struct

import numpy as np
import torch
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from . import plots
from .model import DeepKMeans


def png(fig: Figure, scale: float = 1) -> bytes:
    """``fig`` as PNG bytes, cropped to what it draws, with ``scale`` times its pixels (2 for a 2x screen)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=fig.dpi * scale)
    return buf.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels of PNG ``data``, from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG: the data does not start with the PNG signature.")
    return struct.unpack(">II", data[16:24])


# Each picture is narrow enough to fill a phone's column at a readable size (about 0.8 of its size), and two sit
# side by side on a laptop (the widgets lay them out: dkm_lib.widgets._figures).
WIDTH = 4.5   # inches


def _whole_epochs(ax) -> None:
    """Epochs are whole numbers (a short run would show 1.2, 1.4, ...)."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def curve_figures(history: dict) -> list[Figure]:
    """Training loss, then validation ACC and NMI, per epoch of a run in progress: two pictures."""
    loss, scores = Figure(figsize=(WIDTH, 2.6)), Figure(figsize=(WIDTH, 2.6))
    ax = loss.subplots()
    ax.plot(history["epoch"], history["loss"], marker="o", ms=3)
    ax.set(xlabel=plots.t("epoch"), ylabel=plots.t("loss"))
    _whole_epochs(ax)
    ax = scores.subplots()
    evals = history["eval"]
    x = [e["epoch"] for e in evals]
    ax.plot(x, [e["acc"] for e in evals], marker="o", ms=3, label="ACC")
    ax.plot(x, [e["nmi"] for e in evals], marker="s", ms=3, label="NMI")
    ax.set(xlabel=plots.t("epoch"), ylabel=plots.t("val_score"), ylim=(0, 1))
    ax.legend(loc="lower right")
    _whole_epochs(ax)
    for fig in (loss, scores):
        fig.tight_layout()
    return [loss, scores]


def result_figures(model: DeepKMeans, labels: np.ndarray, predictions: np.ndarray) -> list[Figure]:
    """Cluster sizes, decoded centroids and the matched confusion matrix of ``model``: three pictures."""
    k = model.n_clusters
    sizes, centres, confusion = (Figure(figsize=(WIDTH, 2.8)), Figure(figsize=(WIDTH, 2.3)),
                                 Figure(figsize=(WIDTH, 4.4)))
    plots.plot_cluster_sizes(predictions, k, ax=sizes.subplots())
    with torch.no_grad():
        prototypes = model.decoder(model.centroids)
    plots.image_grid(prototypes, rows=2, cols=math.ceil(k / 2), ax=centres.subplots(), title=plots.t("centroids"))
    plots.plot_confusion(labels, predictions, ax=confusion.subplots())
    for fig in (sizes, centres, confusion):
        fig.tight_layout()
    return [sizes, centres, confusion]
