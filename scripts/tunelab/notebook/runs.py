"""The notebook's tracked runs (Part 3), each declared in the config by its kind.

A run declares an estimator (``estimator``, ``fixed``, optional ``preprocessing``, as a model does)
and a ``kind``; each kind returns the steps and summary it logs, so a job writes them to a
file and to Trackio alike. Metric names come from :data:`tunelab.tracking.METRICS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tunelab.models import build_estimator, prefixed, unprefixed

if TYPE_CHECKING:
    from tunelab.datasets import Split

FIT, SEARCH_BEST, GRID_SEARCH, SWEEP = "fit", "search_best", "grid_search", "sweep"
# The declaration keys each kind needs; a kind takes none of the others' keys.
KIND_KEYS = {
    FIT: ("estimator",),
    SEARCH_BEST: ("search",),
    GRID_SEARCH: ("estimator", "grid"),
    SWEEP: ("estimator", "sweep"),
}


@dataclass
class TrackedRun:
    params: dict[str, Any]
    steps: list[dict[str, float]] = field(default_factory=list)
    summary: dict[str, float] = field(default_factory=dict)


def train_test_scores(model, data: Split) -> dict[str, float]:
    train = float(model.score(data.X_train, data.y_train))
    test = float(model.score(data.X_test, data.y_test))
    return {"train_score": train, "test_score": test, "train_test_gap": train - test}


def fit_and_score(run: dict, data: Split, seed: int, threads: int) -> TrackedRun:
    """Fit the declared estimator as it is (Run 1: the logistic baseline)."""
    model = build_estimator(run, {}, seed, threads).fit(data.X_train, data.y_train)
    return TrackedRun(params=dict(run.get("fixed", {})), summary=train_test_scores(model, data))


def refit_search_best(run: dict, data: Split, seed: int, threads: int) -> TrackedRun:
    """Refit a search's best params on the training set (Run 2: the grid-tuned forest)."""
    best = run["search_best"]
    model = build_estimator(run, best["best_params"], seed, threads).fit(data.X_train, data.y_train)
    scores = train_test_scores(model, data)
    cv_score = best["best_cv_score"]
    summary = {**scores, "cv_score": cv_score, "cv_test_gap": cv_score - scores["test_score"]}
    return TrackedRun(params=dict(best["best_params"]), summary=summary)


def tune_by_grid_search(run: dict, data: Split, seed: int, threads: int) -> TrackedRun:
    """A small GridSearchCV of its own (Run 3: gradient boosting).

    The notebook leaves GradientBoostingClassifier unseeded; here it gets the seed so the
    run is reproducible.
    """
    from sklearn.model_selection import GridSearchCV

    search = GridSearchCV(
        build_estimator(run, {}, seed, threads=1),
        prefixed(run, run["grid"]),
        cv=run["folds"],
        n_jobs=threads,
    ).fit(data.X_train, data.y_train)
    scores = train_test_scores(search.best_estimator_, data)
    cv_score = float(search.best_score_)
    summary = {**scores, "cv_score": cv_score, "cv_test_gap": cv_score - scores["test_score"]}
    return TrackedRun(params=unprefixed(search.best_params_), summary=summary)


def sweep_one_param(run: dict, data: Split, seed: int, threads: int) -> TrackedRun:
    """Train and test score as one parameter grows, one step per value (Run 4)."""
    sweep = run["sweep"]
    steps = []
    for value in range(sweep["low"], sweep["high"] + 1, sweep["step"]):
        model = build_estimator(run, {sweep["param"]: value}, seed, threads)
        scores = train_test_scores(model.fit(data.X_train, data.y_train), data)
        steps.append({"sweep_value": value, "train_score": scores["train_score"],
                      "test_score": scores["test_score"]})
    best = max(steps, key=lambda step: step["test_score"])
    return TrackedRun(
        params={**run.get("fixed", {}), "swept": sweep["param"]},
        steps=steps,
        summary={"best_sweep_value": best["sweep_value"], "test_score": best["test_score"]},
    )


RUNNERS = {
    FIT: fit_and_score,
    SEARCH_BEST: refit_search_best,
    GRID_SEARCH: tune_by_grid_search,
    SWEEP: sweep_one_param,
}


def sweep_figure(steps: list[dict], param: str):
    """Train and test score against the swept parameter (Run 4: the forest grows)."""
    import pandas as pd

    from tunelab.figures import plt  # pyplot on the Agg backend

    frame = pd.DataFrame(steps)
    figure, ax = plt.subplots(figsize=(10, 5))
    ax.plot(frame["sweep_value"], frame["train_score"], "o-", label="Train score")
    ax.plot(frame["sweep_value"], frame["test_score"], "s-", label="Test score")
    ax.set_xlabel(param)
    ax.set_ylabel("Score")
    ax.set_title(f"Train and test score as {param} grows")
    ax.legend()
    figure.tight_layout()
    return figure


def tuned_by(run: dict) -> str | None:
    """The strategy that chose the run's params, if one did."""
    if run["kind"] == SEARCH_BEST:
        return run["search"]["strategy"]
    return "grid" if run["kind"] == GRID_SEARCH else None


def run_notebook_run(run: dict, data: Split, seed: int, threads: int) -> TrackedRun:
    return RUNNERS[run["kind"]](run, data, seed, threads)
