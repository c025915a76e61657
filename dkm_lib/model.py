"""The Deep K-means model: a small convolutional autoencoder plus k learnable centroids.

The architecture is the reference blog's, layer for layer (68,043 autoencoder parameters at
latent size 10). Image sizes through the encoder: 28 -> 13 -> 6 -> 4, then 64*4*4 = 1024 features.
"""
from __future__ import annotations

import torch
from torch import nn

IMAGE_SHAPE = (1, 28, 28)


def check_positive_int(name: str, value: int) -> None:
    """Raise one clear ``ValueError`` unless ``value`` is an int >= 1 (``True`` is not a size)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")


def unique_list(name: str, values) -> list:
    """``values`` (a list, tuple or other iterable) as a list without repeats; one value alone is refused, not split
    into its characters (``recipes="distill"``) or rejected with a TypeError (``lams=0.1``, a NumPy number)."""
    try:
        iter(values)
        single = isinstance(values, (str, bytes))
    except TypeError:   # not iterable: a number (NumPy's too), a 0-d tensor, None
        single = True
    if single:
        shown = repr(values) if isinstance(values, (str, bytes)) else str(values)
        raise ValueError(f"{name} takes a list, got {shown}: write [{shown}].")
    return list(dict.fromkeys(values))   # a value named twice runs once


class Encoder(nn.Module):
    """Image ``[N, 1, 28, 28]`` -> latent ``h(x)`` of size ``latent_size``."""

    def __init__(self, latent_size: int = 10, final_relu: bool = True):
        super().__init__()
        check_positive_int("latent_size", latent_size)
        k = 16
        layers = [
            nn.Conv2d(1, k, 3, stride=2), nn.ReLU(),           # 28 -> 13
            nn.Conv2d(k, 2 * k, 3, stride=2), nn.ReLU(),       # 13 -> 6
            nn.Conv2d(2 * k, 4 * k, 3, stride=1), nn.ReLU(),   # 6 -> 4
            nn.Flatten(),                                      # 64 * 4 * 4 = 1024
            nn.Linear(4 * k * 4 * 4, latent_size),
        ]
        if final_relu:  # the blog keeps a ReLU on the latent; it makes every h(x) >= 0
            layers.append(nn.ReLU())
        self.layers = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)


class Decoder(nn.Module):
    """Latent ``[N, latent_size]`` -> reconstruction ``[N, 1, 28, 28]`` in (0, 1)."""

    def __init__(self, latent_size: int = 10):
        super().__init__()
        check_positive_int("latent_size", latent_size)
        k = 16
        self.layers = nn.Sequential(
            nn.Linear(latent_size, 4 * k * 4 * 4), nn.ReLU(),
            nn.Unflatten(1, (4 * k, 4, 4)),
            nn.ConvTranspose2d(4 * k, 2 * k, 3, stride=1), nn.ReLU(),                 # 4 -> 6
            nn.ConvTranspose2d(2 * k, k, 3, stride=2), nn.ReLU(),                     # 6 -> 13
            nn.ConvTranspose2d(k, 1, 3, stride=2, output_padding=1), nn.Sigmoid(),   # 13 -> 28
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.layers(z)


def check_images(x: torch.Tensor) -> None:
    """Raise a ``ValueError`` that names the expected shape, and what to do, when ``x`` is not ``[N, 1, 28, 28]``."""
    if not isinstance(x, torch.Tensor):
        how = "torch.from_numpy(x)" if type(x).__module__ == "numpy" else "torch.tensor(x)"
        raise ValueError(f"expected images as a torch.Tensor of shape (N, 1, 28, 28), got a {type(x).__name__}: "
                         f"convert it with {how}.")
    fix = _shape_fix(tuple(x.shape))
    if fix:
        raise ValueError(f"expected images of shape (N, 1, 28, 28), got {tuple(x.shape)}: {fix}.")
    if not x.is_floating_point():
        raise ValueError(f"expected float images with pixels in [0, 1], got {x.dtype}: use x.float() / 255.")


def check_pixels(x: torch.Tensor) -> None:
    """``check_images``, and pixels in [0, 1] (one pass over ``x``: for whole datasets, not every batch)."""
    check_images(x)
    if not len(x):
        return
    low, high = (float(v) for v in torch.aminmax(x))
    if not 0 <= low <= high <= 1:   # a NaN fails too
        raise ValueError(f"expected pixels in [0, 1], got values from {low:g} to {high:g}: divide 0-255 images "
                         "by 255 (dkm_lib.data.load_mnist already does); NaN pixels must be replaced.")


def check_centroids_trained(model: DeepKMeans) -> None:
    """Raise for a model loaded from an autoencoder's checkpoint while its centroids are still the untrained ones
    (``checkpoints.checkpoint_model`` marks such a model)."""
    untrained = getattr(model, "untrained_centroids", None)
    if untrained and torch.equal(model.centroids.detach().cpu(), untrained[1]):
        raise ValueError(untrained[0])


def pairwise_sq_dist(z: torch.Tensor, centroids: torch.Tensor) -> torch.Tensor:
    """Squared Euclidean distance of every row of ``z`` to every centroid: ``[N, k]``.

    Computed as ``sum((z - c)**2)`` like the blog's loop (not the ``|z|^2 - 2zc + |c|^2``
    expansion), so the nearest centroid is the same even for near ties.
    """
    return (z.unsqueeze(1) - centroids.unsqueeze(0)).pow(2).sum(-1)


def _shape_fix(shape: tuple[int, ...]) -> str | None:
    """What turns images of ``shape`` into ``[N, 1, 28, 28]``; None when they are."""
    if len(shape) == 4 and shape[1:] == IMAGE_SHAPE:
        return None
    if len(shape) == 4 and shape[1:3] == IMAGE_SHAPE[1:]:   # NumPy's, PIL's and Keras's channels-last layout
        grey = "" if shape[3] == 1 else ", then make them grey with .mean(1, keepdim=True)"
        return f"move the channels first with x.permute(0, 3, 1, 2){grey}"
    if shape in ((28, 28), (28 * 28,)):
        return "one image is x.view(1, 1, 28, 28)"
    if len(shape) == 3 and shape[1:] == IMAGE_SHAPE[1:]:
        return "add the channel axis with x.unsqueeze(1)"
    if len(shape) == 2 and shape[1] == 28 * 28:
        return "reshape the flat rows with x.view(-1, 1, 28, 28)"
    if len(shape) == 4 and shape[2:] == IMAGE_SHAPE[1:]:
        return "the network takes one grey channel: make colour images grey (e.g. x.mean(1, keepdim=True))"
    if len(shape) == 4:
        return ("the network takes 28 x 28 pixels: resize, e.g. torch.nn.functional.interpolate(x, size=(28, 28), "
                "mode='bilinear')")
    return "a batch of N grey 28 x 28 images is (N, 1, 28, 28)"


class DeepKMeans(nn.Module):
    """Autoencoder plus ``n_clusters`` learnable centroids in its latent space.

    The centroids start as ``torch.rand`` (uniform in [0, 1)), as in the blog; use
    ``TrainConfig(init=...)`` (``dkm_lib.cluster``) to place them from encoded latents instead.
    """

    def __init__(self, latent_size: int = 10, n_clusters: int = 10, final_relu: bool = True):
        super().__init__()
        check_positive_int("latent_size", latent_size)
        check_positive_int("n_clusters", n_clusters)
        self.latent_size = latent_size
        self.n_clusters = n_clusters
        self.final_relu = final_relu
        # Same construction order as the blog (encoder, decoder, centroids), so the same
        # torch seed gives the same initial weights as the blog's script.
        self.encoder = Encoder(latent_size, final_relu)
        self.decoder = Decoder(latent_size)
        self.centroids = nn.Parameter(torch.rand(n_clusters, latent_size))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Return ``(z, x_hat)``: latents ``[N, latent_size]`` and reconstructions ``[N, 1, 28, 28]``."""
        self.check_inputs(x)
        if x.device != self.centroids.device:   # (encode moves its images itself)
            raise ValueError(f"images are on {x.device} but the model is on {self.centroids.device}: "
                             f"pass x.to({str(self.centroids.device)!r}).")
        z = self.encoder(x)
        return z, self.decoder(z)

    def check_inputs(self, x: torch.Tensor) -> None:
        """``check_images``, and the weights' float type (NumPy's float64 arrays come in as torch.float64)."""
        check_images(x)
        if x.dtype != self.centroids.dtype:
            raise ValueError(f"images are {x.dtype} but the model's weights are {self.centroids.dtype}: "
                             f"pass x.to({self.centroids.dtype}) (for float64 from NumPy, x.float()).")

    @torch.no_grad()
    def assign(self, z: torch.Tensor) -> torch.Tensor:
        """Index of the nearest centroid for each latent row (int64 ``[N]``)."""
        if z.dim() != 2 or z.shape[1] != self.latent_size:
            raise ValueError(f"expected latents of shape (N, {self.latent_size}), got {tuple(z.shape)}: "
                             "encode images with model.encode(x) (one latent: z.unsqueeze(0)).")
        return pairwise_sq_dist(z, self.centroids).argmin(1)

    @torch.no_grad()
    def predict(self, x: torch.Tensor, batch_size: int = 2048) -> torch.Tensor:
        """Cluster index for each image, in batches (no gradients); refused while the centroids are a loaded
        autoencoder's untrained ones."""
        check_centroids_trained(self)
        return self.assign(self.encode(x, batch_size))

    @torch.no_grad()
    def encode(self, x: torch.Tensor, batch_size: int = 2048) -> torch.Tensor:
        """Latents of many images (float ``[N, 1, 28, 28]``, pixels in [0, 1]), in batches and without gradients,
        on the model's device."""
        self.check_inputs(x)
        check_positive_int("batch_size", batch_size)
        check_pixels(x)
        device = self.centroids.device
        if not len(x):
            return torch.empty(0, self.latent_size, device=device)
        # clone: a compiled encoder's CUDA graph writes the next batch's latents where it wrote this batch's
        return torch.cat([self.encoder(x[i:i + batch_size].to(device)).clone() for i in range(0, len(x), batch_size)])

    def extra_repr(self) -> str:
        return f"latent_size={self.latent_size}, n_clusters={self.n_clusters}, final_relu={self.final_relu}"


def count_parameters(module: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def describe_layers(module: nn.Module, x: torch.Tensor) -> list[dict]:
    """Run ``x`` through a ``Sequential``-based module and list each layer's output shape and parameters.

    Used to check the shape arithmetic (28 -> 13 -> 6 -> 4 and back) by running the real network.
    """
    rows, h = [], x
    layers = module.layers if hasattr(module, "layers") else module
    with torch.no_grad():
        for layer in layers:
            h = layer(h)
            rows.append({"layer": layer.__class__.__name__, "output": tuple(h.shape[1:]),
                         "params": sum(p.numel() for p in layer.parameters())})
    return rows
