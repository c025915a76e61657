"""Real (short) training runs on MNIST subsets: learning, determinism, checkpoints, failures."""
import json
import math
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from sklearn.cluster import KMeans

from dkm_lib import TrainConfig, TrainingDiverged, evaluate, load_checkpoint, train
from dkm_lib.metrics import cluster_acc
from dkm_lib.checkpoints import read_checkpoint, save_checkpoint

from dkm_lib import trainer as train_module

# Small but real: pretrain the autoencoder, k-means on its latents, then the joint loss.
SMALL = dict(epochs=14, pretrain_epochs=10, init="kmeans", final_relu=False, rec_loss="bce", lam=0.05, t1=0, t2=1,
             fixed_assign_epochs=4, select="last", eval_every=0, seed=0, device="cpu")


def run(data, **changes):
    config = TrainConfig(**{**SMALL, **changes})
    return train(config, progress=False, data=data)


@pytest.fixture(scope="module")
def pretrained(small_data, tmp_path_factory):
    """SMALL's autoencoder after its 10 autoencoder-only epochs on 6,000 images, shared by the joint-phase tests
    (on 3,000 its latents beat pixels by too little to tell)."""
    out = tmp_path_factory.mktemp("autoencoder")
    run(small_data, epochs=10, pretrain_epochs=10, out_dir=str(out))
    return str(out / "model.pt")


def joint(data, pretrained, **changes):
    """SMALL's joint phase, started from the shared autoencoder."""
    return run(data, **{"epochs": 4, "pretrain_epochs": 0, "init_from": pretrained, **changes})


def test_short_run_beats_kmeans_on_raw_pixels(small_data, pretrained):
    train_x, train_y, test_x, test_y = small_data
    model, history = joint(small_data, pretrained)
    ours = history["metrics"]["acc"]
    pixels = KMeans(10, n_init=10, random_state=0).fit(train_x.flatten(1).numpy())
    baseline = cluster_acc(test_y.numpy(), pixels.predict(test_x.flatten(1).numpy()))
    assert ours > baseline + 0.05, (ours, baseline)
    autoencoder = json.loads((Path(pretrained).parent / "history.json").read_text())["history"]
    assert autoencoder["rec"][9] < autoencoder["rec"][0] / 2   # it learned to reconstruct
    assert history["init_eval"]["kmeans"]["acc"] > baseline    # its latents beat pixels before joint training
    assert history["metrics"] == {**evaluate(model, test_x, test_y), "selected_epoch": 3}


def test_blog_recipe_runs_and_selects_lowest_loss_epoch(quick_data):
    _, history = run(quick_data, epochs=4, pretrain_epochs=0, init="rand", final_relu=True, rec_loss="mse",
                     fixed_assign_epochs=0, lam=1e-3, t1=1, t2=3, select="min_loss", eval_every=2)
    assert [e["epoch"] for e in history["eval"]] == [0, 2, 3]
    assert history["selected_epoch"] == int(np.argmin(history["loss"]))
    assert history["alpha"] == [1e-3 / 2, 1e-3 / 2, 1e-3 / 2, 1e-3]


def test_same_seed_same_history(quick_data):
    data = tuple(t[:2000] for t in quick_data)   # determinism holds on any data; 2,000 images are quicker
    _, a = run(data, epochs=3, pretrain_epochs=1)
    _, b = run(data, epochs=3, pretrain_epochs=1)
    _, c = run(data, epochs=3, pretrain_epochs=1, seed=1)
    for key in ("loss", "rec", "clust", "cluster_sizes"):
        assert a[key] == b[key]
    assert a["metrics"] == b["metrics"]
    assert a["loss"] != c["loss"]


def test_checkpoint_round_trip(quick_data, tmp_path):
    model, history = run(quick_data, epochs=3, pretrain_epochs=1, out_dir=str(tmp_path))
    loaded = load_checkpoint(tmp_path / "model.pt")
    assert not loaded.training
    for key, value in model.state_dict().items():
        assert torch.equal(value, loaded.state_dict()[key])
    test_x, test_y = quick_data[2:]
    assert evaluate(loaded, test_x, test_y) == {k: v for k, v in history["metrics"].items() if k != "selected_epoch"}
    saved = json.loads((tmp_path / "history.json").read_text())
    assert saved["history"]["loss"] == history["loss"]
    assert load_checkpoint(tmp_path).n_clusters == 10   # a run folder works too
    assert read_checkpoint(tmp_path)["history"]["loss"] == history["loss"]
    assert not hasattr(loaded, "checkpoint")            # the file's metadata stays in the file's dict


def test_resume_keeps_a_soft_runs_beta_schedule():
    """More epochs may extend a hard-assignment run, not a soft one: β spreads over the joint epochs."""
    from dkm_lib.checkpoints import check_resume_config

    hard = TrainConfig(**SMALL)
    check_resume_config(hard, replace(hard, epochs=20), Path("last.pt"))   # α's ramp does not depend on epochs
    soft = replace(hard, assign="soft")
    with pytest.raises(ValueError, match="epochs: 14, not 20"):
        check_resume_config(soft, replace(soft, epochs=20), Path("last.pt"))


def test_resume_with_another_config_is_refused(quick_data, tmp_path):
    run(quick_data, epochs=2, pretrain_epochs=1, out_dir=str(tmp_path))
    with pytest.raises(ValueError, match="pretrain_epochs: 1, not 2"):
        train(TrainConfig(**{**SMALL, "epochs": 4, "pretrain_epochs": 2, "out_dir": str(tmp_path)}),
              resume=True, progress=False, data=quick_data)
    with pytest.raises(FileNotFoundError, match="nothing to resume"):
        train(TrainConfig(**{**SMALL, "out_dir": str(tmp_path / "empty")}), resume=True, progress=False,
              data=quick_data)
    (tmp_path / "model.pt").replace(tmp_path / "last.pt")   # a finished run's checkpoint where last.pt belongs
    with pytest.raises(ValueError, match="a finished run's checkpoint, with nothing to resume"):
        train(TrainConfig(**{**SMALL, "epochs": 2, "pretrain_epochs": 1, "out_dir": str(tmp_path)}),
              resume=True, progress=False, data=quick_data)
    (tmp_path / "last.pt").unlink()
    with pytest.raises(FileNotFoundError, match="no checkpoint at .*"):
        load_checkpoint(tmp_path)


def test_a_run_stopped_before_its_joint_phase_has_no_scores(quick_data, tmp_path):
    """Stopped by on_epoch during pretraining, the centroids were never fitted: no scores (they would be chance's,
    from torch.rand centroids)."""
    config = TrainConfig(**{**SMALL, "epochs": 3, "pretrain_epochs": 2, "out_dir": str(tmp_path)})
    _, history = train(config, progress=False, data=quick_data, on_epoch=lambda epoch, h: True)
    assert history["epoch"] == [0] and history["metrics"] is None


def test_a_run_stopped_early_is_not_saved_as_finished(quick_data, pretrained, tmp_path, capsys):
    """A model.pt says "finished" to load_or_train, the stages and reproduce, which would take a run stopped by
    on_epoch at epoch 1 of 3 for a whole one: it keeps its last.pt instead, and resume=True finishes it."""
    config = TrainConfig(**{**SMALL, "epochs": 3, "pretrain_epochs": 0, "init_from": pretrained,
                            "out_dir": str(tmp_path)})
    (tmp_path / "model.pt").write_bytes(b"an earlier run's")   # not to be taken for this one
    _, history = train(config, progress=False, data=quick_data, on_epoch=lambda epoch, h: epoch == 1)
    assert history["epoch"] == [0, 1] and not (tmp_path / "model.pt").exists()
    assert "stopped after 2 of 3 epochs" in capsys.readouterr().out
    with pytest.raises(FileNotFoundError, match="has not finished .* --resume"):
        read_checkpoint(tmp_path)
    _, history = train(config, resume=True, progress=False, data=quick_data)
    assert history["epoch"] == [0, 1, 2] and read_checkpoint(tmp_path)["metrics"] is not None


def test_a_run_training_into_an_earlier_runs_folder_removes_its_finished_files(quick_data, pretrained, tmp_path,
                                                                              monkeypatch):
    """Interrupted at any epoch, the folder must not pair the new last.pt with the earlier run's model.pt and
    history.json (read_checkpoint would take them for this run): they go before the first epoch, and so does a
    fresh run's earlier last.pt (resume=True would go on with that other run)."""
    config = TrainConfig(**{**SMALL, "epochs": 2, "pretrain_epochs": 0, "init_from": pretrained,
                            "out_dir": str(tmp_path)})
    train(config, progress=False, data=quick_data)
    seen = []
    for resume, epochs in ((False, 2), (True, 3)):   # afresh, then continued for one more epoch
        config = replace(config, epochs=epochs)
        assert (tmp_path / "model.pt").is_file() and (tmp_path / "history.json").is_file()
        train(config, resume=resume, progress=False, data=quick_data,
              on_epoch=lambda epoch, h: seen.append(sorted(p.name for p in tmp_path.iterdir())))
    assert seen and all(names == ["last.pt"] for names in seen)
    assert read_checkpoint(tmp_path)["history"]["epoch"] == [0, 1, 2]

    def interrupted(*args):   # Ctrl-C during the first epoch, before its checkpoint
        raise KeyboardInterrupt
    monkeypatch.setattr(train_module.Run, "epoch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        train(replace(config, epochs=2), progress=False, data=quick_data)   # afresh
    assert not any(tmp_path.iterdir())


def test_resuming_a_joint_phase_does_not_need_its_autoencoder_file(quick_data, pretrained, tmp_path):
    """The weights of a resumed run come from its last.pt: the init_from file may have moved since."""
    moved = tmp_path / "autoencoder.pt"
    shutil.copy(pretrained, moved)
    config = TrainConfig(**{**SMALL, "epochs": 2, "pretrain_epochs": 0, "init_from": str(moved),
                            "out_dir": str(tmp_path / "run")})
    train(config, progress=False, data=quick_data, on_epoch=lambda epoch, h: epoch == 0)
    moved.unlink()
    _, history = train(config, resume=True, progress=False, data=quick_data)
    assert history["epoch"] == [0, 1] and history["metrics"] is not None


def test_wrong_inputs_get_one_message_each(quick_data):
    """A preset's name for a config, 0-255 or integer pixels, a split named by a string: each says what to do."""
    from dkm_lib import load_mnist
    from dkm_lib.model import DeepKMeans

    with pytest.raises(ValueError, match=r"expected a TrainConfig, got 'quick': pass dkm_lib.PRESETS\['quick'\]"):
        train("quick")
    model, (_, _, test_x, test_y) = DeepKMeans(), quick_data
    with pytest.raises(ValueError, match="expected pixels in \\[0, 1\\], got values from 0 to 255"):
        evaluate(model, test_x * 255, test_y)
    with pytest.raises(ValueError, match="expected float images .* got torch.uint8: use x.float\\(\\) / 255"):
        evaluate(model, (test_x * 255).to(torch.uint8), test_y)
    with pytest.raises(ValueError, match="expected pixels in"):
        train(TrainConfig(**SMALL), progress=False, data=(quick_data[0] * 255, *quick_data[1:]))
    with pytest.raises(ValueError, match="train must be True .* or False"):
        load_mnist(train="test")
    with pytest.raises(ValueError, match=r"first argument is the data folder, got False: .* load_mnist\(train=False\)"):
        load_mnist(False)   # torchvision's datasets take the folder first too; ours once failed inside pathlib
    with pytest.raises(ValueError, match="got values from nan to nan: .* NaN pixels must be replaced"):
        evaluate(model, torch.full_like(test_x, math.nan), test_y)
    with pytest.raises(ValueError, match=r"expected images as a torch.Tensor .* torch.from_numpy\(x\)"):
        evaluate(model, test_x.numpy(), test_y)   # checked before the images are split between processes


def test_evaluate_command_scores_a_joint_runs_last_pt_but_not_one_saved_before_its_joint_epochs(
        quick_data, tmp_path, capsys):
    from dkm_lib.checkpoints import save_checkpoint
    from dkm_lib.cli import main

    run(quick_data, epochs=2, pretrain_epochs=1, out_dir=str(tmp_path))
    assert main(["evaluate", str(tmp_path / "last.pt"), "--device", "cpu"]) == 0
    assert "test ACC" in capsys.readouterr().out
    blob = read_checkpoint(tmp_path / "last.pt")
    blob["resume"]["epoch"] = 1   # as if stopped after the autoencoder-only epoch
    save_checkpoint(tmp_path / "early.pt", blob)
    assert main(["evaluate", str(tmp_path / "early.pt")]) == 2
    assert "saved before the run's first joint epoch" in capsys.readouterr().err


def test_interrupted_run_resumes_exactly(quick_data, tmp_path, monkeypatch, capsys):
    data = tuple(t[:2000] for t in quick_data)   # resuming is exact on any data; 2,000 images are quicker
    _, whole = run(data, epochs=4, pretrain_epochs=2)
    real_epoch = train_module.train_epoch
    calls = {"n": 0}

    def interrupt_third_epoch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_epoch(*args, **kwargs)

    monkeypatch.setattr(train_module, "train_epoch", interrupt_third_epoch)
    with pytest.raises(KeyboardInterrupt):
        run(data, epochs=4, pretrain_epochs=2, out_dir=str(tmp_path))
    assert read_checkpoint(tmp_path / "last.pt")["resume"]["epoch"] == 2
    assert f"Interrupted during epoch 2. {tmp_path / 'last.pt'} holds the run after epoch 1;" in capsys.readouterr().out
    assert not (tmp_path / "model.pt").exists()
    calls["n"] = 2   # interrupted in the first epoch of a new folder: no checkpoint to resume from
    with pytest.raises(KeyboardInterrupt):
        run(data, epochs=4, pretrain_epochs=2, out_dir=str(tmp_path / "new"))
    assert "before the run's first checkpoint: nothing to resume" in capsys.readouterr().out
    calls["n"] = -100   # no interruption; counts the epochs the resumed run trains: the two left, not all four
    _, resumed = train(TrainConfig(**{**SMALL, "epochs": 4, "pretrain_epochs": 2, "out_dir": str(tmp_path)}),
                       resume=True, progress=False, data=data)
    assert calls["n"] == -100 + 2
    assert resumed["loss"] == whole["loss"]
    assert resumed["metrics"] == whole["metrics"]


def test_a_run_stopped_after_its_last_epoch_is_finished_by_resume(quick_data, tmp_path):
    """Stopped between the last epoch's last.pt and model.pt (the final scores): --resume writes model.pt, as the
    missing-model.pt message tells the reader to; a finished run is still refused."""
    data = tuple(t[:2000] for t in quick_data)
    config = TrainConfig(**{**SMALL, "epochs": 3, "pretrain_epochs": 2, "out_dir": str(tmp_path)})
    _, whole = train(config, progress=False, data=data)
    (tmp_path / "model.pt").unlink()
    with pytest.raises(FileNotFoundError, match="--resume"):
        read_checkpoint(tmp_path)
    _, finished = train(config, resume=True, progress=False, data=data)
    assert finished["metrics"] == whole["metrics"] and read_checkpoint(tmp_path)["metrics"] == whole["metrics"]
    with pytest.raises(ValueError, match=r"already finished 3 epochs; ask for more epochs to continue \(CLI: --resume "
                                         r"--epochs 4 or more"):
        train(config, resume=True, progress=False, data=data)
    soft = replace(config, assign="soft", fixed_assign_epochs=0, out_dir=str(tmp_path / "soft"))   # beta spans epochs
    train(soft, progress=False, data=data)
    with pytest.raises(ValueError, match="already finished 3 epochs; a soft-assignment run's beta schedule spans"):
        train(soft, resume=True, progress=False, data=data)
    blob = read_checkpoint(tmp_path / "last.pt")
    save_checkpoint(tmp_path / "last.pt", {**blob, "data_md5": {"train-images-idx3-ubyte": "f68b3c2d"}})
    (tmp_path / "model.pt").unlink()
    with pytest.raises(ValueError, match=r"trained on MNIST, and this run gets the caller's own images \(data=\)"):
        train(config, resume=True, progress=False, data=data)


def test_nan_loss_stops_and_names_the_epoch(quick_data, tmp_path, monkeypatch):
    real_epoch = train_module.train_epoch
    calls = {"n": 0}

    def nan_on_third(*args, **kwargs):
        calls["n"] += 1
        stats = real_epoch(*args, **kwargs)
        if calls["n"] == 3:
            stats["loss"] = torch.tensor(math.nan)
        return stats

    monkeypatch.setattr(train_module, "train_epoch", nan_on_third)
    with pytest.raises(TrainingDiverged, match=r"epoch 2\b.*after epoch 1"):
        run(quick_data, epochs=4, pretrain_epochs=1, out_dir=str(tmp_path))
    assert read_checkpoint(tmp_path / "last.pt")["resume"]["epoch"] == 2


def test_huge_learning_rate_diverges_with_a_clear_error(quick_data):
    with pytest.raises(TrainingDiverged, match="Lower lr"):
        run(quick_data, epochs=3, pretrain_epochs=0, init="rand", fixed_assign_epochs=0, rec_loss="mse",
            lr=1e6, lam=1e3, t1=0, t2=1)


def test_checkpoint_from_another_config_is_refused(quick_data, tmp_path):
    run(quick_data, epochs=2, pretrain_epochs=1, out_dir=str(tmp_path))
    with pytest.raises(ValueError, match="latent_size=10, not 16"):
        load_checkpoint(tmp_path / "model.pt", latent_size=16)
    with pytest.raises(ValueError, match="n_clusters=10, not 5"):
        load_checkpoint(tmp_path / "model.pt", n_clusters=5)


def test_truncated_or_foreign_checkpoint_is_refused(quick_data, tmp_path):
    run(quick_data, epochs=2, pretrain_epochs=1, out_dir=str(tmp_path))
    blob = (tmp_path / "model.pt").read_bytes()
    (tmp_path / "cut.pt").write_bytes(blob[: len(blob) // 2])
    with pytest.raises(ValueError, match="truncated"):
        load_checkpoint(tmp_path / "cut.pt")
    torch.save({"weights": torch.zeros(3)}, tmp_path / "other.pt")
    with pytest.raises(ValueError, match="not a dkm_lib checkpoint"):
        load_checkpoint(tmp_path / "other.pt")
    with pytest.raises(FileNotFoundError, match="no checkpoint"):
        load_checkpoint(tmp_path / "missing.pt")


@pytest.mark.parametrize("changes, message", [
    ({"n_clusters": 0}, "n_clusters must be a positive integer"),
    ({"t1": 5, "t2": 5}, "t1 < t2"),
    ({"lam": math.nan}, "finite"),
    ({"init": "random"}, "init must be one of"),
    ({"pretrain_epochs": 15}, r"pretrain_epochs \(15\) must be between 0 and epochs \(\d+\).*Raise epochs or lower"),
    ({"retry_flat_start": 1, "pretrain_epochs": 1, "rec_loss": "mse"}, "retry_flat_start needs pretrain_epochs >= 2"),
    ({"retry_flat_start": 1}, "rec_loss='mse'"),
    ({"min_agreement": 0.7, "fixed_assign_epochs": 0}, "needs fixed_assign_epochs > 0"),
    ({"min_agreement": 1.5}, r"min_agreement must be in \[0, 1\]"),
    ({"lr": "1e-3"}, r"lr must be a float, got '1e-3' \(str\)"),
    ({"train_size": 500.0}, "train_size must be an int"),
    ({"train_size": 0}, r"train_size must be at least 1 \(or None"),
    ({"val_size": -1}, r"val_size must be 0 \(none held out\) or more"),
    ({"final_relu": 1}, "final_relu must be a bool"),
    ({"seed": -1}, "seed must be >= 0"),
    ({"seed": np.int64(1)}, r"seed must be an int, got np.int64\(1\) \(int64\): pass int\(...\) of it"),
    ({"device": "gpu"}, "device 'gpu' is not a device: use auto, cpu, cuda"),
])
def test_bad_settings_fail_before_training(quick_data, changes, message, monkeypatch):
    monkeypatch.setattr(train_module, "train_epoch", lambda *a, **k: pytest.fail("an epoch ran before the refusal"))
    with pytest.raises(ValueError, match=message):
        run(quick_data, **changes)


def test_fixed_assignment_keeps_the_initial_partition(quick_data, pretrained):
    model, history = joint(quick_data, pretrained, epochs=2, fixed_assign_epochs=2)
    kmeans_sizes = history["cluster_sizes"][0]
    assert history["cluster_sizes"][1] == kmeans_sizes   # the same partition, epoch after epoch
    assert min(kmeans_sizes) > 0


def test_unsure_points_are_pulled_by_no_centroid(small_data, pretrained):
    """A fixed partition with -1 labels (``cluster.drop_unsure``): a wrong label that is dropped pulls nothing.

    30 % of the images get the neighbouring part's label. Kept, those labels drag the images' latents
    out of their own part; dropped (-1), the images stay where the encoder puts them. On 6,000 images: on 3,000
    the kept labels pull less (0.85 of the images stay, against 0.74), too close to the dropped ones' 0.92."""
    from dkm_lib.cluster import drop_unsure

    latents = load_checkpoint(pretrained).encode(small_data[0])
    km = KMeans(10, n_init=3, random_state=0).fit(latents.numpy())
    centroids, labels = torch.as_tensor(km.cluster_centers_, dtype=torch.float32), torch.as_tensor(km.labels_).long()
    agreement = torch.rand(len(labels), generator=torch.Generator().manual_seed(0))   # any score in [0, 1]
    unsure = drop_unsure(labels, agreement, 0.3) < 0
    assert 0.25 < unsure.float().mean() < 0.35 and torch.equal(drop_unsure(labels, agreement, 0.0), labels)
    wrong = torch.where(unsure, (labels + 1) % 10, labels)
    config = TrainConfig(**{**SMALL, "epochs": 2, "pretrain_epochs": 0, "fixed_assign_epochs": 2, "lam": 1.0,
                            "init_from": pretrained})
    stayed = {}
    for name, given in (("dropped", torch.where(unsure, -1, wrong)), ("kept", wrong)):
        model, history = train(config, progress=False, data=small_data, partition=(centroids, given))
        stayed[name] = (model.assign(model.encode(small_data[0]))[unsure] == labels[unsure]).float().mean()
        counted = given[given >= 0]
        assert history["cluster_sizes"][0] == torch.bincount(counted, minlength=10).tolist(), name
    assert stayed["dropped"] > 0.9 and stayed["dropped"] > stayed["kept"] + 0.05, stayed


def test_neighbour_agreement_finds_the_points_a_partition_put_among_another_part():
    from dkm_lib.cluster import initial_partition, neighbour_agreement

    rng = np.random.default_rng(0)
    points = np.concatenate([rng.normal(size=(500, 2)), rng.normal(size=(500, 2)) + [10, 0]])
    labels = np.repeat([0, 1], 500)
    labels[[3, 7, 600]] = 1 - labels[[3, 7, 600]]          # three points given the other blob's part
    agreement = neighbour_agreement(points, labels)
    assert agreement.shape == (1000,) and agreement[[3, 7, 600]].max() <= 0.2
    assert np.delete(agreement, [3, 7, 600]).min() >= 0.7   # the rest: at most the three strays among 10 neighbours
    _, kept = initial_partition(torch.as_tensor(points), 2, "kmeans", seed=0, min_agreement=0.7)
    assert kept.min() == 0 and torch.equal(kept, initial_partition(torch.as_tensor(points), 2, "kmeans", seed=0)[1])
    # blobs that touch: k-means cuts through the crowd, and the points whose neighbours straddle the cut are dropped
    close = np.concatenate([rng.normal(size=(500, 2)), rng.normal(size=(500, 2)) + [2, 0]])
    _, whole = initial_partition(torch.as_tensor(close), 2, "kmeans", seed=0)
    _, thinned = initial_partition(torch.as_tensor(close), 2, "kmeans", seed=0, min_agreement=0.9)
    unsure = neighbour_agreement(close, whole.numpy()) < 0.9
    assert 0 < unsure.sum() < 500 and torch.equal(thinned, torch.where(torch.as_tensor(unsure), -1, whole))


def test_lloyd_starts_from_random_start_and_never_raises_the_objective():
    """Chapter 3 draws the start (``random_start``) before Lloyd's first step: it must be where ``lloyd`` begins."""
    from dkm_lib.cluster import lloyd, random_start

    points = torch.as_tensor(np.random.default_rng(0).normal(size=(300, 2)), dtype=torch.float32)
    start = random_start(points, 5, seed=3)
    drawn = (torch.cdist(start, points) == 0).nonzero()[:, 1]
    assert start.shape == (5, 2) and len(set(drawn.tolist())) == 5            # five distinct data points
    assert torch.equal(start, random_start(points, 5, seed=3)) and not torch.equal(start, random_start(points, 5, 4))
    steps = lloyd(points, 5, steps=8, seed=3)
    assert torch.equal(steps[0][1], torch.cdist(points, start).argmin(1))       # step 1 assigns to the start
    cost = [float(((points - c[labels]) ** 2).sum()) for c, labels in steps]
    assert all(a >= b - 1e-4 for a, b in zip(cost, cost[1:])) and cost[-1] < cost[0], cost
    with pytest.raises(ValueError, match="k must be between 1 and the number of points"):
        random_start(points, 0)


def test_gmm_refinement_moves_the_boundary_kmeans_puts_midway(monkeypatch):
    """A tight part beside a broad one: k-means cuts halfway between the means; the mixture started
    from that cut finds the boundary the two spreads imply (``init='umap_gmm'``)."""
    from sklearn.mixture import GaussianMixture

    from dkm_lib.cluster import gmm_refine, kmeans_fit

    rng = np.random.default_rng(0)
    points = np.concatenate([rng.normal(size=(3000, 2)) * 0.3, rng.normal(size=(3000, 2)) * 1.5 + [3, 0]])
    truth = np.repeat([0, 1], 3000)
    _, cut = kmeans_fit(points, 2, seed=0)
    refined = gmm_refine(points, cut, seed=0)
    assert cluster_acc(truth, cut) < 0.9 and cluster_acc(truth, refined) > 0.98
    monkeypatch.setattr(GaussianMixture, "predict", lambda self, x: np.zeros(len(x), dtype=int))
    with pytest.raises(ValueError, match="left 1 of 2 parts empty; use init='umap'"):
        gmm_refine(points, cut, seed=0)


def test_a_part_too_small_to_start_from_is_refused_with_its_size():
    """An empty part has no mean (a NaN centroid would win every point), a one-point part no covariance."""
    from dkm_lib.cluster import gmm_refine, part_means

    points = np.random.default_rng(0).normal(size=(7, 2))
    labels = np.array([0, 0, 0, 1, 1, 1, 3])   # part 2 is empty, part 3 holds one point
    with pytest.raises(ValueError, match=r"parts \[2\] of the k=4 hold fewer than 1 point\(s\) each \(sizes "
                                         r"\[3, 3, 0, 1\]\): .* lower n_clusters"):
        part_means(points, labels, 4)
    with pytest.raises(ValueError, match=r"parts \[2, 3\] of the k=4 hold fewer than 2 point"):
        gmm_refine(points, labels, seed=0)
    assert part_means(points, labels, 2).shape == (2, 2)


def test_standard_dkm_with_strong_pull_can_collapse(small_data, pretrained):
    """The failure the book warns about: hard assignments + a strong pull empty clusters (on 6,000 images this short
    run empties two of ten; on 3,000 it emptied one)."""
    _, history = joint(small_data, pretrained, fixed_assign_epochs=0, lam=0.5)
    assert history["metrics"]["clusters_used"] < 10
    _, reseeded = joint(small_data, pretrained, fixed_assign_epochs=0, lam=0.5, reseed_empty=True)
    assert any(reseeded["reseeded"])


def test_a_flat_autoencoder_start_is_retried_from_a_new_seed(quick_data, monkeypatch):
    """retry_flat_start: a start whose loss has not halved by its second epoch is replaced by seed + 1000·i."""
    data = tuple(t[:2000] for t in quick_data)
    stuck = dict(epochs=3, pretrain_epochs=3, lr=1e-7, rec_loss="mse")   # so slow that no start halves its loss
    model, history = run(data, **stuck, retry_flat_start=2)
    assert history["retries"] == 2 and history["epoch"] == [0, 1, 2]
    twin, _ = run(data, **stuck, seed=2000)              # the second fresh start is seed 0 + 2 * 1000
    assert all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), twin.state_dict().values()))
    # a start that learns is kept, and is the same run as without the option (on these 2,000 images no
    # start halves its loss in one epoch; on 55,000 the good ones do, so the check is told it did)
    monkeypatch.setattr(train_module, "started_learning", lambda rec: True)
    learns, history = run(data, epochs=2, pretrain_epochs=2, rec_loss="mse", retry_flat_start=2)
    assert "retries" not in history
    plain, _ = run(data, epochs=2, pretrain_epochs=2, rec_loss="mse")
    assert all(torch.equal(a, b) for a, b in zip(learns.state_dict().values(), plain.state_dict().values()))


def test_more_clusters_than_samples(quick_data):
    tiny = tuple(t[:5] for t in quick_data)
    with pytest.raises(ValueError, match="more than the 5 training images"):
        train(TrainConfig(n_clusters=6, epochs=1), progress=False, data=tiny)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_cuda_without_gpu_is_a_clear_error(quick_data, tmp_path):
    with pytest.raises(ValueError, match="no CUDA GPU"):
        run(quick_data, device="cuda")
    run(quick_data, epochs=2, pretrain_epochs=1, out_dir=str(tmp_path))
    with pytest.raises(ValueError, match="no CUDA GPU"):   # a torch.device, not only a name
        load_checkpoint(tmp_path, device=torch.device("cuda"))


def test_an_autoencoders_checkpoint_loads_for_its_encoder_but_does_not_score(quick_data, pretrained, capsys,
                                                                            monkeypatch):
    """Its centroids were never trained: evaluate() refuses it (as the CLI does) until they are set."""
    from dkm_lib.cli import main

    model, (_, _, test_x, test_y) = load_checkpoint(pretrained), quick_data
    assert model.encode(test_x[:5]).shape == (5, 10)
    with pytest.raises(ValueError, match="holds an autoencoder whose centroids were never trained .* --init-from"):
        evaluate(model, test_x, test_y)
    import importlib
    import pkgutil

    import dkm_lib
    for module in pkgutil.iter_modules(dkm_lib.__path__):   # imported first: none may bind the patched name
        if module.name != "__main__":
            importlib.import_module(f"dkm_lib.{module.name}")
    monkeypatch.setattr("dkm_lib.data.load_mnist", None)   # the CLI refuses before it reads MNIST
    assert main(["evaluate", pretrained]) == 2 and "never trained" in capsys.readouterr().err
    with torch.no_grad():   # set by k-means on its latents, as chapter 6 does: now it scores
        model.centroids.copy_(model.encode(test_x[:10]))
    scores = evaluate(model, test_x, test_y.numpy())   # labels as a NumPy array too
    assert scores["acc"] == cluster_acc(test_y.numpy(), model.predict(test_x).numpy()) > 0.3   # clusters, not chance


def test_images_without_labels_train_the_same_model_and_score_nothing(quick_data, tmp_path):
    """Labels never train: without them the run is the same, its checkpoint predicts, and no score is made up."""
    from dkm_lib.batched import train_seeds

    x, y, test_x, test_y = quick_data
    config = TrainConfig(**{**SMALL, "epochs": 6, "pretrain_epochs": 4, "eval_every": 2}, train_size=600)
    labelled, seen = train(config, progress=False, data=(x[:600], y[:600], test_x, test_y))
    unlabelled, history = train(replace(config, out_dir=str(tmp_path)), progress=False,
                                data=(x[:600], None, None, None))
    assert history["loss"] == seen["loss"] and history["cluster_sizes"] == seen["cluster_sizes"]
    assert all(torch.equal(a, b) for a, b in zip(labelled.state_dict().values(), unlabelled.state_dict().values()))
    assert len(seen["eval"]) == 2 and seen["init_eval"] and "acc" in seen["metrics"]
    assert history["eval"] == [] and history["init_eval"] is None and history["metrics"] == {"selected_epoch": 5}
    assert torch.equal(load_checkpoint(tmp_path).predict(test_x), labelled.predict(test_x))
    (_, batched), = train_seeds(config, [0], data=(x[:600], None, test_x, None), progress=False)
    assert batched["eval"] == [] and batched["metrics"] == {"selected_epoch": 5}


def test_data_that_does_not_fit_is_refused_with_what_to_do(quick_data):
    """Labels that are not one per image, a tuple of the wrong size, and more training images asked for than given."""
    x, y, test_x, test_y = quick_data
    tiny = dict(epochs=1, init="kmeans++", eval_every=0)
    for data, message in [((x[:300], y[:400], test_x, test_y), "300 train images need 300 integer labels"),
                          ((x[:300], y[:250], test_x, test_y), "300 train images need 300 integer labels"),
                          ((x[:300], y[:300], None, test_y), "test labels but no test images: pass both"),
                          ((x[:300], y[:300] - 1, test_x, test_y), "the train labels hold -1: number the classes 0"),
                          ((x[:300], y[:300] > 4, test_x, test_y), "300 train images need 300 integer labels"),
                          ((x[:300], y[:300], test_x, test_y - 1), "the test labels hold -1"),
                          ((x[:300], y[:300], test_x), r"data must be a tuple \(train_images, train_labels, .*3 items"),
                          ((x[:300], y[:300], test_x, test_y), "train_size=1,000 but there are only 300 training")]:
        with pytest.raises(ValueError, match=message):
            train(TrainConfig(**tiny, train_size=1000), progress=False, data=data)
    with pytest.raises(ValueError, match="train_size=1,000 but there are only 250 .* after the 50 validation"):
        train(TrainConfig(**tiny, train_size=1000, val_size=50), progress=False,
              data=(x[:300], y[:300], test_x, test_y))
    with pytest.raises(ValueError, match=r"val_size must be between 1 and 299 \(0 holds none out\), got 300"):
        train(TrainConfig(**tiny, val_size=300), progress=False, data=(x[:300], y[:300], test_x, test_y))
    TrainConfig(**tiny, train_size=65000, val_size=5000).validate()   # all 70k (chapter 8) is not MNIST's 60k
    with pytest.raises(ValueError, match="val_size=50 holds training images out to score them, which needs the "
                                         "train labels: pass them, or set val_size=0"):
        train(TrainConfig(**tiny, val_size=50), progress=False, data=(x[:300], None, test_x, test_y))
    with pytest.raises(ValueError, match="min_agreement compares each training image with its 10 nearest others, "
                                         "so it needs more than 10 training images, not 10"):
        train(TrainConfig(**tiny, min_agreement=0.7, fixed_assign_epochs=1), progress=False,
              data=(x[:10], y[:10], test_x, test_y))


def test_a_partition_that_would_be_ignored_is_refused(quick_data):
    """partition= seeds the joint phase's centroids; with init='rand' or no joint epoch it was silently dropped
    (the run kept its torch.rand centroids)."""
    x, y, test_x, test_y = quick_data
    partition = (torch.full((10, 10), 7.0), torch.zeros(300, dtype=torch.long))
    for settings in (dict(init="rand"), dict(init="kmeans", pretrain_epochs=1)):
        with pytest.raises(ValueError, match="would never use it: set init .* leave at least one joint epoch"):
            train(TrainConfig(epochs=1, eval_every=0, **settings), progress=False, partition=partition,
                  data=(x[:300], y[:300], test_x, test_y))


def test_a_last_batch_smaller_than_the_processes_is_refused(quick_data, monkeypatch):
    """Under torchrun each process takes a slice of every batch; 129 images in batches of 128 for 2 processes would
    leave one process an empty slice, a NaN loss and NaN gradients: refused before training, saying what to change."""
    from dkm_lib import distributed

    x, y, test_x, test_y = quick_data
    monkeypatch.setattr(distributed, "world_size", lambda: 2)
    with pytest.raises(ValueError, match=r"last batch of each epoch holds 1 image\(s\) for 2 processes.*batch_size"):
        train(TrainConfig(epochs=1, batch_size=128, eval_every=0), progress=False,
              data=(x[:129], y[:129], test_x, test_y))


def test_model_and_loader_inputs_get_one_message_each(quick_data, tmp_path):
    """float64 images (NumPy's), latents of the wrong shape, a device or path of the wrong kind, a preset's
    misspelt name, resume without a folder, a negative epoch."""
    from dkm_lib import PRESETS
    from dkm_lib.loss import alpha_schedule
    from dkm_lib.model import DeepKMeans

    model, test_x = DeepKMeans(), quick_data[2][:8]
    with pytest.raises(ValueError, match=r"images are torch.float64 but the model's weights are torch.float32"):
        model.encode(test_x.double())
    for z in (torch.zeros(10), torch.zeros(4, 7)):
        with pytest.raises(ValueError, match=r"expected latents of shape \(N, 10\)"):
            model.assign(z)
    run(quick_data, epochs=2, pretrain_epochs=1, out_dir=str(tmp_path))
    with pytest.raises(ValueError, match="device 'gpu' is not a device"):
        load_checkpoint(tmp_path / "model.pt", device="gpu")
    with pytest.raises(TypeError, match="expected the path of a checkpoint"):
        load_checkpoint(None)
    with pytest.raises(KeyError, match="no preset 'Quick': use one of improved, quick, seed"):
        PRESETS["Quick"]
    with pytest.raises(ValueError, match=r"got 'nope': pass dkm_lib.PRESETS\[name\] with name one of improved, quick"):
        train("nope")
    with pytest.raises(ValueError, match="resume=True needs out_dir"):
        train(TrainConfig(**SMALL), progress=False, data=quick_data, resume=True)
    with pytest.raises(ValueError, match="epoch must be >= 0"):
        alpha_schedule(-1)


def test_a_corrupt_checkpoints_message_quotes_only_the_first_sentence_of_torchs(quick_data, tmp_path):
    run(quick_data, epochs=2, pretrain_epochs=1, out_dir=str(tmp_path))
    (tmp_path / "bad.pt").write_bytes(b"not a checkpoint at all" * 10)
    with pytest.raises(ValueError) as caught:
        load_checkpoint(tmp_path / "bad.pt")
    message = str(caught.value)
    assert "is truncated or not a dkm_lib checkpoint" in message and message.endswith("Re-download it or train again.")
    assert "weights_only" not in message and "In PyTorch 2.6" not in message, message
    assert "Weights only load failed)" not in message, f"the unpickler's cause, not torch's summary: {message}"


def test_more_clusters_than_train_size_fails_before_the_out_folder_is_made(tmp_path, capsys):
    from dkm_lib.cli import main

    out = tmp_path / "k600"
    assert main(["train", "--preset", "seed", "--clusters", "600", "--train-size", "500", "--epochs", "1",
                 "--out", str(out)]) == 2
    assert "n_clusters=600 is more than train_size=500" in capsys.readouterr().err and not out.exists()


def test_a_path_is_taken_for_a_folder_or_a_checkpoint_and_kept_as_text(tmp_path):
    from pathlib import PurePosixPath

    config = TrainConfig(out_dir=tmp_path / "run", init_from=PurePosixPath("checkpoints/improved_autoencoder.pt"))
    assert (config.out_dir, config.init_from) == (str(tmp_path / "run"), "checkpoints/improved_autoencoder.pt")
    config.validate()


def test_labels_of_two_dimensions_say_how_to_flatten_them(quick_data):
    from dkm_lib.model import DeepKMeans

    _, _, test_x, test_y = quick_data
    with pytest.raises(ValueError, match=r"labels must be one-dimensional.*got shape \(2000, 1\): use labels.flatten"):
        evaluate(DeepKMeans(), test_x, test_y[:, None])
    with pytest.raises(ValueError, match=r"2000 scored images need 2000 integer labels in one dimension, got "
                                         r"torch.float32 of shape \(2000,\) \(class ids: labels.long\(\)\)"):
        evaluate(DeepKMeans(), test_x, test_y.float())
    with pytest.raises(ValueError, match=r"2000 scored images need 2000 integer labels .* of shape \(1999,\)\.$"):
        evaluate(DeepKMeans(), test_x, test_y[:-1])


def test_only_a_checkout_records_its_git_commit(monkeypatch):
    """A pip-installed dkm_lib inside some other git repository must not record that repository's commit."""
    from dkm_lib import checkpoints, paths

    checkpoints._git_commit.cache_clear(), checkpoints._library_edited.cache_clear()
    assert len(checkpoints._git_commit() or "") == 40   # this checkout
    edited = subprocess.run(["git", "status", "--porcelain", "--", "dkm_lib"], cwd=paths.REPO_ROOT,
                            capture_output=True, text=True, check=True).stdout.strip() != ""
    assert checkpoints._library_edited() is edited
    for status, said in ((" M dkm_lib/model.py\n", True), ("", False)):   # an edit is said, whatever this tree is
        checkpoints._library_edited.cache_clear()
        with monkeypatch.context() as m:
            m.setattr(checkpoints, "_git", lambda *args, status=status: status)
            assert checkpoints._library_edited() is said
    checkpoints._git_commit.cache_clear(), checkpoints._library_edited.cache_clear()
    monkeypatch.setattr(paths, "IN_CHECKOUT", False)
    assert checkpoints._git_commit() is None and checkpoints._library_edited() is None
    checkpoints._git_commit.cache_clear(), checkpoints._library_edited.cache_clear()


def test_only_a_min_loss_run_copies_its_best_weights(quick_data, pretrained, monkeypatch):
    """A run that returns its last weights never loads its best epoch's, so it keeps no copy of them (one per
    improving epoch, written into last.pt too); a min-loss run copies them and returns them."""
    copies = []
    real = train_module.Run._copy_weights
    monkeypatch.setattr(train_module.Run, "_copy_weights", lambda self: copies.append(1) or real(self))
    joint(quick_data[:2] + (quick_data[2][:500], quick_data[3][:500]), pretrained, epochs=2, select="last")
    assert copies == []
    _, history = joint(quick_data[:2] + (quick_data[2][:500], quick_data[3][:500]), pretrained, epochs=2,
                       select="min_loss")
    assert copies and history["selected_epoch"] in (0, 1)


def test_a_run_says_why_its_progress_bar_stands_still_for_umap(quick_data, monkeypatch, capsys):
    """UMAP partitions the latents once, between two epochs, for a minute or more: the run says so (the new-user
    review took a bar frozen at 15/20 for a hang). Here k-means stands in for UMAP, which would take as long."""
    from dkm_lib import cluster
    from dkm_lib import epoch as epoch_module

    def kmeans_instead(latents, k, init, seed, min_agreement):
        return cluster.initial_partition(latents, k, "kmeans", seed, min_agreement)

    monkeypatch.setattr(epoch_module, "initial_partition", kmeans_instead)
    data = (quick_data[0][:600], quick_data[1][:600], None, None)
    for init, said in (("umap", True), ("kmeans", False)):
        train(TrainConfig(**{**SMALL, "epochs": 2, "pretrain_epochs": 1, "init": init}), progress=True, data=data)
        printed = "".join(capsys.readouterr())
        assert ("[  1] the joint phase starts: UMAP + k-means partition 600 latents" in printed) == said, printed
