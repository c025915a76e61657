"""Shared fixtures: real MNIST, loaded once per test session, quiet deterministic torch, one browser."""
import os
import re
import shutil
from pathlib import Path

import pytest
import torch

from dkm_lib import load_mnist, trainer

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile("[\uac00-\ud7a3]")
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")   # what a notebook output shows as a figure
# What the tests compare never depends on a GPU being visible (book.profile() is "full" on one): a bare `pytest`
# pins the quick profile as `make test` does, for this process and the notebook kernels it starts.
os.environ.setdefault("DKM_PROFILE", "quick")


def makefile_value(name: str) -> str:
    """The value of ``NAME := ...`` in the Makefile (e.g. the chapter lists PORTABLE and COLAB)."""
    return ROOT.joinpath("Makefile").read_text().split(f"\n{name} := ")[1].split("\n")[0]


def sanitize(text: str) -> str:
    """``text`` as nbval compares it: tests/nbval_sanitize.cfg applied (timings, addresses, the device), read by
    nbval's own parser."""
    from nbval.plugin import get_sanitize_patterns

    for regex, replace in get_sanitize_patterns(ROOT.joinpath("tests", "nbval_sanitize.cfg").read_text()):
        text = re.sub(regex, replace, text)
    return text


def checked_outputs(nb) -> list[str]:
    """The text each cell of notebook ``nb`` that nbval checks printed (streams and plain-text displays), sanitized."""
    return [sanitize("".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in c.outputs))
            for c in nb.cells if c.cell_type == "code" and "nbval-check-output" in c.metadata.get("tags", [])]


@pytest.fixture(scope="session")
def mnist_train():
    return load_mnist(train=True)


@pytest.fixture(scope="session")
def mnist_test():
    return load_mnist(train=False)


@pytest.fixture(scope="session")
def small_data(mnist_train, mnist_test):
    """6,000 training and 2,000 test images: real digits, small enough for CPU tests."""
    (tx, ty), (sx, sy) = mnist_train, mnist_test
    return tx[:6000], ty[:6000], sx[:2000], sy[:2000]


@pytest.fixture(scope="session")
def quick_data(small_data):
    """The first 3,000 of those training images and the same 2,000 test images: for tests of how training runs
    (checkpoints, resumes, errors, determinism), not of how well it learns."""
    return small_data[0][:3000], small_data[1][:3000], *small_data[2:]


@pytest.fixture
def graphed_epochs_built(monkeypatch):
    """Every ``GraphedEpochs`` the trainer builds during the test, in order (they are kept for inspection)."""
    built, real = [], trainer.GraphedEpochs

    def record(*args, **kwargs):
        built.append(real(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(trainer, "GraphedEpochs", record)
    return built


@pytest.fixture(autouse=True)
def _fixed_threads():
    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's, driven by playwright), shared by the browser and JupyterLab tests."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright import sync_api
    except ModuleNotFoundError:
        sync_api = None
    if chromium is None or sync_api is None:
        reason = ("Chromium is not installed: run `make browser`" if chromium is None
                  else "playwright is not installed: run `make setup`")
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)  # CI must run the check
    with sync_api.sync_playwright() as p:
        # Scrollbars drawn as on a Windows or Linux desktop (headless hides them): the page's takes 15 px of
        # a laptop's width, and a box that scrolls shows one. Phones (Visit's is_mobile) overlay theirs.
        b = p.chromium.launch(executable_path=chromium, ignore_default_args=["--hide-scrollbars"], args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        yield b
        b.close()


# The longest files start first, so that the workers of `make test` finish together. pytest-xdist hands
# out whole files (--dist loadfile) in collection order only with --no-loadscope-reorder (by default it hands
# out the files with the most tests first, which left the single 2-minute Colab test for the end). Wall times
# of one quiet `make test` on 2 cores (two workers), in seconds; a stable sort keeps each file's own order.
LONGEST_FIRST = ("test_browser.py",        # 225
                 "test_colab.py",          # 148: chapters 00 and 02-04 (about 0 once it passed for the same tree)
                 "test_train.py",          # 131
                 "01_autoencoder.ipynb",   # 97, under torch's generic kernels
                 "06_tsne.ipynb",          # 63
                 "test_study.py",          # 57
                 "test_protocol.py",       # 56
                 "test_jupyterlab.py",     # 42
                 "07_tuning.ipynb",        # 39
                 "test_distributed.py",    # 31
                 "test_graphed.py",        # 24
                 "test_widgets.py")        # 22


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: LONGEST_FIRST.index(item.path.name) if item.path.name in LONGEST_FIRST
               else len(LONGEST_FIRST))


@pytest.fixture
def korean():
    """The figures' (and tables') language set to Korean for one test, English again after it."""
    from dkm_lib import plots

    plots.set_language("ko")
    yield plots
    plots.set_language("en")
