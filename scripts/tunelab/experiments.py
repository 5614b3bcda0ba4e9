"""The notebook's tracked experiments (Part 3): each returns the config, the steps and the
summary it logs, so a job can write them to a file and to Trackio alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sklearn is imported where used: the workflow reads EXPERIMENTS at parse time
    from tunelab.datasets import Split


@dataclass
class TrackedRun:
    config: dict[str, Any]
    steps: list[dict[str, float]] = field(default_factory=list)
    summary: dict[str, float] = field(default_factory=dict)


def train_test_metrics(model, data: Split) -> dict[str, float]:
    train = float(model.score(data.X_train, data.y_train))
    test = float(model.score(data.X_test, data.y_test))
    return {"train_accuracy": train, "test_accuracy": test, "train_test_gap": train - test}


def logistic_baseline(data: Split, seed: int, options: dict) -> TrackedRun:
    """Run 1: logistic regression, train/test accuracy and their gap."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=1000, random_state=seed).fit(data.X_train, data.y_train)
    return TrackedRun(
        config={"model": "LogisticRegression", "C": 1.0, "max_iter": 1000},
        summary=train_test_metrics(model, data),
    )


def rf_grid_tuned(data: Split, seed: int, options: dict) -> TrackedRun:
    """Run 2: the random forest with the grid search's best params, refitted on train."""
    from sklearn.ensemble import RandomForestClassifier

    best = options["grid_best"]
    model = RandomForestClassifier(**best["best_params"], random_state=seed)
    model.fit(data.X_train, data.y_train)
    return TrackedRun(
        config={"model": "RandomForest", "tuning": "GridSearchCV", **best["best_params"]},
        summary={**train_test_metrics(model, data), "cv_score": best["best_cv_score"]},
    )


def gb_tuned(data: Split, seed: int, options: dict) -> TrackedRun:
    """Run 3: gradient boosting with its own small GridSearchCV.

    The notebook leaves GradientBoostingClassifier unseeded; here it gets the seed so the
    run is reproducible.
    """
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import GridSearchCV

    search = GridSearchCV(
        GradientBoostingClassifier(random_state=seed),
        options["gb_grid"],
        cv=options["folds"],
        n_jobs=options["threads"],
    ).fit(data.X_train, data.y_train)
    test = float(search.best_estimator_.score(data.X_test, data.y_test))
    return TrackedRun(
        config={"model": "GradientBoosting", "tuning": "GridSearchCV", **search.best_params_},
        summary={
            "test_accuracy": test,
            "cv_accuracy": float(search.best_score_),
            "gap": float(search.best_score_) - test,
        },
    )


def n_estimators_sweep(data: Split, seed: int, options: dict) -> TrackedRun:
    """Run 4: train/test accuracy as the forest grows, one step per size."""
    from sklearn.ensemble import RandomForestClassifier

    sweep = options["sweep"]
    fixed = sweep["fixed"]
    steps = []
    for n_trees in range(sweep["low"], sweep["high"] + 1, sweep["step"]):
        model = RandomForestClassifier(n_estimators=n_trees, **fixed, random_state=seed,
                                       n_jobs=options["threads"])
        model.fit(data.X_train, data.y_train)
        metrics = train_test_metrics(model, data)
        steps.append({"n_estimators": n_trees, "train_accuracy": metrics["train_accuracy"],
                      "test_accuracy": metrics["test_accuracy"]})
    best = max(steps, key=lambda step: step["test_accuracy"])
    return TrackedRun(
        config={"model": "RandomForest", "experiment": "n_estimators_sweep", **fixed},
        steps=steps,
        summary={"best_n_estimators": best["n_estimators"], "best_test_accuracy": best["test_accuracy"]},
    )


EXPERIMENTS = {
    "logistic-baseline": logistic_baseline,
    "rf-grid-tuned": rf_grid_tuned,
    "gb-tuned": gb_tuned,
    "rf-n-estimators-sweep": n_estimators_sweep,
}


def run_experiment(name: str, data: Split, seed: int, options: dict) -> TrackedRun:
    return EXPERIMENTS[name](data, seed, options)
