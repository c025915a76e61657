"""dkm_lib.graphed on the CPU: the steps a CUDA graph replays, run eagerly, are train_epoch's steps.

The capture itself needs a GPU (tests/test_cuda.py); here: same numbers, bit for bit, in every
assignment mode; warm-up steps leave no trace; the trainer's switch; checkpoints of graphed runs.
"""
from dataclasses import replace

import pytest
import torch

from dkm_lib import TrainConfig, train
from dkm_lib import trainer as train_module
from dkm_lib.batched import train_seeds
from dkm_lib.checkpoints import read_checkpoint, save_checkpoint
from dkm_lib.devices import check_run
from dkm_lib.epoch import train_epoch
from dkm_lib.graphed import GraphedEpochs
from dkm_lib.model import DeepKMeans

SHORT = TrainConfig(epochs=4, pretrain_epochs=2, init="kmeans", final_relu=False, rec_loss="bce", lam=0.05, t1=0,
                    t2=1, fixed_assign_epochs=1, select="last", eval_every=0, device="cpu")


@pytest.fixture(scope="module")
def eager(quick_data):
    """SHORT trained the usual way: what every graphed variant of the run must reproduce."""
    return train(SHORT, progress=False, data=quick_data)[1]


def fresh():
    torch.manual_seed(0)
    model = DeepKMeans(10, 10)
    return model, torch.optim.Adam(model.parameters(), lr=1e-3)


def test_graphed_steps_are_train_epochs_steps_in_every_mode(quick_data):
    images = quick_data[0][:1000]   # 1000 = 7 batches of 128 + one of 104: two step shapes
    targets = torch.randint(-1, 10, (1000,), generator=torch.Generator().manual_seed(1))
    plan = [(0.0, None, None), (0.05, targets, None), (0.05, targets.clamp(min=0), None), (0.05, None, None),
            (0.05, None, 3.0)]   # nearest centroid; some points unpulled; all pulled; nearest again; soft
    model, optimizer = fresh()
    generator = torch.Generator().manual_seed(0)
    expected = [train_epoch(model, optimizer, images, alpha, 128, generator, rec_loss="bce", targets=t, beta=beta)
                for alpha, t, beta in plan]
    graphed_model, graphed_optimizer = fresh()
    graphed = GraphedEpochs(graphed_model, graphed_optimizer, images, 128, "bce")
    generator = torch.Generator().manual_seed(0)
    for (alpha, t, beta), want in zip(plan, expected):
        got = graphed.epoch(alpha, generator, t, beta)
        for key in ("loss", "rec", "clust", "counts"):
            assert torch.equal(got[key], want[key]), (alpha, beta, key)
    assert set(graphed.steps) == {(mode, n) for mode in [(False, False, False), (True, True, False),
                                                         (True, False, False), (False, False, True)]
                                  for n in (128, 104)}
    for mine, theirs in zip(graphed_model.parameters(), model.parameters()):
        assert torch.equal(mine, theirs)


def test_warm_up_steps_before_a_capture_leave_no_trace(quick_data):
    images = quick_data[0][:512]
    model, optimizer = fresh()
    generator = torch.Generator().manual_seed(0)
    expected = [train_epoch(model, optimizer, images, 0.0, 128, generator) for _ in range(2)]
    for epochs_before in (0, 1):   # a fresh Adam (its state is born in the warm-up), and one with state to put back
        graphed_model, graphed_optimizer = fresh()
        graphed = GraphedEpochs(graphed_model, graphed_optimizer, images, 128)
        generator = torch.Generator().manual_seed(0)
        for _ in range(epochs_before):
            graphed.epoch(0.0, generator)
        before = [p.clone() for p in graphed_model.parameters()]
        sums, counts = graphed.sums.clone(), graphed.counts.clone()   # mid-epoch, a capture must keep these
        undo = graphed.checkpoint()
        _, step = graphed.step((False, False, False), 128)
        for _ in range(3):
            step()
        assert not torch.equal(before[-1], list(graphed_model.parameters())[-1])   # the warm-up did train
        undo()
        assert torch.equal(graphed.sums, sums) and torch.equal(graphed.counts, counts)
        got = graphed.epoch(0.0, generator)
        want = expected[epochs_before]
        assert torch.equal(got["loss"], want["loss"]) and torch.equal(got["counts"], want["counts"])


def test_the_trainer_switches_to_graphed_epochs_with_the_same_result(quick_data, eager, monkeypatch,
                                                                     graphed_epochs_built):
    # On a CPU nothing is captured: the same steps run eagerly, so the whole run must match exactly.
    monkeypatch.setattr(train_module, "check_run", lambda config: config.validate() or torch.device("cpu"))
    _, graphed = train(replace(SHORT, cuda_graph=True), progress=False, data=quick_data)
    assert len(graphed_epochs_built) == 1 and not graphed_epochs_built[0].capture
    assert graphed["loss"] == eager["loss"] and graphed["cluster_sizes"] == eager["cluster_sizes"]
    assert graphed["metrics"] == eager["metrics"]


def test_a_graphed_runs_checkpoint_resumes_without_graphs(quick_data, eager, tmp_path):
    train(replace(SHORT, epochs=3, out_dir=str(tmp_path)), progress=False, data=quick_data)
    blob = read_checkpoint(tmp_path / "last.pt")
    blob["config"]["cuda_graph"] = True   # as a GPU run with graphs saves it: Adam's steps kept on the device
    for group in blob["resume"]["optimizer"]["param_groups"]:
        group["capturable"] = True
    save_checkpoint(tmp_path / "last.pt", blob)
    _, resumed = train(replace(SHORT, out_dir=str(tmp_path)), resume=True, progress=False, data=quick_data)
    assert resumed["loss"] == eager["loss"] and resumed["metrics"] == eager["metrics"]


def test_cuda_graph_is_refused_where_it_cannot_work(quick_data):
    with pytest.raises(ValueError, match="needs a CUDA device"):
        check_run(replace(SHORT, cuda_graph=True))
    for other in ({"amp": True}, {"compile": True}, {"augment": True}):
        with pytest.raises(ValueError, match="cuda_graph captures the plain float32 step"):
            replace(SHORT, cuda_graph=True, **other).validate()
    with pytest.raises(ValueError, match="cuda_graph and compile are not supported by the batched trainer"):
        train_seeds(replace(SHORT, cuda_graph=True), [0, 1], data=quick_data, progress=False)
    model = DeepKMeans()
    with pytest.raises(ValueError, match="needs an optimizer that can step inside a CUDA graph"):
        GraphedEpochs(model, torch.optim.SGD(model.parameters(), lr=0.1), quick_data[0][:10], 128)
