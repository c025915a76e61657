"""Build the book once per language, as d2l.ai and ko.d2l.ai do: ``_build/html/ko/`` and ``_build/html/en/``.

``_config.yml`` and ``book/_toc.yml`` stay the single source. For each language this script derives a
config (its own ``language``, so ``<html lang>``, interface strings and search index follow) and a TOC
(the chapters of that language plus the shared pages), builds with Jupyter Book, and then writes the
landing page and the 404 page at the root of ``_build/html``.

    python book/tools/editions.py               # both languages, landing page, 404 page
    python book/tools/editions.py --config-only # only write _build/.config/{ko,en}.yml and *_toc.yml

Rules, so that new chapters, appendices or extensions in the two source files carry through untouched:
a TOC file whose path has a ``ko``/``en`` folder belongs to that language; any other file is shared;
a root ``dir/name`` is replaced by ``dir/<lang>/name`` when that file exists; a title, caption or footer
line written "Korean · English" (or "English · Korean") keeps the half in the build's language.
"""
from __future__ import annotations

import argparse
import copy
import html
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))   # its sibling: the font subsetter
import webfont  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
LANGS = ("ko", "en")
HANGUL = re.compile("[\uac00-\ud7a3]")
SUFFIXES = (".md", ".ipynb", ".rst")


def own_half(first: str, second: str, lang: str) -> int | None:
    """Which of two halves, "한국어 · English" or the reverse, is in ``lang``: 0, 1, or None unless one is Korean."""
    korean = [bool(HANGUL.search(first)), bool(HANGUL.search(second))]
    return None if korean[0] == korean[1] else korean.index(lang == "ko")


def pick(text: str, lang: str) -> str:
    """The half of a bilingual "한국어 · English" line in ``lang``; other lines unchanged."""
    lines = []
    for line in str(text).split("\n"):
        halves = line.split(" · ")
        own = own_half(*halves, lang) if len(halves) == 2 else None
        lines.append(line if own is None else halves[own])
    return "\n".join(lines)


def language_of(path: str) -> str | None:
    parts = set(Path(path).parts)
    return next((lang for lang in LANGS if lang in parts), None)


def twin(docname: str, lang: str) -> str:
    """The same page in ``lang``: ``notebooks/ko/03_objective`` -> ``notebooks/en/03_objective``."""
    return "/".join(lang if part in LANGS else part for part in docname.split("/"))


def _localized(path: str, lang: str) -> str:
    p = Path(path)
    candidate = p.parent / lang / p.name
    if any((ROOT / candidate).with_suffix(s).is_file() for s in SUFFIXES):
        return candidate.as_posix()
    return path


def expand_globs(items: list) -> list:
    """Each ``- glob: pattern`` entry as one ``- file:`` entry per matching page, sorted (as Jupyter Book does).

    ``book/_toc.yml`` lists the chapters as ``notebooks/ko/[0-9][0-9]_*``: the notebooks that
    ``notebooks/build.py`` writes from ``notebooks/src/NN_name.py``, so a new chapter needs no TOC edit.
    """
    out = []
    for item in items:
        if isinstance(item, dict) and "glob" in item:
            pages = sorted({p.with_suffix("").relative_to(ROOT).as_posix()
                            for p in ROOT.glob(item["glob"]) if p.suffix in SUFFIXES})
            out += [{"file": page} for page in pages]
        else:
            out.append(item)
    return out


def derive_toc(node, lang: str):
    """The TOC of one language edition (``None`` when nothing of it belongs to ``lang``)."""
    if isinstance(node, list):
        items = [derive_toc(item, lang) for item in expand_globs(node)]
        return [item for item in items if item is not None]
    if not isinstance(node, dict):
        return node
    if "file" in node and language_of(node["file"]) not in (None, lang):
        return None
    out = {}
    for key, value in node.items():
        if key in ("caption", "title"):
            out[key] = pick(value, lang)
        elif key in ("parts", "chapters", "sections"):
            value = derive_toc(value, lang)
            if not value:
                if key != "sections" and "file" not in node:
                    return None          # a part with no chapter left in this language
                continue
            out[key] = value
        else:
            out[key] = value
    if "root" in out:
        out["root"] = _localized(out["root"], lang)
    return out


def repository(root: Path = ROOT) -> tuple[str, str, str]:
    """``(url, owner/name, branch)`` from ``_config.yml``: the one place the repository is written."""
    repo = yaml.safe_load((root / "_config.yml").read_text())["repository"]
    url = repo["url"].rstrip("/")
    return url, "/".join(url.split("/")[-2:]), repo.get("branch", "main")


def footer_links(footer: str, root: Path = ROOT) -> str:
    """The footer with its ``{repository}`` and ``{branch}`` filled in from ``_config.yml``."""
    url, _, branch = repository(root)
    return footer.replace("{repository}", url).replace("{branch}", branch)


def _start_section(readme: str) -> tuple[str, str, str]:
    """The README cut around its "## Start here" section: (before, the section, after)."""
    begin = readme.index("## Start here")
    end = readme.find("\n## ", begin)
    end = len(readme) if end < 0 else end
    return readme[:begin], readme[begin:end], readme[end:]


def sync_repository(root: Path = ROOT) -> list[Path]:
    """Point the committed notebooks' Colab links and install cell, and the README's links to the site and to
    Colab, at the configured repository.

    ``notebooks/build.py`` writes them from the same setting; this keeps already-executed notebooks in
    step when only the setting changed (no re-execution: only those URLs change). Returns the files changed.
    """
    url, slug, branch = repository(root)
    rules = [
        (r"colab\.research\.google\.com/github/[\w.-]+/[\w.-]+/blob/[\w.-]+/notebooks/",
         f"colab.research.google.com/github/{slug}/blob/{branch}/notebooks/"),
        (r"(\\\"clone\\\".*?)https://github\.com/[\w.-]+/[\w.-]+", lambda m: m.group(1) + url),
        (r"(\\\"-e\\\", \\\")[\w.-]+(\[colab\])", lambda m: m.group(1) + slug.split("/")[1] + m.group(2)),
        (r"(sys\.path\.insert\(0, \\\")[\w.-]+(?=\\\"\))", lambda m: m.group(1) + slug.split("/")[1]),
        # the Colab copies' and the README's links to the web book (lower case: not the README's OWNER.github.io)
        (r"https://[a-z0-9-]+\.github\.io/[\w.-]+/", pages_url(root)),
    ]
    changed = []
    readme = [root / "README.md"] if (root / "README.md").is_file() else []
    for path in sorted(root.glob("notebooks/*/*.ipynb")) + sorted(root.glob("notebooks/colab/*/*.ipynb")) + readme:
        text = original = path.read_text(encoding="utf-8")
        # the README's links to this book are in its "Start here" section: links elsewhere (another project's
        # github.io page, say) are not this book's
        head, start, tail = _start_section(text) if path.name == "README.md" else ("", text, "")
        for pattern, replacement in rules:
            start = re.sub(pattern, replacement, start)
        text = head + start + tail
        if text != original:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def pages_url(root: Path = ROOT) -> str:
    """Where GitHub Pages serves the project site, from ``_config.yml``: ``https://OWNER.github.io/NAME/``.

    The committed notebooks link to it (the Colab copies' links to the web book), whatever a build is for.
    """
    owner, name = repository(root)[1].split("/")
    return f"https://{owner.lower()}.github.io/{name}/"


def site_url(root: Path = ROOT) -> str:
    """The address this build is for: ``$DKM_SITE_URL`` where set, else ``pages_url``.

    The deploy workflow sets it to the address Pages reports (a fork, a renamed repository, a custom domain);
    the 404 page's links, the canonical links, the PDFs' front page and the browser tests follow it.
    """
    url = os.environ.get("DKM_SITE_URL", "").strip()
    if not url:
        return pages_url(root)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SystemExit(f"DKM_SITE_URL must be the site's whole address, such as https://book.example.org/ or "
                         f"https://OWNER.github.io/NAME/; got {url!r}.")
    return url.rstrip("/") + "/"


def edition_bib(text: str, lang: str) -> str:
    """The bibliography with each bilingual note ("English · 한국어", one ``note = {...},`` line) in ``lang`` only."""
    return re.sub(r"^(\s*note\s*=\s*\{)(.*)(\},?)[ \t]*$", lambda m: m.group(1) + pick(m.group(2), lang) + m.group(3),
                  text, flags=re.M)


def edition_bib_path(bib: str, lang: str) -> Path:
    """Where ``write_configs`` puts ``lang``'s copy of the bibliography ``bib``."""
    return BUILD / ".config" / f"{lang}-{Path(bib).name}"


def derive_config(config: dict, lang: str) -> dict:
    config = copy.deepcopy(config)
    config["bibtex_bibfiles"] = [str(edition_bib_path(bib, lang)) for bib in config.get("bibtex_bibfiles", [])]
    config["title"] = pick(config["title"], lang)
    config["author"] = pick(config["author"], lang)
    html_cfg = config.setdefault("html", {})
    if "extra_footer" in html_cfg:
        lines = pick(footer_links(html_cfg["extra_footer"]), lang).splitlines()
        html_cfg["extra_footer"] = "<br>\n".join(line for line in lines if line.strip())
    html_cfg["baseurl"] = site_url() + lang + "/"
    sphinx = config.setdefault("sphinx", {})
    for name, path in (sphinx.get("local_extensions") or {}).items():   # relative to the config file
        sphinx["local_extensions"][name] = str(ROOT / path)
    for key in ("favicon", "logo"):
        if html_cfg.get(key):
            html_cfg[key] = str(ROOT / html_cfg[key])
    sphinx_config = sphinx.setdefault("config", {})
    sphinx_config["language"] = lang
    static = sphinx_config.get("html_static_path", [])
    sphinx_config["html_static_path"] = [str(ROOT / p) for p in static] + [str(BUILD / ".static")]
    theme_options = sphinx_config.setdefault("html_theme_options", {})
    theme_options["search_bar_text"] = SEARCH[lang]
    if lang == "ko":
        sphinx_config["nb_code_prompt_show"] = "코드 보기"    # myst-nb's fold of hidden code cells
        sphinx_config["nb_code_prompt_hide"] = "코드 숨기기"
        theme_options["toc_title"] = "차례"   # the theme's Korean for "Contents" is 내용 (a page's content)
        # the theme's Korean "By {author}" reads "으로 {author}": credit the authors as Korean books do
        theme_options["footer_content_items"] = ["copyright.html", "last-updated.html", "extra-footer.html"]
        html_cfg["extra_footer"] = f"{config['author']} 지음<br>\n" + html_cfg.get("extra_footer", "")
    return config


def write_configs() -> dict[str, tuple[Path, Path]]:
    out = BUILD / ".config"
    out.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text())
    paths = {}
    for lang in LANGS:
        for bib in config.get("bibtex_bibfiles", []):
            edition_bib_path(bib, lang).write_text(edition_bib((ROOT / bib).read_text(encoding="utf-8"), lang),
                                                   encoding="utf-8")
        cfg_path, toc_path = out / f"{lang}.yml", out / f"{lang}_toc.yml"
        cfg_path.write_text(yaml.safe_dump(derive_config(config, lang), allow_unicode=True, sort_keys=False))
        toc_path.write_text(yaml.safe_dump(derive_toc(toc, lang), allow_unicode=True, sort_keys=False))
        paths[lang] = cfg_path, toc_path
    return paths


SITE_HANGUL = BUILD / ".site-hangul.txt"   # the Hangul the last built site showed (see cover_the_site)


def subset_font() -> None:
    """The Hangul web font in _build/.static/fonts, subset to the characters the book uses (webfont.py)."""
    import importlib.util
    fonts = Path(importlib.util.find_spec("koreanize_matplotlib").origin).parent / "fonts"
    text = [p for pattern in ("notebooks/*/*.ipynb", "book/**/*.md", "book/**/*.po", "book/*.bib", "book/static/*.js",
                              "book/tools/*.py", "_config.yml") for p in ROOT.glob(pattern)]
    subprocess.run([sys.executable, str(ROOT / "book" / "tools" / "webfont.py"), str(fonts),
                    str(BUILD / ".static" / "fonts"),
                    "--text", *map(str, text + [SITE_HANGUL] * SITE_HANGUL.is_file())], check=True)


def webfonts() -> Path:
    """The static files the build derives: the Hangul web font and the link-preview image."""
    subset_font()
    out = BUILD / ".static"
    social_image(out / "social.png")
    return out


def site_hangul() -> set[int]:
    """The code points of the font's ranges in the built pages, the words Sphinx and the theme add included, and
    Sphinx's search messages (\\u-escaped in translations.js: "no results" lacked 철 and 카)."""
    shown = webfont.book_characters((BUILD / "html").rglob("*.html"))
    for script in (BUILD / "html").rglob("translations.js"):
        shown |= webfont.hangul(script.read_text(encoding="utf-8").encode("ascii", "backslashreplace")
                                .decode("unicode_escape"))
    return shown


def cover_the_site(langs) -> None:
    """Subset the font again if the built pages show Hangul it lacks, and serve the new one.

    The sources name most of the book's Hangul, but not the interface words that Sphinx, the theme and
    its extensions translate at build time (a tip box's title, a fold's hint); without their glyphs those
    words are not drawn at all.
    """
    from fontTools.ttLib import TTFont
    fonts = BUILD / ".static" / "fonts"
    have = set(TTFont(fonts / "book-hangul-regular.woff2").getBestCmap())
    shown = site_hangul()
    if shown <= have:
        return
    SITE_HANGUL.write_text("".join(map(chr, sorted(shown))), encoding="utf-8")
    subset_font()
    for lang in langs:
        for font in fonts.glob("*.woff2"):
            shutil.copy(font, BUILD / "html" / lang / "_static" / "fonts" / font.name)


def social_image(out: Path) -> None:
    """The preview image link-sharing sites show (og:image): the title over clustered points."""
    import importlib.util
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import font_manager
    import logging
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    fonts = Path(importlib.util.find_spec("koreanize_matplotlib").origin).parent / "fonts"
    font_manager.fontManager.addfont(str(fonts / "NanumGothicBold.ttf"))
    rng = np.random.default_rng(0)
    fig = plt.figure(figsize=(12, 6.3), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_axis_off()
    for k, color in enumerate(plt.get_cmap("tab10").colors):
        center = rng.uniform([-9, -4], [9, 4])
        ax.scatter(*(center + rng.normal(scale=0.7, size=(60, 2))).T, s=18, color=color, alpha=0.35)
        ax.scatter(*center, s=260, marker="X", color=color, edgecolor="black", linewidth=1.2)
    ax.set_xlim(-11, 11)
    ax.set_ylim(-5.5, 5.5)
    ax.text(0, 0.6, "Deep K-Means · 딥 K-평균", ha="center", va="center", fontsize=54, family="NanumGothic",
            weight="bold", bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 12})
    ax.text(0, -1.6, "autoencoders + k-means, on MNIST · 한국어 / English", ha="center", fontsize=24,
            family="NanumGothic", bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 6})
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)


def build(lang: str, cfg: Path, toc: Path, flags: list[str]) -> None:
    work = BUILD / ".lang" / lang
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--config", str(cfg),
           "--toc", str(toc), "--path-output", str(work), *flags]
    subprocess.run(cmd, check=True, cwd=ROOT)
    target = BUILD / "html" / lang
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(work / "_build" / "html", target)


def chapter_titles(lang: str) -> list[tuple[str, str]]:
    """``(docname, title)`` of each chapter of ``lang`` in TOC order (for the landing page)."""
    import json
    toc = yaml.safe_load((BUILD / ".config" / f"{lang}_toc.yml").read_text())
    docs = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if "file" in node and language_of(node["file"]) == lang:
                docs.append(node["file"])
            for key in ("parts", "chapters", "sections"):
                walk(node.get(key, []))
    walk(toc)
    out = []
    for doc in docs:
        path = ROOT / f"{doc}.ipynb"
        title = doc
        if path.is_file():
            first = json.loads(path.read_text())["cells"][0]["source"]
            first = "".join(first) if isinstance(first, list) else first
            title = first.split("\n")[0].lstrip("# ").strip()
        out.append((doc, title))
    return out


PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{description}">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:image" content="{site}ko/_static/social.png">
<link rel="icon" href="{base}ko/_static/favicon.svg" type="image/svg+xml">
<link rel="preload" href="{base}ko/_static/fonts/book-hangul-regular.woff2" as="font" type="font/woff2" crossorigin>
<link rel="preload" href="{base}ko/_static/fonts/book-hangul-bold.woff2" as="font" type="font/woff2" crossorigin>
<style>
@font-face {{ font-family: "Book Hangul"; font-weight: 400; font-display: swap;
  src: url("{base}ko/_static/fonts/book-hangul-regular.woff2") format("woff2");
  unicode-range: U+1100-11FF, U+3000-303F, U+3130-318F, U+AC00-D7AF, U+FF00-FFEF; }}
@font-face {{ font-family: "Book Hangul"; font-weight: 700; font-display: swap;
  src: url("{base}ko/_static/fonts/book-hangul-bold.woff2") format("woff2");
  unicode-range: U+1100-11FF, U+3000-303F, U+3130-318F, U+AC00-D7AF, U+FF00-FFEF; }}
/* Light or dark as the reader chose in the book (its theme switch saves "mode"), else as the system is. */
:root {{ color-scheme: light dark; --bg: light-dark(#fff, #121212); --fg: light-dark(#222, #ddd);
        --link: light-dark(#0a58ca, #8ab4f8); --line: light-dark(#ccc, #444); --muted: light-dark(#555, #aaa); }}
:root[data-theme="light"] {{ color-scheme: light; }}
:root[data-theme="dark"] {{ color-scheme: dark; }}
body {{ font-family: "Book Hangul", -apple-system, "Segoe UI", Arial, "Noto Sans", sans-serif; max-width: 56rem;
       margin: 0 auto; padding: 2rem 1rem; line-height: 1.6; background: var(--bg); color: var(--fg); }}
:lang(ko) {{ word-break: keep-all; }}
.editions {{ display: flex; flex-wrap: wrap; gap: 1.5rem; }}
.editions section {{ flex: 1 1 20rem; border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.5rem; }}
a {{ color: var(--link); }}
footer {{ margin-top: 2rem; font-size: .85rem; color: var(--muted); }}
.chapters {{ list-style: none; padding-left: 0; }}
.chapters li {{ margin: .3rem 0; }}
.nobreak {{ white-space: nowrap; }}
</style>
<script>
  var mode = localStorage.getItem("mode");
  if (mode === "light" || mode === "dark") document.documentElement.dataset.theme = mode;
</script>
</head>
<body>
{body}
</body>
</html>
"""


def landing(description: dict[str, str], four_oh_four: bool = False) -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    # the 404 page answers at any depth, so its links start from the site's root path
    base = urllib.parse.urlsplit(site_url()).path if four_oh_four else ""
    sections = []
    for lang in LANGS:
        title = pick(config["title"], lang)
        start = {"ko": "읽기 시작하기", "en": "Start reading"}[lang]
        pdf = {"ko": "PDF로 받기", "en": "Download the PDF"}[lang]
        items = "\n".join(f'<li><a href="{base}{lang}/{doc}.html">{keep_hyphenated(t)}</a></li>'
                          for doc, t in chapter_titles(lang))
        pdf_link = f' · <a href="{base}pdf/deep-kmeans-{lang}.pdf">{pdf}</a>' \
            if (BUILD / "html" / "pdf" / f"deep-kmeans-{lang}.pdf").is_file() else ""
        sections.append(f'<section lang="{lang}"><h2>{keep_hyphenated(title)}</h2>'
                        f'<p>{html.escape(description[lang])}</p>'
                        f'<p><a href="{base}{lang}/index.html"><strong>{start}</strong></a>{pdf_link}</p>'
                        f'<ul class="chapters">{items}</ul></section>')   # titles carry their numbers
    if four_oh_four:
        head = ('<h1>404</h1><p lang="ko">찾는 페이지가 없습니다. 아래에서 언어를 고르세요.</p>'
                '<p lang="en">This page does not exist. Pick a language below.</p>')
    else:
        head = f'<h1>{both_languages(config["title"], keep_hyphenated)}</h1>'
    lines = [line.strip() for line in footer_links(config.get("html", {}).get("extra_footer", "")).split("\n")]
    footer = "<footer>" + "<br>".join(both_languages(line, escape=str) if " · " in line else line
                                      for line in lines if line) + "</footer>"   # (the footer is HTML)
    body = "<main>" + head + '<div class="editions">' + "".join(sections) + "</div></main>" + footer
    return PAGE.format(lang="ko" if not four_oh_four else "en", title=html.escape(config["title"]),
                       description=html.escape(description["en"] + " " + description["ko"]),
                       site=site_url(), base=base, body=body)


def both_languages(line: str, escape=html.escape) -> str:
    """A bilingual "English · 한국어" line with each half marked by its language, so that a screen reader reads
    each in its own voice (the landing page's own lang is one of the two)."""
    return " · ".join(f'<span lang="{lang}">{escape(pick(line, lang))}</span>' for lang in ("en", "ko"))


def keep_hyphenated(text: str) -> str:
    """``text`` escaped, with a Latin word hyphenated to Korean ("K-평균") kept on one line, as dkm.js does in the
    book (a phone broke the landing page's title after "딥 K-")."""
    return re.sub(r"[A-Za-z0-9]+-[A-Za-z0-9]*[\uac00-\ud7a3]+", lambda m: f'<span class="nobreak">{m[0]}</span>',
                  html.escape(text))


SEARCH = {"ko": "이 책에서 검색…", "en": "Search this book…"}
DESCRIPTION = {
    "ko": "오토인코더로 하는 군집화를 MNIST로 처음부터 쌓아 올리는 한영 병행 인터랙티브 교재.",
    "en": "An interactive, bilingual book on clustering with autoencoders, built up from scratch on MNIST.",
}


def write_edition_redirects(langs) -> None:
    """Each edition's root (``ko/``, ``en/``) sends the reader on to its home page. Jupyter Book writes it as a bare
    meta refresh with no language, title or icon (a browser then asked the host's root for /favicon.ico)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    for lang in langs:
        title, home = html.escape(pick(config["title"], lang)), f"book/{lang}/index.html"
        (BUILD / "html" / lang / "index.html").write_text(
            f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f'<link rel="icon" href="_static/favicon.svg" type="image/svg+xml">\n'
            f'<meta http-equiv="Refresh" content="0; url={home}">\n</head>\n'
            f'<body><p><a href="{home}">{title}</a></p></body>\n</html>\n')


def offer_colab_copies(langs) -> None:
    """The download menu's ".ipynb" gives the chapter's Colab copy, which runs anywhere (it installs dkm_lib
    when missing, and its prose is plain Markdown), not the MyST source Sphinx copies into ``_sources``."""
    for lang in langs:
        for colab in sorted((ROOT / "notebooks" / "colab" / lang).glob("*.ipynb")):
            source = BUILD / "html" / lang / "_sources" / "notebooks" / lang / colab.name
            if source.is_file():
                shutil.copy(colab, source)


def write_landing() -> None:
    """The root page and the 404 page; pdf.py writes them again once the PDFs exist, to link them."""
    (BUILD / "html" / "index.html").write_text(landing(DESCRIPTION))
    (BUILD / "html" / "404.html").write_text(landing(DESCRIPTION, four_oh_four=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config-only", action="store_true", help="only write _build/.config/")
    parser.add_argument("--lang", choices=LANGS, action="append", help="build only this language")
    args, flags = parser.parse_known_args()
    for path in sync_repository():
        print(f"repository setting: updated the links in {path.relative_to(ROOT)}")
    paths = write_configs()
    if args.config_only:
        return
    webfonts()
    langs = args.lang or LANGS
    with ThreadPoolExecutor(len(langs)) as pool:   # one Sphinx process per language, side by side
        list(pool.map(lambda lang: build(lang, *paths[lang], flags), langs))
    write_landing()
    write_edition_redirects(langs)
    offer_colab_copies(langs)
    cover_the_site(langs)
    (BUILD / "html" / ".nojekyll").write_text("")
    licences = BUILD / "html" / "licenses"   # what the site redistributes travels with its licence texts
    shutil.rmtree(licences, ignore_errors=True)
    shutil.copytree(ROOT / "LICENSES", licences)
    for name in ("LICENSE", "LICENSE-CONTENT", "THIRD-PARTY.md", "CITATION.cff"):
        shutil.copy(ROOT / name, licences / name)


if __name__ == "__main__":
    main()
