#!/usr/bin/env bash
# The Colab path, checked here: a Python that already has its own torch (2.13.0, not the pinned
# 2.14.1) gets the book the way the chapters' first cell installs it, `pip install -e "<clone>[colab]"`.
# That must not touch torch, and chapters 00 and 02-04 must then run (a copy of them; the reader's
# notebooks are never written). The venv is built here when it is missing and kept outside the
# checkout, in ${XDG_CACHE_HOME:-~/.cache}/dkm-book/venv-colab (or $DKM_COLAB_VENV), so that a fresh
# clone (CI) reuses it; a pass is remembered there for the exact sources it checked, so a second
# `make test` takes a second.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${DKM_COLAB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/dkm-book/venv-colab}
CLONE=$VENV/src/deep-kmeans-book
TORCH=2.13.0          # pip takes it from this machine's disk (a CPU build); Colab's own torch differs from ours too
TORCHVISION=0.28.0    # its partner release; installed without deps so that it cannot pull another torch
export PIP_DISABLE_PIP_VERSION_CHECK=1

# one check at a time per venv (two checkouts share it)
mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9

files=$(git ls-files -co --exclude-standard | while read -r f; do [ -f "$f" ] && echo "$f"; done)
key=$( (echo "$files"; echo "$files" | grep -E '^(pyproject.toml|dkm_lib/|notebooks/(src|en)/0[0-4]|checkpoints/|tests/colab_install.sh)' \
        | xargs cat) | cksum | cut -d' ' -f1)
if [ -f "$VENV/.passed-$key" ]; then
  echo "colab check: passed before for these sources (delete $VENV/.passed-* to run it again)"
  exit 0
fi

tic=$(date +%s)
if ! "$VENV/bin/python" -c "import torch, sys; sys.exit(torch.__version__.split('+')[0] != '$TORCH')" 2>/dev/null; then
  echo "colab check: creating $VENV with torch $TORCH (once)"
  rm -rf "$VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/pip" install -q "torch==$TORCH"
  "$VENV/bin/pip" install -q --no-deps "torchvision==$TORCHVISION"
  # what Colab runs notebooks with, at the versions requirements.txt pins
  "$VENV/bin/pip" install -q $(grep -E '^(ipykernel|nbclient|nbformat)==' requirements.txt)
fi
torch_before=$("$VENV/bin/python" -W ignore -c "import torch; print(torch.__version__)")

# A clone of this checkout, where Colab's first cell puts one.
rm -rf "$CLONE" && mkdir -p "$CLONE"
echo "$files" | tar -cf - -T - | tar -xf - -C "$CLONE"
"$VENV/bin/pip" install -e "$CLONE[colab]" >"$VENV/install.log" 2>&1 || { cat "$VENV/install.log"; exit 1; }
torch_after=$("$VENV/bin/python" -W ignore -c "import torch; print(torch.__version__)")
if [ "$torch_before" != "$torch_after" ] || grep -E "^(Installing|Successfully installed).*\btorch(vision)?-?[0-9]" "$VENV/install.log"; then
  echo "colab check FAILED: pip install -e .[colab] changed torch ($torch_before -> $torch_after)"; exit 1
fi
echo "colab check: pip install -e .[colab] kept torch $torch_after; running chapters 00, 02-04"

cd "$CLONE/notebooks/en"
DKM_DATA=$ROOT/data DKM_PROFILE=quick MPLBACKEND=Agg "$VENV/bin/python" - <<'PY'
import time

import nbformat
import torch
from nbclient import NotebookClient

for name in ["00_introduction", "02_latent_space", "03_objective", "04_training"]:
    tic = time.perf_counter()
    nb = nbformat.read(f"{name}.ipynb", 4)
    NotebookClient(nb, timeout=1200, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
    setup = next(o["text"] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if "profile=" in o.get("text", ""))
    assert f"torch={torch.__version__.split('+')[0]}" in setup, f"the kernel is not this venv's Python: {setup}"
    print(f"  {name}: ran in {time.perf_counter() - tic:.0f} s ({setup.strip()})", flush=True)
PY
touch "$VENV/.passed-$key"
echo "colab check: passed in $(( $(date +%s) - tic )) s"
