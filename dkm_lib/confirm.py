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

# A second check, named before its runs: the headline's seeds 0-9 trained again here. The study's records do not
# say which CPU made them; the same scores would make the fresh seeds' lower mean the seeds', different ones measure
# what a machine alone changes in a seed's score.
RERUN_DECLARED_IN = "c90500384bb0391ccb16f4a8d3ec63e08a1b4599"   # the commit that named this check
RERUN_SEEDS = tuple(range(10))
RERUN_RESULTS, RERUN_RUNS = RESULTS / "rerun", RUNS / "rerun"
# A third, named before its runs too: the same seeds with two threads in one process, as a reader's two cores run
# them (run_confirmation(jobs=1, again=True) into these folders). How far does a seed's score move with the threads?
TWO_THREADS_DECLARED_IN = "51b07d6a85924f7ac073e30d1508ebe925ebc855"
TWO_THREADS_RESULTS, TWO_THREADS_RUNS = RESULTS / "two_threads", RUNS / "two_threads"


def run_confirmation(jobs: int = 2, results_dir: Path | None = None, runs_dir: Path | None = None,
                     again: bool = False) -> dict:
    """Train every (recipe, seed) of the confirmation without a record, ``jobs`` seeds at a time; return its summary.
    With ``again``, the second check instead: the headline on the study's seeds 0-9 (``rerun``)."""
    seeds, recipes = (RERUN_SEEDS, RECIPES[:1]) if again else (SEEDS, RECIPES)
    results = Path(results_dir or (RERUN_RESULTS if again else RESULTS))
    runs = Path(runs_dir or (RERUN_RUNS if again else RUNS))
    tasks = [(seed, [n for n in recipes if not record_path(n, seed, results).is_file()]) for seed in seeds]
    tasks = [(seed, names) for seed, names in tasks if names]
    print(f"confirmation: {sum(len(n) for _, n in tasks)} runs to do on seeds {list(seeds)}", flush=True)
    run_seeds(tasks, jobs, runs, results)
    return rerun(results) if again else confirmation(results)


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


def rerun(results_dir: Path | None = None, study_dir: Path | None = None) -> dict:
    """The headline's seeds 0-9 trained again beside the study's records of them: each seed's two test ACCs, how
    many agree to the digit, the mean difference (again minus recorded, paired by seed) and, on one machine, the
    fresh seeds 10-19 minus these (Welch); intervals are 95 % t-intervals."""
    name = RECIPES[0]
    before = {r["seed"]: r for r in load_study(study_dir) if r["recipe"] == name}
    again = [r for r in load_study(results_dir or RERUN_RESULTS) if r["recipe"] == name and r["seed"] in before]
    pairs = [(before[r["seed"]], r) for r in again]
    recorded, accs = [a["test"]["acc"] for a, _ in pairs], [b["test"]["acc"] for _, b in pairs]
    fresh = [r["test"]["acc"] for r in load_study(RESULTS) if r["recipe"] == name and r["seed"] in SEEDS]
    two = len(accs) > 1
    return {"recipe": name, "seeds": [r["seed"] for r in again], "cpu": sorted({r.get("cpu") or "?" for r in again}),
            "recorded": recorded, "again": accs, "same": sum(a == b for a, b in zip(recorded, accs)),
            "same_start": sum(a.get("autoencoder_first_rec") == b.get("autoencoder_first_rec") for a, b in pairs),
            "retries": [(a.get("autoencoder_retries"), b.get("autoencoder_retries")) for a, b in pairs],
            "interval": t_interval(accs) if two else None,
            "difference": t_interval([b - a for a, b in zip(recorded, accs)]) if two else None,
            "fresh": welch_difference(fresh, accs) if two and len(fresh) > 1 else None}
