"""The batched trainer: each stacked seed behaves like a single run with that seed."""
import json
from dataclasses import replace

import pytest
import torch

from dkm_lib import TrainConfig, train
from dkm_lib.batched import train_seeds
from dkm_lib.checkpoints import read_checkpoint

# Pretraining, k-means++ centroids, a fixed-partition epoch, then nearest-centroid epochs, scored on validation
# images held out of the training set (as the book's recipes are).
CONFIG = TrainConfig(epochs=4, pretrain_epochs=2, init="kmeans++", fixed_assign_epochs=1, final_relu=False,
                     rec_loss="bce", lam=0.05, t1=0, t2=1, select="min_loss", eval_every=2, device="cpu",
                     val_size=200)


@pytest.fixture(scope="module")
def data(small_data):
    train_x, train_y, test_x, test_y = small_data
    return train_x[:1000], train_y[:1000], test_x[:500], test_y[:500]


@pytest.fixture(scope="module")
def batched(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("batched")
    return train_seeds(CONFIG, [3, 7], data=data, out_root=out, progress=False), out


@pytest.mark.parametrize("val_size", [200, 0])
@pytest.mark.parametrize("i, seed", [(0, 3), (1, 7)])
def test_each_slice_matches_the_single_run_with_its_seed(batched, data, i, seed, val_size):
    """Scored on held-out validation images during training (the book's recipes), or on the test set without them
    (``reproduce --batched``'s earlier recipes)."""
    config = replace(CONFIG, val_size=val_size)
    _, history = batched[0][i] if val_size else train_seeds(config, [3, 7], data=data, progress=False)[i]
    _, single = train(replace(config, seed=seed), progress=False, data=data)
    for key in ("loss", "rec", "clust"):
        assert history[key] == pytest.approx(single[key], rel=1e-4, abs=5e-5), key
    assert history["cluster_sizes"] == single["cluster_sizes"]
    assert history["selected_epoch"] == single["selected_epoch"]
    assert history["init_eval"].keys() == single["init_eval"].keys() == {"kmeans++"}
    assert history["init_eval"]["kmeans++"]["acc"] == pytest.approx(single["init_eval"]["kmeans++"]["acc"], abs=4e-3)
    for ours, theirs in zip(history["eval"], single["eval"]):
        split = "val" if val_size else "test"
        assert ours.keys() == theirs.keys() and ours["epoch"] == theirs["epoch"] and ours["split"] == split
        assert ours["acc"] == pytest.approx(theirs["acc"], abs=4e-3)
    assert len(history["eval"]) == len(single["eval"]) == 2
    assert history["metrics"].keys() == single["metrics"].keys()
    ours, theirs = history["metrics"], single["metrics"]
    assert ours["acc"] == pytest.approx(theirs["acc"], abs=4e-3)
    if val_size:
        assert ours["val"]["acc"] == pytest.approx(theirs["val"]["acc"], abs=4e-3)


# The rest of train()'s settings, each with what shows that the single run really used it (augmented batches and
# soft assignment show in the losses: the test compares the latter with hard assignment's).
SETTINGS = {
    "soft assignment": ({"assign": "soft", "fixed_assign_epochs": 0}, None),
    "min_agreement": ({"min_agreement": 0.9, "fixed_assign_epochs": 2}, lambda h: sum(h["cluster_sizes"][2]) < 800),
    "augment": ({"augment": True}, None),
    "reseed_empty": ({"init": "rand", "reseed_empty": True, "fixed_assign_epochs": 0},
                     lambda h: any(h["reseeded"][:-1])),
    "autoencoder alone": ({"epochs": 2, "eval_every": 0}, lambda h: h["metrics"] is None and h["init_eval"] is None),
}


@pytest.mark.parametrize("name", SETTINGS)
def test_each_setting_of_train_gives_its_single_run_on_the_slice(data, name):
    """Seed 7's slice of a two-seed batch against ``train`` with seed 7, setting by setting: a batched trainer that
    ignored the setting would give other losses, part sizes or repairs."""
    change, used = SETTINGS[name]
    config = replace(CONFIG, **change)
    _, history = train_seeds(config, [3, 7], data=data, progress=False)[1]
    _, single = train(replace(config, seed=7), progress=False, data=data)
    assert used is None or used(single), f"the single run did not exercise {name}"
    if change.get("assign") == "soft":
        _, hard = train(replace(config, assign="hard", seed=7), progress=False, data=data)
        assert hard["clust"][2:] != pytest.approx(single["clust"][2:], rel=1e-3)
    for key in ("loss", "rec", "clust"):
        # Augmented batches (vmap'd grid_sample) round differently from a single run's, and on an AVX2 CPU one
        # sample near a boundary moved the last epoch's clustering loss by 0.3% (0.04089 vs 0.04101). Ignoring
        # augmentation moves it by 33% (0.0547), and the reconstruction loss, still held to 1e-4, by 1%.
        rel = 1e-2 if key == "clust" and change.get("augment") else 1e-4
        assert history[key] == pytest.approx(single[key], rel=rel, abs=5e-5), key
    for ours, theirs in zip(history["cluster_sizes"], single["cluster_sizes"], strict=True):
        assert ours == pytest.approx(theirs, abs=2)   # a point on a boundary may round either way
    assert history["reseeded"] == single["reseeded"]
    assert [e["acc"] for e in history["eval"]] == pytest.approx([e["acc"] for e in single["eval"]], abs=4e-3)
    assert (history["metrics"] is None) == (single["metrics"] is None)
    if single["metrics"]:
        assert history["metrics"]["acc"] == pytest.approx(single["metrics"]["acc"], abs=4e-3)


def test_seeds_are_really_different_runs(batched):
    (_, first), (_, second) = batched[0]
    assert first["cluster_sizes"][-1] != second["cluster_sizes"][-1]
    assert first["loss"] != pytest.approx(second["loss"], rel=1e-4)


def test_each_seed_gets_a_single_run_folder(batched):
    results, out = batched
    for seed, (_, history) in zip((3, 7), results):
        blob = read_checkpoint(out / f"seed{seed}" / "model.pt")
        assert blob["config"]["seed"] == seed
        assert blob["metrics"] == history["metrics"]
        assert blob["meta"]["batched_seeds"] == 2
        assert (out / f"seed{seed}" / "pretrained.pt").is_file()
        # the same files as train() writes, world_size included
        written = json.loads((out / f"seed{seed}" / "history.json").read_text())
        assert written["config"] == blob["config"] and written["history"]["world_size"] == 1


def test_bad_seed_lists_are_refused(data, monkeypatch):
    from dkm_lib import batched

    monkeypatch.setattr(batched, "train_epoch_stacked", lambda *a, **k: pytest.fail("an epoch ran before the refusal"))
    with pytest.raises(ValueError, match="distinct"):
        train_seeds(CONFIG, [1, 1], data=data, progress=False)
    with pytest.raises(ValueError, match="at least one"):
        train_seeds(CONFIG, [], data=data, progress=False)
    with pytest.raises(ValueError, match="seed must be >= 0"):   # at once, not after pretraining
        train_seeds(CONFIG, [2, -1], data=data, progress=False)
    with pytest.raises(ValueError, match="seed must be an int"):
        train_seeds(CONFIG, [2, True], data=data, progress=False)


def test_settings_it_cannot_honour_are_refused(data, tmp_path, monkeypatch):
    from dkm_lib import batched

    monkeypatch.setattr(batched, "train_epoch_stacked", lambda *a, **k: pytest.fail("an epoch ran before the refusal"))
    for change, message in [({"compile": True}, "compile are not supported"),
                            ({"out_dir": str(tmp_path)}, "pass out_root instead"),
                            ({"cuda_graph": True}, "cuda_graph and compile are not supported")]:
        with pytest.raises(ValueError, match=message):
            train_seeds(replace(CONFIG, **change), [0, 1], data=data, progress=False)
    (tmp_path / "a_file").touch()   # an out_root that cannot hold folders: refused before training, not after
    with pytest.raises(ValueError, match="cannot make the run folder .*a_file/seed0 .*give out_root a folder"):
        train_seeds(CONFIG, [0, 1], data=data, progress=False, out_root=tmp_path / "a_file")


def test_a_diverged_seed_is_named_and_stops_the_batch(data, monkeypatch):
    from dkm_lib import TrainingDiverged, batched

    real, calls = batched.train_epoch_stacked, []

    def nan_for_seed_7_in_epoch_3(*args, **kwargs):
        calls.append(1)
        stats = real(*args, **kwargs)
        if len(calls) == 3:
            stats["losses"][1, 0] = float("nan")
        return stats

    monkeypatch.setattr(batched, "train_epoch_stacked", nan_for_seed_7_in_epoch_3)
    with pytest.raises(TrainingDiverged, match=r"epoch 2\b.*seed 7 of the batch.*Lower lr"):
        train_seeds(CONFIG, [3, 7], data=data, progress=False)


def test_ctrl_c_leaves_no_empty_seed_folders(data, tmp_path, monkeypatch, capsys):
    from dkm_lib import batched

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(batched, "train_epoch_stacked", interrupt)
    (tmp_path / "seed4").mkdir()
    (tmp_path / "seed4" / "notes.txt").write_text("mine")   # a folder with a file in it is the user's: kept
    with pytest.raises(KeyboardInterrupt):
        train_seeds(CONFIG, [3, 4], data=data, progress=False, out_root=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed4"]
    assert "Interrupted during epoch 0: a batch is not resumable" in capsys.readouterr().out


def _spy_on_the_loss(monkeypatch) -> list:
    """Each call of ``loss.dkm_loss`` (``batch_loss``, shared by both steps, calls it): whether autocast was on, and
    the latents' and reconstructions' dtypes."""
    from dkm_lib import loss

    seen, real = [], loss.dkm_loss

    def spy(x, x_hat, z, *args):
        seen.append((torch.is_autocast_enabled("cpu"), z.dtype, x_hat.dtype))
        return real(x, x_hat, z, *args)
    monkeypatch.setattr(loss, "dkm_loss", spy)
    return seen


def test_with_amp_only_the_network_runs_in_bfloat16(data, monkeypatch):
    """As in train_step: the loss is computed in float32, outside autocast (CUDA's BCE refuses autocast)."""
    import torch

    from dkm_lib import batched
    from dkm_lib.model import DeepKMeans

    seen = _spy_on_the_loss(monkeypatch)
    stack = batched.StackedModels([DeepKMeans(), DeepKMeans()])
    optimizer = torch.optim.Adam(stack.params.values(), lr=1e-3)
    generators = [torch.Generator().manual_seed(s) for s in (0, 1)]
    images = data[0][:256]
    batched.train_epoch_stacked(stack, optimizer, images, 0.05, 128, generators, amp=True, rec_loss="bce")
    assert seen and all(s == (False, torch.float32, torch.float32) for s in seen), seen

    forward = []
    monkeypatch.setattr(batched, "functional_call",
                        lambda module, params, args: forward.append(torch.is_autocast_enabled("cpu"))
                        or torch.func.functional_call(module, params, args))
    batched.train_epoch_stacked(stack, optimizer, images, 0.05, 128, generators, amp=True, rec_loss="bce")
    assert forward and all(forward)


def test_flat_starts_are_retried_per_seed_as_in_a_single_run(data, monkeypatch):
    """retry_flat_start: the starts of seeds 3, 7 and 1007 are called flat (5's is not), so seed 3 starts again once
    (1003), seed 7 twice (1007, then 2007) and seed 5 never: each slice is the single run with its retries."""
    config = replace(CONFIG, epochs=3, pretrain_epochs=3, rec_loss="mse", retry_flat_start=2, eval_every=0)
    flat_starts = [train(replace(config, epochs=1, pretrain_epochs=1, retry_flat_start=0, seed=seed),
                         progress=False, data=data)[1]["rec"][0] for seed in (3, 7, 1007)]   # their first epochs

    def started_learning(rec):
        return all(rec[0] != pytest.approx(start, rel=1e-5) for start in flat_starts)

    monkeypatch.setattr("dkm_lib.trainer.started_learning", started_learning)
    monkeypatch.setattr("dkm_lib.batched.started_learning", started_learning)
    results = train_seeds(config, [3, 5, 7], data=data, progress=False)
    for (model, history), seed, retries in zip(results, (3, 5, 7), (1, None, 2)):
        single_model, single = train(replace(config, seed=seed), progress=False, data=data)
        assert history.get("retries") == single.get("retries") == retries
        assert history["epoch"] == single["epoch"] == [0, 1, 2]
        assert history["rec"] == pytest.approx(single["rec"], rel=1e-4)
        for ours, theirs in zip(model.state_dict().values(), single_model.state_dict().values()):
            assert torch.allclose(ours, theirs, atol=1e-4), seed


def test_train_step_with_amp_runs_the_network_in_bfloat16_and_the_loss_in_float32(data, monkeypatch):
    """The single-run step as the batched one above: autocast around the network only (its latents come out in
    bfloat16), the loss outside it in float32; without amp, float32 throughout."""
    from dkm_lib import epoch
    from dkm_lib.model import DeepKMeans

    model = DeepKMeans()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    latents, seen = [], _spy_on_the_loss(monkeypatch)
    model.encoder.register_forward_hook(lambda module, args, z: latents.append(z.dtype))
    sums, counts = torch.zeros(3), torch.zeros(10, dtype=torch.long)
    for amp, dtype in ((True, torch.bfloat16), (False, torch.float32)):
        latents.clear(), seen.clear()
        epoch.train_step(model, optimizer, data[0][:64], None, 0.05, sums, counts, rec_loss="bce", amp=amp)
        assert latents == [dtype] and seen == [(False, torch.float32, torch.float32)], (amp, latents, seen)
