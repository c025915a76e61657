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
import re
import statistics
from pathlib import Path

from . import paths, style
from .reproduce import load_records

# The row labels in Korean, for the Korean edition's table (the README's table is English).
LABELS_KO = {
    "epoch (60k images, batch 128): blog-style": "에폭 (6만 장, 배치 128): 블로그 방식",
    "epoch: dkm_lib": "에폭: dkm_lib",
    "epoch: dkm_lib, bf16 autocast": "에폭: dkm_lib, bf16 자동 혼합 정밀도",
    "epoch: dkm_lib, torch.compile": "에폭: dkm_lib, torch.compile",
    "epoch: dkm_lib, whole step as one CUDA graph": "에폭: dkm_lib, 학습 단계 전체를 CUDA 그래프 하나로",
    "test evaluation (10k images)": "테스트 평가 (1만 장)",
    "epoch, stacked trainer, 1 seed": "에폭, 가중치를 쌓은 학습기, 시드 1개",
    "epoch, stacked, 2 seeds (CPU) / 10 (GPU)": "에폭, 쌓은 학습기, 시드 2개(CPU) / 10개(GPU)",
    "improved recipe, one seed (CPU: one thread, cores shared)":
        "개선 레시피, 시드 1개 (CPU: 스레드 하나, 코어를 나눠 씀)",
    "blog's recipe, one seed (300 epochs; CPU: one thread, cores shared)":
        "블로그 레시피, 시드 1개 (300 에폭, CPU: 스레드 하나, 코어를 나눠 씀)",
    "study headline ({}), one seed, quiet machine": "실험의 대표 레시피 ({}), 시드 1개, 다른 작업이 없는 컴퓨터",
    "chapter {} ({} profile on the CPU)": "{}장 (CPU에서는 {} 프로필)",
    "appendix {} ({} profile on the CPU)": "부록 {} (CPU에서는 {} 프로필)",
    "{} (full profile)": "{} (전체 프로필)",
    "{}, {} threads": "{}, 스레드 {}개",
}
PROFILES_KO = {"quick": "빠른", "full": "전체"}   # as the Korean chapters name the profiles
APPENDICES = {9: "A"}   # notebook 09 is the book's Appendix A (its TITLE in notebooks/src/09_pytorch_primer.py)


def _label(text: str, *values) -> str:
    """``text.format(*values)``, in Korean when the figures' language is Korean."""
    return (LABELS_KO[text] if style.language() == "ko" else text).format(*values)


def _chapter(number: int, profile: str) -> str:
    """A notebook's row label, as the book numbers it: "chapter 4 (...)", "appendix A (...)"."""
    profile = PROFILES_KO.get(profile, profile) if style.language() == "ko" else profile
    if number in APPENDICES:
        return _label("appendix {} ({} profile on the CPU)", APPENDICES[number], profile)
    return _label("chapter {} ({} profile on the CPU)", number, profile)


def _latest(folder: Path, pattern: str) -> dict | None:
    """The newest record named ``pattern`` by the date (and time) its name ends with, ``...-YYYYMMDD[-HHMM].json``:
    sorted by the whole name, ``headline-seed9-20261101`` would beat ``headline-seed3-20261203``."""
    def stamp(path: Path) -> tuple[str, str]:
        found = re.search(r"(\d{8})(?:-(\d{4}))?\.json$", path.name)
        return (found[1], found[2] or "") if found else ("", "")
    files = sorted(folder.glob(pattern), key=lambda path: (stamp(path), path.name))
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
    records = load_records(results)
    blog_run = check["stages"].get("seed", {}).get("run") or {}
    blog_gpu = blog_run.get("wall_s") if blog_run.get("epochs") == 300 else None   # not a shortened schedule

    def s(value, digits=2):
        return "–" if value is None else f"{value:.{digits}f} s"

    def epoch(timings, key):
        return timings.get("epoch_s", {}).get(key)

    def stacked(timings, count):
        return timings.get("stacked", {}).get(str(count))

    table = [
        (_label("epoch (60k images, batch 128): blog-style"), s(epoch(cpu, "blog_style")),
         s(epoch(gpu, "blog_style"))),
        (_label("epoch: dkm_lib"), s(epoch(cpu, "dkm_lib_fp32")), s(epoch(gpu, "dkm_lib_fp32"))),
        (_label("epoch: dkm_lib, bf16 autocast"), "–", s(epoch(gpu, "dkm_lib_amp"))),
        (_label("epoch: dkm_lib, torch.compile"), "–", s(epoch(gpu, "dkm_lib_compile"))),
    ]
    if epoch(gpu, "dkm_lib_graph"):   # measured from the first GPU check that had it
        table.append((_label("epoch: dkm_lib, whole step as one CUDA graph"), "–", s(epoch(gpu, "dkm_lib_graph"))))
    table += [
        (_label("test evaluation (10k images)"), s(cpu.get("eval_s", {}).get("dkm_lib"), 3),
         s(gpu.get("eval_s", {}).get("dkm_lib"), 3)),
        (_label("epoch, stacked trainer, 1 seed"), s(stacked(cpu, 1)), s(stacked(gpu, 1))),
        (_label("epoch, stacked, 2 seeds (CPU) / 10 (GPU)"), s(stacked(cpu, 2)), s(stacked(gpu, 10))),
        (_label("improved recipe, one seed (CPU: one thread, cores shared)"), s(_mean_wall(records, "improved"), 0),
         s(gpu_run and gpu_run["wall_s"], 0)),
        (_label("blog's recipe, one seed (300 epochs; CPU: one thread, cores shared)"),
         s(_mean_wall(records, "seed"), 0), s(blog_gpu, 0)),
    ]
    if headline:   # the whole pipeline of the study's headline, with the cores to itself
        table.append((_label("study headline ({}), one seed, quiet machine", headline["recipe"]),
                      s(headline["wall_s"], 0), "–"))
    chapters = _latest(results / "cpu", "chapters-*.json")
    if chapters:   # GPU: only what gpu_check's `chapters` stage ran, in the full profile
        on_gpu = {name.split("_")[0]: r["wall_s"] for name, r in
                  check["stages"].get("chapters", {}).get("chapters", {}).items() if not r.get("error")}
        table += [(_chapter(int(number), chapters["profile"]), s(wall, 0),
                   _label("{} (full profile)", s(on_gpu[number], 0)) if number in on_gpu else "–")
                  for number, wall in sorted(chapters["wall_s"].items())]
    cpu_name = _label("{}, {} threads", cpu["cpu"], cpu["threads"]) if cpu else "–"
    devices = {"cpu": cpu_name, "gpu": check["environment"].get("device", "–"),
               "gpu_torch": check["environment"].get("torch", "–")}
    return table, devices


def markdown(results: Path | None = None) -> str:
    table, devices = rows(results)
    lines = [f"| measured | CPU: {devices['cpu']} | GPU: {devices['gpu']} (torch {devices['gpu_torch']}) |",
             "|---|---|---|"]
    lines += [f"| {what} | {cpu} | {gpu} |" for what, cpu, gpu in table]
    return "\n".join(lines)


START, END = "<!-- timing table -->", "<!-- end timing table -->"


def write_readme(readme: Path = paths.REPO_ROOT / "README.md") -> None:
    """Put ``markdown()`` between the README's timing-table markers."""
    paths.replace_between(readme, START, END, markdown() + "\n")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m dkm_lib.timing", description="the README's timing table, "
                                     "from the records in results/runs/, results/cpu/ and results/gpu/")
    parser.add_argument("--readme", action="store_true", help="write it into README.md instead of printing it")
    if parser.parse_args().readme:   # (a mistyped flag stops here with the usage, not a silent print)
        write_readme()
        print(f"wrote the timing table into {paths.REPO_ROOT / 'README.md'} (between {START} and {END})")
    else:
        print(markdown())
