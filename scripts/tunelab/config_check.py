"""The config check at workflow start, skipped when this exact config already passed.

Light to import (Snakemake imports it on every parse); the checks themselves, which need
sklearn and jsonschema, are imported only when a config has to be checked.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from tunelab.deps import library_files

CHECK_VERSIONS = ("scikit-learn", "optuna", "bayesian-optimization", "jsonschema")
CHECKS = ("checks", "notebook/checks", "nn/checks")


def checking_code() -> list[Path]:
    """The library files the checks run: the check modules and everything they import."""
    package = Path(__file__).parent
    entry_points = [package / f"{name}.py" for name in CHECKS]
    found = {path for entry in entry_points for path in map(Path, library_files(entry, package))}
    return sorted(found | set(entry_points))


def check_config(config: dict, schema: dict) -> None:
    """Every check, the tuning sections', the notebook's, the networks'; raises ConfigError."""
    from tunelab.checks import check_tuning_config
    from tunelab.nn.checks import check_nn_section
    from tunelab.notebook.checks import check_notebook_sections

    check_tuning_config(config, schema)
    check_notebook_sections(config)
    check_nn_section(config)


def check_config_once(config: dict, schema_path: str | Path, stamp_path: str | Path) -> None:
    """Check the config, unless this exact config already passed the same checks.

    The stamp records a hash of the config, the schema, the checking code and the library
    versions it consults; any change to one of them checks again.
    """
    import yaml

    schema_path, stamp_path = Path(schema_path), Path(stamp_path)
    digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode())
    for path in (schema_path, *checking_code()):
        digest.update(path.read_bytes())
    digest.update(" ".join(version(name) for name in CHECK_VERSIONS).encode())
    if stamp_path.is_file() and stamp_path.read_text() == digest.hexdigest():
        return
    check_config(config, yaml.safe_load(schema_path.read_text()))
    stamp_path.parent.mkdir(parents=True, exist_ok=True)
    stamp_path.write_text(digest.hexdigest())
