"""The quick recipe, unchanged from MNIST, on Fashion-MNIST: every seed fixed in advance, and k-means on pixels.

    python benchmarks/fashion.py --seeds 0  # one seed, to see it run (prints; --out FILE also writes a record)
    python benchmarks/fashion.py --record   # seeds 0-9 into the book's record: ~35 s a seed on 2 CPU cores

``--record`` writes ``results/fashion/quick.json``: per seed, the test scores of ``PRESETS["quick"]`` trained on
Fashion-MNIST's first 10,000 training images (nothing tuned for Fashion-MNIST, so no choice looks at any label), and
of k-means (10 restarts) on the raw pixels of the same 10,000 images, each scored on the 10,000 test images, and for the
recipe the counts of test images per (cluster, class). Chapter 8 reads it.
"""
from __future__ import annotations

import argparse
import datetime
import platform
import time
from dataclasses import asdict, replace
from pathlib import Path

import torch

from dkm_lib import PRESETS, DataError, load_fashion_mnist, train
from dkm_lib.devices import device_name, resolve_device
from dkm_lib.metrics import contingency
from dkm_lib.paths import write_json
from dkm_lib.reproduce import kmeans_scores

ROOT = Path(__file__).resolve().parent.parent
SEEDS = list(range(10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=SEEDS)
    parser.add_argument("--out", help="write the record to this JSON file")
    parser.add_argument("--record", action="store_true",
                        help="write the book's record, results/fashion/quick.json (chapter 8 reads it)")
    args = parser.parse_args()
    out = ROOT / "results" / "fashion" / "quick.json" if args.record else args.out
    if args.record and args.out:
        parser.error("--record writes the book's record; --out FILE writes elsewhere: choose one")
    try:
        data = (*load_fashion_mnist(), *load_fashion_mnist(train=False))
    except DataError as error:   # not installed: what to do, without a traceback (make fashion installs it)
        raise SystemExit(f"error: {error}\n`make fashion` installs Fashion-MNIST (Debian's dataset-fashion-mnist).")
    config = PRESETS["quick"]
    runs = []
    for seed in args.seeds:
        tic = time.time()
        model, history = train(replace(config, seed=seed), data=data)
        quick = {k: history["eval"][-1][k] for k in ("acc", "nmi", "ari", "clusters_used")}
        wall = round(time.time() - tic, 1)
        # where each kind of clothes went: counts [cluster, class] of the test images (chapter 8's second table)
        quick["contingency"] = contingency(data[3].numpy(), model.predict(data[2]).cpu().numpy()).tolist()
        pixels = kmeans_scores(data[0][:config.train_size], data[2], data[3], seed)
        runs.append({"seed": seed, "quick": quick, "quick_wall_s": wall, "kmeans_pixels": pixels})
        print(f"seed {seed}: quick ACC {quick['acc']:.3f} ({wall:.0f} s), k-means on pixels ACC {pixels['acc']:.3f}",
              flush=True)
    if out is None:
        return
    write_json(out, {
        "what": __doc__.splitlines()[0], "data": "Fashion-MNIST (dkm_lib.load_fashion_mnist)",
        "train_images": config.train_size, "test_images": len(data[3]), "seeds": args.seeds,
        "config": asdict(config), "device": device_name(resolve_device("auto")), "torch": torch.__version__,
        "machine": platform.processor() or platform.machine(), "date": datetime.date.today().isoformat(),
        "runs": runs})
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
