"""Exercise numbers: the book (``dkm_site.py``) and the Colab copies (``notebooks/colab_markdown.py``) title each
exercise with the number its label carries, and the chapters cite it by that number."""
from __future__ import annotations

import re

EXERCISE_LABEL = re.compile(r"^(?:ko|en)-ex(?P<chapter>\d+|[A-Z])-(?P<n>\d+)$")


def exercise_number(label: str) -> str:
    """The number an exercise shows, from its label: "4.2" for ``en-ex04-2`` (chapter 4, the second), "A.3" for
    ``ko-exA-3`` (appendix A). Chapter text cites exercises by these numbers."""
    match = EXERCISE_LABEL.match(label)
    if not match:
        raise ValueError(f"exercise label {label!r}: write it as <ko|en>-ex<chapter>-<n>, e.g. en-ex04-2 or en-exA-1")
    chapter = match["chapter"]
    return f"{int(chapter) if chapter.isdigit() else chapter}.{int(match['n'])}"
