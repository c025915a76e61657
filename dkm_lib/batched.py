"""Many seeds at once: S copies of the model trained in one process as one stacked model.

Seeds of a recipe are independent, and one seed uses a sliver of a GPU. Here the S models'
weights are stacked along a new first axis (``torch.func.stack_module_state``) and every step
runs all of them with ``vmap``: one kernel launch per layer for all seeds. Adam is elementwise,
so one optimizer over the stacked weights is S separate optimizers. Each seed keeps what
``train(replace(config, seed=s))`` would give it: its initial weights, its shuffling order and
its centroid initialisation, so each slice is that single run up to floating-point rounding.
"""
from __future__ import annotations

import copy
import functools
import math
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, replace
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.func import functional_call, stack_module_state, vmap
from tqdm.auto import tqdm

from .cluster import initial_partition
from .loss import dkm_loss
from .model import DeepKMeans, pairwise_sq_dist
from .checkpoints import CHECKPOINT_FORMAT, load_pretrained, run_meta, save_checkpoint
from .config import TrainConfig
from .devices import check_run
from .epoch import evaluate, final_metrics, log_epoch, new_history
from .paths import write_json
from .schedule import epoch_plan, keep_best, no_best, select_weights
from .splits import prepare_data, watched
from .trainer import TrainingDiverged, initial_model


def _partition(args):
    """Centroids and training partition for one seed's latents (CPU)."""
    latents, k, method, seed = args
    return initial_partition(latents, k, method, seed)


def _partitions(latents: list[torch.Tensor], config: TrainConfig, seeds: list[int], jobs: int) -> list:
    """One ``_partition`` per seed; UMAP runs single-threaded, so seeds run in parallel processes."""
    args = [(z.cpu(), config.n_clusters, config.init, s) for z, s in zip(latents, seeds)]
    if jobs <= 1 or len(seeds) == 1:
        return [_partition(a) for a in args]
    import multiprocessing

    with ProcessPoolExecutor(min(jobs, len(seeds)), mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_partition, args))


class StackedModels:
    """S ``DeepKMeans`` models as one dict of stacked weights, run together with ``vmap``."""

    def __init__(self, models: list[DeepKMeans]):
        self.params, _ = stack_module_state(models)
        self.template = copy.deepcopy(models[0]).to("meta")  # structure only, no memory
        self.size = len(models)

    def model(self, i: int) -> DeepKMeans:
        """Seed ``i``'s slice as an ordinary ``DeepKMeans`` (a copy, for evaluation and saving)."""
        t = self.template
        model = DeepKMeans(t.latent_size, t.n_clusters, t.final_relu).to(self.params["centroids"].device)
        model.load_state_dict({name: value[i].detach() for name, value in self.params.items()})
        return model.eval()

    def state(self, i: int) -> dict[str, torch.Tensor]:
        return {name: value[i].detach().clone() for name, value in self.params.items()}


def _step_losses(template: DeepKMeans, alpha: float, rec_loss: str, device_type: str, amp: bool):
    """The per-seed loss of one batch, written for one model; ``vmap`` runs it for all seeds. As in
    ``train_step``, only the network runs in bfloat16: the loss is float32 (BCE refuses autocast on CUDA)."""
    def one(params, x, target):
        with torch.autocast(device_type, dtype=torch.bfloat16, enabled=amp):
            z = functional_call(template.encoder, _sub(params, "encoder."), (x,))
            x_hat = functional_call(template.decoder, _sub(params, "decoder."), (z,))
        z, x_hat = z.float(), x_hat.float()
        centroids = params["centroids"]
        assignment = pairwise_sq_dist(z.detach(), centroids).argmin(1) if target is None else target
        loss, l_rec, l_clust = dkm_loss(x, x_hat, z, centroids, assignment, alpha, rec_loss)
        return torch.stack([loss, l_rec, l_clust]), assignment
    return one


def _sub(params: dict, prefix: str) -> dict:
    return {name[len(prefix):]: value for name, value in params.items() if name.startswith(prefix)}


def train_epoch_stacked(
    stack: StackedModels,
    optimizer: torch.optim.Optimizer,
    images: torch.Tensor,
    alpha: float,
    batch_size: int,
    generators: list[torch.Generator],
    amp: bool = False,
    rec_loss: str = "mse",
    targets: torch.Tensor | None = None,
) -> dict[str, torch.Tensor]:
    """``train_epoch`` for S stacked seeds: mean ``[loss, rec, clust]`` per seed ``[S, 3]`` and counts ``[S, k]``."""
    device = images.device
    step = vmap(_step_losses(stack.template, alpha, rec_loss, device.type, amp),
                in_dims=(0, 0, None if targets is None else 0))
    order = torch.stack([torch.randperm(len(images), generator=g) for g in generators]).to(device)
    sums = torch.zeros(stack.size, 3, device=device)
    counts = torch.zeros(stack.size, stack.template.n_clusters, dtype=torch.long, device=device)
    batches = 0
    for start in range(0, len(images), batch_size):
        index = order[:, start:start + batch_size]           # [S, B]: each seed its own batch
        x = images[index]                                     # [S, B, 1, 28, 28]
        target = None if targets is None else targets.gather(1, index)
        losses, assignment = step(stack.params, x, target)  # [S, 3], [S, B]
        optimizer.zero_grad(set_to_none=True)
        losses[:, 0].sum().backward()  # seeds share no weights: each gets its own gradient
        optimizer.step()
        sums += losses.detach()
        counts += F.one_hot(assignment, stack.template.n_clusters).sum(1)
        batches += 1
    return {"losses": sums / batches, "counts": counts}


def train_seeds(
    config: TrainConfig,
    seeds: list[int],
    data: tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor] | None = None,
    out_root: str | Path | None = None,
    progress: bool = True,
    jobs: int = 1,
) -> list[tuple[DeepKMeans, dict]]:
    """Train ``config`` once per seed, all seeds together; return ``[(model, history)]`` in seed order.

    ``out_root/seed<k>/`` receives what a single run's ``out_dir`` would (``model.pt``,
    ``pretrained.pt``, ``history.json``); batched runs are not resumable (a stopped batch
    starts again). Each epoch follows ``train``'s plan (``dkm_lib.schedule``), scored on the validation images
    when ``val_size`` holds them out. ``jobs`` processes compute the seeds' UMAP partitions in parallel.
    """
    seeds = list(seeds)
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct and at least one, got {seeds!r}.")
    if (config.reseed_empty or config.retry_flat_start or config.augment or config.min_agreement or config.cuda_graph
            or config.compile):
        raise ValueError("reseed_empty, retry_flat_start, augment, min_agreement, cuda_graph and compile are not "
                         "supported by the batched trainer; use train() per seed.")
    if config.out_dir:
        raise ValueError(f"config.out_dir={config.out_dir!r}: the batched trainer writes each seed to "
                         "out_root/seed<k>/; pass out_root instead.")
    if config.assign != "hard" or config.pretrain_epochs == config.epochs:
        raise ValueError("the batched trainer supports hard assignment with joint epochs; train soft assignment "
                         "or an autoencoder alone with train() per seed.")
    device = check_run(config)
    train_x, val, test_x, test_y, data_md5 = prepare_data(config, data, device)
    split, watch_x, watch_y = watched(val, test_x, test_y)   # as train()
    models = []
    for seed in seeds:  # the same construction as train(): seed, then build
        model = initial_model(config, seed).to(device)
        if config.init_from:
            load_pretrained(model, config.init_from)
        models.append(model)
    stack = StackedModels(models)
    optimizer = torch.optim.Adam(stack.params.values(), lr=config.lr)
    generators = [torch.Generator().manual_seed(seed) for seed in seeds]
    histories = [new_history() for _ in seeds]
    best = [no_best() for _ in seeds]
    targets = None
    S = len(seeds)
    out = [Path(out_root) / f"seed{seed}" for seed in seeds] if out_root else None

    def snapshot(i: int, model_state: dict, metrics=None) -> dict:
        cfg = asdict(replace(config, seed=seeds[i], out_dir=str(out[i]) if out else None))
        return {"format": CHECKPOINT_FORMAT, "config": cfg, "model": model_state, "history": histories[i],
                "data_md5": data_md5, "metrics": metrics, "meta": {**run_meta(device, histories[i]["wall_s"]),
                                                                   "batched_seeds": S}, "resume": None}

    bar = tqdm(range(config.epochs), desc=f"train {S} seeds", disable=not progress, unit="epoch")
    for epoch in bar:
        tic = time.perf_counter()
        plan = epoch_plan(config, epoch)
        if plan.save_pretrained and out:
            for i in range(S):
                save_checkpoint(out[i] / "pretrained.pt", snapshot(i, stack.state(i)))
        if plan.init_centroids:
            latents = [stack.model(i).encode(train_x) for i in range(S)]
            parts = _partitions(latents, config, seeds, jobs)
            with torch.no_grad():
                for i, (centroids, _) in enumerate(parts):
                    stack.params["centroids"][i] = centroids.float()
                    histories[i]["init_eval"] = {config.init: evaluate(stack.model(i), watch_x, watch_y)}
            targets = torch.stack([labels for _, labels in parts]).to(device)
        if plan.end_fixed:
            targets = None
        stats = train_epoch_stacked(stack, optimizer, train_x, plan.alpha, config.batch_size, generators,
                                    config.amp, config.rec_loss, targets)
        means, sizes = stats["losses"].tolist(), stats["counts"].tolist()  # one sync per epoch
        for i in range(S):
            if not all(math.isfinite(v) for v in means[i]):
                raise TrainingDiverged(f"seed {seeds[i]}: loss became {means[i][0]} at epoch {epoch}. "
                                       "Lower lr or lam and train again.")
            log_epoch(histories[i], epoch, plan.alpha, means[i], sizes[i], [])
            best[i] = keep_best(best[i], plan, epoch, means[i][0], functools.partial(stack.state, i))
        if plan.score:
            for i in range(S):
                histories[i]["eval"].append({"epoch": epoch, "split": split,
                                             **evaluate(stack.model(i), watch_x, watch_y)})
            accs = [h["eval"][-1]["acc"] for h in histories]
            bar.set_postfix(acc=f"{sum(accs) / S:.3f}")
        wall = time.perf_counter() - tic
        for h in histories:
            h["wall_s"] += wall
    bar.close()

    results = []
    for i, seed in enumerate(seeds):
        model = stack.model(i)
        h = histories[i]
        state = select_weights(config, best[i], h)
        if state is not None:
            model.load_state_dict(state)
        metrics = final_metrics(model, test_x, test_y, val, h["selected_epoch"])
        if out:
            save_checkpoint(out[i] / "model.pt", snapshot(i, model.state_dict(), metrics))
            write_json(out[i] / "history.json", {"config": snapshot(i, {})["config"], "metrics": metrics, "history": h})
        h["metrics"] = metrics
        results.append((model, h))
    return results
