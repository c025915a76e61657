"""The λ × k sweep behind chapter 7: the tuning panel's runs, on a grid, over several seeds.

Every run is exactly what the tuning panel's Train button does (``dkm_lib.tuning``): start
from the shipped pretrained autoencoder, place k centroids with k-means on the latents of a
training subset, then train with the Deep K-means loss for a few epochs, scored on validation
images (the sweep's lessons are choices, so no test label reads them). ``python -m dkm_lib sweep``
writes ``results/sweep_lambda_k.json`` incrementally (runs already recorded are skipped), so
readers of the static book can see what the sliders do.
"""
from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict
from pathlib import Path

import torch

from . import paths
from .checkpoints import run_stamp
from .model import unique_list
from .devices import cpu_name
from .paths import file_sha256, make_writable_folder, relative, write_json
from .splits import SPLIT_SEED, VAL_SIZE
from .trainer import train
from .tuning import SCORE_SIZE, TUNING, default_checkpoint, tuning_config, tuning_data

LAMS = (1e-3, 1e-2, 5e-2, 1e-1, 5e-1)
KS = (5, 8, 10, 12, 15)
SEEDS = (0, 1, 2)


def sweep(lams=LAMS, ks=KS, seeds=SEEDS, checkpoint=None, out: Path | None = None, progress: bool = True) -> dict:
    """Run every missing (λ, k, seed) and return the table (also written to ``out``)."""
    lams, ks, seeds = (unique_list(name, v) for name, v in (("lams", lams), ("ks", ks), ("seeds", seeds)))
    out = Path(out or paths.RESULTS / "sweep_lambda_k.json")
    table = _table(out, Path(checkpoint or default_checkpoint()))
    done = {(r["lam"], r["k"], r["seed"]) for r in table["runs"]}
    todo = [(lam, k, seed) for lam in lams for k in ks for seed in seeds if (lam, k, seed) not in done]
    configs = [tuning_config(checkpoint, lam=lam, n_clusters=k, seed=seed) for lam, k, seed in todo]
    for config in configs:   # every cell (k against train_size too) before the first is trained
        config.validate()
    try:   # and that the record can be written, before any cell trains (nothing to train: nothing to write)
        if todo:
            make_writable_folder(out.parent)
    except OSError as err:
        raise ValueError(f"cannot write the sweep's record {out} ({err.strerror}): name a file in a folder you can "
                         "write (CLI: --out).") from None
    data = tuning_data(TUNING["train_size"])
    for i, ((lam, k, seed), config) in enumerate(zip(todo, configs)):
        tic = time.time()
        _, history = train(config, progress=False, data=data)
        m = history["metrics"]
        start = (history.get("init_eval") or {}).get("kmeans", {})
        table["runs"].append({"lam": lam, "k": k, "seed": seed, "acc": m["acc"], "nmi": m["nmi"], "ari": m["ari"],
                              "clusters_used": m["clusters_used"], "acc_start": start.get("acc"),
                              "nmi_start": start.get("nmi"), "wall_s": round(time.time() - tic, 2), **run_stamp()})
        if progress:
            print(f"[{i + 1}/{len(todo)}] λ={lam:g} k={k} seed={seed}: ACC {m['acc']:.3f} (k-means start "
                  f"{start.get('acc', float('nan')):.3f}), NMI {m['nmi']:.3f}, clusters {m['clusters_used']}",
                  flush=True)
        table["config"] = {k2: v for k2, v in asdict(config).items() if k2 not in ("lam", "n_clusters", "seed")}
        _write(out, table)
    return table


def _table(out: Path, start_from: Path) -> dict:
    """The runs recorded in ``out`` (a new table if there is none), refused if they were scored on the test images
    or started from another autoencoder than ``start_from`` (or from one it does not name)."""
    scored = {"scored_on": "validation", "score_size": SCORE_SIZE, "val_size": VAL_SIZE,
              "split_seed": SPLIT_SEED, "autoencoder_sha256": file_sha256(start_from)}
    if out.is_dir():
        raise ValueError(f"{relative(out)} is a folder: name the sweep's record, a JSON file (e.g. "
                         f"{relative(out / 'sweep.json')}).")
    try:
        table = json.loads(out.read_text()) if out.is_file() else {"settings": {**TUNING, **scored}, "runs": []}
    except ValueError:
        table = None
    if not isinstance(table, dict) or not {"settings", "runs"} <= table.keys():   # not JSON, or of something else
        raise ValueError(f"{relative(out)} is not a sweep's record: name a new file, or one an earlier sweep wrote.")
    if table["settings"].get("scored_on") != "validation":
        raise ValueError(f"{relative(out)} holds runs scored on the test images (an older sweep); "
                         "move it away and run the sweep again.")
    # the same runs (TUNING: epochs, train_size, ...) scored the same way: a setting a table records must match
    changed = [key for key, value in {**TUNING, **scored}.items()
               if key != "autoencoder_sha256" and key in table["settings"] and table["settings"][key] != value]
    if changed:
        raise ValueError(f"{relative(out)} holds runs made with other settings ({', '.join(changed)} changed since); "
                         "move it away and run the sweep again, or give the sweep another --out.")
    recorded = table["settings"].get("autoencoder_sha256")
    if recorded != scored["autoencoder_sha256"]:
        raise ValueError(f"{relative(out)} holds runs that started from another autoencoder than "
                         f"{relative(start_from)}; move it away and run the sweep again.")
    return table


def _write(out: Path, table: dict) -> None:
    """Save ``table`` (after every run, so an interrupted sweep keeps its runs) with what moves its digits."""
    table["torch"], table["threads"], table["cpu"] = str(torch.__version__), torch.get_num_threads(), cpu_name()
    write_json(out, table)


# exercise 7.1: the full λ at once, a ramp twice as slow as the sweep's, and one whose α starts at λ/20
RAMP_T2S = (1, 8, 20)


def ramps(t2s=RAMP_T2S, lam: float = 0.5, k: int = 5, seed: int = 0, out: Path | None = None) -> dict:
    """The sweep's collapsing cell (λ = 0.5, k = 5) again with other α ramps (T2), epoch by epoch.

    Chapter 7's first exercise asks whether a slower ramp prevents the collapse; its solution reads
    ``results/sweep_ramps.json``, which this writes (runs already recorded are skipped).
    """
    out = Path(out or paths.RESULTS / "sweep_ramps.json")
    table = _table(out, Path(default_checkpoint()))
    done = {(r["lam"], r["k"], r["seed"], r["t2"]) for r in table["runs"]}
    todo = [t2 for t2 in t2s if (lam, k, seed, t2) not in done]
    data = tuning_data(TUNING["train_size"]) if todo else None
    for t2 in todo:
        _, history = train(tuning_config(lam=lam, n_clusters=k, seed=seed, t1=0, t2=t2), progress=False, data=data)
        table["runs"].append({"lam": lam, "k": k, "seed": seed, "t2": t2, "acc": history["metrics"]["acc"],
                              "alpha": history["alpha"],
                              "clusters_used": [e["clusters_used"] for e in history["eval"]]})
        _write(out, table)
    return table


def grid(table: dict, metric: str = "acc") -> tuple[list[float], list[int], list[list[float]]]:
    """Mean of ``metric`` over seeds as a λ × k grid: ``(lams, ks, rows)``."""
    lams = sorted({r["lam"] for r in table["runs"]})
    ks = sorted({r["k"] for r in table["runs"]})
    rows = [[statistics.fmean([r[metric] for r in table["runs"] if r["lam"] == lam and r["k"] == k] or [float("nan")])
             for k in ks] for lam in lams]
    return lams, ks, rows
