"""The command line is built from ``TrainConfig``: every field has a flag, and flags override the preset."""
import json
import re
import shlex
from dataclasses import fields, replace
from pathlib import Path

import pytest
import torch

from dkm_lib import PRESETS, TrainConfig
from dkm_lib import cli
from dkm_lib.cli import EXAMPLES, FIELD_HELP, _check_out, build_parser


def _train_parser():
    parser = build_parser()
    return parser, next(a for a in parser._actions if a.dest == "command").choices["train"]


def test_every_config_field_has_a_flag_with_help():
    _, train = _train_parser()
    dests = {a.dest for a in train._actions} - {"help", "preset", "seeds", "resume", "overwrite"}
    assert dests == {f.name for f in fields(TrainConfig)} == set(FIELD_HELP)


def test_flags_override_the_preset_and_nothing_else(capsys):
    parser, _ = _train_parser()
    args = parser.parse_args(["train", "--preset", "improved", "--lam", "0.2", "--clusters", "12",
                              "--final-relu", "--val-size", "5000", "--assign", "soft", "--out", "runs/x"])
    config, origin = cli._train_config(args)
    assert config == replace(PRESETS["improved"], lam=0.2, n_clusters=12, final_relu=True, val_size=5000,
                             assign="soft", out_dir="runs/x") and origin == "preset improved"
    with pytest.raises(SystemExit):
        parser.parse_args(["train", "--init", "random"])
    assert "invalid choice" in capsys.readouterr().err
    # the quick preset's 10,000 images, or every one of them (train_size=None: a preset's value set back)
    assert cli._train_config(parser.parse_args(["train", "--train-size", "all"]))[0].train_size is None
    assert cli._train_config(parser.parse_args(["train", "--train-size", "3000"]))[0].train_size == 3000
    with pytest.raises(SystemExit):
        parser.parse_args(["train", "--train-size", "most"])
    assert "expected a number of images or 'all', got 'most'" in capsys.readouterr().err


def test_configs_are_frozen():
    with pytest.raises(AttributeError):
        PRESETS["seed"].lam = 1.0
    seed = PRESETS["seed"]
    for change in (lambda: PRESETS.__setitem__("seed", replace(seed, lam=1.0)), lambda: PRESETS.update(seed=None),
                   lambda: PRESETS.pop("seed"), lambda: PRESETS.__delitem__("seed")):
        with pytest.raises(TypeError, match=r"the presets cannot be changed .* dataclasses.replace"):
            change()
    assert PRESETS["seed"] is seed and sorted(PRESETS) == ["improved", "quick", "seed"]


def test_study_command_prints_the_table_with_all_70k_rows(monkeypatch, capsys):
    from dkm_lib import report, study

    row = {"recipe": "n2d_70k", "protocol": "transductive", "n": 2, "val_acc_mean": None, "acc_mean": 0.95,
           "acc_std": 0.001, "acc_worst": 0.949, "acc_best": 0.951, "nmi_mean": 0.9, "ari_mean": 0.9,
           "wall_s_mean": 600.0, "description": "N2D on all 70k"}
    summary = {"protocol": report.PROTOCOL, "seeds": [0, 1], "rows": [row], "headline": None}
    monkeypatch.setattr(study, "run_study", lambda **kwargs: summary)
    args = build_parser().parse_args(["study", "--recipes", "n2d_70k", "--seeds", "0", "1"])
    args.func(args)
    out = capsys.readouterr().out
    assert "| n2d_70k | 2 | – | 0.950 ± 0.001 |" in out and "Transductive protocol" in out


def test_study_out_reruns_a_recorded_seed_elsewhere(monkeypatch, capsys, tmp_path):
    """`study --out DIR` (chapter 8, exercise 2): records and runs under DIR, the book's results/ untouched."""
    from dkm_lib import report, study

    asked = {}
    summary = {"protocol": report.PROTOCOL, "seeds": [0], "rows": [], "headline": None}
    monkeypatch.setattr(study, "run_study", lambda **kwargs: asked.update(kwargs) or summary)
    args = build_parser().parse_args(["study", "--recipes", "dkm_hard", "--seeds", "0", "--out", str(tmp_path)])
    args.func(args)
    assert (asked["results_dir"], asked["runs_dir"]) == (tmp_path, tmp_path / "runs")
    assert f"records in {tmp_path / 'study'}" in capsys.readouterr().out
    (tmp_path / "file").write_text("")
    _fails(capsys, ["study", "--out", str(tmp_path / "file")], "is a file")


def test_reproduce_ships_the_improved_run_from_the_study_it_is_given(monkeypatch, tmp_path):
    """`study --out DIR` trains into DIR/runs; `reproduce --out DIR` ships the improved run from there, not from the
    book's runs/study (it picked the seed from DIR's records, then read that seed's run in runs/study)."""
    from dkm_lib import reproduce

    where = []
    monkeypatch.setattr(reproduce, "ship_study_run", lambda runs, checkpoints, runs_dir=None: where.append(runs_dir))
    reproduce.reproduce(recipes=[], baselines=[], results_dir=tmp_path, runs_dir=tmp_path / "runs",
                        checkpoints_dir=tmp_path / "checkpoints")
    assert where == [tmp_path / "runs"] and (tmp_path / "mnist.json").is_file()


def test_reproduce_out_keeps_the_books_records_and_readme(monkeypatch, capsys, tmp_path):
    """`reproduce --out DIR`: records, runs, tables and checkpoints under DIR; results/ and the README untouched
    (without it, `reproduce --seeds 3 4` trained into the book's records and rewrote the README's table)."""
    from dkm_lib import paths, report, reproduce

    asked = {}
    table = {"summary": [], "study": {"rows": []}}
    monkeypatch.setattr(reproduce, "reproduce", lambda **kwargs: asked.update(kwargs) or table)
    monkeypatch.setattr(report, "write_readme", lambda *a: pytest.fail("reproduce --out rewrote the README"))
    args = build_parser().parse_args(["reproduce", "--recipes", "improved", "--seeds", "3", "--out", str(tmp_path)])
    args.func(args)
    assert (asked["results_dir"], asked["runs_dir"], asked["checkpoints_dir"]) == \
        (tmp_path, tmp_path / "runs", tmp_path / "checkpoints")
    assert asked["recipes"] == ["improved"] and asked["seeds"] == [3] and paths.RESULTS not in asked.values()
    assert "the book's results/, checkpoints/ and README are unchanged" in capsys.readouterr().out
    (tmp_path / "file").write_text("")
    _fails(capsys, ["reproduce", "--out", str(tmp_path / "file")], "is a file")


def test_study_says_why_a_named_seed_did_not_run(capsys, tmp_path):
    """The headline is planned for the development seeds; its others run once the rule has chosen it in that results
    folder. Asking for one of those alone ran nothing and exited 0, with an empty table: now it says why."""
    headline = "distill_mse_retry_lam0.2_gmm_agree7"
    _fails(capsys, ["study", "--recipes", headline, "--seeds", "3", "--jobs", "1", "--out", str(tmp_path)],
           f"not run: seeds [3] of {headline} (it is planned for seeds [0, 1, 2], and its other seeds run once it is "
           "the headline")
    assert not list(tmp_path.glob("runs/*")) and not list(tmp_path.glob("study/*.json"))


def test_data_root_elsewhere_says_how_the_other_commands_find_it(monkeypatch, tmp_path, capsys):
    """Only `data` takes --root; train, evaluate and the notebooks read $DKM_DATA (else <repo>/data), so a folder
    fetched elsewhere was not found there and MNIST was fetched again."""
    from dkm_lib import data
    from dkm_lib.cli import main

    monkeypatch.delenv("DKM_DATA", raising=False)
    monkeypatch.setattr(data, "fetch_mnist", lambda root: Path(root or "data") / "MNIST" / "raw")
    monkeypatch.setattr(data, "load_mnist", lambda root=None, train=True: (torch.zeros(2, 1, 28, 28), torch.zeros(2)))
    assert main(["data", "--root", str(tmp_path)]) == 0
    assert f"export DKM_DATA={tmp_path.resolve()}" in capsys.readouterr().out
    monkeypatch.setenv("DKM_DATA", str(tmp_path))
    assert main(["data", "--root", str(tmp_path)]) == 0
    assert "DKM_DATA" not in capsys.readouterr().out   # already the folder everything reads


def _fails(capsys, argv: list[str], message: str) -> None:
    """The command stops before doing anything, with one line that says what to do (no traceback)."""
    from dkm_lib.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err, err


def test_evaluate_on_a_folder_of_seeds_names_one_of_them(tmp_path, capsys):
    """`train --seeds 0 1 --out runs/five` writes runs/five/seed<k>/: `evaluate runs/five` said "Train one"."""
    for seed in (0, 1):
        (tmp_path / "five" / f"seed{seed}").mkdir(parents=True)
        (tmp_path / "five" / f"seed{seed}" / "model.pt").write_bytes(b"")
    _fails(capsys, ["evaluate", str(tmp_path / "five")],
           f"holds one run per seed (seed0, seed1); give one of them, e.g. {tmp_path / 'five' / 'seed0'}")


def test_train_never_silently_replaces_a_run(tmp_path, capsys):
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "last.pt").write_bytes(b"an interrupted run")
    _fails(capsys, ["train", "--out", str(tmp_path / "run")], "already holds a run (last.pt): continue it with "
           "--resume (it keeps the run's settings), start it afresh with --overwrite, or choose another --out")
    (tmp_path / "file").write_text("not a folder")
    _fails(capsys, ["train", "--out", str(tmp_path / "file")], "is a file: give a folder for the run")
    _fails(capsys, ["train", "--out", str(tmp_path / "run"), "--resume", "--overwrite"], "choose one")
    for name in ("model.pt", "history.json", "pretrained.pt"):   # an earlier, finished run
        (tmp_path / "run" / name).write_bytes(b"old")
    _check_out(tmp_path / "run", resume=False, overwrite=True)   # none of its files is taken for the new run's
    assert not any((tmp_path / "run").iterdir())
    _fails(capsys, ["data", "--root", str(tmp_path / "file" / "data")], "cannot create the data folder")
    _fails(capsys, ["train", "--init-from", str(tmp_path / "nope.pt"), "--out", str(tmp_path / "new")],
           "no checkpoint at")
    assert not (tmp_path / "new").exists()   # refused before --out was made
    _fails(capsys, ["train", "--out", str(tmp_path / "new"), "--resume"],
           "nothing to resume in " + str(tmp_path / "new") + ": it holds no last.pt")
    assert not (tmp_path / "new").exists()
    (tmp_path / "run" / "model.pt").write_bytes(b"a finished run")
    _fails(capsys, ["train", "--out", str(tmp_path / "run"), "--resume"], "its run has finished (model.pt)")
    _fails(capsys, ["evaluate", "checkpoints/improved.json"], "is a JSON file (a run's manifest or record), not a "
           "checkpoint: give the .pt file or the run's folder, such as checkpoints/improved.pt")
    (tmp_path / "run" / "history.json").write_text("{}")   # a run's record: its folder holds model.pt
    _fails(capsys, ["evaluate", str(tmp_path / "run" / "history.json")], f"such as {tmp_path / 'run'}.")


def test_help_shows_defaults_but_not_none(capsys):
    """`sweep --help` said "(default: the book's ...) (default: None)"."""
    for command in ("reproduce", "study", "sweep"):
        with pytest.raises(SystemExit):
            build_parser().parse_args([command, "--help"])
        text = capsys.readouterr().out
        assert "--out" in text and "(default: None)" not in text, text
    assert "seeds (default: [0, 1, 2])" in text   # the others still show theirs


def test_evaluate_refuses_centroids_that_were_never_trained(tmp_path, capsys):
    from dkm_lib import paths

    shipped = str(paths.REPO_ROOT / "checkpoints" / "improved_autoencoder.pt")   # an autoencoder-only run
    _fails(capsys, ["evaluate", shipped], "centroids were never trained (no joint epochs)")
    (tmp_path / "last.pt").write_bytes(b"")
    _fails(capsys, ["evaluate", str(tmp_path)],
           f"has not finished (it has last.pt). Finish it with `python -m dkm_lib train --out {tmp_path} --resume`")
    trained = str(paths.REPO_ROOT / "checkpoints" / "improved.pt")
    _fails(capsys, ["evaluate", trained, "--device", "foo"], "is not a device")


def test_evaluate_says_when_a_run_was_not_trained_on_the_mnist_files(tmp_path, capsys):
    """A run on the caller's own images records no MNIST checksums, and MNIST's test set would score, say, a
    Fashion-MNIST model as noise: evaluate says what it scored on."""
    from dkm_lib import paths
    from dkm_lib.checkpoints import read_checkpoint, save_checkpoint
    from dkm_lib.cli import main

    shipped = paths.REPO_ROOT / "checkpoints" / "improved.pt"
    assert main(["evaluate", str(shipped)]) == 0
    assert re.search(r"test ACC 0\.9\d{3}  NMI 0\.\d{4}  ARI 0\.\d{4}  clusters used 10/10", capsys.readouterr().out)
    save_checkpoint(tmp_path / "model.pt", {**read_checkpoint(shipped), "data_md5": None})
    assert main(["evaluate", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "test ACC" in out and "does not record which images it was trained on (they were given to train(data" in err


def test_resume_alone_continues_a_run_with_the_settings_it_started_with(tmp_path, capsys, monkeypatch):
    """``train --out DIR --resume`` needs none of the first command's flags (they are in last.pt); a flag given
    still overrides, and a --preset given is taken as asked."""
    from dkm_lib import trainer
    from dkm_lib.cli import main

    flags = ["--epochs", "3", "--pretrain-epochs", "1", "--train-size", "600", "--init", "kmeans++", "--lam", "0.05",
             "--t1", "0", "--t2", "1", "--eval-every", "0", "--device", "cpu", "--seed", "2"]
    assert main(["train", *flags, "--epochs", "2"]) == 0
    printed = capsys.readouterr().out   # no validation images held out: only the test line
    assert "no --out: the trained model is not saved" in printed and "validation ACC" not in printed
    assert "test ACC" in printed and "saved" not in printed.replace("not saved", "")
    assert main(["train", *flags, "--out", str(tmp_path / "whole")]) == 0
    real, calls = trainer.train_epoch, []

    def stop_in_the_third_epoch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(trainer, "train_epoch", stop_in_the_third_epoch)
    assert main(["train", *flags, "--out", str(tmp_path / "cut")]) == 130
    resumed = []   # the epochs the resumed run trains: only the one left, not the run again from its start

    def count(*args, **kwargs):
        resumed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(trainer, "train_epoch", count)
    capsys.readouterr()
    assert main(["train", "--out", str(tmp_path / "cut"), "--resume"]) == 0
    assert f"resuming {tmp_path / 'cut' / 'last.pt'} with its settings and the flags given" in capsys.readouterr().out
    assert len(resumed) == 1
    whole, cut = (json.loads((tmp_path / name / "history.json").read_text()) for name in ("whole", "cut"))
    assert cut["history"]["loss"] == whole["history"]["loss"] and cut["metrics"] == whole["metrics"]
    assert cut["config"] == {**whole["config"], "out_dir": str(tmp_path / "cut")}
    _fails(capsys, ["train", "--out", str(tmp_path / "cut"), "--resume", "--preset", "seed"], "another configuration")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "last.pt").write_bytes(b"not a checkpoint")   # --seeds with --resume: refused unread
    _fails(capsys, ["train", "--seeds", "0", "1", "--out", str(tmp_path / "junk"), "--resume"],
           "a batch is not resumable")


def test_a_mistyped_flag_gets_its_commands_usage_and_the_flag_meant(capsys):
    from dkm_lib.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["train", "--lamda", "0.1"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "usage: python -m dkm_lib train" in err, err
    assert "unrecognized arguments: --lamda (did you mean --lam?)" in err, err
    with pytest.raises(SystemExit):
        main(["train", "--presett", "seed"])
    err = capsys.readouterr().err
    assert "--presett (did you mean --preset?) seed" in err and "seed (did you mean" not in err, err


def test_study_and_reproduce_take_only_what_they_know(capsys, tmp_path):
    """A seed outside the study's fixed list, a misspelt baseline, no workers: refused before any run, and a new
    --out folder is not left behind empty (it was, found in a review)."""
    _fails(capsys, ["study", "--seeds", "42"], "seeds [42] are not the study's")
    _fails(capsys, ["study", "--jobs", "0"], "jobs must be a positive integer")
    _fails(capsys, ["reproduce", "--baselines", "kmeans_pixel"], "unknown baselines ['kmeans_pixel']")
    _fails(capsys, ["reproduce", "--jobs", "0"], "jobs must be a positive integer")
    _fails(capsys, ["study", "--recipes", "distil", "--out", str(tmp_path / "st")], "unknown study recipes ['distil']")
    _fails(capsys, ["reproduce", "--recipes", "improve", "--out", str(tmp_path / "rp")], "unknown recipe 'improve'")
    assert not any(tmp_path.iterdir())


def test_sweep_command_writes_where_asked_and_prints_the_grid_asked(monkeypatch, tmp_path, capsys):
    from dkm_lib import sweep

    runs = [{"lam": lam, "k": k, "seed": 0, "acc": 0.5} for lam in (0.01, 0.05) for k in (8, 10)]
    given = {}
    monkeypatch.setattr(sweep, "sweep", lambda **kwargs: given.update(kwargs) or {"runs": runs})
    monkeypatch.setattr(sweep, "ramps", lambda: pytest.fail("a sweep of one's own left the book's ramps alone"))
    args = build_parser().parse_args(["sweep", "--lams", "0.05", "--ks", "10", "--seeds", "0",
                                      "--out", str(tmp_path / "mine.json")])
    args.func(args)
    out = capsys.readouterr().out
    assert given["out"] == str(tmp_path / "mine.json") and "nan" not in out
    assert out.splitlines()[1:3] == ["lambda   k=10    ", "0.05     0.500   "], out


def _shown_commands() -> list[tuple[str, str]]:
    """Every ``python -m dkm_lib ...`` (or torchrun) command the README, the home pages and the chapters show."""
    root = Path(__file__).resolve().parents[1]
    texts = {p: (root / p).read_text() for p in ("README.md", "book/en/index.md", "book/ko/index.md")}
    for path in sorted((root / "notebooks").glob("[a-z][a-z]/*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        prose = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
        texts[str(path.relative_to(root))] = "\n".join(prose)
    texts["python -m dkm_lib --help"] = f"```bash\n{EXAMPLES}```\n"   # its examples, pasted as printed
    shown = set()
    for where, text in texts.items():
        for block in re.findall(r"^```bash\n(.*?)^```", text, re.M | re.S):
            shown |= {(where, line.split(" #")[0].strip()) for line in block.splitlines() if "-m dkm_lib " in line}
        shown |= {(where, code) for code in re.findall(r"`([^`\n]*-m dkm_lib [^`\n]*)`", text)}
    return sorted(shown)


def test_every_command_the_book_shows_is_one_the_cli_takes(capsys):
    """A renamed flag or subcommand would leave the README and the chapters teaching a command that fails."""
    commands = _shown_commands()
    assert len(commands) >= 30, commands
    for where, command in commands:
        words = [w for w in shlex.split(command.split("-m dkm_lib", 1)[1].replace("[", "").replace("]", ""))
                 if w != "..."]   # `[--jobs 2]`: an option; `...`: more flags of the reader's choice
        if not words:     # `python -m dkm_lib ...`: the command line in general
            continue
        try:
            build_parser().parse_args(words)
        except SystemExit as stop:
            assert stop.code == 0, f"{where}: `{command}` is not a command the CLI takes: {capsys.readouterr().err}"


def test_train_seeds_trains_them_at_once_and_prints_each_and_their_mean(tmp_path, capsys):
    """`train --seeds 1 2`: the batched trainer, each seed in --out/seed<k>/, a line per seed that is its record,
    and their mean."""
    from dkm_lib.checkpoints import read_checkpoint
    from dkm_lib.cli import main

    out = tmp_path / "two"
    flags = ["train", "--preset", "quick", "--train-size", "600", "--val-size", "200", "--epochs", "3",
             "--pretrain-epochs", "2", "--fixed-assign-epochs", "1", "--init", "kmeans++", "--device", "cpu",
             "--out", str(out)]
    assert main([*flags, "--seeds", "1", "2"]) == 0
    printed = capsys.readouterr().out
    accs = []
    for seed in (1, 2):
        record = json.loads((out / f"seed{seed}" / "history.json").read_text())
        assert record["config"]["seed"] == seed
        assert read_checkpoint(out / f"seed{seed}" / "model.pt")["meta"]["batched_seeds"] == 2   # one stacked model
        accs.append(record["metrics"]["acc"])
        val = record["metrics"]["val"]   # the held-out images come first: settings are compared on them
        assert (f"seed {seed}: validation ACC {val['acc']:.4f}  NMI {val['nmi']:.4f}  ARI {val['ari']:.4f}  "
                f"(compare settings on these)\n        test ACC {record['metrics']['acc']:.4f}  "
                f"NMI {record['metrics']['nmi']:.4f}") in printed
    val_mean = sum(json.loads((out / f"seed{k}" / "history.json").read_text())["metrics"]["val"]["acc"]
                   for k in (1, 2)) / 2
    assert f"2 seeds: validation ACC {val_mean:.4f}, test ACC {sum(accs) / 2:.4f} ± " in printed
    _fails(capsys, [*flags, "--seeds", "1", "2"], "already holds a run (model.pt)")   # nothing silently replaced
    _fails(capsys, [*flags, "--seeds", "1", "2", "--seed", "3"], "drop --seed (a batch")
    _fails(capsys, [*flags, "--seeds", "1", "2", "--resume"], "drop --resume (a batch is not resumable")
    _fails(capsys, [*flags, "--seeds", "4", "4"], "seeds must be distinct")
    fresh = tmp_path / "fresh"
    _fails(capsys, [*flags[:-1], str(fresh), "--seeds", "1", "2", "--cuda-graph"], "not supported by the batched")
    assert not fresh.exists()   # refused before any folder was made


def test_settings_the_images_cannot_serve_are_refused_before_the_settings_are_printed(tmp_path, capsys):
    """``train`` checks --train-size, --val-size and k against MNIST's 60,000 training images before it prints the
    600-character settings (which had come first, with the one line that mattered under them); ``study --again``
    alone is an ``error:`` like the others (exit 2), not a bare exit 1."""
    for flags, message in ((["--train-size", "100000"], "error: train_size=100,000 but there are only 60,000 "),
                           (["--val-size", "60000"], "error: val_size must be between 1 and 59999 (0 holds none out)"),
                           (["--val-size", "5000", "--train-size", "58000"],
                            "error: train_size=58,000 but there are only 55,000 training images after the 5,000 "),
                           (["--clusters", "1"], "error: n_clusters must be 2 or more: one cluster holds every image"),
                           (["--clusters", "55001", "--train-size", "all", "--val-size", "5000"],
                            "error: n_clusters=55001 is more than the 55000 training images")):
        assert cli.main(["train", *flags, "--out", str(tmp_path / "r")]) == 2, flags
        out, err = capsys.readouterr()
        assert message in err and "TrainConfig(" not in out, (flags, out, err)
        assert not (tmp_path / "r").exists()
    assert cli.main(["study", "--again"]) == 2
    assert "error: --again is the confirmation's second check" in capsys.readouterr().err
