"""Sphinx extension for the two language editions of the book (loaded from ``_config.yml``).

- A Markdown link to a page of the other language (``[English version](../en/03_objective.ipynb)``)
  points to that page in the other edition (``/en/notebooks/en/03_objective.html``), which is built
  separately; every page also gets ``<link rel="alternate" hreflang=…>`` to its twin, which
  ``book/static/dkm.js`` turns into the language switcher (it keeps the reader's section).
- Pages whose only widgets are progress bars (tqdm) show them as plain HTML, without the 3.6 MB
  widget manager; pages with real widgets (chapter 07's panel) keep it, with the λ × k sweep's records, which
  its Train button shows on the web (``dkm.js``). The single-page build that the PDF is printed from draws every
  widget as plain HTML from its saved state (the panel with its figures).
- A sign between two numbers or a symbol and a number ("0.902 ± 0.006", "λ = 0.5") stays on their line.
- Solutions are titled "연습 (…) 풀이" in Korean and "Solution to Exercise (…)", as plain words (a click opens them);
  the pages both editions share (the glossary, the references) take the edition's half of each "한국어 · English"
  heading, sentence and table cell.
- The launch menu's Colab button opens the chapter's Colab copy, in Markdown that Colab reads.
- The theme's own interface strings that stay English in its templates and catalogue (sidebar toggles, launch
  buttons, landmark names) are written in Korean into the Korean edition's pages, so they need no script.
- Reader metadata: a description and a social preview image for each page; scripts added twice
  (sphinx-thebe's ``const THEBE_JS_URL``, a console error) are added once.
"""
from __future__ import annotations

import html
import json
import os
import re
import zlib
from pathlib import Path

import citations   # this folder
from formulas import formula_width   # this folder
from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.transforms.post_transforms import SphinxPostTransform

LANGS = ("ko", "en")
PROGRESS_MODELS = {"HBoxModel", "FloatProgressModel", "IntProgressModel", "HTMLModel", "LayoutModel",
                   "ProgressStyleModel", "HTMLStyleModel", "DescriptionStyleModel"}
WIDGET_SCRIPTS = ("require.js", "widgets-assets.js", "embed-amd.js")
INLINE_MATH = re.compile(r'<span class="math notranslate nohighlight">\\\((.*?)\\\)</span>', re.S)
WIDGET_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>')
HERE = Path(__file__).resolve().parent   # book/tools
# Tooltips, screen-reader labels and logo texts the theme writes in English on a Korean page (its templates spell
# them out; its Korean catalogue lacks them or runs words together). dkm.js translates those scripts add later.
KOREAN_INTERFACE = {
    "Toggle primary sidebar": "왼쪽 목차 열고 닫기",
    "Toggle secondary sidebar": "오른쪽 목차 열고 닫기",
    "Launch interactive content": "실행 환경에서 열기",
    "전체 화면으로보기": "전체 화면으로 보기",
    "Binder logo": "Binder 로고",
    "Colab logo": "Colab 로고",
    "Launch on Binder": "Binder에서 열기",
    "Launch on Colab": "Colab에서 열기",
    "Main": "책 목차",
    "Page": "이 페이지의 차례",
}
INTERFACE_ATTRIBUTE = re.compile(r'\b(title|aria-label|alt)="(%s)"' % "|".join(map(re.escape, KOREAN_INTERFACE)))
SWEEP = HERE.parents[1] / "results" / "sweep_lambda_k.json"   # chapter 7's λ × k sweep


def twin(docname: str, lang: str) -> str:
    return "/".join(lang if part in LANGS else part for part in docname.split("/"))


def to_site_root(docname: str) -> str:
    """Relative path from a page of one edition to the site root (one level above the edition)."""
    return "../" * (docname.count("/") + 1)


class TwinLinks(SphinxPostTransform):
    """Resolve links to the other language's pages before MyST reports them as missing."""
    default_priority = 5

    def run(self, **kwargs):
        from sphinx.addnodes import pending_xref
        lang = self.config.language
        for node in list(self.document.findall(pending_xref)):
            target = node.get("reftarget", "")
            if node.get("reftype") != "myst" or node.get("refdomain") != "doc" or target in self.env.all_docs:
                continue
            other = next((part for part in target.split("/") if part in LANGS and part != lang), None)
            if other is None:
                continue
            uri = to_site_root(self.env.docname) + f"{other}/{target}.html"
            ref = nodes.reference("", "", internal=False, refuri=uri, classes=["dkm-twin"])
            ref["hreflang"] = other
            ref.extend(node[0].deepcopy().children or [nodes.Text(target)])
            node.replace_self(ref)


def _static_progress(state: dict, model_id: str) -> str:
    def walk(mid):
        model = state.get(mid, {})
        name, s = model.get("model_name"), model.get("state", {})
        if name == "HBoxModel":
            return "".join(walk(c.removeprefix("IPY_MODEL_")) for c in s.get("children", []))
        if name in ("FloatProgressModel", "IntProgressModel"):
            return f'<progress value="{s.get("value", 0)}" max="{s.get("max", 100)}"></progress>'
        if name == "HTMLModel":
            return f'<span>{s.get("value", "")}</span>'
        return ""
    return f'<div class="dkm-progress">{walk(model_id)}</div>'


def _static_widget(state: dict, model_id: str) -> str:
    """Any saved widget as plain HTML, for the printed book (no widget manager there): boxes lay out their
    children, HTML shows itself (the tuning panel's figures are <img>s), a control prints its setting, a
    button nothing, a progress bar as on the web pages."""
    model = state.get(model_id, {})
    name, s = model.get("model_name") or "", model.get("state", {})
    children = [c.removeprefix("IPY_MODEL_") for c in s.get("children", [])]
    kinds = {state.get(c, {}).get("model_name") for c in children}
    if name == "HBoxModel" and kinds & {"FloatProgressModel", "IntProgressModel"}:
        return _static_progress(state, model_id)
    if name in ("HBoxModel", "VBoxModel", "BoxModel"):
        inner = "".join(_static_widget(state, c) for c in children)
        return f'<div class="dkm-static-{"row" if name == "HBoxModel" else "column"}">{inner}</div>'
    if name == "HTMLModel":
        return f'<div>{s.get("value", "")}</div>'
    if name.endswith(("SliderModel", "TextModel")):   # IntSlider, FloatText, ...
        label = html.escape(s.get("description", ""))
        return f'<span class="dkm-static-setting">{label}: <b>{html.escape(str(s.get("value", "")))}</b></span>'
    return ""


def sweep_records() -> str:
    """The λ × k sweep's runs (scores only) as a JSON script, for the tuning panel's Train button on the web:
    no Python runs there, so ``book/static/dkm.js`` shows the run recorded for the settings on screen."""
    sweep = json.loads(SWEEP.read_text())
    keep = ("lam", "k", "seed", "acc", "nmi", "ari", "clusters_used", "wall_s")
    data = {"settings": sweep["settings"], "threads": sweep["threads"],
            "runs": [{key: run[key] for key in keep} for run in sweep["runs"]]}
    text = json.dumps(data).replace("</", "<\\/")   # nothing in it may end the script
    return f'<script type="application/json" id="dkm-sweep">{text}</script>'


def open_colab_copies(buttons: list) -> None:
    """The launch menu's Colab button opens the chapter's Colab copy (``notebooks/colab/``, written by
    ``notebooks/build.py``): Colab does not read the MyST of ``notebooks/ko`` and ``notebooks/en``."""
    for button in buttons:
        open_colab_copies(button.get("buttons", []))
        if button.get("url", "").startswith("https://colab.research.google.com/"):
            button["url"] = re.sub(r"/notebooks/(ko|en)/", r"/notebooks/colab/\1/", button["url"])


def _name(script) -> str:
    return str(getattr(script, "filename", script) or "")


def page_context(app, pagename, templatename, context, doctree):
    open_colab_copies(context.get("header_buttons", []))
    scripts = context.get("script_files", [])
    seen, unique = set(), []
    for script in scripts:   # sphinx-thebe adds its `const THEBE_JS_URL` twice: a SyntaxError
        key = (_name(script), getattr(script, "attributes", {}).get("body"))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique

    state_scripts = [s for s in scripts
                     if getattr(s, "attributes", {}).get("type") == "application/vnd.jupyter.widget-state+json"]
    body = context.get("body", "")
    if app.builder.name == "singlehtml":   # the PDF's source: every chapter's widgets, drawn from their saved state
        state = {}
        for doc in sorted(app.env.found_docs):
            for _, attributes in NbMetadataCollector.get_js_files(app.env, doc).values():
                if attributes.get("type") == "application/vnd.jupyter.widget-state+json":
                    state.update(json.loads(attributes["body"]).get("state", {}))
        context["body"] = body = WIDGET_VIEW.sub(
            lambda m: _static_widget(state, json.loads(m.group(1))["model_id"]), body)
    elif state_scripts:
        state = json.loads(state_scripts[0].attributes["body"]).get("state", {})
        if {m.get("model_name") for m in state.values()} <= PROGRESS_MODELS:
            scripts[:] = [s for s in scripts if s not in state_scripts and not _name(s).endswith(WIDGET_SCRIPTS)]
            context["body"] = body = WIDGET_VIEW.sub(
                lambda m: _static_progress(state, json.loads(m.group(1))["model_id"]), body)
        elif any("dkm-tuning-panel" in m.get("state", {}).get("_dom_classes", ()) for m in state.values()):
            context["body"] = body = body + sweep_records()

    # Screen readers: a folded code cell's toggle is named by what it shows ("코드 보기"), not by myst-nb's English
    # aria-label; a reference is a list item (Docutils' role doc-biblioentry is deprecated in ARIA 1.3).
    context["body"] = body = body.replace('<summary aria-label="Toggle hidden content">', "<summary>") \
        .replace('role="doc-biblioentry"', 'role="listitem"')
    # Each inline formula's width as MathJax will draw it, for book.css to keep its room until then.
    context["body"] = body = INLINE_MATH.sub(lambda m: m[0].replace(
        '">', f'" style="--dkm-width: {formula_width(m[1])}em">', 1), body)

    lang = app.config.language
    tags = []
    for other in LANGS:
        if other != lang:
            href = to_site_root(pagename) + f"{other}/{twin(pagename, other)}.html"
            tags.append(f'<link rel="alternate" hreflang="{other}" href="{href}">')
    prose = [p for p in re.findall(r"<p>(.*?)</p>", body, flags=re.S) if "dkm-twin" not in p]  # not the links line
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", " ".join(prose[:3]))).split())
    if len(text) > 200:   # cut between words
        text = text[:200].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    description = html.escape(text, quote=True)
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    title = html.escape(re.sub(r"<[^>]+>", "", context.get("title") or ""), quote=True)
    tags += [f'<meta name="description" content="{description}">',
             f'<meta property="og:title" content="{title}">',
             f'<meta property="og:description" content="{description}">',
             f'<meta property="og:image" content="{base}_static/social.png">',
             f'<meta property="og:locale" content="{ {"ko": "ko_KR", "en": "en_US"}[lang] }">']
    # The Hangul web font is fetched while the head is read, not once the stylesheet is applied: text first drawn
    # in a fallback font and then in this one moved by up to 50 px (a layout shift of 0.2-0.4 on a first visit to a
    # Korean page, MathJax aside). An English page shows Hangul only in its language switch, in the regular weight.
    for weight in ("regular", "bold") if lang == "ko" else ("regular",):
        href = context["pathto"](f"_static/fonts/book-hangul-{weight}.woff2", 1)
        tags.append(f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>')
    context["metatags"] = context.get("metatags", "") + "\n".join(tags)


DOUBLED_TITLE = re.compile(r"<title>(.+?) &#8212; \1</title>")


def finish_pages(app, exception) -> None:
    """Edit the finished files, as the theme renders these after any hook that sees a page's context: the Korean
    edition gets ``KOREAN_INTERFACE``, and a page titled as the book (the home page) says it once ("Deep K-Means —
    Deep K-Means" said it twice in the browser's tab and to screen readers)."""
    if exception or app.builder.format != "html":
        return
    korean = app.config.language == "ko"
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        edited = DOUBLED_TITLE.sub(r"<title>\1</title>", text)
        if korean:
            edited = INTERFACE_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{KOREAN_INTERFACE[m.group(2)]}"', edited)
        if edited != text:
            page.write_text(edited, encoding="utf-8")


class SolutionTitles(SphinxPostTransform):
    """Solution titles in each edition's word order ("연습 (…) 풀이", "Solution to Exercise (…)"), curly apostrophes,
    no link: a click on the title opens the solution (on a link it jumped to the exercise)."""
    default_priority = 25   # after sphinx-exercise builds the titles (21)

    def run(self, **kwargs):
        from sphinx_exercise.nodes import solution_node

        korean = self.config.language == "ko"
        for node in self.document.findall(solution_node):
            title = node.children[0]
            keep_signs_with_their_numbers(None, title)   # copied from the exercise's title after reading
            if not (len(title) == 2 and isinstance(title[1], nodes.reference)
                    and title[0].astext() == ("해답" if korean else "Solution to")):
                continue
            link = title[1]
            for text in list(link.findall(nodes.Text)):
                if isinstance(text.parent, (nodes.literal, nodes.math)):
                    continue
                link_text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text.astext())   # an apostrophe, not a quote
                text.parent.replace(text, nodes.Text(link_text.lstrip() if text is link[0] else link_text))
            title.replace(link, list(link.children))
            if korean:
                title.remove(title[0])
                title += nodes.Text(" 풀이")
            else:
                title.replace(title[0], nodes.Text("Solution to "))
            node["title"] = title.astext()


def number_exercises(app, doctree):
    """"Exercise 4.2 (…)", "연습 4.2 (…)": each exercise shows the number the chapters cite it by (from its label,
    ``exercises.exercise_number``), in its own title and, through sphinx-exercise's copy of it, in its solution's."""
    from exercises import exercise_number
    from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

    registry = getattr(app.env, "sphinx_exercise_registry", {})
    for node in doctree.findall(lambda n: isinstance(n, (exercise_node, exercise_enumerable_node))):
        if isinstance(node, exercise_enumerable_node):
            raise ValueError(f"{app.env.docname}: exercise {node['label']} needs :nonumber: (the book numbers "
                             "exercises per chapter, from their labels; Sphinx would count them across the book)")
        number = exercise_number(node["label"])
        for copy in (node, registry.get(node["label"], {}).get("node")):
            if copy is not None:
                title = copy.children[0]
                title.replace(title[0], nodes.Text(f"{title[0].astext()} {number}"))


SIGN = re.compile(r"(?<=\S)[ \n]+([±=≈≤≥×−])[ \n]+(?=\S)")   # not →: a chain "a → b → c" must wrap
EDGE = "\x00"   # stands for a formula next to the text ("$d$ = 10"), never for code: "x = y" in code may be long


def keep_signs_with_their_numbers(app, doctree):
    """No-break spaces around the sign in "0.902 ± 0.006", "λ = 0.5" (a phone ended lines with "0.902 ±"), in prose,
    headings (before the contents list copies them) and solution titles (SolutionTitles); code and math keep theirs."""
    keep = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw)
    for node in list(doctree.findall(nodes.Text)):
        parent = node.parent
        if parent is None or isinstance(parent, keep) or not SIGN.search(f"{EDGE}{node}{EDGE}"):
            continue
        i = parent.index(node)
        before = EDGE if i > 0 and isinstance(parent[i - 1], nodes.math) else ""
        after = EDGE if i + 1 < len(parent) and isinstance(parent[i + 1], nodes.math) else ""
        text = SIGN.sub("\u00a0\\1\u00a0", before + str(node) + after).strip(EDGE)
        if text != str(node):
            parent.replace(node, nodes.Text(text))


def shared_page_halves(app, doctree):
    """On a page both editions share (glossary, references), the edition's half of each "한국어 · English" heading,
    sentence and cell, English terms first in English; before Sphinx collects titles (priority 400 < 500)."""
    from editions import language_of, own_half   # a sibling module (book/tools is on the path of local extensions)

    if language_of(app.env.docname) is not None:
        return
    lang = app.config.language
    for element in list(doctree.findall(lambda n: isinstance(n, (nodes.title, nodes.paragraph)))):
        dotted = [child for child in element.children if isinstance(child, nodes.Text) and " · " in child]
        if len(dotted) != 1 or str(dotted[0]).count(" · ") != 1:
            continue
        i = element.index(dotted[0])
        left, right = str(dotted[0]).split(" · ")
        first = [*element.children[:i], nodes.Text(left.rstrip())]    # a half may hold formulas and code
        second = [nodes.Text(right.lstrip()), *element.children[i + 1:]]
        own = own_half("".join(n.astext() for n in first), "".join(n.astext() for n in second), lang)
        if own is None:
            continue
        element.children = []
        element.extend((first, second)[own])
    if lang == "en":
        for table in doctree.findall(nodes.tgroup):
            header = [entry.astext() for entry in next(table.findall(nodes.row))]
            if header[:2] == ["한국어", "English"]:
                specs = [c for c in table.children if isinstance(c, nodes.colspec)]
                specs[0]["colwidth"], specs[1]["colwidth"] = specs[1]["colwidth"], specs[0]["colwidth"]
                for row in table.findall(nodes.row):
                    row.children[0], row.children[1] = row.children[1], row.children[0]


def _skip(translator, node):
    raise nodes.SkipNode


def setup(app):
    # Folded plotting code (`hide-input`) becomes these nodes, and Sphinx's single-page builder (the PDF's
    # source) has no visitor for them: the printed book leaves that code out, as the web page folds it.
    from myst_nb.sphinx_ import HideCodeCellNode
    from sphinx_jupyterbook_latex.nodes import HiddenCellNode

    for node in (HiddenCellNode, HideCodeCellNode):
        app.add_node(node, override=True, singlehtml=(_skip, None))
    citations.register_style()   # author-year labels for the reference list and the text
    app.add_post_transform(TwinLinks)
    app.add_post_transform(SolutionTitles)
    app.connect("doctree-read", shared_page_halves, priority=400)
    app.connect("doctree-read", keep_signs_with_their_numbers, priority=400)
    app.connect("doctree-read", number_exercises)
    app.connect("html-page-context", page_context, priority=900)
    app.connect("build-finished", finish_pages)
    # The download menu offers the edition's PDF only where the build prints one (the Makefile says so).
    app.add_js_file("dkm.js", defer="defer", **({"data-pdf": "yes"} if os.environ.get("DKM_PDF") == "yes" else {}))
    # Set before the page is first laid out, so that book.css can keep the formulas' room until MathJax draws them;
    # dkm.js takes it away once MathJax is done, or never came (its TeX source then shows, as without scripts).
    app.add_js_file(None, body='document.documentElement.classList.add("dkm-math-pending");')
    # Sphinx keeps every page's doctree between builds and re-reads them all only when an extension's env_version
    # changes: what these files do while reading (numbering, titles, signs) is redone whenever they change.
    code = b"".join((HERE / name).read_bytes() for name in ("dkm_site.py", "exercises.py", "citations.py"))
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": zlib.crc32(code) or 1}
