"""Training on several processes with ``torchrun``: the few collective steps ``train()`` needs.

``torchrun --nproc_per_node=N -m dkm_lib train ...`` starts N copies of the same command. Each
process takes its slice of every global batch, DistributedDataParallel averages the gradients
(NCCL on GPUs, Gloo on CPUs), rank 0 computes the centroid initialisation and broadcasts it,
evaluation gathers every process's predictions, and only rank 0 writes files. Outside
``torchrun`` every helper here is a no-op, so a single process runs exactly as before.
"""
from __future__ import annotations

import os

import torch
import torch.distributed as dist


def init_from_env(device: torch.device) -> torch.device:
    """Join the process group that ``torchrun`` describes in the environment; return this rank's device."""
    if int(os.environ.get("WORLD_SIZE", "1")) <= 1 or dist.is_initialized():
        return local_device(device)
    backend = "nccl" if device.type == "cuda" else "gloo"
    if device.type == "cuda":
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    dist.init_process_group(backend)
    return local_device(device)


def local_device(device: torch.device) -> torch.device:
    """On a GPU each process uses the GPU numbered by its local rank."""
    if device.type == "cuda" and active():
        return torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    return device


def active() -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def rank() -> int:
    return dist.get_rank() if active() else 0


def world_size() -> int:
    return dist.get_world_size() if active() else 1


def my_share(index: torch.Tensor) -> torch.Tensor:
    """This process's contiguous slice of a global batch of indices (equal slices when they divide)."""
    if not active():
        return index
    return index.tensor_split(world_size())[rank()]


def all_mean(tensor: torch.Tensor) -> torch.Tensor:
    if active():
        dist.all_reduce(tensor)
        tensor /= world_size()
    return tensor


def all_sum(tensor: torch.Tensor) -> torch.Tensor:
    if active():
        dist.all_reduce(tensor)
    return tensor


def broadcast(tensor: torch.Tensor) -> torch.Tensor:
    """Rank 0's values, on every process (in place)."""
    if active():
        dist.broadcast(tensor, src=0)
    return tensor


def gather_rows(local: torch.Tensor, total: int) -> torch.Tensor:
    """Reassemble rows that each process computed for its ``tensor_split`` share of ``total`` rows."""
    if not active():
        return local
    sizes = [len(part) for part in torch.arange(total).tensor_split(world_size())]
    padded = torch.zeros(max(sizes), *local.shape[1:], dtype=local.dtype, device=local.device)
    padded[:len(local)] = local
    parts = [torch.empty_like(padded) for _ in sizes]
    dist.all_gather(parts, padded)
    return torch.cat([part[:size] for part, size in zip(parts, sizes)])


def barrier() -> None:
    if active():
        dist.barrier()


def finish() -> None:
    """Leave the process group (end of a ``torchrun`` command)."""
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
