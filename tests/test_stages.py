"""A recipe trained in two stages is the study's run; train() in one go is not (Adam and shuffling go on)."""
from dataclasses import asdict, replace

import pytest
import torch

from dkm_lib import PRESETS, load_checkpoint, read_checkpoint, stages, study, train
from dkm_lib import study_plan as plan
from dkm_lib.reproduce import STUDY_RECIPE
from dkm_lib.schedule import epoch_plan
from dkm_lib.stages import stage_configs, train_in_stages

SMALL = dict(train_size=600, init="kmeans")   # UMAP's partition takes the same path (checked by hand: 36 s)
CONFIG = replace(PRESETS["improved"], epochs=4, pretrain_epochs=2, fixed_assign_epochs=1, seed=3, device="cpu", **SMALL)


def _same(a, b) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def test_the_improved_presets_stages_are_the_studys_runs():
    """The joint stage is the study's `distill` config; the autoencoder stage differs only where alpha is 0."""
    autoencoder, joint = stage_configs(replace(PRESETS["improved"], seed=8, device="cpu", out_dir="runs/x"))
    ae_name, joint_config, _ = plan.JOINT[STUDY_RECIPE]
    assert joint == replace(joint_config, seed=8, device="cpu", out_dir=joint.out_dir, init_from=joint.init_from)
    study_ae = asdict(replace(plan.AUTOENCODERS[ae_name], seed=8, device="cpu", out_dir=autoencoder.out_dir))
    differs = {key for key, value in asdict(autoencoder).items() if study_ae[key] != value}
    assert differs <= {"lam", "t1", "t2"}, differs
    assert all(epoch_plan(autoencoder, e).alpha == 0 for e in range(autoencoder.epochs))


def test_two_stages_train_what_the_study_trains_and_one_go_does_not(tmp_path, monkeypatch):
    ae_name, joint_config, seeds = plan.JOINT[STUDY_RECIPE]
    monkeypatch.setitem(plan.AUTOENCODERS, ae_name, replace(plan.AUTOENCODERS[ae_name], epochs=2, pretrain_epochs=2,
                                                            **SMALL))
    monkeypatch.setitem(plan.JOINT, STUDY_RECIPE, (ae_name, replace(joint_config, epochs=2, fixed_assign_epochs=1,
                                                                    **SMALL), seeds))
    study.run_joint(STUDY_RECIPE, 3, tmp_path / "study", tmp_path / "results")
    studied = load_checkpoint(tmp_path / "study" / STUDY_RECIPE / "seed3" / "model.pt")

    path = train_in_stages(replace(CONFIG, out_dir=str(tmp_path / "book")))
    assert _same(load_checkpoint(path), studied)
    run = read_checkpoint(path)
    assert run["config"] == asdict(replace(CONFIG, out_dir=str(tmp_path / "book")))
    assert run["history"]["epoch"] == [0, 1, 2, 3] and run["history"]["alpha"][:2] == [0.0, 0.0]
    before = load_checkpoint(tmp_path / "book" / "pretrained.pt")
    assert _same(before, load_checkpoint(tmp_path / "study" / ae_name / "seed3" / "model.pt"))

    one_go, _ = train(CONFIG, progress=False)
    assert not _same(one_go, studied)   # the same recipe, another path: Adam's moments go on past epoch 2


def test_a_finished_stage_is_kept_a_stale_one_is_not_and_bad_requests_are_refused(tmp_path, monkeypatch):
    config = replace(CONFIG, out_dir=str(tmp_path))
    train_in_stages(config)
    seed3_autoencoder = read_checkpoint(tmp_path / "autoencoder" / "model.pt")
    trained = []
    monkeypatch.setattr(stages, "train", lambda stage, **kw: (trained.append(stage.seed), train(stage, **kw))[1])
    train_in_stages(config)   # both stages exist: only stitched again
    assert trained == []
    path = train_in_stages(replace(config, eval_every=1))   # how it was watched is not what it trained: kept,
    assert trained == [] and read_checkpoint(path)["config"]["eval_every"] == config.eval_every != 1   # as scored
    before = read_checkpoint(tmp_path / "pretrained.pt")["meta"]
    assert before == seed3_autoencoder["meta"] != read_checkpoint(path)["meta"]   # its own time and commit
    train_in_stages(replace(config, seed=4))   # another seed: neither stage is this run's
    assert trained == [4, 4]
    joint = read_checkpoint(tmp_path / "joint" / "model.pt")
    with pytest.raises(ValueError, match=r"\(the autoencoder's seed: 3, not 4\)"):
        stages.stitched_checkpoints(seed3_autoencoder, joint, replace(config, seed=4))
    with pytest.raises(ValueError, match="0 < pretrain_epochs < epochs"):
        train_in_stages(replace(config, pretrain_epochs=0))
    with pytest.raises(ValueError, match="drop init_from"):
        train_in_stages(replace(config, init_from=str(tmp_path / "autoencoder" / "model.pt")))
    with pytest.raises(ValueError, match="needs out_dir"):
        train_in_stages(replace(config, out_dir=None))


def test_an_interrupted_stage_goes_on_from_its_last_checkpoint(tmp_path, monkeypatch):
    whole = train_in_stages(replace(CONFIG, out_dir=str(tmp_path / "whole")))
    resumed = []
    monkeypatch.setattr(stages, "train", lambda stage, **kw: (resumed.append(kw["resume"]), train(stage, **kw))[1])
    config = replace(CONFIG, out_dir=str(tmp_path / "stopped"))

    def stop(epoch, history):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        train(stage_configs(config)[0], progress=False, on_epoch=stop)   # the autoencoder stops after epoch 0
    assert (tmp_path / "stopped" / "autoencoder" / "last.pt").is_file()
    assert _same(load_checkpoint(train_in_stages(config, resume=True)), load_checkpoint(whole))
    assert resumed == [True, False]   # the autoencoder went on from epoch 1; the joint phase had not begun
