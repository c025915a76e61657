"""The figures a reader sees: every drawing cell has its picture, and figure text is legible in the column.

The book's text column is about 690 px wide; a wider PNG is scaled down to fit it, and its text
with it. Text of ``pt`` points in a figure drawn at ``dpi`` is ``pt * dpi / 72`` px in the PNG, so
at the rendered size it is ``pt * dpi / 72 * min(1, 690 / width_px)`` px, which must be >= 9 px.
The point sizes come from the style in ``dkm_lib.style`` and from any ``fontsize=`` a cell sets.
"""
import base64
import io
import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from dkm_lib import panel_plots, plots
from dkm_lib.metrics import cluster_to_label, contingency

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[ek][no]/[0-9][0-9]_*.ipynb"))
COLUMN_PX = 690
MIN_TEXT_PX = 9

# Calls that draw: plt.show(), any plots.* helper that makes a picture, or a cell that ends on a figure.
DRAWING_HELPERS = ("image_grid", "captioned_grid", "scatter_2d", "plot_")
DRAWS = re.compile(r"plt\.show\(\)|\bplots\.(?:%s)\w*\(" % "|".join(DRAWING_HELPERS))
ENDS_ON_FIGURE = re.compile(r"^(fig|figure|plt\.gcf\(\))\s*$")
# a text size given in a cell: fontsize= (title_fontsize= too), labelsize= (tick_params), label_size= (image_grid),
# size= in a line that calls .text( or .annotate(; not batch_size= or numpy's size=
FONTSIZE = re.compile(r"(?:fontsize|labelsize|label_size)\s*=\s*([0-9.]+)"
                      r"|\.(?:text|annotate)\([^\n]*?(?<![\w])size\s*=\s*([0-9.]+)")


def text_sizes(source: str) -> list[float]:
    """Every text size, in points, that ``source`` gives literally."""
    return [float(a or b) for a, b in FONTSIZE.findall(source)]


def draws(source: str) -> bool:
    lines = [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return bool(DRAWS.search("\n".join(lines))) or bool(lines and ENDS_ON_FIGURE.match(lines[-1]))


def png_size(data: str) -> tuple[int, int]:
    """Width and height of a base64 PNG (a notebook output), from its IHDR header."""
    return panel_plots.png_size(base64.b64decode(data))


def images(cell) -> list[str]:
    return [out["data"]["image/png"] for out in cell.get("outputs", [])
            if "image/png" in out.get("data", {})]


def shown_widths(cell) -> list[tuple[int, int | None]]:
    """Each PNG's width in pixels and the width the page shows it at (its metadata; None: its own)."""
    return [(png_size(out["data"]["image/png"])[0], out.get("metadata", {}).get("image/png", {}).get("width"))
            for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]


def style_font_sizes() -> list[float]:
    """Every font size (in points) the book's style sets, after ``use_book_style()``."""
    with matplotlib.rc_context():
        plots.use_book_style()
        params = matplotlib.rcParams
        base = params["font.size"]
        scale = {"xx-small": 0.579, "x-small": 0.694, "small": 0.833, "medium": 1.0, "large": 1.2,
                 "x-large": 1.44, "xx-large": 1.728}
        sizes = [base]
        for key in ("axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                    "legend.fontsize", "figure.titlesize", "legend.title_fontsize"):
            value = params[key]
            if value is None:
                continue
            sizes.append(base * scale[value] if isinstance(value, str) else float(value))
        return sizes + list(plots.FONT_SIZES.values()), params["figure.dpi"]


def cells_with_names():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, 4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                yield f"{path.parent.name}/{path.stem} cell {i}", cell


def test_there_are_notebooks_in_both_languages():
    assert {p.parent.name for p in NOTEBOOKS} == {"ko", "en"} and len(NOTEBOOKS) >= 18


def test_drawing_detector_sees_what_draws():
    assert draws("fig, ax = plt.subplots()\nax.plot([1])\nplt.show()")
    assert draws("plots.image_grid(x)")
    assert draws("plots.plot_alpha(a)")
    assert draws("fig = make()\nfig")
    assert not draws("print(plots.t('epoch'))\nplots.use_book_style()")
    assert not draws("# plt.show()\nprint(1)")


def test_every_drawing_cell_has_an_image_in_both_languages():
    missing = [name for name, cell in cells_with_names() if draws(cell.source) and not images(cell)]
    assert not missing, f"{len(missing)} drawing cells have no image output: {missing}"


def test_the_png_size_reader_reads_a_real_figure(tmp_path):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(3, 2), dpi=100)
    with matplotlib.rc_context({"savefig.bbox": "standard"}):   # the whole figure, whatever style ran before
        fig.savefig(tmp_path / "f.png")
    plt.close(fig)
    data = base64.b64encode((tmp_path / "f.png").read_bytes()).decode()
    assert png_size(data) == (300, 200)


def test_a_saved_map_keeps_its_legend_outside_the_axes():
    """scatter_2d puts its legend right of the axes; a plain savefig, as a reader writes it, saves the picture
    the notebook shows (Jupyter's inline backend saves with bbox_inches="tight")."""
    from PIL import Image

    rng = np.random.default_rng(0)
    with matplotlib.rc_context():
        plots.use_book_style()
        ax = plots.scatter_2d(rng.normal(size=(500, 2)), rng.integers(0, 10, 500))
        fig, plain, shown = ax.figure, io.BytesIO(), io.BytesIO()
        fig.canvas.draw()
        assert ax.get_legend().get_window_extent().x1 > fig.bbox.x1, "the case exists: the legend passes the figure"
        fig.savefig(plain, format="png")
        fig.savefig(shown, format="png", bbox_inches="tight")
        plt.close(fig)
    assert Image.open(plain).size == Image.open(shown).size


def test_an_image_grid_labels_its_columns_under_the_tiles():
    """Chapter 5's extrapolation strip: each column's t under it (the prose discusses t = -0.5 and 1.5)."""
    ax = plots.image_grid(np.zeros((6, 1, 28, 28)), rows=2, cols=3, col_labels=["a", "b", "c"])
    where = {text.get_text(): text.get_position() for text in ax.texts}
    assert [where[k][0] for k in "abc"] == [15, 44, 73]   # each tile's centre: 28 px and a 1 px gap
    assert all(where[k][1] > 2 * 29 for k in "abc")       # below the last row
    plt.close(ax.figure)


def test_a_map_draws_no_digit_over_all_the_others():
    """Drawn label by label, the 9s would cover every other digit where islands overlap (chapter 2's PCA maps hid
    the 4s): the points are drawn in one shuffled order, and the legend still names each label in its colour."""
    labels = np.repeat(np.arange(10), 100)
    points = np.random.default_rng(1).normal(size=(1000, 2))
    ax = plots.scatter_2d(points, labels)
    drawn = ax.collections[0].get_facecolors()
    assert len(ax.collections) == 1 and len(drawn) == 1000
    assert len(np.unique(drawn[-100:], axis=0)) == 10   # the last hundred drawn hold every digit
    legend = ax.get_legend()
    assert [text.get_text() for text in legend.get_texts()] == [str(d) for d in range(10)]
    tab10 = plt.get_cmap("tab10")
    assert all(np.allclose(matplotlib.colors.to_rgba(h.get_color()), tab10(d)) for d, h in
               enumerate(legend.legend_handles))
    plt.close(ax.figure)


def text_px(points: float, width: float, dpi: float) -> float:
    """How tall text of ``points`` drawn at ``dpi`` is on the page, in CSS px, in a figure ``width`` px wide
    (shrunk to the column when wider)."""
    return points * dpi / 72 * min(1.0, COLUMN_PX / width)


def test_figure_text_is_at_least_9_px_in_the_column():
    sizes, dpi = style_font_sizes()
    too_small = []
    for name, cell in cells_with_names():
        cell_sizes = sizes + text_sizes(cell.source)
        smallest = min(cell_sizes)
        for pixels, shown in shown_widths(cell):
            width = shown or pixels         # CSS px: a 2x PNG is shown at half its pixels
            px = text_px(smallest, width, dpi)
            if px < MIN_TEXT_PX:
                too_small.append(f"{name}: {width} px wide, {smallest:g} pt text -> {px:.1f} px")
    assert not too_small, f"{len(too_small)} figures with text under {MIN_TEXT_PX} px:\n" + "\n".join(too_small)


def test_every_figure_has_twice_the_pixels_it_is_shown_at():
    """Sharp text on a 2x screen (most laptops and phones) and in the PDF: ``use_book_style`` draws inline
    figures as ``retina`` PNGs, whose metadata tells the page to show them at half their pixels."""
    blurry = [f"{name}: {pixels} px shown at {shown}" for name, cell in cells_with_names()
              for pixels, shown in shown_widths(cell) if shown is None or abs(pixels - 2 * shown) > 1]
    assert not blurry, f"{len(blurry)} figures not drawn for 2x screens (re-execute):\n" + "\n".join(blurry)


def test_every_figure_is_stored_in_256_colours():
    """``notebooks/build.py`` stores each figure as a palette PNG (a third of the bytes): a page of 2x figures
    loads like one of 1x figures did (the browser check weighs it)."""

    from PIL import Image

    def see_through(data: str) -> bool:   # kept in full colour on purpose (a palette would lose its alpha)
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        return image.mode == "RGBA" and image.getextrema()[3][0] < 255

    full_colour = [name for name, cell in cells_with_names() for data in images(cell)
                   if base64.b64decode(data[:48])[25] != 3 and not see_through(data)]   # IHDR colour type 3: palette
    assert not full_colour, f"{len(full_colour)} figures in full colour (re-execute the chapter): {full_colour}"


def test_256_colours_look_the_same_and_weigh_less():
    import importlib.util

    from PIL import Image

    spec = importlib.util.spec_from_file_location("nb_build", ROOT / "notebooks" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rng = np.random.default_rng(0)
    with matplotlib.rc_context():
        plots.use_book_style()
        fig, (left, right) = plots.subplots(1, 2)
        left.scatter(*rng.normal(size=(2, 2000)), c=rng.integers(0, 10, 2000), s=4, cmap="tab10")
        right.imshow(rng.random((28, 28)), cmap="viridis")
        right.set_title("α (군집 손실 가중치)")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=200)
        plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode()
    see_through = io.BytesIO()
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(see_through, "PNG")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": png}, metadata={"image/png": {"width": 340}})
        for png in (data, base64.b64encode(see_through.getvalue()).decode())])])
    small, kept = [out["data"]["image/png"] for out in build.smaller_figures(nb).cells[0].outputs]
    assert kept == base64.b64encode(see_through.getvalue()).decode(), "a see-through picture keeps its alpha"
    before, after = (Image.open(io.BytesIO(base64.b64decode(d))) for d in (data, small))
    assert after.mode == "P" and after.size == before.size and len(small) < 0.6 * len(data)
    diff = np.abs(np.asarray(before.convert("RGB"), float) - np.asarray(after.convert("RGB"), float))
    # measured: 0.6 of 255 on average, 36 at the 99.9th percentile (the dithering's specks), 28 % of the bytes
    assert diff.mean() < 1.5 and np.percentile(diff, 99.9) < 64, (diff.mean(), np.percentile(diff, 99.9))
    assert nb.cells[0].outputs[0].metadata["image/png"]["width"] == 340


@pytest.mark.parametrize("width, pt, ok", [(690, 7, True), (1400, 10, False), (600, 6, False)])
def test_the_legibility_rule_itself(width, pt, ok):
    assert (text_px(pt, width, 100) >= MIN_TEXT_PX) == ok


def test_the_legibility_check_sees_every_way_a_cell_sets_a_text_size():
    found = text_sizes("ax.text(np.mean(x), 0, 's', size=6)\nax.tick_params(labelsize=7); image_grid(x, label_size=8)"
                       "; ax.set_title('t', fontsize=9); legend(title_fontsize=5); run(batch_size=128, size=(3,))\n"
                       "pick = np.random.choice(10, size=3)")
    assert found == [6, 7, 8, 9, 5]


def test_plots_sets_font_sizes_only_through_its_style():
    """A literal ``fontsize=7`` inside the library's figure modules would slip past the check above."""
    for name in ("style.py", "plots.py", "panel_plots.py"):
        source = (ROOT / "dkm_lib" / name).read_text()
        assert not text_sizes(source), f"use FONT_SIZES in dkm_lib/{name}, not a literal fontsize"
    assert min(plots.FONT_SIZES.values()) * plots.DPI / 72 >= MIN_TEXT_PX
    assert plots.COLUMN_WIDTH * plots.DPI <= COLUMN_PX


def test_subplots_never_draws_wider_than_the_column():
    import matplotlib.pyplot as plt

    fig, _ = plots.subplots(1, 3, width=15)
    assert fig.get_size_inches()[0] == plots.COLUMN_WIDTH
    plt.close(fig)


def test_book_table_is_a_real_table_everywhere():
    from dkm_lib.book import Table

    table = Table(["recipe", "ACC"], [["seed", "0.719 ± 0.024"], ["distill_mse", "0.560"], ["_gmm, _agree7", "1"]])
    html = table._repr_html_()
    assert html.startswith("<table>") and html.count("<tr>") == 4 and "<th>recipe</th>" in html
    assert "<td>distill_<wbr>mse</td>" in html   # a long name may wrap after an underscore
    assert "<td>_gmm, _agree7</td>" in html   # but not after a short name's leading one
    assert table._repr_markdown_().splitlines()[1] == "| --- | --- |"
    assert repr(table).splitlines()[0].split() == ["recipe", "ACC"]
    with pytest.raises(ValueError, match="every row needs 2 cells"):
        Table(["a", "b"], [["only one"]])


MARKDOWN_TABLE = re.compile(r"^\|.*\|\s*\n\|[-| :]+\|\s*$", re.M)


def test_no_output_shows_a_markdown_table_as_text():
    """The book renders text/html; a Markdown table in text or text/markdown only shows as raw `| a | b |`."""
    raw = []
    for name, cell in cells_with_names():
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            text = out.get("text", "") if out.get("output_type") == "stream" else \
                ("" if "text/html" in data else data.get("text/markdown", "") + data.get("text/plain", ""))
            if MARKDOWN_TABLE.search(text):
                raw.append(name)
    assert not raw, f"Markdown tables printed as text (use book.Table): {raw}"


def test_the_markdown_table_detector_sees_one():
    assert MARKDOWN_TABLE.search("| a | b |\n|---|---|\n| 1 | 2 |")
    assert not MARKDOWN_TABLE.search("a | b\n1 | 2")


# Code and printed output fit a 1280 px screen's column up to 92 characters (book/static/book.css; the browser
# check sees that no code box scrolls there); on a phone they scroll inside their box.
LINE_WIDTH = 92
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


def test_code_and_printed_lines_fit_the_column():
    too_long = []
    for name, cell in cells_with_names():
        if "remove-cell" in cell.metadata.get("tags", []):     # the Colab install cell, not in the book
            continue
        lines = [("code", line) for line in cell.source.splitlines()]
        lines += [("output", line) for out in cell.get("outputs", [])   # a listing of library code too
                  if out.get("output_type") == "stream" and out.get("name") == "stdout"
                  for line in out.get("text", "").splitlines()]
        too_long += [f"{name} ({kind}, {len(line)} chars): {line[:60]}"
                     for kind, line in lines if len(line) > LINE_WIDTH]
    for path in NOTEBOOKS:   # code blocks in the prose: an exercise's solution, a command to type
        too_long += [f"{path.parent.name}/{path.stem} (code in the prose, {len(line)} chars): {line[:60]}"
                     for cell in nbformat.read(path, 4).cells if cell.cell_type == "markdown"
                     for block in FENCE.findall(cell.source) for line in block.splitlines() if len(line) > LINE_WIDTH]
    assert not too_long, f"{len(too_long)} lines wider than {LINE_WIDTH} characters:\n" + "\n".join(too_long)


def test_a_kernel_draws_inline_even_when_mplbackend_is_agg(monkeypatch):
    """``make`` exports MPLBACKEND=Agg; inside a Jupyter kernel the book's setup must still draw inline."""
    import sys
    import types

    import IPython
    import matplotlib_inline.backend_inline

    calls = []
    shell = types.SimpleNamespace(run_line_magic=lambda *args: calls.append(args))
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    monkeypatch.setattr(matplotlib_inline.backend_inline, "set_matplotlib_formats",
                        lambda *formats: calls.append(("formats",) + formats))
    monkeypatch.setattr(matplotlib, "get_backend", lambda: "agg")
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    plots.use_inline_backend()
    assert calls == [], "outside a kernel (scripts, tests) the backend is left alone"
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    plots.use_inline_backend()
    assert calls == [("matplotlib", "inline"), ("formats", "retina")]


def test_a_real_shell_draws_retina_pngs_shown_at_the_figure_size(monkeypatch):
    """What the re-executed chapters get: a 2x PNG whose metadata width is the figure's width at its dpi."""
    import sys
    import types

    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    monkeypatch.setattr(matplotlib, "get_backend", lambda *_, **__: "module://matplotlib_inline.backend_inline")
    try:
        with matplotlib.rc_context():
            plots.use_book_style()
            fig, ax = plt.subplots(figsize=(4, 2), dpi=100)
            ax.plot([0, 1])
            data, metadata = shell.display_formatter.format(fig)
            plt.close(fig)
    finally:
        InteractiveShell.clear_instance()
    png = data["image/png"]
    pixels = png_size(png if isinstance(png, str) else base64.b64encode(png).decode())[0]
    shown = metadata["image/png"]["width"]
    assert 300 < shown <= 400 and pixels in (2 * shown, 2 * shown + 1), (pixels, shown)   # an odd width rounds down


def test_unmatched_confusion_outlines_the_hungarian_cells():
    """Chapter 3 shows the table before matching: cluster order kept, the matched cells outlined."""
    y = np.repeat(np.arange(4), 5)
    pred = np.array([2, 0, 3, 1])[y]
    pred[0] = 1                                    # one 0 strays into another cluster
    _, (before, after) = plt.subplots(2, 1)
    plots.plot_confusion(y, pred, ax=before, matched=False)
    plots.plot_confusion(y, pred, ax=after)
    assert np.array_equal(before.images[0].get_array(), contingency(y, pred))
    outlined = sorted((int(p.get_y() + 0.5), int(p.get_x() + 0.5)) for p in before.patches)
    assert outlined == sorted(cluster_to_label(y, pred).items())
    assert not after.patches and np.trace(after.images[0].get_array()) == 19
    plt.close("all")
