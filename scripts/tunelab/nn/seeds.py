"""Part 7: multi-seed reporting (mean ± std)."""

from __future__ import annotations

import numpy as np


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
