"""Time one seed of the study's headline recipe end to end, as a reader would run it on this machine.

The study's own records are made with one thread per run while other runs share the cores, so their
``wall_s`` overstates what a quiet machine needs. This runs the same stages (autoencoder, UMAP
partition, joint phase) for one seed in a throwaway folder with ``--threads`` threads and prints (with
``--record``, also writes the book's ``results/cpu/headline-seed<k>-<date>.json``, which the README's timing table
reads): seconds per stage, the load average around the run
(a quiet machine shows < 0.5 before it) and the scores, next to the study record of the same seed.

    python benchmarks/time_headline.py --seed 3 --threads 2 [--record]

Any seed times the same work; seed 3 is the one recorded (why it was picked is not on record). Its scores are
one seed's, and the study's lowest for the headline: chapter 8 sets the rerun beside the other nine.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import tempfile
import time
from pathlib import Path

import torch

from dkm_lib import paths, study
from dkm_lib.devices import cpu_name
from dkm_lib.study_plan import record_path


def main() -> None:
    headline = json.loads((paths.RESULTS / "mnist.json").read_text())["study"]["headline"]["recipe"]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipe", default=headline, help=f"study recipe (default: the headline, {headline})")
    parser.add_argument("--seed", type=int, default=3, help="the seed to time (default: 3, the recorded one)")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--record", action="store_true",
                        help="also write results/cpu/headline-seed<k>-<date>.json, the README timing table's record "
                             "(on a quiet machine)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    load_before = os.getloadavg()
    print(f"timing {args.recipe}, seed {args.seed}, on {args.threads} thread(s): the autoencoder, its UMAP partition "
          "and the joint phase (minutes; nothing is printed until it ends)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tic = time.perf_counter()
        try:
            study._run_seed([args.recipe], args.seed, str(Path(tmp) / "runs"), str(Path(tmp) / "results"),
                            args.threads)
        except KeyboardInterrupt:   # the run's folder is a temporary one: there is nothing to resume
            raise SystemExit("\ninterrupted: nothing was recorded (a timing must run whole; start it again).") from None
        wall = time.perf_counter() - tic
        record = json.loads(record_path(args.recipe, args.seed, Path(tmp) / "results").read_text())
    studied = record_path(args.recipe, args.seed)
    study_record = json.loads(studied.read_text()) if studied.is_file() else None
    out = {
        "recipe": args.recipe, "seed": args.seed, "threads": args.threads, "cpu": cpu_name(),
        "cpu_count": os.cpu_count(), "torch": str(torch.__version__),
        "date": datetime.date.today().isoformat(),
        "wall_s": round(wall, 1), "parts_s": record["parts_s"],
        "load_average_1min": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
        "autoencoder_retries": record.get("autoencoder_retries"),
        "val_acc": record["val"]["acc"], "test_acc": record["test"]["acc"],
        "study_record": study_record and {"threads": study_record["threads"], "wall_s": study_record["wall_s"],
                                          "parts_s": study_record["parts_s"],
                                          "test_acc": study_record["test"]["acc"]},
    }
    print(json.dumps(out, indent=1))
    if args.record:
        path = paths.RESULTS / "cpu" / f"headline-seed{args.seed}-{out['date'].replace('-', '')}.json"
        paths.write_json(path, out)
        print(f"wrote {path.relative_to(paths.REPO_ROOT)}")


if __name__ == "__main__":
    main()
