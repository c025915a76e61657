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
