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
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, replace
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.func import functional_call, stack_module_state, vmap
from tqdm.auto import tqdm

from .cluster import RESEED_SAMPLE, initial_partition, reseed_empty_centroids
from .augment import apply_transforms, random_transforms
from .loss import batch_loss
from .model import DeepKMeans
from .checkpoints import checkpoint_blob, load_pretrained, save_checkpoint, save_finished_run
from .config import TrainConfig
from .devices import check_run
from .epoch import close_epoch, evaluate, final_metrics, new_history
from .schedule import epoch_plan, no_best, select_weights, warn_if_alpha_never_ramps
from .splits import prepare_data, watched
from .trainer import initial_model, started_learning


def _partition(args):
    """Centroids and training partition for one seed's latents (CPU)."""
    latents, k, method, seed, min_agreement = args
    return initial_partition(latents, k, method, seed, min_agreement)


def _partitions(latents: list[torch.Tensor], config: TrainConfig, seeds: list[int], jobs: int) -> list:
    """One ``_partition`` per seed; UMAP runs single-threaded, so its seeds run in up to ``jobs`` processes."""
    args = [(z.cpu(), config.n_clusters, config.init, s, config.min_agreement) for z, s in zip(latents, seeds)]
    if jobs <= 1 or len(seeds) == 1 or not config.init.startswith("umap"):
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


def _step_losses(template: DeepKMeans, alpha: float, rec_loss: str, device_type: str, amp: bool,
                 partial: bool = False, beta: float | None = None):
    """The per-seed loss of one batch, written for one model; ``vmap`` runs it for all seeds.

    The loss of ``train_step`` (``loss.batch_loss``), and as there only the network runs in bfloat16 (CUDA's BCE
    refuses autocast). Returns ``[loss, rec, clust]``, each row's centroid, and whether that row counts in the
    parts' sizes.
    """
    def one(params, x, target):
        with torch.autocast(device_type, dtype=torch.bfloat16, enabled=amp):
            z = functional_call(template.encoder, _sub(params, "encoder."), (x,))
            x_hat = functional_call(template.decoder, _sub(params, "decoder."), (z,))
        losses, assignment, counted = batch_loss(x, x_hat.float(), z.float(), params["centroids"], target, alpha,
                                                 rec_loss, partial, beta)
        return torch.stack(losses), assignment, counted
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
    beta: float | None = None,
    augment: bool = False,
) -> dict[str, torch.Tensor]:
    """``train_epoch`` for S stacked seeds: mean ``[loss, rec, clust]`` per seed ``[S, 3]`` and counts ``[S, k]``.

    Each seed draws its order, and with ``augment`` each batch's shifts and rotations, from its own generator in
    ``train_epoch``'s sequence, so a slice sees the batches its single run would.
    """
    device = images.device
    # one check per epoch, as train_epoch, for all seeds: one with no -1 takes the masked mean, equal up to rounding
    partial = targets is not None and bool((targets < 0).any())
    step = vmap(_step_losses(stack.template, alpha, rec_loss, device.type, amp, partial, beta),
                in_dims=(0, 0, None if targets is None else 0))
    order = torch.stack([torch.randperm(len(images), generator=g) for g in generators]).to(device)
    sums = torch.zeros(stack.size, 3, device=device)
    counts = torch.zeros(stack.size, stack.template.n_clusters, dtype=torch.long, device=device)
    batches = 0
    for start in range(0, len(images), batch_size):
        index = order[:, start:start + batch_size]           # [S, B]: each seed its own batch
        x = images[index]                                     # [S, B, 1, 28, 28]
        if augment:
            moves = torch.stack([random_transforms(index.shape[1], g) for g in generators])
            x = apply_transforms(x.flatten(0, 1), moves.flatten(0, 1)).view_as(x)
        target = None if targets is None else targets.gather(1, index)
        losses, assignment, counted = step(stack.params, x, target)  # [S, 3], [S, B], [S, B]
        optimizer.zero_grad(set_to_none=True)
        losses[:, 0].sum().backward()  # seeds share no weights: each gets its own gradient
        optimizer.step()
        sums += losses.detach()
        counts += (F.one_hot(assignment, stack.template.n_clusters) * counted.unsqueeze(2)).sum(1)
        batches += 1
    return {"losses": sums / batches, "counts": counts}


class _Batch:
    """S seeds in training: their stacked models, one Adam over them, and each seed's shuffling generator, history
    and best epoch."""

    def __init__(self, config: TrainConfig, seeds: list[int], device: torch.device):
        models = []
        for seed in seeds:  # the same construction as train(): seed, then build
            model = initial_model(config, seed).to(device)
            if config.init_from:
                load_pretrained(model, config.init_from)
            models.append(model)
        self.seeds, self.stack = seeds, StackedModels(models)
        self.optimizer = torch.optim.Adam(self.stack.params.values(), lr=config.lr)
        self.generators = [torch.Generator().manual_seed(seed) for seed in seeds]
        self.histories = [{**new_history(), "world_size": 1} for _ in seeds]   # as train()'s, one process
        self.best = [no_best() for _ in seeds]

    def take(self, i: int, other: _Batch, j: int) -> None:
        """Seed ``j`` of ``other`` replaces seed ``i``: its weights, Adam's moments (after as many steps), generator,
        history and best epoch."""
        for name, mine in self.stack.params.items():
            theirs = other.stack.params[name]
            mine.data[i] = theirs.data[j]
            for key, value in other.optimizer.state[theirs].items():   # moments; both took the same steps
                if key != "step":
                    self.optimizer.state[mine][key][i] = value[j]
        self.generators[i], self.histories[i], self.best[i] = other.generators[j], other.histories[j], other.best[j]

    def epoch(self, config: TrainConfig, epoch: int, train_x: torch.Tensor, targets: torch.Tensor | None) -> None:
        """Train every seed one epoch of ``config``'s plan and log it, as ``Run.epoch`` does for one seed."""
        plan, stack = epoch_plan(config, epoch), self.stack
        stats = train_epoch_stacked(stack, self.optimizer, train_x, plan.alpha, config.batch_size, self.generators,
                                    config.amp, config.rec_loss, targets, plan.beta, config.augment)
        means, sizes = stats["losses"].tolist(), stats["counts"].tolist()  # one sync per epoch
        for i, seed in enumerate(self.seeds):
            def reseed(i=i) -> list[int]:   # encodes its sample only when a cluster is empty
                return reseed_empty_centroids(stack.params["centroids"].data[i], stats["counts"][i],
                                              stack.model(i).encode(train_x[:RESEED_SAMPLE]))

            self.best[i] = close_epoch(self.histories[i], self.best[i], plan, epoch, means[i], sizes[i],
                                       reseed if config.reseed_empty else None,
                                       functools.partial(stack.state, i) if config.select == "min_loss" else None,
                                       lambda seed=seed: f"That was seed {seed} of the batch.")

    def retry_flat(self, config: TrainConfig, train_x: torch.Tensor, device: torch.device) -> None:
        """After the second epoch, ``Run.retry_if_flat`` for every seed: each one whose loss has not halved starts
        again from seed + 1000·i. The fresh starts train their two epochs together, then take their seeds' places."""
        flat = [i for i, history in enumerate(self.histories) if not started_learning(history["rec"])]
        for retry in range(1, config.retry_flat_start + 1):
            if not flat:
                return
            fresh = _Batch(config, [self.seeds[i] + 1000 * retry for i in flat], device)
            for epoch in range(2):
                fresh.epoch(config, epoch, train_x, None)
            for j, i in enumerate(flat):   # time before this epoch; train_seeds adds this epoch's, retries included
                fresh.histories[j].update(retries=retry, wall_s=self.histories[i]["wall_s"])
                self.take(i, fresh, j)
            flat = [i for i in flat if not started_learning(self.histories[i]["rec"])]


def check_batch(config: TrainConfig, seeds: list[int]) -> torch.device:
    """Refuse what ``train_seeds`` cannot do, before any work; return the device it would run on."""
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct and at least one, got {seeds!r}.")
    for seed in seeds:   # each one as train() would take it: an int >= 0
        replace(config, seed=seed).validate()
    if config.cuda_graph or config.compile:
        raise ValueError("cuda_graph and compile are not supported by the batched trainer (it runs its own "
                         "stacked step); train without them, or use train() per seed.")
    if config.out_dir:
        raise ValueError(f"config.out_dir={config.out_dir!r}: the batched trainer writes each seed to "
                         "out_root/seed<k>/; pass out_root instead.")
    return check_run(config)


def _interrupted(out: list[Path] | None, epoch: int) -> None:
    """Ctrl-C in a batch: remove the seed folders it made and left empty, and say that it starts again."""
    for folder in out or ():
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    print(f"\nInterrupted during epoch {epoch}: a batch is not resumable; start it again.")


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
    Every setting of ``train`` is honoured but ``cuda_graph`` and ``compile``, its other ways to run one step.
    """
    seeds = list(seeds)
    device = check_batch(config, seeds)
    warn_if_alpha_never_ramps(config)
    out = [Path(out_root) / f"seed{seed}" for seed in seeds] if out_root else None
    for folder in out or ():   # before any training, not after it
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ValueError(f"cannot make the run folder {folder} ({err.strerror}): give out_root a folder you can "
                             "write.") from None
    train_x, val, test_x, test_y, data_md5 = prepare_data(config, data, device)
    split, watch_x, watch_y = watched(val, test_x, test_y)   # as train()
    batch = _Batch(config, seeds, device)
    stack, histories = batch.stack, batch.histories
    targets = None
    S = len(seeds)

    def config_of(i: int) -> dict:
        return asdict(replace(config, seed=seeds[i], out_dir=str(out[i]) if out else None))

    def snapshot(i: int, model_state: dict, metrics=None) -> dict:
        return checkpoint_blob(config_of(i), model_state, histories[i], data_md5, device, metrics, batched_seeds=S)

    bar = tqdm(range(config.epochs), desc=f"train {S} seeds", disable=not progress, unit="epoch")
    epoch = 0
    try:
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
                        if watch_y is not None:
                            histories[i]["init_eval"] = {config.init: evaluate(stack.model(i), watch_x, watch_y)}
                targets = torch.stack([labels for _, labels in parts]).to(device)
            if plan.end_fixed:
                targets = None
            batch.epoch(config, epoch, train_x, targets)
            if config.retry_flat_start and epoch == 1:
                batch.retry_flat(config, train_x, device)
            if plan.score and watch_y is not None:
                for i in range(S):
                    histories[i]["eval"].append({"epoch": epoch, "split": split,
                                                 **evaluate(stack.model(i), watch_x, watch_y)})
                accs = [h["eval"][-1]["acc"] for h in histories]
                bar.set_postfix(acc=f"{sum(accs) / S:.3f}")
            wall = time.perf_counter() - tic
            for h in histories:
                h["wall_s"] += wall
    except KeyboardInterrupt:
        _interrupted(out, epoch)
        raise
    finally:
        bar.close()

    results = []
    for i, seed in enumerate(seeds):
        model = stack.model(i)
        h = histories[i]
        state = select_weights(config, batch.best[i], h)
        if state is not None:
            model.load_state_dict(state)
        metrics = final_metrics(model, config, test_x, test_y, val, h)
        if out:
            save_finished_run(out[i], snapshot(i, model.state_dict(), metrics))
        h["metrics"] = metrics
        results.append((model, h))
    return results
