"""One tuning run, as the tuning panel's Train button and the λ × k sweep both do it.

Start from the shipped pretrained autoencoder, place k centroids with k-means on the latents of
a training subset, then train with the Deep K-means loss for a few epochs on the CPU.
"""
from __future__ import annotations

from pathlib import Path

from . import paths
from .paths import relative
from .data import load_mnist
from .checkpoints import read_checkpoint
from .config import TrainConfig

# What the tuning panel starts with; the sweep varies λ, k and the seed around it.
TUNING = {"lam": 0.05, "t1": 0, "t2": 4, "n_clusters": 10, "epochs": 8, "train_size": 5000, "seed": 0}
TEST_SIZE = 2000


def default_checkpoint() -> Path:
    """The shipped pretrained autoencoder every tuning run starts from."""
    return paths.CHECKPOINTS / "improved_autoencoder.pt"


def tuning_config(checkpoint: str | Path | None = None, **settings) -> TrainConfig:
    """The ``TrainConfig`` of one tuning run: the pretrained autoencoder plus the given settings."""
    checkpoint = Path(checkpoint or default_checkpoint())
    saved = read_checkpoint(checkpoint)["config"]
    values = {**TUNING, **settings}
    return TrainConfig(final_relu=saved["final_relu"], latent_size=saved["latent_size"],
                       rec_loss=saved.get("rec_loss", "mse"), init="kmeans", init_from=relative(checkpoint),
                       select="last", eval_every=1, device="cpu", **values)


def tuning_data(train_size: int, test_size: int = TEST_SIZE):
    """``(train_x, train_y, test_x, test_y)``: the first ``train_size`` training and ``test_size`` test images."""
    (tx, ty), (sx, sy) = load_mnist(train=True), load_mnist(train=False)
    return tx[:train_size], ty[:train_size], sx[:test_size], sy[:test_size]
