"""The strategy registry is the one list of strategies: runners, schema, tables and figures
all name the same ones."""

import yaml
from conftest import REPO, load_tiny

from tunelab import search
from tunelab.strategies import (
    OPTUNA,
    STRATEGIES,
    non_adaptive,
    schema_with_strategies,
    with_family,
)

SCHEMA = yaml.safe_load((REPO / "config" / "schema.yaml").read_text())


def test_registry_runners_and_schema_name_the_same_strategies():
    helpers = {"run_search", "run_candidates"}  # shared by runners, not runners
    runners = {name for name in dir(search) if name.startswith("run_")} - helpers
    assert {entry.runner for entry in STRATEGIES.values()} == runners
    for name in STRATEGIES:
        assert callable(search.runner(name))
    schema = schema_with_strategies(SCHEMA)
    assert set(schema["properties"]["strategies"]["properties"]) == set(STRATEGIES)
    assert not schema["properties"]["strategies"]["additionalProperties"]


def test_every_strategy_has_a_distinct_label_and_colour():
    labels = [entry.label for entry in STRATEGIES.values()]
    colours = [entry.color for entry in STRATEGIES.values()]
    assert len(set(labels)) == len(labels) and len(set(colours)) == len(colours)
    assert all(colour.startswith("#") and len(colour) == 7 for colour in colours)


def test_the_default_and_tiny_configs_use_registered_strategies_only():
    for config in (yaml.safe_load((REPO / "config" / "config.yaml").read_text()), load_tiny()):
        assert set(config["strategies"]) <= set(STRATEGIES)


def test_figure_targets_follow_the_registry():
    names = ["tpe", "grid", "gp", "random", "tpe_pruned", "qmc", "optuna_gp"]
    assert non_adaptive(names) == ["grid", "random", "qmc"]
    assert with_family(OPTUNA, names) == ["tpe", "tpe_pruned", "qmc", "optuna_gp"]


def test_a_strategys_own_check_reports_the_setting():
    assert STRATEGIES["gp"].check({"n_trials": 3, "init_points": 5}) == ("init_points", "5 exceeds n_trials (3)")
    assert STRATEGIES["gp"].check({"n_trials": 5, "init_points": 5}) is None
    assert STRATEGIES["optuna_gp"].check({"n_trials": 3, "sampler": {"n_startup_trials": 5}}) == (
        "sampler.n_startup_trials", "5 exceeds n_trials (3)")
    assert STRATEGIES["optuna_gp"].check({"n_trials": 3}) is None
    assert STRATEGIES["qmc"].check({"n_trials": 3, "sampler": {"scramble": False}})[0] == "sampler.scramble"
    assert STRATEGIES["qmc"].check({"n_trials": 3, "sampler": {"scramble": True}}) is None


def test_optuna_strategies_name_a_sampler_optuna_has():
    import optuna

    for name in with_family(OPTUNA, STRATEGIES):
        assert hasattr(optuna.samplers, STRATEGIES[name].sampler), name
    assert [name for name in STRATEGIES if STRATEGIES[name].prunes] == ["tpe_pruned"]
