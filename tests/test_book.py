"""The book's profile and load-or-train: what a chapter shows never depends on a visible GPU."""
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
import torch
from nbclient import NotebookClient

from dkm_lib import book, evaluate, load_checkpoint
from dkm_lib.checkpoints import read_checkpoint
from dkm_lib.config import config_from_dict
from tests.conftest import checked_outputs, sanitize

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def cuda_visible(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)


@pytest.fixture()
def no_training(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("load_or_train trained although a run exists")
    monkeypatch.setattr(book, "train", refuse)


@pytest.fixture()
def fake_train(monkeypatch, tmp_path):
    """``train`` and ``train_in_stages`` that record how they were asked and write the shipped checkpoint as the
    finished run."""
    calls = []

    def finished(config) -> Path:
        Path(config.out_dir).mkdir(parents=True, exist_ok=True)
        shutil.copy(book.checkpoint_path("improved"), Path(config.out_dir) / "model.pt")
        return Path(config.out_dir) / "model.pt"

    def train(config, resume=False):
        calls.append((config, resume, "one go"))
        finished(config)

    def train_in_stages(config, resume=False):
        calls.append((config, resume, "stages"))
        (Path(config.out_dir) / "joint").mkdir(parents=True, exist_ok=True)
        shutil.copy(book.checkpoint_path("improved"), Path(config.out_dir) / "joint" / "model.pt")
        return finished(config)
    monkeypatch.setattr(book, "train", train)
    monkeypatch.setattr(book, "train_in_stages", train_in_stages)
    monkeypatch.setattr(book, "RUNS", tmp_path / "runs")
    return calls


def test_profile_is_the_environment_variable_else_full_only_on_a_gpu(monkeypatch):
    monkeypatch.delenv("DKM_PROFILE", raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert book.profile() == "quick"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert book.profile() == "full"
    monkeypatch.setenv("DKM_PROFILE", "quick")
    assert book.profile() == "quick"


def test_the_tests_run_the_quick_profile_on_a_gpu(cuda_visible):
    """A bare `pytest` on a GPU machine (no DKM_PROFILE, as on a reader's workstation) compares quick-profile
    outputs like `make test`, instead of training the full profile's runs: conftest pins it. Run by the test below,
    in a pytest started without DKM_PROFILE (here the Makefile sets it, which proves nothing)."""
    if not os.environ.get("DKM_BARE_PYTEST"):
        pytest.skip("run by test_a_bare_pytest_pins_the_quick_profile")
    assert book.profile() == "quick"


def test_a_bare_pytest_pins_the_quick_profile():
    env = {**{k: v for k, v in os.environ.items() if k != "DKM_PROFILE"}, "DKM_BARE_PYTEST": "1"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "tests/test_book.py::test_the_tests_run_the_quick_profile_on_a_gpu"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout[-2000:] + run.stderr[-2000:]


def test_quick_profile_loads_the_shipped_run_on_the_cpu_with_cuda_visible(monkeypatch, cuda_visible, no_training,
                                                                          mnist_test):
    monkeypatch.setenv("DKM_PROFILE", "quick")
    model, history = book.load_or_train("improved")
    assert next(model.parameters()).device.type == "cpu"
    recorded = json.loads((ROOT / "checkpoints" / "improved.json").read_text())["metrics"]["acc"]
    assert history["metrics"]["acc"] == recorded == 0.9566
    assert evaluate(model, *mnist_test)["acc"] == recorded


def test_full_profile_trains_a_missing_run_with_the_shipped_seed_then_loads_it(monkeypatch, fake_train):
    """As the shipped run was made: a study run (improved) in two stages, with the shipped seed."""
    monkeypatch.setenv("DKM_PROFILE", "full")
    shipped = json.loads((ROOT / "checkpoints" / "improved.json").read_text())
    assert book.shipped_seed("improved") == shipped["seed"] and shipped["study_recipe"]
    book.load_or_train("improved")
    (config, resume, how), = fake_train
    assert (config.seed, config.epochs, config.init, config.val_size) == (shipped["seed"], 50, "umap", 5000)
    assert how == "stages" and resume   # a stage that stopped half-way goes on from its last.pt
    assert config.out_dir == str(book.RUNS / "improved")
    book.load_or_train("improved")             # the run exists now: loaded, not trained again
    assert len(fake_train) == 1
    (book.RUNS / "improved" / "autoencoder").mkdir()
    book.load_or_train("improved", retrain=True)
    assert len(fake_train) == 2
    assert not (book.RUNS / "improved" / "autoencoder").exists(), "an old stage outlived retrain=True"


def test_full_profile_trains_a_run_made_in_one_go_again_in_stages(monkeypatch, fake_train):
    """A runs/book/improved from before the book trained it in stages is not the shipped run's path."""
    monkeypatch.setenv("DKM_PROFILE", "full")
    (book.RUNS / "improved").mkdir(parents=True)
    shutil.copy(book.checkpoint_path("improved"), book.RUNS / "improved" / "model.pt")
    book.load_or_train("improved")
    assert [how for _, _, how in fake_train] == ["stages"]
    book.load_or_train("improved")
    assert len(fake_train) == 1


def test_a_config_is_never_answered_with_another_run(monkeypatch, fake_train):
    """load_or_train(name, config): an existing run made with other settings is refused, not returned."""
    monkeypatch.setenv("DKM_PROFILE", "full")
    saved = read_checkpoint(book.checkpoint_path("improved"))["config"]
    same = config_from_dict({**saved, "device": "cuda", "eval_every": 1})   # how it runs, not what it learns
    book.load_or_train("improved", config=same)           # trains: no run yet
    book.load_or_train("improved", config=same)           # the run exists and is that config: loaded
    assert len(fake_train) == 1
    lam = saved["lam"]
    with pytest.raises(ValueError, match=rf"improved/model.pt was trained with other settings than config "
                                         rf"\(lam: {lam!r}, not {lam * 2!r}\): pass retrain=True"):
        book.load_or_train("improved", config=replace(same, lam=lam * 2))
    assert len(fake_train) == 1


def test_a_run_name_is_a_folder_name(monkeypatch, fake_train):
    for name in ("..", "../improved", ""):
        with pytest.raises(ValueError, match="the name of its folder"):
            book.load_or_train(name, retrain=True)


def _same_weights(a, b) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def test_before_clustering_is_the_same_run_in_either_profile(monkeypatch, fake_train):
    """Quick: the shipped snapshot; full: the snapshot of the run trained here, never the shipped one."""
    monkeypatch.setenv("DKM_PROFILE", "quick")
    shipped = book.load_before_clustering("improved")
    assert _same_weights(shipped, load_checkpoint(book.checkpoint_path("improved_autoencoder")))
    monkeypatch.setenv("DKM_PROFILE", "full")
    with pytest.raises(FileNotFoundError, match=r"call book.load_or_train\('improved'\) first"):
        book.load_before_clustering("improved")
    book.load_or_train("improved")
    # the fake run's own snapshot: any weights other than the shipped snapshot's
    shutil.copy(book.checkpoint_path("improved"), book.RUNS / "improved" / "pretrained.pt")
    here = book.load_before_clustering("improved")
    assert _same_weights(here, load_checkpoint(book.checkpoint_path("improved")))
    assert not _same_weights(here, shipped)
    book.load_or_train("improved", retrain=True)   # a new run: the old snapshot is not its "before"
    with pytest.raises(FileNotFoundError, match="pretrained.pt is missing"):
        book.load_before_clustering("improved")


def test_an_interrupted_run_is_resumed(monkeypatch, fake_train):
    monkeypatch.setenv("DKM_PROFILE", "full")
    (book.RUNS / "seed").mkdir(parents=True)
    (book.RUNS / "seed" / "last.pt").write_bytes(b"")
    book.load_or_train("seed")
    (config, resume, how), = fake_train
    assert resume and config.seed == 0 and how == "one go"   # the blog's recipe has no autoencoder stage


def test_unknown_run_names_what_exists(monkeypatch, fake_train):
    monkeypatch.setenv("DKM_PROFILE", "quick")
    with pytest.raises(ValueError, match="no run named 'nope'.*presets: seed, improved, quick"):
        book.load_or_train("nope")


def test_checked_cells_give_the_same_output_with_cuda_visible(monkeypatch):
    """Chapter 05 (its checked cells load the shipped model and score it), run as `make test` runs it."""
    monkeypatch.setenv("DKM_PROFILE", "quick")
    path = ROOT / "notebooks" / "en" / "05_reconstructions.ipynb"
    committed = nbformat.read(path, 4)
    nb = nbformat.read(path, 4)
    nb.cells.insert(0, nbformat.v4.new_code_cell("import torch\ntorch.cuda.is_available = lambda: True"))
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    assert "device=cuda" in "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert checked_outputs(nb) == checked_outputs(committed)


def test_a_table_heads_its_columns_in_korean_in_html_and_markdown_and_prints_one_plain_text(korean):
    table = book.Table(["recipe", "seeds", "NMI"], [["improved", "10", "0.9"]])
    html, markdown, text = table._repr_html_(), table._repr_markdown_(), repr(table)
    korean.set_language("en")
    assert "<th>레시피</th><th>시드 수</th><th>NMI</th>" in html
    assert markdown.splitlines()[0] == "| 레시피 | 시드 수 | NMI |"   # a Markdown-first renderer shows Korean too
    assert table._repr_markdown_().splitlines()[0] == "| recipe | seeds | NMI |"
    assert text == repr(table)            # what both editions' checked outputs compare
    assert "<th>recipe</th><th>seeds</th>" in table._repr_html_()


def test_a_tables_names_show_in_korean_in_the_korean_edition_and_print_in_english(korean):
    from dkm_lib.data import FASHION_MNIST_CLASSES, FASHION_MNIST_CLASSES_KO

    table = book.Table(["kind", "largest share of the rest in"], [["Shirt", "Pullover"]],
                       cells_ko=FASHION_MNIST_CLASSES_KO)
    html, markdown, text = table._repr_html_(), table._repr_markdown_(), repr(table)
    korean.set_language("en")
    assert "<td>셔츠</td><td>풀오버</td>" in html and markdown.splitlines()[-1] == "| 셔츠 | 풀오버 |"
    assert text == repr(table) and "Shirt" in text and "<td>Shirt</td>" in table._repr_html_()
    names = FASHION_MNIST_CLASSES_KO
    assert set(names) == set(FASHION_MNIST_CLASSES) and len(set(names.values())) == 10


def test_terms_and_text_show_the_readers_language_and_print_the_english(korean):
    """Chapter 8's recipe descriptions and headline rule: Korean in the Korean edition's pages, the same plain text
    (the English, what nbval checks) in both editions."""
    terms = book.Terms([("distill", {"en": "10 joint epochs", "ko": "결합 학습 10 에폭"}), ("a<b", {"en": "x & y"})])
    text = book.Text({"en": "headline rule: highest", "ko": "대표 레시피를 고른 규칙"})
    korean_html = terms._repr_html_() + text._repr_html_()
    plain = repr(terms), repr(text)
    korean.set_language("en")
    assert "결합 학습 10 에폭</dd>" in korean_html and "대표 레시피를 고른 규칙</pre>" in korean_html
    assert "<code>a&lt;b</code>" in korean_html and "x &amp; y</dd>" in korean_html   # no Korean: the English, escaped
    assert "10 joint epochs</dd>" in terms._repr_html_() and "headline rule: highest</pre>" in text._repr_html_()
    assert plain == (repr(terms), repr(text)) == ("distill: 10 joint epochs\na<b: x & y", "headline rule: highest")
    # a long line: one line in the page's HTML, which wraps it to the screen; wrapped at 88 in the plain text
    long = book.Text({"en": "rule: " + "word " * 40 + "\n  0.9691  distill"})
    assert "\n" not in long._repr_html_().split("0.9691")[0].removesuffix("\n  ")
    assert [len(line) <= 88 for line in repr(long).splitlines()] == [True] * 4
    assert repr(long).endswith("\n  0.9691  distill")


def test_every_recipe_and_rule_chapter_8_describes_has_its_korean():
    from dkm_lib import report, reproduce, study_plan

    for english, korean_words in ((study_plan.DESCRIPTIONS, study_plan.DESCRIPTIONS_KO),
                                  (reproduce.DESCRIPTIONS, reproduce.DESCRIPTIONS_KO)):
        assert korean_words.keys() == english.keys()
        # in Korean words, but for "distill, λ=0.2" and the like, which read the same in both
        assert all(re.search("[가-힣]", text) or re.fullmatch(r"[\w.]+, λ=[\d.]+", text)
                   for text in korean_words.values())
    late = {**study_plan.LATE_CANDIDATES, **study_plan.AUGMENTED_LATE}
    assert set(late.values()) == set(study_plan.WHEN_KO)
    summary = report.summarise(report.load_study())
    blocks = report.rule_block(summary["headline"], study_plan.LATE_CANDIDATES, {"en": "rule", "ko": "규칙"})
    assert blocks["en"].replace("\n", " ").startswith(f"rule: {summary['headline']['rule']}")
    assert "후보가 되었습니다" in blocks["ko"] and "0.9691" in blocks["ko"] and "joined" not in blocks["ko"]


def test_no_table_in_the_korean_edition_has_an_english_column_header():
    """A header missing from ``book.HEADERS_KO`` shows up here once the chapter is re-executed."""
    found = 0
    for path in sorted((ROOT / "notebooks" / "ko").glob("*.ipynb")):
        for cell in nbformat.read(path, 4).cells:
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get("text/html", "")
                for header in re.findall(r"<th>(.*?)</th>", "".join(html)):
                    found += 1
                    assert re.search("[가-힣]", header) or header in {"", "NMI", "ARI"} \
                        or header.startswith(("CPU: ", "GPU: ")), f"{path.name}: header {header!r}"
    assert found >= 20


def test_the_sanitizer_hides_timings_not_digits_named_in_an_output():
    """nbval compares checked outputs after tests/nbval_sanitize.cfg: "took 3.2 s" may change, "58% 5s" may not."""
    for timing in ("took 3.2 s", "UMAP of 2000 latents: 11 s", "0.5s", "35 ms", "12 seconds"):
        assert "TIME" in sanitize(timing), timing
    for digits in ("9: 58% 5s, 26% 3s", "the 8s' and 9s'", "of all 7s"):
        assert sanitize(digits) == digits, digits


def test_a_mistyped_profile_is_refused(monkeypatch):
    """A typo must not fall back to choosing by GPU (a chapter would train, or load, what nobody asked for)."""
    monkeypatch.setenv("DKM_PROFILE", "quik")
    with pytest.raises(ValueError, match="DKM_PROFILE must be 'full' or 'quick', got 'quik'"):
        book.profile()
    monkeypatch.setenv("DKM_PROFILE", " Full ")
    assert book.profile() == "full"
