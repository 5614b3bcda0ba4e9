"""Nested cross-validation: a strategy's whole tune-then-refit procedure, scored on outer folds.

One job per outer fold: the strategy searches the outer-training part with inner CV, its
choice is refitted on that part and scored once on the outer-test part. One more job searches
all samples: its best CV score is what a tuned model's report would quote (GridSearchCV's
``best_score_``), optimistic because it is the best of many. The gap between the two is the
optimism the nested estimate removes, give or take the outer folds' spread.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

from tunelab import trial_cache, trials
from tunelab.search import FoldScorer, Listener, SearchJob, held_out_score, run_search
from tunelab.nested_report import ALL, OUTER_PREFIX


def outer_splits(y: np.ndarray, outer: dict, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``cross_val_score``'s outer folds: StratifiedKFold(folds, shuffle, random_state=seed)."""
    shuffle = outer["shuffle"]
    splitter = StratifiedKFold(outer["folds"], shuffle=shuffle, random_state=seed if shuffle else None)
    return list(splitter.split(np.zeros((len(y), 1)), y))


def part_rows(part: str, y: np.ndarray, outer: dict, seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    """The (training rows, test rows) of ``outer<k>`` (1-based), or every row and none for ``all``."""
    if part == ALL:
        return np.arange(len(y)), None
    number = int(part.removeprefix(OUTER_PREFIX))
    return outer_splits(y, outer, seed)[number - 1]


def run_part(settings: dict, part: str, X: np.ndarray, y: np.ndarray, cache: trial_cache.TrialCache | None = None,
             listener: Listener = Listener(), trials_path: str | Path | None = None) -> dict:
    """One nested-CV job: the inner search on ``part``'s training rows, and for an outer fold
    the refitted choice's score on its test rows. The trial table goes to ``trials_path``
    (read back, so the choice is made from exactly the stored scores). The listener hears
    of each trial, then of the cache's savings."""
    job = SearchJob.from_settings(settings, settings["seed"], threads=1)
    train, test = part_rows(part, y, settings["outer"], settings["seed"])
    folds = FoldScorer(job, X[train], y[train], cache)
    found = run_search(folds, listener)
    frame = trials.trial_frame(found, job.folds)
    if trials_path is not None:
        trials.write_table(frame, trials_path)
        frame = trials.read_trials(trials_path)
    else:
        frame["params"] = [trial.params for trial in found]
    listener.progress(trial_cache.report(folds.cache, folds.trials_from_cache, len(found)))
    best = trials.best_trial(frame)
    outer_score = None
    if test is not None:
        outer_score = held_out_score(job, best["params"], X[train], y[train], X[test], y[test])
    return {
        "strategy": job.strategy,
        "part": part,
        "n_train": int(len(train)),
        "n_test": 0 if test is None else int(len(test)),
        "best_params": best["params"],
        "inner_best_cv": float(best["mean_score"]),
        "outer_score": outer_score,
        "n_trials": int(len(frame)),
        "fits_used": int(frame["folds_fitted"].sum()),
    }
