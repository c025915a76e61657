"""Turn NanumGothic TTF files into WOFF web fonts that browsers accept.

The TTFs bundled with koreanize-matplotlib carry VTT hinting source tables (TSI0-TSI5) that
Chrome's font sanitizer rejects; we drop those tables and compress to WOFF.

    python book/tools/webfont.py SRC_DIR DST_DIR
"""
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

src, dst = Path(sys.argv[1]), Path(sys.argv[2])
dst.mkdir(parents=True, exist_ok=True)
for name in ("NanumGothic", "NanumGothicBold"):
    font = TTFont(src / f"{name}.ttf")
    for tag in [t for t in font.keys() if t.startswith("TSI")]:
        del font[tag]
    font.flavor = "woff"
    font.save(dst / f"{name}.woff")
