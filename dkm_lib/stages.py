"""A recipe trained in two stages, as the study trains it, and the two stages stitched into one run.

The study trains a seed's autoencoder once and starts each joint phase from it (``init_from``), so
the joint phase begins with a new Adam and a new shuffling generator. ``train()`` in one go keeps
both across ``pretrain_epochs``: the same recipe, another path. The shipped improved checkpoint is
a study run, so the book's full profile trains it again this way (``train_in_stages``).
"""
from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path

from .checkpoints import read_checkpoint, save_checkpoint
from .config import HOW_IT_RUNS, TrainConfig, config_from_dict, differences
from .trainer import train

SCHEDULE = {"lam", "t1", "t2"}   # alpha: 0 in every epoch of an autoencoder alone
WATCHED = HOW_IT_RUNS | {"eval_every"}   # how a run ran and was watched, not what it trained (as resuming allows)


def stage_configs(config: TrainConfig) -> tuple[TrainConfig, TrainConfig]:
    """The autoencoder stage and the joint stage of ``config``, in ``out_dir/autoencoder`` and ``out_dir/joint``."""
    if not 0 < config.pretrain_epochs < config.epochs:
        raise ValueError(f"two stages need 0 < pretrain_epochs < epochs, got pretrain_epochs={config.pretrain_epochs} "
                         f"and epochs={config.epochs}; train it in one go with train().")
    if config.init_from:
        raise ValueError("train_in_stages trains the autoencoder itself, its first stage: drop init_from, or train "
                         "the joint phase alone with train().")
    if not config.out_dir:
        raise ValueError("train_in_stages needs out_dir: the folder that holds both stages and the stitched run.")
    out = Path(config.out_dir)
    autoencoder = replace(_autoencoder_alone(config), out_dir=str(out / "autoencoder"))
    joint = replace(config, epochs=config.epochs - config.pretrain_epochs, pretrain_epochs=0,
                    init_from=str(out / "autoencoder" / "model.pt"), out_dir=str(out / "joint"))
    return autoencoder, joint


def _autoencoder_alone(config: TrainConfig) -> TrainConfig:
    return replace(config, epochs=config.pretrain_epochs, fixed_assign_epochs=0, eval_every=0)


def train_in_stages(config: TrainConfig, resume: bool = False) -> Path:
    """Train ``config`` as the study does: the autoencoder alone, then the joint phase started from it.

    A stage finished with the same settings is kept; with ``resume``, an interrupted one continues from its
    ``last.pt``. Writes ``out_dir/model.pt`` (the whole run) and ``out_dir/pretrained.pt`` (the autoencoder).
    """
    finished, trained = [], False   # a stage trained here makes the stages after it stale
    for stage in stage_configs(config):
        blob = None if trained else _finished(stage)
        if blob is None:
            last = Path(stage.out_dir) / "last.pt"
            train(stage, resume=resume and not trained and last.is_file())
            trained, blob = True, read_checkpoint(Path(stage.out_dir) / "model.pt")
        finished.append(blob)
    before, run = stitched_checkpoints(*finished, config)
    out = Path(config.out_dir)
    save_checkpoint(out / "pretrained.pt", before)
    save_checkpoint(out / "model.pt", run)
    return out / "model.pt"


def _finished(stage: TrainConfig) -> dict | None:
    """The checkpoint of ``stage`` if it ran to its end already, with these settings; else None."""
    path = Path(stage.out_dir) / "model.pt"
    if not path.is_file():
        return None
    blob = read_checkpoint(path)
    same = not differences(config_from_dict(blob["config"]), stage, WATCHED)
    return blob if same else None


def stitched_checkpoints(autoencoder: dict, joint: dict, config: TrainConfig) -> tuple[dict, dict]:
    """An autoencoder run and the joint phase started from it as one run of ``config``: its checkpoint before the
    clustering loss, and the finished run's. Refuses stages that together are not ``config``."""
    stitched, history = stitch(autoencoder, joint)
    together = config_from_dict(stitched)
    alone, wanted = config_from_dict(autoencoder["config"]), _autoencoder_alone(config)
    wrong = differences(together, config, WATCHED)
    wrong += [f"the autoencoder's {said}" for said in differences(alone, wanted, HOW_IT_RUNS | SCHEDULE)]
    if wrong:
        raise ValueError("these two stages are not one run of the configuration asked for (" + "; ".join(wrong) + ")")
    config = {**asdict(config), "eval_every": joint["config"]["eval_every"]}   # the epochs its history scored
    metrics = {**joint["metrics"], "selected_epoch": history["selected_epoch"]}
    meta = {**joint["meta"], "wall_s": autoencoder["meta"]["wall_s"] + joint["meta"]["wall_s"]}
    return ({**autoencoder, "config": config, "resume": None},   # the autoencoder's own meta: its time, its commit
            {**joint, "config": config, "history": history, "metrics": metrics, "meta": meta, "resume": None})


def stitch(autoencoder: dict, joint: dict) -> tuple[dict, dict]:
    """One config and history for an autoencoder run followed by a joint phase started from it."""
    first, second = autoencoder["history"], joint["history"]
    offset = len(first["epoch"])
    per_epoch = ("alpha", "loss", "rec", "clust", "cluster_sizes", "reseeded")
    history = {
        "epoch": first["epoch"] + [e + offset for e in second["epoch"]],
        **{k: first[k] + second[k] for k in per_epoch},
        "eval": first["eval"] + [{**e, "epoch": e["epoch"] + offset} for e in second["eval"]],
        "init_eval": second["init_eval"], "selected_epoch": second["selected_epoch"] + offset,
        "wall_s": first["wall_s"] + second["wall_s"], "world_size": second.get("world_size", 1),
    }
    config = {**joint["config"], "epochs": offset + joint["config"]["epochs"],
              "pretrain_epochs": autoencoder["config"]["pretrain_epochs"], "init_from": None, "out_dir": None}
    return config, history
