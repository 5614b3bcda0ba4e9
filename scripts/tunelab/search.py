"""The tuning strategies: each runs one search and returns the same list of trials."""

from __future__ import annotations

import time
from contextlib import closing
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import numpy as np
from sklearn.base import clone
from sklearn.metrics import get_scorer
from sklearn.model_selection import ParameterGrid, ParameterSampler, StratifiedKFold

from tunelab import spaces
from tunelab.models import build_estimator
from tunelab.strategies import STRATEGIES
from tunelab.trial_cache import TrialCache, combined_key, data_digest, estimator_digest, splits_digest
from tunelab.trials import COMPLETE, FAILED, PRUNED, Trial, plain

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Listener:
    """Where a search reports: text lines, and each finished trial (e.g. to a tracker)."""

    progress: Progress = print
    on_trial: Callable[[Trial], None] | None = None

    def trial_done(self, folds: "FoldScorer", trial: Trial, total: int) -> None:
        score = "-" if trial.state == FAILED else f"{trial.mean_score:.4f}"
        source = " (from the cache)" if folds.trial_from_cache(trial) else ""
        self.progress(
            f"{folds.job.strategy} trial {trial.number + 1}/{total}: {trial.state} {score} "
            f"{trial.params}{source}"
        )
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


class FoldScorer:
    """Scores a job's params fold by fold on (X, y), through the trial cache.

    Folds run one after another: a search job's parallelism is other jobs, and its threads
    (if more than one) go to the estimator's own ``n_jobs``.
    """

    def __init__(self, job: SearchJob, X: np.ndarray, y: np.ndarray, cache: TrialCache | None = None):
        self.job, self.X, self.y = job, X, y
        self.cache = cache or TrialCache()
        self.splits = list(job.splitter().split(X, y))
        self.scorer = get_scorer(job.scoring)
        self.data_key = data_digest(X, y) if self.cache.enabled else ""
        self.splits_key = splits_digest(self.splits) if self.cache.enabled else ""
        self.trials_from_cache = 0
        self.fits_cpu_seconds = 0.0  # this process's CPU inside fit_and_score, all threads
        self._computed_before_trial = 0

    def trial_from_cache(self, trial: Trial) -> bool:
        """Whether ``trial``, just finished, fitted nothing: every fold score it used was cached."""
        computed = self.cache.counts.computed
        cached = self.cache.enabled and trial.state != FAILED and computed == self._computed_before_trial
        self._computed_before_trial = computed
        self.trials_from_cache += cached
        return cached

    def iter_scores(self, params: dict) -> Iterator[float]:
        """One fold at a time, so a pruner can stop between folds (then close the iterator:
        its folds are stored when it ends or is closed)."""
        estimator = self.job.estimator(params, threads=self.job.threads)

        def fit(index: int) -> float:
            return self.fit_and_score(estimator, *self.splits[index])

        return self.cache.scores(self.trial_key(estimator), len(self.splits), fit)

    def trial_key(self, estimator) -> str:
        """The trial's cache key for ``estimator`` (empty with the cache off: nothing is hashed)."""
        if not self.cache.enabled:
            return ""
        return combined_key(self.data_key, self.splits_key, estimator_digest(estimator, self.job.scoring))

    def scores(self, params: dict) -> list[float]:
        return list(self.iter_scores(params))

    def fit_and_score(self, estimator, train: np.ndarray, test: np.ndarray) -> float:
        start = time.process_time()
        try:
            fitted = clone(estimator).fit(self.X[train], self.y[train])
            return float(self.scorer(fitted, self.X[test], self.y[test]))
        finally:
            self.fits_cpu_seconds += time.process_time() - start


def run_candidates(job: SearchJob, candidates: list[dict], folds: FoldScorer, listener: Listener) -> list[Trial]:
    """Evaluate a fixed list of candidates in order (grid and random search)."""
    trials = []
    for number, candidate in enumerate(candidates):
        trial = Trial(number, {name: plain(candidate[name]) for name in job.space})
        evaluate_trial(trial, folds, listener)
        trials.append(trial)
        listener.trial_done(folds, trial, len(candidates))
    return trials


def run_grid(job: SearchJob, folds: FoldScorer, listener: Listener) -> list[Trial]:
    """GridSearchCV's candidates, in its order."""
    candidates = list(ParameterGrid(spaces.sklearn_grid(job.space)))
    return run_candidates(job, candidates, folds, listener)


def run_random(job: SearchJob, folds: FoldScorer, listener: Listener) -> list[Trial]:
    """RandomizedSearchCV's candidates: the same sampler, distributions and seed."""
    sampler = ParameterSampler(
        spaces.scipy_distributions(job.space), job.settings["n_trials"], random_state=job.seed
    )
    return run_candidates(job, list(sampler), folds, listener)


def run_gp(job: SearchJob, folds: FoldScorer, listener: Listener) -> list[Trial]:
    """GP Bayesian optimisation as the notebook runs it: ``init_points`` random, the rest guided.

    A failed trial is shown to the GP as the worst score seen so far, so the search goes on.
    """
    from bayes_opt import BayesianOptimization

    trials: list[Trial] = []
    n_trials = job.settings["n_trials"]

    def objective(**point: float) -> float:
        trial = Trial(len(trials), spaces.from_gp_point(job.space, point))
        evaluate_trial(trial, folds, listener)
        trials.append(trial)
        listener.trial_done(folds, trial, n_trials)
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


def evaluate_trial(trial: Trial, folds: FoldScorer, listener: Listener) -> None:
    start = time.perf_counter()
    try:
        trial.fold_scores = folds.scores(trial.params)
    except Exception as error:  # a trial that raises is recorded, not fatal
        trial.state = FAILED
        listener.progress(f"trial {trial.number} failed: {type(error).__name__}: {error}")
    trial.seconds = time.perf_counter() - start


def optuna_sampler(job: SearchJob):
    """The registry's Optuna sampler for ``job.strategy``, seeded, with the config's options."""
    import optuna

    name = STRATEGIES[job.strategy].sampler
    if name == "GPSampler":  # torch fits the GP: one thread, the same on every machine
        import torch

        torch.set_num_threads(1)
    options = job.settings.get("sampler", {})
    return getattr(optuna.samplers, name)(seed=job.seed, **options)


def run_optuna(job: SearchJob, folds: FoldScorer, listener: Listener) -> list[Trial]:
    """An Optuna study with the registry's sampler, one trial at a time (parallel trials
    would not be reproducible).

    A strategy that prunes reports each fold's running mean, and a MedianPruner may stop
    the trial.
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    pruned = STRATEGIES[job.strategy].prunes
    pruner = (
        optuna.pruners.MedianPruner(**job.settings.get("pruner", {}))
        if pruned
        else optuna.pruners.NopPruner()
    )
    sampler = optuna_sampler(job)
    study = optuna.create_study(direction="maximize", sampler=sampler, pruner=pruner)
    n_trials = job.settings["n_trials"]

    def objective(trial: optuna.Trial) -> float:
        params = spaces.suggest(trial, job.space)
        if not pruned:
            scores = folds.scores(params)
            trial.set_user_attr("fold_scores", scores)
            return float(np.mean(scores))
        scores = []
        with closing(folds.iter_scores(params)) as fold_scores:
            for step, score in enumerate(fold_scores):
                scores.append(score)
                trial.set_user_attr("fold_scores", scores)
                trial.report(float(np.mean(scores)), step)
                if trial.should_prune():
                    raise optuna.TrialPruned()
        return float(np.mean(scores))

    def on_trial_end(study: optuna.Study, frozen: optuna.trial.FrozenTrial) -> None:
        listener.trial_done(folds, trial_from_optuna(job, frozen), n_trials)

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


Runner = Callable[[SearchJob, "FoldScorer", Listener], list[Trial]]


def runner(strategy: str) -> Runner:
    """The function that runs ``strategy``, as its registry entry names it."""
    return globals()[STRATEGIES[strategy].runner]


def run_search(folds: FoldScorer, listener: Listener = Listener()) -> list[Trial]:
    """Run the search of ``folds.job``, scoring on ``folds``' data through its cache."""
    return runner(folds.job.strategy)(folds.job, folds, listener)


def held_out_score(job: SearchJob, params: dict, X_train, y_train, X_test, y_test) -> float:
    """Held-out score of the best params, refitted on the whole training set."""
    fitted = job.estimator(params, threads=job.threads).fit(X_train, y_train)
    return float(get_scorer(job.scoring)(fitted, X_test, y_test))
