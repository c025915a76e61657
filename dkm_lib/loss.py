"""The Deep K-means loss ``L = L_rec + alpha * L_clust`` and the blog's schedule for alpha.

Naming note: here (and in the blog) ``alpha`` is the *weight of the clustering loss*, ramped
up to ``lam`` over the epochs. In the DKM paper (Fard et al.) alpha is instead the inverse
temperature of a softmax over centroid distances, and the loss weight is called lambda.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from .model import pairwise_sq_dist


def alpha_schedule(epoch: int, t1: int = 50, t2: int = 200, lam: float = 1e-3) -> float:
    """Clustering-loss weight at ``epoch`` (0-based), the blog's piecewise rule.

    ``lam / (t2 - t1)`` up to and including ``t1``; a linear ramp ``lam * (epoch - t1) / (t2 - t1)``
    strictly between ``t1`` and ``t2``; ``lam`` from ``t2`` on.
    """
    check_schedule(t1, t2, lam)
    if epoch < 0:
        raise ValueError(f"epoch must be >= 0 (epochs count from 0), got {epoch}.")
    if t1 < epoch < t2:
        return lam * (epoch - t1) / (t2 - t1)
    if epoch >= t2:
        return lam
    return lam / (t2 - t1)


def check_schedule(t1: int, t2: int, lam: float) -> None:
    """Raise ``ValueError`` with a plain reason when (t1, t2, lam) cannot define a ramp."""
    if not (isinstance(lam, (int, float)) and math.isfinite(lam) and lam >= 0):
        raise ValueError(f"lam must be a finite number >= 0, got {lam!r}.")
    if t1 < 0 or t2 <= t1:
        raise ValueError(f"need 0 <= t1 < t2 for the alpha ramp, got t1={t1}, t2={t2}.")


def dkm_loss(
    x: torch.Tensor,
    x_hat: torch.Tensor,
    z: torch.Tensor,
    centroids: torch.Tensor,
    assignment: torch.Tensor,
    alpha: float,
    rec_loss: str = "mse",
    pulled: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Return ``(loss, l_rec, l_clust)``, mean-reduced, as in the blog.

    ``assignment`` is the cluster index of each row of ``z`` (the nearest centroid, computed
    on detached latents); gradients of ``l_clust`` reach both the encoder and the chosen
    centroids. ``rec_loss="bce"`` uses binary cross-entropy instead of MSE for the pixels:
    its gradient does not vanish when the output sigmoid saturates. ``pulled`` (bool per
    row) keeps only those rows in ``l_clust``, averaged over them; the others feel the
    reconstruction loss alone.
    """
    if rec_loss == "mse":
        l_rec = F.mse_loss(x_hat, x)
    elif rec_loss == "bce":
        l_rec = F.binary_cross_entropy(x_hat, x)
    else:
        raise ValueError(f"rec_loss must be 'mse' or 'bce', got {rec_loss!r}.")
    # index_select, not centroids[assignment]: its gradient is a plain index_add_, safe
    # inside a CUDA graph (dkm_lib.graphed); indexing's, an accumulating index_put_, has
    # broken graph capture (pytorch#105439). On a CPU the two give the same bits.
    chosen = centroids.index_select(0, assignment)
    if pulled is None:
        l_clust = F.mse_loss(z, chosen)
    else:
        per_row = (z - chosen).pow(2).mean(1)
        l_clust = (per_row * pulled).sum() / pulled.sum().clamp(min=1)
    return l_rec + alpha * l_clust, l_rec, l_clust


def batch_loss(
    x: torch.Tensor,
    x_hat: torch.Tensor,
    z: torch.Tensor,
    centroids: torch.Tensor,
    targets: torch.Tensor | None,
    alpha: float | torch.Tensor,
    rec_loss: str = "mse",
    partial: bool = False,
    beta: float | torch.Tensor | None = None,
) -> tuple[tuple[torch.Tensor, ...], torch.Tensor, torch.Tensor]:
    """One batch's ``(loss, l_rec, l_clust)`` from the network's outputs, each row's
    centroid, and whether the row counts in the parts' sizes (``train_step`` and the
    batched trainer's step both use it).

    Each latent is pulled to its nearest centroid, or to ``targets`` (its fixed part; with
    ``partial``, -1 means none); with ``beta`` every centroid pulls it, by the DKM paper's
    softmax weights (``soft_clust_loss``).
    """
    if targets is None:
        assignment = pairwise_sq_dist(z.detach(), centroids).argmin(1)
    else:
        assignment = targets
    pulled = assignment >= 0 if partial else None
    if partial:
        assignment = assignment.clamp(min=0)   # any centroid: unpulled rows are masked out
    loss, l_rec, l_clust = dkm_loss(x, x_hat, z, centroids, assignment, alpha, rec_loss,
                                    pulled)
    if beta is not None:
        l_clust = soft_clust_loss(z, centroids, beta)
        loss = l_rec + alpha * l_clust
    counted = torch.ones_like(assignment) if pulled is None else pulled.long()
    return (loss, l_rec, l_clust), assignment, counted


def soft_clust_loss(z: torch.Tensor, centroids: torch.Tensor, beta: float) -> torch.Tensor:
    """The DKM paper's clustering loss: each latent's distance to every centroid, weighted by a softmax.

    ``weights = softmax(-beta * d2)`` with ``d2`` the squared distance per latent dimension (the
    scale of ``l_clust``). Small ``beta``: every centroid pulls a little; large ``beta``: only
    the nearest, as in hard k-means. Gradients flow through the weights too, as in the paper.
    """
    d2 = (z.unsqueeze(1) - centroids.unsqueeze(0)).pow(2).mean(2)
    return (torch.softmax(-beta * d2, dim=1) * d2).sum(1).mean()


def beta_schedule(joint_epoch: int, joint_epochs: int, start: float, end: float) -> float:
    """Inverse temperature for ``soft_clust_loss``: geometric from ``start`` to ``end`` over the joint epochs."""
    if joint_epochs <= 1:
        return end
    return start * (end / start) ** (joint_epoch / (joint_epochs - 1))
