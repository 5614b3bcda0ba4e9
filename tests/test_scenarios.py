"""Configs that switch sections off or on are parsed and dry-run, as a user runs them:
from a copy of the repository, ``snakemake -n --configfile <scenario>`` with no other flag."""

import re
import shutil
import subprocess
import time

import pytest
from conftest import REPO, SNAKEMAKE

STUDY_ANALYSIS = {rule: 1 for rule in ("study_scores", "study_ranks", "study_anytime",
                                        "study_generalisation", "study_cost", "study_leaderboard")}
DRY_RUN_SECONDS = {"../../config/study.yaml": 30}  # measured ~6-12 s on a busy 2-core machine

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
    # the notebook's default config: Parts 0-3, and Part 5's nested CV and six AutoML families
    # (five new searches: the random forest's is Part 1's grid search), and Parts 6-8's networks
    "../../config/config.yaml": {"data": 1, "search": 10, "compare": 1, "optuna_figures": 2,
                                 "search_pattern": 1, "nested_search": 6, "nested_summary": 1,
                                 "nested_compare": 1, "automl": 1, "notebook_run": 4,
                                 "sweep_figure": 1, "demo": 3, "parity": 1,
                                 "export_tracking": 1, "all": 1,
                                 "nn_train": 1, "nn_lr": 3, "nn_lr_figure": 1,
                                 "nn_reproducibility": 1, "rf_seeds": 1, "nn_optuna": 2,
                                 "nn_optuna_figure": 2, "nn_seed": 5, "nn_seeds": 1,
                                 "total": 52},
    # nested CV for every strategy: 5 x (5 outer folds + all samples)
    "../../config/nested.yaml": {"data": 1, "nested_search": 30, "nested_summary": 5, "nested_compare": 1,
                                 "export_tracking": 1, "all": 1, "total": 39},
    # the strategy study: 6 datasets x 2 models x 7 strategies x 10 seeds, and its analysis
    "../../config/study.yaml": {"data": 6, "search": 840, "compare": 12, "study_runs": 12,
                                **STUDY_ANALYSIS, "all": 1, "total": 877},
    # the study that fits a 2-core machine: 3 datasets x SVC x 7 strategies x 4 seeds
    "../../config/study_small.yaml": {"data": 3, "search": 84, "compare": 3, "study_runs": 3,
                                      **STUDY_ANALYSIS, "all": 1, "total": 100},
    # the tiny study of the workflow tests: 2 datasets x 1 model x 7 strategies x 2 seeds
    "tiny_study.yaml": {"data": 2, "search": 28, "compare": 2, "study_runs": 2,
                        **STUDY_ANALYSIS, "all": 1, "total": 41},
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
    assert seconds < DRY_RUN_SECONDS.get(scenario, 60)
    assert "is extended by additional config" not in output


def test_configfile_replaces_the_default_config(checkout):
    """A scenario without a `classification` dataset plans none of the default's jobs."""
    counts, output, _ = dry_run_counts(checkout, "--configfile", "tests/data/two_by_two.yaml")
    assert "classification" not in output
    assert "notebook_run" not in counts and "demo" not in counts
