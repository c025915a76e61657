"""DEC-DA's augmentation: the transforms move pixels as named, stay in range, and make an encoder shift-tolerant."""
import math

import torch

from dkm_lib import TrainConfig, train
from dkm_lib.augment import MAX_DEGREES, MAX_SHIFT, apply_transforms, random_transforms
from dkm_lib.epoch import train_epoch
from dkm_lib.model import DeepKMeans


def matrix(degrees=0.0, dx=0.0, dy=0.0):
    a = math.radians(degrees)
    return torch.tensor([[[math.cos(a), -math.sin(a), dx], [math.sin(a), math.cos(a), dy]]])


def test_transforms_move_pixels_as_named(small_data):
    digits = small_data[0][:16]
    same = apply_transforms(digits, matrix().expand(16, 2, 3))
    assert torch.allclose(same, digits, atol=1e-5)
    one_pixel = apply_transforms(digits, matrix(dx=2 / 28).expand(16, 2, 3))   # the side spans 2 grid units
    assert torch.allclose(one_pixel[..., :-1], digits[..., 1:], atol=1e-5)       # content moves one column left
    assert torch.allclose(one_pixel[..., -1], torch.zeros(16, 1, 28))           # black comes in from the edge
    quarter = apply_transforms(digits, matrix(degrees=90).expand(16, 2, 3))
    # the matrix maps output to input coordinates (affine_grid), with y pointing down the image: +90° turns the
    # picture a quarter counter-clockwise on screen, as rot90(1) does
    assert torch.allclose(quarter, digits.rot90(1, dims=(2, 3)), atol=1e-5)


def test_random_transforms_cover_the_published_ranges():
    m = random_transforms(20000, torch.Generator().manual_seed(0))
    degrees = torch.rad2deg(torch.atan2(m[:, 1, 0], m[:, 0, 0]))
    shifts = m[:, :, 2] / 2   # as a fraction of the side
    assert degrees.abs().max() <= MAX_DEGREES and degrees.abs().max() > 0.999 * MAX_DEGREES
    assert shifts.abs().max() <= MAX_SHIFT and shifts.abs().max() > 0.999 * MAX_SHIFT
    assert abs(degrees.mean()) < 0.2 and abs(shifts.mean()) < 0.002     # centred: no drift in one direction
    assert torch.equal(m, random_transforms(20000, torch.Generator().manual_seed(0)))


def test_training_feeds_the_transformed_batch(small_data):
    """With augment, the encoder sees the batch moved by the transforms drawn right after the shuffle."""
    images, seen = small_data[0][:300], []
    model = DeepKMeans(10, 10, final_relu=False)
    model.encoder.register_forward_hook(lambda module, args, out: seen.append(args[0].detach().clone()))
    optimizer = torch.optim.Adam(model.parameters())
    train_epoch(model, optimizer, images, 0.0, 128, torch.Generator().manual_seed(3), augment=True)
    g = torch.Generator().manual_seed(3)
    order = torch.randperm(300, generator=g)
    expected = apply_transforms(images[order[:128]], random_transforms(128, g))
    assert torch.equal(seen[0], expected) and not torch.allclose(seen[0], images[order[:128]])


def test_an_augmented_autoencoder_reconstructs_moved_digits_better(small_data):
    """Trained on moved digits, the autoencoder loses less when a test digit is rotated 10° and shifted 2.5 px."""
    x = small_data[2][:1000]
    moved = apply_transforms(x, matrix(degrees=10, dx=5 / 28, dy=5 / 28).expand(len(x), 2, 3))

    def penalty(augment):   # reconstruction error on moved digits / on the digits as they are
        config = TrainConfig(epochs=3, pretrain_epochs=3, final_relu=False, rec_loss="bce", augment=augment,
                             eval_every=0, seed=0, device="cpu")
        model, history = train(config, progress=False, data=small_data)
        with torch.no_grad():
            errors = [((model(images)[1] - images) ** 2).mean() for images in (moved, x)]
        return float(errors[0] / errors[1]), history["rec"]

    plain, plain_rec = penalty(False)
    augmented, rec = penalty(True)
    assert augmented < 0.95 * plain, (augmented, plain)   # measured: 0.98 vs 1.09
    assert rec != plain_rec
