"""The earlier runs (first protocol): several seeds of the blog and improved recipes, plus baselines, and the tables.

``python -m dkm_lib reproduce`` trains every (recipe, seed) that has no record yet, so the study
can be finished over several sittings or on a faster machine. Each finished run writes
``results/runs/<recipe>-seed<k>.json`` (numbers and history); the table ``results/mnist.json``
and ``results/mnist.md`` are rebuilt from those records every time. Labels are used only to
score the test set, never to train, initialise, stop or choose an epoch.
"""
from __future__ import annotations

import json
import os
import statistics
import time
from multiprocessing import get_context
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, replace
from pathlib import Path

import torch

from . import paths, report
from .paths import atomic_write, relative, write_json
from .data import data_checksums, load_all_mnist, load_mnist
from .metrics import clustering_scores
from .model import check_positive_int, unique_list
from .checkpoints import STAMP_KEYS, read_checkpoint, run_stamp, save_checkpoint
from .config import HOW_IT_RUNS, PRESETS, TrainConfig, config_from_dict, differences
from .devices import machine, recorded_machine, resolve_device
from .stages import stitched_checkpoints
from .study_plan import JOINT, RUNS_DIR
from .trainer import train

# The earlier runs trained on all 60k training images (no validation split), hence val_size=0 here.
RECIPES: dict[str, TrainConfig] = {"seed": PRESETS["seed"], "improved": replace(PRESETS["improved"], val_size=0)}
BASELINES = ("kmeans_pixels", "pca_kmeans", "kmeans_pixels_70k")
# Derived from the improved runs' own autoencoders, at the moment their pretraining ended.
DERIVED = {"ae_kmeans": "kmeans", "ae_umap_kmeans": "umap"}

DESCRIPTIONS = {
    "seed": "the blog's recipe: 300 epochs, T1=50, T2=200, λ=1e-3, torch.rand centroids; weights of the lowest-training-loss epoch",
    "improved": "no latent ReLU, BCE pixels, 40 AE epochs, UMAP+k-means partition → centroids, 10 joint epochs (λ=0.05, fixed partition); last epoch",
    "kmeans_pixels": "k-means (k-means++, 10 restarts) on the 784 raw pixels of the 60k training images",
    "pca_kmeans": "PCA to 50 dimensions, then k-means, fitted on the 60k training images",
    "kmeans_pixels_70k": "k-means on the raw pixels of all 70k images, fitted and scored on the same 70k "
                         "(the protocol of the papers that quote this baseline)",
    "ae_kmeans": "two-stage: the improved recipe's autoencoder after its 40 AE-only epochs, then k-means on its latents",
    "ae_umap_kmeans": "the same autoencoder, UMAP + k-means on its latents (N2D-style), centroids = part means",
}
DESCRIPTIONS_KO = {   # chapter 8's Korean edition (the records keep the English)
    "seed": "블로그의 레시피: 300 에폭, T1=50, T2=200, λ=1e-3, torch.rand 중심점, 학습 손실이 가장 낮은 에폭의 가중치",
    "improved": "잠재층 ReLU 없음, BCE 픽셀 손실, 오토인코더 40 에폭, UMAP+k-평균 분할 → 중심점, 결합 학습 10 에폭"
                "(λ=0.05, 고정된 분할), 마지막 에폭의 모델",
    "kmeans_pixels": "학습 이미지 6만 장의 원본 픽셀 784개에 k-평균(k-평균++, 재시작 10번)",
    "pca_kmeans": "PCA로 50차원까지 줄인 뒤 k-평균(둘 다 학습 이미지 6만 장으로 맞춤)",
    "kmeans_pixels_70k": "7만 장 전부의 원본 픽셀에 k-평균, 같은 7만 장으로 맞추고 채점(이 기준선을 인용하는 논문의 "
                         "프로토콜)",
    "ae_kmeans": "두 단계: 개선 레시피에서 오토인코더만 40 에폭 학습한 뒤, 그 잠재 벡터에 k-평균",
    "ae_umap_kmeans": "같은 오토인코더의 잠재 벡터에 UMAP + k-평균(N2D 방식), 중심점 = 부분 평균",
}
STUDY_RECIPE = "distill"   # the study's row for the improved recipe, whose best-by-validation run is shipped
SELECTION = {"min_loss": "lowest mean training loss (as the blog)", "last": "last epoch"}


def run_recipe(recipe: str, seed: int, device: str, runs_dir: Path) -> dict:
    """Train one (recipe, seed), resuming its run folder if one was interrupted; return its record."""
    out = runs_dir / recipe / f"seed{seed}"
    config = replace(RECIPES[recipe], seed=seed, device=device, out_dir=str(out))
    tic = time.time()
    if (out / "model.pt").is_file():  # finished before its record was written: reuse, don't retrain
        saved = read_checkpoint(out / "model.pt")
        made = config_from_dict(saved["config"])
        wrong = differences(made, config, HOW_IT_RUNS)   # not how it ran: device, out_dir
        if wrong:
            raise ValueError(f"{out} holds a finished run of {recipe} made with other settings ({'; '.join(wrong)}): "
                             "move it away (or delete it) to train this one.")
        history = {**saved["history"], "metrics": saved["metrics"]}
        stamp = {key: saved["meta"].get(key) for key in STAMP_KEYS}   # when and from what it was trained
        made_on = recorded_machine(saved["meta"].get("device"), saved["meta"].get("torch"))   # and where
    else:
        _, history = train(config, resume=(out / "last.pt").is_file(), progress=False)
        stamp, made_on = run_stamp(), None
    return _record(recipe, seed, config, history, time.time() - tic, stamp=stamp, made_on=made_on)


def run_recipe_batched(recipe: str, seeds: list[int], device: str, runs_dir: Path, jobs: int = 1) -> list[dict]:
    """Train every seed of ``recipe`` at once as one stacked model (``dkm_lib.batched``); return their records."""
    from .batched import train_seeds

    # a seed whose run finished before its record was written is reused (or refused) as run_recipe does
    finished = [s for s in seeds if (runs_dir / recipe / f"seed{s}" / "model.pt").is_file()]
    records = [run_recipe(recipe, seed, device, runs_dir) for seed in finished]
    todo = [s for s in seeds if s not in finished]
    if not todo:
        return records
    config = replace(RECIPES[recipe], device=device)
    tic = time.time()
    results = train_seeds(config, todo, out_root=runs_dir / recipe, progress=False, jobs=jobs)
    elapsed = time.time() - tic
    return records + [_record(recipe, seed, replace(config, seed=seed, out_dir=str(runs_dir / recipe / f"seed{seed}")),
                              history, elapsed, batched=len(todo)) for seed, (_, history) in zip(todo, results)]


def _record(recipe: str, seed: int, config: TrainConfig, history: dict, elapsed: float, batched: int = 1,
            stamp: dict | None = None, made_on: dict | None = None) -> dict:
    """One run's record; ``stamp`` and ``made_on`` (device name, threads, CPU, torch) default to this process's."""
    metrics = history["metrics"]
    device = resolve_device(config.device)
    return {
        "recipe": recipe, "seed": seed, "acc": metrics["acc"], "nmi": metrics["nmi"], "ari": metrics["ari"],
        "clusters_used": metrics["clusters_used"], "epochs": config.epochs,
        "selected_epoch": metrics["selected_epoch"], "selection": SELECTION[config.select],
        "wall_s": round(history["wall_s"], 1), "elapsed_s": round(elapsed, 1), "batched_seeds": batched,
        "device": str(device), **(made_on or machine(device)), **(stamp or run_stamp()), "checkpoint": None,
        "run_dir": relative(Path(config.out_dir)),
        "config": {**asdict(config), "out_dir": relative(Path(config.out_dir))},
        "init_eval": history.get("init_eval"), "history": _compact(history),
    }


def _compact(history: dict) -> dict:
    keep = ("epoch", "alpha", "loss", "rec", "clust", "cluster_sizes", "eval", "selected_epoch")
    return {k: history[k] for k in keep}


def run_baseline(name: str, seed: int) -> dict:
    """k-means on raw pixels, or on 50 PCA components; fitted on train, scored on test.

    ``kmeans_pixels_70k`` is fitted on all 70k images and scores the same 70k, as the papers do.
    """
    if name == "kmeans_pixels_70k":
        train_x, test_y = load_all_mnist()
        test_x = train_x
    else:
        (train_x, _), (test_x, test_y) = load_mnist(train=True), load_mnist(train=False)
    tic = time.time()
    scores = kmeans_scores(train_x, test_x, test_y, seed, pca=name == "pca_kmeans")
    return {"recipe": name, "seed": seed, **scores, "epochs": None, "wall_s": round(time.time() - tic, 1),
            "device": "cpu", "checkpoint": None}


def kmeans_scores(train_x: torch.Tensor, test_x: torch.Tensor, test_y: torch.Tensor, seed: int,
                  pca: bool = False) -> dict:
    """k-means (k-means++, 10 restarts) fitted on the images' pixels (``pca``: their 50 PCA components), scored
    on the test images: the baselines here and in ``benchmarks/fashion.py``."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA

    train_x, test_x = train_x.flatten(1).numpy(), test_x.flatten(1).numpy()
    if pca:
        projection = PCA(50, random_state=seed).fit(train_x)
        train_x, test_x = projection.transform(train_x), projection.transform(test_x)
    kmeans = KMeans(10, n_init=10, random_state=seed).fit(train_x)
    return clustering_scores(test_y.numpy(), kmeans.predict(test_x))


def _derived_records(records: list[dict]) -> list[dict]:
    out = []
    for record in records:
        if record["recipe"] != "improved" or not record.get("init_eval"):
            continue
        for name, key in DERIVED.items():
            scores = record["init_eval"].get(key)
            if scores:
                out.append({"recipe": name, "seed": record["seed"], **scores, "epochs": record["config"]["pretrain_epochs"],
                            "wall_s": None, "device": record["device"], "checkpoint": None,
                            "derived_from": f"improved-seed{record['seed']}"})
    return out


def _worker_init(threads: int) -> None:
    torch.set_num_threads(threads)


def _job(args):
    kind, name, seed, device, runs_dir = args
    return run_recipe(name, seed, device, Path(runs_dir)) if kind == "recipe" else run_baseline(name, seed)


def reproduce(recipes=("seed", "improved"), seeds=(0, 1, 2), baselines=BASELINES, device: str = "auto",
              jobs: int = 1, results_dir: Path | None = None, runs_dir: Path | None = None,
              checkpoints_dir: Path | None = None, batched: bool = False) -> dict:
    """Run what is missing, then rebuild the tables and the shipped checkpoints.

    ``batched=True`` trains all missing seeds of a recipe together (``dkm_lib.batched``): much
    faster on a GPU, not resumable; ``jobs`` then parallelises the seeds' UMAP partitions.
    """
    # a recipe or seed named twice runs once (twice at once, two processes would train into one folder)
    recipes, seeds, baselines = (unique_list(name, v) for name, v in
                                 (("recipes", recipes), ("seeds", seeds), ("baselines", baselines)))
    results_dir = Path(results_dir or paths.RESULTS)
    study_runs_dir = runs_dir   # `study --out DIR` trains into DIR/runs, which `reproduce --out DIR` is given
    runs_dir = Path(runs_dir or paths.REPO_ROOT / "runs")
    record_dir = results_dir / "runs"
    for name in recipes:
        if name not in RECIPES:
            raise ValueError(f"unknown recipe {name!r}; choose from {sorted(RECIPES)}.")
    unknown = [name for name in baselines if name not in BASELINES]
    if unknown:
        raise ValueError(f"unknown baselines {unknown}; choose from {list(BASELINES)}.")
    check_positive_int("jobs", jobs)
    record_dir.mkdir(parents=True, exist_ok=True)
    pending = [("recipe", r, s) for r in recipes for s in seeds] + [("baseline", b, s) for b in baselines for s in seeds]
    pending = [p for p in pending if not (record_dir / f"{p[1]}-seed{p[2]}.json").is_file()]
    if any(kind == "recipe" for kind, _, _ in pending):
        resolve_device(device)   # a missing GPU said now, not after the first job (or a pool of them) starts
    print(f"{len(pending)} runs to do: " + ", ".join(f"{n}-seed{s}" for _, n, s in pending) if pending else "all runs recorded")
    if batched:  # one stacked model per recipe; baselines as usual
        for name in recipes:
            todo = [s for kind, n, s in pending if kind == "recipe" and n == name]
            if todo:
                for record in run_recipe_batched(name, todo, device, runs_dir, jobs):
                    _save_record(record_dir, record)
        pending = [p for p in pending if p[0] != "recipe"]
    args = [(kind, name, seed, device, str(runs_dir)) for kind, name, seed in pending]
    threads = max(1, (os.cpu_count() or 1) // jobs)
    if jobs > 1 and pending:   # spawned, as the study's: a fork of a process whose OpenMP has run can hang
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_worker_init,
                                 initargs=(threads,)) as pool:
            futures = [pool.submit(_job, a) for a in args]
            try:
                for future in as_completed(futures):
                    _save_record(record_dir, future.result())
            except BaseException:   # one job failed (or Ctrl-C): the queued ones do not start; a finished run
                for queued in futures:   # keeps its model.pt, which the same command reuses
                    queued.cancel()
                raise
    else:
        for a in args:
            _save_record(record_dir, _job(a))
    return build_tables(results_dir, checkpoints_dir, study_runs_dir)


def _save_record(record_dir: Path, record: dict) -> None:
    write_json(record_dir / f"{record['recipe']}-seed{record['seed']}.json", record)
    print(f"done {record['recipe']}-seed{record['seed']}: ACC {record['acc']:.4f} NMI {record['nmi']:.4f} "
          f"ARI {record['ari']:.4f} clusters {record['clusters_used']}", flush=True)


def load_records(results_dir: Path | None = None) -> list[dict]:
    """Every recorded run (with histories), sorted by recipe and seed."""
    record_dir = Path(results_dir or paths.RESULTS) / "runs"
    records = [json.loads(p.read_text()) for p in sorted(record_dir.glob("*-seed*.json"))]
    order = list(RECIPES) + list(DERIVED) + list(BASELINES)
    return sorted(records, key=lambda r: (order.index(r["recipe"]) if r["recipe"] in order else 99, r["seed"]))


def summarise_runs(records: list[dict]) -> list[dict]:
    """One row per recipe of runs scored on the test set alone (the earlier runs, Fashion-MNIST's): mean ± std,
    best, worst, clusters used. (The study's records, scored on validation too: ``report.summarise``.)"""
    rows = []
    order = list(RECIPES) + list(DERIVED) + list(BASELINES)
    for name in sorted({r["recipe"] for r in records}, key=lambda n: order.index(n) if n in order else 99):
        rs = [r for r in records if r["recipe"] == name]
        rows.append({
            "recipe": name, "n": len(rs), "seeds": [r["seed"] for r in rs], **report.score_summary(rs),
            "wall_s_mean": statistics.fmean(r["wall_s"] for r in rs) if all(r.get("wall_s") for r in rs) else None,
            "description": DESCRIPTIONS.get(name, ""),
        })
    return rows


def build_tables(results_dir: Path | None = None, checkpoints_dir: Path | None = None,
                 study_runs_dir: Path | None = None) -> dict:
    """Write ``mnist.json`` / ``mnist.md``; ship the blog recipe's first seed and the improved recipe's study run
    (from ``study_runs_dir``, the study's run folders: the book's own, ``runs/study``, when None)."""
    results_dir = Path(results_dir or paths.RESULTS)
    records = load_records(results_dir)
    records = [r for r in records if r["recipe"] not in DERIVED] + _derived_records(records)
    checkpoints_dir = Path(checkpoints_dir or paths.CHECKPOINTS)
    _ship_first_seed("seed", [r for r in records if r["recipe"] == "seed"], checkpoints_dir)
    runs = [{k: v for k, v in r.items() if k != "history"} for r in records]
    study_runs = report.load_study(results_dir)   # read once: summary and runs
    ship_study_run(study_runs, checkpoints_dir, study_runs_dir)
    table = {"dataset": "MNIST: train on the 60k training set, score on the 10k test set",
             "protocol": report.EARLIER_PROTOCOL, "data_md5": data_checksums(), "runs": runs, "summary": summarise_runs(records),
             "study": {**report.summarise(study_runs), "runs": study_runs}}
    write_json(results_dir / "mnist.json", table)
    atomic_write(results_dir / "mnist.md", lambda tmp: tmp.write_text(report.full_markdown(table)))
    return table


def ship_study_run(study_runs: list[dict], checkpoints_dir: Path, runs_dir: Path | None = None,
                   preset: TrainConfig = PRESETS["improved"]) -> dict | None:
    """Ship the improved recipe's study run with the best validation ACC as ``improved*.pt``.

    The recipe is the study's ``distill`` row (``PRESETS["improved"]``); the seed is chosen by
    validation ACC alone, the test set is not consulted. Its two stages (autoencoder, joint phase)
    become one 50-epoch checkpoint (``dkm_lib.stages``: ``train()`` in one go would take another path, so the
    book's full profile trains it again in stages). A no-op where the runs are missing.
    """
    runs = [r for r in study_runs if r["recipe"] == STUDY_RECIPE and r.get("val")]
    if not runs:
        return None
    best = max(runs, key=lambda r: r["val"]["acc"])
    seed, ae_name = best["seed"], JOINT[STUDY_RECIPE][0]
    study_dir = Path(runs_dir or RUNS_DIR)
    ae_path, joint_path = (study_dir / name / f"seed{seed}" / "model.pt" for name in (ae_name, STUDY_RECIPE))
    if not (ae_path.is_file() and joint_path.is_file()):
        return None
    autoencoder, joint = read_checkpoint(ae_path), read_checkpoint(joint_path)
    expected = replace(preset, seed=seed)   # fields newer than the run read as their defaults
    try:
        before, run = stitched_checkpoints(autoencoder, joint, expected)
    except ValueError as error:
        raise ValueError(f"{joint_path} is not the improved recipe's preset with seed {seed}: {error}") from None
    checkpoints_dir.mkdir(parents=True, exist_ok=True)
    save_checkpoint(checkpoints_dir / "improved_autoencoder.pt", before)
    save_checkpoint(checkpoints_dir / "improved.pt", run)
    config, metrics, meta, history = run["config"], run["metrics"], run["meta"], run["history"]
    manifest = {
        "recipe": "improved", "study_recipe": STUDY_RECIPE, "seed": seed, "description": DESCRIPTIONS["improved"],
        "shipped_because": f"highest validation ACC ({best['val']['acc']:.4f}) among the study's "
                           f"{len(runs)} seeds of `{STUDY_RECIPE}`; the test set was not consulted",
        "selection_within_run": SELECTION["last"], "metrics": metrics, "config": config,
        "data_md5": joint["data_md5"], "meta": meta, "history": history,
    }
    write_json(checkpoints_dir / "improved.json", manifest)
    return manifest


def _ship_first_seed(name: str, records: list[dict], checkpoints_dir: Path) -> None:
    """Copy the recipe's first seed's checkpoint into checkpoints/: a seed fixed in advance, no score chooses it."""
    if not records:
        return
    first = min(records, key=lambda r: r["seed"])
    run_dir = paths.REPO_ROOT / first["run_dir"]
    target = checkpoints_dir / f"{name}.pt"
    checkpoints_dir.mkdir(parents=True, exist_ok=True)
    if (run_dir / "model.pt").is_file():
        _strip_copy(run_dir / "model.pt", target)
        if (run_dir / "pretrained.pt").is_file():
            _strip_copy(run_dir / "pretrained.pt", checkpoints_dir / f"{name}_autoencoder.pt")
    if not target.is_file():
        return
    blob = read_checkpoint(target)
    if blob["config"]["seed"] != first["seed"]:
        raise ValueError(f"{target} holds seed {blob['config']['seed']}, not seed {first['seed']}: run "
                         f"`python -m dkm_lib reproduce` where {first['run_dir']} exists.")
    manifest = {
        "recipe": name, "seed": first["seed"], "description": DESCRIPTIONS[name],
        "shipped_because": f"seed {first['seed']}, the first of the seeds fixed in advance: no score chose it",
        "selection_within_run": first["selection"], "metrics": blob["metrics"],
        "config": {**blob["config"], "out_dir": first["run_dir"]},
        "data_md5": blob["data_md5"], "meta": blob["meta"], "history": blob["history"],
    }
    write_json(checkpoints_dir / f"{name}.json", manifest)
    first["checkpoint"] = relative(target)


def _strip_copy(src: Path, dst: Path) -> None:
    """Copy a checkpoint without its resume state (optimizer, best weights): small enough to ship."""
    save_checkpoint(dst, {**read_checkpoint(src), "resume": None})
