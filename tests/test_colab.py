"""The Colab path, in the test pool: tests/colab_install.sh (another torch, kept by `pip install -e .[colab]`)."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_colab_install_keeps_its_torch_and_runs_chapters_00_to_04():
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run(["bash", "tests/colab_install.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "colab check: passed" in done.stdout
