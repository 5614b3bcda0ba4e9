"""What each job reads from the config, and the config check at workflow start.

Kept free of heavy imports: Snakemake imports this module every time it parses the
workflow, and a run with nothing to do should take a moment, not seconds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

DEFAULT_SPACE = "default"
OPTUNA_STRATEGIES = ("tpe", "tpe_pruned")
CHECK_VERSIONS = ("scikit-learn", "optuna", "bayesian-optimization", "jsonschema")


class ConfigError(ValueError):
    pass


def check_config_once(config: dict, schema_path: str | Path, stamp_path: str | Path) -> None:
    """Check the config, unless this exact config already passed the same checks.

    The stamp records a hash of the config, the schema, the checking code and the library
    versions it consults; any change to one of them checks again.
    """
    import yaml

    schema_path, stamp_path = Path(schema_path), Path(stamp_path)
    library = Path(__file__).parent
    sources = [library / f"{name}.py" for name in ("config", "checks", "models", "datasets", "demos", "search")]
    digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode())
    for path in (schema_path, *sources):
        digest.update(path.read_bytes())
    digest.update(" ".join(version(name) for name in CHECK_VERSIONS).encode())
    if stamp_path.is_file() and stamp_path.read_text() == digest.hexdigest():
        return
    from tunelab.checks import check_config

    check_config(config, yaml.safe_load(schema_path.read_text()))
    stamp_path.parent.mkdir(parents=True, exist_ok=True)
    stamp_path.write_text(digest.hexdigest())


def space_for(model: dict, strategy: str) -> dict | None:
    spaces = model["spaces"]
    return spaces.get(strategy, spaces.get(DEFAULT_SPACE))


def search_settings(config: dict, dataset: str, model: str, strategy: str) -> dict:
    """The slice of config one search depends on: a change anywhere else leaves it cached."""
    settings = dict(config["strategies"][strategy])
    cv = {"shuffle": False, **config["cv"], **settings.pop("cv", {})}
    model_spec = config["models"][model]
    return {
        "dataset": dataset,
        "model": {key: value for key, value in model_spec.items() if key != "spaces"},
        "space": space_for(model_spec, strategy),
        "strategy": strategy,
        "settings": settings,
        "folds": cv["folds"],
        "shuffle": cv["shuffle"],
        "scoring": config["scoring"],
    }


def search_grid(config: dict) -> list[dict[str, Any]]:
    """Every search the config asks for, as wildcard values."""
    return [
        {"dataset": d, "model": m, "strategy": s, "seed": seed}
        for d, m, s, seed in itertools.product(
            config["datasets"], config["models"], config["strategies"], config["seeds"]
        )
    ]
