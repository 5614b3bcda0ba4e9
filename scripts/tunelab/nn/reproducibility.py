"""Part 7: the reproducibility demonstration (unseeded runs differ, seeded runs agree) and
its one-line report. Apart from the multi-seed code so figure jobs never import torch."""

from __future__ import annotations

import torch
from torch import nn

from tunelab.nn.determinism import seed_everything


def first_outputs(runs: int, seed: int | None) -> list[float]:
    """The notebook's demo: a fresh ``nn.Linear(10, 1)`` on ``torch.randn(5, 10)``, first output,
    ``runs`` times; seeded with ``seed`` before each run, or never when it is None."""
    outputs = []
    for _ in range(runs):
        if seed is not None:
            seed_everything(seed)
        model = nn.Linear(10, 1)
        x = torch.randn(5, 10)
        with torch.no_grad():
            outputs.append(model(x)[0].item())
    return outputs


def all_same(outputs: list[float]) -> bool:
    """The notebook's test: every output prints the same to 6 decimals."""
    return len({f"{value:.6f}" for value in outputs}) == 1


def demo_summary(outputs: list[float], seeded: bool) -> dict:
    """What a demo found. Unseeded outputs change from process to process, so only their count
    of distinct values is kept (the result file stays the same bytes); seeded ones are kept."""
    found = {"runs": len(outputs), "distinct": len({f"{v:.6f}" for v in outputs}),
             "all_same": all_same(outputs)}
    return {**found, "outputs": outputs} if seeded else found


def reproducibility_line(found: dict) -> str:
    unseeded, seeded, twice = found["unseeded"], found["seeded"], found["trained_twice"]
    return (
        f"Unseeded runs {'are identical' if unseeded['all_same'] else 'differ'} "
        f"({unseeded['distinct']} distinct outputs of {unseeded['runs']}); seeded runs "
        f"{'are identical' if seeded['all_same'] else 'differ'}; the nn_train network trained "
        f"twice with seed {twice['seed']}: {twice['tensors']} weight tensors "
        f"({twice['values']} values) {'identical' if twice['identical'] else 'DIFFER'} "
        f"(largest difference {twice['max_abs_difference']:g})."
    )
