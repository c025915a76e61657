"""Which device a run uses (after its config is checked), and what a record calls it."""
from __future__ import annotations

import platform
import re
from pathlib import Path

import torch

from .config import PRESETS, TrainConfig


def resolve_device(device: str) -> torch.device:
    """``"auto"`` -> CUDA when available, else CPU; a request for a missing GPU is an error."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(f"device {device!r} is not a device: use auto, cpu, cuda, cuda:N or mps.") from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device {device!r} was requested but PyTorch sees no CUDA GPU "
            f"(torch {torch.__version__}, cuda build: {torch.version.cuda}). Use device='cpu' or 'auto' (--device cpu)."
        )
    if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
        raise ValueError(f"device {device!r} was requested but this machine has {torch.cuda.device_count()} "
                         "CUDA GPU(s), numbered from 0. Use device='cuda' or 'auto' (--device cuda).")
    if dev.type == "mps" and not torch.backends.mps.is_available():
        raise ValueError("device 'mps' was requested but is not available here. "
                         "Use device='cpu' or 'auto' (--device cpu).")
    return dev


def cpu_name() -> str:
    """The CPU's model name for a record (``platform.processor()`` is often empty on Linux)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def device_name(device: torch.device) -> str:
    """What a record calls the device: the GPU's name, or the CPU with its thread count."""
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    if device.type != "cpu":   # e.g. "mps": its name, never "cpu"
        return device.type
    return f"cpu ({torch.get_num_threads()} threads)"


def machine(device: torch.device) -> dict:
    """Where a run was made, as the study's and reproduce's records say: the device, the threads, the CPU, torch."""
    return {"device_name": device_name(device), "threads": torch.get_num_threads(), "cpu": cpu_name(),
            "torch": str(torch.__version__)}


def recorded_machine(name: str | None, torch_version: str | None) -> dict:
    """``{"device"} | machine()``'s fields for a run made elsewhere, from what its checkpoint recorded:
    ``device_name``'s text (read back here, beside the format) and torch. The CPU's model is not recorded."""
    threads = re.fullmatch(r"cpu \((\d+) threads\)", name or "")
    kind = None if not name else "cpu" if name.startswith("cpu") else "mps" if name == "mps" else "cuda"
    return {"device": kind, "device_name": name or None, "threads": int(threads[1]) if threads else None,
            "cpu": None, "torch": torch_version}


def check_run(config: TrainConfig) -> torch.device:
    """Validate ``config`` and return the device it runs on."""
    if not isinstance(config, TrainConfig):
        if isinstance(config, str) and config in PRESETS:
            preset = f"dkm_lib.PRESETS[{config!r}] for that preset"
        else:
            preset = f"dkm_lib.PRESETS[name] with name one of {', '.join(sorted(PRESETS))},"
        raise ValueError(f"expected a TrainConfig, got {config!r}: pass {preset} or TrainConfig(...).")
    config.validate()
    device = resolve_device(config.device)
    if config.amp and device.type != "cuda":
        raise ValueError("amp=True needs a CUDA device; drop --amp on CPU.")
    if config.cuda_graph and device.type != "cuda":
        raise ValueError("cuda_graph=True needs a CUDA device; drop --cuda-graph on this machine.")
    return device
