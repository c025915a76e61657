"""The Colab path, in the test pool: tests/colab_install.sh (another torch, kept by `pip install -e .[colab]`,
and the Makefile's COLAB chapters checked by nbval under it; `make test` does not run them elsewhere)."""
import os
import subprocess
from pathlib import Path

from tests.conftest import makefile_value

ROOT = Path(__file__).resolve().parents[1]
COLAB = makefile_value("COLAB").split()


def test_colab_install_keeps_its_torch_and_reproduces_its_chapters():
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run(["bash", "tests/colab_install.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    if "passed before for these sources" not in done.stdout:
        assert f"nbval on chapters: {' '.join(COLAB)}" in done.stdout
        summary = done.stdout.split("colab check: passed in")[0].strip().splitlines()[-1]
        assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
    assert "colab check: passed" in done.stdout


def test_colab_check_runs_again_when_what_it_runs_changes(tmp_path):
    """The remembered pass is keyed on the files the check reads: a change to the library, an English notebook, a
    record or the nbval setup runs it again; a change to the book's pages, the Korean notebooks or a test does not."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    (clone / "tests/colab_install.sh").write_text((ROOT / "tests/colab_install.sh").read_text())

    def key():
        done = subprocess.run(["bash", "tests/colab_install.sh", "--key"], cwd=clone, capture_output=True, text=True)
        assert done.returncode == 0 and done.stdout.strip().isdigit(), done.stdout + done.stderr
        return done.stdout.strip()

    first = key()
    for unread in ["book/glossary.md", "notebooks/ko/00_introduction.ipynb", "tests/test_model.py", "README.md"]:
        with open(clone / unread, "a") as f:
            f.write("\n")
        assert key() == first, f"a change to {unread} alone runs the Colab check again"
    for read in ["dkm_lib/model.py", "notebooks/en/04_training.ipynb", "tests/nbval_sanitize.cfg",
                 "results/mnist.json"]:
        with open(clone / read, "a") as f:
            f.write("\n")
        changed = key()
        assert changed != first, f"a change to {read} does not run the Colab check again"
        first = changed
