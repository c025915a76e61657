"""The command line is built from ``TrainConfig``: every field has a flag, and flags override the preset."""
from dataclasses import fields, replace

import pytest

from dkm_lib import PRESETS, TrainConfig
from dkm_lib.cli import FIELD_HELP, build_parser


def _train_parser():
    parser = build_parser()
    return parser, next(a for a in parser._actions if a.dest == "command").choices["train"]


def test_every_config_field_has_a_flag_with_help():
    _, train = _train_parser()
    dests = {a.dest for a in train._actions} - {"help", "preset", "resume"}
    assert dests == {f.name for f in fields(TrainConfig)} == set(FIELD_HELP)


def test_flags_override_the_preset_and_nothing_else(capsys):
    parser, _ = _train_parser()
    args = parser.parse_args(["train", "--preset", "improved", "--lam", "0.2", "--clusters", "12",
                              "--final-relu", "--val-size", "5000", "--assign", "soft", "--out", "runs/x"])
    given = {f.name: getattr(args, f.name) for f in fields(TrainConfig)}
    config = replace(PRESETS["improved"], **{k: v for k, v in given.items() if v is not None})
    assert config == replace(PRESETS["improved"], lam=0.2, n_clusters=12, final_relu=True, val_size=5000,
                             assign="soft", out_dir="runs/x")
    with pytest.raises(SystemExit):
        parser.parse_args(["train", "--init", "random"])
    assert "invalid choice" in capsys.readouterr().err


def test_configs_are_frozen():
    with pytest.raises(AttributeError):
        PRESETS["seed"].lam = 1.0


def test_study_command_prints_the_table_with_all_70k_rows(monkeypatch, capsys):
    from dkm_lib import report, study

    row = {"recipe": "n2d_70k", "protocol": "transductive", "n": 2, "val_acc_mean": None, "acc_mean": 0.95,
           "acc_std": 0.001, "acc_worst": 0.949, "acc_best": 0.951, "nmi_mean": 0.9, "ari_mean": 0.9,
           "wall_s_mean": 600.0, "description": "N2D on all 70k"}
    summary = {"protocol": report.PROTOCOL, "seeds": [0, 1], "rows": [row], "headline": None}
    monkeypatch.setattr(study, "run_study", lambda **kwargs: summary)
    args = build_parser().parse_args(["study", "--recipes", "n2d_70k", "--seeds", "0", "1"])
    args.func(args)
    out = capsys.readouterr().out
    assert "| n2d_70k | 2 | – | 0.950 ± 0.001 |" in out and "Transductive protocol" in out
