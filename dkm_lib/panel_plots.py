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


def curve_figure(history: dict) -> Figure:
    """Training loss (left) and validation ACC/NMI (right) per epoch of a run in progress."""
    fig = Figure(figsize=(9, 2.6))
    ax1, ax2 = fig.subplots(1, 2)
    ax1.plot(np.array(history["epoch"]) + 1, history["loss"], marker="o", ms=3)
    ax1.set(xlabel=plots.t("epoch"), ylabel=plots.t("loss"))
    evals = history["eval"]
    x = [e["epoch"] + 1 for e in evals]
    ax2.plot(x, [e["acc"] for e in evals], marker="o", ms=3, label="ACC")
    ax2.plot(x, [e["nmi"] for e in evals], marker="s", ms=3, label="NMI")
    ax2.set(xlabel=plots.t("epoch"), ylim=(0, 1))
    ax2.legend(loc="lower right")
    for ax in (ax1, ax2):   # epochs are whole numbers (a short run would show 1.2, 1.4, ...)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return fig


def result_figure(model: DeepKMeans, labels: np.ndarray, predictions: np.ndarray) -> Figure:
    """Cluster sizes, decoded centroids and the matched confusion matrix of ``model`` on the validation images."""
    k = model.n_clusters
    # two rows as wide as the curves above: one row of three was unreadable at the width of a page
    fig = Figure(figsize=(9, 7.4))
    grid = fig.add_gridspec(2, 2, height_ratios=[1, 1.6])
    sizes, centres, confusion = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])
    plots.plot_cluster_sizes(predictions, k, ax=sizes)
    with torch.no_grad():
        prototypes = model.decoder(model.centroids)
    plots.image_grid(prototypes, rows=2, cols=math.ceil(k / 2), ax=centres, title=plots.t("centroids"))
    plots.plot_confusion(labels, predictions, ax=confusion)
    fig.tight_layout()
    return fig
