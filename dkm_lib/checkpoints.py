"""Checkpoints: one dict per file, written atomically, read safely (``weights_only=True``).

A checkpoint holds ``format``, ``config`` (a dict), ``model`` (the state dict), ``history``,
``metrics``, ``meta`` (versions, device, git commit), ``data_md5`` and ``resume``: in ``last.pt`` the optimizer,
generator and best-epoch state to continue a run exactly, in a finished run's ``model.pt`` None.
"""
from __future__ import annotations

import functools
import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch

from . import distributed, paths
from .config import HOW_IT_RUNS, TrainConfig, config_from_dict, differences
from .devices import device_name, resolve_device
from .model import DeepKMeans
from .paths import atomic_write, write_json

CHECKPOINT_FORMAT = "dkm_lib.checkpoint/1"


def save_checkpoint(path: str | Path, blob: dict) -> None:
    """Write ``blob`` atomically: a crash never leaves a half-written checkpoint behind."""
    atomic_write(path, lambda tmp: torch.save(blob, tmp))


def checkpoint_blob(config: dict, model: dict, history: dict, data_md5, device: torch.device, metrics=None,
                    resume=None, **meta) -> dict:
    """What a run's checkpoint holds, for both trainers; ``resume`` (what continuing needs) only in ``last.pt``."""
    return {"format": CHECKPOINT_FORMAT, "config": config, "model": model, "history": history, "data_md5": data_md5,
            "metrics": metrics, "meta": {**run_meta(device, history["wall_s"]), **meta}, "resume": resume}


FINISHED_FILES = ("model.pt", "history.json")   # what save_finished_run writes


def save_finished_run(out: Path, blob: dict) -> None:
    """A finished run's files: ``model.pt`` and ``history.json`` (its config, final metrics and history)."""
    save_checkpoint(out / "model.pt", blob)
    write_json(out / "history.json", {"config": blob["config"], "metrics": blob["metrics"], "history": blob["history"]})


def read_checkpoint(path: str | Path) -> dict:
    """Load a checkpoint dict safely (``weights_only=True``) with clear errors for bad files."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"expected the path of a checkpoint (a str or pathlib.Path), got {type(path).__name__}.")
    path = Path(path)
    if not path.exists() and not path.is_absolute() and (paths.REPO_ROOT / path).exists():
        path = paths.REPO_ROOT / path  # records store repository-relative paths
    if path.is_dir():
        path = path / "model.pt"
    if not path.is_file():
        if (path.parent / "last.pt").is_file() and path.name == "model.pt":
            raise FileNotFoundError(f"no checkpoint at {path}: the run in {path.parent} has not finished (it has "
                                    f"last.pt). Finish it with `python -m dkm_lib train --out {path.parent} --resume` "
                                    "(it keeps the run's settings).")
        seeds = sorted(p.parent.name for p in path.parent.glob("seed*/model.pt")) if path.name == "model.pt" else []
        if seeds:   # train --seeds wrote one folder per seed
            raise FileNotFoundError(f"no checkpoint at {path}: {path.parent} holds one run per seed ({', '.join(seeds)}"
                                    f"); give one of them, e.g. {path.parent / seeds[0]}.")
        raise FileNotFoundError(f"no checkpoint at {path}. Train one with `python -m dkm_lib train --out DIR`.")
    if path.suffix == ".json":   # checkpoints/NAME.json sits beside NAME.pt, a run's history.json beside model.pt
        beside = path.with_suffix(".pt") if path.with_suffix(".pt").is_file() else path.parent
        raise ValueError(f"{path} is a JSON file (a run's manifest or record), not a checkpoint: give the .pt file "
                         f"or the run's folder, such as {beside}.")
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:
        reason = _first_sentence(str(err))
        raise ValueError(f"{path} is truncated or not a dkm_lib checkpoint ({type(err).__name__}: {reason}). "
                         "Re-download it or train again.") from err
    if not isinstance(blob, dict) or blob.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not a dkm_lib checkpoint (expected format {CHECKPOINT_FORMAT!r}).")
    return blob


def _first_sentence(message: str) -> str:
    """The cause in a ``torch.load`` error, not its advice (for weights-only loads, the unpickler's own words)."""
    message = message.split("WeightsUnpickler error:", 1)[-1]
    return message.strip().split("\n")[0].split(". ")[0].rstrip(".")


def load_checkpoint(
    path: str | Path,
    latent_size: int | None = None,
    n_clusters: int | None = None,
    device: str | torch.device = "cpu",
) -> DeepKMeans:
    """Rebuild the trained ``DeepKMeans`` from a checkpoint, in eval mode.

    Pass ``latent_size`` / ``n_clusters`` to insist on a configuration: a checkpoint made with
    another one raises a ``ValueError`` instead of failing deep inside ``load_state_dict``.
    An autoencoder's checkpoint (``pretrained.pt``, ``checkpoints/improved_autoencoder.pt``) loads for its
    encoder and decoder; ``evaluate`` refuses it until its centroids are set, since they were never trained.
    The file's config, metrics, history and meta are in ``read_checkpoint(path)``.
    """
    return checkpoint_model(read_checkpoint(path), path, latent_size, n_clusters, device)


def checkpoint_model(blob: dict, path: str | Path, latent_size: int | None = None, n_clusters: int | None = None,
                     device: str | torch.device = "cpu") -> DeepKMeans:
    """``load_checkpoint`` from a checkpoint already read (``read_checkpoint(path)``): the file is not read again."""
    config = config_from_dict(blob["config"])
    for name, wanted in (("latent_size", latent_size), ("n_clusters", n_clusters)):
        if wanted is not None and getattr(config, name) != wanted:
            raise ValueError(
                f"{path} was trained with {name}={getattr(config, name)}, not {wanted}. "
                f"Use a checkpoint made with {name}={wanted}, or drop the {name} argument."
            )
    device = resolve_device(str(device))   # torch.device('cuda') without a GPU gets the message that says what to do
    model = DeepKMeans(config.latent_size, config.n_clusters, config.final_relu)
    model.load_state_dict(blob["model"])
    reason = untrained_centroids(blob, path)
    if reason:   # evaluate() refuses the model until its centroids are set (chapter 6 sets them by k-means)
        model.untrained_centroids = (reason, model.centroids.detach().clone())
    return model.to(device).eval()


def untrained_centroids(blob: dict, path: str | Path) -> str | None:
    """Why the checkpoint's centroids would cluster by chance (no joint epoch trained them), or None."""
    config, resume = blob["config"], blob.get("resume")
    # a finished run's model.pt has scores; an autoencoder's (or a run's pretrained.pt) has none, nor a resume state
    if config["pretrain_epochs"] >= config["epochs"] or (blob.get("metrics") is None and resume is None):
        return (f"{path} holds an autoencoder whose centroids were never trained (no joint epochs), so its clusters "
                f"would score by chance. Train them on top of it (`python -m dkm_lib train --init-from {path} --out "
                "DIR ...`, or TrainConfig(init_from=...)), or set model.centroids yourself, e.g. by k-means on "
                "model.encode(images) (chapter 6).")
    if resume is not None and resume["epoch"] <= config["pretrain_epochs"]:
        return (f"{path} was saved before the run's first joint epoch, so its centroids are untrained: finish the "
                f"run with `python -m dkm_lib train --out {Path(path).parent} --resume`, then evaluate "
                f"{Path(path).parent}.")
    return None


def load_pretrained(model: DeepKMeans, path: str) -> None:
    """Copy encoder and decoder weights from a checkpoint; the centroids are left alone."""
    blob = read_checkpoint(path)
    saved = config_from_dict(blob["config"])
    if (saved.latent_size, saved.final_relu) != (model.latent_size, model.final_relu):
        raise ValueError(f"{path} has latent_size={saved.latent_size}, final_relu={saved.final_relu}; "
                         f"this run needs latent_size={model.latent_size}, final_relu={model.final_relu}.")
    weights = {k: v for k, v in blob["model"].items() if not k.startswith("centroids")}
    missing, unexpected = model.load_state_dict(weights, strict=False)
    if missing != ["centroids"] or unexpected:   # else some layers would silently stay random
        missing = [k for k in missing if k != "centroids"]
        raise ValueError(f"{path}: its weights do not match the network (missing {missing}, "
                         f"unexpected {unexpected}); was it saved by dkm_lib (save_checkpoint), not from a "
                         "torch.compile'd or otherwise wrapped model?")


def check_resume_config(saved: TrainConfig, config: TrainConfig, path: Path) -> None:
    """Refuse to continue a run with settings that change its result (device, output and, unless soft assignment
    spreads β over the run's length, epochs may differ)."""
    ignore = {"epochs", "eval_every"} | HOW_IT_RUNS
    if config.assign == "soft":   # β's schedule runs from beta_start to beta_end over the joint epochs
        ignore.discard("epochs")
    diffs = differences(saved, config, ignore)
    if diffs:
        raise ValueError(f"cannot resume from {path}: it was made with another configuration ("
                         + "; ".join(diffs) + "). Use the same settings or another out_dir.")


def _git(*args: str) -> str | None:
    """What ``git args`` prints in this package's folder; None for an installed copy (git there would describe
    whatever repository holds the venv) or when git fails."""
    if not paths.IN_CHECKOUT:
        return None
    try:
        out = subprocess.run(["git", *args], capture_output=True, text=True, cwd=Path(__file__).parent, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode == 0 else None


@functools.lru_cache(maxsize=1)
def _git_commit() -> str | None:
    """The checkout's commit."""
    return (_git("rev-parse", "HEAD") or "").strip() or None


@functools.lru_cache(maxsize=1)
def _library_edited() -> bool | None:
    """Whether ``dkm_lib`` differs from the checkout's commit (uncommitted edits)."""
    status = _git("status", "--porcelain", "--", ".")
    return None if status is None else bool(status.strip())


STAMP_KEYS = ("finished_utc", "git_commit", "library_edited")


def run_stamp() -> dict:
    """When (UTC) and from which code a run finished: the commit, and whether ``dkm_lib`` had uncommitted edits.

    Records and checkpoints carry it, so a later reader can tell which runs came after which choice.
    """
    return {"finished_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"), "git_commit": _git_commit(),
            "library_edited": _library_edited()}


def run_meta(device: torch.device, wall_s: float) -> dict:
    """Versions, device, commit and time: what a checkpoint says about where and when it was made."""
    return {"torch": str(torch.__version__), "device": device_name(device), "wall_s": wall_s,
            "numpy": np.__version__, "world_size": distributed.world_size(), **run_stamp()}
