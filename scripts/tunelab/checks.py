"""The checks of a config's tuning sections, structural (the JSON schema, completed by the
strategy registry) and semantic (against sklearn and the registry). A user mistake becomes
a :class:`ConfigError` whose message names the key, so the workflow stops before any job
runs with one readable line. The notebook's sections are checked in tunelab.notebook.checks.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import jsonschema
from sklearn.metrics import get_scorer_names

from tunelab.datasets import BUNDLED, GENERATORS, SOURCES, generator_options
from tunelab.models import (
    SEEDED_PARAM,
    THREADED_PARAM,
    accepted_params,
    declares_constraints,
    estimator_class,
    preprocessing_class,
)
from tunelab.config import (
    DEFAULT_SPACE,
    ConfigError,
    compared_models,
    figure_axes,
    nested_settings,
    planned_evaluations,
    search_settings,
    space_for,
)
from tunelab.strategies import OPTUNA, STRATEGIES, non_adaptive, schema_with_strategies, with_family


STUDY_REFERENCE = "random"


def fail(key: str, message: str) -> None:
    raise ConfigError(f"{key}: {message}")


def check_tuning_config(config: dict, schema: dict) -> None:
    """Raise ConfigError for the first problem found, structural checks first."""
    check_schema(config, schema)
    for name, dataset in config["datasets"].items():
        check_dataset(f"datasets.{name}", dataset)
    for name in config.get("compare", {}).get("models", []):
        check_listed("compare.models", name, config, "models")
    for section in SECTION_REFERENCES:
        check_section_references(config, section)
    for name, model in config["models"].items():
        check_model(f"models.{name}", model, strategies_using(config, name))
    for name, settings in config["strategies"].items():
        check_strategy(f"strategies.{name}", name, settings)
    check_scorer("scoring", config["scoring"])
    for name, dataset in config["datasets"].items():
        if "scoring" in dataset:
            check_scorer(f"datasets.{name}.scoring", dataset["scoring"])
    check_figures(config)
    check_nested(config)
    if "study" in config:
        check_study(config)


def strategies_using(config: dict, model: str) -> list[str]:
    """The strategies that search ``model``: the comparison's, AutoML's, nested CV's."""
    used = list(config["strategies"]) if model in compared_models(config) else []
    automl = config.get("automl", {})
    if model in automl.get("families", []):
        used.append(automl["strategy"])
    nested = config.get("nested", {})
    if nested.get("model") == model:
        used += [name for name, own in nested["strategies"].items() if "space" not in (own or {})]
    return list(dict.fromkeys(used))


# For each section that refers to others: its single references (key -> section referred to)
# and its one list of references (key, section referred to).
SECTION_REFERENCES = {
    "automl": ({"dataset": "datasets", "strategy": "strategies"}, ("families", "models")),
    "nested": ({"dataset": "datasets", "model": "models"}, ("strategies", "strategies")),
}


def check_section_references(config: dict, name: str) -> None:
    """Every dataset, model or strategy section ``name`` names is one the config declares."""
    section = config.get(name)
    if section is None:
        return
    single, (listing, listed_in) = SECTION_REFERENCES[name]
    for key, referred_to in single.items():
        check_listed(f"{name}.{key}", section[key], config, referred_to)
    for item in section[listing]:
        check_listed(f"{name}.{listing}.{item}", item, config, listed_in)


def check_nested(config: dict) -> None:
    """Each strategy's merged settings and own space; outer and inner folds the data allows."""
    nested = config.get("nested")
    if nested is None:
        return
    import numpy as np

    from tunelab.datasets import load_xy

    model = config["models"][nested["model"]]
    accepted = accepted_params(model["estimator"])
    for strategy, own in nested["strategies"].items():
        key = f"nested.strategies.{strategy}"
        settings = nested_settings(config, strategy)
        check_strategy(key, strategy, settings["settings"])
        if "space" in (own or {}):
            check_space(f"{key}.space", settings["space"], model["estimator"], accepted)
        if strategy == "grid":
            check_grid_space(key, settings["space"])
    _, y = load_xy(config["datasets"][nested["dataset"]])
    smallest = int(np.unique(y, return_counts=True)[1].min())
    outer, inner = nested["outer"]["folds"], nested["inner"]["folds"]
    if outer > smallest:
        fail("nested.outer.folds", f"{outer} outer folds, but the smallest class of "
             f"{nested['dataset']} has {smallest} samples")
    in_outer_training = smallest - math.ceil(smallest / outer)
    if inner > in_outer_training:
        fail("nested.inner.folds", f"{inner} inner folds, but an outer training part holds "
             f"as few as {in_outer_training} samples of the smallest class")


def check_scorer(key: str, scoring: str) -> None:
    if scoring not in get_scorer_names():
        fail(key, f"unknown scorer '{scoring}' (e.g. accuracy, balanced_accuracy, roc_auc)")


def check_schema(config: dict, schema: dict) -> None:
    validator = jsonschema.Draft202012Validator(schema_with_strategies(schema))
    error = jsonschema.exceptions.best_match(validator.iter_errors(config))
    if error is None:
        return
    key = ".".join(str(part) for part in error.absolute_path) or "config"
    if error.validator == "additionalProperties" and error.validator_value is False:
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        known = ", ".join(sorted(error.schema.get("properties", {})))
        fail(key, f"unknown key '{unknown[0]}' (known: {known})")
    fail(key, error.message)


def check_dataset(key: str, dataset: dict) -> None:
    source = dataset["source"]
    if source not in SOURCES:
        fail(f"{key}.source", f"unknown source '{source}' (known: {', '.join(SOURCES)})")
    options = dataset.get("options", {})
    if source in BUNDLED and options:
        fail(f"{key}.options", f"bundled dataset '{source}' takes no options")
    if source in GENERATORS:
        unknown = sorted(set(options) - generator_options(source))
        if unknown:
            fail(f"{key}.options", f"{source} does not accept '{unknown[0]}'")


def check_estimator(key: str, spec: dict) -> set[str]:
    """An estimator declaration (``estimator``, ``preprocessing``, ``fixed``); returns the
    params it accepts."""
    estimator = spec["estimator"]
    try:
        estimator_class(estimator)
    except (ImportError, AttributeError, ValueError) as error:
        fail(f"{key}.estimator", str(error))
    check_preprocessing(f"{key}.preprocessing", spec.get("preprocessing", []))
    if not declares_constraints(estimator):
        print(f"note: {key}.estimator: {estimator} declares no parameter constraints, so its "
              "values are checked only when its search runs", file=sys.stderr)
    accepted = accepted_params(estimator)
    for name in spec.get("fixed", {}):
        check_param_name(f"{key}.fixed.{name}", name, estimator, accepted)
    check_param_values(f"{key}.fixed", estimator, spec.get("fixed", {}))
    return accepted


def check_preprocessing(key: str, steps: list[str]) -> None:
    for index, step in enumerate(steps):
        try:
            preprocessing_class(step)
        except (ImportError, AttributeError) as error:
            fail(f"{key}[{index}]", f"no preprocessing step '{step}': {error}")
    repeated = sorted({step for step in steps if steps.count(step) > 1})
    if repeated:
        fail(key, f"'{repeated[0]}' is listed twice")


def check_model(key: str, model: dict, strategies: list[str]) -> None:
    """A model's estimator and spaces, and a space for each strategy that searches it."""
    accepted = check_estimator(key, model)
    for space_name, space in model["spaces"].items():
        if space_name != DEFAULT_SPACE and space_name not in STRATEGIES:
            fail(f"{key}.spaces.{space_name}", f"not a strategy name nor '{DEFAULT_SPACE}'")
        check_space(f"{key}.spaces.{space_name}", space, model["estimator"], accepted)
    for strategy in strategies:
        if space_for(model, strategy) is None:
            fail(f"{key}.spaces", f"no space for strategy '{strategy}' and no '{DEFAULT_SPACE}' space")
    if "grid" in strategies:
        check_grid_space(f"{key}.spaces.grid", space_for(model, "grid"))


def check_space(key: str, space: dict, estimator: str, accepted: set[str]) -> None:
    for name, spec in space.items():
        param_key = f"{key}.{name}"
        check_param_name(param_key, name, estimator, accepted)
        check_param_spec(param_key, spec)
        for value in candidate_values(spec):
            check_param_values(param_key, estimator, {name: value})


def check_param_name(key: str, name: str, estimator: str, accepted: set[str]) -> None:
    if name in (SEEDED_PARAM, THREADED_PARAM):
        fail(key, f"'{name}' is set by the workflow (from the seed / the rule's threads)")
    if name not in accepted:
        fail(key, f"{estimator} does not accept a parameter '{name}'")


def candidate_values(spec: Any) -> list:
    """Values worth checking against the estimator: every choice, or both bounds."""
    if isinstance(spec, list):
        return spec
    if spec["type"] == "categorical":
        return spec["choices"]
    return [spec["low"], spec["high"]]


def check_param_values(key: str, estimator: str, params: dict) -> None:
    """sklearn's own parameter validation, run on the config's values without fitting.

    Estimators that declare no parameter constraints (many third-party ones) are not
    validated here; a bad value then fails its search job, naming the trial."""
    if not declares_constraints(estimator):
        return
    try:
        estimator_class(estimator)(**params)._validate_params()
    except Exception as error:
        fail(key, str(error).replace("\n", " "))


def check_param_spec(key: str, spec: Any) -> None:
    if isinstance(spec, list):
        if not spec:
            fail(key, "empty list of values")
        return
    kind = spec.get("type")
    allowed = {"int": {"type", "low", "high"}, "float": {"type", "low", "high", "log"},
               "categorical": {"type", "choices"}}
    if kind not in allowed:
        fail(f"{key}.type", f"must be one of int, float, categorical (got {kind!r})")
    unknown = sorted(set(spec) - allowed[kind])
    if unknown:
        fail(f"{key}.{unknown[0]}", f"not an option of a {kind} parameter")
    if kind == "categorical":
        if not isinstance(spec.get("choices"), list) or not spec["choices"]:
            fail(f"{key}.choices", "needs a non-empty list")
        return
    number = int if kind == "int" else (int, float)
    for bound in ("low", "high"):
        value = spec.get(bound)
        if isinstance(value, bool) or not isinstance(value, number):
            fail(f"{key}.{bound}", f"must be {'an integer' if kind == 'int' else 'a number'} (got {value!r})")
    if spec["low"] > spec["high"] or (kind == "float" and spec["low"] == spec["high"]):
        fail(key, f"low ({spec['low']}) must be below high ({spec['high']})")
    if spec.get("log") and spec["low"] <= 0:
        fail(f"{key}.low", "a log-scaled parameter needs low > 0")


def check_grid_space(key: str, space: dict) -> None:
    for name, spec in space.items():
        if isinstance(spec, dict) and spec["type"] == "float":
            fail(f"{key}.{name}", "grid search needs explicit values (a list), not a float range")


def check_strategy(key: str, name: str, settings: dict) -> None:
    check = STRATEGIES[name].check
    problem = check(settings) if check else None
    if problem:
        setting, message = problem
        fail(f"{key}.{setting}", message)


def check_figures(config: dict) -> None:
    used = list(config["strategies"])
    for figure, strategies in (("search_pattern", non_adaptive(used)), ("contour", with_family(OPTUNA, used))):
        for model_name in compared_models(config):
            model = config["models"][model_name]
            key = f"models.{model_name}.figures.{figure}" if figure in model.get("figures", {}) else f"figures.{figure}"
            axes = figure_axes(config, model_name, figure)
            for strategy in strategies:
                missing = [p for p in axes if p not in space_for(model, strategy)]
                if missing:
                    fail(key, f"'{missing[0]}' is not in model {model_name}'s {strategy} space")


def check_study(config: dict) -> None:
    """A study needs random search (its scores' reference), the full budget among its
    fractions, and every strategy at the same number of evaluations on each model."""
    if STUDY_REFERENCE not in config["strategies"]:
        fail("strategies", f"a study needs '{STUDY_REFERENCE}': normalised scores are relative to it")
    if 1.0 not in config["study"]["budget_fractions"]:
        fail("study.budget_fractions", "must include 1.0 (the leaderboard's tests use the full budget)")
    for model in compared_models(config):
        budgets = {
            strategy: planned_evaluations(search_settings(config, next(iter(config["datasets"])), model, strategy))
            for strategy in config["strategies"]
        }
        if len(set(budgets.values())) > 1:
            listed = ", ".join(f"{name} {budget}" for name, budget in budgets.items())
            fail("strategies", f"a study compares equal budgets, but on model {model}: {listed}")


def check_listed(key: str, value: Any, config: dict, section: str) -> None:
    """A reference to a dataset, model or seed the config actually has."""
    if value not in config[section]:
        fail(key, f"{value!r} is not in {section}")
