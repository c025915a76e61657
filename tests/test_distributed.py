"""`torchrun` with two CPU processes (Gloo) trains like one process with the same global batch.

The runs augment their batches: each process moves its half of the batch by the transforms drawn
for the whole batch, so both processes' generators stay in step with the single process's.
"""
import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from dkm_lib import PRESETS, train
from dkm_lib.checkpoints import read_checkpoint

FLAGS = ["--preset", "quick", "--init", "kmeans", "--train-size", "1200", "--pretrain-epochs", "1",
         "--fixed-assign-epochs", "1", "--eval-every", "0", "--device", "cpu", "--seed", "4", "--augment"]
CONFIG = replace(PRESETS["quick"], init="kmeans", train_size=1200, pretrain_epochs=1, fixed_assign_epochs=1,
                 eval_every=0, device="cpu", seed=4, epochs=3, augment=True)


def torchrun(*args, tmp):
    """Runs ``dkm_lib train`` under torchrun; its rendezvous files go to ``tmp``, not the machine's /tmp."""
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
               "-m", "dkm_lib", "train", *FLAGS, *args]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "TMPDIR": str(tmp)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    """Two epochs, stopped, then resumed for the third: resume must hold under torchrun too."""
    out = tmp_path_factory.mktemp("ddp")
    tmp = tmp_path_factory.mktemp("torchrun")
    torchrun("--epochs", "2", "--out", str(out), tmp=tmp)
    pretrained = out / "pretrained.pt"   # written once, after the first epoch: a resumed run does not write it again
    first = pretrained.read_bytes(), pretrained.stat().st_mtime_ns
    stdout = torchrun("--epochs", "3", "--out", str(out), "--resume", tmp=tmp)
    assert (pretrained.read_bytes(), pretrained.stat().st_mtime_ns) == first, "--resume trained the run again"
    return out, stdout


def test_two_processes_match_one_process_with_the_same_global_batch(two_processes):
    out, stdout = two_processes
    assert "trained by 2 processes" in stdout
    saved = json.loads((out / "history.json").read_text())
    _, single = train(replace(CONFIG, out_dir=None), progress=False)
    for key in ("loss", "rec", "clust"):
        assert saved["history"][key] == pytest.approx(single[key], rel=1e-3), key
    assert saved["history"]["cluster_sizes"] == single["cluster_sizes"]
    assert saved["metrics"]["acc"] == pytest.approx(single["metrics"]["acc"], abs=0.01)


def test_the_run_records_its_world_size_and_rank0_wrote_one_checkpoint(two_processes):
    out, _ = two_processes
    assert json.loads((out / "history.json").read_text())["history"]["world_size"] == 2
    blob = read_checkpoint(out / "model.pt")
    assert blob["meta"]["world_size"] == 2
    assert sorted(p.name for p in out.iterdir()) == ["history.json", "last.pt", "model.pt", "pretrained.pt"]
