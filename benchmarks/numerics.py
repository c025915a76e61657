"""The tuning panel's default run under several numeric setups: how far do its scores move?

Chapter 7 tells readers not to trust the third decimal. This measures it: the same run (the panel's defaults,
``dkm_lib.tuning``) in a fresh process per setup, native kernels on 2 and 1 threads, then torch's generic
kernels with oneDNN capped lower (what other CPUs and BLAS libraries change; tests/nbval_portable.py).

    python benchmarks/numerics.py            # prints the table
    python benchmarks/numerics.py --record   # also writes results/cpu/numerics-<date>.json
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# name: (environment, threads)
SETUPS = {
    "native kernels, 2 threads": ({}, 2),
    "native kernels, 1 thread": ({}, 1),
    "generic kernels, oneDNN AVX, 1 thread": ({"ATEN_CPU_CAPABILITY": "default", "ONEDNN_MAX_CPU_ISA": "AVX"}, 1),
    "generic kernels, oneDNN SSE4.1, 1 thread": ({"ATEN_CPU_CAPABILITY": "default", "ONEDNN_MAX_CPU_ISA": "SSE41"},
                                                 1),
}


def one_run() -> None:
    """In the child process: the panel's default run, its validation scores as one JSON line."""
    import torch

    from dkm_lib import train
    from dkm_lib.tuning import TUNING, tuning_config, tuning_data

    torch.set_num_threads(int(os.environ["DKM_THREADS"]))
    _, history = train(tuning_config(), progress=False, data=tuning_data(TUNING["train_size"]))
    print(json.dumps({key: history["metrics"][key] for key in ("acc", "nmi", "ari")}))   # as the sweep records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write results/cpu/numerics-<date>.json")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return one_run()

    import torch

    from dkm_lib.devices import cpu_name
    from dkm_lib.paths import write_json
    from dkm_lib.tuning import TUNING

    runs = {}
    for name, (env, threads) in SETUPS.items():
        child_env = {**os.environ, **env, "DKM_THREADS": str(threads), "OMP_NUM_THREADS": str(threads)}
        tic = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--child"], env=child_env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{name}: the run failed\n{done.stderr[-3000:]}")
        # wall_s: the whole child process, data loading and imports included (what a reader waits for)
        runs[name] = {**json.loads(done.stdout.strip().splitlines()[-1]), "wall_s": round(time.perf_counter() - tic, 1)}
        print(f"{name:42s} ACC {runs[name]['acc']:.4f}  NMI {runs[name]['nmi']:.4f}  ARI {runs[name]['ari']:.4f}"
              f"  {runs[name]['wall_s']:.0f} s", flush=True)
    accs = [r["acc"] for r in runs.values()]
    print(f"ACC spread over the setups: {max(accs) - min(accs):.4f}")
    if args.record:
        out = ROOT / "results" / "cpu" / f"numerics-{datetime.date.today():%Y%m%d}.json"
        write_json(out, {"what": "the tuning panel's default run (dkm_lib.tuning.TUNING), one process per "
                                 "numeric setup; its validation scores (history['metrics'])",
                         "settings": TUNING, "cpu": cpu_name(), "cpu_count": os.cpu_count(),
                         # the widest vector kernels torch's native setups use here (AVX2, AVX512): two CPUs of one
                         # model name can differ in it, and so in the third decimal
                         "cpu_capability": torch.backends.cpu.get_cpu_capability(),
                         "torch": str(torch.__version__), "date": f"{datetime.date.today()}", "runs": runs})
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
