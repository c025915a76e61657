"""Training, evaluation and checkpoints for Deep K-means.

``train(config)`` runs the blog's loop on in-memory tensors: for each epoch, shuffle, and for
each batch encode, assign every latent to its nearest centroid (on detached latents), decode,
and minimise ``L_rec + alpha(epoch) * L_clust`` with Adam. It evaluates ACC/NMI/ARI every ``eval_every``
epochs (on the held-out validation images when ``val_size`` is set, else on the test set),
scores the test set at the end, writes a resumable checkpoint after every epoch when
``out_dir`` is set, and returns the model chosen by ``config.select`` and its history.
"""
from __future__ import annotations

import copy
import functools
import json
import math
import os
import subprocess
import time
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import numpy as np
import torch
from tqdm.auto import tqdm

from . import distributed
from .cluster import check_dependencies, initial_partition, kmeans_fit, reseed_empty_centroids
from .data import data_checksums, load_mnist
from .loss import alpha_schedule, beta_schedule, check_schedule, dkm_loss, soft_clust_loss
from .metrics import clustering_scores
from .model import DeepKMeans, check_images
from .splits import validation_split

CHECKPOINT_FORMAT = "dkm_lib.checkpoint/1"
INITS = ("rand", "kmeans++", "kmeans", "umap")
ASSIGNS = ("hard", "soft")
SELECTS = ("min_loss", "last")


@dataclass
class TrainConfig:
    """Everything that defines a run. Defaults are the blog's recipe (see ``PRESETS``)."""

    epochs: int = 300
    batch_size: int = 128
    lr: float = 1e-3
    lam: float = 1e-3          # final clustering-loss weight (the blog's lambda)
    t1: int = 50               # alpha = lam / (t2 - t1) up to and including t1 ...
    t2: int = 200              # ... ramps linearly to lam at t2
    n_clusters: int = 10
    latent_size: int = 10
    final_relu: bool = True    # the blog's ReLU on the latent layer
    rec_loss: str = "mse"      # pixel loss: "mse" (blog) or "bce" (binary cross-entropy)
    init: str = "rand"         # centroids: "rand" (blog), or from latents: "kmeans++", "kmeans", "umap"
    pretrain_epochs: int = 0   # autoencoder-only epochs (alpha = 0) before centroids are initialised
    fixed_assign_epochs: int = 0  # joint epochs that keep the initial partition instead of nearest centroids
    assign: str = "hard"       # joint phase: "hard" nearest centroid (blog), "soft" softmax weights (DKM paper)
    beta_start: float = 0.1    # "soft": inverse temperature at the first joint epoch ...
    beta_end: float = 10.0     # ... growing geometrically to this at the last one
    reseed_empty: bool = False # move centroids that won no training sample onto far-away latents
    init_from: str | None = None  # start encoder/decoder from this checkpoint (a pretrained autoencoder)
    select: str = "min_loss"   # returned weights: "min_loss" (blog: lowest mean train loss) or "last"
    train_size: int | None = None  # first N training images (None: all 60,000)
    val_size: int = 0          # training images held out for validation (dkm_lib.splits); 0: none
    seed: int = 0
    device: str = "auto"       # "auto" picks CUDA when available
    amp: bool = False          # bfloat16 autocast, CUDA only
    compile: bool = False      # torch.compile encoder and decoder (CUDA graphs on a GPU); off: eager
    eval_every: int = 10       # test-set evaluation every N epochs (0: only at the end)
    out_dir: str | None = None # where checkpoints and history.json go (None: nothing written)

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first setting that cannot work."""
        for name in ("epochs", "batch_size", "n_clusters", "latent_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}.")
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"lr must be a positive number, got {self.lr!r}.")
        check_schedule(self.t1, self.t2, self.lam)
        if self.init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {self.init!r}.")
        check_dependencies(self.init)   # an optional package it needs (umap-learn): fail now, not after pretraining
        if self.select not in SELECTS:
            raise ValueError(f"select must be one of {SELECTS}, got {self.select!r}.")
        if not 0 <= self.pretrain_epochs <= self.epochs:
            raise ValueError(f"pretrain_epochs must be in [0, epochs] (= epochs: an autoencoder only), "
                             f"got {self.pretrain_epochs}.")
        if self.assign not in ASSIGNS:
            raise ValueError(f"assign must be one of {ASSIGNS}, got {self.assign!r}.")
        if self.assign == "soft" and (self.fixed_assign_epochs or not 0 < self.beta_start <= self.beta_end):
            raise ValueError("assign='soft' needs fixed_assign_epochs=0 and 0 < beta_start <= beta_end, got "
                             f"{self.fixed_assign_epochs}, {self.beta_start}, {self.beta_end}.")
        if self.rec_loss not in ("mse", "bce"):
            raise ValueError(f"rec_loss must be 'mse' or 'bce', got {self.rec_loss!r}.")
        if self.fixed_assign_epochs < 0 or (self.fixed_assign_epochs and self.init == "rand"):
            raise ValueError("fixed_assign_epochs needs init from latents ('kmeans++', 'kmeans' or 'umap') "
                             f"and must be >= 0, got {self.fixed_assign_epochs} with init={self.init!r}.")
        if self.train_size is not None and not 1 <= self.train_size <= 60000:
            raise ValueError(f"train_size must be between 1 and 60000, got {self.train_size}.")
        if not 0 <= self.val_size < 60000:
            raise ValueError(f"val_size must be between 0 and 59999, got {self.val_size}.")
        if self.eval_every < 0:
            raise ValueError(f"eval_every must be >= 0, got {self.eval_every}.")


PRESETS: dict[str, TrainConfig] = {
    # The blog's recipe, unchanged: 300 epochs, T1=50, T2=200, lambda=1e-3, torch.rand centroids.
    "seed": TrainConfig(),
    # What works (chapter 08): no ReLU on the latent, cross-entropy pixels, 40 autoencoder-only
    # epochs, UMAP + k-means partition of the latents (N2D) to place the centroids, then 10 joint
    # epochs with a constant lambda = 0.05 that pull each latent to its part's centroid.
    "improved": TrainConfig(epochs=50, pretrain_epochs=40, final_relu=False, rec_loss="bce", init="umap",
                            fixed_assign_epochs=10, lam=0.05, t1=0, t2=1, select="last", eval_every=5),
    # A few minutes on a laptop CPU: the improved recipe on 10k images with fewer epochs.
    "quick": TrainConfig(epochs=20, pretrain_epochs=15, final_relu=False, rec_loss="bce", init="umap",
                         fixed_assign_epochs=5, lam=0.05, t1=0, t2=1, select="last", train_size=10000,
                         eval_every=5),
}


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite; the message names the epoch and the last good checkpoint."""


def resolve_device(device: str) -> torch.device:
    """``"auto"`` -> CUDA when available, else CPU; a request for a missing GPU is an error."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dev = torch.device(device)
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device {device!r} was requested but PyTorch sees no CUDA GPU "
            f"(torch {torch.__version__}, cuda build: {torch.version.cuda}). Use device='cpu' or 'auto'."
        )
    if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
        raise ValueError(f"device {device!r} was requested but this machine has {torch.cuda.device_count()} "
                         "CUDA GPU(s), numbered from 0. Use device='cuda' or 'auto'.")
    if dev.type == "mps" and not torch.backends.mps.is_available():
        raise ValueError("device 'mps' was requested but is not available here. Use device='cpu' or 'auto'.")
    return dev


def check_run(config: TrainConfig) -> torch.device:
    """Validate ``config`` and return the device it runs on."""
    config.validate()
    device = resolve_device(config.device)
    if config.amp and device.type != "cuda":
        raise ValueError("amp=True needs a CUDA device; drop --amp on CPU.")
    return device


def prepare_data(config: TrainConfig, data, device: torch.device):
    """``(train_x on device, val, test_x, test_y, data_md5)`` from MNIST or the caller's ``data`` tuple.

    ``val`` is ``(images, labels)`` of the held-out validation images, or None without ``val_size``.
    """
    if data is None:
        (train_x, train_y), (test_x, test_y) = load_mnist(train=True), load_mnist(train=False)
        data_md5 = data_checksums()
    else:
        train_x, train_y, test_x, test_y = data
        data_md5 = None
    check_images(train_x)
    val = None
    if config.val_size:
        keep, held_out = validation_split(config.val_size, len(train_x))
        val = (train_x[held_out], train_y[held_out])
        train_x = train_x[keep]
    train_x = train_x[:config.train_size].to(device)
    if config.n_clusters > len(train_x):
        raise ValueError(f"n_clusters={config.n_clusters} is more than the {len(train_x)} training images.")
    return train_x, val, test_x, test_y, data_md5


# --- evaluation ----------------------------------------------------------------------------

@torch.no_grad()
def evaluate(model: DeepKMeans, images: torch.Tensor, labels: torch.Tensor, batch_size: int = 2048) -> dict:
    """ACC (Hungarian), NMI, ARI and clusters used of nearest-centroid predictions on ``images``."""
    check_images(images)
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels.")
    was_training = model.training
    model.eval()
    share = images.tensor_split(distributed.world_size())[distributed.rank()]  # all of it in one process
    predictions = distributed.gather_rows(model.predict(share, batch_size), len(images)).cpu()
    model.train(was_training)
    return clustering_scores(labels.cpu().numpy(), predictions.numpy())


# --- one epoch -----------------------------------------------------------------------------

def train_epoch(
    model: DeepKMeans,
    optimizer: torch.optim.Optimizer,
    images: torch.Tensor,
    alpha: float,
    batch_size: int,
    generator: torch.Generator,
    amp: bool = False,
    rec_loss: str = "mse",
    targets: torch.Tensor | None = None,
    net: torch.nn.Module | None = None,
    beta: float | None = None,
) -> dict[str, torch.Tensor]:
    """One pass over ``images`` in a random order; returns mean losses and cluster counts.

    Each latent is pulled to its nearest centroid, or to ``targets[i]`` when a fixed
    partition is given; with ``beta`` every centroid pulls it, by the DKM paper's softmax
    weights (``soft_clust_loss``). The sums stay on the device (no ``.item()`` per batch), so a GPU is
    never waited for. ``net`` is ``model`` wrapped in DistributedDataParallel under ``torchrun``:
    each process then takes its slice of every batch and the gradients are averaged.
    """
    net = net or model
    model.train()
    device = images.device
    order = torch.randperm(len(images), generator=generator).to(device)
    sums = torch.zeros(3, device=device)
    counts = torch.zeros(model.n_clusters, dtype=torch.long, device=device)
    n_batches = 0
    for start in range(0, len(images), batch_size):
        if device.type == "cuda":
            torch.compiler.cudagraph_mark_step_begin()  # a new step for compiled CUDA graphs
        index = distributed.my_share(order[start:start + batch_size])
        x = images[index]
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            z, x_hat = net(x)
        z, x_hat = z.float(), x_hat.float()
        assignment = model.assign(z.detach()) if targets is None else targets[index]
        loss, l_rec, l_clust = dkm_loss(x, x_hat, z, model.centroids, assignment, alpha, rec_loss)
        if beta is not None:
            l_clust = soft_clust_loss(z, model.centroids, beta)
            loss = l_rec + alpha * l_clust
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        sums += torch.stack([loss, l_rec, l_clust]).detach()
        counts.index_add_(0, assignment, torch.ones_like(assignment))  # bincount would wait for the GPU
        n_batches += 1
    mean = distributed.all_mean(sums / n_batches)
    return {"loss": mean[0], "rec": mean[1], "clust": mean[2], "counts": distributed.all_sum(counts)}


# --- checkpoints ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                             cwd=Path(__file__).parent, timeout=5)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def save_checkpoint(path: str | Path, blob: dict) -> None:
    """Write ``blob`` atomically: a crash never leaves a half-written checkpoint behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    torch.save(blob, tmp)
    os.replace(tmp, path)


def read_checkpoint(path: str | Path) -> dict:
    """Load a checkpoint dict safely (``weights_only=True``) with clear errors for bad files."""
    path = Path(path)
    if path.is_dir():
        path = path / "model.pt"
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {path}. Train one with `python -m dkm_lib train --out DIR`.")
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:
        raise ValueError(
            f"{path} is truncated or not a dkm_lib checkpoint ({type(err).__name__}: {str(err)[:120]}). "
            "Re-download it or train again."
        ) from err
    if not isinstance(blob, dict) or blob.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not a dkm_lib checkpoint (expected format {CHECKPOINT_FORMAT!r}).")
    return blob


def config_from_dict(values: dict) -> TrainConfig:
    """A ``TrainConfig`` from a saved dict, ignoring keys this version does not know."""
    known = {f.name for f in fields(TrainConfig)}
    return TrainConfig(**{k: v for k, v in values.items() if k in known})


def load_checkpoint(
    path: str | Path,
    latent_size: int | None = None,
    n_clusters: int | None = None,
    device: str | torch.device = "cpu",
) -> DeepKMeans:
    """Rebuild the trained ``DeepKMeans`` from a checkpoint, in eval mode.

    Pass ``latent_size`` / ``n_clusters`` to insist on a configuration: a checkpoint made with
    another one raises a ``ValueError`` instead of failing deep inside ``load_state_dict``.
    """
    blob = read_checkpoint(path)
    config = config_from_dict(blob["config"])
    for name, wanted in (("latent_size", latent_size), ("n_clusters", n_clusters)):
        if wanted is not None and getattr(config, name) != wanted:
            raise ValueError(
                f"{path} was trained with {name}={getattr(config, name)}, not {wanted}. "
                f"Use a checkpoint made with {name}={wanted}, or drop the {name} argument."
            )
    model = DeepKMeans(config.latent_size, config.n_clusters, config.final_relu)
    model.load_state_dict(blob["model"])
    model.checkpoint = {k: blob.get(k) for k in ("config", "metrics", "history", "meta", "data_md5")}
    return model.to(device).eval()


# --- the training run ----------------------------------------------------------------------

def _new_history() -> dict:
    return {"epoch": [], "alpha": [], "loss": [], "rec": [], "clust": [], "cluster_sizes": [],
            "eval": [], "reseeded": [], "init_eval": None, "selected_epoch": None, "wall_s": 0.0}


def log_epoch(history: dict, epoch: int, alpha: float, losses: list[float], sizes: list[int],
              reseeded: list[int]) -> None:
    """Append one epoch's numbers to a history (the same record for single and batched runs)."""
    history["epoch"].append(epoch)
    history["alpha"].append(alpha)
    for key, value in zip(("loss", "rec", "clust"), losses):
        history[key].append(value)
    history["cluster_sizes"].append(sizes)
    history["reseeded"].append(reseeded)


def _check_resume_config(saved: TrainConfig, config: TrainConfig, path: Path) -> None:
    ignore = {"epochs", "device", "amp", "compile", "eval_every", "out_dir"}
    diffs = [f"{f.name}: checkpoint {getattr(saved, f.name)!r} vs now {getattr(config, f.name)!r}"
             for f in fields(TrainConfig) if f.name not in ignore and getattr(saved, f.name) != getattr(config, f.name)]
    if diffs:
        raise ValueError(f"cannot resume from {path}: it was made with another configuration ("
                         + "; ".join(diffs) + "). Use the same settings or another out_dir.")


def _load_pretrained(model: DeepKMeans, path: str) -> None:
    """Copy encoder and decoder weights from a checkpoint; the centroids are left alone."""
    blob = read_checkpoint(path)
    saved = config_from_dict(blob["config"])
    if (saved.latent_size, saved.final_relu) != (model.latent_size, model.final_relu):
        raise ValueError(f"{path} has latent_size={saved.latent_size}, final_relu={saved.final_relu}; "
                         f"this run needs latent_size={model.latent_size}, final_relu={model.final_relu}.")
    weights = {k: v for k, v in blob["model"].items() if not k.startswith("centroids")}
    model.load_state_dict(weights, strict=False)


def _initialise_centroids(model: DeepKMeans, train_x: torch.Tensor, test_x, test_y, config: TrainConfig,
                          partition=None):
    """Centroids from the current latents; returns the training partition and scores on ``test_x``.

    For comparison it also scores plain k-means on the same latents (the two-stage
    "autoencoder + k-means" baseline) when the chosen method is another one. A given
    ``partition = (centroids, labels)`` is used as it is (the study computes UMAP once per autoencoder).
    """
    k, device = config.n_clusters, train_x.device
    if partition is not None:
        centroids, labels = (t.to(device) for t in partition)
        if centroids.shape != model.centroids.shape or labels.shape != (len(train_x),):
            raise ValueError(f"partition has centroids {tuple(centroids.shape)} and {len(labels)} labels; this run "
                             f"needs {tuple(model.centroids.shape)} and one label per training image ({len(train_x)}).")
        with torch.no_grad():
            model.centroids.copy_(centroids)
        return labels.long(), {config.init: evaluate(model, test_x, test_y)}
    latents = model.encode(train_x)
    centroids = torch.zeros(k, latents.shape[1], device=device)
    labels = torch.zeros(len(latents), dtype=torch.long, device=device)
    kmeans = torch.zeros_like(centroids)
    if distributed.rank() == 0:  # under torchrun: computed once, then broadcast
        found, found_labels = initial_partition(latents, k, config.init, config.seed)
        centroids.copy_(found), labels.copy_(found_labels)
        if config.init != "kmeans":
            kmeans.copy_(torch.as_tensor(kmeans_fit(latents.double().cpu().numpy(), k, config.seed)[0]))
    for tensor in (centroids, labels, kmeans):
        distributed.broadcast(tensor)
    scores = {}
    if config.init != "kmeans":
        with torch.no_grad():
            model.centroids.copy_(kmeans)
        scores["kmeans"] = evaluate(model, test_x, test_y)
    with torch.no_grad():
        model.centroids.copy_(centroids)
    scores[config.init] = evaluate(model, test_x, test_y)
    return labels, scores


def train(
    config: TrainConfig,
    resume: bool = False,
    progress: bool = True,
    data: tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor] | None = None,
    on_epoch=None,
    partition: tuple[torch.Tensor, torch.Tensor] | None = None,
) -> tuple[DeepKMeans, dict]:
    """Train Deep K-means; return the selected model (eval mode) and its history.

    ``data`` = ``(train_x, train_y, test_x, test_y)`` overrides MNIST (labels are used for
    evaluation only). With ``out_dir`` set, ``out_dir/last.pt`` is rewritten after every epoch
    and ``resume=True`` continues from it, giving the same numbers as an uninterrupted run.
    ``on_epoch(epoch, history)`` is called after every epoch; returning True stops early.
    ``partition = (centroids, labels)`` replaces the initial partition ``config.init`` would compute.
    With ``pretrain_epochs == epochs`` it trains the autoencoder only (no clusters, no metrics).
    """
    device = distributed.init_from_env(check_run(config))
    main_process = distributed.rank() == 0  # the one that prints and writes files
    train_x, val, test_x, test_y, data_md5 = prepare_data(config, data, device)
    watch, (watch_x, watch_y) = ("val", val) if val else ("test", (test_x, test_y))  # scored during training

    torch.manual_seed(config.seed)
    model = DeepKMeans(config.latent_size, config.n_clusters, config.final_relu).to(device)
    if config.init_from:
        _load_pretrained(model, config.init_from)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    generator = torch.Generator().manual_seed(config.seed)  # the same order in every process
    net = None
    if distributed.active():
        net = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    if config.compile:  # in place: parameter names and checkpoints stay the same
        mode = "reduce-overhead" if device.type == "cuda" else None
        model.encoder.compile(mode=mode)
        model.decoder.compile(mode=mode)
    history = _new_history()
    history["world_size"] = distributed.world_size()
    best = {"loss": math.inf, "epoch": None, "state": None}
    targets = None   # the initial partition, while fixed_assign_epochs last
    start_epoch = 0

    out = Path(config.out_dir) if config.out_dir else None
    last_path = out / "last.pt" if out else None
    writes = out is not None and main_process
    if resume:
        if last_path is None or not last_path.is_file():
            raise FileNotFoundError(f"nothing to resume: {last_path} does not exist.")
        blob = read_checkpoint(last_path)
        _check_resume_config(config_from_dict(blob["config"]), config, last_path)
        state = blob["resume"]
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        generator.set_state(state["generator"])
        history, best, start_epoch, targets = blob["history"], state["best"], state["epoch"], state["targets"]
        targets = None if targets is None else targets.long().to(device)
        if start_epoch >= config.epochs:
            raise ValueError(f"{last_path} already finished {start_epoch} epochs; ask for more epochs to continue.")

    def snapshot(next_epoch: int) -> dict:
        return {
            "format": CHECKPOINT_FORMAT, "config": asdict(config), "model": model.state_dict(),
            "history": history, "data_md5": data_md5, "metrics": None,
            "meta": _meta(device, history["wall_s"]),
            "resume": {"epoch": next_epoch, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                       "generator": generator.get_state(), "best": best,
                       "targets": None if targets is None else targets.to(torch.int16).cpu()},
        }

    bar = tqdm(range(start_epoch, config.epochs), initial=start_epoch, total=config.epochs,
               desc=f"train seed={config.seed}", disable=not (progress and main_process), unit="epoch")
    epoch = start_epoch
    try:
        for epoch in bar:
            tic = time.perf_counter()
            joint_epoch = epoch - config.pretrain_epochs
            if joint_epoch == 0 and config.pretrain_epochs and writes:
                save_checkpoint(out / "pretrained.pt", {**snapshot(epoch), "resume": None})
            if joint_epoch == 0 and config.init != "rand":
                targets, history["init_eval"] = _initialise_centroids(model, train_x, watch_x, watch_y, config,
                                                                      partition)
            if joint_epoch == config.fixed_assign_epochs:
                targets = None
            alpha = 0.0 if joint_epoch < 0 else alpha_schedule(joint_epoch, config.t1, config.t2, config.lam)
            beta = None
            if config.assign == "soft" and joint_epoch >= 0:
                beta = beta_schedule(joint_epoch, config.epochs - config.pretrain_epochs,
                                     config.beta_start, config.beta_end)
            stats = train_epoch(model, optimizer, train_x, alpha, config.batch_size, generator, config.amp,
                                config.rec_loss, targets, net, beta)
            losses = torch.stack([stats["loss"], stats["rec"], stats["clust"]]).tolist()  # one sync per epoch
            if not all(math.isfinite(v) for v in losses):
                if last_path is not None and start_epoch < epoch:
                    hint = f"The last good checkpoint (after epoch {epoch - 1}) is {last_path}."
                else:
                    hint = "No checkpoint was written (set out_dir to keep one)."
                raise TrainingDiverged(f"loss became {losses[0]} at epoch {epoch}. {hint} "
                                       "Lower lr or lam and train again.")
            reseeded = []
            if config.reseed_empty and joint_epoch >= 0:
                reseeded = reseed_empty_centroids(model.centroids.data, stats["counts"], model.encode(train_x[:10000]))
                distributed.broadcast(model.centroids.data)
            log_epoch(history, epoch, alpha, losses, stats["counts"].tolist(), reseeded)
            if joint_epoch >= 0 and losses[0] < best["loss"]:
                best = {"loss": losses[0], "epoch": epoch, "state": copy.deepcopy(model.state_dict())}
            postfix = {"loss": f"{losses[0]:.4f}"}
            evaluate_now = (config.eval_every and epoch % config.eval_every == 0) or epoch == config.epochs - 1
            if evaluate_now and joint_epoch >= 0:  # before the centroids exist, ACC means nothing
                scores = evaluate(model, watch_x, watch_y)
                history["eval"].append({"epoch": epoch, "split": watch, **scores})
                postfix["acc"] = f"{scores['acc']:.3f}"
                if progress and main_process:
                    bar.write(f"[{epoch:3d}] loss {losses[0]:.4f}  {watch} ACC {scores['acc']:.3f}  "
                              f"NMI {scores['nmi']:.3f}  clusters used {scores['clusters_used']}")
            bar.set_postfix(postfix)
            history["wall_s"] += time.perf_counter() - tic
            if writes:
                save_checkpoint(last_path, snapshot(epoch + 1))
            if on_epoch is not None and on_epoch(epoch, history):
                break
    except KeyboardInterrupt:
        if writes:
            print(f"\nInterrupted during epoch {epoch}. {last_path} holds the run after epoch {epoch - 1}; "
                  "continue it with resume=True (CLI: --resume).")
        raise
    finally:
        bar.close()

    if config.select == "min_loss" and best["state"] is not None:
        model.load_state_dict(best["state"])
        history["selected_epoch"] = best["epoch"]
    else:
        history["selected_epoch"] = history["epoch"][-1]
    model.eval()
    metrics = None  # an autoencoder-only run has no clusters to score
    if config.epochs > config.pretrain_epochs:
        metrics = {**evaluate(model, test_x, test_y), "selected_epoch": history["selected_epoch"]}
        if val:
            metrics["val"] = evaluate(model, *val)
    if writes:
        final = snapshot(config.epochs)
        final.update(model=model.state_dict(), metrics=metrics, resume=None)
        save_checkpoint(out / "model.pt", final)
        (out / "history.json").write_text(json.dumps({"config": asdict(config), "metrics": metrics,
                                                      "history": history}, indent=1))
    history["metrics"] = metrics
    distributed.barrier()  # files are written before any process goes on
    return model, history


def device_name(device: torch.device) -> str:
    """What a record calls the device: the GPU's name, or the CPU with its thread count."""
    return torch.cuda.get_device_name(device) if device.type == "cuda" else f"cpu ({torch.get_num_threads()} threads)"


def _meta(device: torch.device, wall_s: float) -> dict:
    return {"torch": str(torch.__version__), "device": device_name(device), "wall_s": wall_s,
            "git_commit": _git_commit(), "numpy": np.__version__, "world_size": distributed.world_size()}


def with_overrides(config: TrainConfig, **changes) -> TrainConfig:
    """A copy of ``config`` with the non-None ``changes`` applied (handy for CLIs and widgets)."""
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
