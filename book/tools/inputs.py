"""A digest of what the book is built from: ``make book`` skips a build whose inputs have not changed.

The inputs are every file git sees (committed or not; ignored files such as ``.venv`` and ``_build`` are
not), except those the build never reads (the tests, the library, the benchmarks, CI's scripts, the README: the pages
show the notebooks' stored outputs, never run them), plus whether Chromium, which prints the PDFs, is
installed, and the site's address (``$DKM_SITE_URL``, book/tools/editions.py). The Makefile names
the packages (requirements.txt) and the web assets (the ``vendor`` rule), so both are in the digest.

    python book/tools/inputs.py     # prints the digest; prints nothing where git cannot list the files
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# never read by the build (execute_notebooks is off): a change to the library alone leaves the pages as they are
NOT_INPUTS = ("tests/", "dkm_lib/", "benchmarks/", ".ci/", "README.md")   # (_config.yml excludes README.md too)


def digest(root: Path = ROOT) -> str | None:
    """SHA-256 over the inputs' names and contents; None without git (then the book is always built)."""
    try:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                                cwd=root, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    total = hashlib.sha256()
    for name in sorted({n.decode() for n in listed.split(b"\0") if n}):
        path = root / name
        if name.startswith(NOT_INPUTS) or not path.is_file():   # (a file deleted but not yet committed)
            continue
        total.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    total.update(b"chromium" if shutil.which("chromium") or shutil.which("chromium-browser") else b"no pdf")
    total.update(b"\0site " + os.environ.get("DKM_SITE_URL", "").encode())
    return total.hexdigest()


if __name__ == "__main__":
    print(digest() or "")
