"""The Colab copies of the chapters (``notebooks/colab/<lang>/``): the same cells, in Markdown that Colab reads.

Colab does not read MyST, so it showed the book's boxes, exercises and citations as their source (``:::{note}``,
``{cite:p}`key` ``) and every answer in plain view. ``notebooks/build.py`` writes these copies from the same
chapter sources: a box becomes a quote with its title in bold; an answer, a hint or a solution folds into
``<details>``, and a solution's code into a Colab form (``cellView: form``: its title shows, its code opens with a
click; a solution in several cells numbers its parts); a citation reads "(Xie et al. 2016)", linked to the web book's
reference list; a box only the web page needs (class ``dkm-web-only``) is left out; links lead to the Colab copies
and the web book (a link to its glossary too). Code cells are the chapter's own. Outputs are left out: Colab
readers run the cells, and the executed chapters are in ``ko/`` and ``en/``.
"""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "tools"))
from exercises import exercise_number  # noqa: E402  (the book numbers exercises the same way)

DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>.*)$")
OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
CITE = re.compile(r"\{cite:p\}`(?P<keys>[^`]+)`")
COMMENT = re.compile(r"^[ \t]*%( .*)?$")   # a MyST comment line
# A solution that runs code is written between two markers, ``:::{solution-start} label`` (and its options)
# and ``:::{solution-end}``, with the code cells in between: the book folds all of it into one box
# (``notebooks/build.py`` cuts prose cells at these markers; the Colab copy folds each cell between them).
SOLUTION_START = re.compile(r"^:::\{solution-start\}[ \t]*(?P<label>[^\n]*?)[ \t]*\n(?::[^\n]*\n)*:::[ \t]*$", re.M)
SOLUTION_END = re.compile(r"^:::\{solution-end\}[ \t]*\n:::[ \t]*$", re.M)
TITLES = {
    "en": {"note": "Note", "tip": "Tip", "hint": "Hint", "exercise": "Exercise {} ({})",
           "solution": "Solution to Exercise {} ({})", "folded": "Supporting code (click to show)",
           "web": "Read in the web book", "part": "part {} of {}"},
    "ko": {"note": "참고", "tip": "팁", "hint": "힌트", "exercise": "연습 {} ({})",
           "solution": "연습 {} ({}) 풀이", "folded": "보조 코드(눌러서 보기)", "web": "웹 책에서 읽기",
           "part": "{}/{}"},
}
FOLDS = {"hint", "solution"}   # always folded; other boxes fold when they say `:class: dropdown`
WEB_ONLY = "dkm-web-only"   # a box's class for what only the web page needs (how its static panel behaves)


def folds(item: dict) -> bool:
    """Whether a parsed box is folded: a hint or a solution always, another box when it says `:class: dropdown`."""
    return item["name"] in FOLDS or "dropdown" in item["options"].get("class", "")


def parse(lines: list[str]) -> list:
    """MyST colon-fenced directives as a tree: each item a line of text or
    ``{"name", "arg", "options", "indent", "body"}`` with ``body`` parsed the same way."""
    items, i = [], 0
    while i < len(lines):
        opening = DIRECTIVE.match(lines[i])
        if not opening:
            items.append(lines[i])
            i += 1
            continue
        closing = re.compile(rf"^[ \t]*{opening['fence']}[ \t]*$")
        j, options = i + 1, {}
        while j < len(lines) and (option := OPTION.match(lines[j])):
            options[option["key"]] = option["value"]
            j += 1
        end = next((k for k in range(j, len(lines)) if closing.match(lines[k])), None)
        if end is None:
            raise ValueError(f"the directive on line {i + 1} ({lines[i].strip()}) is never closed")
        indent = opening["indent"]
        body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[j:end]]
        items.append({"name": opening["name"], "arg": opening["arg"].strip(), "options": options,
                      "indent": indent, "body": parse(body)})
        i = end + 1
    return items


def render(items: list, lang: str, exercises: dict[str, tuple[str, str]]) -> list[str]:
    """The tree of ``parse`` as plain Markdown lines."""
    words, out = TITLES[lang], []
    for item in items:
        if isinstance(item, str):
            out.append(item)
            continue
        name, arg, indent = item["name"], item["arg"], item["indent"]
        if name in ("solution-start", "solution-end") or WEB_ONLY in item["options"].get("class", ""):
            continue   # a solution's cells fold in colab_notebook
        body = render(item["body"], lang, exercises)
        while body and not body[0].strip():
            body.pop(0)
        while body and not body[-1].strip():
            body.pop()
        if name == "exercise":
            label = item["options"].get("label", "")
            exercises[label] = (exercise_number(label), arg)
            title = words["exercise"].format(*exercises[label])
        elif name == "solution":
            title = words["solution"].format(*exercises[arg])
        else:
            title = arg or words.get(name, name.capitalize())
        if folds(item):
            lines = [f"<details><summary><b>{title}</b></summary>", ""] + body + ["", "</details>"]
        else:
            lines = [f"**{title}**", ""] + body
            lines = [f"> {line}".rstrip() for line in lines]
        out += [indent + line if line else "" for line in lines]
    return out


def cite(match: re.Match, labels: dict[str, str], references: str) -> str:
    """``{cite:p}`a,b` `` as "(A 2016; B 2017)", each label a link to the web book's reference list."""
    keys = [key.strip() for key in match["keys"].split(",")]
    missing = [key for key in keys if key not in labels]
    if missing:
        raise ValueError(f"{missing} cited but not in book/references.bib")
    return "(" + "; ".join(f"[{labels[key]}]({references})" for key in keys) + ")"


def plain_markdown(text: str, lang: str, labels: dict[str, str], exercises: dict[str, tuple[str, str]],
                   references: str) -> str:
    """One prose cell of a chapter in Markdown without MyST. ``exercises`` collects each exercise's number and
    title by label, for the titles of their solutions; citations link to ``references``."""
    lines = [line for line in text.split("\n") if not COMMENT.match(line)]
    text = "\n".join(render(parse(lines), lang, exercises))
    text = CITE.sub(lambda m: cite(m, labels, references), text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def colab_url(repo: str, branch: str, lang: str, name: str) -> str:
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/colab/{lang}/{name}.ipynb"


def colab_notebook(nb: nbformat.NotebookNode, lang: str, labels: dict[str, str], repo: str, branch: str,
                   site: str) -> nbformat.NotebookNode:
    """The Colab copy of one chapter notebook as ``notebooks/build.py`` writes it (before running it)."""
    words, exercises = TITLES[lang], {}
    out = copy.deepcopy(nb)
    out.metadata = {key: nb.metadata[key] for key in ("kernelspec", "language_info") if key in nb.metadata}
    out.metadata["colab"] = {"provenance": [], "toc_visible": True}
    link = re.compile(r"\]\((?:\.\./(?P<other>ko|en)/)?(?P<name>\d\d_\w+)\.ipynb\)")
    colab = re.compile(r"\[[^\]]*\]\(https://colab\.research\.google\.com/[^)]*/notebooks/(?:colab/)?(?P<lang>ko|en)/"
                       r"(?P<name>\d\d_\w+)\.ipynb\)")
    references = f"{site}{lang}/book/references.html"
    pages = re.compile(r"\]\(\.\./\.\./book/(?P<page>\w+)\.md\)")   # a link to a shared page of the book: the glossary
    solution, parts = None, {}   # the title of the solution whose cells these are; each solution's cells
    for cell in out.cells:
        folded = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        cell.metadata = {}
        if cell.cell_type == "markdown":
            source = cell.source
            starts = SOLUTION_START.search(source)
            text = plain_markdown(source, lang, labels, exercises, references)
            text = colab.sub(lambda m: f"[{words['web']}]({site}{m['lang']}/notebooks/{m['lang']}/{m['name']}.html)",
                             text)
            text = pages.sub(lambda m: f"]({site}{lang}/book/{m['page']}.html)", text)
            cell.source = link.sub(lambda m: f"]({colab_url(repo, branch, m['other'] or lang, m['name'])})", text)
            if folded and solution and cell.source:
                parts.setdefault(solution, []).append(cell)
            if starts:
                solution = words["solution"].format(*exercises[starts["label"]])
            if SOLUTION_END.search(source):
                solution = None
        else:
            cell.outputs, cell.execution_count = [], None
            if folded and solution:
                parts.setdefault(solution, []).append(cell)
            elif folded:   # code the book folds away (hide-input)
                cell.source, cell.metadata = f"# @title {words['folded']}\n{cell.source}", {"cellView": "form"}
    for title, cells in parts.items():   # a solution in several cells: "(part 1 of 3)" on each
        for i, cell in enumerate(cells):
            titled = f"{title} ({words['part'].format(i + 1, len(cells))})" if len(cells) > 1 else title
            if cell.cell_type == "markdown":
                cell.source = f"<details><summary><b>{titled}</b></summary>\n\n{cell.source}\n\n</details>"
            else:
                cell.source, cell.metadata = f"# @title {titled}\n{cell.source}", {"cellView": "form"}
    out.cells = [cell for cell in out.cells if cell.source.strip()]
    return out
