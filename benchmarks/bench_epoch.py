"""Seconds per training epoch and per test evaluation: blog-style baseline vs dkm_lib, same run.

The baseline is written here in the style of the reference blog post: torchvision's MNIST
dataset with ``ToTensor`` applied per image through a ``DataLoader``, a per-sample Python loop
with ``.item()`` for the nearest-centroid assignment, and ``loss.item()`` after every batch.
Both sides use the same network (``dkm_lib.model.Encoder/Decoder``), batch size and optimiser,
so the ratio measures the pipeline, not the model.

    python benchmarks/bench_epoch.py [--repeats 2] [--threads N] [--device cuda]
                                     [--variants fp32 amp compile graph] [--seeds 10] [--json timings.json]

On a GPU, ``--variants amp compile graph`` adds bfloat16 autocast, ``torch.compile`` of the encoder
and decoder (CUDA graphs), and the whole step replayed from one CUDA graph (``dkm_lib.graphed``);
``--seeds S`` times S seeds trained together as one stacked model against one seed.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch
import torchvision
from scipy.optimize import linear_sum_assignment
from torch import nn
from torchvision import transforms

from dkm_lib import DeepKMeans, evaluate, load_mnist
from dkm_lib.data import fetch_mnist
from dkm_lib.batched import StackedModels, train_epoch_stacked
from dkm_lib.model import Decoder, Encoder
from dkm_lib.devices import cpu_name, device_name, resolve_device
from dkm_lib.epoch import train_epoch
from dkm_lib.graphed import GraphedEpochs
from dkm_lib.paths import write_json


VARIANTS = ["fp32", "amp", "compile", "graph"]


class BlogKmeans(nn.Module):
    """The blog's centroid module: one Python iteration and one ``.item()`` per sample."""

    def __init__(self, num_clusters: int, latent_size: int):
        super().__init__()
        self.num_clusters = num_clusters
        self.centroids = nn.Parameter(torch.rand(num_clusters, latent_size))

    def forward(self, x):
        y_assign = []
        for m in range(x.size(0)):
            h = x[m].expand(self.num_clusters, -1)
            y_assign.append(torch.argmin(torch.sum((h - self.centroids) ** 2, dim=1), dim=0).item())
        return y_assign, self.centroids[y_assign]


def blog_cluster_acc(y_true, y_pred) -> float:
    y_true, y_pred = np.array(y_true), np.array(y_pred)
    d = max(y_pred.max(), y_true.max()) + 1
    w = np.zeros((d, d), dtype=np.int64)
    for i in range(y_pred.size):
        w[y_pred[i], y_true[i]] += 1
    rows, cols = linear_sum_assignment(w.max() - w)
    return w[rows, cols].sum() / y_pred.size


def blog_epoch(encoder, decoder, kmeans, optimizer, loader, alpha: float, device=torch.device("cpu")) -> float:
    mse = nn.MSELoss()
    running = 0.0
    for images, _ in loader:
        images = images.to(device)
        optimizer.zero_grad()
        latent = encoder(images)
        _, centroids = kmeans(latent.detach())
        loss = mse(images, decoder(latent)) + alpha * mse(latent, centroids)
        loss.backward()
        optimizer.step()
        running += loss.item()
    return running / len(loader)


@torch.no_grad()
def blog_evaluation(loader, encoder, kmeans, device=torch.device("cpu")) -> float:
    predictions, actual = [], []
    for images, labels in loader:
        y_pred, _ = kmeans(encoder(images.to(device)))
        predictions += y_pred
        actual += labels.tolist()
    return blog_cluster_acc(actual, predictions)


def best_of(repeats: int, fn, sync=lambda: None) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        sync()
        tic = time.perf_counter()
        result = fn()
        sync()
        times.append(time.perf_counter() - tic)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="best of N timings (default 2)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: PyTorch's choice)")
    parser.add_argument("--device", default="auto", help="auto (CUDA when available), cpu, cuda")
    parser.add_argument("--variants", nargs="*", default=["fp32"], choices=VARIANTS,
                        help="dkm_lib variants to time (amp, compile, graph: CUDA)")
    parser.add_argument("--seeds", type=int, default=0,
                        help="also time one epoch of S seeds stacked (dkm_lib.batched) against one seed")
    parser.add_argument("--json", help="write the timings to this JSON file too")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = resolve_device(args.device)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    root = fetch_mnist().parent.parent
    alpha = 1e-3 / 150
    report = {"torch": str(torch.__version__), "device": device_name(device), "cpu": cpu_name(),
              "threads": torch.get_num_threads(), "repeats": args.repeats, "epoch_s": {}}

    def save() -> None:  # after every measurement, so a stopped run keeps what it measured
        if args.json:
            write_json(args.json, report)   # whole or not at all: gpu_check may stop this run at any moment

    # Blog-style baseline (the blog moves each DataLoader batch to the GPU).
    torch.manual_seed(0)
    encoder, decoder, kmeans = Encoder(10).to(device), Decoder(10).to(device), BlogKmeans(10, 10).to(device)
    optimizer = torch.optim.Adam([*encoder.parameters(), *decoder.parameters(), *kmeans.parameters()], lr=1e-3)
    to_tensor = transforms.ToTensor()
    trainset = torchvision.datasets.MNIST(str(root), train=True, transform=to_tensor)
    testset = torchvision.datasets.MNIST(str(root), train=False, transform=to_tensor)
    trainloader = torch.utils.data.DataLoader(trainset, batch_size=128, shuffle=True)
    testloader = torch.utils.data.DataLoader(testset, batch_size=128, shuffle=True)
    base_epoch, _ = best_of(args.repeats, lambda: blog_epoch(encoder, decoder, kmeans, optimizer, trainloader,
                                                             alpha, device), sync)
    base_eval, base_acc = best_of(args.repeats, lambda: blog_evaluation(testloader, encoder, kmeans, device), sync)
    report["epoch_s"]["blog_style"] = base_epoch
    report["eval_s"] = {"blog_style": base_eval}
    save()

    # dkm_lib: data in memory as one tensor, vectorised assignment, no per-batch host sync.
    train_x, _ = load_mnist(train=True)
    test_x, test_y = load_mnist(train=False)
    train_x = train_x.to(device)
    lib = {}
    for variant in sorted(args.variants, key=VARIANTS.index):  # compile and graph last: slow to start
        torch.manual_seed(0)
        model = DeepKMeans(10, 10).to(device)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        generator = torch.Generator().manual_seed(0)
        graphed = GraphedEpochs(model, optimizer, train_x, 128) if variant == "graph" else None
        if variant == "compile":
            model.encoder.compile(mode="reduce-overhead" if device.type == "cuda" else None)
            model.decoder.compile(mode="reduce-overhead" if device.type == "cuda" else None)

        def lib_epoch():
            if graphed:
                return graphed.epoch(alpha, generator)["loss"].item()
            return train_epoch(model, optimizer, train_x, alpha, 128, generator, amp=variant == "amp")["loss"].item()

        if variant in ("compile", "graph"):  # the first epoch compiles or captures: timed apart
            report[f"{variant}_first_epoch_s"], _ = best_of(1, lib_epoch, sync)

        lib[variant], _ = best_of(args.repeats, lib_epoch, sync)
        report["epoch_s"][f"dkm_lib_{variant}"] = lib[variant]
        if variant == "fp32":
            lib_eval_s, lib_scores = best_of(args.repeats, lambda: evaluate(model, test_x, test_y), sync)
            report["eval_s"]["dkm_lib"] = lib_eval_s
            if args.seeds:
                report["stacked"] = stacked_epochs(args.seeds, train_x, alpha, args.repeats, sync)
        save()

    print(f"torch {torch.__version__}, {report['device']}, {report['cpu']}")
    rows = {f"train epoch (60k, bs 128) {name}": seconds for name, seconds in report["epoch_s"].items()}
    width = max(len(label) for label in [*rows, "test evaluation (10k) dkm_lib"]) + 2   # one column for every row
    print(f"{'':{width}s}{'seconds':>10s}{'vs blog-style':>15s}")
    for label, seconds in rows.items():
        print(f"{label:{width}s}{seconds:9.2f}s{base_epoch / seconds:14.1f}x")
    if "dkm_lib" in report["eval_s"]:
        print(f"{'test evaluation (10k) dkm_lib':{width}s}{report['eval_s']['dkm_lib']:9.2f}s"
              f"{base_eval / report['eval_s']['dkm_lib']:14.1f}x  (blog-style {base_eval:.2f}s)")
        print(f"(sanity: baseline ACC {base_acc:.3f}, dkm_lib ACC {lib_scores['acc']:.3f} after a few epochs; "
              "different weights, so they need not match)")

    if "stacked" in report:
        one, many = report["stacked"]["1"], report["stacked"][str(args.seeds)]
        print(f"stacked seeds (dkm_lib.batched): 1 seed {one:.2f}s/epoch, {args.seeds} seeds {many:.2f}s/epoch "
              f"= {many / one:.2f}x the time for {args.seeds}x the work")
    save()


def stacked_epochs(seeds: int, train_x, alpha: float, repeats: int, sync) -> dict:
    """Seconds per epoch of the stacked trainer with 1 and with ``seeds`` seeds, same run."""
    times = {}
    for count in sorted({1, seeds}):
        models = []
        for seed in range(count):
            torch.manual_seed(seed)
            models.append(DeepKMeans(10, 10).to(train_x.device))
        stack = StackedModels(models)
        optimizer = torch.optim.Adam(stack.params.values(), lr=1e-3)
        generators = [torch.Generator().manual_seed(seed) for seed in range(count)]
        times[str(count)], _ = best_of(repeats, lambda: train_epoch_stacked(
            stack, optimizer, train_x, alpha, 128, generators)["losses"].sum().item(), sync)
    return times


if __name__ == "__main__":
    main()
