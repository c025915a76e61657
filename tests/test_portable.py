"""The plugin that starts some notebooks' kernels under another numeric setup (tests/nbval_portable.py)."""
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

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


def test_approximate_numbers_match_within_their_tolerance_and_the_words_exactly():
    from tests.nbval_approx import differences, tolerance

    stored = "[  3] loss 0.0694  test ACC 0.228  NMI 0.224  clusters used 7 of 10,000\n"
    assert differences(stored, stored.replace("0.0694", "0.0712").replace("10,000", "10,400")) == []
    assert differences(stored, stored.replace("0.228", "0.241")) == ["0.228 -> 0.241"]       # 5.7 %
    assert differences(stored, stored.replace("used 7", "used 8")) == []       # one unit of the last digit
    assert differences(stored, stored.replace("used 7", "used 9")) == ["7 -> 9"]
    assert differences(stored, stored.replace("clusters used", "clusters left")) != []
    assert differences(stored, stored + "one line more\n") != []
    assert differences("NMI 0.000", "NMI 0.001") == [] and differences("NMI 0.000", "NMI 0.002") != []
    assert differences("alpha 1e-05, t1=50", "alpha 1.05e-05, t1=50") == []
    assert differences("alpha 1.0e-05", "alpha 1.2e-05") == ["1.0e-05 -> 1.2e-05"]
    assert differences("t1=50", "t2=50") != []                           # a digit inside a word is a word
    assert tolerance(["nbval-check-output"]) is None
    assert tolerance(["nbval-approx"]) == 0.05 and tolerance(["nbval-approx=0.3"]) == 0.3
    with pytest.raises(ValueError, match="write the relative tolerance as a number, e.g. nbval-approx=0.2"):
        tolerance(["nbval-approx=wide"])


def test_a_cell_tagged_approximate_passes_with_numbers_nearby_and_fails_with_others(tmp_path):
    def notebook(name, stored, tags):
        cell = nbformat.v4.new_code_cell('print(f"ACC {0.8 + 0.01:.3f} in 3 epochs")',
                                         metadata={"tags": ["nbval-check-output", *tags]})
        cell.execution_count, cell.outputs = 1, [nbformat.v4.new_output("stream", name="stdout", text=stored)]
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), tmp_path / f"{name}.ipynb")

    notebook("near", "ACC 0.800 in 3 epochs\n", ["nbval-approx"])       # prints 0.810: within 5%
    notebook("exact", "ACC 0.800 in 3 epochs\n", [])                     # the same, compared exactly
    notebook("far", "ACC 0.700 in 3 epochs\n", ["nbval-approx"])        # beyond 5%
    notebook("wide", "ACC 0.700 in 3 epochs\n", ["nbval-approx=0.2"])   # within its own 20%
    notebook("words", "ACC 0.810 after 3 epochs\n", ["nbval-approx=0.5"])  # numbers near, words not
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.nbval_approx", "--nbval-lax",
                          "--nbval-current-env", "-rf", *(str(p) for p in sorted(tmp_path.glob("*.ipynb")))],
                         cwd=ROOT, capture_output=True, text=True)
    failed = sorted(Path(line.split()[1].split("::")[0]).stem for line in run.stdout.splitlines()
                    if line.startswith("FAILED"))
    assert failed == ["exact", "far", "words"], run.stdout[-3000:]
    assert "nbval-approx: beyond 5% or one unit of the last digit: 0.700 -> 0.810" in run.stdout, run.stdout[-3000:]
