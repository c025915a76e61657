"""A PDF of each language edition, printed by headless Chromium from a single-page build.

    python book/tools/pdf.py            # -> _build/pdf/deep-kmeans-ko.pdf, deep-kmeans-en.pdf (and in the site)

Needs the derived configs (``book/tools/editions.py`` writes them) and Chromium (``make browser``).
Each edition is built once more with Sphinx's ``singlehtml`` builder, served locally, and printed
once MathJax has typeset and every figure has loaded, with the served Hangul font. The two editions
print side by side (a Chromium each); an edition whose page, this script and book/static are unchanged
since its last PDF is not printed again (figures are named by their content, so the page names every change).
"""
from __future__ import annotations

import functools
import hashlib
import html
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
LANGS = ("ko", "en")
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#666">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        sys.exit("pdf: Chromium is not installed; run `make browser`")
    return path


def single_page(lang: str) -> Path:
    work = BUILD / ".lang" / f"{lang}-single"
    subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
                    "--config", str(BUILD / ".config" / f"{lang}.yml"),
                    "--toc", str(BUILD / ".config" / f"{lang}_toc.yml"),
                    "--path-output", str(work), "--builder", "singlehtml", "--quiet"], check=True, cwd=ROOT)
    site = work / "_build" / "singlehtml"
    # Sphinx writes the book as the root page's file (book/<lang>/index.html) with links relative to
    # the output folder: put it there to print it.
    root = next(p for p in site.rglob("index.html") if p.parent != site)
    (site / "print.html").write_text(root.read_text(encoding="utf-8"), encoding="utf-8")
    return site


# The printed contents (the theme's #jb-print-toc) give each entry its page: title, dotted leader, number.
CONTENTS_CSS = """
#jb-print-toc nav a { display: flex; align-items: baseline; gap: .4em; }
#jb-print-toc .dkm-leader { flex: 1; border-bottom: 1px dotted #999; }
#jb-print-toc .nav-link { padding-top: .1rem; padding-bottom: .1rem; }
.dkm-byline { color: #444; margin: .2rem 0; text-align: center; }
"""
# The home page's sections after its chapter list ("Run it yourself", "Licence") print before chapter 0, as a
# preface does, not after the references, past the end of the contents.
PREFACE_JS = """() => {
    const chapters = document.querySelector('article .toctree-wrapper');
    for (let next = chapters && chapters.nextElementSibling; next;) {
        const after = next.nextElementSibling;
        if (next.tagName === 'SECTION') chapters.before(next);
        next = after;
    }
}"""
# A cell's code or output is kept on one page (book.css), unless it is long: a 60-line listing moved whole to the next
# page left most of a page empty. Such a block may break (measured in the print layout; a page holds about 1000 px).
LONG_BLOCKS_JS = """() => {
    for (const block of document.querySelectorAll('.cell_input, .cell_output pre')) {
        if (block.getBoundingClientRect().height <= 320) continue;
        for (let e = block; e && !e.matches('.cell'); e = e.parentElement) {   // the theme's wrappers too
            e.style.breakInside = 'auto';
            if (getComputedStyle(e).display === 'flex') e.style.display = 'block';   // a flex box prints whole
        }
    }
}"""
# Links into the book itself: a citation (book/<lang>/index.html#id20) jumps to its place on the printed page; a
# link to another file of the site (a figure's full-size picture, _images/...) has nowhere to go in print and would
# otherwise be printed as an address on the local server that served this page.
# The single page repeats ids (a citation's id20 in a chapter and in the references): a reference gets its own.
LOCAL_LINKS_JS = """() => {
    const references = {};
    for (const entry of document.querySelectorAll('.citation[id]')) {
        references[entry.id] = entry.id = 'dkm-ref-' + entry.id;
    }
    for (const a of document.querySelectorAll('a[href]')) {
        const url = new URL(a.href, location.href);
        if (url.origin !== location.origin) continue;
        const id = url.hash && decodeURIComponent(url.hash.slice(1));
        const to = references[id] || (id && document.getElementById(id) ? id : null);
        if (to) a.setAttribute('href', '#' + to);
        else a.removeAttribute('href');
    }
}"""
NUMBER_CONTENTS_JS = """numbers => {
    for (const a of document.querySelectorAll('#jb-print-toc nav a')) {
        a.querySelectorAll('.dkm-leader, .dkm-page').forEach(e => e.remove());
        const page = numbers[a.textContent.replace(/\\s+/g, '')];
        if (page === undefined) continue;
        a.insertAdjacentHTML('beforeend', `<span class="dkm-leader"></span><span class="dkm-page">${page}</span>`);
    }
}"""


def front_matter(lang: str) -> str:
    """Under the title on page 1: the authors, the year, and the web edition (pages ask for clicks and sliders)."""
    import editions   # this folder
    import yaml
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    url = f"{editions.site_url()}{lang}/"
    link = f'<a href="{url}">{url}</a>'
    note = {"ko": f"웹 책 {link}의 인쇄판입니다. 버튼을 눌러 보라는 대목은 웹 페이지에서 직접 해 보세요. 7장의 패널로 "
                  "학습하려면 그 장의 노트북을 열어야 합니다(웹 페이지에서는 기록된 실행의 점수를 보여 줍니다).",
            "en": f"The printed edition of the web book at {link}. Where a page asks you to click a button, do it on "
                  "the web page; chapter 7's panel trains only in the chapter's notebook (on the web page it shows "
                  "recorded runs' scores)."}[lang]
    authors = editions.pick(config["author"], lang)
    byline = {"ko": f"{authors} · {config['copyright']}", "en": f"By {authors} · {config['copyright']}"}[lang]
    return (f'<p class="dkm-byline">{html.escape(byline)}</p>'
            f'<p class="dkm-byline">{note}</p>')


def squashed(title: str) -> str:
    """A heading without its whitespace: how a bookmark is matched, since Chromium drops the space where it wrapped."""
    return re.sub(r"\s+", "", title)


def bookmark_pages(pdf: Path) -> dict[str, int]:
    """Each bookmark's title (``squashed``) -> its page."""
    from pypdf import PdfReader
    reader = PdfReader(pdf)
    pages: dict[str, int] = {}
    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.setdefault(squashed(item.title), reader.get_destination_page_number(item) + 1)
    walk(reader.outline)
    return pages


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def print_pdf(site: Path, out: Path, browser, lang: str) -> None:
    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/print.html", timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        page.evaluate("""async () => {
            await document.fonts.ready;
            if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
            await Promise.all(Array.from(document.images).map(i => i.complete ? 0 :
                new Promise(r => { i.onload = i.onerror = r; })));
        }""")
        page.emulate_media(media="print")
        page.evaluate(LONG_BLOCKS_JS)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.add_style_tag(content=CONTENTS_CSS)
        page.evaluate("html => document.querySelector('#jb-print-docs-body > h1').insertAdjacentHTML('afterend', html)",
                      front_matter(lang))
        page.evaluate(PREFACE_JS)
        page.evaluate(LOCAL_LINKS_JS)
        numbers: dict[str, int] = {}
        for _ in range(3):   # print, number the contents from the bookmarks, print again until they agree
            page.evaluate(NUMBER_CONTENTS_JS, numbers)
            page.pdf(path=str(out), format="A4", print_background=True, display_header_footer=True,
                     outline=True, tagged=True,   # bookmarks for the chapters and sections; accessible structure
                     header_template="<span></span>", footer_template=FOOTER,
                     margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
            printed = bookmark_pages(out)
            if printed == numbers:
                break
            numbers = printed
        else:
            raise RuntimeError(f"pdf: the contents' page numbers do not settle in {out.name}")
        page.close()
    finally:
        httpd.shutdown()


def readable_bookmarks(pdf: Path, page: Path) -> None:
    """Give the PDF's bookmarks back the spaces Chromium drops where a heading wrapped ("compress,then redraw"),
    and open the PDF with them shown: a reader's way around some 200 pages."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject
    headings = re.findall(r'<h[1-6][^>]*>(.*?)<a class="headerlink"', page.read_text(encoding="utf-8"), flags=re.S)
    spaced = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", h)).split()) for h in headings]
    titles = {squashed(t): t for t in spaced}
    def mend(item) -> None:   # an outline level: each item, then its children
        while item is not None:
            item = item.get_object()
            title = titles.get(squashed(str(item["/Title"])))
            if title:
                item[NameObject("/Title")] = TextStringObject(title)
            mend(item.get("/First"))
            item = item.get("/Next")

    writer = PdfWriter(clone_from=str(pdf))
    mend(writer.root_object["/Outlines"].get_object().get("/First"))
    writer.page_mode = "/UseOutlines"
    tmp = pdf.with_suffix(".tmp.pdf")
    writer.write(tmp)
    os.replace(tmp, pdf)


def print_edition(lang: str, site: Path) -> str:
    """Print one edition to _build/pdf/ (unless its page, this script and book/static are unchanged); copy it into
    the site."""
    from playwright.sync_api import sync_playwright
    out = BUILD / "pdf" / f"deep-kmeans-{lang}.pdf"
    # the page, this script and the book's own CSS and scripts (Sphinx copies a changed one without
    # rewriting the page, so the page alone would not show it)
    parts = [site / "print.html", Path(__file__), *sorted((ROOT / "book" / "static").glob("*.*"))]
    key = hashlib.sha256(b"".join(p.read_bytes() for p in parts)).hexdigest()
    stamp = out.with_name(f".{out.name}.key")
    again = out.is_file() and stamp.is_file() and stamp.read_text() == key
    if not again:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
            print_pdf(site, out, browser, lang)
            browser.close()
        readable_bookmarks(out, site / "print.html")
        stamp.write_text(key)
    site_copy = BUILD / "html" / "pdf" / out.name    # linked from the landing page and the download menus
    site_copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(out, site_copy)
    return f"pdf: {out.relative_to(ROOT)} ({out.stat().st_size / 1e6:.1f} MB{', unchanged' if again else ''})"


def main() -> None:
    chromium()
    with ThreadPoolExecutor(len(LANGS)) as pool:   # both single-page builds side by side
        sites = list(pool.map(single_page, LANGS))
    with ProcessPoolExecutor(len(LANGS)) as pool:  # and both prints (sync playwright is one browser per process)
        for line in pool.map(print_edition, LANGS, sites):
            print(line)
    import editions   # this folder: the landing pages link the PDFs only once they exist
    editions.write_landing()


if __name__ == "__main__":
    main()
