#!/usr/bin/env bash
# The Colab path, checked here: a Python that already has its own torch (2.13.0, not the pinned
# 2.14.1) gets the book the way the chapters' first cell installs it, `pip install -e "<clone>[colab]"`.
# That must not touch torch. Then the chapters in the Makefile's COLAB (00 and 02-04) run there under
# nbval, as `make test` runs the others: their checked outputs must come out as stored, under another
# torch (and, for the Makefile's PORTABLE ones, under the second numeric setup too). `make test` leaves
# these chapters to this check instead of running them twice. A copy of the checkout is used, so the
# reader's notebooks are never written. The venv is built here when it is missing and kept outside the
# checkout, in ${XDG_CACHE_HOME:-~/.cache}/dkm-book/venv-colab (or $DKM_COLAB_VENV), so that a fresh
# clone (CI) reuses it; a pass is remembered there for the exact files it checked (the key below), so a
# second `make test` of the same tree takes a second.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${DKM_COLAB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/dkm-book/venv-colab}
CLONE=$VENV/src/deep-kmeans-book
TORCH=2.13.0          # pip takes it from this machine's disk (a CPU build); Colab's own torch differs from ours too
TORCHVISION=0.28.0    # its partner release; installed without deps so that it cannot pull another torch
export PIP_DISABLE_PIP_VERSION_CHECK=1

files=$(git ls-files -co --exclude-standard | while read -r f; do [ -f "$f" ] && echo "$f"; done)
# The key covers what the check runs on: the library, the English notebooks, the records, the install files and the
# nbval setup. Files it never reads are left out, so a change to them alone does not run it again: the book's
# sources, the Korean and Colab notebooks, the chapter sources, benchmarks, workflows, Markdown, the other tests.
unread='^(book|benchmarks|\.github|\.ci|notebooks/(ko|colab|src))/|^tests/(test_[a-z_]+\.py|conftest\.py)$|^[^/]+\.md$'
keyed=$(echo "$files" | grep -Ev "$unread")
key=$( (echo "$keyed"; echo "$keyed" | tr '\n' '\0' | xargs -0 cat) | cksum | cut -d' ' -f1)
if [ "${1:-}" = "--key" ]; then echo "$key"; exit 0; fi   # (tests/test_colab.py)

# one check at a time per venv (two checkouts share it)
mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9

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
fi
# what Colab runs notebooks with, and nbval to check them, at the versions requirements.txt pins
if ! "$VENV/bin/python" -c "import ipykernel, nbclient, nbval" 2>/dev/null; then
  "$VENV/bin/pip" install -q $(grep -E '^(ipykernel|nbclient|nbformat|nbval|pytest)==' requirements.txt)
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
make_list() { sed -n "s/^$1 := //p" Makefile; }
chapters=$(make_list COLAB)
portable=$(make_list PORTABLE)
echo "colab check: pip install -e .[colab] kept torch $torch_after; nbval on chapters: $chapters"

# the kernel runs this venv's Python (--nbval-current-env); the Makefile's NBVAL flags, its PORTABLE setup
cd "$CLONE"
args=(-q -p no:cacheprovider $(make_list NBVAL) -p tests.nbval_portable)
for name in $portable; do args+=(--nbval-portable "$name"); done
for name in $chapters; do args+=("notebooks/en/$name.ipynb"); done
DKM_DATA=$ROOT/data DKM_PROFILE=quick MPLBACKEND=Agg "$VENV/bin/python" -m pytest "${args[@]}"
touch "$VENV/.passed-$key"
echo "colab check: passed in $(( $(date +%s) - tic )) s"
