"""Unsupervised clustering metrics: Hungarian-matched accuracy, NMI and ARI.

Cluster indices are arbitrary names, so accuracy first finds the one-to-one matching of
clusters to classes that agrees with the most labels (the Hungarian algorithm), then counts.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def _as_int_array(values, name: str) -> np.ndarray:
    array = np.asarray(values.cpu() if hasattr(values, "cpu") else values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}.")
    if array.size and (not np.issubdtype(array.dtype, np.integer) or array.min() < 0):
        raise ValueError(f"{name} must hold non-negative integers.")
    return array.astype(np.int64)


MAX_TABLE = 10**8   # cells of a contingency table: ids in the millions are a mistake, not clusters


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    """Both label arrays, checked: one-dimensional, non-negative integers, the same number, at least one."""
    y_true, y_pred = _as_int_array(y_true, "y_true"), _as_int_array(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in length: {y_true.size} vs {y_pred.size}.")
    if not y_true.size:
        raise ValueError("y_true and y_pred are empty: there is nothing to score.")
    return y_true, y_pred


def contingency(y_true, y_pred) -> np.ndarray:
    """Counts ``w[cluster, label]``: how many samples of each label landed in each cluster."""
    y_true, y_pred = _pair(y_true, y_pred)
    shape = (int(y_pred.max()) + 1, int(y_true.max()) + 1)
    if shape[0] * shape[1] > MAX_TABLE:
        raise ValueError(f"label ids up to {y_true.max()} and cluster ids up to {y_pred.max()}: number them "
                         "0, 1, 2, ... first, e.g. np.unique(ids, return_inverse=True)[1].")
    w = np.zeros(shape, dtype=np.int64)
    np.add.at(w, (y_pred, y_true), 1)
    return w


def cluster_to_label(y_true, y_pred) -> dict[int, int]:
    """The Hungarian matching ``{cluster: label}`` that maximises agreement.

    With more clusters than labels, the unmatched clusters map to -1 (they count as errors).
    """
    return match_counts(contingency(y_true, y_pred))


def match_counts(w: np.ndarray) -> dict[int, int]:
    """``cluster_to_label`` from counts ``w[cluster, label]`` (a ``contingency`` kept in a record)."""
    rows, cols = linear_sum_assignment(w, maximize=True)
    mapping = {c: -1 for c in range(w.shape[0])}
    mapping.update({int(r): int(c) for r, c in zip(rows, cols)})
    return mapping


def cluster_acc(y_true, y_pred) -> float:
    """Best one-to-one cluster->label accuracy (the standard unsupervised ACC).

    Works when the number of clusters differs from the number of classes: only a one-to-one
    matching counts, so surplus clusters (or surplus classes) cost accuracy.
    """
    w = contingency(y_true, y_pred)
    rows, cols = linear_sum_assignment(w, maximize=True)
    return float(w[rows, cols].sum() / max(w.sum(), 1))


def nmi(y_true, y_pred) -> float:
    """Normalised mutual information of cluster ids ``y_pred`` with labels ``y_true`` (two 1-D integer arrays of one
    length), normalised by the arithmetic mean of their entropies (scikit-learn's default): 1 for a perfect match."""
    return float(normalized_mutual_info_score(*_pair(y_true, y_pred)))


def ari(y_true, y_pred) -> float:
    """Adjusted Rand index of cluster ids ``y_pred`` against labels ``y_true`` (two 1-D integer arrays of one
    length): 0 for random labels, 1 for a perfect partition."""
    return float(adjusted_rand_score(*_pair(y_true, y_pred)))


def matched_confusion(y_true, y_pred) -> tuple[np.ndarray, list[int]]:
    """Confusion matrix ``[cluster, label]`` with clusters reordered to their matched labels.

    Returns the matrix and the cluster index shown in each row, so a good clustering is
    diagonal. Unmatched clusters come last.
    """
    w = contingency(y_true, y_pred)
    mapping = cluster_to_label(y_true, y_pred)
    order = sorted(range(w.shape[0]), key=lambda c: (mapping[c] < 0, mapping[c], c))
    return w[order], order


def clustering_scores(y_true, y_pred) -> dict[str, float]:
    """ACC, NMI and ARI together, plus how many clusters received at least one sample."""
    y_pred = _as_int_array(y_pred, "y_pred")
    return {
        "acc": cluster_acc(y_true, y_pred),
        "nmi": nmi(y_true, y_pred),
        "ari": ari(y_true, y_pred),
        "clusters_used": int(np.unique(y_pred).size),
    }
