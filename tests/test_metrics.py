"""Hungarian accuracy, NMI and ARI on hand-computed and real cases."""
import numpy as np
import pytest
from sklearn.datasets import load_digits

from dkm_lib import ari, cluster_acc, cluster_to_label, nmi
from dkm_lib.metrics import clustering_scores, contingency, matched_confusion


def test_permuted_labels_score_one():
    y = load_digits().target
    perm = np.random.default_rng(0).permutation(10)
    assert cluster_acc(y, perm[y]) == 1.0
    assert nmi(y, perm[y]) == pytest.approx(1.0)
    assert ari(y, perm[y]) == pytest.approx(1.0)


def test_hand_computed_case():
    y_true = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2]
    y_pred = [1, 1, 0, 0, 0, 0, 2, 2, 2, 1]
    # clusters -> labels: 1->0 (2 hits), 0->1 (3 hits), 2->2 (3 hits): 8 of 10
    assert cluster_acc(y_true, y_pred) == pytest.approx(0.8)
    assert cluster_to_label(y_true, y_pred) == {0: 1, 1: 0, 2: 2}


def test_more_clusters_than_classes_costs_accuracy():
    y_true = [0, 0, 0, 0, 1, 1, 1, 1]
    y_pred = [0, 0, 2, 2, 1, 1, 1, 1]   # class 0 split in two clusters: only one can match
    assert cluster_acc(y_true, y_pred) == pytest.approx(6 / 8)
    assert cluster_to_label(y_true, y_pred)[2] == -1 or cluster_to_label(y_true, y_pred)[0] == -1


def test_fewer_clusters_than_classes():
    y_true = [0, 0, 1, 1, 2, 2]
    y_pred = [0, 0, 0, 0, 1, 1]
    assert cluster_acc(y_true, y_pred) == pytest.approx(4 / 6)


def test_accuracy_equals_blog_square_matrix_version_on_real_digits():
    from scipy.optimize import linear_sum_assignment
    from sklearn.cluster import KMeans

    x, y = load_digits(return_X_y=True)
    pred = KMeans(10, n_init=3, random_state=0).fit_predict(x)
    d = max(pred.max(), y.max()) + 1
    w = np.zeros((d, d), dtype=np.int64)
    for i in range(pred.size):
        w[pred[i], y[i]] += 1
    r, c = linear_sum_assignment(w.max() - w)
    assert cluster_acc(y, pred) == pytest.approx(w[r, c].sum() / pred.size)
    assert 0.6 < cluster_acc(y, pred) < 0.95


def test_matched_confusion_is_diagonal_for_a_permutation():
    y = np.repeat(np.arange(4), 5)
    pred = np.array([2, 0, 3, 1])[y]
    m, order = matched_confusion(y, pred)
    assert np.array_equal(m, np.diag([5, 5, 5, 5]))
    assert order == [2, 0, 3, 1]


def test_scores_bundle_and_input_checks():
    s = clustering_scores([0, 1, 1], [1, 0, 0])
    assert s["acc"] == 1.0 and s["clusters_used"] == 2
    with pytest.raises(ValueError, match="differ in length"):
        contingency([0, 1], [0])
    with pytest.raises(ValueError, match="non-negative integers"):
        cluster_acc([0.5, 1.0], [0, 1])


def test_empty_or_mismatched_labels_and_huge_ids_are_refused_by_every_metric():
    """One message from the library for each: no 0.0 or 1.0 for nothing, no scikit-learn error, no huge table."""
    import numpy as np

    from dkm_lib.metrics import ari, cluster_acc, nmi

    for score in (cluster_acc, nmi, ari):
        with pytest.raises(ValueError, match="empty: there is nothing to score"):
            score([], [])
        with pytest.raises(ValueError, match="differ in length: 3 vs 2"):
            score([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match=r"number them 0, 1, 2, ... first, e.g. np.unique"):
        cluster_acc(np.array([0, 10**9]), np.array([0, 1]))
