"""The two cell kinds a chapter source is written in: ``md(ko=..., en=...)`` and ``code(source)``.

Each ``NN_name.py`` next to this file starts with ``from bilingual import code, md``;
``notebooks/build.py`` turns the cells into ``notebooks/ko`` and ``notebooks/en``.
"""
from __future__ import annotations


def md(ko: str, en: str) -> dict:
    """A prose cell, written in both languages."""
    return {"kind": "md", "ko": ko.strip("\n"), "en": en.strip("\n")}


def code(source: str, tags: list[str] | tuple[str, ...] = (), hide: bool = False) -> dict:
    """A code cell, identical in both languages.

    ``hide=True`` tags it ``hide-input``: the book shows its output and folds the code behind a
    click-to-show toggle (for plotting code that is not the lesson).
    """
    tags = list(tags) + (["hide-input"] if hide and "hide-input" not in tags else [])
    return {"kind": "code", "source": source.strip("\n"), "tags": tags}
