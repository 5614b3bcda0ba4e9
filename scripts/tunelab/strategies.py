"""The strategy registry: every tuning strategy declared once, read by everything else.

Schema checks, tables, figures, targets and the input functions all derive from
:data:`STRATEGIES`. Kept free of heavy imports: Snakemake reads it on every parse. The
runner is named, not imported; :func:`tunelab.search.runner` resolves it in a search job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

SKLEARN, BAYES_OPT, OPTUNA = "sklearn", "bayes_opt", "optuna"

BUDGET = {"$ref": "#/$defs/budget"}
CV_OVERRIDE = {"$ref": "#/$defs/cv_override"}
TPE_SAMPLER = {"$ref": "#/$defs/tpe_sampler"}
MEDIAN_PRUNER = {"$ref": "#/$defs/median_pruner"}
QMC_SAMPLER = {"$ref": "#/$defs/qmc_sampler"}
GP_SAMPLER = {"$ref": "#/$defs/gp_sampler"}


@dataclass(frozen=True)
class Strategy:
    """One tuning strategy.

    ``settings`` maps each setting the strategy takes to its JSON schema; ``required``
    names those the config must give. ``adaptive`` is False for strategies whose proposals
    ignore earlier scores (grid, random): their bests are the baselines drawn on adaptive
    strategies' history figures, and the search-pattern figure shows where they sample.
    ``check`` returns (setting, problem) for a settings block the schema let through, or None.
    ``sampler`` names the library's sampler class where one runner serves several strategies
    (``optuna.samplers.<sampler>`` for :func:`tunelab.search.run_optuna`); a strategy whose
    settings take a ``pruner`` prunes.
    """

    name: str
    label: str
    color: str
    family: str
    runner: str
    adaptive: bool
    settings: dict = field(default_factory=dict)
    required: tuple[str, ...] = ()
    check: Callable[[dict], tuple[str, str] | None] | None = None
    sampler: str = ""

    @property
    def prunes(self) -> bool:
        return "pruner" in self.settings

    def settings_schema(self) -> dict:
        return {
            "type": "object",
            "additionalProperties": False,
            "required": list(self.required),
            "properties": {**self.settings, "cv": CV_OVERRIDE},
        }


def _init_points_within_budget(settings: dict) -> tuple[str, str] | None:
    if settings["init_points"] > settings["n_trials"]:
        return "init_points", f"{settings['init_points']} exceeds n_trials ({settings['n_trials']})"
    return None


def _startup_within_budget(settings: dict) -> tuple[str, str] | None:
    startup = settings.get("sampler", {}).get("n_startup_trials", 0)
    if startup > settings["n_trials"]:
        return "sampler.n_startup_trials", f"{startup} exceeds n_trials ({settings['n_trials']})"
    return None


def _scrambled(settings: dict) -> tuple[str, str] | None:
    if not settings.get("sampler", {}).get("scramble", True):
        return "sampler.scramble", "an unscrambled sequence is the same for every seed; use true"
    return None


STRATEGIES: dict[str, Strategy] = {
    strategy.name: strategy
    for strategy in (
        Strategy("grid", "Grid Search", "#4C72B0", SKLEARN, "run_grid", adaptive=False),
        Strategy(
            "random", "Random Search", "#55A868", SKLEARN, "run_random", adaptive=False,
            settings={"n_trials": BUDGET}, required=("n_trials",),
        ),
        Strategy(
            "gp", "GP-BayesOpt", "#DD8452", BAYES_OPT, "run_gp", adaptive=True,
            settings={"n_trials": BUDGET, "init_points": {"type": "integer", "minimum": 1}},
            required=("n_trials", "init_points"),
            check=_init_points_within_budget,
        ),
        Strategy(
            "tpe", "Optuna (TPE)", "#C44E52", OPTUNA, "run_optuna", adaptive=True,
            settings={"n_trials": BUDGET, "sampler": TPE_SAMPLER}, required=("n_trials",),
            sampler="TPESampler",
        ),
        Strategy(
            "tpe_pruned", "Optuna+Pruning", "#8172B3", OPTUNA, "run_optuna", adaptive=True,
            settings={"n_trials": BUDGET, "sampler": TPE_SAMPLER, "pruner": MEDIAN_PRUNER},
            required=("n_trials",), sampler="TPESampler",
        ),
        Strategy(
            "qmc", "Optuna QMC (Sobol)", "#937860", OPTUNA, "run_optuna", adaptive=False,
            settings={"n_trials": BUDGET, "sampler": QMC_SAMPLER}, required=("n_trials",),
            check=_scrambled, sampler="QMCSampler",
        ),
        Strategy(
            "optuna_gp", "Optuna GP", "#DA8BC3", OPTUNA, "run_optuna", adaptive=True,
            settings={"n_trials": BUDGET, "sampler": GP_SAMPLER}, required=("n_trials",),
            check=_startup_within_budget, sampler="GPSampler",
        ),
    )
}


def label(name: str) -> str:
    return STRATEGIES[name].label


def color(name: str) -> str:
    return STRATEGIES[name].color


def with_family(family: str, names) -> list[str]:
    """The strategies among ``names`` that belong to ``family``, in the given order."""
    return [name for name in names if STRATEGIES[name].family == family]


def non_adaptive(names) -> list[str]:
    """The strategies among ``names`` whose proposals ignore earlier scores, in order."""
    return [name for name in names if not STRATEGIES[name].adaptive]


def schema_with_strategies(schema: dict) -> dict:
    """The config schema with one ``strategies.<name>`` entry per registered strategy, and
    the same under ``nested.strategies`` (nothing required there, plus an own ``space``)."""
    properties = schema["properties"]
    strategies = {
        **properties["strategies"],
        "additionalProperties": False,
        "properties": {name: s.settings_schema() for name, s in STRATEGIES.items()},
    }
    nested = properties["nested"]
    nested_strategies = {
        **nested["properties"]["strategies"],
        "additionalProperties": False,
        "properties": {name: _nested_settings_schema(s) for name, s in STRATEGIES.items()},
    }
    nested = {**nested, "properties": {**nested["properties"], "strategies": nested_strategies}}
    return {**schema, "properties": {**properties, "strategies": strategies, "nested": nested}}


def _nested_settings_schema(strategy: Strategy) -> dict:
    own = strategy.settings_schema()
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {**own["properties"], "space": {"type": "object", "minProperties": 1}},
    }
