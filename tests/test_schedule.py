"""The alpha schedule follows the blog's piecewise rule at every epoch, the loss matches it, and each epoch's plan
(centroids, fixed partition, scoring, returned weights) is the one both trainers follow."""
import math
from dataclasses import replace

import pytest
import torch

from dkm_lib import alpha_schedule, dkm_loss
from dkm_lib.config import TrainConfig
from dkm_lib.schedule import epoch_plan, keep_best, no_best, select_weights


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


RAMP, LAM = r"need 0 <= t1 < t2 for the alpha ramp", r"lam must be a finite number >= 0"


@pytest.mark.parametrize("t1, t2, lam, why", [(50, 50, 1e-3, RAMP), (60, 50, 1e-3, RAMP), (-1, 50, 1e-3, RAMP),
                                              (0, 10, math.nan, LAM), (0, 10, math.inf, LAM), (0, 10, -1.0, LAM)])
def test_schedule_rejects_bad_settings(t1, t2, lam, why):
    with pytest.raises(ValueError, match=why):   # each for its own reason
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


def test_epoch_plan_names_what_each_epoch_does():

    config = TrainConfig(epochs=7, pretrain_epochs=2, init="kmeans", fixed_assign_epochs=2, eval_every=2,
                         t1=0, t2=4, lam=0.1)
    plans = [epoch_plan(config, epoch) for epoch in range(7)]
    assert [p.joint_epoch for p in plans] == [-2, -1, 0, 1, 2, 3, 4]
    assert [p.alpha for p in plans] == [0.0, 0.0] + [alpha_schedule(j, 0, 4, 0.1) for j in range(5)]
    assert [p.save_pretrained for p in plans] == [False, False, True, False, False, False, False]
    assert [p.init_centroids for p in plans] == [False, False, True, False, False, False, False]
    assert [p.end_fixed for p in plans] == [False, False, False, False, True, False, False]
    assert [p.score for p in plans] == [False, False, True, False, True, False, True]  # every 2nd, and the last
    assert all(p.beta is None for p in plans)


def test_epoch_plan_of_the_blog_and_of_soft_assignment():

    blog = TrainConfig(epochs=5, eval_every=0)  # random centroids, no pretraining, scored at the end only
    plans = [epoch_plan(blog, epoch) for epoch in range(5)]
    assert not any(p.save_pretrained or p.init_centroids for p in plans)
    assert [p.score for p in plans] == [False] * 4 + [True]
    soft = TrainConfig(epochs=6, pretrain_epochs=1, init="kmeans", assign="soft", beta_start=1.0, beta_end=8.0)
    betas = [epoch_plan(soft, epoch).beta for epoch in range(6)]
    assert betas[0] is None and betas[1] == 1.0 and betas[-1] == pytest.approx(8.0)
    assert betas[1:] == sorted(betas[1:])


def test_the_returned_weights_follow_select():

    config = TrainConfig(epochs=4, pretrain_epochs=1, init="kmeans")
    best, history = no_best(), {"epoch": [0, 1, 2, 3]}
    copies = []   # the weights are copied only when an epoch is kept
    for epoch, loss in enumerate([0.1, 0.5, 0.3, 0.4]):  # the autoencoder epoch's low loss does not count
        best = keep_best(best, epoch_plan(config, epoch), epoch, loss, lambda e=epoch: copies.append(e) or {"w": e})
    assert copies == [1, 2]
    assert select_weights(config, best, history) == {"w": 2} and history["selected_epoch"] == 2
    assert select_weights(replace(config, select="last"), best, history) is None and history["selected_epoch"] == 3
    autoencoder = TrainConfig(epochs=2, pretrain_epochs=2)   # no joint epoch: nothing kept, the last epoch returned
    best = no_best()
    for epoch in range(2):
        best = keep_best(best, epoch_plan(autoencoder, epoch), epoch, 0.1, lambda: pytest.fail("copied"))
    history = {"epoch": [0, 1]}
    assert select_weights(autoencoder, best, history) is None and history["selected_epoch"] == 1


def test_a_schedule_cut_short_before_alphas_ramp_is_warned_about(small_data):
    """The seed preset's ramp starts at joint epoch 50: cut to 20 epochs, alpha stays at lam/150 throughout, and the
    run ended with most clusters empty and no word why. The book's own presets ramp in time and say nothing."""
    import warnings

    from dkm_lib import PRESETS, train
    from dkm_lib.schedule import warn_if_alpha_never_ramps

    with pytest.warns(UserWarning, match=r"t1=50 to t2=200, but this run's joint phase ends at epoch 19: alpha "
                                         r"stays at lam/\(t2 - t1\) = 6.7e-06"):
        warn_if_alpha_never_ramps(replace(PRESETS["seed"], epochs=20))
    seed = PRESETS["seed"]   # the ramp's first step, t1 + 1, is still lam / (t2 - t1): a run ending there never rises
    with pytest.warns(UserWarning, match="ends at epoch 51"):
        warn_if_alpha_never_ramps(replace(seed, epochs=seed.pretrain_epochs + 52))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for config in (*PRESETS.values(), replace(PRESETS["seed"], epochs=4, t1=1, t2=3),   # chapter 4's short run
                       replace(seed, epochs=seed.pretrain_epochs + 53),   # ends at t1 + 2: alpha has risen once
                       replace(seed, epochs=2, t1=0, t2=4),   # the panel's ramp at 2 epochs: alpha = lam / 4
                       TrainConfig(epochs=4, lam=0.0)):   # chapter 1's autoencoders: no clustering loss at all
            warn_if_alpha_never_ramps(config)
    x, y, test_x, test_y = small_data
    with pytest.warns(UserWarning, match="Scale t1 and t2 down with epochs"):   # train() says it before training
        train(replace(PRESETS["seed"], epochs=1, train_size=300), progress=False, data=(x[:300], y[:300], None, None))
