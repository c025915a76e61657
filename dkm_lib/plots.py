"""Plotting helpers that give every figure in the book the same look, in Korean or English.

The ko/en notebooks share identical code, so figure text is looked up in ``TEXT`` by
``language()``: what ``set_language`` set (each notebook's first cell, written by
``notebooks/build.py``, sets its own), English until then.
Hangul needs a font with its glyphs: ``use_book_style()`` registers NanumGothic (from the
``koreanize-matplotlib`` package or Debian's ``fonts-nanum``) behind DejaVu Sans, so Latin
text and the minus sign come from DejaVu and Hangul falls back to Nanum glyph by glyph.

Figures are sized for where they are read: the book's text column is about 690 px, so no figure
is wider than ``COLUMN_WIDTH`` inches at ``DPI`` (``subplots`` clamps the width), wide grids are
stacked, and no text is smaller than ``FONT_SIZES["small"]`` points (>= 9 px in the column;
``tests/test_figures.py`` checks every committed figure).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from .metrics import cluster_to_label, matched_confusion

TEXT = {
    "en": {
        "epoch": "epoch", "loss": "training loss", "acc": "test ACC", "nmi": "test NMI",
        "val_acc": "validation ACC", "val_nmi": "validation NMI",
        "alpha": "α (clustering-loss weight)",
        "cluster": "cluster", "label": "true digit", "size": "samples", "count": "count",
        "input": "input", "reconstruction": "reconstruction", "centroids": "decoded centroids",
        "confusion": "confusion (clusters matched to digits)", "clusters_used": "clusters in use",
        "rec": "reconstruction loss", "clust": "clustering loss", "seed": "seed",
        "share": "share of training samples",
        "recipe_seed": "seed (blog recipe)", "recipe_improved": "improved",
        "pretrain_only": "autoencoder only (α = 0)\nno centroids yet",
        "mean": "mean", "blog": "blog",
    },
    "ko": {
        "epoch": "에폭", "loss": "학습 손실", "acc": "테스트 정확도(ACC)", "nmi": "테스트 NMI",
        "val_acc": "검증 정확도(ACC)", "val_nmi": "검증 NMI",
        "alpha": "α (군집 손실 가중치)",
        "cluster": "군집", "label": "실제 숫자", "size": "샘플 수", "count": "개수",
        "input": "입력", "reconstruction": "복원", "centroids": "중심점을 복원한 이미지",
        "confusion": "혼동 행렬 (군집을 숫자에 매칭)", "clusters_used": "사용 중인 군집 수",
        "rec": "복원 손실", "clust": "군집 손실", "seed": "시드",
        "share": "학습 샘플 비율",
        "recipe_seed": "seed (블로그 레시피)", "recipe_improved": "improved (개선 레시피)",
        "pretrain_only": "오토인코더만 학습 (α = 0)\n중심점은 아직 없음",
        "mean": "평균", "blog": "블로그",
    },
}

DPI = 100
COLUMN_WIDTH = 6.8        # inches: 680 px at DPI, the book's ~690 px text column
PANEL_HEIGHT = 2.6        # inches per row of panels
FONT_SIZES = {"text": 10, "ticks": 9, "small": 8}   # points; "small" is the floor (annotations)

_NANUM_CANDIDATES = [
    Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
    Path("/usr/share/fonts/opentype/nanum/NanumGothic.otf"),
]


_language = "en"


def set_language(lang: str) -> None:
    """Write figure text (and the tuning panel) in ``lang``: ``"ko"`` or ``"en"``."""
    global _language
    if lang not in TEXT:
        raise ValueError(f"language must be one of {sorted(TEXT)}, got {lang!r}.")
    _language = lang


def language() -> str:
    """``"ko"`` or ``"en"``: the language set by ``set_language`` (English until then)."""
    return _language


def t(key: str) -> str:
    """Figure text for ``key`` in the current language."""
    return TEXT[language()].get(key, TEXT["en"].get(key, key))


def _nanum_font() -> Path | None:
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec and spec.origin:
        bundled = Path(spec.origin).parent / "fonts" / "NanumGothic.ttf"
        if bundled.is_file():
            return bundled
    return next((p for p in _NANUM_CANDIDATES if p.is_file()), None)


def use_inline_backend() -> None:
    """In a Jupyter kernel, draw figures inline (``%matplotlib inline``).

    ``make`` exports ``MPLBACKEND=Agg`` for scripts and tests; a kernel started under it would
    obey it and ``plt.show()`` would draw nothing into the notebook.
    """
    import sys

    if "ipykernel" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and "inline" not in matplotlib.get_backend():
        shell.run_line_magic("matplotlib", "inline")


def use_book_style() -> bool:
    """Apply the book's matplotlib style; return True when a Hangul font is available."""
    from matplotlib import font_manager

    use_inline_backend()
    font = _nanum_font()
    if font is not None:
        font_manager.fontManager.addfont(str(font))
    matplotlib.rcParams.update({
        "font.family": ["DejaVu Sans", "NanumGothic"] if font else ["DejaVu Sans"],
        "font.size": FONT_SIZES["text"],
        "axes.titlesize": FONT_SIZES["text"],
        "axes.labelsize": FONT_SIZES["text"],
        "xtick.labelsize": FONT_SIZES["ticks"],
        "ytick.labelsize": FONT_SIZES["ticks"],
        "legend.fontsize": FONT_SIZES["ticks"],
        "legend.title_fontsize": FONT_SIZES["ticks"],
        "figure.titlesize": FONT_SIZES["text"] + 1,
        "figure.figsize": (4.8, 3.0),
        "axes.unicode_minus": True,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "image.cmap": "gray_r",
    })
    return font is not None


def subplots(nrows: int = 1, ncols: int = 1, width: float | None = None, height: float | None = None,
             **kwargs):
    """``plt.subplots`` sized for the text column: ``width`` (inches) never exceeds ``COLUMN_WIDTH``.

    The default width is the column for several panels side by side and 4.8 in for one panel;
    the default height is ``PANEL_HEIGHT`` per row.
    """
    width = min(width or (COLUMN_WIDTH if ncols > 1 else 4.8), COLUMN_WIDTH)
    height = height or PANEL_HEIGHT * nrows + 0.2
    return plt.subplots(nrows, ncols, figsize=(width, height), **kwargs)


def image_grid(images, rows: int = 5, cols: int = 10, ax=None, title: str | None = None,
               row_labels: Sequence[str] | None = None, label_size: float | None = None):
    """Show ``rows * cols`` images ``[N, 1, 28, 28]`` (tensor or array) as one tiled picture.

    ``row_labels`` are written left of the rows (each tile is 28 px plus a 1 px gap).
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
    return ax


def plot_alpha(alphas: Sequence[float], ax=None, t1: int | None = None, t2: int | None = None):
    """The clustering-loss weight per epoch, with T1 and T2 marked."""
    if ax is None:
        _, ax = subplots(height=2.8)
    ax.plot(range(len(alphas)), alphas)
    for name, x in (("T1", t1), ("T2", t2)):
        if x is not None:
            ax.axvline(x, color="grey", ls="--", lw=1)
            ax.text(x, max(alphas) * 1.02, name, ha="center", va="bottom")
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


def plot_confusion(y_true, y_pred, ax=None):
    """Hungarian-matched confusion matrix: rows are clusters labelled by their matched digit."""
    matrix, order = matched_confusion(y_true, y_pred)
    mapping = cluster_to_label(y_true, y_pred)
    if ax is None:
        _, ax = subplots(width=4.8, height=4.4)
    ax.imshow(matrix, cmap="Blues")
    ax.grid(False)
    for (i, j), v in np.ndenumerate(matrix):
        if v:
            ax.text(j, i, v, ha="center", va="center", fontsize=FONT_SIZES["small"],
                    color="white" if v > matrix.max() / 2 else "black")
    ax.set_xticks(range(matrix.shape[1]))
    ax.set_yticks(range(len(order)), [f"{c}→{mapping[c]}" if mapping[c] >= 0 else f"{c}→–" for c in order])
    ax.set(xlabel=t("label"), ylabel=t("cluster"), title=t("confusion"))
    return ax


def scatter_2d(points, labels, ax=None, title: str | None = None, s: float = 2.0, legend: bool = True):
    """2-D points coloured by integer labels (digits or clusters), tab10/tab20 colours."""
    points, labels = np.asarray(points), np.asarray(labels)
    if ax is None:
        _, ax = subplots(width=4.8, height=4.2)
    cmap = plt.get_cmap("tab10" if labels.max() < 10 else "tab20")
    for value in np.unique(labels):
        keep = labels == value
        ax.scatter(points[keep, 0], points[keep, 1], s=s, color=cmap(int(value) % cmap.N), label=str(value),
                   rasterized=True)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(markerscale=4, fontsize=FONT_SIZES["ticks"], loc="center left", bbox_to_anchor=(1, 0.5),
                  frameon=False)
    return ax


def plot_band(curves: Sequence[tuple[Sequence[float], Sequence[float]]], ax, label: str, color=None):
    """Mean line and min-max band of several ``(x, y)`` curves that share their x values."""
    x = np.asarray(curves[0][0])
    ys = np.array([np.asarray(y) for _, y in curves])
    line, = ax.plot(x, ys.mean(0), label=f"{label} (n={len(ys)})", color=color)
    ax.fill_between(x, ys.min(0), ys.max(0), alpha=0.2, color=line.get_color())
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
        fig.suptitle(title)
    return axes


def plot_grid_heatmap(rows, row_values, col_values, ax=None, title: str | None = None,
                      row_label: str = "λ", col_label: str = "k", fmt: str = "{:.2f}", vmin=0.0, vmax=1.0):
    """A table of numbers as a heatmap with the values written in (the λ × k sweep of chapter 07)."""
    values = np.asarray(rows, dtype=float)
    if ax is None:
        _, ax = subplots(width=1 + 0.9 * len(col_values), height=1 + 0.6 * len(row_values))
    ax.imshow(values, cmap="viridis", vmin=vmin, vmax=vmax, aspect="auto")
    ax.grid(False)
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=FONT_SIZES["small"],
                color="black" if v > (vmin + vmax) / 2 else "white")
    ax.set_xticks(range(len(col_values)), [str(c) for c in col_values])
    ax.set_yticks(range(len(row_values)), [f"{r:g}" for r in row_values])
    ax.set(xlabel=col_label, ylabel=row_label)
    if title:
        ax.set_title(title)
    return ax
