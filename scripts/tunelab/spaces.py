"""Search spaces in one neutral form, translated into each library's native form.

A space maps a parameter name to one of:
- a list of explicit values (a grid axis; a categorical choice elsewhere),
- ``{"type": "int", "low": a, "high": b}`` with both bounds inclusive,
- ``{"type": "float", "low": a, "high": b, "log": bool}``,
- ``{"type": "categorical", "choices": [...]}``.
"""

from __future__ import annotations

import math
from typing import Any

from scipy.stats import loguniform, randint, uniform


def choices_of(spec: Any) -> list | None:
    """The explicit values of a list or categorical parameter, else None."""
    if isinstance(spec, list):
        return spec
    if spec.get("type") == "categorical":
        return spec["choices"]
    return None


def sklearn_grid(space: dict) -> dict[str, list]:
    """GridSearchCV's ``param_grid``: every parameter as an explicit list."""
    grid = {}
    for name, spec in space.items():
        values = choices_of(spec)
        if values is None and spec["type"] == "int":
            values = list(range(spec["low"], spec["high"] + 1))
        if values is None:
            raise ValueError(f"grid search needs explicit values for float parameter '{name}'")
        grid[name] = values
    return grid


def scipy_distributions(space: dict) -> dict[str, Any]:
    """RandomizedSearchCV's ``param_distributions``.

    ``randint`` excludes its upper bound, so an inclusive ``high`` becomes ``high + 1``.
    """
    distributions = {}
    for name, spec in space.items():
        values = choices_of(spec)
        if values is not None:
            distributions[name] = values
        elif spec["type"] == "int":
            distributions[name] = randint(spec["low"], spec["high"] + 1)
        elif spec.get("log"):
            distributions[name] = loguniform(spec["low"], spec["high"])
        else:
            distributions[name] = uniform(spec["low"], spec["high"] - spec["low"])
    return distributions


def gp_bounds(space: dict) -> dict[str, tuple[float, float]]:
    """bayes_opt's continuous ``pbounds``; :func:`from_gp_point` maps a point back."""
    bounds = {}
    for name, spec in space.items():
        values = choices_of(spec)
        if values is not None:
            bounds[name] = (0.0, float(len(values)))
        elif spec.get("log"):
            bounds[name] = (math.log10(spec["low"]), math.log10(spec["high"]))
        else:
            bounds[name] = (spec["low"], spec["high"])
    return bounds


def from_gp_point(space: dict, point: dict[str, float]) -> dict[str, Any]:
    """Estimator parameters for a GP point: ints truncated with ``int()`` as the notebook does."""
    params = {}
    for name, spec in space.items():
        value = point[name]
        values = choices_of(spec)
        if values is not None:
            params[name] = values[min(int(value), len(values) - 1)]
        elif spec["type"] == "int":
            params[name] = int(value)
        elif spec.get("log"):
            params[name] = float(10**value)
        else:
            params[name] = float(value)
    return params


def optuna_distributions(space: dict) -> dict[str, Any]:
    """Optuna distributions, in the space's order (the order TPE suggests them in)."""
    from optuna.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    distributions = {}
    for name, spec in space.items():
        values = choices_of(spec)
        if values is not None:
            distributions[name] = CategoricalDistribution(values)
        elif spec["type"] == "int":
            distributions[name] = IntDistribution(spec["low"], spec["high"])
        else:
            distributions[name] = FloatDistribution(
                spec["low"], spec["high"], log=bool(spec.get("log"))
            )
    return distributions


def suggest(trial, space: dict) -> dict[str, Any]:
    """Ask an Optuna trial for one value per parameter, with the public suggest API."""
    params = {}
    for name, spec in space.items():
        values = choices_of(spec)
        if values is not None:
            params[name] = trial.suggest_categorical(name, values)
        elif spec["type"] == "int":
            params[name] = trial.suggest_int(name, spec["low"], spec["high"])
        else:
            params[name] = trial.suggest_float(
                name, spec["low"], spec["high"], log=bool(spec.get("log"))
            )
    return params

