"""The alpha schedule follows the blog's piecewise rule at every epoch, and the loss matches it."""
import math

import pytest
import torch

from dkm_lib import alpha_schedule, dkm_loss


def blog_alpha(ep, T1=50, T2=200, lam=1e-3):
    # Copied rule from the reference post's training loop.
    if (ep > T1) and (ep < T2):
        return lam * (ep - T1) / (T2 - T1)
    elif ep >= T2:
        return lam
    else:
        return lam / (T2 - T1)


def test_schedule_matches_blog_rule_for_every_epoch():
    for ep in range(300):
        assert alpha_schedule(ep) == blog_alpha(ep), ep


def test_schedule_landmarks():
    lam = 1e-3
    assert alpha_schedule(0) == pytest.approx(lam / 150)
    assert alpha_schedule(50) == pytest.approx(lam / 150)      # up to and including T1
    assert alpha_schedule(51) == pytest.approx(lam / 150)      # first ramp step equals the floor
    assert alpha_schedule(125) == pytest.approx(lam / 2)
    assert alpha_schedule(199) == pytest.approx(lam * 149 / 150)
    assert alpha_schedule(200) == lam and alpha_schedule(299) == lam
    values = [alpha_schedule(ep) for ep in range(300)]
    assert all(b >= a for a, b in zip(values, values[1:]))      # never decreases


def test_schedule_other_parameters():
    assert alpha_schedule(15, t1=10, t2=110, lam=1e-2) == blog_alpha(15, 10, 110, 1e-2)


@pytest.mark.parametrize("t1, t2, lam", [(50, 50, 1e-3), (60, 50, 1e-3), (-1, 50, 1e-3),
                                         (0, 10, math.nan), (0, 10, math.inf), (0, 10, -1.0)])
def test_schedule_rejects_bad_settings(t1, t2, lam):
    with pytest.raises(ValueError):
        alpha_schedule(0, t1, t2, lam)


def test_loss_is_mse_rec_plus_weighted_mse_to_assigned_centroids():
    g = torch.Generator().manual_seed(0)
    x, x_hat = torch.rand(4, 1, 28, 28, generator=g), torch.rand(4, 1, 28, 28, generator=g)
    z, c = torch.rand(4, 3, generator=g), torch.rand(2, 3, generator=g)
    a = torch.tensor([0, 1, 1, 0])
    loss, rec, clust = dkm_loss(x, x_hat, z, c, a, alpha=0.5)
    assert rec == pytest.approx(((x - x_hat) ** 2).mean().item())
    assert clust == pytest.approx(((z - c[a]) ** 2).mean().item())
    assert loss == pytest.approx(rec.item() + 0.5 * clust.item())


def test_rows_left_unpulled_feel_no_clustering_loss():
    """``pulled``: the clustering loss averages the pulled rows only; the others get no gradient from it."""
    g = torch.Generator().manual_seed(0)
    x, x_hat = torch.rand(5, 1, 28, 28, generator=g), torch.rand(5, 1, 28, 28, generator=g)
    z, c = torch.rand(5, 3, generator=g, requires_grad=True), torch.rand(2, 3, generator=g)
    a, pulled = torch.tensor([0, 1, 1, 0, 0]), torch.tensor([True, False, True, True, False])
    _, _, clust = dkm_loss(x, x_hat, z, c, a, alpha=1.0, pulled=pulled)
    assert clust.item() == pytest.approx(((z - c[a])[pulled] ** 2).mean().item())
    clust.backward()
    assert torch.all(z.grad[~pulled] == 0) and torch.all(z.grad[pulled].abs().sum(1) > 0)
    _, _, none = dkm_loss(x, x_hat, z, c, a, alpha=1.0, pulled=torch.zeros(5, dtype=torch.bool))
    assert none.item() == 0
