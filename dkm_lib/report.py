"""The study's tables: summaries of the records in ``results/study/``, their Markdown, the README's copy.

Nothing here trains; everything is computed from the record files, so the tables in
``results/mnist.md`` and the README always say what the records say.
"""
from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

from scipy import stats

from . import paths
from . import study_plan as plan
from .study_plan import DESCRIPTIONS, VAL_SIZE, records_dir

PROTOCOL = (f"train on 55,000 training images; {VAL_SIZE:,} held out for validation by a fixed, label-free "
            "permutation; every choice between candidates on validation (whether to add candidates was decided "
            "after seeing test scores, and the search started from the earlier recipe's settings, which test ACC "
            "chose: chapter 8); the 10,000 test images scored once per run")
EARLIER_PROTOCOL = ("train on all 60k training images, test scored during and after training; the improved "
                    "recipe's settings were chosen by test ACC, before the validation protocol existed; "
                    "kmeans_pixels_70k alone fits and scores all 70k images, as the papers that quote it do")
TRANSDUCTIVE_PROTOCOL = ("train and score on all 70,000 images (training + test), as DEC, IDEC and N2D report; "
                         "no validation; each row keeps the settings the validation protocol chose for its recipe "
                         "(distill_lam0.2: the headline before the MSE candidates were added); ACC is on all 70k")
README_START, README_END = "<!-- results table -->", "<!-- end results table -->"


def load_study(results_dir: Path | None = None) -> list[dict]:
    """Every study record, in recipe then seed order; of its history only the evaluations (``"eval"``) are kept
    (and ``"pulled"``, the training images a thinned partition pulls)."""
    order = [*plan.TWO_STAGE, *plan.TWO_STAGE_70K, *plan.JOINT]
    order = sorted(order, key=lambda name: plan.protocol(name) == "transductive")   # stable: all-70k rows last
    records = []
    for path in sorted(records_dir(results_dir).glob("*-seed*.json")):
        record = json.loads(path.read_text())
        history = record.pop("history", None)
        if history:
            record["eval"] = history["eval"]   # validation ACC at the evaluated epochs (chapter 8 shows some)
            if record["config"].get("min_agreement"):   # how many training images the thinned partition pulls
                record["pulled"] = sum(history["cluster_sizes"][0])
        records.append(record)
    return sorted(records, key=lambda r: (order.index(r["recipe"]) if r["recipe"] in order else 99, r["seed"]))


def score_summary(scores: list[dict]) -> dict:
    """Of several runs' scores (each with ``acc``, ``nmi``, ``ari``, ``clusters_used``): ACC mean ± std, best and
    worst, mean NMI and ARI, and the cluster counts used. One recipe's row in every results table."""
    accs = [s["acc"] for s in scores]
    return {"acc_mean": statistics.fmean(accs), "acc_std": statistics.stdev(accs) if len(accs) > 1 else 0.0,
            "acc_best": max(accs), "acc_worst": min(accs),
            "nmi_mean": statistics.fmean(s["nmi"] for s in scores),
            "ari_mean": statistics.fmean(s["ari"] for s in scores),
            "clusters_used": sorted({s["clusters_used"] for s in scores})}


def summarise(records: list[dict]) -> dict:
    """Per recipe: seeds, validation and test ACC mean ± std, NMI, ARI, seconds per seed; and the headline."""
    rows = []
    for name in dict.fromkeys(r["recipe"] for r in records):
        rs = [r for r in records if r["recipe"] == name]
        val = [r["val"]["acc"] for r in rs if r["val"]]
        dev = [r["val"]["acc"] for r in rs if r["val"] and r["seed"] in plan.DEV_SEEDS]
        rows.append({
            "recipe": name, "protocol": plan.protocol(name), "n": len(rs), "seeds": [r["seed"] for r in rs],
            "description": DESCRIPTIONS.get(name, ""), "val_acc_mean": statistics.fmean(val) if val else None,
            "val_acc_dev_seeds": statistics.fmean(dev) if dev else None,
            **score_summary([r["test"] for r in rs]),
            "wall_s_mean": statistics.fmean(r["wall_s"] for r in rs),
            "augmented": any(r["config"].get("augment") for r in rs),   # DEC-DA's shifts and rotations
        })
    return {"protocol": PROTOCOL, "seeds": list(plan.SEEDS), "dev_seeds": list(plan.DEV_SEEDS), "rows": rows,
            "headline": choose_headline(rows),
            "augmented_headline": choose_headline(rows, plan.AUGMENTED_CANDIDATES, plan.AUGMENTED_LATE)}


def paired_difference(records: list[dict], a: str, b: str, split: str = "test", metric: str = "acc") -> dict:
    """Recipe ``a`` minus recipe ``b``, seed by seed over the seeds both ran: the mean difference, its 95 % t-interval
    and how many seeds went up. The interval covers seed-to-seed noise only, not how ``a`` was chosen or the machine."""
    runs = {(r["recipe"], r["seed"]): r for r in records}
    seeds = sorted(seed for name, seed in runs if name == a and (b, seed) in runs)
    if len(seeds) < 2:
        raise ValueError(f"{a!r} and {b!r} share {len(seeds)} seed(s) in these records: a paired interval needs two "
                         "or more (run both recipes on the same seeds first).")
    diffs = [runs[(a, seed)][split][metric] - runs[(b, seed)][split][metric] for seed in seeds]
    return {"a": a, "b": b, "seeds": seeds, **t_interval(diffs), "higher": sum(d > 0 for d in diffs)}


def t_interval(values: list[float]) -> dict:
    """The mean of two or more values and its 95 % t-interval (``low``, ``high``): seed-to-seed noise only."""
    mean = statistics.fmean(values)
    half = float(stats.t.ppf(0.975, len(values) - 1)) * statistics.stdev(values) / math.sqrt(len(values))
    return {"mean": mean, "low": mean - half, "high": mean + half}


def welch_difference(a: list[float], b: list[float]) -> dict:
    """Mean of ``a`` minus mean of ``b``, two unpaired sets of runs, and its 95 % Welch t-interval (unequal spreads,
    Welch-Satterthwaite degrees of freedom)."""
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    mean, half = statistics.fmean(a) - statistics.fmean(b), float(stats.t.ppf(0.975, df)) * math.sqrt(va + vb)
    return {"mean": mean, "low": mean - half, "high": mean + half}


def choose_headline(rows: list[dict], candidates=plan.CANDIDATES, late_candidates=plan.LATE_CANDIDATES) -> dict | None:
    """The candidate joint phase with the best mean validation ACC over the development seeds (a tie: the one
    listed first in ``candidates``). ``late_candidates`` maps each candidate that joined later to when it joined.
    """
    candidates = list(candidates)
    ready = [r for r in rows if r["recipe"] in candidates and set(plan.DEV_SEEDS) <= set(r["seeds"])]
    if not ready:
        return None
    best = max(ready, key=lambda r: (r["val_acc_dev_seeds"], -candidates.index(r["recipe"])))
    return {"recipe": best["recipe"], "rule": rule_text([r["recipe"] for r in ready], late_candidates),
            "val_acc_dev_seeds": {r["recipe"]: round(r["val_acc_dev_seeds"], 4) for r in ready}}


def headline_rounds(records: list[dict], candidates=plan.CANDIDATES,
                    late_candidates=plan.LATE_CANDIDATES) -> list[dict]:
    """The headline rule replayed round by round: before any late candidate, then as each round of them joined (in
    the order of ``late_candidates``): what joined, the rule's pick, its mean validation ACC over the development seeds
    (all the rule reads), and its test ACC over every seed and over the seeds the rule never read."""
    rows = {r["recipe"]: r for r in summarise(records)["rows"]}
    rounds = [None, *dict.fromkeys(late_candidates.values())]
    replayed = []
    for i, when in enumerate(rounds):
        allowed = [c for c in candidates if c not in late_candidates or rounds.index(late_candidates[c]) <= i]
        pick = choose_headline(list(rows.values()), allowed, {})["recipe"]
        later = [r["test"]["acc"] for r in records if r["recipe"] == pick and r["seed"] not in plan.DEV_SEEDS]
        replayed.append({"round": i, "when": when, "joined": [c for c in allowed if late_candidates.get(c) == when],
                         "pick": pick, "val_acc_dev_seeds": rows[pick]["val_acc_dev_seeds"],
                         "test_acc_mean": rows[pick]["acc_mean"],
                         "test_acc_later_seeds": statistics.fmean(later) if later else None})
    return replayed


def rule_text(ready: list[str], late_candidates: dict[str, str], lang: str = "en") -> str:
    """The rule in words: the candidates it compared, and which of them joined later, and when."""
    if lang == "ko":
        rule = f"시드 {list(plan.DEV_SEEDS)}의 평균 검증 ACC가 가장 높은 후보를 고릅니다. 후보: {ready}."
    else:
        rule = f"highest mean validation ACC over seeds {list(plan.DEV_SEEDS)} among {ready}"
    for when in dict.fromkeys(late_candidates.values()):
        late = [name for name in ready if late_candidates.get(name) == when]
        if late:
            rule += (f" {plan.WHEN_KO[when]} 후보가 되었습니다: {late}." if lang == "ko"
                     else f"; {late} joined the candidates {when}")
    return rule


def rule_block(chosen: dict, late_candidates: dict[str, str], title: dict[str, str]) -> dict[str, str]:
    """``chosen`` (a summary's headline) as chapter 8 prints it, in each language of ``title``: the title and the rule
    on one line (the page wraps it to its width; ``book.Text`` wraps the plain text), then each candidate's mean
    validation ACC over the development seeds, the score first (only a long name runs on, on a phone)."""
    scores = chosen["val_acc_dev_seeds"]
    blocks = {}
    for lang, heading in title.items():
        label = "시드 0–2의 평균 검증 ACC:" if lang == "ko" else "mean validation ACC, seeds 0-2:"
        rule = f"{heading}: {rule_text(list(scores), late_candidates, lang)}"
        blocks[lang] = "\n".join([rule, label] + [f"  {acc:.4f}  {name}" for name, acc in scores.items()])
    return blocks


def markdown(summary: dict) -> str:
    """The study tables: one row per recipe, validation and test side by side; then the all-70k rows."""
    headline = (summary["headline"] or {}).get("recipe")
    augmented = (summary.get("augmented_headline") or {}).get("recipe")
    lines = [f"Protocol: {summary['protocol']}. Seeds fixed in advance: {summary['seeds']}.", ""]
    for kind in ("validation", "transductive"):
        rows = [r for r in summary["rows"] if r["protocol"] == kind]
        if kind == "transductive" and rows:
            lines += ["", f"Transductive protocol ({TRANSDUCTIVE_PROTOCOL}):", ""]
        acc = "test ACC" if kind == "validation" else "ACC (70k)"
        lines += [f"| recipe | seeds | val ACC | {acc} mean ± std | worst | best | NMI | ARI | s / seed |",
                  "|---|---|---|---|---|---|---|---|---|"] if rows else []
        for r in rows:
            label = {headline: "headline", augmented: "augmented headline"}.get(r["recipe"])
            name = f"**{r['recipe']}**" if label else r["recipe"]
            if r.get("augmented"):   # rows summarised before augmentation existed have no such key
                label = f"{label or 'augmented'}: compare with augmented results only"
            name += f" ({label})" if label else ""
            val = "–" if r["val_acc_mean"] is None else f"{r['val_acc_mean']:.3f}"
            lines.append(f"| {name} | {r['n']} | {val} | {r['acc_mean']:.3f} ± {r['acc_std']:.3f} | "
                         f"{r['acc_worst']:.3f} | {r['acc_best']:.3f} | {r['nmi_mean']:.3f} | {r['ari_mean']:.3f} | "
                         f"{r['wall_s_mean']:.0f} |")
    if summary["headline"]:
        lines += ["", f"Headline chosen by rule: {summary['headline']['rule']} "
                      f"(validation ACC: {summary['headline']['val_acc_dev_seeds']})."]
    if summary.get("augmented_headline"):
        lines += ["", f"Augmented headline, chosen apart by the same rule: {summary['augmented_headline']['rule']} "
                      f"(validation ACC: {summary['augmented_headline']['val_acc_dev_seeds']})."]
    lines += ["", "Recipes:", ""] + [f"- **{r['recipe']}**: {r['description']}" for r in summary["rows"]]
    return "\n".join(lines) + "\n"


def write_readme(table_md: str, readme: Path = paths.REPO_ROOT / "README.md") -> None:
    """Put ``table_md`` between the README's results-table markers."""
    paths.replace_between(readme, README_START, README_END, table_md)


def readme_table(table: dict) -> str:
    """What the README shows between its markers: the study, then the earlier recipes in brief."""
    lines = [markdown(table["study"]).split("\nRecipes:")[0].rstrip(), "",
             f"Earlier runs ({EARLIER_PROTOCOL}):", "",
             "| recipe | seeds | ACC mean ± std | NMI | what it is |", "|---|---|---|---|---|"]
    for row in table["summary"]:
        lines.append(f"| {row['recipe']} | {row['n']} | {row['acc_mean']:.3f} ± {row['acc_std']:.3f} | "
                     f"{row['nmi_mean']:.3f} | {row['description']} |")
    return "\n".join(lines) + "\n"


def full_markdown(table: dict) -> str:
    """``results/mnist.md``: the study, then the earlier runs with every run listed."""
    lines = ["# Deep K-means on MNIST: measured results", "",
             "Generated by `python -m dkm_lib reproduce` from the records in `results/study/` and `results/runs/`; "
             "do not edit by hand.", "", "## The study (validation protocol)", "", markdown(table["study"]),
             "## Earlier runs", "", f"Protocol: {EARLIER_PROTOCOL}. Labels only ever score.", "",
             "| recipe | seeds | ACC mean ± std | worst | best | NMI | ARI | clusters used | s / run |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in table["summary"]:
        wall = f"{row['wall_s_mean']:.0f}" if row["wall_s_mean"] else "–"
        lines.append(f"| {row['recipe']} | {row['n']} | {row['acc_mean']:.3f} ± {row['acc_std']:.3f} | "
                     f"{row['acc_worst']:.3f} | {row['acc_best']:.3f} | {row['nmi_mean']:.3f} | "
                     f"{row['ari_mean']:.3f} | {', '.join(map(str, row['clusters_used']))} | {wall} |")
    lines += ["", "Recipes:", ""] + [f"- **{r['recipe']}**: {r['description']}" for r in table["summary"]]
    lines += ["", "Runs:", "", "| recipe | seed | ACC | NMI | ARI | clusters | epoch used | device |",
              "|---|---|---|---|---|---|---|---|"]
    for r in table["runs"]:
        lines.append(f"| {r['recipe']} | {r['seed']} | {r['acc']:.4f} | {r['nmi']:.4f} | {r['ari']:.4f} | "
                     f"{r['clusters_used']} | {r.get('selected_epoch', '–')} | {r['device']} |")
    return "\n".join(lines) + "\n"
