"""Turn the NanumGothic TTFs into WOFF2 web fonts that browsers accept, subset to the Hangul of the book's text.

The TTFs bundled with koreanize-matplotlib carry VTT hinting source tables (TSI0-TSI5) that
Chrome's font sanitizer rejects; we drop those tables.

    python book/tools/webfont.py SRC_DIR DST_DIR                   # whole fonts, WOFF
    python book/tools/webfont.py SRC_DIR DST_DIR --text FILE...    # only the Hangul the FILEs use, WOFF2

The subset keeps every Hangul syllable, jamo and CJK/fullwidth punctuation that occurs in the given
files (the book's notebooks, pages and interface strings), a few hundred glyphs instead of 11,000:
the two faces shrink from 2.4 MB each to about 50 kB. The CSS (book/static/book.css) limits the
face to the same Unicode ranges, so Latin text keeps the fonts after it.
"""
import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

RANGES = [(0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0xAC00, 0xD7AF), (0xFF00, 0xFFEF)]
FACES = ("NanumGothic", "NanumGothicBold")
FAMILY = "Book Hangul"   # the subset's name: not a Reserved Font Name of the original


def hangul(text: str) -> set[int]:
    """The code points of ``text`` in the font's ranges."""
    return {ord(c) for c in text if any(lo <= ord(c) <= hi for lo, hi in RANGES)}


def book_characters(files) -> set[int]:
    chars = set()
    for path in files:
        chars |= hangul(Path(path).read_text(encoding="utf-8", errors="ignore"))
    return chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    parser.add_argument("--text", nargs="+", required=True, help="subset to the Hangul used in these files (WOFF2)")
    args = parser.parse_args()
    args.dst.mkdir(parents=True, exist_ok=True)
    chars = book_characters(args.text)
    for name in FACES:
        font = TTFont(args.src / f"{name}.ttf")
        for tag in [t for t in font.keys() if t.startswith("TSI")]:
            del font[tag]
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.hinting = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=chars)
        subsetter.subset(font)
        # A subset is a Modified Version under the OFL, and "NanumGothic" is a Reserved Font Name:
        # the subset gets its own name (LICENSES/OFL-1.1.txt travels with it, see THIRD-PARTY.md).
        weight = "Bold" if "Bold" in name else "Regular"
        for record in font["name"].names:
            if record.nameID in (1, 3, 4, 6, 16):
                text = {1: FAMILY, 3: f"{FAMILY} {weight}", 4: f"{FAMILY} {weight}",
                        6: f"{FAMILY.replace(' ', '')}-{weight}", 16: FAMILY}[record.nameID]
                record.string = text
        font.flavor = "woff2"
        font.save(args.dst / f"book-hangul-{weight.lower()}.woff2")
    licence = Path(__file__).resolve().parents[2] / "LICENSES" / "OFL-1.1.txt"
    (args.dst / "OFL.txt").write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")


if __name__ == "__main__":
    main()
