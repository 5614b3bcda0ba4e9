"""The tuning strategies: each runs one search and returns the same list of trials."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import numpy as np
from sklearn.base import clone
from sklearn.metrics import get_scorer
from sklearn.model_selection import (
    GridSearchCV,
    RandomizedSearchCV,
    StratifiedKFold,
    cross_validate,
)

from tunelab import spaces
from tunelab.models import build_estimator, prefixed, unprefixed
from tunelab.strategies import STRATEGIES
from tunelab.trials import COMPLETE, FAILED, PRUNED, Trial, plain

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Listener:
    """Where a search reports: text lines, and each finished trial (e.g. to a tracker)."""

    progress: Progress = print
    on_trial: Callable[[Trial], None] | None = None

    def trial_done(self, job: "SearchJob", trial: Trial, total: int) -> None:
        score = "-" if trial.state == FAILED else f"{trial.mean_score:.4f}"
        self.progress(f"{job.strategy} trial {trial.number + 1}/{total}: {trial.state} {score} {trial.params}")
        if self.on_trial is not None:
            self.on_trial(trial)


@dataclass(frozen=True)
class SearchJob:
    """Everything one search depends on: its results are a function of this alone."""

    strategy: str
    model: dict
    space: dict
    settings: dict
    folds: int
    shuffle: bool
    scoring: str
    seed: int
    threads: int = 1

    @classmethod
    def from_settings(cls, settings: dict, seed: int, threads: int) -> "SearchJob":
        """A job from ``tunelab.config.search_settings`` plus the seed and threads."""
        fields = ("strategy", "model", "space", "settings", "folds", "shuffle", "scoring")
        return cls(**{name: settings[name] for name in fields}, seed=seed, threads=threads)

    def splitter(self) -> StratifiedKFold:
        seed = self.seed if self.shuffle else None
        return StratifiedKFold(n_splits=self.folds, shuffle=self.shuffle, random_state=seed)

    def estimator(self, params: dict[str, Any], threads: int = 1):
        return build_estimator(self.model, params, self.seed, threads)


def fold_scores(job: SearchJob, params: dict, X: np.ndarray, y: np.ndarray) -> list[float]:
    """All folds at once, folds in parallel over the job's threads."""
    result = cross_validate(
        job.estimator(params),
        X,
        y,
        cv=job.splitter(),
        scoring=job.scoring,
        n_jobs=job.threads,
        error_score="raise",
    )
    return [float(score) for score in result["test_score"]]


def iter_fold_scores(job: SearchJob, params: dict, X: np.ndarray, y: np.ndarray) -> Iterator[float]:
    """One fold at a time, so a pruner can stop between folds."""
    scorer = get_scorer(job.scoring)
    estimator = job.estimator(params, threads=job.threads)
    for train, test in job.splitter().split(X, y):
        fitted = clone(estimator).fit(X[train], y[train])
        yield float(scorer(fitted, X[test], y[test]))


def trials_from_cv_results(job: SearchJob, results: dict) -> list[Trial]:
    """GridSearchCV / RandomizedSearchCV results as trials; a NaN fold marks a failed trial."""
    trials = []
    for number, raw in enumerate(results["params"]):
        names = unprefixed(raw)
        params = {name: plain(names[name]) for name in job.space}
        scores = [float(results[f"split{k}_test_score"][number]) for k in range(job.folds)]
        failed = any(math.isnan(score) for score in scores)
        seconds = (results["mean_fit_time"][number] + results["mean_score_time"][number]) * job.folds
        trials.append(
            Trial(
                number=number,
                params=params,
                fold_scores=[] if failed else scores,
                state=FAILED if failed else COMPLETE,
                seconds=float(seconds),
            )
        )
    return trials


def run_sklearn_search(job: SearchJob, search_cls, space_arg: dict, X, y, listener: Listener, **extra) -> list[Trial]:
    search = search_cls(
        job.estimator({}),
        prefixed(job.model, space_arg),
        cv=job.splitter(),
        scoring=job.scoring,
        n_jobs=job.threads,
        refit=False,
        error_score=np.nan,
        **extra,
    )
    search.fit(X, y)
    trials = trials_from_cv_results(job, search.cv_results_)
    for trial in trials:
        listener.trial_done(job, trial, len(trials))
    return trials


def run_grid(job: SearchJob, X, y, listener: Listener) -> list[Trial]:
    return run_sklearn_search(job, GridSearchCV, spaces.sklearn_grid(job.space), X, y, listener)


def run_random(job: SearchJob, X, y, listener: Listener) -> list[Trial]:
    return run_sklearn_search(
        job,
        RandomizedSearchCV,
        spaces.scipy_distributions(job.space),
        X,
        y,
        listener,
        n_iter=job.settings["n_trials"],
        random_state=job.seed,
    )


def run_gp(job: SearchJob, X, y, listener: Listener) -> list[Trial]:
    """GP Bayesian optimisation as the notebook runs it: ``init_points`` random, the rest guided.

    A failed trial is shown to the GP as the worst score seen so far, so the search goes on.
    """
    from bayes_opt import BayesianOptimization

    trials: list[Trial] = []
    n_trials = job.settings["n_trials"]

    def objective(**point: float) -> float:
        trial = Trial(len(trials), spaces.from_gp_point(job.space, point))
        evaluate_trial(job, trial, X, y, listener)
        trials.append(trial)
        listener.trial_done(job, trial, n_trials)
        if trial.state == COMPLETE:
            return trial.mean_score
        complete = [t.mean_score for t in trials if t.state == COMPLETE]
        return min(complete, default=0.0)

    optimizer = BayesianOptimization(
        f=objective,
        pbounds=spaces.gp_bounds(job.space),
        random_state=job.seed,
        verbose=0,
        allow_duplicate_points=True,
    )
    init_points = job.settings["init_points"]
    optimizer.maximize(init_points=init_points, n_iter=n_trials - init_points)
    return trials


def evaluate_trial(job: SearchJob, trial: Trial, X, y, listener: Listener) -> None:
    start = time.perf_counter()
    try:
        trial.fold_scores = fold_scores(job, trial.params, X, y)
    except Exception as error:  # a trial that raises is recorded, not fatal
        trial.state = FAILED
        listener.progress(f"trial {trial.number} failed: {type(error).__name__}: {error}")
    trial.seconds = time.perf_counter() - start


def run_tpe(job: SearchJob, X, y, listener: Listener) -> list[Trial]:
    return run_optuna(job, X, y, listener, pruned=False)


def run_tpe_pruned(job: SearchJob, X, y, listener: Listener) -> list[Trial]:
    return run_optuna(job, X, y, listener, pruned=True)


def run_optuna(job: SearchJob, X, y, listener: Listener, pruned: bool) -> list[Trial]:
    """Optuna TPE, one trial at a time (parallel trials would not be reproducible).

    With ``pruned`` each fold's running mean is reported and a MedianPruner may stop the trial.
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.TPESampler(seed=job.seed, **job.settings.get("sampler", {}))
    pruner = (
        optuna.pruners.MedianPruner(**job.settings.get("pruner", {}))
        if pruned
        else optuna.pruners.NopPruner()
    )
    study = optuna.create_study(direction="maximize", sampler=sampler, pruner=pruner)
    n_trials = job.settings["n_trials"]

    def objective(trial: optuna.Trial) -> float:
        params = spaces.suggest(trial, job.space)
        if not pruned:
            scores = fold_scores(job, params, X, y)
            trial.set_user_attr("fold_scores", scores)
            return float(np.mean(scores))
        scores = []
        for step, score in enumerate(iter_fold_scores(job, params, X, y)):
            scores.append(score)
            trial.set_user_attr("fold_scores", scores)
            trial.report(float(np.mean(scores)), step)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return float(np.mean(scores))

    def on_trial_end(study: optuna.Study, frozen: optuna.trial.FrozenTrial) -> None:
        listener.trial_done(job, trial_from_optuna(job, frozen), n_trials)

    study.optimize(objective, n_trials=n_trials, catch=(Exception,), callbacks=[on_trial_end])
    return [trial_from_optuna(job, frozen) for frozen in study.trials]


def trial_from_optuna(job: SearchJob, frozen) -> Trial:
    import optuna

    states = {
        optuna.trial.TrialState.COMPLETE: COMPLETE,
        optuna.trial.TrialState.PRUNED: PRUNED,
    }
    state = states.get(frozen.state, FAILED)
    scores = frozen.user_attrs.get("fold_scores", [])
    duration = frozen.duration.total_seconds() if frozen.duration else 0.0
    return Trial(
        number=frozen.number,
        params={name: frozen.params[name] for name in job.space if name in frozen.params},
        fold_scores=[] if state == FAILED else list(scores),
        state=state,
        seconds=duration,
    )


Runner = Callable[[SearchJob, Any, Any, Listener], list[Trial]]


def runner(strategy: str) -> Runner:
    """The function that runs ``strategy``, as its registry entry names it."""
    return globals()[STRATEGIES[strategy].runner]


def run_search(job: SearchJob, X, y, listener: Listener = Listener()) -> list[Trial]:
    return runner(job.strategy)(job, X, y, listener)


def held_out_score(job: SearchJob, params: dict, X_train, y_train, X_test, y_test) -> float:
    """Held-out score of the best params, refitted on the whole training set."""
    fitted = job.estimator(params, threads=job.threads).fit(X_train, y_train)
    return float(get_scorer(job.scoring)(fitted, X_test, y_test))
