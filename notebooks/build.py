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
import importlib.util
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
LANGS = ("ko", "en")
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(SRC))   # the chapters' `from bilingual import code, md`
from dkm_lib.book import repository  # noqa: E402  (the repository is set once, in _config.yml)

REPO, BRANCH = repository()["slug"], repository()["branch"]

SWITCH = {
    "ko": "[English version](../en/{name}.ipynb) · "
          "[Colab에서 열기](https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/ko/{name}.ipynb)",
    "en": "[한국어판](../ko/{name}.ipynb) · "
          "[Open in Colab](https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/en/{name}.ipynb)",
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
    for cell in chapter.CELLS:
        if cell["kind"] == "md":
            cells.append(nbformat.v4.new_markdown_cell(cell[lang]))
        else:
            meta = {"tags": cell["tags"]} if cell["tags"] else {}
            if cell.get("alt"):   # myst-nb gives the cell's images this alt text
                meta["mystnb"] = {"image": {"alt": cell["alt"][lang]}}
            cells.append(nbformat.v4.new_code_cell(cell["source"], metadata=meta))
    nb.cells = cells
    return nb


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Stable cell ids and no execution timestamps, so a rebuild only changes what really changed."""
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
        cell.metadata.pop("execution", None)
    return nb


def with_new_prose(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """The committed notebook at ``path`` with the prose of ``nb``: outputs kept, nothing re-executed.

    Only for a change of prose: if any code cell differs, the chapter must be executed again.
    """
    old = nbformat.read(path, as_version=4)
    same_code = [c.cell_type for c in old.cells] == [c.cell_type for c in nb.cells] and all(
        o.source == n.source for o, n in zip(old.cells, nb.cells) if n.cell_type == "code")
    if not same_code:
        raise SystemExit(f"{path}: code cells changed, so its outputs would be stale; execute it (no --prose-only)")
    for o, n in zip(old.cells, nb.cells):
        if n.cell_type == "markdown":
            o.source = n.source
        else:   # tags and alt text: what the book shows around the same outputs
            o.metadata = n.metadata
    return old


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter prefixes, e.g. 03 (default: all)")
    parser.add_argument("--no-exec", action="store_true", help="write notebooks without executing them")
    parser.add_argument("--prose-only", action="store_true",
                        help="update only the prose of the committed notebooks, keeping their outputs")
    parser.add_argument("--lang", choices=LANGS, nargs="*", default=list(LANGS))
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    args = parser.parse_args()
    chapters = sources()
    if args.chapters:
        chapters = [p for p in chapters if any(p.stem.startswith(c) for c in args.chapters)]
    for path in chapters:
        chapter = load_chapter(path)
        for lang in args.lang:
            nb = build_notebook(chapter, path.stem, lang)
            out = HERE / lang / f"{path.stem}.ipynb"
            out.parent.mkdir(exist_ok=True)
            if args.prose_only:
                nb = with_new_prose(nb, out)
            elif not args.no_exec:
                tic = time.time()
                NotebookClient(nb, timeout=args.timeout, kernel_name="python3", store_widget_state=True,
                               resources={"metadata": {"path": str(out.parent)}}).execute()
                print(f"{out.relative_to(HERE.parent)}: executed in {time.time() - tic:.0f} s", flush=True)
            nbformat.write(tidy(nb), out)


if __name__ == "__main__":
    main()
