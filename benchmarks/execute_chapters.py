"""Execute chapters as a reader would (a copy; the committed notebooks are not touched) and time them.

    DKM_PROFILE=full python benchmarks/execute_chapters.py --out runs/gpu/logs 04 07 [--lang en]
    python benchmarks/execute_chapters.py --out /tmp/chapters --record 00 01 02 03 04 05 06 07 08 09

Writes the executed copies and ``chapters.json`` (wall time and error, per chapter) into ``--out``.
``--record`` also writes ``results/cpu/chapters-<date>.json`` (the README's "How long it takes"
table reads it): the times with the machine, profile and load average they were measured under.
"""
from __future__ import annotations

import argparse
import datetime
import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from dkm_lib.paths import write_json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+", help="chapter numbers, e.g. 04 07")
    parser.add_argument("--lang", default="en", choices=["en", "ko"])
    parser.add_argument("--out", required=True, help="folder for the executed copies and chapters.json")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--record", action="store_true",
                        help="also write results/cpu/chapters-<date>.json (run it on a quiet machine)")
    args = parser.parse_args()
    load_before = os.getloadavg()
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
        write_json(out / "chapters.json", report)   # whole or not at all: gpu_check may stop this run
    if args.record:
        record_cpu_times(report, args.lang, load_before)


def record_cpu_times(report: dict, lang: str, load_before: tuple) -> None:
    """``results/cpu/chapters-<date>.json``: the chapters' wall times and what they were measured on."""
    import torch

    from dkm_lib import book, paths
    from dkm_lib.devices import cpu_name

    if any(r["error"] for r in report.values()):
        raise SystemExit("a chapter failed, so no record was written: fix it and run again")
    date = datetime.date.today().isoformat()
    record = {"what": "each chapter executed top to bottom by nbclient, as a reader runs it",
              "lang": lang, "profile": book.profile(), "cpu": cpu_name(), "cpu_count": os.cpu_count(),
              "omp_num_threads": os.environ.get("OMP_NUM_THREADS"), "torch": str(torch.__version__), "date": date,
              "load_average_1min": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
              "wall_s": {name.split("_")[0]: r["wall_s"] for name, r in report.items()}}
    path = paths.RESULTS / "cpu" / f"chapters-{date.replace('-', '')}.json"
    paths.write_json(path, record)
    print(f"wrote {path.relative_to(paths.REPO_ROOT)}")


if __name__ == "__main__":
    main()
