"""One tuning run, as the tuning panel's Train button and the λ × k sweep both do it.

Start from the shipped pretrained autoencoder, place k centroids with k-means on the latents of
a training subset, then train with the Deep K-means loss for a few epochs on the CPU.
Tuning is choosing, so the scores come from validation images (the study's held-out 5,000 of
the 60k training images, ``dkm_lib.splits``), never from the test set.
"""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from . import paths
from .paths import relative
from .data import load_mnist
from .checkpoints import read_checkpoint
from .config import TrainConfig
from .splits import VAL_SIZE, validation_split

# What the tuning panel starts with; the sweep varies λ, k and the seed around it.
TUNING = {"lam": 0.05, "t1": 0, "t2": 4, "n_clusters": 10, "epochs": 8, "train_size": 5000, "seed": 0}
SCORE_SIZE = 2000   # validation images a tuning run is scored on (of the VAL_SIZE held out)


def default_checkpoint() -> Path:
    """The shipped pretrained autoencoder every tuning run starts from."""
    return paths.CHECKPOINTS / "improved_autoencoder.pt"


def tuning_config(checkpoint: str | Path | None = None, **settings) -> TrainConfig:
    """The ``TrainConfig`` of one tuning run: the pretrained autoencoder plus ``settings`` over ``TUNING``'s
    defaults (λ 0.05, k 10, T1 0, T2 4, 8 epochs on 5,000 images, seed 0; k-means centroids, the last epoch)."""
    fixed = {"final_relu", "latent_size", "rec_loss", "init", "init_from", "select", "eval_every", "device"}
    if settings.keys() & fixed:
        raise ValueError(f"tuning_config fixes {sorted(settings.keys() & fixed)}: the autoencoder's own settings, "
                         "k-means centroids, the last epoch, scores every epoch, on the CPU so that runs repeat. "
                         "For another, derive it: dataclasses.replace(tuning_config(...), device='cuda').")
    unknown = settings.keys() - {f.name for f in fields(TrainConfig)}
    if unknown:
        raise ValueError(f"tuning_config got unknown settings {sorted(unknown)}: use TrainConfig's field names, "
                         f"e.g. {sorted(TUNING)}.")
    checkpoint = Path(checkpoint or default_checkpoint())
    saved = read_checkpoint(checkpoint)["config"]
    values = {**TUNING, **settings}
    return TrainConfig(final_relu=saved["final_relu"], latent_size=saved["latent_size"],
                       rec_loss=saved.get("rec_loss", "mse"), init="kmeans", init_from=relative(checkpoint),
                       select="last", eval_every=1, device="cpu", **values)


def tuning_data(train_size: int, score_size: int = SCORE_SIZE):
    """``(train_x, train_y, val_x, val_y)`` for ``train(data=...)``: what tuning trains and scores on.

    Training: the first ``train_size`` of the training images left after the validation split.
    Scoring: the first ``score_size`` of the ``VAL_SIZE`` held-out validation images. ``train``
    scores whatever comes third and fourth, so every tuning score is a validation score.
    """
    if not 0 < score_size <= VAL_SIZE:
        raise ValueError(f"score_size must be between 1 and {VAL_SIZE} (the validation images), got {score_size}.")
    x, y = load_mnist(train=True)
    keep, held_out = validation_split(VAL_SIZE, len(x))
    train_idx, val_idx = keep[:train_size], held_out[:score_size]
    return x[train_idx], y[train_idx], x[val_idx], y[val_idx]
