"""Classic clustering on latent vectors: centroid initialisation and empty-cluster repair.

``initial_partition`` turns latents into a first clustering: k-means++ seeding, a full k-means
fit, or the N2D idea (McConville et al.): embed the latents with UMAP, which keeps the local
neighbourhood graph and so separates curved clusters that k-means cannot, then run k-means in
that embedding. ``"umap_gmm"`` then refines those parts with a Gaussian mixture, N2D's own
clusterer. The centroids start at the mean latent of each part.
"""
from __future__ import annotations

import functools
import importlib.util

import numpy as np
import torch

from .model import pairwise_sq_dist

METHODS = ("kmeans++", "kmeans", "umap", "umap_gmm")
AGREEMENT_NEIGHBOURS = 10  # neighbour_agreement compares each point with this many nearest others
RESEED_SAMPLE = 10_000  # an empty centroid moves to the farthest latent among the first this many training images


def kmeans_fit(points: np.ndarray, k: int, seed: int, n_init: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn k-means (k-means++ seeding, ``n_init`` restarts): ``(centers, labels)``."""
    from sklearn.cluster import KMeans

    km = KMeans(k, n_init=n_init, random_state=seed).fit(points)
    return km.cluster_centers_, km.labels_


def check_dependencies(method: str) -> None:
    """Raise one clear ``ImportError`` if ``method`` needs a package that is not installed (before any training)."""
    if not method.startswith("umap"):
        return
    if importlib.util.find_spec("umap") is None or importlib.util.find_spec("numba") is None:
        raise ImportError(f"init={method!r} needs the umap-learn package, which is not installed: "
                          "pip install umap-learn (or install dkm_lib with its [umap] or [colab] extra), "
                          "or choose init='kmeans' (CLI: --init kmeans).")


class _numba_one_thread:
    """numba single-threaded inside: with a fixed ``random_state`` UMAP is only repeatable when
    the thread count is fixed too. Torch's thread count is restored after (they can share one
    OpenMP runtime, and torch would silently keep numba's count)."""

    def __enter__(self):
        self.torch_threads = torch.get_num_threads()  # before importing umap, which resets OpenMP's count
        import numba
        self.numba, self.numba_threads = numba, numba.get_num_threads()
        numba.set_num_threads(1)

    def __exit__(self, *exc):
        self.numba.set_num_threads(self.numba_threads)
        torch.set_num_threads(self.torch_threads)


# The umap-learn functions without numba's cache=True that a fit compiles on first use: compiled again in every
# new process (about 12 s of each session's first UMAP on 2 CPU cores) unless numba keeps them on disk. Never add
# _nb_optimize_layout_euclidean_single_epoch_parallel: numba names a cache after the Python function, which it
# shares with the serial one, and the cache's key ignores parallel=, so each would load the other's code.
UNCACHED_UMAP = {"umap.utils": ("fast_knn_indices",),
                 "umap.umap_": ("smooth_knn_dist", "compute_membership_strengths"),
                 "umap.layouts": ("_nb_optimize_layout_euclidean_single_epoch",)}


@functools.cache
def _import_umap():
    """``umap``, with the compiled code of ``UNCACHED_UMAP`` cached on disk (in umap's folder, else numba's user-wide
    one) from the first fit on. Only speed depends on it: a function another umap-learn lacks compiles per process."""
    import umap

    for module, names in UNCACHED_UMAP.items():
        for name in names:
            try:
                getattr(importlib.import_module(module), name).enable_caching()
            except (ImportError, AttributeError, RuntimeError):   # not there, or not numba's, in this umap-learn;
                pass                                               # or nowhere to write
    return umap


def umap_fit(points: np.ndarray, seed: int, n_components: int = 10, n_neighbors: int = 20):
    """A UMAP reducer fitted with N2D's settings (``min_dist=0`` packs clusters tightly), reproducibly.

    ``reducer.embedding_`` is the embedding of ``points``; ``umap_transform`` maps new points.
    """
    import warnings

    check_dependencies("umap")
    with _numba_one_thread():
        umap = _import_umap()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "n_jobs overridden by random_state"
            return umap.UMAP(n_components=n_components, n_neighbors=n_neighbors, min_dist=0.0,
                             random_state=seed, n_jobs=1).fit(points)


def umap_transform(reducer, points: np.ndarray) -> np.ndarray:
    """Embed new points with a fitted reducer (N2D's route for images not seen in the fit)."""
    with _numba_one_thread():
        return reducer.transform(points)


def umap_embed(points: np.ndarray, seed: int, n_components: int = 10, n_neighbors: int = 20) -> np.ndarray:
    """The UMAP embedding of ``points`` themselves (see ``umap_fit``)."""
    return umap_fit(points, seed, n_components, n_neighbors).embedding_


def nearest_centroid(points, centers) -> np.ndarray:
    """Each point's nearest centre (arrays or tensors of rows), as ``DeepKMeans.assign`` picks it."""
    return pairwise_sq_dist(torch.as_tensor(points), torch.as_tensor(centers)).argmin(1).numpy()


def check_parts(labels: np.ndarray, k: int, least: int = 1) -> None:
    """Raise when one of the ``k`` parts holds fewer than ``least`` points (its mean, or its covariance, is NaN)."""
    sizes = np.bincount(labels[labels >= 0], minlength=k)[:k]
    if sizes.min() < least:
        small = [c for c in range(k) if sizes[c] < least]
        raise ValueError(f"parts {small} of the k={k} hold fewer than {least} point(s) each (sizes {sizes.tolist()}): "
                         "there are too few distinct latents for k parts; lower n_clusters or train on more images.")


def part_means(points: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Each part's mean point ``[k, d]``: the centroids a partition of latents starts from."""
    check_parts(labels, k)
    return np.stack([points[labels == c].mean(0) for c in range(k)])


def gmm_refine(points: np.ndarray, labels: np.ndarray, seed: int) -> np.ndarray:
    """Labels of a full-covariance Gaussian mixture started from the parts ``labels`` (EM from there).

    Starting from a k-means partition keeps the mixture out of the poor optima a random start
    can fall into, and lets each part take the elongated shape UMAP gives it.
    """
    from sklearn.mixture import GaussianMixture

    k = int(labels.max()) + 1
    check_parts(labels, k, least=2)   # a covariance needs two points
    parts = [points[labels == c] for c in range(k)]
    eye = 1e-6 * np.eye(points.shape[1])
    gmm = GaussianMixture(k, covariance_type="full", random_state=seed,
                          weights_init=np.array([len(p) for p in parts]) / len(points),
                          means_init=np.stack([p.mean(0) for p in parts]),
                          precisions_init=np.stack([np.linalg.inv(np.cov(p, rowvar=False) + eye) for p in parts]))
    refined = gmm.fit(points).predict(points)
    if len(np.unique(refined)) < k:
        raise ValueError(f"the Gaussian mixture left {k - len(np.unique(refined))} of {k} parts empty; "
                         "use init='umap' (k-means parts) for this run.")
    return refined


def nearest_neighbours(points: np.ndarray, n_neighbors: int = AGREEMENT_NEIGHBOURS) -> np.ndarray:
    """Each point's ``n_neighbors`` nearest other points, as indices ``[N, n_neighbors]``."""
    from sklearn.neighbors import NearestNeighbors

    nearest = NearestNeighbors(n_neighbors=n_neighbors + 1).fit(points).kneighbors(points, return_distance=False)
    return nearest[:, 1:]   # column 0 is the point itself


def neighbour_agreement(points: np.ndarray, labels: np.ndarray, n_neighbors: int = AGREEMENT_NEIGHBOURS) -> np.ndarray:
    """For each point, the share of its ``n_neighbors`` nearest other points that are in its part (label-free).

    Deep inside a part it is 1; where the part borders another in the latent space it drops.
    """
    labels = np.asarray(labels)
    return (labels[nearest_neighbours(points, n_neighbors)] == labels[:, None]).mean(1)


def drop_unsure(labels: torch.Tensor, agreement: torch.Tensor, min_agreement: float) -> torch.Tensor:
    """``labels`` with -1 where ``agreement`` is below ``min_agreement``: points the partition is unsure of.

    A fixed partition pulls every latent toward its part's centroid, mistakes included; a -1 point is
    pulled toward no centroid, so the encoder alone decides on which side of a border it falls.
    """
    return torch.where(agreement >= min_agreement, labels, torch.full_like(labels, -1))


def initial_partition(latents: torch.Tensor, k: int, method: str, seed: int,
                      min_agreement: float = 0.0) -> tuple[torch.Tensor, torch.Tensor]:
    """``(centroids [k, d], labels [N])`` from latents, by one of ``METHODS``.

    With ``min_agreement`` > 0, points whose nearest latents mostly lie in other parts get label -1.
    """
    points = latents.detach().double().cpu().numpy()
    if method == "kmeans++":
        from sklearn.cluster import kmeans_plusplus

        centers, _ = kmeans_plusplus(points, k, random_state=seed)
        labels = nearest_centroid(points, centers)
    elif method == "kmeans":
        centers, labels = kmeans_fit(points, k, seed)
    elif method in ("umap", "umap_gmm"):
        embedding = umap_embed(points, seed)
        _, labels = kmeans_fit(embedding, k, seed)
        if method == "umap_gmm":
            labels = gmm_refine(embedding, labels, seed)
        centers = part_means(points, labels, k)
    else:
        raise ValueError(f"unknown initialisation {method!r}; use one of {METHODS}.")
    labels = torch.as_tensor(labels, dtype=torch.long)
    if min_agreement > 0:
        labels = drop_unsure(labels, torch.as_tensor(neighbour_agreement(points, labels.numpy())), min_agreement)
    return torch.as_tensor(centers, dtype=latents.dtype), labels


@torch.no_grad()
def reseed_empty_centroids(centroids: torch.Tensor, counts: torch.Tensor, latents: torch.Tensor) -> list[int]:
    """Move each centroid that won no sample onto the latent farthest from its nearest centroid.

    The classic k-means repair for empty clusters (scikit-learn does the same). Changes
    ``centroids`` in place and returns the indices that moved.
    """
    empty = (counts == 0).nonzero().flatten().tolist()
    if empty:
        distance = pairwise_sq_dist(latents, centroids).min(1).values
        centroids[empty] = latents[distance.topk(len(empty)).indices]
    return empty


def random_start(points: torch.Tensor, k: int, seed: int = 0) -> torch.Tensor:
    """k distinct data points drawn at random with ``seed``: where ``lloyd`` starts."""
    if not 1 <= k <= len(points):
        raise ValueError(
            f"k must be between 1 and the number of points ({len(points)}), got {k}.")
    generator = torch.Generator().manual_seed(seed)
    return points[torch.randperm(len(points), generator=generator)[:k]].clone()


def lloyd(
    points: torch.Tensor, k: int, steps: int = 10, seed: int = 0
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Plain Lloyd k-means from k random data points: ``(centroids, labels)`` per step.

    Each step assigns every point to its nearest centroid, then moves each centroid to the
    mean of its points (an empty cluster keeps its centroid). For teaching: scikit-learn's
    ``KMeans`` is what the library uses for real work.
    """
    centroids = random_start(points, k, seed)
    steps_taken = []
    for _ in range(steps):
        labels = pairwise_sq_dist(points, centroids).argmin(1)
        counts = torch.bincount(labels, minlength=k).unsqueeze(1)
        sums = torch.zeros_like(centroids).index_add_(0, labels, points)
        centroids = torch.where(counts > 0, sums / counts.clamp(min=1), centroids)
        steps_taken.append((centroids.clone(), labels))
    return steps_taken
