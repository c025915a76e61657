"""Seconds per training epoch and per test evaluation: blog-style baseline vs dkm_lib, same run.

The baseline is written here in the style of the reference blog post: torchvision's MNIST
dataset with ``ToTensor`` applied per image through a ``DataLoader``, a per-sample Python loop
with ``.item()`` for the nearest-centroid assignment, and ``loss.item()`` after every batch.
Both sides use the same network (``dkm_lib.model.Encoder/Decoder``), batch size and optimiser,
so the ratio measures the pipeline, not the model.

    python benchmarks/bench_epoch.py [--repeats 2] [--threads N]
"""
from __future__ import annotations

import argparse
import platform
import time

import numpy as np
import torch
import torchvision
from scipy.optimize import linear_sum_assignment
from torch import nn
from torchvision import transforms

from dkm_lib import DeepKMeans, evaluate, load_mnist
from dkm_lib.data import fetch_mnist
from dkm_lib.model import Decoder, Encoder
from dkm_lib.train import train_epoch


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


def blog_epoch(encoder, decoder, kmeans, optimizer, loader, alpha: float) -> float:
    mse = nn.MSELoss()
    running = 0.0
    for images, _ in loader:
        optimizer.zero_grad()
        latent = encoder(images)
        _, centroids = kmeans(latent.detach())
        loss = mse(images, decoder(latent)) + alpha * mse(latent, centroids)
        loss.backward()
        optimizer.step()
        running += loss.item()
    return running / len(loader)


@torch.no_grad()
def blog_evaluation(loader, encoder, kmeans) -> float:
    predictions, actual = [], []
    for images, labels in loader:
        y_pred, _ = kmeans(encoder(images))
        predictions += y_pred
        actual += labels.tolist()
    return blog_cluster_acc(actual, predictions)


def best_of(repeats: int, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        tic = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - tic)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="best of N timings (default 2)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: PyTorch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    root = fetch_mnist().parent.parent
    alpha = 1e-3 / 150

    # Blog-style baseline.
    torch.manual_seed(0)
    encoder, decoder, kmeans = Encoder(10), Decoder(10), BlogKmeans(10, 10)
    optimizer = torch.optim.Adam([*encoder.parameters(), *decoder.parameters(), *kmeans.parameters()], lr=1e-3)
    to_tensor = transforms.ToTensor()
    trainset = torchvision.datasets.MNIST(str(root), train=True, transform=to_tensor)
    testset = torchvision.datasets.MNIST(str(root), train=False, transform=to_tensor)
    trainloader = torch.utils.data.DataLoader(trainset, batch_size=128, shuffle=True)
    testloader = torch.utils.data.DataLoader(testset, batch_size=128, shuffle=True)
    base_epoch, _ = best_of(args.repeats, lambda: blog_epoch(encoder, decoder, kmeans, optimizer, trainloader, alpha))
    base_eval, base_acc = best_of(args.repeats, lambda: blog_evaluation(testloader, encoder, kmeans))

    # dkm_lib: data in memory as one tensor, vectorised assignment, no per-batch host sync.
    torch.manual_seed(0)
    model = DeepKMeans(10, 10)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    train_x, _ = load_mnist(train=True)
    test_x, test_y = load_mnist(train=False)

    def lib_epoch():
        return train_epoch(model, optimizer, train_x, alpha, 128, generator)["loss"].item()

    lib_epoch_s, _ = best_of(args.repeats, lib_epoch)
    lib_eval_s, lib_scores = best_of(args.repeats, lambda: evaluate(model, test_x, test_y))

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {platform.processor() or platform.machine()}")
    print(f"{'':28s}{'blog-style':>12s}{'dkm_lib':>10s}{'speed-up':>10s}")
    print(f"{'train epoch (60k, bs 128)':28s}{base_epoch:11.2f}s{lib_epoch_s:9.2f}s{base_epoch / lib_epoch_s:9.1f}x")
    print(f"{'test evaluation (10k)':28s}{base_eval:11.2f}s{lib_eval_s:9.2f}s{base_eval / lib_eval_s:9.1f}x")
    print(f"(sanity: baseline ACC {base_acc:.3f}, dkm_lib ACC {lib_scores['acc']:.3f} after one epoch; "
          "different weights, so they need not match)")


if __name__ == "__main__":
    main()
