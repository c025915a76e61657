"""What defines a training run: ``TrainConfig``, its checks, and the named recipes in ``PRESETS``."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields

from .cluster import METHODS, check_dependencies
from .loss import check_schedule
from .model import check_positive_int
from .splits import VAL_SIZE

INITS = ("rand", *METHODS)   # "rand": the blog's torch.rand centroids; the others start from latents
ASSIGNS = ("hard", "soft")
SELECTS = ("min_loss", "last")


@dataclass(frozen=True)
class TrainConfig:
    """Everything that defines a run. Defaults are the blog's recipe (see ``PRESETS``).

    Frozen: derive a variant with ``dataclasses.replace(config, lam=0.01)``.
    """

    epochs: int = 300
    batch_size: int = 128
    lr: float = 1e-3
    lam: float = 1e-3          # final clustering-loss weight (the blog's lambda)
    t1: int = 50               # alpha = lam / (t2 - t1) up to and including t1 ...
    t2: int = 200              # ... ramps linearly to lam at t2
    n_clusters: int = 10
    latent_size: int = 10
    final_relu: bool = True    # the blog's ReLU on the latent layer
    rec_loss: str = "mse"      # pixel loss: "mse" (blog) or "bce" (binary cross-entropy)
    init: str = "rand"         # centroids: "rand" (blog), or from latents: "kmeans++", "kmeans", "umap", "umap_gmm"
    pretrain_epochs: int = 0   # autoencoder-only epochs (alpha = 0) before centroids are initialised
    fixed_assign_epochs: int = 0  # joint epochs that keep the initial partition instead of nearest centroids
    min_agreement: float = 0.0    # fixed partition: a point pulled only if this share of its 10 nearest latents
                                  # are in its part (0: every point)
    assign: str = "hard"       # joint phase: "hard" nearest centroid (blog), "soft" softmax weights (DKM paper)
    beta_start: float = 0.1    # "soft": inverse temperature at the first joint epoch ...
    beta_end: float = 10.0     # ... growing geometrically to this at the last one
    reseed_empty: bool = False # move centroids that won no training sample onto far-away latents
    retry_flat_start: int = 0  # autoencoder: up to N fresh starts when its loss has not halved by its 2nd epoch
    augment: bool = False      # random shifts (±10 %) and rotations (±10°) of every training batch (DEC-DA)
    init_from: str | None = None  # start encoder/decoder from this checkpoint (a pretrained autoencoder)
    select: str = "min_loss"   # returned weights: "min_loss" (blog: lowest mean train loss) or "last"
    train_size: int | None = None  # first N training images after the validation hold-out (None: all)
    val_size: int = 0          # training images held out for validation (dkm_lib.splits); 0: none
    seed: int = 0
    device: str = "auto"       # "auto" picks CUDA when available
    amp: bool = False          # bfloat16 autocast, CUDA only
    compile: bool = False      # torch.compile encoder and decoder (CUDA graphs on a GPU); off: eager
    cuda_graph: bool = False   # replay each whole training step from a CUDA graph (dkm_lib.graphed); CUDA only
    eval_every: int = 10       # score every N epochs (0: only at the end); validation images, else the test set
    out_dir: str | None = None # where checkpoints and history.json go (None: nothing written)

    def __post_init__(self) -> None:
        # a pathlib.Path is what people pass for a folder or a file; records and checkpoints keep a str
        for name in ("out_dir", "init_from"):
            if isinstance(getattr(self, name), os.PathLike):
                object.__setattr__(self, name, os.fspath(getattr(self, name)))

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first setting that cannot work."""
        self.check_types()
        for name in ("epochs", "batch_size", "n_clusters", "latent_size"):
            check_positive_int(name, getattr(self, name))
        if self.n_clusters < 2:
            raise ValueError("n_clusters must be 2 or more: one cluster holds every image, and its ACC is only the "
                             "largest class's share (CLI: --clusters).")
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"lr must be a positive number, got {self.lr!r}.")
        check_schedule(self.t1, self.t2, self.lam)
        if self.init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {self.init!r}.")
        check_dependencies(self.init)   # an optional package it needs (umap-learn): fail now, not after pretraining
        if self.select not in SELECTS:
            raise ValueError(f"select must be one of {SELECTS}, got {self.select!r}.")
        if not 0 <= self.pretrain_epochs <= self.epochs:
            raise ValueError(f"pretrain_epochs ({self.pretrain_epochs}) must be between 0 and epochs ({self.epochs}): "
                             "the autoencoder-only epochs are part of the run. Raise epochs or lower pretrain_epochs "
                             "(--epochs, --pretrain-epochs).")
        if self.assign not in ASSIGNS:
            raise ValueError(f"assign must be one of {ASSIGNS}, got {self.assign!r}.")
        if self.assign == "soft" and (self.fixed_assign_epochs or not 0 < self.beta_start <= self.beta_end):
            raise ValueError("assign='soft' needs fixed_assign_epochs=0 and 0 < beta_start <= beta_end "
                             "(--fixed-assign-epochs 0, --beta-start, --beta-end), got "
                             f"{self.fixed_assign_epochs}, {self.beta_start}, {self.beta_end}.")
        if self.rec_loss not in ("mse", "bce"):
            raise ValueError(f"rec_loss must be 'mse' or 'bce', got {self.rec_loss!r}.")
        if self.fixed_assign_epochs < 0 or (self.fixed_assign_epochs and self.init == "rand"):
            raise ValueError(f"fixed_assign_epochs needs init from latents (one of {METHODS}) "
                             f"and must be >= 0, got {self.fixed_assign_epochs} with init={self.init!r}.")
        if not 0 <= self.min_agreement <= 1 or (self.min_agreement and not self.fixed_assign_epochs):
            raise ValueError("min_agreement must be in [0, 1] and, above 0, needs fixed_assign_epochs > 0 (it "
                             f"thins the fixed partition), got {self.min_agreement} with "
                             f"fixed_assign_epochs={self.fixed_assign_epochs}.")
        # (their upper bounds are the data's own: prepare_data checks them against the images it is given)
        if self.train_size is not None and self.train_size < 1:
            raise ValueError(f"train_size must be at least 1 (or None for all the training images; CLI: "
                             f"--train-size all), got {self.train_size}.")
        if self.train_size is not None and self.n_clusters > self.train_size:
            raise ValueError(f"n_clusters={self.n_clusters} is more than train_size={self.train_size}: use fewer "
                             "clusters or more training images.")
        if self.val_size < 0:
            raise ValueError(f"val_size must be 0 (none held out) or more, got {self.val_size}.")
        retry_unfit = self.pretrain_epochs < 2 or self.rec_loss != "mse"
        if self.retry_flat_start < 0 or (self.retry_flat_start and retry_unfit):
            raise ValueError("retry_flat_start needs pretrain_epochs >= 2 and rec_loss='mse' (it compares the first "
                             "two autoencoder epochs; a BCE loss does not halve there even when it learns) and must "
                             f"be >= 0, got {self.retry_flat_start} with pretrain_epochs={self.pretrain_epochs}, "
                             f"rec_loss={self.rec_loss!r}.")
        if self.retry_flat_start and self.init_from:
            raise ValueError("retry_flat_start starts the autoencoder again from a new seed, but init_from loads the "
                             "same weights at every start, so a retry could only repeat the stuck one: drop one of the "
                             "two.")
        if self.cuda_graph and (self.amp or self.compile or self.augment):
            raise ValueError("cuda_graph captures the plain float32 step: drop amp, compile and augment, or "
                             "cuda_graph.")
        if self.eval_every < 0:
            raise ValueError(f"eval_every must be >= 0, got {self.eval_every}.")
        if self.seed < 0:
            raise ValueError(f"seed must be >= 0, got {self.seed}.")

    def check_types(self) -> None:
        """Each field holds a plain Python value of its annotated type: ``lr="1e-3"`` would fail deep inside the
        optimizer, and a NumPy number in the history or a checkpoint that ``weights_only=True`` cannot load."""
        kinds = {"int": (int,), "float": (int, float), "bool": (bool,), "str": (str,)}
        for f in fields(self):
            value, kind = getattr(self, f.name), str(f.type).split(" |")[0]
            if value is None and "None" in str(f.type):
                continue
            if type(value) not in kinds[kind]:
                raise ValueError(f"{f.name} must be {'an' if kind == 'int' else 'a'} {kind}, "
                                 f"got {value!r} ({type(value).__name__}): pass {kind}(...) of it.")


class Presets(dict):
    """The named recipes: ``PRESETS["seed"]`` (the blog's), ``"improved"`` (chapter 8's), ``"quick"`` (a laptop's).

    Each is a ``TrainConfig``; change one with ``dataclasses.replace(PRESETS["quick"], seed=1)``.
    """

    def __missing__(self, name):
        raise KeyError(f"no preset {name!r}: use one of {', '.join(sorted(self))}.")

    def _read_only(self, *args, **kwargs):
        raise TypeError("the presets cannot be changed (every chapter and record relies on them): make a variant with "
                        "dataclasses.replace(PRESETS['quick'], seed=1) and pass it to train().")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = __ior__ = _read_only


PRESETS: dict[str, TrainConfig] = Presets({
    # The blog's recipe, unchanged: 300 epochs, T1=50, T2=200, lambda=1e-3, torch.rand centroids.
    "seed": TrainConfig(),
    # What works (chapter 08): no ReLU on the latent, cross-entropy pixels, 40 autoencoder-only
    # epochs, UMAP + k-means partition of the latents (N2D) to place the centroids, then 10 joint
    # epochs with a constant lambda = 0.05 that pull each latent to its part's centroid.
    # Trained on the 55,000 training images outside the validation split, which the evaluations score.
    "improved": TrainConfig(epochs=50, pretrain_epochs=40, final_relu=False, rec_loss="bce", init="umap",
                            fixed_assign_epochs=10, lam=0.05, t1=0, t2=1, select="last", eval_every=5,
                            val_size=VAL_SIZE),
    # A minute or two on 2 CPU cores (34-59 s a seed on Fashion-MNIST, results/fashion/quick.json): the improved
    # recipe on 10k images with fewer epochs.
    "quick": TrainConfig(epochs=20, pretrain_epochs=15, final_relu=False, rec_loss="bce", init="umap",
                         fixed_assign_epochs=5, lam=0.05, t1=0, t2=1, select="last", train_size=10000,
                         eval_every=5),
})


def config_from_dict(values: dict) -> TrainConfig:
    """A ``TrainConfig`` from a saved dict, ignoring keys this version does not know."""
    known = {f.name for f in fields(TrainConfig)}
    return TrainConfig(**{k: v for k, v in values.items() if k in known})


# Settings that say where and how fast a run goes, not what it learns: a run may resume or be kept across them.
HOW_IT_RUNS = frozenset({"device", "amp", "compile", "cuda_graph", "out_dir"})


def differences(made: TrainConfig, wanted: TrainConfig, ignore: set[str] = frozenset()) -> list[str]:
    """Each setting but those in ``ignore`` in which ``made`` differs from ``wanted``, said for an error message:
    ``"lam: 0.1, not 0.2"``. Empty when they agree."""
    return [f"{f.name}: {getattr(made, f.name)!r}, not {getattr(wanted, f.name)!r}" for f in fields(TrainConfig)
            if f.name not in ignore and getattr(made, f.name) != getattr(wanted, f.name)]
