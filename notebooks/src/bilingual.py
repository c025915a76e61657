"""The two cell kinds a chapter source is written in: ``md(ko=..., en=...)`` and ``code(source)``.

Each ``NN_name.py`` next to this file starts with ``from bilingual import code, md``;
``notebooks/build.py`` turns the cells into ``notebooks/ko`` and ``notebooks/en``.
"""
from __future__ import annotations


def md(ko: str, en: str) -> dict:
    """A prose cell, written in both languages."""
    return {"kind": "md", "ko": ko.strip("\n"), "en": en.strip("\n")}


def code(source: str, tags: list[str] | tuple[str, ...] = (), hide: bool = False,
         alt: dict[str, str] | None = None) -> dict:
    """A code cell, identical in both languages.

    ``hide=True`` tags it ``hide-input``: the book shows its output and folds the code behind a
    click-to-show toggle (for plotting code that is not the lesson).
    ``alt={"ko": ..., "en": ...}``: what the cell's figure shows, in words, for readers who cannot see
    it (the book's ``<img alt>``); every cell that draws one needs it (tests/test_notebooks.py).
    """
    tags = list(tags) + (["hide-input"] if hide and "hide-input" not in tags else [])
    if alt is not None and (set(alt) != {"ko", "en"} or not all(v.strip() for v in alt.values())):
        raise ValueError(f"alt needs a text in both languages, ko and en; got {alt!r}")
    return {"kind": "code", "source": source.strip("\n"), "tags": tags,
            "alt": {k: " ".join(v.split()) for k, v in alt.items()} if alt else None}
