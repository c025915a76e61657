"""Author-year citation labels ("Arthur & Vassilvitskii 2007", "Guo et al. 2017a"), for the book's reference list
and text (``dkm_site`` registers them with pybtex) and for the Colab copies of the chapters (``labels``)."""
from __future__ import annotations

from pathlib import Path

BIB = Path(__file__).resolve().parents[1] / "references.bib"


def register_style() -> None:
    """Register the pybtex style ``author_year``: the list sorted by author, year and title, each entry labelled
    "Author Year". The text cites by these labels (``bibtex_reference_style: label``), so two works of one author
    and year read "Kim 2021a" and "Kim 2021b" in both places; an author-year text style would print "Kim, 2021" twice.
    """
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.unsrt import Style
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            labels = []
            for entry in sorted_entries:
                people = entry.persons.get("author") or entry.persons.get("editor") or []
                names = [" ".join(p.prelast_names + p.last_names) for p in people] \
                    or [entry.fields.get("title", entry.key)]
                who = names[0] if len(names) == 1 else (" & ".join(names) if len(names) == 2 else f"{names[0]} et al.")
                labels.append(f"{who} {entry.fields.get('year', '')}".strip())
            for i, label in enumerate(labels):   # Guo et al. 2017a, Guo et al. 2017b
                same = [j for j, other in enumerate(labels) if other == label]
                yield label + ("abcdefgh"[same.index(i)] if len(same) > 1 else "")

    class AuthorYearStyle(Style):
        default_label_style = "dkm_author_year"
        default_sorting_style = "author_year_title"

    register_plugin("pybtex.style.labels", "dkm_author_year", AuthorYearLabels, force=True)
    register_plugin("pybtex.style.formatting", "author_year", AuthorYearStyle, force=True)


def labels(bib: Path = BIB) -> dict[str, str]:
    """Each entry's label by its key, as the book prints it."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    register_style()
    style = find_plugin("pybtex.style.formatting", "author_year")()
    entries = style.sort(parse_file(str(bib)).entries.values())
    return {entry.key: label for entry, label in zip(entries, style.format_labels(entries))}
