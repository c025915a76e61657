"""Optional packages: a setting that needs one is checked up front, with one message naming what to install; the
code UMAP compiles is kept on disk between processes."""
import subprocess
import sys
from pathlib import Path

import pytest

from dkm_lib import TrainConfig


def test_umap_init_without_umap_learn_fails_at_validation(monkeypatch):
    monkeypatch.setitem(sys.modules, "umap", None)    # as if umap-learn were not installed
    with pytest.raises(ImportError, match=r"init='umap' needs the umap-learn package.*\[umap\]"):
        TrainConfig(init="umap").validate()
    TrainConfig(init="kmeans").validate()             # the other inits need nothing more


def test_the_cli_says_what_to_install_in_one_line(monkeypatch, capsys):
    """The default preset (quick) starts from a UMAP partition: without umap-learn, one line, no traceback."""
    from dkm_lib import cli

    monkeypatch.setitem(sys.modules, "umap", None)
    assert cli.main(["train", "--epochs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: init='umap' needs the umap-learn package") and "--init kmeans" in err, err


def test_panel_without_ipywidgets_says_what_to_install():
    code = "import sys; sys.modules['ipywidgets'] = None; import dkm_lib.widgets"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode != 0
    assert "the tuning panel needs ipywidgets" in run.stderr and "[widgets]" in run.stderr
    assert "During handling" not in run.stderr        # one message, not a chained traceback


def test_umaps_compiled_code_is_kept_on_disk_for_the_next_process():
    """umap-learn compiles some of its numba functions in every process (12 s of a chapter's first UMAP); after a
    fit each of them has its compiled code in numba's cache on disk (umap's __pycache__, or numba's user-wide
    folder). A name another umap-learn lacks fails here."""
    import importlib

    import numpy as np
    from umap import layouts

    from dkm_lib import cluster

    cluster.umap_embed(np.random.default_rng(0).normal(size=(300, 5)).astype(np.float32), seed=0, n_components=2)
    for module, names in cluster.UNCACHED_UMAP.items():
        for name in names:
            function = getattr(importlib.import_module(module), name)
            stats = function.stats
            assert stats.cache_path is not None, f"{module}.{name} is not cached"
            assert stats.cache_hits or stats.cache_misses, f"{module}.{name} was not used by the fit"
            assert list(Path(stats.cache_path).glob(f"*.{function.py_func.__name__}-*.nbi")), f"{module}.{name}"
    # the parallel twin shares the serial layout function's cache name, and numba's key ignores parallel=
    assert layouts._nb_optimize_layout_euclidean_single_epoch_parallel.stats.cache_path is None
