"""The book's figures: image grids, cluster sizes, confusion matrices, 2-D scatters, curves.

Every figure uses the style in ``dkm_lib.style`` (sizes, fonts, ko/en text); its names are
re-exported here, so a chapter needs only ``from dkm_lib import plots``.
"""
from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .metrics import cluster_to_label, contingency, matched_confusion
from .style import (  # noqa: F401  (re-exported: chapters call plots.t, plots.set_language, ...)
    COLUMN_WIDTH, DPI, FONT_SIZES, PANEL_HEIGHT, TEXT, language, set_language, subplots, t,
    use_book_style, use_inline_backend,
)


def image_grid(images, rows: int = 5, cols: int = 10, ax=None, title: str | None = None,
               row_labels: Sequence[str] | None = None, label_size: float | None = None,
               col_labels: Sequence[str] | None = None):
    """Show ``rows * cols`` images ``[N, 1, 28, 28]`` (tensor or array) as one tiled picture.

    ``row_labels`` are written left of the rows (each tile is 28 px plus a 1 px gap), ``col_labels`` under the
    columns (e.g. each column's t along a path).
    """
    images = np.asarray(images.detach().cpu() if hasattr(images, "detach") else images)[: rows * cols]
    images = images.reshape(len(images), 28, 28)
    canvas = np.ones((rows * 29 + 1, cols * 29 + 1))
    for i, img in enumerate(images):
        r, c = divmod(i, cols)
        canvas[1 + r * 29: 1 + r * 29 + 28, 1 + c * 29: 1 + c * 29 + 28] = 1 - img
    if ax is None:
        side = min(0.55, COLUMN_WIDTH / cols)
        _, ax = plt.subplots(figsize=(cols * side, rows * side + (0.3 if title else 0)))
    ax.imshow(canvas, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    for r, label in enumerate(row_labels or []):
        ax.text(-4, 14 + 29 * r, label, ha="right", va="center",
                fontsize=label_size or FONT_SIZES["ticks"])
    for c, label in enumerate(col_labels or []):
        ax.text(15 + 29 * c, rows * 29 + 4, label, ha="center", va="top",
                fontsize=label_size or FONT_SIZES["ticks"])
    return ax


def plot_alpha(alphas: Sequence[float], ax=None, t1: int | None = None, t2: int | None = None):
    """The clustering-loss weight per epoch, with T1 and T2 marked."""
    if ax is None:
        _, ax = subplots(height=2.8)
    ax.plot(range(len(alphas)), alphas)
    # Inside the axes (above them the label would meet the axis's "1e-3"), where the curve is not: T1 top right
    # of its line (the curve is still low there), T2 bottom left of its line (the ramp is already high there).
    for name, x, y, ha, va in (("T1", t1, 0.97, "left", "top"), ("T2", t2, 0.03, "right", "bottom")):
        if x is not None:
            ax.axvline(x, color="grey", ls="--", lw=1)
            ax.text(x, y, f" {name} ", transform=ax.get_xaxis_transform(), ha=ha, va=va)
    ax.set(xlabel=t("epoch"), ylabel=t("alpha"))
    ax.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    return ax


def plot_cluster_sizes(y_pred, n_clusters: int, ax=None):
    """Bar chart of how many samples each cluster received; empty clusters are marked with a red ×."""
    counts = np.bincount(np.asarray(y_pred), minlength=n_clusters)
    if ax is None:
        _, ax = subplots(height=2.8)
    ax.bar(range(n_clusters), counts, color="C0")
    empty = np.flatnonzero(counts == 0)
    ax.scatter(empty, np.zeros(len(empty)), marker="x", s=60, color="C3", zorder=3, clip_on=False)
    ax.set(xlabel=t("cluster"), ylabel=t("size"), xticks=range(n_clusters))
    return ax


def plot_confusion(y_true, y_pred, ax=None, matched: bool = True):
    """Confusion matrix of clusters (rows) against digits, rows sorted by their Hungarian-matched digit.

    ``matched=False`` keeps the clusters in their own order and outlines the cells the matching picks.
    """
    mapping = cluster_to_label(y_true, y_pred)
    if matched:
        matrix, order = matched_confusion(y_true, y_pred)
    else:
        matrix = contingency(y_true, y_pred)
        order = list(range(len(matrix)))
    if ax is None:
        _, ax = subplots(width=4.8, height=4.4)
    ax.imshow(matrix, cmap="Blues")
    ax.grid(False)
    for (i, j), v in np.ndenumerate(matrix):
        if v:
            ax.text(j, i, v, ha="center", va="center", fontsize=FONT_SIZES["small"],
                    color="white" if v > matrix.max() / 2 else "black")
    if not matched:
        for row, c in enumerate(order):
            if mapping[c] >= 0:
                ax.add_patch(plt.Rectangle((mapping[c] - 0.5, row - 0.5), 1, 1, fill=False,
                                           edgecolor="tab:orange", linewidth=2))
    ax.set_xticks(range(matrix.shape[1]))
    ax.set_yticks(range(len(order)), [f"{c}→{mapping[c]}" if mapping[c] >= 0 else f"{c}→–" for c in order])
    ax.set(xlabel=t("label"), ylabel=t("cluster"), title=t("confusion" if matched else "contingency"))
    return ax


def scatter_2d(points, labels, ax=None, title: str | None = None, s: float = 2.0, legend: bool = True):
    """2-D points coloured by integer labels (digits or clusters), tab10/tab20 colours, drawn in a shuffled order:
    label by label, the last ones drawn (8s, 9s) would hide the others where they overlap."""
    points, labels = np.asarray(points), np.asarray(labels).astype(int)
    if ax is None:
        _, ax = subplots(width=4.8, height=4.2)
    cmap = plt.get_cmap("tab10" if labels.max() < 10 else "tab20")
    order = np.random.default_rng(0).permutation(len(points))   # the same order on every call
    ax.scatter(points[order, 0], points[order, 1], s=s, color=cmap(labels[order] % cmap.N), rasterized=True)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.spines[:].set_visible(False)   # a map's axes carry no units: no ticks, no bare axis lines
    if title:
        ax.set_title(title)
    if legend:
        keys = [Line2D([], [], ls="", marker="o", markersize=4 * np.sqrt(s), color=cmap(value % cmap.N),
                       label=str(value)) for value in np.unique(labels)]
        ax.legend(handles=keys, fontsize=FONT_SIZES["ticks"], loc="center left", bbox_to_anchor=(1, 0.5),
                  frameon=False)
    return ax


def plot_band(curves: Sequence[tuple[Sequence[float], Sequence[float]]], ax, label: str, color=None):
    """Mean line and min-max band of several ``(x, y)`` curves that share their x values (both in the legend)."""
    x = np.asarray(curves[0][0])
    ys = np.array([np.asarray(y) for _, y in curves])
    line, = ax.plot(x, ys.mean(0), label=f"{label}, n={len(ys)}", color=color)
    ax.fill_between(x, ys.min(0), ys.max(0), alpha=0.2, color=line.get_color(), label=t("band"))
    return ax


def plot_cluster_usage(history: dict, ax=None):
    """Share of training samples won by each centroid per epoch: dead centroids are flat at zero."""
    sizes = np.array(history["cluster_sizes"], dtype=float)
    share = sizes / sizes.sum(1, keepdims=True)
    if ax is None:
        _, ax = subplots(height=2.8)
    ax.stackplot(history["epoch"], share.T, colors=plt.get_cmap("tab20").colors[: share.shape[1]])
    ax.set(xlabel=t("epoch"), ylabel=t("share"), ylim=(0, 1), xlim=(history["epoch"][0], history["epoch"][-1]))
    return ax


def captioned_grid(images, captions: Sequence[str], cols: int = 10, title: str | None = None,
                   colors: Sequence | None = None):
    """Images ``[N, 1, 28, 28]`` as separate tiles with a short caption above each (e.g. ``"4→9"``).

    ``image_grid`` packs tiles into one picture; use this one when every image needs its own
    text. ``colors`` optionally colours each caption. Returns the ``[rows, cols]`` axes array.
    """
    images = np.asarray(images.detach().cpu() if hasattr(images, "detach") else images)
    images = images.reshape(len(images), 28, 28)
    rows = max(1, -(-len(images) // cols))
    side = min(0.68, COLUMN_WIDTH / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * side, rows * (side + 0.17) + (0.35 if title else 0)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < len(images):
            ax.imshow(1 - images[i], cmap="gray", vmin=0, vmax=1, interpolation="nearest")
            ax.set_title(captions[i], fontsize=FONT_SIZES["small"], pad=2,
                         color="black" if colors is None else colors[i])
    if title:
        fig.suptitle(title, fontsize=plt.rcParams["axes.titlesize"])   # as large as the other figures' titles
    return axes


def plot_grid_heatmap(rows, row_values, col_values, ax=None, title: str | None = None,
                      row_label: str = "λ", col_label: str = "k", fmt: str = "{:.2f}", vmin=0.0, vmax=1.0,
                      colours=None):
    """A table of numbers as a heatmap with the values written in (the λ × k sweep of chapter 7).

    ``colours``: another table of the same shape that sets the colours, when the numbers written are not what
    should be compared (clusters in use: coloured by their share of k, so full use reads alike at any k and a loss
    shows as its share of k)."""
    values = np.asarray(rows, dtype=float)
    shade = values if colours is None else np.asarray(colours, dtype=float)
    if shade.shape != values.shape:
        raise ValueError(f"colours must have the shape of rows, {values.shape}, got {shade.shape}.")
    if ax is None:
        _, ax = subplots(width=1 + 0.9 * len(col_values), height=1 + 0.6 * len(row_values))
    ax.imshow(shade, cmap="viridis", vmin=vmin, vmax=vmax, aspect="auto")
    ax.grid(False)
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=FONT_SIZES["small"],
                color="black" if shade[i, j] > (vmin + vmax) / 2 else "white")
    ax.set_xticks(range(len(col_values)), [str(c) for c in col_values])
    ax.set_yticks(range(len(row_values)), [f"{r:g}" for r in row_values])
    ax.set_xlabel(col_label)
    upright = len(row_label) <= 2   # "λ" turned on its side reads as "<"
    ax.set_ylabel(row_label, rotation=0 if upright else 90, labelpad=10 if upright else 4)
    if title:
        ax.set_title(title)
    return ax
