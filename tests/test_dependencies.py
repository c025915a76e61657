"""Optional packages that a setting needs are checked up front, with one message naming what to install."""
import subprocess
import sys

import pytest

from dkm_lib import TrainConfig


def test_umap_init_without_umap_learn_fails_at_validation(monkeypatch):
    monkeypatch.setitem(sys.modules, "umap", None)    # as if umap-learn were not installed
    with pytest.raises(ImportError, match=r"init='umap' needs the umap-learn package.*\[umap\]"):
        TrainConfig(init="umap").validate()
    TrainConfig(init="kmeans").validate()             # the other inits need nothing more


def test_panel_without_ipywidgets_says_what_to_install():
    code = "import sys; sys.modules['ipywidgets'] = None; import dkm_lib.widgets"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode != 0
    assert "the tuning panel needs ipywidgets" in run.stderr and "[widgets]" in run.stderr
    assert "During handling" not in run.stderr        # one message, not a chained traceback
