"""The committed chapters: ko/en parity, in sync with notebooks/src, executed, and Hangul-safe figures."""
import importlib.util
import json
import warnings
from pathlib import Path

import matplotlib
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / "notebooks"
KO = sorted((NB / "ko").glob("*.ipynb"))
EN = sorted((NB / "en").glob("*.ipynb"))
CHAPTERS = ["00_introduction", "01_autoencoder", "02_latent_space", "03_objective", "04_training",
            "05_reconstructions", "06_tsne", "07_tuning", "08_results"]


def _load_builder():
    spec = importlib.util.spec_from_file_location("nb_build", NB / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def code_cells(path):
    return [c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code"]


def test_both_languages_have_every_chapter():
    assert [p.stem for p in KO] == CHAPTERS
    assert [p.stem for p in EN] == CHAPTERS


@pytest.mark.parametrize("name", CHAPTERS)
def test_ko_and_en_code_cells_are_identical(name):
    ko, en = code_cells(NB / "ko" / f"{name}.ipynb"), code_cells(NB / "en" / f"{name}.ipynb")
    assert len(ko) == len(en) and len(ko) >= 3
    for i, (a, b) in enumerate(zip(ko, en)):
        assert a == b, f"{name}: code cell {i} differs between ko and en"


@pytest.mark.parametrize("name", CHAPTERS)
def test_notebooks_match_their_source_and_were_executed(name):
    builder = _load_builder()
    chapter = builder.load_chapter(NB / "src" / f"{name}.py")
    for lang in ("ko", "en"):
        committed = nbformat.read(NB / lang / f"{name}.ipynb", 4)
        fresh = builder.build_notebook(chapter, name, lang)
        assert [c.source for c in committed.cells] == [c.source for c in fresh.cells], \
            f"{lang}/{name}.ipynb is out of date: run `python notebooks/build.py {name[:2]}`"
        for cell in committed.cells:
            if cell.cell_type == "code" and cell.source.strip():
                assert cell.execution_count is not None, f"{lang}/{name}: a code cell was never executed"
                for out in cell.get("outputs", []):
                    assert out.get("output_type") != "error", f"{lang}/{name}: a cell raised {out.get('ename')}"


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


def test_korean_notebook_outputs_have_no_missing_glyph_warnings():
    for path in KO:
        for cell in nbformat.read(path, 4).cells:
            for out in cell.get("outputs", []):
                text = out.get("text", "") + json.dumps(out.get("data", {}).get("text/plain", ""))
                for warning in ("missing from font", "Glyph", "findfont"):
                    assert warning not in text, f"{path.name}: a font warning in the output: {text[:200]}"


def test_korean_figure_text_renders_with_a_hangul_font(monkeypatch):
    monkeypatch.setenv("DKM_LANG", "ko")
    from dkm_lib import plots

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
