"""Checks of the config's notebook sections (notebook runs, demos, parity), past the schema.

Each problem is a :class:`tunelab.config.ConfigError` naming the key, raised before any job.
"""

from __future__ import annotations

import inspect

from tunelab.checks import (
    check_estimator,
    check_listed,
    check_param_name,
    check_param_values,
    fail,
)
from tunelab.notebook.runs import GRID_SEARCH, KIND_KEYS, SEARCH_BEST, SWEEP


def check_notebook_sections(config: dict) -> None:
    check_notebook_runs(config)
    check_demos(config.get("demos", {}))
    check_parity(config)


def check_notebook_runs(config: dict) -> None:
    section = config.get("notebook_runs")
    if section is None:
        return
    check_listed("notebook_runs.dataset", section["dataset"], config, "datasets")
    check_listed("notebook_runs.seed", section["seed"], config, "seeds")
    for name, run in section["runs"].items():
        key = f"notebook_runs.runs.{name}"
        check_kind_keys(key, run)
        if run["kind"] == SEARCH_BEST:
            check_listed(f"{key}.search.model", run["search"]["model"], config, "models")
            check_listed(f"{key}.search.strategy", run["search"]["strategy"], config, "strategies")
            continue
        accepted = check_estimator(key, run)
        estimator = run["estimator"]
        if run["kind"] == GRID_SEARCH:
            for param, values in run["grid"].items():
                check_param_name(f"{key}.grid.{param}", param, estimator, accepted)
                for value in values:
                    check_param_values(f"{key}.grid.{param}", estimator, {param: value})
        if run["kind"] == SWEEP:
            sweep = run["sweep"]
            check_param_name(f"{key}.sweep.param", sweep["param"], estimator, accepted)
            if sweep["low"] > sweep["high"]:
                fail(f"{key}.sweep", f"low ({sweep['low']}) must not exceed high ({sweep['high']})")


def check_kind_keys(key: str, run: dict) -> None:
    kind, needed = run["kind"], KIND_KEYS[run["kind"]]
    for option in needed:
        if option not in run:
            fail(f"{key}.{option}", f"a {kind} run needs '{option}'")
    others = {option for options in KIND_KEYS.values() for option in options} - set(needed)
    for option in sorted(others & set(run)):
        fail(f"{key}.{option}", f"not an option of a {kind} run")


def check_demos(demos: dict) -> None:
    from tunelab.notebook.demos import DEMOS

    for name, options in demos.items():
        accepted = set(inspect.signature(DEMOS[name][0]).parameters)
        unknown = sorted(set(options) - accepted)
        if unknown:
            fail(f"demos.{name}.{unknown[0]}", f"not an option (known: {', '.join(sorted(accepted))})")


def check_parity(config: dict) -> None:
    parity = config.get("parity")
    if parity is None:
        return
    for key, section in (("dataset", "datasets"), ("model", "models"), ("seed", "seeds")):
        check_listed(f"parity.{key}", parity[key], config, section)
