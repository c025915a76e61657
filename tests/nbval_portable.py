"""pytest plugin: the kernels of some notebooks start under another numeric setup.

``-p tests.nbval_portable --nbval-portable 01_autoencoder`` runs that notebook's kernel with torch's
generic CPU kernels, oneDNN capped at AVX (no AVX2 or FMA), MKL in its reproducible mode and numpy/scipy/
scikit-learn's OpenBLAS on its oldest x86-64 kernels: other CPUs and BLAS libraries differ from ours in
these ways, so its checked outputs must print only what survives them. Other notebooks' kernels
start with the environment as it was. ``DKM_PORTABLE_ISA=SSE41`` caps oneDNN lower still: its results
differ bit for bit from both AVX's and AVX2's, and it trains a third slower than AVX on this model.
"""
import os

import pytest

PORTABLE_ENV = {"ATEN_CPU_CAPABILITY": "default", "ONEDNN_MAX_CPU_ISA": os.environ.get("DKM_PORTABLE_ISA", "AVX"),
                "MKL_CBWR": "COMPATIBLE", "OPENBLAS_CORETYPE": "Prescott"}
_before = {key: os.environ.get(key) for key in PORTABLE_ENV}


def pytest_addoption(parser):
    parser.addoption("--nbval-portable", action="append", default=[], metavar="NAME",
                     help="start this notebook's kernel (file name without .ipynb) under the portable setup")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a notebook's first cell starts its kernel: the portable setup for the named ones only."""
    portable = item.path.suffix == ".ipynb" and item.path.stem in item.config.getoption("nbval_portable")
    for key, value in PORTABLE_ENV.items():
        if portable:
            os.environ[key] = value
        elif _before[key] is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = _before[key]
