"""Build ``notebooks/ko`` and ``notebooks/en`` from the single-source chapters in ``notebooks/src``.

Each ``src/NN_name.py`` defines ``TITLE = {"ko": ..., "en": ...}`` and ``CELLS``: a list of
``md(ko=..., en=...)`` and ``code(source, tags=..., hide=..., alt=...)`` cells, imported from
``src/bilingual.py``. Code is written once, so the two languages cannot drift apart; the prose is
written natively in each language. The builder adds the language switch, the launch links and the
setup cell (it installs dkm_lib where it is missing and sets the figures' language), then runs each
notebook in its own folder with its outputs saved (widget state included).

    python notebooks/build.py             # every chapter, both languages, executed
    python notebooks/build.py 03 07       # only chapters whose file name starts with 03 or 07
    python notebooks/build.py --no-exec   # write the notebooks without running them
"""
from __future__ import annotations

import argparse
import base64
import importlib.util
import io
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from PIL import Image

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
LANGS = ("ko", "en")
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(SRC))   # the chapters' `from bilingual import code, md`
sys.path.insert(0, str(HERE.parent / "book" / "tools"))   # citations, editions
sys.path.insert(0, str(HERE))   # colab_markdown, also when this file is imported (the tests)
import citations  # noqa: E402
import colab_markdown  # noqa: E402
import editions  # noqa: E402
from colab_markdown import SOLUTION_END, SOLUTION_START  # noqa: E402  (the markers of a solution that runs code)
from dkm_lib.book import repository  # noqa: E402  (the repository is set once, in _config.yml)

REPO, BRANCH = repository()["slug"], repository()["branch"]

SWITCH = {
    "ko": "[English version](../en/{name}.ipynb) · "
          "[Colab에서 열기](https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/colab/ko/{name}.ipynb)",
    "en": "[한국어판](../ko/{name}.ipynb) · "
          "[Open in Colab](https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/colab/en/{name}.ipynb)",
}

INSTALL = f'''# Colab or a fresh Python: install dkm_lib from the book's repository if it is missing
# (it keeps the torch that is already installed).
import importlib.util, subprocess, sys
if importlib.util.find_spec("dkm_lib") is None:
    subprocess.run(["git", "clone", "--depth=1", "https://github.com/{REPO}"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", "{REPO.split("/")[1]}[colab]"], check=True)
    sys.path.insert(0, "{REPO.split("/")[1]}")'''

# Appended to the install cell: figure text and the tuning panel follow the chapter's language.
LANGUAGE = '''
from dkm_lib import plots
plots.set_language("{lang}")'''


def sources() -> list[Path]:
    """The chapter sources, in book order: every ``notebooks/src/NN_name.py``."""
    return sorted(SRC.glob("[0-9][0-9]_*.py"))


def load_chapter(path: Path):
    """Import one chapter source (it imports ``md`` and ``code`` from ``src/bilingual.py``)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


# In JupyterLab a cell can be folded too (nbformat's ``jupyter.source_hidden``; the book ignores it): the
# solutions' cells are, so that a reader working through the notebook does not read an answer by scrolling to
# its exercise; so is the plotting code the book folds (``hide-input``).
FOLDED = {"jupyter": {"source_hidden": True}}
FOLDED_WITH_OUTPUTS = {"jupyter": {"source_hidden": True, "outputs_hidden": True}}
# A folded prose cell still shows its first line in JupyterLab: a MyST comment (neither the book nor the Lab
# renders it) says what is folded there instead of giving away the answer's first words.
FOLDED_PROSE = {"ko": "% 풀이가 접혀 있습니다. 이 줄을 누르면 펼쳐집니다.", "en": "% The solution, folded: click this line to open it."}
FOLDED_END = {"ko": "% 풀이 끝", "en": "% End of the solution"}
# A widget output: a view of models in the notebook's saved widget state (metadata "widgets").
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def solution_parts(text: str, in_solution: bool) -> tuple[list[tuple[str, bool]], bool]:
    """A prose cell cut where a solution starts and ends: its parts, each with whether it lies inside a
    solution, and whether the cell ends inside one."""
    parts, pos = [], 0
    while True:
        marker = (SOLUTION_END if in_solution else SOLUTION_START).search(text, pos)
        end = marker.end() if marker else len(text)
        if text[pos:end].strip("\n"):
            parts.append((text[pos:end].strip("\n"), in_solution))
        if marker is None:
            return parts, in_solution
        pos, in_solution = end, not in_solution


def build_notebook(chapter, name: str, lang: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata.update({
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "dkm": {"lang": lang, "source": f"notebooks/src/{name}.py"},
    })
    cells = [nbformat.v4.new_markdown_cell(f"# {chapter.TITLE[lang]}\n\n" + SWITCH[lang].format(name=name, repo=REPO, branch=BRANCH)),
             nbformat.v4.new_code_cell(INSTALL + LANGUAGE.format(lang=lang),
                                       metadata={"tags": ["remove-cell"]})]
    in_solution = False
    for cell in chapter.CELLS:
        if cell["kind"] == "md":
            parts, in_solution = solution_parts(cell[lang], in_solution)
            for part, inside in parts:
                if inside:
                    note = FOLDED_END if SOLUTION_END.fullmatch(part) else FOLDED_PROSE
                    part = f"{note[lang]}\n{part}"
                cells.append(nbformat.v4.new_markdown_cell(part, metadata=FOLDED if inside else {}))
        else:
            meta = {"tags": cell["tags"]} if cell["tags"] else {}
            if cell.get("alt"):   # myst-nb gives the cell's images this alt text
                meta["mystnb"] = {"image": {"alt": cell["alt"][lang]}}
            if in_solution:
                meta.update(FOLDED_WITH_OUTPUTS)
            elif "hide-input" in cell["tags"]:
                meta.update(FOLDED)
            cells.append(nbformat.v4.new_code_cell(cell["source"], metadata=meta))
    nb.cells = cells
    return nb


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Stable cell ids, no execution timestamps and one output per run of printed text, so a rebuild only changes
    what really changed (how the kernel happened to flush ``print`` is not a change)."""
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell.outputs = merged_streams(cell.outputs)
    return nb


def merged_streams(outputs: list) -> list:
    """Consecutive stdout (or stderr) outputs as one, as Jupyter shows them."""
    merged = []
    for out in outputs:
        last = merged[-1] if merged else None
        if last and out.output_type == last.output_type == "stream" and out.name == last.name:
            last.text = "".join(last.text) + "".join(out.text)
        else:
            merged.append(out)
    return merged


def smaller_figures(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Each opaque PNG figure in 256 colours, a third of its bytes and alike to the eye, so that a chapter's
    2x figures (``use_book_style``) load no slower than 1x ones did; the pixel size and metadata stay."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "image/png" not in out.get("data", {}):
                continue
            image = Image.open(io.BytesIO(base64.b64decode(out["data"]["image/png"])))
            if image.mode == "P" or (image.mode in ("RGBA", "LA") and image.getextrema()[-1][0] < 255):
                continue    # already a palette, or see-through (a palette would lose its alpha)
            buf = io.BytesIO()
            image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(buf, "PNG", optimize=True)
            out["data"]["image/png"] = base64.b64encode(buf.getvalue()).decode("ascii")
    return nb


def with_new_prose(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """``nb`` with the outputs of the committed notebook at ``path``: nothing re-executed.

    Only for a change of prose (its text, or how it is cut into cells) and of code cells' tags and alt text:
    if any code cell's source differs, the chapter must be executed again.
    """
    old = nbformat.read(path, as_version=4)
    old_code = [c for c in old.cells if c.cell_type == "code"]
    new_code = [c for c in nb.cells if c.cell_type == "code"]
    if [c.source for c in old_code] != [c.source for c in new_code]:
        raise SystemExit(f"{path}: code cells changed, so its outputs would be stale; execute it (no --prose-only)")
    for o, n in zip(old_code, new_code):
        keep_outputs(n, o)
    return keep_run_metadata(nb, old)


def keep_outputs(cell: nbformat.NotebookNode, committed: nbformat.NotebookNode) -> None:
    """``cell`` shows the committed cell's outputs (and its execution count)."""
    cell.outputs, cell.execution_count = committed.outputs, committed.execution_count


def keep_run_metadata(nb: nbformat.NotebookNode, old: nbformat.NotebookNode,
                      keys: tuple[str, ...] = ("language_info", "widgets")) -> nbformat.NotebookNode:
    """``nb`` with what executing ``old`` wrote into its metadata: the kernel's details, the saved widget state
    (which belongs to the kept outputs)."""
    for key in keys:
        if key in old.metadata:
            nb.metadata[key] = old.metadata[key]
    return nb


def printed(cell: nbformat.NotebookNode) -> str:
    """What a code cell prints (its text outputs), without its figures."""
    return "".join("".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
                   for out in cell.get("outputs", []) if "image/png" not in out.get("data", {}))


def with_redrawn(nb: nbformat.NotebookNode, path: Path, cells: set[int]) -> nbformat.NotebookNode:
    """``nb`` just executed, keeping the committed outputs of ``path`` in every code cell but ``cells`` (indices in
    the notebook, as the tests name them).

    For a chapter whose live-training cells print other digits on another CPU (4 and 7): a figure drawn from
    records is redrawn, or a new cell added, and nothing else moves. A redrawn cell must print what the committed
    one printed; a code cell that is new, or whose code changed, must be among ``cells`` (and prints what it now
    prints); every other code cell is found, by its code, among the committed ones. Else execute the chapter whole.
    A widget's saved state is one for the whole notebook: redraw every cell that shows a widget, or none.
    """
    old = nbformat.read(path, as_version=4)
    # a redrawn widget's view names models of the new run's saved state; else the kept views need the old state
    redrawn_widget = any(shows_widget(nb.cells[i]) for i in cells)
    committed = {}   # code -> the committed cells with that code, in order
    for o in old.cells:
        if o.cell_type == "code":
            committed.setdefault(o.source, []).append(o)
    for i, n in enumerate(nb.cells):
        if n.cell_type != "code":
            continue
        same = committed.get(n.source, [])
        o = same.pop(0) if same else None
        if i in cells:
            if o is not None and printed(o) != printed(n):
                raise SystemExit(f"{path}: cell {i} prints other text than the committed one, so it is no mere "
                                 f"redraw:\n{printed(o)}\n---\n{printed(n)}\nexecute the chapter whole")
            continue
        if o is None:
            raise SystemExit(f"{path}: the code of cell {i} is new or changed: redraw it too (--redraw ... {i})")
        if redrawn_widget and shows_widget(o):
            raise SystemExit(f"{path}: cell {i} shows a widget, and the saved widget state is one for the whole "
                             "notebook: redraw every cell that shows one, or none")
        keep_outputs(n, o)
    return keep_run_metadata(nb, old, ("language_info",) if redrawn_widget else ("language_info", "widgets"))


def shows_widget(cell: nbformat.NotebookNode) -> bool:
    """Whether a code cell's output is a widget (a view of models in the notebook's saved widget state)."""
    return any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", []))


def colab_copy(nb: nbformat.NotebookNode, lang: str, labels: dict[str, str]) -> nbformat.NotebookNode:
    """The chapter in Markdown that Colab reads, without outputs (``notebooks/colab_markdown.py``)."""
    return colab_markdown.colab_notebook(nb, lang, labels, REPO, BRANCH, editions.pages_url())


def make_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter prefixes, e.g. 03 (default: all)")
    parser.add_argument("--no-exec", action="store_true", help="write notebooks without executing them")
    parser.add_argument("--prose-only", action="store_true",
                        help="update only the prose of the committed notebooks, keeping their outputs")
    parser.add_argument("--colab-only", action="store_true",
                        help="write only the Colab copies (notebooks/colab/<lang>/), which are never executed")
    parser.add_argument("--redraw", type=int, nargs="+", metavar="CELL",
                        help="execute, but keep the committed outputs of every code cell except these (chapters 4 "
                             "and 7, whose training cells print other digits on another CPU: redraw a figure)")
    parser.add_argument("--lang", choices=LANGS, nargs="*", default=list(LANGS))
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    args = parser.parse_args()
    chapters = sources()
    if args.chapters:
        chapters = [p for p in chapters if any(p.stem.startswith(c) for c in args.chapters)]
    labels = citations.labels()
    for path in chapters:
        chapter = load_chapter(path)
        for lang in args.lang:
            nb = build_notebook(chapter, path.stem, lang)
            nbformat.write(tidy(colab_copy(nb, lang, labels)), make_folder(HERE / "colab" / lang) / f"{path.stem}.ipynb")
            if args.colab_only:
                continue
            out = make_folder(HERE / lang) / f"{path.stem}.ipynb"
            if args.prose_only:
                nb = with_new_prose(nb, out)
            elif not args.no_exec:
                tic = time.time()
                NotebookClient(nb, timeout=args.timeout, kernel_name="python3", store_widget_state=True,
                               resources={"metadata": {"path": str(out.parent)}}).execute()
                print(f"{out.relative_to(HERE.parent)}: executed in {time.time() - tic:.0f} s", flush=True)
                nb = smaller_figures(nb)
                if args.redraw:
                    nb = with_redrawn(nb, out, set(args.redraw))
            nbformat.write(tidy(nb), out)


if __name__ == "__main__":
    main()
