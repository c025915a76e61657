"""The training loop of Deep K-means.

``train(config)`` runs the blog's loop on in-memory tensors: for each epoch, shuffle, and for
each batch encode, assign every latent to a centroid (on detached latents), decode, and
minimise ``L_rec + alpha(epoch) * L_clust`` with Adam. It scores ACC/NMI/ARI every
``eval_every`` epochs (on the held-out validation images when ``val_size`` is set, else on
the test set), scores the test set at the end, writes a resumable checkpoint after every epoch
when ``out_dir`` is set, and returns the model chosen by ``config.select`` and its history.
"""
from __future__ import annotations

import copy
import time
from dataclasses import asdict
from pathlib import Path

import torch
from tqdm.auto import tqdm

from . import distributed
from .checkpoints import (FINISHED_FILES, check_resume_config, checkpoint_blob, load_pretrained, read_checkpoint,
                          save_checkpoint, save_finished_run)
from .cluster import RESEED_SAMPLE, reseed_empty_centroids
from .config import TrainConfig, config_from_dict
from .devices import check_run
from .epoch import close_epoch, evaluate, final_metrics, initialise_centroids, new_history, train_epoch
from .graphed import GraphedEpochs, set_capturable
from .model import DeepKMeans
from .schedule import epoch_plan, no_best, select_weights, warn_if_alpha_never_ramps
from .splits import prepare_data, watched


def started_learning(rec: list[float]) -> bool:
    """Whether an autoencoder's reconstruction loss halved from its first epoch to its second."""
    return rec[1] < 0.5 * rec[0]


def initial_model(config: TrainConfig, seed: int | None = None) -> DeepKMeans:
    """The network a run of ``config`` starts from (before ``init_from``): seeded, so a chapter can rebuild it."""
    torch.manual_seed(config.seed if seed is None else seed)
    return DeepKMeans(config.latent_size, config.n_clusters, config.final_relu)


class Run:
    """The state of one training run (model, optimizer, shuffling, history, best epoch) and its files."""

    def __init__(self, config: TrainConfig, device: torch.device, data_md5, resume: bool = False):
        self.config, self.device, self.data_md5 = config, device, data_md5
        self.out = Path(config.out_dir) if config.out_dir else None
        self.writes = self.out is not None and distributed.rank() == 0  # one process writes files
        self.fresh(config.seed, pretrained=not resume)  # a resumed run's weights come from last.pt

    def fresh(self, seed: int, pretrained: bool = True) -> None:
        """Initialise model, optimizer, shuffling and history from ``seed`` (and ``init_from`` if ``pretrained``)."""
        config, device = self.config, self.device
        if config.cuda_graph and distributed.active():
            raise ValueError("cuda_graph is for one process; under torchrun, train without --cuda-graph.")
        self.model = initial_model(config, seed).to(device)
        if config.init_from and pretrained:
            load_pretrained(self.model, config.init_from)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=config.lr)
        self.generator = torch.Generator().manual_seed(seed)  # the same order in every process
        self.net = None  # the model as DistributedDataParallel sees it under torchrun
        if distributed.active():
            ids = [device.index] if device.type == "cuda" else None
            self.net = torch.nn.parallel.DistributedDataParallel(self.model, device_ids=ids)
        self.graphed = None  # GraphedEpochs for this model, made at its first epoch
        if config.compile:  # in place: parameter names and checkpoints stay the same
            mode = "reduce-overhead" if device.type == "cuda" else None
            self.model.encoder.compile(mode=mode)
            self.model.decoder.compile(mode=mode)
        self.history = {**new_history(), "world_size": distributed.world_size()}
        self.best = no_best()
        self.targets = None  # the initial partition, while fixed_assign_epochs last
        self.start_epoch = 0

    def retry_if_flat(self, epoch: int) -> bool:
        """After the second autoencoder epoch, start again from seed + 1000·i if the loss has not halved.

        With MSE pixels some initialisations never start learning (the loss stays near that of the
        mean image); the check reads only the training loss, so no label is involved.
        """
        retries = self.history.get("retries", 0)
        if epoch != 1 or retries >= self.config.retry_flat_start or started_learning(self.history["rec"]):
            return False
        spent = self.history["wall_s"]   # the discarded epochs still count in the run's time
        self.fresh(self.config.seed + 1000 * (retries + 1))
        self.history.update(retries=retries + 1, wall_s=spent)
        return True

    def restore(self) -> None:
        """Continue from ``out_dir/last.pt`` exactly where it stopped."""
        if self.out is None:
            raise ValueError("resume=True needs out_dir: the folder of the run to continue (CLI: --out).")
        path = self.out / "last.pt"
        if not path.is_file():
            raise FileNotFoundError(f"nothing to resume: {path} does not exist.")
        blob = read_checkpoint(path)
        check_resume_config(config_from_dict(blob["config"]), self.config, path)
        if blob.get("data_md5") != self.data_md5:   # MNIST's checksums, or None for the caller's own images
            then, now = ("MNIST" if md5 else "the caller's own images (data=)" for md5 in (blob.get("data_md5"),
                                                                                        self.data_md5))
            raise ValueError(f"cannot resume from {path}: it was trained on {then}, and this run gets {now}. "
                             "Give it the same data, or use another out_dir.")
        state = blob["resume"]
        if state is None:
            raise ValueError(f"{path} is a finished run's checkpoint, with nothing to resume from; "
                             "start afresh with --overwrite instead of --resume (resume=False).")
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        set_capturable(self.optimizer, False)  # as a fresh Adam; GraphedEpochs turns it on
        self.generator.set_state(state["generator"])
        self.history, self.best, self.start_epoch = blob["history"], state["best"], state["epoch"]
        self.targets = None if state["targets"] is None else state["targets"].long().to(self.device)
        # all epochs done but no model.pt (stopped before the final scores were written): resuming just finishes
        if self.start_epoch > self.config.epochs or (self.start_epoch == self.config.epochs
                                                     and (self.out / "model.pt").is_file()):
            if self.config.assign == "soft":
                more = ("a soft-assignment run's beta schedule spans its epochs, so it cannot be lengthened: "
                        "start a new run")
            else:
                more = (f"ask for more epochs to continue (CLI: --resume --epochs {self.start_epoch + 1} or more; "
                        "train(): epochs=...)")
            raise ValueError(f"{path} already finished {self.start_epoch} epochs; {more}.")

    def snapshot(self, next_epoch: int, resumable: bool = True) -> dict:
        """Everything a checkpoint holds; with ``resumable``, also what continuing needs."""
        state, resume = self.model.state_dict(), None
        if resumable:
            targets = None if self.targets is None else self.targets.to(torch.int32).cpu()
            resume = {"epoch": next_epoch, "model": state, "optimizer": self.optimizer.state_dict(),
                      "generator": self.generator.get_state(), "best": self.best, "targets": targets}
        return checkpoint_blob(asdict(self.config), state, self.history, self.data_md5, self.device, resume=resume)

    def epoch(self, epoch: int, train_x: torch.Tensor, watch: tuple, partition) -> list[float]:
        """Train one epoch (initialising the centroids when the joint phase starts); return its losses.

        ``watch = (images, labels)`` scores the initial partition (validation images when held out).
        """
        config, plan = self.config, epoch_plan(self.config, epoch)
        if plan.save_pretrained and self.writes:
            save_checkpoint(self.out / "pretrained.pt", self.snapshot(epoch, resumable=False))
        if plan.init_centroids:
            self.targets = initialise_centroids(self.model, train_x, config, partition)
            if watch[1] is not None:
                self.history["init_eval"] = {config.init: evaluate(self.model, *watch)}
        if plan.end_fixed:
            self.targets = None
        if config.cuda_graph:
            if self.graphed is None:
                self.graphed = GraphedEpochs(self.model, self.optimizer, train_x, config.batch_size, config.rec_loss)
            stats = self.graphed.epoch(plan.alpha, self.generator, self.targets, plan.beta)
        else:
            stats = train_epoch(self.model, self.optimizer, train_x, plan.alpha, config.batch_size, self.generator,
                                config.amp, config.rec_loss, self.targets, self.net, plan.beta, config.augment)
        losses = torch.stack([stats["loss"], stats["rec"], stats["clust"]]).tolist()  # one sync per epoch

        def where() -> str:   # only when the loss is not finite
            last = self.out / "last.pt" if self.out else None
            return (f"The last good checkpoint (after epoch {epoch - 1}) is {last}." if last and last.is_file()
                    else "No checkpoint was written (set out_dir to keep one).")

        def reseed() -> list[int]:
            reseeded = reseed_empty_centroids(self.model.centroids.data, stats["counts"],
                                              self.model.encode(train_x[:RESEED_SAMPLE]))
            distributed.broadcast(self.model.centroids.data)
            return reseeded

        sizes = stats["counts"].tolist()   # the same sizes on every process (summed)
        self.best = close_epoch(self.history, self.best, plan, epoch, losses, sizes,
                                reseed if config.reseed_empty else None,
                                self._copy_weights if config.select == "min_loss" else None, where)
        return losses

    def _copy_weights(self) -> dict:
        return copy.deepcopy(self.model.state_dict())

    def finish(self, test_x, test_y, val, write: bool = True) -> dict | None:
        """Select the returned weights, score the test set once (and validation), write the final files (unless
        ``write`` is False: a run stopped early keeps only its last.pt)."""
        config, history = self.config, self.history
        state = select_weights(config, self.best, history)
        if state is not None:
            self.model.load_state_dict(state)
        self.model.eval()
        metrics = final_metrics(self.model, config, test_x, test_y, val, history)
        if self.writes and write:
            save_finished_run(self.out, {**self.snapshot(config.epochs, resumable=False), "metrics": metrics})
        history["metrics"] = metrics
        return metrics


def train(
    config: TrainConfig,
    resume: bool = False,
    progress: bool = True,
    data: tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor] | None = None,
    on_epoch=None,
    partition: tuple[torch.Tensor, torch.Tensor] | None = None,
) -> tuple[DeepKMeans, dict]:
    """Train Deep K-means; return the selected model (eval mode) and its history.

    ``data`` = ``(train_x, train_y, test_x, test_y)`` overrides MNIST; labels only score (with None, nothing is
    scored, and ``test_x`` may be None too). With ``out_dir`` set, ``out_dir/last.pt`` is rewritten after every
    epoch and ``resume=True`` continues from it, giving the same numbers as an uninterrupted run (on a CPU: some
    CUDA kernels add in no fixed order, so two uninterrupted GPU runs already differ in the last digits).
    ``on_epoch(epoch, history)`` is called after every epoch; returning True stops early (with ``out_dir``, the run
    keeps its ``last.pt``, which ``resume=True`` finishes, and writes no ``model.pt``: it is not a finished run).
    ``partition = (centroids, labels)`` replaces the initial partition ``config.init`` would compute, as given
    (``config.min_agreement`` does not thin it: ``cluster.drop_unsure`` does, for a caller who wants that).
    With ``pretrain_epochs == epochs`` it trains the autoencoder only (no clusters, no metrics).
    """
    device = distributed.init_from_env(check_run(config))
    warn_if_alpha_never_ramps(config)
    if partition is not None and (config.init == "rand" or config.pretrain_epochs >= config.epochs):
        raise ValueError(f"partition= gives the joint phase its starting centroids, but init={config.init!r} with "
                         f"pretrain_epochs={config.pretrain_epochs} of epochs={config.epochs} would never use it: "
                         "set init (e.g. 'kmeans') and leave at least one joint epoch, or drop partition.")
    train_x, val, test_x, test_y, data_md5 = prepare_data(config, data, device)
    last, processes = len(train_x) % config.batch_size, distributed.world_size()
    if 0 < last < processes:
        raise ValueError(f"the last batch of each epoch holds {last} image(s) for {processes} processes, so one "
                         "would train on nothing (and its loss would be NaN): change batch_size or train_size so "
                         "that the last batch holds at least one image per process.")
    split, watch_x, watch_y = watched(val, test_x, test_y)
    run = Run(config, device, data_md5, resume)
    if resume:
        run.restore()
    if run.writes:   # while it trains, its folder holds no earlier run's files that would be taken for its own:
        earlier = FINISHED_FILES if resume else (*FINISHED_FILES, "last.pt")   # (resume=True on a fresh run's
        for name in earlier:                                                 # folder would go on with another run)
            (run.out / name).unlink(missing_ok=True)
    distributed.barrier()   # the other processes wait until the folder is cleared
    talk = progress and distributed.rank() == 0
    bar = tqdm(initial=run.start_epoch, total=config.epochs,
               desc=f"train seed={config.seed}", disable=not talk, unit="epoch")
    epoch = saved = run.start_epoch   # saved: the epochs last.pt holds
    stopped = False   # by on_epoch, before the last epoch
    try:
        while epoch < config.epochs:
            tic = time.perf_counter()
            umap_now = partition is None and config.init.startswith("umap") and epoch_plan(config, epoch).init_centroids
            if talk and umap_now:   # the bar stands still while UMAP runs (one thread; minutes on 55k latents)
                method = "k-means" if config.init == "umap" else "a Gaussian mixture"
                bar.write(f"[{epoch:3d}] the joint phase starts: UMAP + {method} partition {len(train_x):,} latents "
                          "(the slow step on a CPU)")
            losses = run.epoch(epoch, train_x, (watch_x, watch_y), partition)
            if run.retry_if_flat(epoch):
                run.history["wall_s"] += time.perf_counter() - tic
                if talk:
                    bar.write(f"[{epoch:3d}] the loss has not halved since epoch 0: starting again "
                              f"(fresh start {run.history['retries']})")
                epoch = 0
                bar.reset()
                continue
            postfix = {"loss": f"{losses[0]:.4f}"}
            if epoch_plan(config, epoch).score and watch_y is not None:
                scores = evaluate(run.model, watch_x, watch_y)  # not before the centroids exist
                run.history["eval"].append({"epoch": epoch, "split": split, **scores})
                postfix["acc"] = f"{scores['acc']:.3f}"
                if talk:
                    bar.write(f"[{epoch:3d}] loss {losses[0]:.4f}  {split} ACC {scores['acc']:.3f}  "
                              f"NMI {scores['nmi']:.3f}  clusters used {scores['clusters_used']}")
            bar.set_postfix(postfix)
            run.history["wall_s"] += time.perf_counter() - tic
            if run.writes:
                save_checkpoint(run.out / "last.pt", run.snapshot(epoch + 1))
                saved = epoch + 1
            if on_epoch is not None and on_epoch(epoch, run.history) and epoch + 1 < config.epochs:
                stopped = True
                break
            bar.update()
            epoch += 1
    except KeyboardInterrupt:
        if run.writes and saved:
            print(f"\nInterrupted during epoch {epoch}. {run.out / 'last.pt'} holds the run after epoch "
                  f"{saved - 1}; continue it with resume=True (CLI: train --resume; a study or reproduce: the same "
                  "command again).")
        elif run.writes:
            print(f"\nInterrupted during epoch {epoch}, before the run's first checkpoint: nothing to resume; "
                  "start it again.")
        raise
    finally:
        bar.close()
    run.finish(test_x, test_y, val, write=not stopped)
    if stopped and run.writes:   # its folder holds last.pt only, which says the run is unfinished
        print(f"stopped after {epoch + 1} of {config.epochs} epochs: {run.out / 'last.pt'} holds the run and "
              "resume=True finishes it; no model.pt is written for a run that has not finished.")
    distributed.barrier()  # files are written before any process goes on
    return run.model, run.history
