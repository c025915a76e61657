"""What the joint phase does with the UMAP partition, measured on the shipped improved run (`distill`, seed 8).

    python benchmarks/partition.py [--record]   # UMAP on 55,000 latents takes most of the time (wall_s, recorded)

The study's partition is fitted again from the shipped autoencoder (`checkpoints/improved_autoencoder.pt`) exactly
as the study fits it (UMAP, then k-means in the embedding, seed 8, on the 55,000 training images outside the
validation split). The validation ACC of its part means must be within 0.002 of the study's record (UMAP's float
arithmetic differs a little between machines): the same partition up to a few images. Then, on those training
images: how often the part means' nearest-centroid rule and the distilled model's agree with the partition, under
the best matching of their clusters (label-free), and, for diagnosis only, the ACC of the partition itself and of
both rules (the labels score; they choose nothing). Prints them; ``--record`` also writes the book's
``results/partition/improved-seed8.json``, which chapter 8 reads.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import torch

from dkm_lib import book, load_checkpoint, load_mnist, read_checkpoint
from dkm_lib.checkpoints import checkpoint_model
from dkm_lib.devices import cpu_name
from dkm_lib.cluster import initial_partition, nearest_centroid
from dkm_lib.metrics import cluster_acc
from dkm_lib.paths import write_json
from dkm_lib.splits import VAL_SIZE, validation_split

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--record", action="store_true",
                        help="also write results/partition/improved-seed8.json, the record chapter 8 reads")
    args = parser.parse_args()
    tic = time.perf_counter()
    autoencoder = load_checkpoint(book.checkpoint_path("improved_autoencoder"))
    shipped = read_checkpoint(book.checkpoint_path("improved"))   # read once: the model and its seed
    distilled, seed = checkpoint_model(shipped, book.checkpoint_path("improved")), shipped["config"]["seed"]
    images, labels = load_mnist(train=True)
    train_idx, val_idx = validation_split(VAL_SIZE)
    with torch.no_grad():
        z_train = autoencoder.encode(images[train_idx]).double()
        z_val = autoencoder.encode(images[val_idx]).double()
        part_means, partition = initial_partition(z_train, 10, "umap", seed)
        after = distilled.predict(images[train_idx]).numpy()
    partition = partition.numpy()
    before = nearest_centroid(z_train, part_means)
    y_train, y_val = labels[train_idx].numpy(), labels[val_idx].numpy()
    record = json.loads((ROOT / "results" / "study" / f"ae_umap_means-seed{seed}.json").read_text())
    val_acc = cluster_acc(y_val, nearest_centroid(z_val, part_means))
    # fitted again on another machine, UMAP's float arithmetic differs a little: the same partition up to a few images
    if abs(val_acc - record["val"]["acc"]) > 0.002:
        raise SystemExit(f"not the study's partition: part means give validation ACC {val_acc:.4f}, "
                         f"the record {record['val']['acc']:.4f}")
    result = {
        "recipe": "distill", "seed": seed, "images": "the 55,000 training images outside the validation split",
        "part_means_val_acc": val_acc, "part_means_val_acc_in_the_study": record["val"]["acc"],
        # a partition fitted again may number its parts differently: agreement under the best matching
        "agreement_with_partition": {"part_means": cluster_acc(partition, before),
                                     "distilled": cluster_acc(partition, after)},
        "train_acc (diagnosis only)": {"partition": cluster_acc(y_train, partition),
                                       "part_means": cluster_acc(y_train, before),
                                       "distilled": cluster_acc(y_train, after)},
        # how long this script ran, start to end, and where (a reader's wait for `python benchmarks/partition.py`)
        "wall_s": round(time.perf_counter() - tic, 1), "cpu": cpu_name(), "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
    }
    print(json.dumps(result, indent=1))
    if args.record:
        write_json(ROOT / "results" / "partition" / f"improved-seed{seed}.json", result)
        print(f"wrote results/partition/improved-seed{seed}.json")


if __name__ == "__main__":
    main()
