"""What each epoch of a recipe does, and which epoch's weights a run returns.

One set of rules for both trainers (``trainer.train`` and ``batched.train_seeds``): the first
``pretrain_epochs`` train the autoencoder alone (alpha = 0); the joint phase starts by setting the
centroids from the latents, keeps that partition for ``fixed_assign_epochs`` and ramps alpha (and beta
for soft assignment). Joint epochs are scored when the run's epoch is a multiple of ``eval_every``, and at the last.
"""
from __future__ import annotations

import math
import warnings
from typing import NamedTuple

from .config import TrainConfig
from .loss import alpha_schedule, beta_schedule


class EpochPlan(NamedTuple):
    joint_epoch: int       # epochs since the joint phase began; negative while the autoencoder trains alone
    alpha: float           # weight of the clustering loss
    beta: float | None     # soft assignment's inverse temperature; None for hard assignment or no clusters
    save_pretrained: bool  # before this epoch: keep the autoencoder as pretrained.pt
    init_centroids: bool   # before this epoch: set the centroids from the latents (config.init)
    end_fixed: bool        # from this epoch on, each latent goes to its nearest centroid, not the initial partition
    score: bool            # after this epoch: ACC/NMI/ARI on the images watched during training


def epoch_plan(config: TrainConfig, epoch: int) -> EpochPlan:
    """The plan of epoch ``epoch`` (0-based) of a run of ``config``."""
    joint = epoch - config.pretrain_epochs
    alpha = 0.0 if joint < 0 else alpha_schedule(joint, config.t1, config.t2, config.lam)
    beta = None
    if config.assign == "soft" and joint >= 0:
        beta = beta_schedule(joint, config.epochs - config.pretrain_epochs, config.beta_start, config.beta_end)
    periodic = bool(config.eval_every) and epoch % config.eval_every == 0
    return EpochPlan(joint_epoch=joint, alpha=alpha, beta=beta,
                     save_pretrained=joint == 0 and config.pretrain_epochs > 0,
                     init_centroids=joint == 0 and config.init != "rand",
                     end_fixed=joint == config.fixed_assign_epochs,
                     score=joint >= 0 and (periodic or epoch == config.epochs - 1))


def warn_if_alpha_never_ramps(config: TrainConfig) -> None:
    """Warn when the joint phase ends before alpha rises (a 300-epoch schedule cut short): alpha then stays at
    lam / (t2 - t1) throughout (the ramp's first step, at t1 + 1, is that value too), and where that is a tenth of
    lam or less, the clustering loss barely counts."""
    last = config.epochs - config.pretrain_epochs - 1   # the last joint epoch
    if config.lam > 0 and 0 <= last <= config.t1 + 1 and config.t2 - config.t1 >= 10:   # lam=0: an autoencoder alone
        warnings.warn(f"alpha ramps up from joint epoch t1={config.t1} to t2={config.t2}, but this run's joint phase "
                      f"ends at epoch {last}: alpha stays at lam/(t2 - t1) = {config.lam / (config.t2 - config.t1):.2g}"
                      " and the clustering loss barely counts. Scale t1 and t2 down with epochs (the seed preset's "
                      "50 and 200 are for 300 epochs).", stacklevel=3)


def no_best() -> dict:
    """The best epoch before any: the lowest joint-phase training loss, its epoch and its weights."""
    return {"loss": math.inf, "epoch": None, "state": None}


def keep_best(best: dict, plan: EpochPlan, epoch: int, loss: float, state) -> dict:
    """``best``, or this epoch if it is a joint epoch with a lower loss (``state()`` is called only then, for a copy
    of the weights; ``state`` None keeps no copy: a run that returns its last weights never loads them)."""
    if plan.joint_epoch >= 0 and loss < best["loss"]:
        return {"loss": loss, "epoch": epoch, "state": state() if state is not None else None}
    return best


def select_weights(config: TrainConfig, best: dict, history: dict) -> dict | None:
    """Write the epoch whose weights the run returns (``config.select``) into ``history``; return the min-loss
    weights to load, or None to keep the current (last) ones."""
    if config.select == "min_loss" and best["state"] is not None:
        history["selected_epoch"] = best["epoch"]
        return best["state"]
    history["selected_epoch"] = history["epoch"][-1]
    return None
