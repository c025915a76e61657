"""The validation protocol and the study's pieces: the split, soft assignment, stages that share work."""
import hashlib
import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
import torch

from dkm_lib import TrainConfig, train
from dkm_lib import checkpoints, report, study, study_plan
from dkm_lib.loss import beta_schedule, soft_clust_loss
from dkm_lib.model import pairwise_sq_dist
from dkm_lib.splits import validation_split

SMALL = dict(epochs=6, pretrain_epochs=4, init="kmeans++", final_relu=False, rec_loss="bce", lam=0.05, t1=0, t2=1,
             select="last", eval_every=1, seed=0, device="cpu")


def test_validation_split_is_fixed_disjoint_and_label_free():
    keep, held_out = validation_split(5000)
    again_keep, again_held_out = validation_split(5000)
    assert torch.equal(keep, again_keep) and torch.equal(held_out, again_held_out)
    assert len(held_out) == 5000 and len(keep) == 55000
    assert torch.equal(torch.cat([keep, held_out]).sort().values, torch.arange(60000))
    # The same permutation on every machine: records made elsewhere used exactly these images.
    assert held_out[:5].tolist() == [16, 17, 18, 58, 59] and int(held_out.sum()) == 149_323_857
    with pytest.raises(ValueError, match="val_size must be between 1 and 59999"):
        validation_split(60000)


def test_soft_assignment_goes_from_every_centroid_to_the_nearest():
    torch.manual_seed(0)
    z, centroids = torch.randn(64, 10), torch.randn(5, 10, requires_grad=True)
    d2 = pairwise_sq_dist(z, centroids.detach()) / 10
    hard = d2.min(1).values.mean()
    assert soft_clust_loss(z, centroids, beta=1e4).item() == pytest.approx(hard.item(), rel=1e-5)
    assert soft_clust_loss(z, centroids, beta=1e-6).item() == pytest.approx(d2.mean().item(), rel=1e-4)
    soft_clust_loss(z, centroids, beta=1.0).backward()
    assert (centroids.grad.abs().sum(1) > 0).all()     # every centroid pulls, not only the winners
    assert beta_schedule(0, 10, 0.1, 10.0) == pytest.approx(0.1)
    assert beta_schedule(9, 10, 0.1, 10.0) == pytest.approx(10.0)
    assert beta_schedule(0, 1, 0.1, 10.0) == 10.0


def test_validation_run_scores_validation_during_training_and_test_once(quick_data):
    config = TrainConfig(**SMALL, val_size=1000, assign="soft")
    model, history = train(config, progress=False, data=quick_data)
    assert {e["split"] for e in history["eval"]} == {"val"}
    assert [e["epoch"] for e in history["eval"]] == [4, 5]
    metrics = history["metrics"]
    assert metrics["val"] == {k: v for k, v in history["eval"][-1].items() if k not in ("epoch", "split")}
    assert 0 < metrics["acc"] <= 1 and metrics["acc"] != metrics["val"]["acc"]   # two different image sets
    assert sum(history["cluster_sizes"][0]) == 2000          # 3,000 images minus the 1,000 held out
    with pytest.raises(ValueError, match="assign='soft' needs fixed_assign_epochs=0"):
        TrainConfig(**{**SMALL, "fixed_assign_epochs": 2}, assign="soft").validate()


def test_autoencoder_only_run_and_a_given_partition(quick_data, tmp_path):
    ae = TrainConfig(**{**SMALL, "epochs": 3, "pretrain_epochs": 3}, val_size=1000, out_dir=str(tmp_path / "ae"))
    _, history = train(ae, progress=False, data=quick_data)
    assert history["metrics"] is None and history["eval"] == [] and (tmp_path / "ae" / "model.pt").is_file()
    centroids, labels = torch.randn(10, 10), torch.arange(2000) % 10
    joint = replace(ae, epochs=1, pretrain_epochs=0, fixed_assign_epochs=1, init="umap", out_dir=None,
                    init_from=str(tmp_path / "ae" / "model.pt"))
    _, history = train(joint, progress=False, data=quick_data, partition=(centroids, labels))
    assert history["cluster_sizes"][0] == [200] * 10          # the given partition, not a UMAP of its own
    assert set(history["init_eval"]) == {"umap"}
    with pytest.raises(ValueError, match="one label per training image"):
        train(joint, progress=False, data=quick_data, partition=(centroids, labels[:10]))
    for bad, said in ((labels + 1, "from 1 to 10"), (labels - 2, "from -2 to 7")):
        with pytest.raises(ValueError, match=f"partition's labels run {said}: each must be a part, 0 to 9, or -1"):
            train(joint, progress=False, data=quick_data, partition=(centroids, bad))
    with pytest.raises(ValueError, match="init_from loads the same weights at every start"):
        replace(joint, rec_loss="mse", pretrain_epochs=2, epochs=3, retry_flat_start=1).validate()


def test_study_stages_share_the_autoencoder_and_write_every_record(monkeypatch, tmp_path, small_data):
    # 6,000 training images (1,000 held out, 1,000 trained on) and 2,000 test images: UMAP maps 3,000
    # new points instead of MNIST's 15,000
    monkeypatch.setattr(study, "_data", lambda name: small_data)
    tiny = dict(train_size=1000, epochs=2, val_size=1000)
    ae = replace(study_plan.AUTOENCODERS["ae"], pretrain_epochs=2, **tiny)
    monkeypatch.setattr(study_plan, "AUTOENCODERS", {"ae": ae})
    monkeypatch.setattr(study_plan, "JOINT", {
        "distill": ("ae", replace(study_plan.JOINT["distill"][1], fixed_assign_epochs=2, eval_every=1, **tiny),
                    (0,)),
        "dkm_hard": ("ae", replace(study_plan.JOINT["dkm_hard"][1], eval_every=1, **tiny), (0,)),
        "distill_agree9": ("ae", replace(study_plan.JOINT["distill"][1], min_agreement=0.9, fixed_assign_epochs=2,
                                         eval_every=1, **tiny), (0,))})
    monkeypatch.setattr(study_plan, "SEEDS", (0,))
    monkeypatch.setattr(study_plan, "DEV_SEEDS", (0,))
    monkeypatch.setattr(study_plan, "CANDIDATES", ("distill", "dkm_hard"))
    results, runs = tmp_path / "results", tmp_path / "runs"
    started = datetime.now(timezone.utc).replace(microsecond=0)
    summary = study.run_study(recipes=["ae_kmeans", "ae_umap_means", "n2d", "distill", "dkm_hard", "distill_agree9"],
                              seeds=(0,), jobs=1, results_dir=results, runs_dir=runs)
    names = sorted(p.stem for p in (results / "study").glob("*.json"))
    assert names == ["ae_kmeans-seed0", "ae_umap_means-seed0", "distill-seed0", "distill_agree9-seed0",
                     "dkm_hard-seed0", "n2d-seed0"]
    distill = json.loads((results / "study" / "distill-seed0.json").read_text())
    assert set(distill["parts_s"]) == {"ae", "umap", "joint"} and distill["config"]["init_from"].endswith("model.pt")
    assert not distill["config"]["out_dir"].startswith("/") or str(tmp_path) in distill["config"]["out_dir"]
    partition = torch.load(runs / "ae" / "seed0" / "partition.pt", weights_only=True)
    assert distill["history"]["cluster_sizes"][0] == torch.bincount(partition["labels"], minlength=10).tolist()
    refined = torch.load(runs / "ae" / "seed0" / "partition-umap_gmm.pt", weights_only=True)   # init="umap_gmm"
    assert len(refined["labels"]) == len(partition["labels"]) and refined["labels"].unique().numel() == 10
    assert refined["seconds"] > partition["seconds"] and refined["centroids"].shape == partition["centroids"].shape
    # min_agreement: only the points with at least 9 of their 10 nearest latents in their part are pulled
    agreement = partition["agreement"]
    assert agreement.shape == partition["labels"].shape and 0 <= agreement.min() < 0.9 and agreement.max() == 1
    thinned = json.loads((results / "study" / "distill_agree9-seed0.json").read_text())["history"]["cluster_sizes"][0]
    sure = agreement >= 0.9
    assert thinned == torch.bincount(partition["labels"][sure], minlength=10).tolist() and 0 < sum(thinned) < len(sure)
    for name in names:
        record = json.loads((results / "study" / f"{name}.json").read_text())
        assert 0 < record["val"]["acc"] <= 1 and 0 < record["test"]["acc"] <= 1
        # when and from which commit: what later says which runs came after which choice
        assert started <= datetime.fromisoformat(record["finished_utc"]) <= datetime.now(timezone.utc)
        assert record["git_commit"] == checkpoints._git_commit() and len(record["git_commit"] or "") == 40
        assert record["library_edited"] in (True, False)
    rows = {r["recipe"]: r for r in summary["rows"]}
    best = max(("distill", "dkm_hard"), key=lambda n: rows[n]["val_acc_dev_seeds"])
    assert summary["headline"]["recipe"] == best   # the rule ran on these records (its ranking: the test above)
    assert len(list(runs.glob("ae/seed0/model.pt"))) == 1            # one autoencoder for all five rows
    mtime = (results / "study" / "n2d-seed0.json").stat().st_mtime
    study.run_study(recipes=["n2d", "distill"], seeds=(0,), jobs=1, results_dir=results, runs_dir=runs)
    assert (results / "study" / "n2d-seed0.json").stat().st_mtime == mtime    # recorded runs are not redone
    # a partition belongs to its autoencoder: after model.pt is trained again, it is fitted again, not reused
    ae_file = runs / "ae" / "seed0" / "model.pt"
    assert partition["autoencoder_sha256"] == hashlib.sha256(ae_file.read_bytes()).hexdigest()
    assert study.run_embed("ae", 0, runs, results)["autoencoder_sha256"] == partition["autoencoder_sha256"]
    blob = checkpoints.read_checkpoint(ae_file)
    checkpoints.save_checkpoint(ae_file, {**blob, "model": {k: v * 1.01 for k, v in blob["model"].items()}})
    again = study.run_embed("ae", 0, runs, results)
    assert again["autoencoder_sha256"] == hashlib.sha256(ae_file.read_bytes()).hexdigest()


def test_the_chosen_candidate_runs_every_seed_and_a_named_seed_it_cannot_run_is_an_error(monkeypatch, tmp_path):
    """How the README reproduces the headline: `study --recipes HEADLINE --out DIR` runs its development seeds,
    the rule (the only candidate there) chooses it, and then its other seeds run. (The runs are stand-ins that
    write a record: what is tested is which runs the study asks for.)"""
    monkeypatch.setattr(study_plan, "SEEDS", (0, 1, 2))
    monkeypatch.setattr(study_plan, "DEV_SEEDS", (0,))
    monkeypatch.setattr(study_plan, "JOINT", {"distill": ("ae", study_plan.JOINT["distill"][1], (0,))})   # a candidate
    asked = []

    def stand_in(names, seed, runs, results, threads):
        for name in names:
            asked.append((name, seed))
            scores = {"acc": 0.9 + seed / 100, "nmi": 0.8, "ari": 0.8, "clusters_used": 10}
            record = {"recipe": name, "seed": seed, "val": scores, "test": scores, "wall_s": 1.0, "config": {}}
            path = study_plan.record_path(name, seed, Path(results))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(record))
    monkeypatch.setattr(study, "_run_seed", stand_in)
    summary = study.run_study(recipes=["distill"], jobs=1, results_dir=tmp_path / "all", runs_dir=tmp_path / "runs")
    assert asked == [("distill", 0), ("distill", 1), ("distill", 2)]   # seed 0 first, then the chosen one's others
    assert summary["headline"]["recipe"] == "distill" and summary["rows"][0]["n"] == 3
    asked.clear()
    with pytest.raises(ValueError, match=r"not run: seeds \[1\] of distill \(it is planned for seeds \[0\], and its"):
        study.run_study(recipes=["distill"], seeds=[1], jobs=1, results_dir=tmp_path / "one", runs_dir=tmp_path / "r")
    assert asked == []


def test_transductive_rows_train_and_score_on_the_same_images(monkeypatch, tmp_path):
    from dkm_lib.data import load_mnist

    images, labels = load_mnist(train=False)
    images, labels = images[:1500], labels[:1500]
    monkeypatch.setattr(study, "_data", lambda name: (images, labels, images, labels)
                        if study_plan.protocol(name) == "transductive" else None)
    monkeypatch.setattr(study_plan, "AUTOENCODERS", {"ae_70k": replace(study_plan.AUTOENCODERS["ae_70k"], epochs=2,
                                                                 pretrain_epochs=2)})
    monkeypatch.setattr(study_plan, "JOINT", {"dkm_hard_70k": ("ae_70k", replace(study_plan.JOINT["dkm_hard_70k"][1],
                                                                            epochs=2), (0,))})
    results, runs = tmp_path / "results", tmp_path / "runs"
    summary = study.run_study(recipes=["ae_kmeans_70k", "n2d_70k", "dkm_hard_70k"], seeds=(0,), jobs=1,
                              results_dir=results, runs_dir=runs)
    records = {p.stem: json.loads(p.read_text()) for p in (results / "study").glob("*.json")}
    assert sorted(records) == ["ae_kmeans_70k-seed0", "dkm_hard_70k-seed0", "n2d_70k-seed0"]
    for record in records.values():
        assert record["val"] is None and record["protocol"] == study_plan.PROTOCOLS["transductive"]
        assert record["config"]["val_size"] == 0 and 0 < record["test"]["acc"] <= 1
    hard = records["dkm_hard_70k-seed0"]
    assert sum(hard["history"]["cluster_sizes"][0]) == 1500              # trained on the scored images
    assert summary["headline"] is None                                   # nothing is chosen on these rows
    assert {r["protocol"] for r in summary["rows"]} == {"transductive"}
    from dkm_lib import report
    assert "Transductive protocol" in report.markdown(summary) and "| – |" in report.markdown(summary)


def test_records_hold_no_paths_of_the_machine_that_made_them():
    from dkm_lib import paths

    files = [*paths.RESULTS.rglob("*.json"), *paths.CHECKPOINTS.glob("*.json")]
    assert len(files) > 10
    for path in files:
        text = path.read_text()
        for prefix in ('"/work/', '"/home/', '"/tmp/', '"/root/', '"/Users/', str(paths.REPO_ROOT)):
            assert prefix not in text, f"{path} holds an absolute path ({prefix}...)"


def test_tables_and_readme_say_what_the_study_records_say():
    from dkm_lib import paths, report

    table = json.loads((paths.RESULTS / "mnist.json").read_text())
    fresh = report.summarise(report.load_study())
    assert table["study"]["rows"] == json.loads(json.dumps(fresh["rows"])), "run `python -m dkm_lib reproduce`"
    assert table["study"]["headline"] == fresh["headline"]
    readme = (paths.REPO_ROOT / "README.md").read_text()
    block = readme.split(report.README_START)[1].split(report.README_END)[0].strip()
    assert block == report.readme_table(table).strip(), "run `python -m dkm_lib reproduce` to refresh the README"
    for record in report.load_study():   # every study run was scored on validation (all-70k: none) and test
        assert set(record["test"]) >= {"acc", "nmi", "ari"}
        assert (record["val"] is None) == (study_plan.protocol(record["recipe"]) == "transductive")
        assert record["val"] is None or set(record["val"]) >= {"acc", "nmi", "ari"}
        every_seed = (*study_plan.TWO_STAGE, *study_plan.TWO_STAGE_70K, (fresh["headline"] or {}).get("recipe"),
                      (fresh["augmented_headline"] or {}).get("recipe"))
        assert record["seed"] in (study_plan.SEEDS if record["recipe"] in every_seed
                                  else study_plan.JOINT[record["recipe"]][2])


def test_augmented_rows_are_reported_apart_and_never_chosen():
    """DEC-DA's augmentation is a separate row: no candidate augments, and the tables label it."""
    from dkm_lib import report

    augmented = [name for name, (_, config, _) in study_plan.JOINT.items() if config.augment]
    assert augmented == list(study_plan.AUGMENTED_CANDIDATES) and not set(augmented) & set(study_plan.CANDIDATES)
    base = {"seed": 0, "val": {"acc": 0.9}, "test": {"acc": 0.9, "nmi": 0.8, "ari": 0.8, "clusters_used": 10},
            "wall_s": 1.0}
    records = [{**base, "recipe": name, "config": {"augment": name in augmented}}
               for name in ("distill", augmented[0])]
    rows = {line.split(" |")[0] for line in report.markdown(report.summarise(records)).splitlines()}
    assert {"| distill", f"| {augmented[0]} (augmented: compare with augmented results only)"} <= rows


def test_the_headline_is_the_best_on_validation_when_test_ranks_the_candidates_the_other_way():
    """Two candidates whose validation and test rankings disagree: the rule picks the validation winner, and a seed
    outside the development seeds does not count (the rule reads seeds 0-2 only)."""
    from dkm_lib import report

    def run(name, seed, val, test):
        return {"recipe": name, "seed": seed, "val": {"acc": val}, "wall_s": 1.0, "config": {},
                "test": {"acc": test, "nmi": test, "ari": test, "clusters_used": 10}}
    dev = list(study_plan.DEV_SEEDS)
    records = ([run("distill", s, 0.90, 0.97) for s in dev] + [run("dkm_hard", s, 0.91, 0.85) for s in dev]
               + [run("distill", 9, 0.99, 0.99)])   # not a development seed: leaves the rule unchanged
    summary = report.summarise(records)
    assert summary["headline"]["recipe"] == "dkm_hard"
    assert summary["headline"]["val_acc_dev_seeds"] == {"distill": 0.9, "dkm_hard": 0.91}


def test_a_retrying_autoencoder_reuses_the_plain_run_only_when_no_retry_would_fire(tmp_path):
    folder = tmp_path / "ae_mse" / "seed0"
    folder.mkdir(parents=True)
    (folder / "model.pt").write_bytes(b"")
    for rec, reused in (([0.078, 0.033], folder), ([0.134, 0.127], None)):   # learning; flat (seed 0 of ae_mse)
        (folder / "history.json").write_text(json.dumps({"history": {"rec": rec}}))
        assert study._same_run_without_retries("ae_mse_retry", 0, tmp_path) == reused
    assert study._same_run_without_retries("ae_mse_retry", 1, tmp_path) is None   # no run of that seed
    assert study._same_run_without_retries("ae_mse", 0, tmp_path) is None         # a plain one never retries


def test_paired_difference_pairs_by_seed_and_gives_the_t_interval():
    from scipy import stats

    from dkm_lib import report

    def run(name, seed, acc):
        return {"recipe": name, "seed": seed, "test": {"acc": acc}}
    a = [0.95, 0.97, 0.96, 0.99, 0.90]          # seed 4 only in a: it has no pair and must be left out
    b = [0.94, 0.95, 0.97, 0.96]
    records = [run("a", s, acc) for s, acc in enumerate(a)] + [run("b", s, acc) for s, acc in enumerate(b)]
    d = report.paired_difference(records, "a", "b")
    assert d["seeds"] == [0, 1, 2, 3] and d["higher"] == 3
    assert d["mean"] == pytest.approx((0.01 + 0.02 - 0.01 + 0.03) / 4)
    interval = stats.ttest_rel(a[:4], b[:4]).confidence_interval(0.95)   # scipy's own paired t-test
    assert (d["low"], d["high"]) == (pytest.approx(interval.low), pytest.approx(interval.high))
    assert report.paired_difference(records, "b", "a")["mean"] == pytest.approx(-d["mean"])
    with pytest.raises(ValueError, match="share 1 seed"):
        report.paired_difference(records[:1] + records[5:6], "a", "b")
    # unpaired (two sets of seeds): Welch's interval, as scipy's own Welch test gives it
    w = report.welch_difference(a, b)
    assert w["mean"] == pytest.approx(sum(a) / 5 - sum(b) / 4)
    welch = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert (w["low"], w["high"]) == (pytest.approx(welch.low), pytest.approx(welch.high))


def test_the_headline_rule_replayed_round_by_round_picks_what_it_picked_at_the_time():
    """Chapter 8's table of rounds: the rule with only the first candidates, then as each late round joined, picks
    the four headlines the chapter names, in order; adding candidates can only raise the pick's validation score."""
    from dkm_lib.study_plan import CANDIDATES, LATE_CANDIDATES

    records = report.load_study()
    rounds = report.headline_rounds(records)
    mse = "distill_mse_retry_lam0.2"
    assert [r["pick"] for r in rounds] == ["distill_lam0.2", mse, mse + "_gmm", mse + "_gmm_agree7"]
    assert rounds[-1]["pick"] == report.summarise(records)["headline"]["recipe"]
    assert rounds[0]["joined"] == [c for c in CANDIDATES if c not in LATE_CANDIDATES]
    assert [r["joined"] for r in rounds[1:]] == [[c for c in LATE_CANDIDATES if LATE_CANDIDATES[c] == r["when"]]
                                                 for r in rounds[1:]]
    scores = [r["val_acc_dev_seeds"] for r in rounds]
    assert scores == sorted(scores)


def test_the_confirmation_runs_the_declared_recipes_on_fresh_seeds_and_pairs_each_step(monkeypatch, tmp_path, capsys):
    """`study --confirm`: the headline and the rule's two picks before it, on seeds the study never ran, each seed's
    three runs in one task (one autoencoder); its summary pairs the steps seed by seed. The stand-in runs write the
    study's own records of seeds 0-9 as seeds 10-19 (what is tested is what runs and how it is summarised)."""
    from dkm_lib import confirm
    from dkm_lib.cli import main

    records = report.load_study()
    assert not set(confirm.SEEDS) & set(study_plan.SEEDS)   # no choice has seen these seeds
    picks = [r["pick"] for r in report.headline_rounds(records)]
    assert list(confirm.RECIPES) == picks[::-1][:3]   # the headline, then the picks of the two rounds before it
    assert {study_plan.JOINT[name][0] for name in confirm.RECIPES} == {"ae_mse_retry"}
    old = {(r["recipe"], r["seed"]): r for r in records}
    asked = []

    def stand_in(names, seed, runs, results, threads):
        asked.append((seed, names))
        for name in names:
            path = study_plan.record_path(name, seed, Path(results))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({**old[(name, seed - 10)], "seed": seed, "threads": 1, "history": None}))
    monkeypatch.setattr(study, "_run_seed", stand_in)
    main(["study", "--confirm", "--jobs", "1", "--out", str(tmp_path)])
    assert asked == [(seed, list(confirm.RECIPES)) for seed in confirm.SEEDS]
    out = capsys.readouterr().out
    assert f"over seeds {list(confirm.SEEDS)}" in out and "higher on" in out and str(tmp_path / "study") in out
    found = confirm.confirmation(tmp_path)
    for name in confirm.RECIPES:
        accs = [old[(name, seed)]["test"]["acc"] for seed in study_plan.SEEDS]
        assert found["rows"][name]["acc_mean"] == pytest.approx(sum(accs) / 10)
        assert found["rows"][name]["interval"]["mean"] == found["rows"][name]["acc_mean"]
        assert found["rows"][name]["study"]["mean"] == pytest.approx(sum(accs) / 10)   # the same runs, seeds 0-9
        assert found["rows"][name]["change"]["mean"] == pytest.approx(0, abs=1e-12)
    for step, (a, b) in zip(found["steps"], zip(confirm.RECIPES, confirm.RECIPES[1:])):
        expected = report.paired_difference(records, a, b)   # the same pairs, seeds 0-9
        assert (step["a"], step["b"], step["seeds"]) == (a, b, list(confirm.SEEDS))
        assert (step["mean"], step["higher"]) == (pytest.approx(expected["mean"]), expected["higher"])
    asked.clear()
    confirm.run_confirmation(jobs=1, results_dir=tmp_path, runs_dir=tmp_path / "runs")
    assert asked == []   # recorded runs are not run again
    assert main(["study", "--confirm", "--seeds", "3"]) == 2   # an error: line, as for every other wrong flag
    assert "leave out --recipes and --seeds" in capsys.readouterr().err


def test_the_second_check_trains_the_headlines_study_seeds_again_and_pairs_them_with_their_records(
        monkeypatch, tmp_path, capsys):
    """`study --confirm --again`: the headline alone on seeds 0-9, each beside its record in the study. The stand-in
    runs copy the study's records, seed 4 one test image higher and with another start: one pair differs."""
    from dkm_lib import confirm
    from dkm_lib.cli import main

    name = confirm.RECIPES[0]
    old = {r["seed"]: r for r in report.load_study() if r["recipe"] == name}
    assert sorted(old) == list(confirm.RERUN_SEEDS)   # the study has every seed the check runs again
    asked = []

    def stand_in(names, seed, runs, results, threads):
        asked.append((seed, names))
        record = {**old[seed], "cpu": "Stand-in CPU", "history": None}
        if seed == 4:
            record["test"] = {**record["test"], "acc": record["test"]["acc"] + 0.0001}
            record["autoencoder_first_rec"] = [0.5, 0.5]
        path = study_plan.record_path(name, seed, Path(results))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record))
    monkeypatch.setattr(study, "_run_seed", stand_in)
    main(["study", "--confirm", "--again", "--jobs", "1", "--out", str(tmp_path)])
    assert asked == [(seed, [name]) for seed in confirm.RERUN_SEEDS]
    out = capsys.readouterr().out
    assert "seed 4: test ACC" in out and "(+0.0001)" in out and "the same on 9 of 10 seeds (on Stand-in CPU)" in out
    found = confirm.rerun(tmp_path)
    assert (found["same"], found["same_start"], found["cpu"]) == (9, 9, ["Stand-in CPU"])
    assert found["difference"]["mean"] == pytest.approx(0.0001 / 10)
    assert found["recorded"] == [old[seed]["test"]["acc"] for seed in confirm.RERUN_SEEDS]
    fresh = [r["test"]["acc"] for r in report.load_study(confirm.RESULTS) if r["recipe"] == name]
    assert found["fresh"] == report.welch_difference(fresh, found["again"])   # both sets from one machine
    asked.clear()
    confirm.run_confirmation(jobs=1, results_dir=tmp_path, runs_dir=tmp_path / "runs", again=True)
    assert asked == []   # recorded runs are not run again
    assert main(["study", "--again"]) == 2
    assert "use it with --confirm" in capsys.readouterr().err
