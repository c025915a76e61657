"""The study's validation protocol: a fixed part of the 60k training images held out for choices.

Every recipe setting, early stop and checkpoint choice may look at validation labels; the test
set is scored once per finished run. The split is a seeded permutation of the image indices,
made without looking at any label, and the same on every machine.
"""
from __future__ import annotations

import torch

from .cluster import AGREEMENT_NEIGHBOURS
from .data import data_checksums, load_mnist
from .model import check_images, check_pixels

SPLIT_SEED = 20261201   # fixed once; changing it changes every validation number
N_TRAIN = 60000
VAL_SIZE = 5000         # the held-out validation images of the study, the tuning panel and the sweep


def validation_split(val_size: int, n_images: int = N_TRAIN) -> tuple[torch.Tensor, torch.Tensor]:
    """``(train_indices, val_indices)``: ``val_size`` images held out by a fixed permutation, both sorted."""
    check_val_size(val_size, n_images)
    order = torch.randperm(n_images, generator=torch.Generator().manual_seed(SPLIT_SEED))
    return order[val_size:].sort().values, order[:val_size].sort().values


def check_val_size(val_size: int, n_images: int) -> None:
    """Refuse a hold-out that leaves no training image, or holds none out."""
    if not 0 < val_size < n_images:
        raise ValueError(f"val_size must be between 1 and {n_images - 1} (0 holds none out), got {val_size}.")


def check_labels(split: str, images: torch.Tensor, labels) -> torch.Tensor | None:
    """``labels`` as a tensor: one integer per image (they only ever score); None stays None (nothing scored)."""
    if labels is None:
        return None
    labels = torch.as_tensor(labels)
    not_ids = labels.is_floating_point() or labels.dtype == torch.bool
    if labels.dim() != 1 or len(labels) != len(images) or not_ids:
        fix = " (class ids: labels.long())" if not_ids else ""
        raise ValueError(f"{len(images)} {split} images need {len(images)} integer labels in one dimension, got "
                         f"{labels.dtype} of shape {tuple(labels.shape)}{fix}.")
    if len(labels) and labels.min() < 0:
        raise ValueError(f"the {split} labels hold {int(labels.min())}: number the classes 0 … C−1 "
                         "(e.g. np.unique(y, return_inverse=True)[1]).")
    return labels


def watched(val, test_x: torch.Tensor, test_y: torch.Tensor) -> tuple[str, torch.Tensor, torch.Tensor]:
    """What a run scores during training: ``("val", images, labels)`` when ``val`` holds images out, else the
    test set's (labels None: nothing is scored)."""
    return ("val", *val) if val else ("test", test_x, test_y)


def prepare_data(config, data, device: torch.device):
    """``(train_x on device, val, test_x, test_y, data_md5)`` from MNIST or the caller's ``data`` tuple.

    ``val`` is ``(images, labels)`` of the held-out validation images, or None without ``val_size``.
    """
    if data is None:
        (train_x, train_y), (test_x, test_y) = load_mnist(train=True), load_mnist(train=False)
        data_md5 = data_checksums()
        check_images(train_x)
    else:   # the caller's images: the shape, and float pixels in [0, 1] (MNIST's are, by load_mnist)
        if not isinstance(data, (tuple, list)) or len(data) != 4:
            size = f" of {len(data)} items" if hasattr(data, "__len__") else ""
            raise ValueError("data must be a tuple (train_images, train_labels, test_images, test_labels), "
                             f"got {type(data).__name__}{size}.")
        train_x, train_y, test_x, test_y = data
        data_md5 = None
        check_pixels(train_x)
        if test_x is None and test_y is not None:
            raise ValueError("data has test labels but no test images: pass both, or None for both (no test scores).")
        if test_x is not None:
            check_pixels(test_x)
        train_y, test_y = check_labels("train", train_x, train_y), check_labels("test", test_x, test_y)
        if config.val_size and train_y is None:
            raise ValueError(f"val_size={config.val_size} holds training images out to score them, which needs the "
                             "train labels: pass them, or set val_size=0.")
    check_sizes(config, len(train_x))
    val = None
    if config.val_size:
        keep, held_out = validation_split(config.val_size, len(train_x))
        val = (train_x[held_out], train_y[held_out])
        train_x = train_x[keep]
    train_x = train_x[:config.train_size].to(device)
    return train_x, val, test_x, test_y, data_md5


def check_sizes(config, n_images: int = N_TRAIN) -> None:
    """Refuse a validation split, ``train_size``, k or ``min_agreement`` that ``n_images`` training images cannot
    serve (the CLI calls it before it prints the settings it will run)."""
    if config.val_size:
        check_val_size(config.val_size, n_images)
    left = n_images - (config.val_size or 0)
    if config.train_size is not None and config.train_size > left:
        held = f" after the {config.val_size:,} validation images are held out" if config.val_size else ""
        raise ValueError(f"train_size={config.train_size:,} but there are only {left:,} training images"
                         f"{held}: use train_size={left:,} or fewer, or None for all of them "
                         "(CLI: --train-size all).")
    n = left if config.train_size is None else config.train_size
    if config.n_clusters > n:
        raise ValueError(f"n_clusters={config.n_clusters} is more than the {n} training images: use "
                         "fewer clusters (n_clusters) or more images.")
    if config.min_agreement > 0 and n <= AGREEMENT_NEIGHBOURS:
        raise ValueError(f"min_agreement compares each training image with its {AGREEMENT_NEIGHBOURS} nearest others, "
                         f"so it needs more than {AGREEMENT_NEIGHBOURS} training images, not {n}: use more "
                         "images or min_agreement=0.")
