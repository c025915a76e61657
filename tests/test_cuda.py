"""What only a CUDA device can check: training on the GPU, bfloat16 autocast, compile, CUDA graphs, stacked seeds.

Skipped without a GPU; `benchmarks/gpu_check.sh` runs this file on one.
"""
from dataclasses import replace

import pytest
import torch

from dkm_lib import TrainConfig, evaluate, load_checkpoint, train
from dkm_lib.batched import train_seeds
from dkm_lib.model import DeepKMeans

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

SHORT = TrainConfig(epochs=6, pretrain_epochs=4, init="kmeans", final_relu=False, rec_loss="bce", lam=0.05,
                    t1=0, t2=1, fixed_assign_epochs=2, select="last", eval_every=0, device="cuda")


@pytest.fixture(scope="module")
def cpu_run(small_data):
    return train(replace(SHORT, device="cpu"), progress=False, data=small_data)[1]


@pytest.mark.parametrize("changes", [{}, {"amp": True}, {"compile": True}, {"cuda_graph": True}],
                         ids=["fp32", "amp", "compile", "graph"])
def test_gpu_run_learns_like_the_cpu_run_and_loads_on_cpu(small_data, cpu_run, tmp_path, changes):
    config = replace(SHORT, out_dir=str(tmp_path), **changes)
    model, history = train(config, progress=False, data=small_data)
    assert history["rec"][3] < history["rec"][0] * 0.8
    # Same seed, other kernels: the numbers drift, the outcome must not (0.34-0.35 measured on an H200,
    # all three variants, for this 6-epoch run; the CPU gives a similar value).
    assert history["metrics"]["acc"] == pytest.approx(cpu_run["metrics"]["acc"], abs=0.05)
    assert history["rec"][-1] == pytest.approx(cpu_run["rec"][-1], rel=0.05)
    on_cpu = load_checkpoint(tmp_path / "model.pt")
    _, _, test_x, test_y = small_data
    scores = evaluate(on_cpu, test_x, test_y)
    assert scores["acc"] == pytest.approx(history["metrics"]["acc"], abs=0.01)


def test_cuda_graph_replays_the_eager_gpu_run(small_data, graphed_epochs_built):
    _, graphed = train(replace(SHORT, cuda_graph=True), progress=False, data=small_data)
    _, eager = train(SHORT, progress=False, data=small_data)
    # 6000 images = 46 batches of 128 + one of 112; nearest centroid (autoencoder epochs), then the partition.
    assert len(graphed_epochs_built) == 1 and graphed_epochs_built[0].capture
    steps = graphed_epochs_built[0].steps
    assert {key[1] for key in steps} == {128, 112} and len(steps) == 4
    # Adam's bias corrections are computed on the device when captured, in Python otherwise: rounding apart.
    assert graphed["loss"] == pytest.approx(eager["loss"], rel=1e-3)
    assert graphed["metrics"]["acc"] == pytest.approx(eager["metrics"]["acc"], abs=0.01)


def test_gpu_stacked_seeds_match_single_gpu_runs(small_data):
    data = tuple(t[:3000] for t in small_data[:2]) + small_data[2:]
    results = train_seeds(SHORT, [0, 1], data=data, progress=False)
    for seed, (_, history) in zip((0, 1), results):
        _, single = train(replace(SHORT, seed=seed), progress=False, data=data)
        assert history["loss"][:4] == pytest.approx(single["loss"][:4], rel=1e-3)
        assert history["metrics"]["acc"] == pytest.approx(single["metrics"]["acc"], abs=0.02)


@pytest.mark.parametrize("changes", [{"augment": True, "min_agreement": 0.9},
                                     {"rec_loss": "mse", "lr": 1e-7, "retry_flat_start": 1}],
                         ids=["augment+agreement", "fresh starts"])
def test_gpu_stacked_seeds_honour_the_settings_of_a_single_gpu_run(small_data, changes):
    """Augmentation's S×B transforms (from pinned memory) with a thinned partition, and fresh starts spliced into
    the batch's optimizer state on the device (lr 1e-7: no start halves its loss, so every seed starts again once).
    (Soft assignment is left to the CPU tests: in so short a run two threads already part its clusters.)"""
    data = tuple(t[:3000] for t in small_data[:2]) + small_data[2:]
    config = replace(SHORT, **changes)
    results = train_seeds(config, [0, 1], data=data, progress=False)
    for seed, (_, history) in zip((0, 1), results):
        _, single = train(replace(config, seed=seed), progress=False, data=data)
        assert history.get("retries") == single.get("retries")
        assert history["loss"][:4] == pytest.approx(single["loss"][:4], rel=1e-3)
        assert history["metrics"]["acc"] == pytest.approx(single["metrics"]["acc"], abs=0.02)


def test_gpu_stacked_seeds_run_bce_under_amp(small_data):
    """The loss stays outside autocast, as in train_step: CUDA's BCE refuses bfloat16 autocast."""
    data = tuple(t[:3000] for t in small_data[:2]) + small_data[2:]
    results = train_seeds(replace(SHORT, amp=True, rec_loss="bce"), [0, 1], data=data, progress=False)
    assert all(history["rec"][-1] < history["rec"][0] for _, history in results)


def test_a_compiled_encoder_encodes_many_batches_as_the_eager_one(small_data):
    """encode() keeps each batch's latents although reduce-overhead's CUDA graph reuses its output memory."""
    model, _ = train(replace(SHORT, compile=True, epochs=5, pretrain_epochs=4), progress=False, data=small_data)
    # compiled indeed (nn.Module.compile keeps its compiled forward here): else the comparison below is eager vs eager
    assert model.encoder._compiled_call_impl is not None and model.decoder._compiled_call_impl is not None
    images = small_data[0][:5000]
    eager = DeepKMeans(model.latent_size, model.n_clusters, model.final_relu).cuda()
    eager.load_state_dict(model.state_dict())   # compiled in place: the same parameter names
    assert torch.allclose(model.encode(images, batch_size=1000), eager.encode(images, batch_size=1000),
                          rtol=1e-4, atol=1e-3)


def test_amp_runs_the_network_in_bfloat16_on_the_gpu(small_data, monkeypatch):
    """--amp is autocast on CUDA too, from the config down to each step: the encoder's latents come out in bfloat16
    (float32 without it). An fp32 run would pass the learning test above as well."""
    from dkm_lib import epoch

    real, seen = epoch.train_step, []

    def spy(model, *args, **kwargs):   # every training step: the dtype of the latents the network makes
        hook = model.encoder.register_forward_hook(lambda module, inputs, z: seen.append(z.dtype))
        try:
            return real(model, *args, **kwargs)
        finally:
            hook.remove()

    monkeypatch.setattr(epoch, "train_step", spy)
    data = tuple(t[:1000] for t in small_data[:2]) + small_data[2:]
    for amp, dtype in ((True, torch.bfloat16), (False, torch.float32)):
        seen.clear()
        train(replace(SHORT, amp=amp, epochs=2, pretrain_epochs=1), progress=False, data=data)
        assert seen and set(seen) == {dtype}, (amp, set(seen))


def test_gpu_augmented_run_learns(small_data):
    """Augmentation's transforms reach the GPU from pinned memory (no wait per batch)."""
    _, history = train(replace(SHORT, augment=True), progress=False, data=small_data)
    assert history["rec"][3] < history["rec"][0] * 0.8


def test_cuda_is_refused_cleanly_when_asked_for_a_missing_index():
    with pytest.raises(ValueError, match="numbered from 0"):
        train(replace(SHORT, device=f"cuda:{torch.cuda.device_count()}"), progress=False)
