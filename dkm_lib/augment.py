"""Random shifts and rotations of training batches, the augmentation DEC-DA trains with.

DEC-DA (Guo et al., 2018) feeds Keras' ``ImageDataGenerator(rotation_range=10,
width_shift_range=0.1, height_shift_range=0.1)`` to its autoencoder and clustering phase; these
are the same transforms as one batched ``grid_sample``, drawn from the run's own generator.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

MAX_DEGREES = 10.0   # rotations drawn uniformly in [-10°, 10°]
MAX_SHIFT = 0.1      # shifts drawn uniformly in [-10 %, 10 %] of the image side (2.8 pixels on MNIST)


def random_transforms(n: int, generator: torch.Generator, max_degrees: float = MAX_DEGREES,
                      max_shift: float = MAX_SHIFT) -> torch.Tensor:
    """``n`` affine matrices ``[n, 2, 3]`` (rotation, then shift), drawn on the CPU from ``generator``."""
    draws = torch.rand(n, 3, generator=generator) * 2 - 1
    angle = draws[:, 0] * math.radians(max_degrees)
    shift = draws[:, 1:] * 2 * max_shift   # grid coordinates run from -1 to 1: the side is 2 long
    cos, sin = angle.cos(), angle.sin()
    return torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)


def apply_transforms(images: torch.Tensor, transforms: torch.Tensor) -> torch.Tensor:
    """Each image resampled through its affine matrix (bilinear; black where it leaves the frame)."""
    if images.is_cuda:   # from pinned memory the copy does not wait for the GPU
        transforms = transforms.pin_memory().to(images.device, non_blocking=True)
    theta = transforms.to(images.device, images.dtype)
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
