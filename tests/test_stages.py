"""A recipe trained in two stages is the study's run; train() in one go is not (Adam and shuffling go on)."""
from dataclasses import asdict, replace

import pytest
import torch

from dkm_lib import PRESETS, load_checkpoint, read_checkpoint, study, train
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


def test_a_finished_stage_is_kept_and_bad_requests_are_refused(tmp_path, monkeypatch):
    config = replace(CONFIG, out_dir=str(tmp_path))
    train_in_stages(config)
    monkeypatch.setattr("dkm_lib.stages.train", lambda *a, **k: pytest.fail("a finished stage was trained again"))
    train_in_stages(config)   # both stages exist: only stitched again
    with pytest.raises(ValueError, match="0 < pretrain_epochs < epochs"):
        train_in_stages(replace(config, pretrain_epochs=0))
    with pytest.raises(ValueError, match="needs out_dir"):
        train_in_stages(replace(config, out_dir=None))
