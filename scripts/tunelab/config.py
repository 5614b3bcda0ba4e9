"""What each job reads from the config: the slice a job depends on, and nothing else.

Kept free of heavy imports: Snakemake imports this module every time it parses the
workflow, and a run with nothing to do should take a moment, not seconds.
"""

from __future__ import annotations

import itertools
from typing import Any

DEFAULT_SPACE = "default"
MODEL_KEYS = ("estimator", "fixed", "preprocessing")


class ConfigError(ValueError):
    pass


def space_for(model: dict, strategy: str) -> dict | None:
    spaces = model["spaces"]
    return spaces.get(strategy, spaces.get(DEFAULT_SPACE))


def figure_axes(config: dict, model: str, figure: str) -> list[str]:
    """The two parameters a figure plots for ``model``: its own choice, else the config's."""
    own = config["models"][model].get("figures", {})
    return own.get(figure, config["figures"][figure])


def estimator_spec(model: dict) -> dict:
    """A model's estimator declaration without its spaces."""
    return {key: model[key] for key in MODEL_KEYS if key in model}


DATA_KEYS = ("source", "options", "test_size", "split_seed")


def dataset_spec(config: dict, dataset: str) -> dict:
    """What the data job depends on: the dataset's declaration without its scoring."""
    spec = config["datasets"][dataset]
    return {key: spec[key] for key in DATA_KEYS if key in spec}


def scoring_for(config: dict, dataset: str) -> str:
    """The dataset's own scorer (e.g. balanced_accuracy for imbalanced classes), else the config's."""
    return config["datasets"][dataset].get("scoring", config["scoring"])


def search_settings(config: dict, dataset: str, model: str, strategy: str) -> dict:
    """The slice of config one search depends on: a change anywhere else leaves it cached."""
    settings = dict(config["strategies"][strategy])
    cv = {"shuffle": False, **config["cv"], **settings.pop("cv", {})}
    model_spec = config["models"][model]
    return {
        "dataset": dataset,
        "model": estimator_spec(model_spec),
        "space": space_for(model_spec, strategy),
        "strategy": strategy,
        "settings": settings,
        "folds": cv["folds"],
        "shuffle": cv["shuffle"],
        "scoring": scoring_for(config, dataset),
    }


def planned_evaluations(settings: dict) -> int:
    """Trials a search plans: its budget, or for a grid every combination of its values."""
    budget = settings["settings"].get("n_trials")
    if budget is None:
        budget = 1
        for spec in settings["space"].values():
            budget *= len(spec) if isinstance(spec, list) else spec["high"] - spec["low"] + 1
    return budget


def planned_fits(settings: dict) -> int:
    """Fold fits a search plans (its budget times its folds): the longest searches start first."""
    return planned_evaluations(settings) * settings["folds"]


def compared_models(config: dict) -> list[str]:
    """The models of the strategy comparison: ``compare.models``, else every model."""
    return list(config.get("compare", {}).get("models", config["models"]))


def problems(config: dict) -> list[dict[str, str]]:
    """Every (dataset, model) pair the strategies are compared on, as wildcard values."""
    return [{"dataset": d, "model": m} for d in config["datasets"] for m in compared_models(config)]


def comparison_searches(config: dict) -> list[dict[str, Any]]:
    """The strategy comparison's searches: problems x strategies x seeds."""
    return [
        {**problem, "strategy": s, "seed": seed}
        for problem in problems(config)
        for s, seed in itertools.product(config["strategies"], config["seeds"])
    ]


def automl_searches(config: dict) -> list[dict[str, Any]]:
    """One search per AutoML family: the family's model tuned by ``automl.strategy``."""
    automl = config.get("automl")
    if not automl:
        return []
    return [
        {"dataset": automl["dataset"], "model": family, "strategy": automl["strategy"], "seed": automl["seed"]}
        for family in automl["families"]
    ]


def search_grid(config: dict) -> list[dict[str, Any]]:
    """Every search the config asks for, once each: a search both the comparison and the
    AutoML leaderboard use (the random forest's grid) is one job."""
    searches = []
    for search in comparison_searches(config) + automl_searches(config):
        if search not in searches:
            searches.append(search)
    return searches


def nested_settings(config: dict, strategy: str) -> dict:
    """What one strategy's nested cross-validation depends on: the search settings of
    ``nested.model`` on the whole of ``nested.dataset`` (regenerated, in generated order),
    the strategy's settings with ``nested.strategies.<name>`` on top (its own budget and,
    optionally, its own ``space``), the inner folds, the outer folds and the seed."""
    nested = config["nested"]
    own = dict(nested["strategies"][strategy] or {})
    space = own.pop("space", None)
    settings = search_settings(config, nested["dataset"], nested["model"], strategy)
    strategy_cv = config["strategies"][strategy].get("cv", {})
    inner = {"shuffle": False, **nested["inner"], **strategy_cv, **own.pop("cv", {})}
    settings.update(
        settings={**settings["settings"], **own},
        space=space or settings["space"],
        folds=inner["folds"],
        shuffle=inner["shuffle"],
        outer={"shuffle": True, **nested["outer"]},
        dataset_spec=config["datasets"][nested["dataset"]],
        seed=nested["seed"],
    )
    return settings


def nested_parts(config: dict) -> list[str]:
    """The jobs of one strategy's nested CV: ``outer<k>`` per outer fold, and ``all`` (the
    inner search on every sample, whose best CV score is the optimistic estimate)."""
    return [f"outer{k}" for k in range(1, config["nested"]["outer"]["folds"] + 1)] + ["all"]


def study_runs(config: dict) -> list[dict[str, Any]]:
    """The (strategy, seed) of each search of one problem, in the order its inputs list them."""
    return [{"strategy": s, "seed": seed} for s in config["strategies"] for seed in config["seeds"]]


def study_settings(config: dict) -> dict:
    """What the study's analysis depends on: its section, and the strategies' order."""
    return {**config["study"], "strategies": list(config["strategies"])}


def notebook_run_names(config: dict) -> list[str]:
    return list(config.get("notebook_runs", {}).get("runs", {}))


def notebook_run_settings(config: dict, name: str) -> dict:
    """One notebook run's declaration, completed with what it depends on and no more:
    a run that refits a search's best takes that search's estimator; a run with its own
    grid search takes the config's CV folds."""
    runs = config["notebook_runs"]
    run = dict(runs["runs"][name])
    settings = {"dataset": runs["dataset"], "seed": runs["seed"], **run}
    if "search" in run:
        settings.update(estimator_spec(config["models"][run["search"]["model"]]))
    if "grid" in run:
        settings["folds"] = config["cv"]["folds"]
    return settings
