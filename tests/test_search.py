import math

import numpy as np
import pytest
from sklearn.datasets import make_classification

from tunelab import trials
from tunelab.search import FoldScorer, Listener, SearchJob, held_out_score, run_search

X, y = make_classification(n_samples=90, n_features=4, n_informative=3, n_redundant=0, random_state=0)
SPACE = {"n_estimators": {"type": "int", "low": 3, "high": 8}, "max_depth": [2, None]}
MODEL = {"estimator": "RandomForestClassifier"}
SETTINGS = {
    "grid": {},
    "random": {"n_trials": 4},
    "gp": {"n_trials": 4, "init_points": 2},
    "tpe": {"n_trials": 5, "sampler": {"multivariate": False, "constant_liar": False}},
    "tpe_pruned": {"n_trials": 8, "pruner": {"n_startup_trials": 2, "n_warmup_steps": 0}},
    "qmc": {"n_trials": 5, "sampler": {"qmc_type": "sobol", "scramble": True}},
    "optuna_gp": {"n_trials": 5, "sampler": {"n_startup_trials": 2}},
}


def job(strategy, model=MODEL, space=SPACE, threads=1, seed=3):
    return SearchJob(strategy=strategy, model=model, space=space, settings=SETTINGS[strategy],
                     folds=3, shuffle=strategy == "tpe_pruned", scoring="accuracy", seed=seed,
                     threads=threads)


def quiet(message):
    pass


@pytest.mark.parametrize("strategy", sorted(SETTINGS))
def test_every_strategy_writes_the_same_table(strategy):
    found = run_search(FoldScorer(job(strategy), X, y), Listener(quiet))
    expected = 12 if strategy == "grid" else SETTINGS[strategy]["n_trials"]
    assert len(found) == expected
    frame = trials.trial_frame(found, folds=3)
    assert list(frame.columns) == ["trial", "params", "fold_1", "fold_2", "fold_3", "mean_score",
                                   "state", "folds_fitted"]
    assert list(frame["trial"]) == list(range(expected))
    complete = frame[frame["state"] == "complete"]
    assert not complete.empty
    assert np.allclose(complete[["fold_1", "fold_2", "fold_3"]].mean(axis=1), complete["mean_score"])
    for trial in found:
        assert list(trial.params) == list(SPACE)
        assert 3 <= trial.params["n_estimators"] <= 8


@pytest.mark.parametrize("strategy", sorted(SETTINGS))
def test_results_do_not_depend_on_threads(strategy):
    one = trials.trial_frame(run_search(FoldScorer(job(strategy, threads=1), X, y), Listener(quiet)), 3)
    two = trials.trial_frame(run_search(FoldScorer(job(strategy, threads=2), X, y), Listener(quiet)), 3)
    assert one.equals(two)


@pytest.mark.parametrize("strategy", ["qmc", "optuna_gp"])
def test_seeded_optuna_samplers_repeat_byte_for_byte_and_differ_between_seeds(strategy, tmp_path):
    def table(seed, name):
        found = run_search(FoldScorer(job(strategy, seed=seed), X, y), Listener(quiet))
        trials.write_table(trials.trial_frame(found, 3), tmp_path / name)
        return (tmp_path / name).read_bytes()

    assert table(3, "a.csv") == table(3, "b.csv")
    assert table(3, "a.csv") != table(4, "c.csv")


def test_pruning_stops_trials_early_and_counts_fewer_fits():
    frame = trials.trial_frame(run_search(FoldScorer(job("tpe_pruned"), X, y), Listener(quiet)), 3)
    pruned = frame[frame["state"] == "pruned"]
    assert (frame.loc[frame["state"] == "complete", "folds_fitted"] == 3).all()
    assert (pruned["folds_fitted"] < 3).all()
    assert frame["folds_fitted"].sum() == 3 * (frame["state"] == "complete").sum() + pruned["folds_fitted"].sum()


FAILING_MODEL = {"estimator": "LogisticRegression", "fixed": {"solver": "lbfgs", "max_iter": 200}}
FAILING_SPACE = {"penalty": ["l1", "l2"], "C": [0.1, 1.0]}  # lbfgs rejects l1: half the grid fails


@pytest.mark.parametrize("strategy", ["grid", "random", "gp", "tpe", "qmc", "optuna_gp"])
def test_a_trial_that_raises_is_recorded_as_failed_and_the_search_goes_on(strategy):
    messages = []
    found = run_search(FoldScorer(job(strategy, model=FAILING_MODEL, space=FAILING_SPACE), X, y), Listener(messages.append))
    states = {trial.state for trial in found}
    frame = trials.trial_frame(found, 3)
    failed = frame[frame["state"] == "failed"]
    if strategy == "grid":
        assert len(failed) == 2
    assert "complete" in states
    assert all(math.isnan(score) for score in failed["mean_score"])
    assert trials.best_trial(frame)["state"] == "complete"
    assert any("failed" in message for message in messages)


def test_best_trial_prefers_the_earliest_of_equal_scores():
    frame = trials.trial_frame([
        trials.Trial(0, {"a": 1}, [0.5, 0.5]),
        trials.Trial(1, {"a": 2}, [0.9, 0.7]),
        trials.Trial(2, {"a": 3}, [0.7, 0.9]),
        trials.Trial(3, {"a": 4}, [1.0], state="pruned"),
        trials.Trial(4, {"a": 5}, [], state="failed"),
    ], folds=2)
    assert frame.loc[frame["trial"] == 4, "folds_fitted"].item() == 2
    assert trials.best_trial(frame)["trial"] == 1
    assert trials.state_counts(frame) == {"complete": 3, "pruned": 1, "failed": 1}
    assert list(trials.best_so_far(frame)) == [0.5, 0.8, 0.8, 0.8, 0.8]


def test_no_complete_trial_is_a_clear_error():
    frame = trials.trial_frame([trials.Trial(0, {"a": 1}, [], state="failed")], folds=2)
    with pytest.raises(ValueError, match="no trial completed"):
        trials.best_trial(frame)


def test_held_out_score_refits_on_the_training_set():
    search = job("grid")
    score = held_out_score(search, {"n_estimators": 5, "max_depth": None}, X[:60], y[:60], X[60:], y[60:])
    assert 0.5 <= score <= 1.0
    assert score == held_out_score(search, {"n_estimators": 5, "max_depth": None}, X[:60], y[:60], X[60:], y[60:])
