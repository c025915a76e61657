"""Search for the Korean edition: a word with a particle attached is found as the word itself.

Korean attaches particles (조사) to nouns, so "디코더", "디코더는" and "디코더의" are three words to Sphinx's
index, and Sphinx looks inside words only when the word searched for is not in the index at all: a search
for 디코더 found 5 of the 10 pages that use it. This search language strips trailing particles from a
Hangul word, in the index (``stem``) and in the reader's query (the same rule in JavaScript, built from the
same list). Other words keep Sphinx's English stemmer: the Korean prose names k-means, ACC and PyTorch in
English. Loaded from ``_config.yml``; it applies where ``language`` is ``ko``.
"""
from __future__ import annotations

import json
import re

from sphinx.search.en import SearchEnglish

# The particles (and the plural 들) a noun in this book's prose carries, longest first. A word keeps at least
# two syllables (결과, 차이 and 하나 end in a particle's syllable but are whole words), or one before a particle
# that starts with 으 or 이 and only follows a final consonant (값으로 -> 값, 것이나 -> 것). Some whole words lose
# a syllable (정확도 -> 정확, 역온도 -> 역온): index and query are cut alike, so they still find each other.
PARTICLES = sorted("""
    은 는 이 가 을 를 의 에 와 과 도 만 로 들 나 으로 에서 에게 부터 까지 보다 처럼 마다 이나 이라는 라는 이다 입니다
    으로서 로서 으로써 로써 에서의 에의 과의 와의 만의 이란 란 조차 마저 뿐 밖에 대로
""".split(), key=len, reverse=True)
AFTER_CONSONANT = ("으", "이")   # such a particle of two syllables or more may leave a one-syllable word
# (particle, syllables the word keeps at least), decided once here for both the index and the query
RULES = [(p, 1 if p.startswith(AFTER_CONSONANT) and len(p) > 1 else 2) for p in PARTICLES]
HANGUL = re.compile("[\uac00-\ud7a3]")


def strip_particles(word: str) -> str:
    """``word`` without the particles at its end ("중심점에서는" -> "중심점")."""
    stripped = True
    while stripped:
        stripped = False
        for particle, keep in RULES:
            if word.endswith(particle) and len(word) - len(particle) >= keep:
                word, stripped = word[:-len(particle)], True
                break
    return word


# The query side, the same rule: particles off a word with Hangul, then Sphinx's Porter stemmer for what is
# left without Hangul ("README의" -> "readm", as "README" alone).
JS_STRIP = f"""
var EnglishStemmer = Stemmer;
Stemmer = function () {{
  var english = new EnglishStemmer(), rules = {json.dumps(RULES, ensure_ascii=False)};
  this.stemWord = function (word) {{
    for (var stripped = /[\\uac00-\\ud7a3]/.test(word); stripped;) {{
      stripped = false;
      for (var i = 0; i < rules.length; i++) {{
        var p = rules[i][0], keep = rules[i][1];
        if (word.endsWith(p) && word.length - p.length >= keep) {{
          word = word.slice(0, word.length - p.length);
          stripped = true;
          break;
        }}
      }}
    }}
    return /[\\uac00-\\ud7a3]/.test(word) ? word : english.stemWord(word);
  }};
}};
"""


class SearchKorean(SearchEnglish):
    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = SearchEnglish.js_stemmer_code + JS_STRIP

    def stem(self, word: str) -> str:
        word = strip_particles(word) if HANGUL.search(word) else word
        return word if HANGUL.search(word) else super().stem(word)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
