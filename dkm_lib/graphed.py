"""Training epochs replayed from CUDA graphs: one launch per batch instead of a few hundred.

With 68k parameters, an eager step on a GPU waits on kernel launches and Python, not on arithmetic
(1.7 s per 60k-image epoch on an H200, see the README). ``GraphedEpochs`` captures the whole of
``epoch.train_step`` (gather, forward, assignment, loss, backward, Adam) once per batch length and
replays it. On a CPU the same steps run eagerly; the tests compare them with ``train_epoch``.
"""
from __future__ import annotations

import functools
import warnings
from collections.abc import Callable

import torch

from .epoch import train_step
from .model import DeepKMeans


def set_capturable(optimizer: torch.optim.Optimizer, on: bool) -> None:
    """Adam's step counters on the parameters' device (``on``: a CUDA graph can replay the step) or the CPU."""
    for group in optimizer.param_groups:
        group["capturable"] = on
        for param in group["params"]:
            state = optimizer.state.get(param, {})
            if "step" in state:
                state["step"] = state["step"].to(param.device if on else "cpu", torch.float32)


class GraphedEpochs:
    """The epochs of one model, optimizer and training tensor, each batch's step replayed from a graph.

    State is real here: the graphs, and the fixed tensors they read (batch indices, alpha, beta,
    the partition) and write (the epoch's sums and counts). Build a new one for a new model.
    """

    def __init__(self, model: DeepKMeans, optimizer: torch.optim.Optimizer, images: torch.Tensor,
                 batch_size: int, rec_loss: str = "mse"):
        if "capturable" not in optimizer.defaults:
            raise ValueError(f"GraphedEpochs needs an optimizer that can step inside a CUDA graph (Adam); "
                             f"got {type(optimizer).__name__}.")
        device = images.device
        self.model, self.optimizer, self.images = model, optimizer, images
        self.batch_size, self.rec_loss = batch_size, rec_loss
        self.capture = device.type == "cuda"
        self.alpha = torch.zeros((), device=device)
        self.beta = torch.zeros((), device=device)
        self.targets = torch.zeros(len(images), dtype=torch.long, device=device)
        self.sums = torch.zeros(3, device=device)
        self.counts = torch.zeros(model.n_clusters, dtype=torch.long, device=device)
        self.steps = {}   # (mode, batch length) -> (index buffer, step)
        if self.capture:
            set_capturable(optimizer, True)

    def epoch(self, alpha: float, generator: torch.Generator, targets: torch.Tensor | None = None,
              beta: float | None = None) -> dict[str, torch.Tensor]:
        """What ``train_epoch(model, optimizer, images, alpha, batch_size, generator, ...)`` returns, same order."""
        self.model.train()
        partial = targets is not None and bool((targets < 0).any())   # one check per epoch, not per batch
        mode = (targets is not None, partial, beta is not None)
        if targets is not None:
            self.targets.copy_(targets)
        self.alpha.fill_(alpha)
        self.beta.fill_(0.0 if beta is None else beta)
        self.sums.zero_()
        self.counts.zero_()
        order = torch.randperm(len(self.images), generator=generator).to(self.images.device)
        batches = order.split(self.batch_size)
        for batch in batches:
            index, step = self.step(mode, len(batch))
            index.copy_(batch)
            step()
        mean = self.sums / len(batches)
        return {"loss": mean[0], "rec": mean[1], "clust": mean[2], "counts": self.counts.clone()}

    def step(self, mode: tuple[bool, bool, bool], length: int) -> tuple[torch.Tensor, Callable[[], None]]:
        """The index buffer and step for batches of ``length`` in ``mode``; captured on first use."""
        if (mode, length) not in self.steps:
            index = torch.zeros(length, dtype=torch.long, device=self.images.device)
            run = functools.partial(self.eager_step, index, mode)
            self.steps[mode, length] = (index, self.captured(run) if self.capture else run)
        return self.steps[mode, length]

    def eager_step(self, index: torch.Tensor, mode: tuple[bool, bool, bool]) -> None:
        """``train_step`` on the images ``index`` names, reading alpha, beta and the partition from their tensors."""
        uses_targets, partial, soft = mode
        train_step(self.model, self.optimizer, self.images[index], self.targets[index] if uses_targets else None,
                   self.alpha, self.sums, self.counts, rec_loss=self.rec_loss, partial=partial,
                   beta=self.beta if soft else None)

    def captured(self, run: Callable[[], None]) -> Callable[[], None]:
        """``run`` as a CUDA graph's replay. Warm-up steps first (outside any graph, on a side stream, as
        PyTorch's whole-network capture recipe asks); their effect on weights, Adam and sums is undone."""
        undo = self.checkpoint()
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side), warnings.catch_warnings():
            warnings.filterwarnings("ignore", "This instance was constructed with capturable=True")  # by design here
            for _ in range(3):
                run()
        torch.cuda.current_stream().wait_stream(side)
        undo()
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):   # recorded, not run
            run()
        return graph.replay

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back the weights, Adam's state and the sums as they are now."""
        had_state = set(self.optimizer.state)
        saved = [p.detach().clone() for p in self.model.parameters()]
        saved_state = {p: {k: v.clone() for k, v in self.optimizer.state[p].items()} for p in had_state}
        sums, counts = self.sums.clone(), self.counts.clone()

        @torch.no_grad()
        def undo():
            for param, value in zip(self.model.parameters(), saved):
                param.copy_(value)
            for param, state in self.optimizer.state.items():
                for key, value in state.items():
                    if param in had_state:
                        value.copy_(saved_state[param][key])
                    else:   # born in the warm-up: back to zero, where a fresh Adam starts
                        value.zero_()
            self.sums.copy_(sums)
            self.counts.copy_(counts)
        return undo
