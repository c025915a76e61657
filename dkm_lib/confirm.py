"""A confirmation on fresh seeds: the headline and the two picks before it, on seeds no choice has seen.

The study chose its headline on seeds 0-2's validation ACC, and its last round joined after test scores had been
seen. Seeds 10-19 and the three recipes below were named here, in one commit, before any run on those seeds;
what they give is reported whatever it is. Records go to ``results/confirm/study/``, apart from the study's.
Declared were each recipe's mean and interval and each step's paired difference on test; the comparison with seeds
0-9 (added while the runs went on), all seeds together and the steps on validation images came later.
"""
from __future__ import annotations

from pathlib import Path

from . import paths
from .report import load_study, paired_difference, score_summary, t_interval, welch_difference
from .study import run_seeds
from .study_plan import record_path

DECLARED_IN = "78317dbdb39ccebbb47968d180d685e87ab702d0"   # the commit that named the seeds and recipes below
SEEDS = tuple(range(10, 20))
# the headline, then the rule's picks of the two rounds before it (all from the seed's one MSE autoencoder)
RECIPES = ("distill_mse_retry_lam0.2_gmm_agree7", "distill_mse_retry_lam0.2_gmm", "distill_mse_retry_lam0.2")
RESULTS = paths.RESULTS / "confirm"
RUNS = paths.REPO_ROOT / "runs" / "confirm"


def run_confirmation(jobs: int = 2, results_dir: Path | None = None, runs_dir: Path | None = None) -> dict:
    """Train every (recipe, seed) of the confirmation without a record, ``jobs`` seeds at a time; return its summary."""
    results, runs = Path(results_dir or RESULTS), Path(runs_dir or RUNS)
    tasks = [(seed, [n for n in RECIPES if not record_path(n, seed, results).is_file()]) for seed in SEEDS]
    tasks = [(seed, names) for seed, names in tasks if names]
    print(f"confirmation: {sum(len(n) for _, n in tasks)} runs to do on seeds {list(SEEDS)}", flush=True)
    run_seeds(tasks, jobs, runs, results)
    return confirmation(results)


def confirmation(results_dir: Path | None = None, study_dir: Path | None = None) -> dict:
    """Each recipe's test scores over the fresh seeds (mean, 95 % t-interval) beside the study's seeds 0-9 (the
    difference of the means, Welch's interval) and all seeds together; each step's difference, paired seed by seed,
    on test and on validation images."""
    records = [r for r in load_study(results_dir or RESULTS) if r["seed"] in SEEDS and r["recipe"] in RECIPES]
    study = load_study(study_dir)
    rows = {}
    for name in RECIPES:
        runs = [r for r in records if r["recipe"] == name]
        if not runs:
            continue
        accs, before = [r["test"]["acc"] for r in runs], [r["test"]["acc"] for r in study if r["recipe"] == name]
        two = len(accs) > 1
        rows[name] = {"seeds": [r["seed"] for r in runs], "accs": accs, **score_summary([r["test"] for r in runs]),
                      "interval": t_interval(accs) if two else None, "study": t_interval(before),
                      "change": welch_difference(accs, before) if two else None,
                      "all": t_interval(accs + before)}   # the study's seeds and the fresh ones together
    steps = [{**paired_difference(records, a, b), "val": paired_difference(records, a, b, split="val")}
             for a, b in zip(RECIPES, RECIPES[1:])
             if a in rows and b in rows and len(set(rows[a]["seeds"]) & set(rows[b]["seeds"])) > 1]
    return {"seeds": list(SEEDS), "rows": rows, "steps": steps}
