"""Execute chapters as a reader would (a copy; the committed notebooks are not touched) and time them.

    DKM_PROFILE=full python benchmarks/execute_chapters.py --out runs/gpu/logs 04 07 [--lang en]

Writes the executed copies and ``chapters.json`` (wall time and error, per chapter) into ``--out``.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+", help="chapter numbers, e.g. 04 07")
    parser.add_argument("--lang", default="en", choices=["en", "ko"])
    parser.add_argument("--out", required=True, help="folder for the executed copies and chapters.json")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report = {}
    for number in args.chapters:
        (path,) = sorted((ROOT / "notebooks" / args.lang).glob(f"{number}_*.ipynb"))
        nb = nbformat.read(path, as_version=4)
        tic = time.perf_counter()
        error = None
        try:
            NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        except Exception as err:  # keep going: the report says which chapter failed and why
            error = f"{type(err).__name__}: {str(err)[-2000:]}"
        report[path.name] = {"wall_s": round(time.perf_counter() - tic, 1), "error": error}
        nbformat.write(nb, out / path.name)
        failed = f"  FAILED {error[:300]}" if error else ""
        print(f"{path.name}: {report[path.name]['wall_s']} s{failed}", flush=True)
        (out / "chapters.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
