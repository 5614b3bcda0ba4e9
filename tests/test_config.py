"""Bad configs fail before any job runs, with one line naming the key."""

import copy
from pathlib import Path

import pytest
import yaml
from conftest import REPO, load_tiny, run_snakemake, write_config

from tunelab.config import (
    ConfigError,
    dataset_spec,
    notebook_run_settings,
    planned_fits,
    search_settings,
)
from tunelab.config_check import check_config

SCHEMA = yaml.safe_load((REPO / "config" / "schema.yaml").read_text())


def mutated(change):
    config = load_tiny()
    change(config)
    return config


def set_path(path, value):
    def change(config):
        *parents, last = path
        node = config
        for key in parents:
            node = node[key]
        node[last] = value

    return change


def delete_path(path):
    def change(config):
        *parents, last = path
        node = config
        for key in parents:
            node = node[key]
        del node[last]

    return change


BAD_CONFIGS = {
    "unknown strategy": (set_path(["strategies", "hyperband"], {"n_trials": 3}),
                         "strategies: unknown key 'hyperband'"),
    "unknown estimator": (set_path(["models", "rf", "estimator"], "XGBClassifier"),
                          "models.rf.estimator: unknown estimator 'XGBClassifier'"),
    "unknown dataset source": (set_path(["datasets", "tiny", "source"], "mnist"),
                               "datasets.tiny.source: unknown source 'mnist'"),
    "zero budget": (set_path(["strategies", "tpe", "n_trials"], 0),
                    "strategies.tpe.n_trials: 0 is less than the minimum of 1"),
    "negative budget": (set_path(["strategies", "random", "n_trials"], -5),
                        "strategies.random.n_trials: -5 is less than the minimum of 1"),
    "low above high": (set_path(["models", "rf", "spaces", "default", "max_depth"],
                                {"type": "int", "low": 9, "high": 3}),
                       "models.rf.spaces.default.max_depth: low (9) must be below high (3)"),
    "empty grid": (set_path(["models", "rf", "spaces", "grid", "max_depth"], []),
                   "models.rf.spaces.grid.max_depth: empty list of values"),
    "param the estimator does not accept": (
        set_path(["models", "rf", "spaces", "grid", "learning_rate"], [0.1]),
        "models.rf.spaces.grid.learning_rate: RandomForestClassifier does not accept a parameter 'learning_rate'"),
    "bound of the wrong type": (set_path(["models", "rf", "spaces", "default", "n_estimators"],
                                         {"type": "int", "low": "five", "high": 15}),
                                "models.rf.spaces.default.n_estimators.low: must be an integer (got 'five')"),
    "budget of the wrong type": (set_path(["strategies", "gp", "n_trials"], "many"),
                                 "strategies.gp.n_trials: 'many' is not of type 'integer'"),
    "seeds not a list": (set_path(["seeds"], 7), "seeds: 7 is not of type 'array'"),
    "init points above budget": (set_path(["strategies", "gp", "init_points"], 9),
                                 "strategies.gp.init_points: 9 exceeds n_trials (4)"),
    "float range on a grid": (set_path(["models", "rf", "spaces", "grid", "max_features"],
                                       {"type": "float", "low": 0.1, "high": 1.0}),
                              "models.rf.spaces.grid.max_features: grid search needs explicit values"),
    "unknown param type": (set_path(["models", "rf", "spaces", "default", "max_depth"],
                                    {"type": "integer", "low": 1, "high": 3}),
                           "models.rf.spaces.default.max_depth.type: must be one of int, float, categorical"),
    "seed set by hand": (set_path(["models", "rf", "fixed"], {"random_state": 0}),
                         "models.rf.fixed.random_state: 'random_state' is set by the workflow"),
    "missing strategies": (delete_path(["strategies"]), "config: 'strategies' is a required property"),
    "fixed value the estimator rejects": (
        set_path(["models", "rf", "fixed"], {"criterion": "purity"}),
        "models.rf.fixed: The 'criterion' parameter of RandomForestClassifier must be a str among"),
    "grid value the estimator rejects": (
        set_path(["models", "rf", "spaces", "grid", "max_depth"], [2, "deep"]),
        "models.rf.spaces.grid.max_depth: The 'max_depth' parameter of RandomForestClassifier must be"),
    "unknown scorer": (set_path(["scoring"], "acc"), "scoring: unknown scorer 'acc'"),
    "generator option": (set_path(["datasets", "tiny", "options", "n_rows"], 5),
                         "datasets.tiny.options: make_classification does not accept 'n_rows'"),
    "figure param missing": (set_path(["figures", "contour"], ["n_estimators", "gamma"]),
                             "figures.contour: 'gamma' is not in model rf's tpe space"),
    "parity seed not run": (set_path(["parity", "seed"], 99), "parity.seed: 99 is not in seeds"),
    "notebook run on an unknown dataset": (set_path(["notebook_runs", "dataset"], "mnist"),
                                           "notebook_runs.dataset: 'mnist' is not in datasets"),
    "notebook run of an unknown kind": (
        set_path(["notebook_runs", "runs", "gb-tuned", "kind"], "boost"),
        "notebook_runs.runs.gb-tuned.kind: 'boost' is not one of"),
    "notebook run refitting a model not in the config": (
        set_path(["notebook_runs", "runs", "rf-grid-tuned", "search"], {"model": "svm", "strategy": "grid"}),
        "notebook_runs.runs.rf-grid-tuned.search.model: 'svm' is not in models"),
    "notebook run grid param the estimator lacks": (
        set_path(["notebook_runs", "runs", "gb-tuned", "grid"], {"max_leaves": [2]}),
        "notebook_runs.runs.gb-tuned.grid.max_leaves: GradientBoostingClassifier does not accept"),
    "notebook run grid value the estimator rejects": (
        set_path(["notebook_runs", "runs", "gb-tuned", "grid"], {"learning_rate": [-1.0]}),
        "notebook_runs.runs.gb-tuned.grid.learning_rate: The 'learning_rate' parameter"),
    "notebook sweep going down": (
        set_path(["notebook_runs", "runs", "rf-n-estimators-sweep", "sweep", "low"], 50),
        "notebook_runs.runs.rf-n-estimators-sweep.sweep: low (50) must not exceed high (20)"),
    "notebook run missing its grid": (
        delete_path(["notebook_runs", "runs", "gb-tuned", "grid"]),
        "notebook_runs.runs.gb-tuned.grid: a grid_search run needs 'grid'"),
    "notebook refit run naming an estimator": (
        set_path(["notebook_runs", "runs", "rf-grid-tuned", "estimator"], "SVC"),
        "notebook_runs.runs.rf-grid-tuned.estimator: not an option of a search_best run"),
    "notebook run with an unknown estimator": (
        set_path(["notebook_runs", "runs", "logistic-baseline", "estimator"], "LinearSVC"),
        "notebook_runs.runs.logistic-baseline.estimator: unknown estimator 'LinearSVC'"),
    "figure axes missing": (delete_path(["figures", "contour"]), "figures: 'contour' is a required property"),
    "unknown demo option": (set_path(["demos"], {"polynomial": {"degree": 3}}),
                            "demos.polynomial.degree: not an option"),
    "log float at zero": (set_path(["models", "rf", "spaces", "default", "max_features"],
                                   {"type": "float", "low": 0.0, "high": 1.0, "log": True}),
                          "models.rf.spaces.default.max_features.low: a log-scaled parameter needs low > 0"),
}


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_bad_config_names_the_key(name):
    change, expected = BAD_CONFIGS[name]
    with pytest.raises(ConfigError) as error:
        check_config(mutated(change), SCHEMA)
    message = str(error.value)
    assert message.startswith(expected), message
    assert "\n" not in message


STUDY = yaml.safe_load((REPO / "tests" / "data" / "tiny_study.yaml").read_text())


def study_mutated(change):
    config = copy.deepcopy(STUDY)
    change(config)
    return config


BAD_STUDIES = {
    "unequal budgets": (set_path(["strategies", "tpe", "n_trials"], 9),
                        "strategies: a study compares equal budgets, but on model svc: grid 4, random 4, gp 4, tpe 9"),
    "no random search": (delete_path(["strategies", "random"]),
                         "strategies: a study needs 'random': normalised scores are relative to it"),
    "no full budget": (set_path(["study", "budget_fractions"], [0.25, 0.5]),
                       "study.budget_fractions: must include 1.0"),
    "unknown dataset scorer": (set_path(["datasets", "skewed", "scoring"], "balanced"),
                               "datasets.skewed.scoring: unknown scorer 'balanced'"),
    "unscrambled qmc": (set_path(["strategies", "qmc", "sampler", "scramble"], False),
                        "strategies.qmc.sampler.scramble: an unscrambled sequence is the same for every seed"),
    "GP start-up above budget": (set_path(["strategies", "optuna_gp", "sampler", "n_startup_trials"], 5),
                                 "strategies.optuna_gp.sampler.n_startup_trials: 5 exceeds n_trials (4)"),
    "unknown qmc type": (set_path(["strategies", "qmc", "sampler", "qmc_type"], "lhs"),
                         "strategies.qmc.sampler.qmc_type: 'lhs' is not one of"),
}


@pytest.mark.parametrize("name", sorted(BAD_STUDIES))
def test_bad_study_config_names_the_key(name):
    change, expected = BAD_STUDIES[name]
    with pytest.raises(ConfigError) as error:
        check_config(study_mutated(change), SCHEMA)
    assert str(error.value).startswith(expected), str(error.value)


def test_a_dataset_may_name_its_own_scorer():
    assert search_settings(STUDY, "skewed", "svc", "tpe")["scoring"] == "balanced_accuracy"
    assert search_settings(STUDY, "tiny", "svc", "tpe")["scoring"] == "accuracy"
    assert "scoring" not in dataset_spec(STUDY, "skewed")


@pytest.mark.parametrize("path", [REPO / "config" / "config.yaml", REPO / "tests" / "data" / "tiny.yaml",
                                  REPO / "config" / "study.yaml", REPO / "config" / "study_small.yaml",
                                  REPO / "tests" / "data" / "tiny_study.yaml"])
def test_shipped_configs_are_valid(path):
    check_config(yaml.safe_load(Path(path).read_text()), SCHEMA)


def test_search_settings_hold_only_what_the_search_depends_on():
    config = load_tiny()
    tpe = search_settings(config, "tiny", "rf", "tpe")
    assert tpe["settings"] == config["strategies"]["tpe"]
    assert tpe["space"] == config["models"]["rf"]["spaces"]["default"]
    assert "spaces" not in tpe["model"]
    pruned = search_settings(config, "tiny", "rf", "tpe_pruned")
    assert pruned["shuffle"] is True and "cv" not in pruned["settings"]
    other = copy.deepcopy(config)
    other["strategies"]["random"]["n_trials"] = 99
    assert search_settings(other, "tiny", "rf", "tpe") == tpe


def test_a_notebook_run_depends_on_its_own_declaration_only():
    config = load_tiny()
    before = copy.deepcopy({name: notebook_run_settings(config, name) for name in config["notebook_runs"]["runs"]})
    config["notebook_runs"]["runs"]["gb-tuned"]["grid"]["n_estimators"] = [5, 20]
    after = {name: notebook_run_settings(config, name) for name in before}
    assert [name for name in before if before[name] != after[name]] == ["gb-tuned"]
    refit = after["rf-grid-tuned"]
    assert refit["estimator"] == "RandomForestClassifier" and "spaces" not in refit
    assert "folds" in after["gb-tuned"] and "folds" not in after["logistic-baseline"]


def test_workflow_stops_on_a_bad_config_before_any_job(tmp_path):
    config = write_config(tmp_path / "bad.yaml", mutated(set_path(["strategies", "tpe", "n_trials"], 0)))
    result, _ = run_snakemake(tmp_path / "work", "--cores", "1", config=config, check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "config error: strategies.tpe.n_trials: 0 is less than the minimum of 1" in output
    assert "Traceback" not in output
    assert not (tmp_path / "work" / "results").exists()


def test_planned_fits_rank_the_searches_longest_first():
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    fits = {s: planned_fits(search_settings(config, "classification", "rf", s)) for s in config["strategies"]}
    assert fits == {"grid": 180, "random": 180, "gp": 180, "tpe": 500, "tpe_pruned": 500}
