"""One epoch of Deep K-means training, the centroids' start, scores, and the epoch's record."""
from __future__ import annotations

import math

import torch

from . import distributed
from .augment import apply_transforms, random_transforms
from .cluster import initial_partition
from .config import TrainConfig
from .loss import batch_loss
from .metrics import clustering_scores
from .model import DeepKMeans, check_centroids_trained, check_images
from .schedule import EpochPlan, keep_best
from .splits import check_labels


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite; the message names the epoch and the last good checkpoint."""


@torch.no_grad()
def evaluate(model: DeepKMeans, images: torch.Tensor, labels: torch.Tensor, batch_size: int = 2048) -> dict:
    """ACC (Hungarian), NMI, ARI and clusters used of nearest-centroid predictions on ``images``.

    ``images``: float ``[N, 1, 28, 28]`` in [0, 1]; ``labels``: ``N`` integers (a tensor, array or list), which
    only score. A model loaded from an autoencoder's checkpoint is refused while its centroids are the untrained
    ones it was saved with.
    """
    check_centroids_trained(model)
    check_images(images)   # type and shape here, for all processes alike; the pixels where they are encoded
    labels = torch.as_tensor(labels)
    if labels.dim() != 1:
        raise ValueError(f"labels must be one-dimensional, one integer per image, got shape {tuple(labels.shape)}: "
                         "use labels.flatten() or labels.squeeze(1).")
    labels = check_labels("scored", images, labels)   # as train() checks its data's: integers, one per image
    was_training = model.training
    model.eval()
    share = images.tensor_split(distributed.world_size())[distributed.rank()]  # all of it in one process
    predictions = distributed.gather_rows(model.predict(share, batch_size), len(images)).cpu()
    model.train(was_training)
    return clustering_scores(labels.cpu().numpy(), predictions.numpy())


def final_metrics(model: DeepKMeans, config: TrainConfig, test_x, test_y, val, history: dict) -> dict | None:
    """A finished run's scores: the test set (scored once), the epoch whose weights it returns, and the held-out
    validation images under ``"val"`` when ``val`` holds them; None when no joint epoch ran (an autoencoder-only
    run, or one stopped during pretraining): its centroids were never fitted, so scores would be chance. Without
    test labels (``test_y`` None) only ``"selected_epoch"`` is there."""
    if not history["epoch"] or history["epoch"][-1] < config.pretrain_epochs:
        return None
    scores = evaluate(model, test_x, test_y) if test_y is not None else {}
    metrics = {**scores, "selected_epoch": history["selected_epoch"]}
    if val:
        metrics["val"] = evaluate(model, *val)
    return metrics


# --- one epoch -----------------------------------------------------------------------------

def train_step(
    model: DeepKMeans,
    optimizer: torch.optim.Optimizer,
    x: torch.Tensor,
    targets: torch.Tensor | None,
    alpha: float | torch.Tensor,
    sums: torch.Tensor,
    counts: torch.Tensor,
    rec_loss: str = "mse",
    partial: bool = False,
    beta: float | torch.Tensor | None = None,
    amp: bool = False,
    net: torch.nn.Module | None = None,
) -> None:
    """One Adam step on the batch ``x``: its (loss, rec, clust) go to ``sums``, its
    parts' sizes to ``counts``.

    ``batch_loss`` pulls each latent to its nearest centroid, or to ``targets`` (its
    fixed part). Only the network runs in bfloat16 with ``amp``. Nothing here waits for
    the device, so ``dkm_lib.graphed`` can capture it as a CUDA graph.
    """
    with torch.autocast(x.device.type, dtype=torch.bfloat16, enabled=amp):
        z, x_hat = (net or model)(x)
    (loss, l_rec, l_clust), assignment, counted = batch_loss(
        x, x_hat.float(), z.float(), model.centroids, targets, alpha, rec_loss, partial,
        beta)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    sums += torch.stack([loss, l_rec, l_clust]).detach()
    counts.index_add_(0, assignment, counted)  # bincount would wait for the GPU


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
    augment: bool = False,
) -> dict[str, torch.Tensor]:
    """One pass over ``images`` in a random order (``train_step`` per batch); returns mean losses and cluster counts.

    Each latent is pulled to its nearest centroid, or to ``targets[i]`` when a fixed
    partition is given (-1: to none, see ``cluster.drop_unsure``); with ``beta`` every centroid
    pulls it, by the DKM paper's softmax weights (``soft_clust_loss``). The sums stay on the device
    (no ``.item()`` per batch), so a GPU is never waited for. ``net`` is ``model`` wrapped in
    DistributedDataParallel under ``torchrun``: each process then takes its slice of every batch and
    the gradients are averaged.
    With ``augment`` every batch is randomly shifted and rotated (``dkm_lib.augment``) and the
    autoencoder reconstructs the transformed images; a fixed partition still names each image's part.
    """
    model.train()
    device = images.device
    order = torch.randperm(len(images), generator=generator).to(device)
    sums = torch.zeros(3, device=device)
    counts = torch.zeros(model.n_clusters, dtype=torch.long, device=device)
    n_batches = 0
    partial = targets is not None and bool((targets < 0).any())   # one check per epoch, not per batch
    for start in range(0, len(images), batch_size):
        if device.type == "cuda":
            torch.compiler.cudagraph_mark_step_begin()  # a new step for compiled CUDA graphs
        batch = order[start:start + batch_size]
        index = distributed.my_share(batch)
        x = images[index]
        if augment:  # drawn for the whole batch, so every process's generator stays in step
            x = apply_transforms(x, distributed.my_share(random_transforms(len(batch), generator)))
        train_step(model, optimizer, x, None if targets is None else targets[index], alpha, sums, counts,
                   rec_loss=rec_loss, partial=partial, beta=beta, amp=amp, net=net)
        n_batches += 1
    mean = distributed.all_mean(sums / n_batches)
    return {"loss": mean[0], "rec": mean[1], "clust": mean[2], "counts": distributed.all_sum(counts)}


def new_history() -> dict:
    """An empty history: per-epoch lists, evaluations, the selected epoch and seconds spent."""
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


def close_epoch(history: dict, best: dict, plan: EpochPlan, epoch: int, losses: list[float], sizes: list[int],
                reseed, state, diverged: str) -> dict:
    """One seed's bookkeeping after an epoch, the same in single and batched runs: stop on a non-finite loss
    (``diverged()`` says where the run stands), ``reseed()`` empty clusters in a joint epoch (None when reseeding is
    off), log the epoch; return ``best``, or this epoch if its loss is lower (``state()`` copies its weights)."""
    if not all(math.isfinite(v) for v in losses):
        raise TrainingDiverged(f"loss became {losses[0]} at epoch {epoch}. {diverged()} Lower lr or lam and train "
                               "again.")
    reseeded = reseed() if reseed and plan.joint_epoch >= 0 and 0 in sizes else []
    log_epoch(history, epoch, plan.alpha, losses, sizes, reseeded)
    return keep_best(best, plan, epoch, losses[0], state)


def initialise_centroids(model: DeepKMeans, train_x: torch.Tensor, config: TrainConfig, partition=None):
    """Set the centroids from the current latents (``config.init``); return the training partition.

    A given ``partition = (centroids, labels)`` is used as it is (the study computes UMAP once
    per autoencoder). Under torchrun, rank 0 computes it and broadcasts it.
    """
    if partition is None:
        latents = model.encode(train_x)
        centroids = torch.zeros(config.n_clusters, latents.shape[1], device=train_x.device)
        labels = torch.zeros(len(latents), dtype=torch.long, device=train_x.device)
        if distributed.rank() == 0:
            found, found_labels = initial_partition(latents, config.n_clusters, config.init, config.seed,
                                                    config.min_agreement)
            centroids.copy_(found), labels.copy_(found_labels)
        for tensor in (centroids, labels):
            distributed.broadcast(tensor)
    else:
        centroids, labels = (t.to(train_x.device) for t in partition)
        if centroids.shape != model.centroids.shape or labels.shape != (len(train_x),):
            raise ValueError(f"partition has centroids {tuple(centroids.shape)} and {len(labels)} labels; this run "
                             f"needs {tuple(model.centroids.shape)} and one label per training image ({len(train_x)}).")
        low, high = (int(v) for v in torch.aminmax(labels)) if len(labels) else (0, 0)
        if low < -1 or high >= len(centroids):   # else an index error deep in the step (on a GPU, a device assert)
            raise ValueError(f"partition's labels run from {low} to {high}: each must be a part, 0 to "
                             f"{len(centroids) - 1}, or -1 for an image no part pulls.")
    with torch.no_grad():
        model.centroids.copy_(centroids)
    return labels.long()
