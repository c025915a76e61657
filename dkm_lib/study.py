"""The validation-protocol study: 10 seeds, ablations, a proper N2D baseline and Deep K-means proper.

Protocol (``dkm_lib.splits``): 5,000 of the 60,000 training images are held out by a fixed,
label-free permutation. Models train on the other 55,000; every choice looks at validation
scores only; the test set is scored once per finished run. Seeds are fixed here, before any run.

Each seed goes through stages that share work:

1. ``ae``: the autoencoder alone (40 epochs, BCE pixels, no latent ReLU) on the 55k images.
2. ``embed``: its training latents through UMAP (N2D's settings), once. From that one fit come
   the k-means partition that starts the joint phases and three two-stage rows: ``ae_kmeans``
   (k-means on the latents), ``ae_umap_means`` (UMAP + k-means parts, nearest part mean) and
   ``n2d`` (N2D itself: UMAP maps new images, a Gaussian mixture clusters the embedding).
3. joint phases from that autoencoder and partition, 10 epochs each: ``distill`` (the encoder is
   pulled to its fixed part's centroid: pseudo-label distillation), ``dkm_hard`` (nearest
   centroid from the first joint epoch: the blog's Deep K-means), ``dkm_soft`` (the DKM paper's
   softmax weights with an annealed inverse temperature), and the ablations.

``python -m dkm_lib study`` runs what has no record yet, two seeds at a time on 2 cores.
Records go to ``results/study/<recipe>-seed<k>.json``; ``python -m dkm_lib reproduce`` puts
their table into ``results/mnist.json`` and ``results/mnist.md``.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, replace
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import torch

from . import paths
from .paths import atomic_write, file_sha256, relative, write_json
from .cluster import (drop_unsure, gmm_refine, kmeans_fit, nearest_centroid, neighbour_agreement, part_means, umap_fit,
                      umap_transform)
from .metrics import clustering_scores
from .model import check_positive_int, unique_list
from .data import load_all_mnist
from .splits import prepare_data
from .checkpoints import load_checkpoint, read_checkpoint, run_stamp
from .config import TrainConfig
from .devices import machine, resolve_device
from .trainer import started_learning, train
from . import study_plan as plan
from .report import load_study, summarise
from .study_plan import record_path, records_dir


def _data(name: str):
    """All 70,000 MNIST images as both the training and the scored set for the transductive rows, else None."""
    if plan.protocol(name) != "transductive":
        return None
    images, labels = load_all_mnist()
    return images, labels, images, labels


def _save(path: Path, record: dict) -> None:
    write_json(path, record)
    val = f"val ACC {record['val']['acc']:.4f}  " if record["val"] else ""
    print(f"done {path.stem}: {val}test ACC {record['test']['acc']:.4f}  ({record['wall_s']:.0f} s)", flush=True)


def _base(recipe: str, seed: int, config: TrainConfig, wall_s: float, parts: dict) -> dict:
    return {"recipe": recipe, "seed": seed, "protocol": plan.PROTOCOLS[plan.protocol(recipe)],
            "description": plan.DESCRIPTIONS.get(recipe, ""), "wall_s": round(wall_s, 1), "parts_s": parts,
            **machine(resolve_device(config.device)), **run_stamp(),
            "config": {**asdict(config), "out_dir": relative(config.out_dir or "")}}


def run_autoencoder(name: str, seed: int, runs: Path, results: Path | None = None) -> tuple[Path, float]:
    """Train (or reuse) the seed's autoencoder; return its checkpoint and training seconds.

    ``name`` may also be a joint phase: a later round starts from that run's model (self-training).
    """
    if name in plan.JOINT:
        record = record_path(name, seed, results)
        if not record.is_file():
            run_joint(name, seed, runs, Path(results or paths.RESULTS))
        model = runs / name / f"seed{seed}" / "model.pt"
        if not model.is_file():   # records are committed, run folders are not
            raise ValueError(f"{name} seed {seed} is recorded ({record}) but its run is not in {model.parent}, and a "
                             "later round starts from that model: run the study into a folder of your own (study "
                             "--out DIR), where it trains the runs it starts from too.")
        return model, json.loads(record.read_text())["wall_s"]
    config = replace(plan.AUTOENCODERS[name], seed=seed, device="cpu", out_dir=str(runs / name / f"seed{seed}"))
    path = Path(config.out_dir) / "model.pt"
    if not path.is_file():
        twin = _same_run_without_retries(name, seed, runs)
        if twin:   # model.pt, which says the run is finished, goes last and whole: a stopped copy is no run
            shutil.copytree(twin, path.parent, dirs_exist_ok=True, ignore=shutil.ignore_patterns("model.pt"))
            atomic_write(path, lambda tmp: shutil.copyfile(twin / "model.pt", tmp))
        else:
            _say(name, seed, f"training the autoencoder ({config.epochs} epochs)")
            train(config, resume=(path.parent / "last.pt").is_file(), progress=False, data=_data(name))
    return path, read_checkpoint(path)["meta"]["wall_s"]


def _say(name: str, seed: int, what: str) -> None:
    """A stage starts: runs print nothing else until their record is written, minutes later."""
    print(f"{name}-seed{seed}: {what}", flush=True)


def _same_run_without_retries(name: str, seed: int, runs: Path) -> Path | None:
    """The finished run of this autoencoder without ``retry_flat_start``, if that run started learning.

    No retry would fire, so training again would repeat it exactly (same seed, same code path).
    """
    config = plan.AUTOENCODERS[name]
    if not config.retry_flat_start:
        return None
    plain = replace(config, retry_flat_start=0)
    for other, other_config in plan.AUTOENCODERS.items():
        folder = runs / other / f"seed{seed}"
        if other_config == plain and (folder / "model.pt").is_file():
            return folder if started_learning(_history(folder)["rec"]) else None
    return None


def _history(folder: Path) -> dict:
    """The per-epoch history a finished run wrote to ``folder/history.json``."""
    return json.loads((folder / "history.json").read_text())["history"]


def run_embed(ae_name: str, seed: int, runs: Path, results: Path, method: str = "umap") -> dict:
    """UMAP once for the seed's autoencoder: its partitions (``"umap"``: k-means in the embedding;
    ``"umap_gmm"``: a Gaussian mixture started from those parts), saved, and the two-stage rows."""
    folder = runs / ae_name / f"seed{seed}"
    partition_paths = {"umap": folder / "partition.pt", "umap_gmm": folder / "partition-umap_gmm.pt"}
    rows_here = plan.TWO_STAGE_OF.get(ae_name, ())
    rows_done = all(record_path(r, seed, results).is_file() for r in rows_here)
    ae_file = folder / "model.pt"
    if all(p.is_file() for p in partition_paths.values()) and rows_done and ae_file.is_file():
        found = torch.load(partition_paths[method], weights_only=True)
        # fitted again: a partition saved before it kept these (the same labels), or one of another autoencoder
        # (model.pt trained again since)
        if "agreement" in found and found.get("autoencoder_sha256") == file_sha256(ae_file):
            return found
    ae_path, ae_s = run_autoencoder(ae_name, seed, runs, results)
    model = load_checkpoint(ae_path)
    base = plan.AUTOENCODERS[ae_name] if ae_name in plan.AUTOENCODERS else plan.JOINT[ae_name][1]
    # the very images train() sees: the same split and subset (labels only ever score)
    train_x, val, test_x, test_y, _ = prepare_data(base, _data(ae_name), torch.device("cpu"))
    z = model.encode(train_x).double().numpy()
    same = len(test_x) == len(train_x) and torch.equal(test_x, train_x)   # transductive: scored = fitted
    z_test = z if same else model.encode(test_x).double().numpy()
    z_val = model.encode(val[0]).double().numpy() if val else None
    _say(ae_name, seed, f"UMAP, then k-means and a Gaussian mixture, partition its {len(z):,} training latents")
    tic = time.perf_counter()
    k = base.n_clusters   # one UMAP fit serves both partitions, N2D's mixture and its transform of new images
    reducer = umap_fit(z, seed)
    _, labels = kmeans_fit(reducer.embedding_, k, seed)
    centroids = part_means(z, labels, k)
    umap_s = time.perf_counter() - tic
    tic = time.perf_counter()
    refined = gmm_refine(reducer.embedding_, labels, seed)
    gmm_s = time.perf_counter() - tic
    partitions = {"umap": _partition(z, centroids, labels, umap_s),
                  "umap_gmm": _partition(z, part_means(z, refined, k), refined, umap_s + gmm_s)}
    fitted_on = file_sha256(ae_path)
    for name, found in partitions.items():
        found["autoencoder_sha256"] = fitted_on
        atomic_write(partition_paths[name], lambda tmp, found=found: torch.save(found, tmp))
    if rows_done:
        return partitions[method]

    def score(predict) -> dict:
        return {"val": clustering_scores(val[1].numpy(), predict(z_val)) if val else None,
                "test": clustering_scores(test_y.numpy(), predict(z_test))}

    suffix = "_70k" if ae_name == "ae_70k" else ""
    config = replace(plan.AUTOENCODERS[ae_name], seed=seed, device="cpu", out_dir=str(folder))
    tic = time.perf_counter()
    centers, _ = kmeans_fit(z, k, seed)
    rows = {"ae_kmeans": (score(lambda p: nearest_centroid(p, centers)),
                          {"ae": ae_s, "kmeans": time.perf_counter() - tic})}
    rows["ae_umap_means"] = (score(lambda p: nearest_centroid(p, centroids)), {"ae": ae_s, "umap": umap_s})
    from sklearn.mixture import GaussianMixture

    tic = time.perf_counter()
    gmm = GaussianMixture(k, covariance_type="full", random_state=seed).fit(reducer.embedding_)
    def embed(p):   # the fitted images are embedded already
        return reducer.embedding_ if p is z else umap_transform(reducer, p)

    rows["n2d"] = (score(lambda p: gmm.predict(embed(p))),
                   {"ae": ae_s, "umap": umap_s, "gmm_and_transform": time.perf_counter() - tic})
    rows = {f"{name}{suffix}": row for name, row in rows.items() if f"{name}{suffix}" in rows_here}
    for name, (scores, parts) in rows.items():
        parts = {k: round(v, 1) for k, v in parts.items()}
        _save(record_path(name, seed, results),
              {**_base(name, seed, config, sum(parts.values()), parts), **scores})
    return partitions[method]


def _partition(z: np.ndarray, centroids: np.ndarray, labels: np.ndarray, seconds: float) -> dict:
    """A saved partition: its labels, each part's mean latent as the centroid, the seconds it took, and
    each point's ``neighbour_agreement`` in the latents ``z`` (for ``min_agreement``; not timed)."""
    return {"centroids": torch.as_tensor(centroids, dtype=torch.float32),
            "labels": torch.as_tensor(labels, dtype=torch.long), "seconds": seconds,
            "agreement": torch.as_tensor(neighbour_agreement(z, labels), dtype=torch.float32)}


def run_joint(name: str, seed: int, runs: Path, results: Path) -> None:
    """One joint phase for one seed, from the seed's autoencoder and UMAP partition."""
    ae_name, config, _ = plan.JOINT[name]
    config = replace(config, seed=seed, device="cpu", out_dir=str(runs / name / f"seed{seed}"))
    parts, partition = {}, None
    if ae_name:
        ae_path, parts["ae"] = run_autoencoder(ae_name, seed, runs, results)
        config = replace(config, init_from=relative(ae_path))
        if config.init in ("umap", "umap_gmm"):
            found = run_embed(ae_name, seed, runs, results, config.init)
            labels = found["labels"]
            if config.min_agreement:
                labels = drop_unsure(labels, found["agreement"], config.min_agreement)
            partition, parts["umap"] = (found["centroids"], labels), found["seconds"]
    _say(name, seed, f"the joint phase ({config.epochs - config.pretrain_epochs} epochs)")
    _, history = train(config, progress=False, partition=partition, data=_data(name))
    parts["joint"] = history["wall_s"]
    parts = {k: round(v, 1) for k, v in parts.items()}
    metrics = history["metrics"]
    record = {**_base(name, seed, config, sum(parts.values()), parts), **autoencoder_start(ae_name, seed, runs),
              "val": metrics.pop("val", None), "test": metrics, "init_eval": history["init_eval"],
              "history": {k: history[k] for k in ("epoch", "alpha", "loss", "rec", "clust", "cluster_sizes", "eval")}}
    _save(record_path(name, seed, results), record)


def autoencoder_start(ae_name: str | None, seed: int, runs: Path) -> dict:
    """How the seed's autoencoder started: its first two epochs' reconstruction loss (a flat start never
    learns) and, when it may start again (``retry_flat_start``), how often it did."""
    if ae_name not in plan.AUTOENCODERS:
        return {}
    history = _history(runs / ae_name / f"seed{seed}")
    start = {"autoencoder_first_rec": [round(v, 4) for v in history["rec"][:2]]}
    if plan.AUTOENCODERS[ae_name].retry_flat_start:
        start["autoencoder_retries"] = history.get("retries", 0)
    return start


def _planned(name: str) -> tuple[int, ...]:
    """The seeds a recipe runs before any choice: all for the two-stage rows, its plan's for a joint phase."""
    return plan.SEEDS if plan.two_stage_autoencoder(name) else plan.JOINT[name][2]


def _todo(recipes, seeds, results: Path) -> list[tuple[str, int]]:
    out = []
    for seed in seeds:
        for name in recipes:
            if seed in _planned(name) and not record_path(name, seed, results).is_file():
                out.append((name, seed))
    return out


def _run_seed(names: list[str], seed: int, runs: str, results: str, threads: int) -> None:
    """Every stage of one seed in one process, in order (they share its autoencoder and UMAP)."""
    torch.set_num_threads(threads)
    runs, results = Path(runs), Path(results)
    for name in names:
        ae_name = plan.two_stage_autoencoder(name)
        if ae_name:
            run_embed(ae_name, seed, runs, results)
        else:
            run_joint(name, seed, runs, results)


def run_seeds(tasks: list[tuple[int, list[str]]], jobs: int, runs: Path, results: Path) -> None:
    """Each (seed, recipe names) task through ``_run_seed``, ``jobs`` seeds at a time, the CPU threads split between
    them; with ``jobs=1`` in this process (tests patch the runs, which spawned workers would not see)."""
    if jobs == 1:
        for seed, names in tasks:
            _run_seed(names, seed, str(runs), str(results), torch.get_num_threads())
        return
    threads = max(1, (os.cpu_count() or 1) // jobs)
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_run_seed, names, seed, str(runs), str(results), threads) for seed, names in tasks]
        for future in futures:
            future.result()


def _not_run(recipes, seeds, results: Path) -> str | None:
    """What was asked for by name and has no record after the study ran, and why; None when all is there."""
    left: dict[str, list[int]] = {}
    for name in recipes:
        for seed in seeds:
            if not record_path(name, seed, results).is_file():
                left.setdefault(name, []).append(seed)
    if not left:
        return None
    reasons = []
    for name, missing in left.items():
        why = f"it is planned for seeds {list(_planned(name))}"
        if name in (*plan.CANDIDATES, *plan.AUGMENTED_CANDIDATES):
            why += (", and its other seeds run once it is the headline: the candidate with the best validation ACC "
                    f"on seeds {list(plan.DEV_SEEDS)} among those recorded in {records_dir(results)} (ask for those "
                    "seeds too; they run first)")
        reasons.append(f"seeds {missing} of {name} ({why})")
    return "not run: " + "; ".join(reasons) + "."


def run_study(recipes=None, seeds=None, jobs: int = 2, results_dir: Path | None = None,
              runs_dir: Path | None = None) -> dict:
    """Run every (recipe, seed) without a record, ``jobs`` seeds at a time; return the summary.

    Each seed is one task (its stages share the seed's autoencoder): the main rows and the
    candidate settings, then the chosen headline, then the ablations. ``seeds=None`` is every seed a recipe is
    planned for; recipes and seeds both named that cannot run (a seed a recipe is not planned for) raise ValueError.
    """
    asked = recipes is not None and seeds is not None   # by name: what cannot run is an error, not a quiet skip
    seeds = unique_list("seeds", plan.SEEDS if seeds is None else seeds)   # a seed named twice runs once
    everything = [*plan.TWO_STAGE, *plan.TWO_STAGE_70K, *plan.JOINT]
    recipes = unique_list("recipes", recipes or everything)
    unknown = [r for r in recipes if r not in everything]
    if unknown:
        raise ValueError(f"unknown study recipes {unknown}; choose from {everything}.")
    outside = [seed for seed in seeds if seed not in plan.SEEDS]
    if outside:
        raise ValueError(f"seeds {outside} are not the study's: every record it reports comes from the seeds fixed "
                         f"before any run, {list(plan.SEEDS)}; choose among them.")
    check_positive_int("jobs", jobs)
    results, runs = Path(results_dir or paths.RESULTS), Path(runs_dir or plan.RUNS_DIR)
    first = [r for r in recipes if r in plan.MAIN or r in plan.CANDIDATES or r in plan.AUGMENTED_CANDIDATES]
    for round_ in range(2):
        summary = summarise(load_study(results))
        headlines = [(summary[key] or {}).get("recipe") for key in ("headline", "augmented_headline")]
        later = [r for r in recipes if r not in first]

        def names(seed):
            todo = [n for n, _ in _todo(first, [seed], results)]
            for headline in headlines:   # the chosen settings get every seed, not only the development ones
                done = record_path(headline, seed, results).is_file()
                if headline in recipes and headline not in todo and not done:
                    todo.append(headline)
            return todo + [n for n, _ in _todo(later, [seed], results)]

        tasks = [(seed, names(seed)) for seed in seeds]
        tasks = [(seed, todo) for seed, todo in tasks if todo]
        print(f"study round {round_}: {sum(len(n) for _, n in tasks)} runs to do", flush=True)
        if not tasks:
            break
        run_seeds(tasks, jobs, runs, results)
    missing = _not_run(recipes, seeds, results) if asked else None
    if missing:
        raise ValueError(missing)
    return summarise(load_study(results))
