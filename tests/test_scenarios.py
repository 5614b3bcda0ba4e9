"""Configs that switch sections off or on are parsed and dry-run, as a user runs them:
from a copy of the repository, ``snakemake -n --configfile <scenario>`` with no other flag."""

import re
import shutil
import subprocess
import time

import pytest
from conftest import REPO, SNAKEMAKE

SCENARIOS = {
    # tuning core only: no notebook runs, parity or demos
    "no_notebook.yaml": {"data": 1, "search": 10, "compare": 1, "optuna_figures": 4,
                         "search_pattern": 2, "export_tracking": 1, "all": 1, "total": 20},
    # Optuna only: no grid/random, so no search-pattern figure and no baselines
    "optuna_only.yaml": {"data": 1, "search": 4, "compare": 1, "optuna_figures": 4, "parity": 1,
                         "export_tracking": 1, "all": 1, "total": 13},
    # two datasets x two models x (random, tpe)
    "two_by_two.yaml": {"data": 2, "search": 8, "compare": 4, "optuna_figures": 4,
                        "search_pattern": 4, "export_tracking": 1, "all": 1, "total": 24},
    # the notebook's default config
    "../../config/config.yaml": {"data": 1, "search": 5, "compare": 1, "optuna_figures": 2,
                                 "search_pattern": 1, "notebook_run": 4, "sweep_figure": 1,
                                 "demo": 3, "parity": 1, "export_tracking": 1, "all": 1,
                                 "nn_train": 1, "nn_lr": 3, "nn_lr_figure": 1,
                                 "nn_reproducibility": 1, "rf_seeds": 1, "nn_optuna": 2,
                                 "nn_optuna_figure": 2, "nn_seed": 5, "nn_seeds": 1,
                                 "total": 38},
    # the networks on a tiny config
    "nn_tiny.yaml": {"data": 1, "search": 1, "compare": 1, "search_pattern": 1, "parity": 1,
                     "export_tracking": 1, "all": 1, "nn_train": 1, "nn_lr": 2, "nn_lr_figure": 1,
                     "nn_reproducibility": 1, "rf_seeds": 1, "nn_optuna": 2,
                     "nn_optuna_figure": 2, "nn_seed": 2, "nn_seeds": 1, "total": 20},
}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """The repository's files as a user has them after cloning (no venv, no results)."""
    target = tmp_path_factory.mktemp("checkout") / "tunelab"
    ignored = shutil.ignore_patterns(".venv", ".git", "results", ".snakemake", "__pycache__",
                                     ".pytest_cache")
    shutil.copytree(REPO, target, ignore=ignored)
    return target


def dry_run_counts(checkout, *args):
    start = time.perf_counter()
    result = subprocess.run([SNAKEMAKE, "-n", *args], cwd=checkout, capture_output=True,
                            text=True, timeout=120)
    seconds = time.perf_counter() - start
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    counts = dict(re.findall(r"^(\w+)\s+(\d+)$", output.split("Job stats:", 1)[1], re.M))
    return {rule: int(count) for rule, count in counts.items()}, output, seconds


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenario_dry_runs_with_the_jobs_it_asks_for(checkout, scenario):
    counts, output, seconds = dry_run_counts(checkout, "--configfile", f"tests/data/{scenario}")
    print(f"{scenario}: {counts['total']} jobs planned in {seconds:.1f} s")
    assert counts == SCENARIOS[scenario]
    assert "is extended by additional config" not in output


def test_configfile_replaces_the_default_config(checkout):
    """A scenario without a `classification` dataset plans none of the default's jobs."""
    counts, output, _ = dry_run_counts(checkout, "--configfile", "tests/data/two_by_two.yaml")
    assert "classification" not in output
    assert "notebook_run" not in counts and "demo" not in counts
