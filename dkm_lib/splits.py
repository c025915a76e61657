"""The study's validation protocol: a fixed part of the 60k training images held out for choices.

Every recipe setting, early stop and checkpoint choice may look at validation labels; the test
set is scored once per finished run. The split is a seeded permutation of the image indices,
made without looking at any label, and the same on every machine.
"""
from __future__ import annotations

import torch

SPLIT_SEED = 20261201   # fixed once; changing it changes every validation number
N_TRAIN = 60000


def validation_split(val_size: int, n_images: int = N_TRAIN) -> tuple[torch.Tensor, torch.Tensor]:
    """``(train_indices, val_indices)``: ``val_size`` images held out by a fixed permutation, both sorted."""
    if not 0 < val_size < n_images:
        raise ValueError(f"val_size must be between 1 and {n_images - 1}, got {val_size}.")
    order = torch.randperm(n_images, generator=torch.Generator().manual_seed(SPLIT_SEED))
    return order[val_size:].sort().values, order[:val_size].sort().values
