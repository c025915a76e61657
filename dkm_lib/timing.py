"""How long things take, read from the records, with the device that made each number.

``results/gpu/`` holds what ``benchmarks/gpu_check.py`` measured on a GPU, ``results/cpu/`` what
``benchmarks/bench_epoch.py --json`` (epochs), ``benchmarks/time_headline.py`` (one seed of the
study's headline on a quiet machine) and ``benchmarks/execute_chapters.py --record`` (each chapter as
a reader runs it) measured on a CPU, and ``results/runs/`` the earlier runs.
``python -m dkm_lib.timing`` prints the README's "How long it takes" table from them (``--readme``
writes it into the README).
"""
from __future__ import annotations

import json
import statistics
from pathlib import Path

from . import paths


def _latest(folder: Path, pattern: str) -> dict | None:
    files = sorted(folder.glob(pattern))
    return json.loads(files[-1].read_text()) if files else None


def _mean_wall(records: list[dict], recipe: str) -> float | None:
    walls = [r["wall_s"] for r in records if r["recipe"] == recipe and r.get("wall_s")]
    return statistics.fmean(walls) if walls else None


def rows(results: Path | None = None) -> tuple[list[tuple[str, str, str]], dict]:
    """``[(what, cpu, gpu)]`` as printed strings, and the device names they come from."""
    results = Path(results or paths.RESULTS)
    check = _latest(results / "gpu", "gpu_check-*.json") or {"stages": {}, "environment": {}}
    gpu = check["stages"].get("bench", {}).get("timings", {})
    cpu = _latest(results / "cpu", "bench-*.json") or {}
    gpu_run = _latest(results / "gpu", "improved-seed*.json")
    headline = _latest(results / "cpu", "headline-seed*.json")
    records = [json.loads(p.read_text()) for p in sorted((results / "runs").glob("*-seed*.json"))]
    blog_run = check["stages"].get("seed", {}).get("run") or {}
    blog_gpu = blog_run.get("wall_s") if blog_run.get("epochs") == 300 else None   # not a shortened schedule

    def s(value, digits=2):
        return "–" if value is None else f"{value:.{digits}f} s"

    def epoch(timings, key):
        return timings.get("epoch_s", {}).get(key)

    def stacked(timings, count):
        return timings.get("stacked", {}).get(str(count))

    table = [
        ("epoch (60k images, batch 128): blog-style", s(epoch(cpu, "blog_style")),
         s(epoch(gpu, "blog_style"))),
        ("epoch: dkm_lib", s(epoch(cpu, "dkm_lib_fp32")), s(epoch(gpu, "dkm_lib_fp32"))),
        ("epoch: dkm_lib, bf16 autocast", "–", s(epoch(gpu, "dkm_lib_amp"))),
        ("epoch: dkm_lib, torch.compile", "–", s(epoch(gpu, "dkm_lib_compile"))),
    ]
    if epoch(gpu, "dkm_lib_graph"):   # measured from the first GPU check that had it
        table.append(("epoch: dkm_lib, whole step as one CUDA graph", "–", s(epoch(gpu, "dkm_lib_graph"))))
    table += [
        ("test evaluation (10k images)", s(cpu.get("eval_s", {}).get("dkm_lib"), 3),
         s(gpu.get("eval_s", {}).get("dkm_lib"), 3)),
        ("epoch, stacked trainer, 1 seed", s(stacked(cpu, 1)), s(stacked(gpu, 1))),
        ("epoch, stacked, 2 seeds (CPU) / 10 (GPU)", s(stacked(cpu, 2)), s(stacked(gpu, 10))),
        ("improved recipe, one seed", s(_mean_wall(records, "improved"), 0),
         s(gpu_run and gpu_run["wall_s"], 0)),
        ("blog's recipe, one seed (300 epochs)", s(_mean_wall(records, "seed"), 0), s(blog_gpu, 0)),
    ]
    if headline:   # the whole pipeline of the study's headline, with the cores to itself
        table.append((f"study headline ({headline['recipe']}), one seed, quiet machine",
                      s(headline["wall_s"], 0), "–"))
    chapters = _latest(results / "cpu", "chapters-*.json")
    if chapters:   # GPU: only what gpu_check's `chapters` stage ran, in the full profile
        on_gpu = {name.split("_")[0]: r["wall_s"] for name, r in
                  check["stages"].get("chapters", {}).get("chapters", {}).items() if not r.get("error")}
        table += [(f"chapter {number} ({chapters['profile']} profile on the CPU)", s(wall, 0),
                   f"{s(on_gpu[number], 0)} (full profile)" if number in on_gpu else "–")
                  for number, wall in sorted(chapters["wall_s"].items())]
    devices = {"cpu": cpu.get("device", "–"), "gpu": check["environment"].get("device", "–"),
               "gpu_torch": check["environment"].get("torch", "–")}
    return table, devices


def markdown(results: Path | None = None) -> str:
    table, devices = rows(results)
    lines = [f"| | CPU: {devices['cpu']} | GPU: {devices['gpu']} (torch {devices['gpu_torch']}) |", "|---|---|---|"]
    lines += [f"| {what} | {cpu} | {gpu} |" for what, cpu, gpu in table]
    return "\n".join(lines)


START, END = "<!-- timing table -->", "<!-- end timing table -->"


def write_readme(readme: Path = paths.REPO_ROOT / "README.md") -> None:
    """Put ``markdown()`` between the README's timing-table markers."""
    text = readme.read_text()
    head, rest = text.split(START)
    _, tail = rest.split(END)
    readme.write_text(f"{head}{START}\n{markdown()}\n{END}{tail}")


if __name__ == "__main__":
    import sys

    if "--readme" in sys.argv:
        write_readme()
    else:
        print(markdown())
