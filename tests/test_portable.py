"""The plugin that starts some notebooks' kernels under another numeric setup (tests/nbval_portable.py)."""
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def test_only_the_named_notebooks_get_torchs_generic_kernels(tmp_path):
    cell = nbformat.v4.new_code_cell("import torch\nprint(torch.backends.cpu.get_cpu_capability())")
    cell.execution_count, cell.outputs = 1, [nbformat.v4.new_output("stream", name="stdout", text="DEFAULT\n")]
    for name in ("named", "another"):   # the same probe twice, one of them named
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), tmp_path / f"{name}.ipynb")
    # the named one first: the other's kernel starts after it, in the machine's own setup again
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.nbval_portable", "--nbval",
                          "--nbval-current-env", "--nbval-portable", "named", "-rf", str(tmp_path / "named.ipynb"),
                          str(tmp_path / "another.ipynb")], cwd=ROOT, capture_output=True, text=True)
    assert "1 failed, 1 passed" in run.stdout, run.stdout[-3000:]
    failed = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "another.ipynb" in failed[0], run.stdout[-3000:]
    # this machine's own kernels print AVX2 or AVX512: the other notebook failed on what it printed
    assert "DEFAULT" in run.stdout and run.stdout.count("AVX") >= 1, run.stdout[-3000:]
