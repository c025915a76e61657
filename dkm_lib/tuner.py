"""What the tuning panel does, without any widgets: train with given settings, stop, re-cluster.

``Tuner`` holds the model being tuned (it starts as the pretrained autoencoder), the images it
trains on, the validation images it scores on (``dkm_lib.tuning.tuning_data``), and the
latents of the last encoder, so that a new k re-clusters in about a second. Every run is
``dkm_lib.train`` with a ``dkm_lib.tuning`` config, so the same settings give the same numbers
here, in the panel and in the sweep.
"""
from __future__ import annotations

import threading
from typing import Callable

import numpy as np
import torch

from .cluster import initial_partition
from .metrics import clustering_scores
from .model import DeepKMeans
from .trainer import train
from .checkpoints import load_checkpoint
from .config import TrainConfig
from .tuning import SCORE_SIZE, default_checkpoint, tuning_config, tuning_data


class Tuner:
    """The model being tuned by hand, its data, and the two actions: ``train`` and ``recluster``."""

    def __init__(self, checkpoint=None, pool_size: int = 20000):
        self.checkpoint = str(checkpoint or default_checkpoint())
        pool_x, pool_y, val_x, val_y = tuning_data(pool_size, SCORE_SIZE)
        self.pool, self.val = (pool_x, pool_y), (val_x, val_y)
        self.model: DeepKMeans = load_checkpoint(self.checkpoint)
        self.history: dict | None = None
        self.metrics: dict | None = None
        self._stop = threading.Event()
        self._cache_key, self._cache = None, None

    def config(self, **settings) -> TrainConfig:
        """The ``TrainConfig`` of a run from this checkpoint with ``settings`` (``lam``, ``n_clusters``, ...)."""
        return tuning_config(self.checkpoint, **settings)

    def data(self, train_size: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """``(train_x, train_y, val_x, val_y)`` for ``train``: the first ``train_size`` images, the scored ones."""
        return self.pool[0][:train_size], self.pool[1][:train_size], *self.val

    def train(self, config: TrainConfig, on_epoch: Callable[[int, dict], None] | None = None) -> dict:
        """Train ``config`` from the pretrained autoencoder; ``stop()`` ends it after the current epoch."""
        self._stop.clear()

        def after_epoch(epoch: int, history: dict) -> bool:
            if on_epoch is not None:
                on_epoch(epoch, history)
            return self._stop.is_set()

        model, history = train(config, progress=False, data=self.data(config.train_size), on_epoch=after_epoch)
        self.model, self.history, self.metrics = model, history, history["metrics"]
        return history

    def stop(self) -> None:
        """Ask a running ``train`` to stop after its current epoch."""
        self._stop.set()

    def recluster(self, k: int, seed: int, train_size: int) -> np.ndarray:
        """k-means with ``k`` on the current latents, no training; return the validation images' clusters.

        The same k-means as a run's start (``init="kmeans"``: 10 restarts), so that the scores shown before Train
        are the ones Train starts from."""
        train_latents, val_latents = self._latents(train_size)
        centers, _ = initial_partition(train_latents, k, "kmeans", seed)
        model = DeepKMeans(self.model.latent_size, k, self.model.final_relu)
        model.encoder, model.decoder = self.model.encoder, self.model.decoder   # shared, not copied
        with torch.no_grad():
            model.centroids.copy_(torch.as_tensor(centers, dtype=torch.float32))
        predictions = model.assign(val_latents).numpy()
        self.model, self.metrics = model.eval(), clustering_scores(self.val[1].numpy(), predictions)
        return predictions

    def predictions(self) -> np.ndarray:
        """The current model's cluster for each validation image."""
        return self.model.predict(self.val[0]).numpy()

    def _latents(self, train_size: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Latents of the training subset and the validation images, cached per encoder and subset size."""
        # The key holds the encoder itself, not id(): a freed encoder's id can be reused by a new one.
        key = (self.model.encoder, train_size)
        if self._cache_key != key:   # modules compare by identity
            self._cache = (self.model.encode(self.pool[0][:train_size]), self.model.encode(self.val[0]))
            self._cache_key = key
        return self._cache
