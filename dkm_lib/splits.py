"""The study's validation protocol: a fixed part of the 60k training images held out for choices.

Every recipe setting, early stop and checkpoint choice may look at validation labels; the test
set is scored once per finished run. The split is a seeded permutation of the image indices,
made without looking at any label, and the same on every machine.
"""
from __future__ import annotations

import torch

from .data import data_checksums, load_mnist
from .model import check_images, check_pixels

SPLIT_SEED = 20261201   # fixed once; changing it changes every validation number
N_TRAIN = 60000
VAL_SIZE = 5000         # the held-out validation images of the study, the tuning panel and the sweep


def validation_split(val_size: int, n_images: int = N_TRAIN) -> tuple[torch.Tensor, torch.Tensor]:
    """``(train_indices, val_indices)``: ``val_size`` images held out by a fixed permutation, both sorted."""
    if not 0 < val_size < n_images:
        raise ValueError(f"val_size must be between 1 and {n_images - 1}, got {val_size}.")
    order = torch.randperm(n_images, generator=torch.Generator().manual_seed(SPLIT_SEED))
    return order[val_size:].sort().values, order[:val_size].sort().values


def prepare_data(config, data, device: torch.device):
    """``(train_x on device, val, test_x, test_y, data_md5)`` from MNIST or the caller's ``data`` tuple.

    ``val`` is ``(images, labels)`` of the held-out validation images, or None without ``val_size``.
    """
    if data is None:
        (train_x, train_y), (test_x, test_y) = load_mnist(train=True), load_mnist(train=False)
        data_md5 = data_checksums()
        check_images(train_x)
    else:   # the caller's images: the shape, and float pixels in [0, 1] (MNIST's are, by load_mnist)
        train_x, train_y, test_x, test_y = data
        data_md5 = None
        check_pixels(train_x)
        check_pixels(test_x)
    val = None
    if config.val_size:
        keep, held_out = validation_split(config.val_size, len(train_x))
        val = (train_x[held_out], train_y[held_out])
        train_x = train_x[keep]
    train_x = train_x[:config.train_size].to(device)
    if config.n_clusters > len(train_x):
        raise ValueError(f"n_clusters={config.n_clusters} is more than the {len(train_x)} training images.")
    return train_x, val, test_x, test_y, data_md5
