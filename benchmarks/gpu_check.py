"""Everything the book promises on a CUDA machine, in one command, recorded in one JSON.

Stages (each timed, each with a time limit; a failed stage is recorded and the next one runs):
  tests      the tests that touch the device (tests/test_cuda.py, batched and model tests)
  bench      seconds per 60k-image epoch: blog-style pipeline vs dkm_lib fp32 / bf16 autocast /
             torch.compile / the whole step as one CUDA graph, and 10 stacked seeds vs 1
             (benchmarks/bench_epoch.py)
  seed       the blog's whole recipe (300 epochs), each step replayed from a CUDA graph (--cuda-graph)
  batched    10 seeds of the improved recipe at once (dkm_lib.batched), records in results/gpu/
  improved   the improved recipe, one seed, on the GPU (eager)
  chapters   chapters 04 and 07 executed in the full profile (needs nbclient + ipykernel)

    python benchmarks/gpu_check.py [--budget 540] [--out results/gpu] [--skip chapters] [--only tests bench seed]
    python benchmarks/gpu_check.py --smoke --seeds 2 --skip chapters   # the plumbing on a CPU: about 2.5 minutes
                                                                       # on 2 cores (2026-12-04), into runs/gpu/smoke

Measured on an H200 (results/gpu/gpu_check-20261130-0110.json): tests + bench took about 2 minutes and
the improved recipe 230 s (UMAP on 60k latents is single-threaded); the 10 batched seeds need about
5 minutes. Where one command may run 10 minutes, split the check with ``--only``: ``tests bench seed
--budget 580`` first (the device tests, the epoch times, the blog's recipe), then ``batched``, then ``improved chapters
--budget 600`` (each group's stage limits fit its budget).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from dkm_lib.paths import write_json   # gpu_check.sh puts this checkout on PYTHONPATH

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable  # the Python running the check, with the torch it has (a GPU box's own, say)


def environment() -> dict:
    import torch

    info = {"torch": str(torch.__version__), "cuda": torch.version.cuda, "python": sys.version.split()[0],
            "cuda_available": torch.cuda.is_available(), "cpu_count": os.cpu_count(),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    if torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        info.update(device=props.name, memory_gib=round(props.total_memory / 2**30, 1),
                    multiprocessors=props.multi_processor_count)
    return info


def run_stage(name: str, command: list[str], limit: float, log_dir: Path, env: dict | None = None) -> dict:
    """Run one stage as a subprocess with a time limit; keep its output in ``log_dir/<name>.log``."""
    print(f"== {name} (limit {limit:.0f}s): {' '.join(command)}", flush=True)
    tic = time.perf_counter()
    with open(log_dir / f"{name}.log", "w") as log:
        try:
            rc = subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, timeout=limit,
                                env={**os.environ, **(env or {})}).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
    wall = time.perf_counter() - tic
    tail = (log_dir / f"{name}.log").read_text(errors="replace").splitlines()[-15:]
    print(f"   rc={rc} in {wall:.1f}s\n   " + "\n   ".join(tail), flush=True)
    shown = ["python" if part == PY else part for part in command]  # records hold no machine's paths
    return {"rc": rc, "wall_s": round(wall, 1), "command": " ".join(shown), "tail": tail}


def history_summary(run_dir: Path) -> dict | None:
    path = run_dir / "history.json"
    if not path.is_file():
        return None
    saved = json.loads(path.read_text())
    history = saved["history"]
    return {"metrics": saved["metrics"], "wall_s": round(history["wall_s"], 1), "epochs": len(history["epoch"]),
            "init_eval": history.get("init_eval"), "eval": history["eval"]}


BATCHED = """
import json, time
from dataclasses import replace
from pathlib import Path
from dkm_lib import reproduce as study
if {smoke}:  # plumbing only: a tiny version of the recipe
    study.RECIPES["improved"] = replace(study.RECIPES["improved"], train_size=2000, epochs=4, pretrain_epochs=2,
                                        fixed_assign_epochs=1)
out = Path({out!r})
tic = time.time()
table = study.reproduce(recipes=["improved"], seeds=list(range({seeds})), baselines=(), device={device!r}, jobs={jobs},
                  results_dir=out, runs_dir=Path("runs/gpu"), checkpoints_dir=Path("runs/gpu/checkpoints"),
                  batched=True)
print(json.dumps({{"wall_s": round(time.time() - tic, 1), "summary": table["summary"]}}, indent=1))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=540, help="seconds for all stages together")
    parser.add_argument("--out", default="results/gpu", help="folder for the JSON report and run records")
    parser.add_argument("--seeds", type=int, default=10, help="seeds in the batched stage")
    parser.add_argument("--skip", nargs="*", default=[], help="stages to skip")
    parser.add_argument("--only", nargs="*", default=[], help="run only these stages (split a check over commands)")
    parser.add_argument("--smoke", action="store_true",
                        help="check the plumbing on a CPU in a few minutes: tiny runs, nothing worth recording")
    args = parser.parse_args()
    device = "cpu" if args.smoke else "cuda"
    tiny = ["--train-size", "2000", "--epochs", "4"] if args.smoke else []
    deadline = time.perf_counter() + args.budget
    os.chdir(ROOT)  # every path below is relative to the checkout, so records hold no machine's paths
    # A smoke run's numbers are worth nothing: keep them out of results/, which the README's table reads.
    out, logs = Path("runs/gpu/smoke" if args.smoke else args.out), Path("runs/gpu/logs")
    if args.smoke:   # the batched stage's records from an earlier smoke run would let it skip training
        shutil.rmtree(out / "runs", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    env = environment()
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M")
    report_path = out / f"gpu_check-{stamp}.json"
    report = {"environment": env, "stages": {}}
    print(json.dumps(env), flush=True)
    cli = [PY, "-m", "dkm_lib", "train", "--device", device, "--overwrite"]   # a fresh run where a smoke run was
    jobs = str(min(args.seeds, max(1, (os.cpu_count() or 2) - 2)))
    # Most wanted first: a stage that would start with under 20 s left is skipped and recorded so.
    stages = [
        ("tests", [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_cuda.py", "tests/test_model.py"],
         110),
        ("bench", [PY, "benchmarks/bench_epoch.py", "--device", device, "--seeds", str(args.seeds),
                   "--variants", *(["fp32"] if args.smoke else ["fp32", "amp", "compile", "graph"]),
                   "--repeats", "1" if args.smoke else "2", "--json", str(logs / "bench.json")], 130),
        ("seed", cli + ["--preset", "seed", "--out", "runs/gpu/seed-graph"]
         + (tiny + ["--t1", "1", "--t2", "3"] if args.smoke else ["--cuda-graph"]), 330),
        ("batched", [PY, "-c", BATCHED.format(out=str(out), seeds=args.seeds, jobs=jobs, device=device,
                                              smoke=args.smoke)], 400),
        ("improved", cli + ["--preset", "improved", "--seed", "0", "--out", "runs/gpu/improved-seed0"]
         + (["--train-size", "2000", "--epochs", "4", "--pretrain-epochs", "2", "--fixed-assign-epochs", "1"]
            if args.smoke else []), 300),
        ("chapters", [PY, "benchmarks/execute_chapters.py", "--out", str(logs), "07", "04"], 300),
    ]
    for name, command, limit in stages:
        left = deadline - time.perf_counter()
        asked_away = name in args.skip or (args.only and name not in args.only)
        if asked_away or left < 20:
            report["stages"][name] = {"rc": "skipped", "reason": "asked" if asked_away else "out of time"}
            continue
        report["stages"][name] = run_stage(name, command, min(limit, left), logs,
                                           env={"DKM_PROFILE": "full"} if name == "chapters" else None)
        if name == "bench" and (logs / "bench.json").is_file():
            report["stages"][name]["timings"] = json.loads((logs / "bench.json").read_text())
        finished = report["stages"][name].get("rc") == 0   # else the folder may hold an older run's history
        if name == "improved" and finished:
            report["stages"][name]["run"] = history_summary(ROOT / "runs/gpu/improved-seed0")
        if name == "seed" and finished:
            report["stages"][name]["run"] = history_summary(ROOT / "runs/gpu/seed-graph")
        if name == "chapters" and (logs / "chapters.json").is_file():
            report["stages"][name]["chapters"] = json.loads((logs / "chapters.json").read_text())
        write_json(report_path, report)  # after every stage, whole: partial results survive a stage's timeout
    write_json(report_path, report)
    print(f"wrote {report_path}")


if __name__ == "__main__":
    main()
