"""Architecture, shapes, parameter count and the vectorised nearest-centroid assignment."""
import math
import re

import numpy as np
import pytest
import torch
from torch import nn

from dkm_lib import Decoder, DeepKMeans, Encoder
from dkm_lib.model import count_parameters


def test_shapes_through_the_network(mnist_test):
    x = mnist_test[0][:8]
    model = DeepKMeans(latent_size=10, n_clusters=10)
    z, x_hat = model(x)
    assert z.shape == (8, 10) and x_hat.shape == (8, 1, 28, 28)
    sizes = []
    h = x
    for layer in model.encoder.layers:
        h = layer(h)
        if isinstance(layer, nn.Conv2d):
            sizes.append(h.shape[-1])
    assert sizes == [13, 6, 4]
    assert ((x_hat > 0) & (x_hat < 1)).all()
    assert (z >= 0).all()  # the blog's final ReLU


def test_parameter_count_matches_the_blog():
    assert count_parameters(Encoder(10)) + count_parameters(Decoder(10)) == 68_043
    assert count_parameters(DeepKMeans(10, 10)) == 68_043 + 100
    assert count_parameters(Encoder(10, final_relu=False)) == count_parameters(Encoder(10))


def test_same_seed_gives_the_blog_initial_weights():
    torch.manual_seed(3)
    model = DeepKMeans()
    torch.manual_seed(3)  # the blog builds encoder, decoder, then torch.rand centroids
    enc, dec, cen = Encoder(10), Decoder(10), torch.rand(10, 10)
    assert all(torch.equal(a, b) for a, b in zip(model.encoder.state_dict().values(), enc.state_dict().values()))
    assert all(torch.equal(a, b) for a, b in zip(model.decoder.state_dict().values(), dec.state_dict().values()))
    assert torch.equal(model.centroids.data, cen)


def blog_assign(z, centroids):
    """The blog's per-sample loop with .item()."""
    out = []
    for m in range(z.size(0)):
        h = z[m].expand(centroids.shape[0], -1)
        out.append(torch.argmin(torch.sum((h - centroids) ** 2, dim=1), dim=0).item())
    return torch.tensor(out)


@pytest.mark.parametrize("k", [1, 3, 10, 17])
def test_vectorised_assignment_equals_per_sample_loop(mnist_test, k):
    torch.manual_seed(k)
    model = DeepKMeans(10, k, final_relu=False)
    z = model.encode(mnist_test[0][:1000])
    with torch.no_grad():  # centroids near the data so that many clusters win samples
        model.centroids.copy_(z[torch.randperm(1000)[:k]] + 0.01 * torch.randn(k, 10))
    fast = model.assign(z)
    assert torch.equal(fast, blog_assign(z, model.centroids.detach()))
    if k > 1:
        assert fast.unique().numel() > 1


def test_predict_matches_assign_of_encode(mnist_test):
    torch.manual_seed(0)
    model = DeepKMeans(10, 10)
    x = mnist_test[0][:300]
    assert torch.equal(model.predict(x, batch_size=64), model.assign(model.encoder(x)))


@pytest.mark.parametrize("shape, fix", [((5, 28, 28), "x.unsqueeze(1)"), ((5, 3, 28, 28), "one grey channel"),
                                        ((5, 1, 32, 32), "28 x 28 pixels: resize"), ((5, 784), "x.view(-1, 1, 28, 28)"),
                                        ((5, 28, 28, 1), "x.permute(0, 3, 1, 2)"),
                                        ((5, 28, 28, 3), "x.permute(0, 3, 1, 2), then make them grey"),
                                        ((28, 28), "one image is x.view(1, 1, 28, 28)"),
                                        ((784,), "one image is x.view(1, 1, 28, 28)"),
                                        ((1, 28), "a batch of N grey 28 x 28 images is")])
def test_wrong_image_shape_names_the_expected_one_and_the_fix(shape, fix):
    with pytest.raises(ValueError, match=rf"\(N, 1, 28, 28\), got {re.escape(str(shape))}: .*{re.escape(fix)}"):
        DeepKMeans()(torch.zeros(shape))


def test_images_that_are_not_tensors_say_how_to_convert():
    with pytest.raises(ValueError, match=r"got a ndarray: convert it with torch.from_numpy\(x\)"):
        DeepKMeans().encode(np.zeros((2, 1, 28, 28), np.float32))
    with pytest.raises(ValueError, match=r"got a list: convert it with torch.tensor\(x\)"):
        DeepKMeans().predict([[0.0]])


def test_encode_and_predict_check_pixels_and_take_no_images(mnist_test):
    """As ``evaluate`` does: 0-255 pixels or NaN would otherwise give clusters without a word."""
    model, x = DeepKMeans(), mnist_test[0][:4]
    for bad in (x * 255, torch.full_like(x, math.nan)):
        with pytest.raises(ValueError, match=r"expected pixels in \[0, 1\]"):
            model.predict(bad)
    assert model.encode(x[:0]).shape == (0, 10) and model.predict(x[:0]).shape == (0,)
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got 0"):
        model.encode(x, batch_size=0)   # was range()'s "arg 3 must not be zero"


def test_images_on_another_device_than_the_model_say_where_to_move_them(mnist_test):
    model, x = DeepKMeans(), mnist_test[0][:4]
    with pytest.raises(ValueError, match=r"images are on meta but the model is on cpu: pass x.to\('cpu'\)"):
        model(x.to("meta"))
    assert model(x)[0].shape == (4, 10)


def test_predict_refuses_an_autoencoders_untrained_centroids(mnist_test):
    from dkm_lib import load_checkpoint, paths

    model = load_checkpoint(paths.REPO_ROOT / "checkpoints" / "improved_autoencoder.pt")
    with pytest.raises(ValueError, match="centroids were never trained"):
        model.predict(mnist_test[0][:4])
    assert model.encode(mnist_test[0][:4]).shape == (4, 10)   # its latents are fine (chapter 6 clusters them)
    model.centroids.data = model.encode(mnist_test[0][:10])
    assert model.predict(mnist_test[0][:10]).tolist() == list(range(10))


@pytest.mark.parametrize("kwargs", [{"n_clusters": 0}, {"n_clusters": -3}, {"latent_size": 0},
                                    {"n_clusters": 2.5}])
def test_bad_sizes_are_rejected(kwargs):
    with pytest.raises(ValueError, match="positive integer"):
        DeepKMeans(**kwargs)


def test_load_pretrained_copies_every_layer_or_says_why_not(tmp_path):
    """Encoder and decoder weights all come from the file; a file whose names do not match (here a
    ``torch.compile``'d model's, prefixed ``_orig_mod.``) is refused instead of leaving layers random."""
    from dkm_lib.checkpoints import load_pretrained, read_checkpoint, save_checkpoint

    source = "checkpoints/improved_autoencoder.pt"
    blob = read_checkpoint(source)
    config = blob["config"]
    model = DeepKMeans(config["latent_size"], 7, config["final_relu"])
    centroids = model.centroids.detach().clone()
    load_pretrained(model, source)
    state = model.state_dict()
    assert all(torch.equal(state[k], v) for k, v in blob["model"].items() if k != "centroids")
    assert torch.equal(model.centroids, centroids)   # k = 7 here: the centroids are left alone
    renamed = {**blob, "model": {k.replace("encoder.", "encoder._orig_mod."): v for k, v in blob["model"].items()}}
    save_checkpoint(tmp_path / "wrapped.pt", renamed)
    with pytest.raises(ValueError, match=r"do not match the network \(missing \['encoder\.layers\.0\.weight'"):
        load_pretrained(DeepKMeans(config["latent_size"], 7, config["final_relu"]), tmp_path / "wrapped.pt")
