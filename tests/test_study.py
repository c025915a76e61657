"""The study's products: shipped checkpoints re-evaluate exactly, result tables agree, sweep and CLI work."""
import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from dkm_lib import evaluate, load_checkpoint
from dataclasses import asdict, replace

from dkm_lib.cli import main
from dkm_lib.config import PRESETS, config_from_dict
from dkm_lib.devices import cpu_name
from dkm_lib.report import load_study
from dkm_lib.reproduce import RECIPES, STUDY_RECIPE, build_tables, load_records, run_baseline
from dkm_lib import read_checkpoint, train
from dkm_lib.splits import SPLIT_SEED, validation_split
from dkm_lib.splits import VAL_SIZE
from dkm_lib.sweep import ramps, sweep
from dkm_lib.tuning import SCORE_SIZE, TUNING, tuning_data

ROOT = Path(__file__).resolve().parents[1]
CHECKPOINTS = sorted((ROOT / "checkpoints").glob("*.json"))


def test_every_recipe_ships_a_checkpoint_with_a_manifest():
    assert {p.stem for p in CHECKPOINTS} >= set(RECIPES)
    assert (ROOT / "checkpoints" / "improved_autoencoder.pt").is_file()


@pytest.mark.parametrize("manifest", CHECKPOINTS, ids=lambda p: p.stem)
def test_shipped_checkpoint_reevaluates_to_the_recorded_numbers(manifest, mnist_test):
    info = json.loads(manifest.read_text())
    path = manifest.with_suffix(".pt")
    assert path.stat().st_size < 1_000_000
    for key in ("recipe", "config", "seed", "metrics", "history", "data_md5", "meta"):
        assert info.get(key) is not None, key
    assert {"git_commit", "wall_s", "device", "torch"} <= set(info["meta"])
    model = load_checkpoint(path)
    scores = evaluate(model, *mnist_test)
    recorded = {k: info["metrics"][k] for k in ("acc", "nmi", "ari", "clusters_used")}
    assert scores == recorded


@pytest.mark.parametrize("manifest", CHECKPOINTS[:1], ids=lambda p: p.stem)
def test_cli_evaluate_prints_the_recorded_numbers(manifest):
    info = json.loads(manifest.read_text())
    out = subprocess.run([sys.executable, "-m", "dkm_lib", "evaluate", str(manifest.with_suffix(".pt")),
                          "--device", "cpu"], capture_output=True, text=True, check=True).stdout
    assert f"test ACC {info['metrics']['acc']:.4f}" in out and f"NMI {info['metrics']['nmi']:.4f}" in out


def test_results_table_holds_three_seeds_per_recipe_and_the_baselines():
    table = json.loads((ROOT / "results" / "mnist.json").read_text())
    summary = {row["recipe"]: row for row in table["summary"]}
    for name in ["seed", "improved", "kmeans_pixels", "pca_kmeans", "ae_kmeans"]:
        assert summary[name]["n"] >= 3, name
    for name, row in summary.items():
        accs = [r["acc"] for r in table["runs"] if r["recipe"] == name]
        assert row["acc_mean"] == pytest.approx(statistics.fmean(accs))
        assert row["acc_best"] == max(accs) and row["acc_worst"] == min(accs)
    for run in table["runs"]:
        assert {"recipe", "seed", "acc", "nmi", "ari", "epochs", "wall_s", "device", "clusters_used",
                "checkpoint"} <= set(run)
        if run["checkpoint"]:
            assert (ROOT / run["checkpoint"]).is_file()
    assert summary["improved"]["acc_mean"] > summary["ae_kmeans"]["acc_mean"] > summary["kmeans_pixels"]["acc_mean"]
    assert (ROOT / "results" / "mnist.md").read_text().startswith("# Deep K-means on MNIST")


def test_records_never_chose_an_epoch_with_labels():
    for record in load_records():
        if record["recipe"] in RECIPES:
            history, config = record["history"], record["config"]
            if config["select"] == "min_loss":
                joint = [i for i, e in enumerate(history["epoch"]) if e >= config["pretrain_epochs"]]
                best = min(joint, key=lambda i: history["loss"][i])
                assert history["selected_epoch"] == history["epoch"][best]
            else:
                assert history["selected_epoch"] == history["epoch"][-1]


def test_tables_are_rebuilt_from_the_records(tmp_path):
    results = tmp_path / "results"
    (results / "runs").mkdir(parents=True)
    for p in (ROOT / "results" / "runs").glob("*.json"):
        (results / "runs" / p.name).write_text(p.read_text())
    table = build_tables(results, tmp_path / "checkpoints")
    shipped = json.loads((ROOT / "results" / "mnist.json").read_text())
    assert table["summary"] == shipped["summary"]


def test_pca_kmeans_baseline_is_deterministic():
    a = run_baseline("pca_kmeans", 0)
    shipped = [r for r in json.loads((ROOT / "results" / "mnist.json").read_text())["runs"]
               if r["recipe"] == "pca_kmeans" and r["seed"] == 0][0]
    assert a["acc"] == shipped["acc"] and a["nmi"] == shipped["nmi"]


def test_tuning_trains_on_training_images_and_scores_on_validation_images():
    """The panel and the sweep choose settings: their scores must come from the held-out validation images."""
    from dkm_lib import load_mnist

    train_x, train_y, val_x, val_y = tuning_data(5000)
    assert len(train_x) == len(train_y) == 5000 and len(val_x) == len(val_y) == SCORE_SIZE == 2000
    (all_x, all_y), (test_x, _) = load_mnist(train=True), load_mnist(train=False)
    keep, held_out = validation_split(VAL_SIZE)

    def rows(images, pool):   # index of each image in pool (MNIST has no duplicate images within a set)
        where = {img.numpy().tobytes(): i for i, img in enumerate(pool)}
        return [where.get(img.numpy().tobytes()) for img in images]

    train_rows, val_rows = rows(train_x, all_x), rows(val_x, all_x)
    assert train_rows == keep[:5000].tolist(), "training: the first 5,000 images left after the split"
    assert val_rows == held_out[:SCORE_SIZE].tolist(), "scoring: the first 2,000 held-out images"
    assert not set(train_rows) & set(val_rows)
    assert torch.equal(val_y, all_y[held_out[:SCORE_SIZE]])
    assert not set(rows(val_x, test_x)) - {None}, "no scored image is a test image"
    with pytest.raises(ValueError, match="score_size must be between 1 and 5000"):
        tuning_data(5000, VAL_SIZE + 1)


def test_sweep_refuses_to_mix_into_a_test_scored_record(tmp_path):
    old = tmp_path / "sweep.json"
    old.write_text(json.dumps({"settings": {"test_size": 2000}, "runs": []}))
    with pytest.raises(ValueError, match="scored on the test images"):
        sweep(lams=(0.01,), ks=(5,), seeds=(0,), out=old, progress=False)


def test_sweep_refuses_a_folder_or_another_file_before_training(tmp_path):
    """Both were found in a review: a folder trained its first run and then lost it (IsADirectoryError), and a file
    of something else failed with a bare "Expecting value: line 1 column 1 (char 0)"."""
    with pytest.raises(ValueError, match="is a folder: name the sweep's record, a JSON file"):
        sweep(lams=(0.01,), ks=(5,), seeds=(0,), out=tmp_path, progress=False)
    for text in ("not json", "[1, 2]", '{"runs": []}'):
        (tmp_path / "other.json").write_text(text)
        with pytest.raises(ValueError, match="other.json is not a sweep's record"):
            sweep(lams=(0.01,), ks=(5,), seeds=(0,), out=tmp_path / "other.json", progress=False)


def test_sweep_and_its_neighbours_say_what_they_cannot_do_before_any_training(tmp_path, monkeypatch):
    """An unwritable record (here: under a file) is refused before the first cell trains (it failed after it, with
    a traceback naming a .part file); one value where a list belongs is refused, not split into characters."""
    from dkm_lib import reproduce, study
    from dkm_lib import sweep as sweep_module

    monkeypatch.setattr(sweep_module, "train", lambda *a, **k: pytest.fail("trained before checking --out"))
    (tmp_path / "a_file").write_text("")
    with pytest.raises(ValueError, match="cannot write the sweep's record .*a_file/sweep.json"):
        sweep(lams=(0.01,), ks=(5,), seeds=(0,), out=tmp_path / "a_file" / "sweep.json", progress=False)
    import numpy as np
    for one in (0.1, np.float64(0.1)):   # NumPy's numbers are not iterable either
        with pytest.raises(ValueError, match=r"lams takes a list, got 0.1: write \[0.1\]"):
            sweep(lams=one, progress=False)
    with pytest.raises(ValueError, match=r"recipes takes a list, got 'distill': write \['distill'\]"):
        study.run_study(recipes="distill", seeds=[0], results_dir=tmp_path, runs_dir=tmp_path)
    with pytest.raises(ValueError, match=r"recipes takes a list, got 'improved'"):
        reproduce.reproduce(recipes="improved", results_dir=tmp_path, runs_dir=tmp_path)


def test_a_later_round_needs_the_run_it_starts_from_not_only_its_record(tmp_path):
    """distill_x2 starts from distill's model: a committed record without its run folder (a fresh clone) says so,
    instead of failing later with "no checkpoint ... Train one"."""
    from dkm_lib import study

    record = study.record_path("distill", 0, tmp_path)
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"wall_s": 1.0}))
    with pytest.raises(ValueError, match="distill seed 0 is recorded .* but its run is not in .*study --out DIR"):
        study.run_autoencoder("distill", 0, tmp_path / "runs", tmp_path)


def test_sweep_refuses_to_mix_runs_from_another_autoencoder(tmp_path):
    old = tmp_path / "sweep.json"
    old.write_text(json.dumps({"settings": {"scored_on": "validation", "autoencoder_sha256": "0" * 64}, "runs": []}))
    with pytest.raises(ValueError, match="started from another autoencoder"):
        sweep(lams=(0.01,), ks=(5,), seeds=(0,), out=old, progress=False)


def test_sweep_refuses_to_mix_runs_made_with_other_settings(tmp_path):
    """A record's runs and new ones must be the same runs (TUNING) scored the same way; the book's records pass."""
    for name in ("sweep_lambda_k.json", "sweep_ramps.json"):
        recorded = json.loads((ROOT / "results" / name).read_text())["settings"]
        assert all(recorded[key] == value for key, value in TUNING.items()), name
    old = tmp_path / "sweep.json"
    old.write_text(json.dumps({"settings": {**TUNING, "scored_on": "validation", "epochs": 6, "score_size": 1000},
                               "runs": []}))
    with pytest.raises(ValueError, match=r"made with other settings \(epochs, score_size changed since\)"):
        sweep(lams=(0.01,), ks=(5,), seeds=(0,), out=old, progress=False)


def test_ramps_refuse_runs_from_another_autoencoder_and_sweep_cells_are_checked_first(tmp_path):
    """ramps() shares the sweep's check of the record it adds to; a bad cell (k = 0) stops the sweep before its
    good cells are trained, not when its turn comes."""
    from dkm_lib.sweep import ramps

    old = tmp_path / "ramps.json"
    old.write_text(json.dumps({"settings": {"scored_on": "validation", "autoencoder_sha256": "0" * 64}, "runs": []}))
    with pytest.raises(ValueError, match="started from another autoencoder"):
        ramps(t2s=(1,), out=old)
    with pytest.raises(ValueError, match="n_clusters"):
        sweep(lams=(0.01,), ks=(5, 0), seeds=(0,), out=tmp_path / "new.json", progress=False)
    assert not (tmp_path / "new.json").exists(), "a cell was trained before the bad one was refused"


def test_the_sweep_started_from_the_shipped_autoencoder():
    """Chapter 07's sweep and ramps are stale when the shipped autoencoder changes: their records name the file they
    started from."""
    import hashlib

    shipped = hashlib.sha256((ROOT / "checkpoints" / "improved_autoencoder.pt").read_bytes()).hexdigest()
    for name in ("sweep_lambda_k.json", "sweep_ramps.json"):
        settings = json.loads((ROOT / "results" / name).read_text())["settings"]
        assert settings["autoencoder_sha256"] == shipped, f"{name}: run `python -m dkm_lib sweep` again (after " \
                                                          "moving the old one away)"


def test_the_readmes_three_improveds_are_what_it_says():
    """The `improved` preset has the study's `distill` settings (autoencoder phase, then the joint phase), the
    earlier runs' `improved` row trained on all 60k, and the shipped checkpoint is `distill` seed 8."""
    from dataclasses import replace

    from dkm_lib import PRESETS, reproduce, study_plan

    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "**Three things called `improved`, none of them the headline.** The `improved` preset has the settings" \
        in readme
    assert "`checkpoints/improved.pt`, the model the chapters load, is the study's `distill` seed 8" in readme
    preset, ae, (_, joint, _) = PRESETS["improved"], study_plan.AUTOENCODERS["ae"], study_plan.JOINT["distill"]
    assert (preset.pretrain_epochs, preset.epochs) == (ae.epochs, ae.epochs + joint.epochs)
    same = ("final_relu", "rec_loss", "init", "val_size", "lam", "t1", "t2", "select", "fixed_assign_epochs")
    assert {f: getattr(preset, f) for f in same} == {f: getattr(joint, f) for f in same}
    earlier = reproduce.RECIPES["improved"]   # all 60,000 training images
    assert (earlier.val_size, earlier.train_size) == (0, None) and preset.val_size == 5000
    assert replace(earlier, val_size=5000, eval_every=5) == preset
    manifest = json.loads((ROOT / "checkpoints" / "improved.json").read_text())
    assert (manifest["study_recipe"], manifest["seed"]) == ("distill", 8)


def test_the_shipped_improved_run_was_chosen_on_validation():
    """checkpoints/improved*.pt: the study's `distill` seed with the best validation ACC, as PRESETS['improved']."""
    manifest = json.loads((ROOT / "checkpoints" / "improved.json").read_text())
    runs = [r for r in load_study() if r["recipe"] == manifest["study_recipe"] == STUDY_RECIPE]
    assert len(runs) == 10
    best = max(runs, key=lambda r: r["val"]["acc"])
    assert manifest["seed"] == best["seed"] and "test set was not consulted" in manifest["shipped_because"]
    assert manifest["metrics"]["acc"] == best["test"]["acc"] and manifest["metrics"]["val"] == best["val"]
    assert config_from_dict(manifest["config"]) == replace(PRESETS["improved"], seed=best["seed"])
    assert read_checkpoint(ROOT / "checkpoints" / "improved.pt")["config"] == manifest["config"]
    history = manifest["history"]
    assert history["epoch"] == list(range(50)) and history["alpha"][39:41] == [0.0, 0.05]
    assert [e["epoch"] for e in history["eval"]] == [40, 45, 49] and {e["split"] for e in history["eval"]} == {"val"}


def test_shipping_a_study_run_stitches_its_two_stages(tmp_path):
    """ship_study_run on two tiny real stages: one checkpoint that predicts as the joint phase does."""
    from dkm_lib import load_mnist
    from dkm_lib.reproduce import ship_study_run
    from dkm_lib.study_plan import JOINT

    preset = replace(PRESETS["improved"], epochs=3, pretrain_epochs=2, fixed_assign_epochs=1, train_size=600,
                     init="kmeans", eval_every=1)
    ae_dir, joint_dir = tmp_path / "study" / "ae" / "seed3", tmp_path / "study" / STUDY_RECIPE / "seed3"
    train(replace(preset, epochs=2, fixed_assign_epochs=0, eval_every=0, seed=3, device="cpu",
                  out_dir=str(ae_dir)), progress=False)
    joint_config = replace(JOINT[STUDY_RECIPE][1], epochs=1, fixed_assign_epochs=1, train_size=600, init="kmeans",
                           eval_every=1, seed=3, device="cpu", init_from=str(ae_dir / "model.pt"),
                           out_dir=str(joint_dir))
    joint, _ = train(joint_config, progress=False)
    record = {"recipe": STUDY_RECIPE, "seed": 3, "val": {"acc": 0.5}, "test": {"acc": 0.5}}
    out = tmp_path / "checkpoints"
    with pytest.raises(ValueError, match="is not the improved recipe's preset with seed 3"):
        ship_study_run([record], out, tmp_path / "study")   # 2 + 1 epochs are not the 40 + 10 of PRESETS
    assert ship_study_run([], out, tmp_path / "study") is None and not out.exists()

    manifest = ship_study_run([record, {**record, "seed": 4, "val": {"acc": 0.4}}], out, tmp_path / "study", preset)
    assert manifest["seed"] == 3 and manifest["config"] == asdict(replace(preset, seed=3))
    shipped = read_checkpoint(out / "improved.pt")
    assert shipped["history"]["epoch"] == [0, 1, 2] and shipped["history"]["alpha"] == [0.0, 0.0, 0.05]
    assert [e["epoch"] for e in shipped["history"]["eval"]] == [2] and shipped["metrics"]["selected_epoch"] == 2
    images = load_mnist(train=False)[0][:500]
    assert torch.equal(load_checkpoint(out / "improved.pt").predict(images), joint.predict(images))
    autoencoder = load_checkpoint(out / "improved_autoencoder.pt")
    assert torch.equal(autoencoder.encode(images), load_checkpoint(ae_dir / "model.pt").encode(images))


def test_sweep_and_ramps_are_incremental_and_equal_direct_runs(tmp_path, monkeypatch):
    """A sweep cell and the ramp record with the sweep's own T2 are both the direct call of chapter 7's panel."""
    monkeypatch.setitem(TUNING, "train_size", 1000)   # 5 epochs on 1,000 images instead of 8 on 5,000: the same
    monkeypatch.setitem(TUNING, "epochs", 5)          # runs, sooner (T2 = 4 still ends the ramp before the last)
    out = tmp_path / "sweep.json"
    table = sweep(lams=(0.01,), ks=(5,), seeds=(0,), out=out, progress=False)
    assert len(table["runs"]) == 1
    ramp = ramps(t2s=(TUNING["t2"],), lam=0.01, k=5, seed=0, out=tmp_path / "ramps.json")["runs"]
    cell = table["runs"][0]
    assert ramp[0]["acc"] == cell["acc"] and ramp[0]["clusters_used"][-1] == cell["clusters_used"]
    assert len(ramp[0]["clusters_used"]) == len(ramp[0]["alpha"]) == TUNING["epochs"]
    assert ramp[0]["alpha"][-1] == 0.01 and ramp[0]["alpha"][0] == 0.01 / TUNING["t2"]   # α ramps up to λ
    again = sweep(lams=(0.01,), ks=(5,), seeds=(0,), out=out, progress=False)
    assert again["runs"] == table["runs"]          # nothing re-run
    assert ramps(t2s=(TUNING["t2"],), lam=0.01, k=5, seed=0, out=tmp_path / "ramps.json")["runs"] == ramp
    assert table["settings"]["scored_on"] == "validation" and table["settings"]["score_size"] == SCORE_SIZE
    assert (table["threads"], table["cpu"]) == (torch.get_num_threads(), cpu_name())   # what moves its digits
    assert {"finished_utc", "git_commit"} <= cell.keys()   # each run says when, and from which commit


def test_cli_quick_training_and_errors(tmp_path, capsys):
    run = [sys.executable, "-m", "dkm_lib", "train", "--preset", "seed", "--epochs", "2", "--t1", "0", "--t2", "1",
           "--train-size", "1000", "--eval-every", "1", "--device", "cpu", "--out", str(tmp_path / "r")]
    out = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert "test ACC" in out and (tmp_path / "r" / "model.pt").is_file()
    evaluated = subprocess.run([sys.executable, "-m", "dkm_lib", "evaluate", str(tmp_path / "r")],
                               capture_output=True, text=True, check=True).stdout
    recorded = read_checkpoint(tmp_path / "r" / "model.pt")["metrics"]
    assert f"test ACC {recorded['acc']:.4f}" in evaluated
    # what `python -m dkm_lib` exits with (its __main__ is sys.exit(main())), checked in this process: no extra
    # process importing torch
    assert main(["train", "--clusters", "0"]) == 2
    assert "n_clusters must be a positive integer" in capsys.readouterr().err
    assert main(["evaluate", str(tmp_path / "nope.pt")]) == 2 and "no checkpoint" in capsys.readouterr().err


def test_sweep_results_cover_the_grid_with_three_seeds():
    table = json.loads((ROOT / "results" / "sweep_lambda_k.json").read_text())
    cells = {}
    for r in table["runs"]:
        cells.setdefault((r["lam"], r["k"]), set()).add(r["seed"])
    assert len({lam for lam, _ in cells}) >= 4 and len({k for _, k in cells}) >= 4
    assert all(len(seeds) >= 3 for seeds in cells.values())
    settings = table["settings"]
    assert settings["train_size"] == 5000 and "test_size" not in settings
    assert (settings["scored_on"], settings["score_size"], settings["val_size"], settings["split_seed"]) == \
        ("validation", 2000, VAL_SIZE, SPLIT_SEED), "the sweep's scores are validation scores"


def test_the_70k_pixel_baseline_fits_and_scores_train_and_test_together(monkeypatch):
    """The papers' protocol: one k-means on all images, scored on all of them (test labels shuffled here, so a
    score of the test images alone would be near chance and one of the training images alone perfect)."""
    import dkm_lib.reproduce as reproduce
    from dkm_lib import cli, data

    g = torch.Generator().manual_seed(0)

    def images(n):   # ten well-separated grey levels, one per label, n images each
        labels = torch.arange(10).repeat_interleave(n)
        noise = 0.001 * torch.rand(10 * n, 1, 4, 4, generator=g)
        return labels.float().view(-1, 1, 1, 1) / 10 + noise, labels

    train_set, (test_x, test_y) = images(50), images(20)
    shuffled = test_y[torch.randperm(len(test_y), generator=g)]
    fake = lambda root=None, train=True: train_set if train else (test_x, shuffled)   # noqa: E731
    monkeypatch.setattr(reproduce, "load_mnist", fake)
    monkeypatch.setattr(data, "load_mnist", fake)   # behind load_all_mnist
    record = run_baseline("kmeans_pixels_70k", 0)
    assert 0.71 < record["acc"] < 0.8, record            # 500 of 700 right for sure, the shuffled 200 by chance
    assert run_baseline("kmeans_pixels", 0)["acc"] < 0.4  # the test images alone
    assert cli.build_parser().parse_args(["reproduce"]).baselines == list(reproduce.BASELINES)


def test_tuning_configs_docstring_gives_the_defaults_it_uses():
    from dkm_lib.tuning import tuning_config

    doc = " ".join(tuning_config.__doc__.split())
    t = TUNING
    assert (f"λ {t['lam']}, k {t['n_clusters']}, T1 {t['t1']}, T2 {t['t2']}, {t['epochs']} epochs on "
            f"{t['train_size']:,} images, seed {t['seed']}") in doc, doc
    config = tuning_config()
    assert (config.init, config.select) == ("kmeans", "last") and "k-means centroids, the last epoch" in doc


def test_a_reused_run_keeps_the_stamp_of_its_own_checkpoint(tmp_path, monkeypatch):
    """``reproduce`` rebuilds the record of a run whose model.pt exists without retraining it: the record must say when,
    from which code and where (device, torch) that run was trained, not when and where it was recorded. Its folder
    spelled another way is the same run; other settings are named; --batched reuses it too."""
    from dkm_lib import batched, reproduce
    from dkm_lib.checkpoints import CHECKPOINT_FORMAT, STAMP_KEYS, save_checkpoint
    from dkm_lib.epoch import log_epoch, new_history
    from dkm_lib.model import DeepKMeans

    out = tmp_path / "seed" / "seed0"
    config = replace(RECIPES["seed"], seed=0, device="cpu", out_dir=str(out))
    history = new_history()
    log_epoch(history, 0, 0.0, [0.1, 0.1, 0.0], [10] * 10, [])
    history.update(selected_epoch=0, wall_s=5.0)
    metrics = {"acc": 0.5, "nmi": 0.4, "ari": 0.3, "clusters_used": 10, "selected_epoch": 0}
    stamp = {"finished_utc": "2026-11-01T00:00:00+00:00", "git_commit": "a" * 40, "library_edited": False}
    blob = {"format": CHECKPOINT_FORMAT, "config": {**asdict(config), "out_dir": "moved/seed/seed0"},
            "history": history, "model": DeepKMeans().state_dict(), "data_md5": None, "metrics": metrics,
            "meta": {"wall_s": 5.0, "device": "NVIDIA H200", "torch": "2.9.0+cu128", **stamp}, "resume": None}
    save_checkpoint(out / "model.pt", blob)
    record = reproduce.run_recipe("seed", 0, "cpu", tmp_path)
    assert {key: record[key] for key in STAMP_KEYS} == stamp and record["acc"] == 0.5
    assert (record["device"], record["device_name"], record["torch"], record["cpu"], record["threads"]) == (
        "cuda", "NVIDIA H200", "2.9.0+cu128", None, None)
    trained = []

    def train_seeds(config, seeds, out_root, progress, jobs):
        trained.append(list(seeds))
        return [(None, {**history, "metrics": metrics}) for _ in seeds]
    monkeypatch.setattr(batched, "train_seeds", train_seeds)
    records = reproduce.run_recipe_batched("seed", [0, 1], "cpu", tmp_path)
    assert trained == [[1]] and [r["seed"] for r in records] == [0, 1]   # seed 0 reused, not trained again
    assert records[0]["git_commit"] == "a" * 40
    save_checkpoint(out / "model.pt", {**blob, "config": {**blob["config"], "lam": 0.5}})
    with pytest.raises(ValueError, match=rf"other settings \(lam: 0.5, not {RECIPES['seed'].lam!r}\): move it away"):
        reproduce.run_recipe("seed", 0, "cpu", tmp_path)


def test_a_retry_autoencoder_reuses_its_plain_twin_and_a_stopped_copy_is_no_run(monkeypatch, tmp_path):
    """ae_mse_retry's seed that learned without a retry is ae_mse's run: copied, model.pt last and whole, so a copy
    stopped half-way leaves no model.pt that says the run is finished."""
    import shutil

    from dkm_lib import study, study_plan

    plain = study_plan.AUTOENCODERS["ae_mse"]
    monkeypatch.setattr(study_plan, "AUTOENCODERS", {"ae_mse": plain,
                                                     "ae_mse_retry": replace(plain, retry_flat_start=8)})
    twin = tmp_path / "ae_mse" / "seed0"
    twin.mkdir(parents=True)
    shutil.copy(ROOT / "checkpoints" / "improved_autoencoder.pt", twin / "model.pt")
    (twin / "history.json").write_text(json.dumps({"history": {"rec": [0.12, 0.04]}}))

    copyfile = shutil.copyfile

    def stop(src, dst, *args, **kwargs):   # Ctrl-C while model.pt is copied
        if str(src).endswith("model.pt"):
            raise KeyboardInterrupt
        return copyfile(src, dst, *args, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(shutil, "copyfile", stop)
        with pytest.raises(KeyboardInterrupt):
            study.run_autoencoder("ae_mse_retry", 0, tmp_path)
    target = tmp_path / "ae_mse_retry" / "seed0"
    assert (target / "history.json").is_file() and not (target / "model.pt").exists()
    path, seconds = study.run_autoencoder("ae_mse_retry", 0, tmp_path)
    assert path == target / "model.pt" and path.read_bytes() == (twin / "model.pt").read_bytes()
    assert seconds == read_checkpoint(twin / "model.pt")["meta"]["wall_s"]


def test_a_seed_or_cell_named_twice_runs_once(monkeypatch, tmp_path):
    """`--seeds 0 0` (or a λ given twice) must not train a cell twice: the sweep would record it twice, and the study
    or reproduce with --jobs 2 would train two processes into one run folder."""
    from dkm_lib import sweep

    trained = []

    def fake_train(config, progress=False, data=None):
        trained.append((config.lam, config.n_clusters, config.seed))
        return None, {"metrics": {"acc": 0.5, "nmi": 0.5, "ari": 0.5, "clusters_used": config.n_clusters}}
    monkeypatch.setattr(sweep, "train", fake_train)
    monkeypatch.setattr(sweep, "tuning_data", lambda size: None)
    table = sweep.sweep(lams=(0.1, 0.1), ks=(5,), seeds=(0, 0), out=tmp_path / "sweep.json", progress=False)
    assert trained == [(0.1, 5, 0)] and len(table["runs"]) == 1
    from dkm_lib import reproduce, study

    jobs = []
    monkeypatch.setattr(reproduce, "_job", lambda args: jobs.append(args[:3]) or {})
    monkeypatch.setattr(reproduce, "_save_record", lambda folder, record: None)
    monkeypatch.setattr(reproduce, "build_tables", lambda *args: {})
    reproduce.reproduce(recipes=["seed", "seed"], seeds=[3, 3], baselines=["kmeans_pixels"] * 2, device="cpu",
                        results_dir=tmp_path, runs_dir=tmp_path / "runs")
    assert jobs == [("recipe", "seed", 3), ("baseline", "kmeans_pixels", 3)]
    # a missing GPU is said before any job, and only when a run is left to train (else the tables just rebuild)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    jobs.clear()
    with pytest.raises(ValueError, match="CUDA"):
        reproduce.reproduce(recipes=["seed"], seeds=[3], baselines=[], device="cuda", results_dir=tmp_path,
                            runs_dir=tmp_path / "runs")
    assert jobs == []
    (tmp_path / "runs").mkdir(exist_ok=True)
    (tmp_path / "runs" / "seed-seed3.json").write_text("{}")   # recorded: nothing to train
    reproduce.reproduce(recipes=["seed"], seeds=[3], baselines=[], device="cuda", results_dir=tmp_path,
                        runs_dir=tmp_path / "runs")
    tasks = []
    monkeypatch.setattr(study, "_run_seed", lambda todo, seed, *args: tasks.append((list(todo), seed)))
    with pytest.raises(ValueError):   # nothing was recorded (the runs were not made)
        study.run_study(["ae_kmeans", "ae_kmeans"], [0, 0], jobs=1, results_dir=tmp_path, runs_dir=tmp_path / "r")
    assert tasks == [(["ae_kmeans"], 0)] * 2   # one task per round, two rounds, the recipe in it once


def test_the_study_says_which_stage_each_run_is_in(monkeypatch, tmp_path, capsys):
    """A seed's stages take minutes each and print nothing else (the new-user review waited in silence)."""
    import shutil

    from dkm_lib import study, study_plan

    def fake_train(config, **kwargs):   # the shipped autoencoder, as if trained
        Path(config.out_dir).mkdir(parents=True)
        shutil.copy(ROOT / "checkpoints" / "improved_autoencoder.pt", Path(config.out_dir) / "model.pt")

    monkeypatch.setattr(study, "train", fake_train)
    study.run_autoencoder("ae_mse", 0, tmp_path)
    epochs = study_plan.AUTOENCODERS["ae_mse"].epochs
    assert capsys.readouterr().out == f"ae_mse-seed0: training the autoencoder ({epochs} epochs)\n"
    study.run_autoencoder("ae_mse", 0, tmp_path)   # trained already: nothing to say
    assert capsys.readouterr().out == ""
