"""The committed chapters: ko/en parity, in sync with notebooks/src, executed, and Hangul-safe figures."""
import ast
import html
import html.parser
import importlib.util
import json
import re
import warnings
from pathlib import Path

import matplotlib
import nbformat
import pytest

from tests.conftest import HANGUL, IMAGE_MIMES, checked_outputs, makefile_value

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / "notebooks"
KO = sorted((NB / "ko").glob("*.ipynb"))
EN = sorted((NB / "en").glob("*.ipynb"))
APPENDICES = {"09_pytorch_primer": "A"}   # appendix letter; titled "부록 A." / "Appendix A."


def _title_prefix(name: str, lang: str) -> str:
    letter = APPENDICES.get(name)
    if letter:
        return {"ko": f"부록 {letter}. ", "en": f"Appendix {letter}. "}[lang]
    return {"ko": f"{int(name[:2])}장. ", "en": f"Chapter {int(name[:2])}. "}[lang]


def _load_builder():
    spec = importlib.util.spec_from_file_location("nb_build", NB / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHAPTERS = [path.stem for path in _load_builder().sources()]   # every notebooks/src/NN_name.py


def code_cells(path):
    """The chapter's code cells (not the builder's install cell, which also sets the language)."""
    return [c.source for c in nbformat.read(path, 4).cells
            if c.cell_type == "code" and "remove-cell" not in c.metadata.get("tags", [])]


def test_both_languages_have_every_chapter():
    assert len(CHAPTERS) >= 10
    assert [p.stem for p in KO] == CHAPTERS
    assert [p.stem for p in EN] == CHAPTERS


@pytest.mark.parametrize("name", CHAPTERS)
def test_ko_and_en_code_cells_are_identical(name):
    ko, en = code_cells(NB / "ko" / f"{name}.ipynb"), code_cells(NB / "en" / f"{name}.ipynb")
    assert len(ko) == len(en) and len(ko) >= 3
    for i, (a, b) in enumerate(zip(ko, en)):
        assert a == b, f"{name}: code cell {i} differs between ko and en"


# `make test` executes the Korean notebooks (nbval; the PORTABLE chapters under a second numeric setup),
# except COLAB's, whose English twins the Colab check runs: a chapter run in one language stands for both
# only if both print the same checked outputs.
MAKEFILE = ROOT.joinpath("Makefile").read_text()
PORTABLE, COLAB = makefile_value("PORTABLE").split(), makefile_value("COLAB").split()


def test_make_test_executes_every_chapter_once():
    """The main run skips exactly COLAB's Korean notebooks; tests/colab_install.sh runs their English twins."""
    command = MAKEFILE.split("\ntest: ")[1].split("\n\n")[0]
    assert "notebooks/ko tests" in command and "$(COLAB:%=--ignore=notebooks/ko/%.ipynb)" in command
    assert COLAB and set(COLAB) <= set(CHAPTERS), set(COLAB) - set(CHAPTERS)
    script = ROOT.joinpath("tests", "colab_install.sh").read_text()
    assert "chapters=$(make_list COLAB)" in script and 'args+=("notebooks/en/$name.ipynb")' in script
    assert "$(make_list NBVAL)" in script and "portable=$(make_list PORTABLE)" in script
    # the kernels must run the Colab venv's Python, with its own torch, not whatever kernel is registered
    assert "--nbval-current-env" in makefile_value("NBVAL")
    # and compares the cells tagged nbval-approx to their tolerance there too (the plugin travels with NBVAL)
    assert "-p tests.nbval_approx" in makefile_value("NBVAL")


def test_make_test_hands_out_the_longest_files_first():
    """conftest.LONGEST_FIRST orders the files; xdist keeps that order only with --no-loadscope-reorder."""
    from tests.conftest import LONGEST_FIRST

    command = MAKEFILE.split("\ntest: ")[1].split("\n\n")[0]
    assert "--dist loadfile --no-loadscope-reorder" in command, "make test: xdist would reorder the files"
    files = {p.name for p in [*ROOT.joinpath("tests").glob("test_*.py"), *NB.joinpath("ko").glob("*.ipynb")]}
    assert set(LONGEST_FIRST) <= files, set(LONGEST_FIRST) - files   # a renamed file would fall to the end


def test_a_cell_checked_to_a_tolerance_is_a_checked_cell():
    """nbval --nbval-lax compares only cells tagged nbval-check-output: nbval-approx alone would check nothing."""
    from tests.nbval_approx import tolerance

    tagged = [(path, c) for path in sorted(NB.glob("*/*.ipynb")) for c in nbformat.read(path, 4).cells
              if tolerance(c.metadata.get("tags", [])) is not None]
    assert len(tagged) >= 2 * 17, len(tagged)   # 17 cells in each of ko and en
    for path, cell in tagged:
        assert "nbval-check-output" in cell.metadata["tags"], \
            f"{path.relative_to(NB)}: {cell.source[:40]!r} is tagged nbval-approx only"


@pytest.mark.parametrize("path", KO + EN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_widget_shown_is_in_the_saved_widget_state(path):
    """A widget output names models of the notebook's saved widget state: chapter 7's panel, redrawn alone while the
    old state was kept, rendered as nothing on the web page (the panel's sliders never appeared)."""
    nb, view = json.loads(path.read_text()), _load_builder().WIDGET_VIEW
    state = nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    shown = [out["data"][view]["model_id"] for cell in nb["cells"] for out in cell.get("outputs", [])
             if view in out.get("data", {})]
    assert all(model in state for model in shown), f"{path.name}: widgets {shown} not in the saved state"


def test_a_redraw_keeps_the_widget_state_its_widget_views_name(tmp_path):
    """build.py --redraw: kept widget cells keep the committed widget state, redrawn ones take the new run's, and a
    redraw of one widget cell that keeps another is refused (one saved state serves the whole notebook)."""
    builder = _load_builder()
    view = builder.WIDGET_VIEW

    def notebook(models: list[str]) -> nbformat.NotebookNode:
        nb = nbformat.v4.new_notebook()
        for i, model in enumerate(models):   # one widget cell per model, then a printing cell
            out = nbformat.v4.new_output("display_data", data={view: {"model_id": model}, "text/plain": "panel"})
            nb.cells.append(nbformat.v4.new_code_cell(f"panel_{i}", outputs=[out]))
        nb.cells.append(nbformat.v4.new_code_cell("print(1)", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n")]))
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {m: {} for m in models}}}
        return nb

    def state(nb: nbformat.NotebookNode) -> set[str]:
        return set(nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"])

    path = tmp_path / "old.ipynb"
    nbformat.write(notebook(["old"]), path)
    assert state(builder.with_redrawn(notebook(["new"]), path, {0})) == {"new"}   # the redrawn view's state
    kept = builder.with_redrawn(notebook(["new"]), path, {1})
    assert state(kept) == {"old"} and kept.cells[0].outputs[0]["data"][view]["model_id"] == "old"
    nbformat.write(notebook(["old0", "old1"]), path)
    with pytest.raises(SystemExit, match="redraw every cell that shows one"):
        builder.with_redrawn(notebook(["new0", "new1"]), path, {0})


@pytest.mark.parametrize("name", CHAPTERS)
def test_both_languages_print_the_same_checked_outputs(name):
    ko, en = (checked_outputs(nbformat.read(NB / lang / f"{name}.ipynb", 4)) for lang in ("ko", "en"))
    assert en and all(en), f"{name}: no checked output (or an empty one): nbval would compare nothing"
    if name in PORTABLE:
        assert len(en) >= 3, f"{name}: too few checked outputs to stand for the chapter"
    assert ko == en, f"{name}: the checked outputs differ between ko and en"


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_language_choice_in_code_has_both_languages(name):
    """`make test` does not execute every English notebook: a `{"ko": .., "en": ..}` missing one fails here."""
    for cell in nbformat.read(NB / "ko" / f"{name}.ipynb", 4).cells:
        if cell.cell_type != "code" or "remove-cell" in cell.metadata.get("tags", []):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            keys = {k.value for k in getattr(node, "keys", []) if isinstance(k, ast.Constant)}
            if isinstance(node, ast.Dict) and keys & {"ko", "en"}:
                assert {"ko", "en"} <= keys, f"{name}: a dict has {sorted(keys)} but not both languages"


def _bound_names(tree: ast.AST) -> set[str]:
    """Names a piece of code binds: assignments, loop targets, imports, functions, classes and their arguments."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def _module_names(tree: ast.Module) -> set[str]:
    """Names a cell leaves defined for the cells after it: ``_bound_names`` outside its functions and classes."""
    names = set()
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        else:
            names |= _bound_names(statement) - {n.arg for n in ast.walk(statement) if isinstance(n, ast.arg)}
    return names


@pytest.mark.parametrize("name", CHAPTERS)
def test_code_in_the_prose_runs_in_the_chapter(name):
    """A snippet the prose asks the reader to run (an exercise's variation) parses, is the same in both languages,
    and uses only names the chapter's code defines: it is never executed by the tests, so a renamed helper would
    leave it failing for the reader."""
    import builtins

    snippets = {}
    for lang in ("ko", "en"):
        cells = nbformat.read(NB / lang / f"{name}.ipynb", 4).cells
        prose = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        snippets[lang] = re.findall(r"^```python\n(.*?)^```", prose, re.M | re.S)
        defined = set(dir(builtins)).union(*(_module_names(ast.parse(c.source)) for c in cells
                                             if c.cell_type == "code" and not c.source.lstrip().startswith("%")))
        for snippet in snippets[lang]:
            tree = ast.parse(snippet)
            used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            missing = sorted(used - defined - _bound_names(tree))
            assert not missing, f"{lang}/{name}: a snippet in the prose uses {missing}, which the chapter never defines"
    assert snippets["ko"] == snippets["en"], f"{name}: the prose's code differs between ko and en"


@pytest.mark.parametrize("name", CHAPTERS)
def test_notebooks_match_their_source_and_were_executed(name):
    builder = _load_builder()
    chapter = builder.load_chapter(NB / "src" / f"{name}.py")
    for lang in ("ko", "en"):
        committed = nbformat.read(NB / lang / f"{name}.ipynb", 4)
        fresh = builder.build_notebook(chapter, name, lang)
        assert [c.source for c in committed.cells] == [c.source for c in fresh.cells], \
            f"{lang}/{name}.ipynb is out of date: run `python notebooks/build.py {name[:2]}`"
        assert [c.metadata for c in committed.cells if c.cell_type == "code"] == \
               [c.metadata for c in fresh.cells if c.cell_type == "code"], \
            f"{lang}/{name}.ipynb: tags or alt text out of date: `python notebooks/build.py {name[:2]} --prose-only`"
        for cell in committed.cells:
            if cell.cell_type == "code" and cell.source.strip():
                assert cell.execution_count is not None, f"{lang}/{name}: a code cell was never executed"
                for out in cell.get("outputs", []):
                    assert out.get("output_type") != "error", f"{lang}/{name}: a cell raised {out.get('ename')}"
                streams = [out.get("name") if out.get("output_type") == "stream" else None for out in cell.outputs]
                assert not any(a and a == b for a, b in zip(streams, streams[1:])), \
                    f"{lang}/{name}: printed text split in two outputs: `python notebooks/build.py {name[:2]} " \
                    "--prose-only` merges them"


@pytest.mark.parametrize("name", CHAPTERS)
def test_answers_are_folded_in_jupyterlab(name):
    """JupyterLab ignores the book's solution boxes (and its `hide-input`): a reader who scrolled to an exercise
    read its answer. Every cell of a solution, prose, code and output, is folded there (nbformat's
    `jupyter.source_hidden`, `outputs_hidden`), and nothing else is but the code the book folds."""
    builder = _load_builder()
    start, end = builder.SOLUTION_START, builder.SOLUTION_END
    for lang in ("ko", "en"):
        inside, answers = False, 0
        for i, cell in enumerate(nbformat.read(NB / lang / f"{name}.ipynb", 4).cells):
            folded = cell.metadata.get("jupyter", {})
            where = f"{lang}/{name} cell {i}"
            if cell.cell_type == "markdown":
                assert bool(folded.get("source_hidden")) == inside, f"{where}: shows a solution, or folds other prose"
                if inside:   # a solution's prose: folded up to its end marker, and the next exercise not with it
                    assert ":::{solution-start}" not in cell.source, where
                    inside = not end.search(cell.source)
                else:        # before the answer: a cell that opens a solution ends where the solution starts
                    assert ":::{solution-end}" not in cell.source, f"{where}: a solution's end is not folded"
                    # a solution written in one piece is a box that Lab folds itself (jupyterlab-myst's <details>)
                    for box in re.findall(r"^:::\{solution\}[^\n]*\n((?::[^\n]*\n)*)", cell.source, re.M):
                        assert ":class: dropdown" in box, f"{where}: a solution that is not folded"
                    inside = ":::{solution-start}" in cell.source
                    assert not inside or start.search(cell.source), f"{where}: the answer starts in a cell that shows"
            elif inside:
                answers += 1
                assert folded == {"source_hidden": True, "outputs_hidden": True}, f"{where}: a solution's code shows"
            else:
                hide = "hide-input" in cell.metadata.get("tags", [])
                assert folded == ({"source_hidden": True} if hide else {}), f"{where}: {folded}, hide-input {hide}"
        assert not inside and answers >= 2, f"{lang}/{name}: {answers} folded solution code cells"


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_figure_has_alt_text_in_its_language(name):
    """A figure's <img alt> in the book is its cell's alt text, not the file name of the picture."""
    for lang in ("ko", "en"):
        for i, cell in enumerate(nbformat.read(NB / lang / f"{name}.ipynb", 4).cells):
            drawn = cell.cell_type == "code" and any(m in o.get("data", {}) for o in cell.get("outputs", [])
                                                     for m in IMAGE_MIMES)
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            if not drawn:
                assert not alt, f"{lang}/{name} cell {i}: alt text on a cell that draws nothing"
                continue
            assert len(alt) >= 40, f"{lang}/{name} cell {i} draws a figure; its alt text is {alt!r}"
            assert bool(HANGUL.search(alt)) == (lang == "ko"), f"{lang}/{name} cell {i}: alt not in {lang}: {alt!r}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapters_have_objectives_summary_and_exercises(name):
    wanted = {"ko": ["이 장에서 배울 것", "요약", "연습 문제"], "en": ["What you will learn", "Summary", "Exercises"]}
    for lang, headings in wanted.items():
        text = "\n".join(c.source for c in nbformat.read(NB / lang / f"{name}.ipynb", 4).cells
                         if c.cell_type == "markdown")
        for heading in headings:
            assert f"## {heading}" in text, f"{lang}/{name}: missing section '{heading}'"
        twin = "en" if lang == "ko" else "ko"
        assert f"../{twin}/{name}.ipynb" in text, f"{lang}/{name}: no link to the other language"


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_control_characters_in_the_cells(name):
    r"""A backslash escape in a non-raw source string (`\\approx` written `\approx`) leaves a control character
    (BEL) in the notebook, and the reader sees broken math: none in any cell of either language."""
    import re
    for lang in ("ko", "en"):
        for i, c in enumerate(nbformat.read(NB / lang / f"{name}.ipynb", 4).cells):
            bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c.source)
            assert not bad, f"{lang}/{name} cell {i}: control character {bad.group()!r} near " \
                            f"{c.source[max(0, bad.start() - 30):bad.start() + 10]!r}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_tilde_in_the_prose(name):
    """Jupyter, Colab and GitHub read Markdown as GFM, where a pair of single tildes is strikethrough: "0.561~0.587
    … 0.076~0.143" struck out everything between them. Ranges take an en dash; no tilde outside code and math."""
    import re
    hide = r"```.*?```|~~~.*?~~~|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$"
    for lang in ("ko", "en"):
        for i, c in enumerate(nbformat.read(NB / lang / f"{name}.ipynb", 4).cells):
            prose = re.sub(hide, "", c.source, flags=re.S) if c.cell_type == "markdown" else ""
            found = prose.find("~")
            assert found < 0, f"{lang}/{name} cell {i}: a tilde near {prose[max(0, found - 30):found + 10]!r}"


def test_korean_notebook_outputs_have_no_missing_glyph_warnings():
    for path in KO:
        for cell in nbformat.read(path, 4).cells:
            for out in cell.get("outputs", []):
                text = out.get("text", "") + json.dumps(out.get("data", {}).get("text/plain", ""))
                # (mathtext's own words for it: "Font 'default' does not have a glyph for ...")
                for warning in ("missing from font", "Glyph", "does not have a glyph", "findfont"):
                    assert warning not in text, f"{path.name}: a font warning in the output: {text[:200]}"


def test_korean_figure_text_renders_with_a_hangul_font(korean):
    plots = korean
    assert plots.use_book_style(), "no Hangul font found: install koreanize-matplotlib or fonts-nanum"
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([-1, 0, 1], [-1, 0, 1])
    ax.set(xlabel=plots.t("epoch"), ylabel=plots.t("acc"), title="군집 −1 (음수 부호)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        fig.canvas.draw()
    plt.close(fig)
    assert plots.t("epoch") == "에폭"


def test_language_is_set_explicitly_and_checked():
    from dkm_lib import plots

    assert plots.language() == "en"          # nothing guessed from the folder or the environment
    with pytest.raises(ValueError, match="language must be one of"):
        plots.set_language("kr")


def _title_and_headings(path):
    """The chapter title (the builder's first cell) and the levels of every later markdown heading, fences skipped."""
    cells = [c for c in nbformat.read(path, 4).cells if c.cell_type == "markdown"]
    title = cells[0].source.splitlines()[0].removeprefix("# ")
    levels = []
    for cell in cells[1:]:
        fenced = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif not fenced and line.startswith("#"):
                levels.append(len(line) - len(line.lstrip("#")))
    return title, levels


@pytest.mark.parametrize("name", CHAPTERS)
def test_ko_and_en_have_the_same_chapter_number_and_headings(name):
    (ko_title, ko_levels), (en_title, en_levels) = (_title_and_headings(NB / lang / f"{name}.ipynb")
                                                    for lang in ("ko", "en"))
    assert ko_title.startswith(_title_prefix(name, "ko")) and en_title.startswith(_title_prefix(name, "en")), \
        (ko_title, en_title)
    assert ko_levels == en_levels, f"{name}: headings differ between ko ({ko_levels}) and en ({en_levels})"


def test_printed_library_listings_are_the_library_as_it_is():
    """A chapter that prints a function's source (``inspect.getsource``) shows the library's current code: a
    change to the function without re-running the chapter would leave the reader a stale listing."""
    import importlib
    import inspect
    import re

    home = {name: module.stem for module in sorted((ROOT / "dkm_lib").glob("*.py"))   # function -> its module
            for name in re.findall(r"^def (\w+)\(", module.read_text(), flags=re.M)}
    listings = 0
    for path in KO + EN:
        for cell in (c for c in nbformat.read(path, 4).cells if c.cell_type == "code"):
            for name in re.findall(r"print\(inspect\.getsource\((\w+)\)\)", cell.source):
                function = getattr(importlib.import_module(f"dkm_lib.{home[name]}"), name)
                printed = "".join(out.get("text", "") for out in cell.outputs if out.get("name") == "stdout")
                assert inspect.getsource(function) in printed, f"{path.parent.name}/{path.name}: {name}'s listing is " \
                    "not the library's code: re-run the chapter (notebooks/build.py)"
                listings += 1
    assert listings >= 6, listings   # lloyd (ch 3), dkm_loss (ch 3), train_step (ch 4), in both languages


def test_chapter0_lists_every_module_of_the_library():
    """Chapter 0 lists every dkm_lib module, with what it is for in the edition's language: a module added or
    removed without re-running it leaves the reader a stale map (nbval finds it too, but only in the slow Colab
    check), and the Korean edition shows each one's Korean line."""
    import re

    from dkm_lib.book import MODULES_KO

    modules = sorted(p.stem for p in (ROOT / "dkm_lib").glob("*.py") if not p.stem.startswith("_"))
    assert sorted(MODULES_KO) == modules, "book.MODULES_KO needs one Korean line for each module, and no other"
    for lang in ("ko", "en"):
        cells = nbformat.read(NB / lang / "00_introduction.ipynb", 4).cells
        (cell,) = [c for c in cells if c.cell_type == "code" and "pkgutil.iter_modules" in c.source]
        (shown,) = [out.data for out in cell.outputs if out.output_type == "execute_result"]
        assert re.findall(r"^dkm_lib\.(\w+):", shown["text/plain"], flags=re.M) == modules, f"{lang}: re-run chapter 0"
        listed = re.findall(r"<dt><code>dkm_lib\.(\w+)</code></dt><dd[^>]*>([^<]*)</dd>", shown["text/html"])
        assert [name for name, _ in listed] == modules
        assert all(bool(HANGUL.search(text)) == (lang == "ko") for _, text in listed), lang


@pytest.mark.parametrize("name", CHAPTERS)
def test_colab_copies_are_up_to_date(name):
    builder = _load_builder()
    chapter = builder.load_chapter(NB / "src" / f"{name}.py")
    labels = builder.citations.labels()
    for lang in ("ko", "en"):
        fresh = builder.tidy(builder.colab_copy(builder.build_notebook(chapter, name, lang), lang, labels))
        committed = nbformat.read(NB / "colab" / lang / f"{name}.ipynb", 4)
        assert committed == fresh, \
            f"colab/{lang}/{name}.ipynb is out of date: run `python notebooks/build.py --colab-only`"


class _Folds(html.parser.HTMLParser):
    """Rendered Markdown's text, split into what shows and what sits folded inside <details> (summaries show)."""

    def __init__(self):
        super().__init__()
        self.depth, self.in_summary, self.shown, self.folded = 0, False, [], []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "details"
        self.in_summary |= tag == "summary"

    def handle_endtag(self, tag):
        assert tag != "details" or self.depth > 0, "a </details> closes nothing"
        self.depth -= tag == "details"
        self.in_summary &= tag != "summary"

    def handle_data(self, data):
        (self.folded if self.depth and not self.in_summary else self.shown).append(data)


def _words(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)   # a link reads as its text
    return " ".join(re.sub(r"[*`_\\\"]", " ", html.unescape(text)).split())


@pytest.mark.parametrize("name", CHAPTERS)
def test_colab_copies_read_as_plain_markdown_with_every_answer_folded(name):
    """Colab reads Markdown and HTML, not MyST: the Colab copy has no directive, role or comment left, its code
    cells are the chapter's, and every answer, hint and solution of the chapter is in the copy, folded
    (inside <details>, or in a form cell whose code Colab hides), never in plain view."""
    from markdown_it import MarkdownIt

    colab, markdown = _load_builder().colab_markdown, MarkdownIt("commonmark")
    labels = _load_builder().citations.labels()
    for lang in ("ko", "en"):
        source = nbformat.read(NB / lang / f"{name}.ipynb", 4)
        copy = nbformat.read(NB / "colab" / lang / f"{name}.ipynb", 4)
        prose = "\n\n".join(c.source for c in copy.cells if c.cell_type == "markdown")
        source_prose = "\n\n".join(c.source for c in source.cells if c.cell_type == "markdown")
        for leftover in (r"^[ \t]*:{3,}", r"\{cite:\w+\}", r"^[ \t]*%", r"^[ \t]*:(label|class|nonumber):",
                         r"\]\((?!https://)[^)]*\.(ipynb|md)\)"):   # a link that leads nowhere in Colab
            assert not re.search(leftover, prose, re.M), f"colab/{lang}/{name}: MyST left: {leftover}"
        assert "colab.research.google.com" not in prose or "/notebooks/colab/" in prose
        for key in set(re.findall(r"\{cite:p\}`([^`]+)`", "".join(c.source for c in source.cells))):
            for one in key.split(","):
                assert labels[one.strip()] in prose, f"colab/{lang}/{name}: citation {one} not written out"
        # code: the chapter's own cells, in order, without outputs; the folded ones are forms with a title
        code = [c for c in copy.cells if c.cell_type == "code"]
        assert [re.sub(r"\A# @title [^\n]*\n", "", c.source) for c in code] == \
               [c.source for c in source.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code)
        hidden = [c.metadata.get("jupyter", {}).get("source_hidden", False)
                  for c in source.cells if c.cell_type == "code"]
        assert [c.metadata.get("cellView") == "form" and c.source.startswith("# @title ") for c in code] == hidden
        # every folded text of the chapter: found in the copy, and only folded
        folds = _Folds()
        folds.feed(markdown.render(prose))
        assert folds.depth == 0, f"colab/{lang}/{name}: a <details> is never closed"
        shown, folded = _words(" ".join(folds.shown)), _words(" ".join(folds.folded))
        answers = []
        for cell in source.cells:
            if cell.cell_type != "markdown":
                continue
            lines = [line for line in cell.source.split("\n") if not colab.COMMENT.match(line)]
            if cell.metadata.get("jupyter", {}).get("source_hidden"):   # a solution's prose
                answers += [line for line in lines if not colab.DIRECTIVE.match(line)]
            stack = colab.parse(lines)
            while stack:
                item = stack.pop()
                if isinstance(item, dict):
                    if colab.folds(item):
                        answers += [line for line in item["body"] if isinstance(line, str)]
                    stack += item["body"]
        answers = [re.sub(r"^\s*(?:\d+\.|[-*])\s+", "", line) for line in answers]   # a list's marker is not text
        answers = [_words(line)[:60] for line in answers if len(_words(line)) >= 25 and "$" not in line]
        # a box only the web page needs is left out; a solution in several folds numbers them
        web_only = [item for item in colab.parse(source_prose.split("\n")) if isinstance(item, dict)
                    and colab.WEB_ONLY in item["options"].get("class", "")]
        assert all(_words(item["body"][0])[:40] not in _words(prose) for item in web_only)
        titles = re.findall(r"<summary><b>(.*?)</b></summary>|^# @title (.*)$", prose + "\n" +
                            "\n".join(c.source.split("\n")[0] for c in code), re.M)
        chapter = "A" if name.startswith("09") else str(int(name[:2]))   # the exercises' numbers, as in the book
        exercise = colab.TITLES[lang]["exercise"].split(" ")[0]
        numbers = re.findall(rf"^> \*\*{exercise} (\S+) \(", prose, re.M)
        assert numbers == [f"{chapter}.{i}" for i in range(1, len(numbers) + 1)] and numbers, \
            f"colab/{lang}/{name}: {numbers}"
        solution = re.compile(re.escape(colab.TITLES[lang]["solution"]).replace(r"\{\}", ".+"))
        titles = [a or b for a, b in titles if solution.match(a or b)]
        assert titles, f"colab/{lang}/{name}: no solution's fold found"
        assert len(titles) == len(set(titles)), f"colab/{lang}/{name}: two folds of one solution, one title"
        assert answers, f"{lang}/{name}: no answer text found to check"
        for answer in answers:
            assert answer in folded, f"colab/{lang}/{name}: an answer is missing: {answer!r}"
            assert answer not in shown, f"colab/{lang}/{name}: an answer is in plain view: {answer!r}"


def test_a_redraw_keeps_every_committed_output_but_the_cells_it_names(tmp_path):
    """``build.py --redraw``: a chapter that trains live keeps its committed outputs; a cell it names, a new one
    included, shows its fresh output, and a cell whose code changed unnamed, or a named one that now prints other
    text, stops the build."""
    build = _load_builder()

    def notebook(*cells):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# title")] + [
            nbformat.v4.new_code_cell(code, outputs=[nbformat.v4.new_output("stream", name="stdout", text=text)])
            for code, text in cells]
        return nb

    committed = tmp_path / "ch.ipynb"
    nbformat.write(notebook(("train()", "ACC 0.805\n"), ("draw()", "drawn\n")), committed)
    fresh = notebook(("train()", "ACC 0.812\n"), ("by_hand()", "new\n"), ("draw()", "drawn\n"))
    kept = build.with_redrawn(fresh, committed, {2, 3})
    assert [build.printed(cell) for cell in kept.cells[1:]] == ["ACC 0.805\n", "new\n", "drawn\n"]
    with pytest.raises(SystemExit, match="cell 2 is new or changed"):
        build.with_redrawn(notebook(("train()", "ACC 0.812\n"), ("by_hand()", "new\n")), committed, set())
    with pytest.raises(SystemExit, match="cell 1 prints other text"):
        build.with_redrawn(notebook(("train()", "ACC 0.812\n")), committed, {1})
