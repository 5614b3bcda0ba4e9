import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

TINY_CONFIG = REPO / "tests" / "data" / "tiny.yaml"
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


def load_tiny() -> dict:
    return yaml.safe_load(TINY_CONFIG.read_text())


def run_snakemake(workdir: Path, *args: str, config: Path = TINY_CONFIG, check=True, timeout=600):
    """Run the repo's workflow in ``workdir`` with ``config``; returns (CompletedProcess, seconds)."""
    command = [SNAKEMAKE, "-s", str(REPO / "Snakefile"), "--directory", str(workdir),
               "--configfile", str(config), *args]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - start
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result, seconds


TRACKING_EXPORTS = {"tracking/runs.csv", "tracking/metrics.csv"}
STORES = ("cache/", "trackio/")  # the trial cache and the Trackio store: not results


def result_tables(workdir: Path) -> dict[str, bytes]:
    """Every result table and JSON, keyed by path. Timing files, the Trackio exports (which
    log seconds per trial) and the stores are excluded by design."""
    results = workdir / "results"
    tables = {}
    for path in sorted(results.rglob("*")):
        name = str(path.relative_to(results))
        if name.startswith(STORES):
            continue
        if path.suffix in {".csv", ".json"} and "timings" not in path.name and name not in TRACKING_EXPORTS:
            tables[name] = path.read_bytes()
    return tables


def write_config(path: Path, config: dict) -> Path:
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory):
    """One complete run of the tiny config with --cores 2, shared by the workflow tests."""
    workdir = tmp_path_factory.mktemp("tiny")
    _, seconds = run_snakemake(workdir, "--cores", "2")
    return workdir, seconds


def pytest_collection_modifyitems(items):
    """SLURM tests last: from their set-up to their tear-down the machine has SLURM installed
    and configured; the rest of the suite runs on the machine as it was found."""
    items.sort(key=lambda item: "test_slurm.py" in item.nodeid)
