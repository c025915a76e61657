"""The plugin that starts some notebooks' kernels under another numeric setup (tests/nbval_portable.py)."""
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def test_only_the_named_notebooks_get_torchs_generic_kernels(tmp_path):
    cell = nbformat.v4.new_code_cell("import torch\nprint(torch.backends.cpu.get_cpu_capability())")
    cell.execution_count, cell.outputs = 1, [nbformat.v4.new_output("stream", name="stdout", text="DEFAULT\n")]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), tmp_path / "probe.ipynb")

    def check(*options):
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.nbval_portable", "--nbval",
                               "--nbval-current-env", *options, str(tmp_path / "probe.ipynb")],
                              cwd=ROOT, capture_output=True, text=True)

    named = check("--nbval-portable", "probe")
    assert named.returncode == 0, named.stdout[-3000:]
    other = check("--nbval-portable", "another")   # this machine's own kernels print AVX2 or AVX512, not DEFAULT
    assert other.returncode == 1 and "DEFAULT" in other.stdout, other.stdout[-3000:]
