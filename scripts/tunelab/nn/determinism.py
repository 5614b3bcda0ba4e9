"""The one place where a network job fixes its randomness, threads and device.

A job's numbers depend on its config and seed alone: every source of randomness is seeded
here, torch runs deterministic kernels, and the number of intra-op threads comes from the
config (``nn.threads``), never from the cores Snakemake grants (CPU sums differ with the
thread count). `environment` records what was used, to be stored with every result.

Batches are shuffled as the notebook's ``DataLoader(..., shuffle=True)`` shuffles them:
with no generator of its own, each epoch draws its seeds from torch's global generator,
which `seed_everything` seeds. A separate generator would be just as deterministic but
would change the notebook's numbers, so `ShuffledBatches` keeps the notebook's draws
(without the DataLoader's per-sample indexing and collation, a third of a small
network's training time).
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Iterator

import numpy as np
import torch

from tunelab.config import ConfigError
from tunelab.nn.config import AUTO, CPU, CUDA, DEVICES, NO_GPU

CUBLAS_WORKSPACE = ":4096:8"


def fix_threads(threads: int) -> None:
    """torch's intra-op threads, from the config: results must not depend on ``--cores``."""
    torch.set_num_threads(threads)


def seed_everything(seed: int) -> None:
    """The notebook's ``set_seed_full`` (Part 7): Python, NumPy, torch CPU and CUDA,
    cuDNN without autotuning, deterministic algorithms, cuBLAS's fixed workspace."""
    os.environ["CUBLAS_WORKSPACE_CONFIG"] = CUBLAS_WORKSPACE
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    torch.use_deterministic_algorithms(True)


def gpu_visible() -> bool:
    return torch.cuda.is_available()


def resolve_device(requested: str) -> torch.device:
    """``cpu``, ``cuda`` (a GPU must be visible) or ``auto`` (the GPU when there is one)."""
    if requested not in DEVICES:
        raise ConfigError(f"nn.device: unknown device '{requested}' (known: {', '.join(DEVICES)})")
    if requested == CUDA and not gpu_visible():
        raise ConfigError(f"nn.device: {NO_GPU}")
    if requested == AUTO:
        return torch.device(CUDA if gpu_visible() else CPU)
    return torch.device(requested)


def prepare(seed: int, threads: int, device: str) -> torch.device:
    """Everything a job does before building a network: threads, device check, seeds."""
    fix_threads(threads)
    resolved = resolve_device(device)
    seed_everything(seed)
    return resolved


def environment(threads: int, device: torch.device) -> dict:
    """What a result was computed with, stored beside it (CPU and CUDA results differ)."""
    return {
        "torch": torch.__version__,
        "device": device.type,
        "torch_threads": threads,
        "deterministic_algorithms": torch.are_deterministic_algorithms_enabled(),
    }


def tensors(X: np.ndarray, y: np.ndarray, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """The notebook's ``torch.FloatTensor(X)``, ``torch.LongTensor(y)`` (unscaled features).
    Copied first: pandas hands out read-only arrays, which torch warns about sharing."""
    return (torch.as_tensor(np.array(X, dtype=np.float32), device=device),
            torch.as_tensor(np.array(y, dtype=np.int64), device=device))


class ShuffledBatches:
    """The batches of ``DataLoader(TensorDataset(X, y), batch_size, shuffle=True)``, bit for bit.

    Each pass draws from the global generator what the DataLoader draws, in its order: its
    iterator's base seed (unused without worker processes), then ``RandomSampler``'s seed
    for a fresh generator that permutes the rows. A batch is a slice of that permutation
    (the last one shorter), gathered in one indexing operation instead of row by row. The
    batches and the global generator's state after a pass are the DataLoader's (a test).
    """

    def __init__(self, X: torch.Tensor, y: torch.Tensor, batch_size: int):
        self.X, self.y, self.batch_size = X, y, batch_size

    def __len__(self) -> int:
        return math.ceil(len(self.X) / self.batch_size)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        draw_seed()  # the DataLoader iterator's base seed
        order = torch.randperm(len(self.X), generator=torch.Generator().manual_seed(draw_seed()))
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            yield self.X[rows], self.y[rows]


def draw_seed() -> int:
    """A seed from the global generator, drawn as torch's data loading draws one."""
    return int(torch.empty((), dtype=torch.int64).random_().item())
