"""The book's figure style: one look, sized for the text column, figure text in Korean or English.

The ko/en notebooks share identical code, so figure text is looked up in ``TEXT`` by
``language()``: what ``set_language`` set (each notebook's first cell, written by
``notebooks/build.py``, sets its own), English until then.
Hangul needs a font with its glyphs: ``use_book_style()`` registers NanumGothic (from the
``koreanize-matplotlib`` package or Debian's ``fonts-nanum``) behind DejaVu Sans, so Latin
text and the minus sign come from DejaVu and Hangul falls back to Nanum glyph by glyph.

Figures are sized for where they are read: the book's text column is about 690 px, so no figure
is wider than ``COLUMN_WIDTH`` inches at ``DPI`` (``subplots`` clamps the width), wide grids are
stacked, and no text is smaller than ``FONT_SIZES["small"]`` points (>= 9 px in the column;
``tests/test_figures.py`` checks every committed figure). In a notebook they are drawn with twice
those pixels and shown at that size (``retina``), so their text stays sharp on 2x screens.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt

TEXT = {
    "en": {
        "epoch": "epoch", "loss": "training loss", "acc": "test ACC", "nmi": "test NMI",
        "val_acc": "validation ACC", "val_nmi": "validation NMI", "val_score": "validation score",
        "alpha": "α (clustering-loss weight)",
        "cluster": "cluster", "label": "true digit", "size": "samples", "count": "count",
        "input": "input", "reconstruction": "reconstruction", "centroids": "decoded centroids",
        "confusion": "confusion (clusters matched to digits)",
        "contingency": "before matching (clusters in their own order)", "clusters_used": "clusters in use",
        "rec": "reconstruction loss", "clust": "clustering loss", "seed": "seed",
        "share": "share of training samples",
        "recipe_seed": "blog recipe (seed)", "recipe_improved": "improved recipe", "band": "lowest to highest seed",
        "recipe_blog_val": "blog recipe, validation protocol",
        "pretrain_only": "autoencoder only (α = 0)\nno centroids yet",
        "mean": "mean", "blog": "blog", "perplexity": "perplexity",
    },
    "ko": {
        "epoch": "에폭", "loss": "학습 손실", "acc": "테스트 정확도(ACC)", "nmi": "테스트 NMI",
        "val_acc": "검증 정확도(ACC)", "val_nmi": "검증 NMI", "val_score": "검증 점수",
        "alpha": "α (군집 손실 가중치)",
        "cluster": "군집", "label": "실제 숫자", "size": "샘플 수", "count": "개수",
        "input": "입력", "reconstruction": "복원", "centroids": "디코더로 그린 중심점",
        "confusion": "혼동 행렬(군집을 숫자에 매칭)",
        "contingency": "매칭 전 (군집 번호 순서)", "clusters_used": "사용 중인 군집 수",
        "rec": "복원 손실", "clust": "군집 손실", "seed": "시드",
        "share": "학습 샘플 비율",
        "recipe_seed": "블로그 레시피 (seed)", "recipe_improved": "개선 레시피", "band": "시드별 값의 범위 (최저–최고)",
        "recipe_blog_val": "블로그 레시피 (검증 프로토콜)",
        "pretrain_only": "오토인코더만 학습 (α = 0)\n중심점은 아직 없음",
        "mean": "평균", "blog": "블로그", "perplexity": "퍼플렉서티",
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
    """In a Jupyter kernel, draw figures inline (``%matplotlib inline``) for a 2x screen (``retina``).

    ``make`` exports ``MPLBACKEND=Agg`` for scripts and tests; a kernel started under it would
    obey it and ``plt.show()`` would draw nothing into the notebook.
    """
    import sys

    if "ipykernel" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    if "inline" not in matplotlib.get_backend():
        shell.run_line_magic("matplotlib", "inline")
    # twice the pixels, shown at the figure's own size (the PNG's width/height metadata): sharp text on a
    # laptop's or phone's 2x screen, and in the PDF
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("retina")


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
        "savefig.bbox": "tight",   # a plain savefig keeps a legend outside the axes, as inline does
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
