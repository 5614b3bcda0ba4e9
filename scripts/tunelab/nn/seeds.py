"""Part 7: the reproducibility demonstration and multi-seed reporting (mean ± std)."""

from __future__ import annotations

import numpy as np


def first_outputs(runs: int, seed: int | None) -> list[float]:
    """The notebook's demo: a fresh ``nn.Linear(10, 1)`` on ``torch.randn(5, 10)``, first output,
    ``runs`` times; seeded with ``seed`` before each run, or never when it is None."""
    import torch
    from torch import nn

    from tunelab.nn.determinism import seed_everything

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


def rf_seed_scores(settings: dict) -> list[dict]:
    """The notebook's five-seed forest: each seed regenerates its data, splits (unstratified)
    and seeds the forest."""
    from sklearn.datasets import make_classification
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split

    scores = []
    for seed in settings["seeds"]:
        np.random.seed(seed)
        X, y = make_classification(**settings["options"], random_state=seed)
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=settings["test_size"], random_state=seed
        )
        model = RandomForestClassifier(n_estimators=settings["n_estimators"], random_state=seed,
                                       n_jobs=1)
        scores.append({"seed": seed, "test_score": float(model.fit(X_train, y_train).score(X_test, y_test))})
    return scores


def mean_std(scores: list[dict]) -> dict:
    """Mean and (population, as ``np.std``) standard deviation of the per-seed test scores."""
    values = np.array([score["test_score"] for score in scores])
    kept = [{"seed": score["seed"], "test_score": score["test_score"]} for score in scores]
    return {"seeds": [score["seed"] for score in scores], "scores": kept,
            "mean": float(values.mean()), "std": float(values.std())}
