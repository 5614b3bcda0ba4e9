"""The strategy study end to end on tests/data/tiny_study.yaml: real outputs, byte-identical
reruns, and a dry run after adding a seed or a dataset that plans only what changed."""

import re
import shutil

import pandas as pd
import pytest
import yaml
from conftest import REPO, result_tables, run_snakemake, write_config

from tunelab.strategies import STRATEGIES

STUDY_CONFIG = REPO / "tests" / "data" / "tiny_study.yaml"
ANALYSIS = {"study_scores", "study_ranks", "study_anytime", "study_generalisation", "study_cost",
            "study_leaderboard"}


def load_study():
    return yaml.safe_load(STUDY_CONFIG.read_text())


def study_tables(workdir):
    return {name: data for name, data in result_tables(workdir).items() if name.startswith("study/")}


def planned(workdir, config):
    result, _ = run_snakemake(workdir, "-n", config=config)
    stats = result.stdout.split("Job stats:", 1)[1] if "Job stats:" in result.stdout else ""
    return {rule: int(count) for rule, count in re.findall(r"^(\w+)\s+(\d+)$", stats, re.M)}


@pytest.fixture(scope="module")
def study_run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("study")
    _, seconds = run_snakemake(workdir, "--cores", "2", config=STUDY_CONFIG)
    print(f"tiny study: {seconds:.1f} s")
    return workdir


def test_the_leaderboard_has_one_row_per_strategy_and_random_scores_0(study_run):
    study = study_run / "results" / "study"
    board = pd.read_csv(study / "leaderboard.csv")
    assert sorted(board["strategy"]) == sorted(STRATEGIES)
    assert board["missing"].isna().all()
    assert board["rank_100"].is_monotonic_increasing
    assert board["rank_100"].between(1, len(STRATEGIES)).all()
    problems = pd.read_csv(study / "normalised_problems.csv")
    assert (problems.loc[problems["strategy"] == "random", "normalised"] == 0).all()
    assert (problems["normalised"] <= 100).all()
    runs = pd.read_csv(study / "normalised.csv")
    best = runs[runs["fraction"] == 1.0].groupby(["dataset", "model"])["normalised"].max()
    assert (best == 100).all()  # the best run found on each problem scores 100
    assert set(pd.read_csv(study / "friedman.csv")["fraction"]) == {0.25, 0.5, 1.0}
    general = pd.read_csv(study / "generalisation.csv")
    assert len(general) == len(STRATEGIES) and general["runs"].eq(4).all()
    cost = pd.read_csv(study / "cost.csv")
    assert cost.set_index("strategy")["fits_used"]["grid"] == 12  # 4 trials x 3 folds
    markdown = (study / "leaderboard.md").read_text()
    assert markdown.count("\n| ") == 1 + len(STRATEGIES)
    for figure in ("anytime", "rank_over_budget", "critical_difference", "score_vs_cost"):
        assert (study / f"{figure}.png").stat().st_size > 10_000
    # the study's own figures replace each search's: none planned
    assert not list((study_run / "results" / "figures").glob("*/*/seed*"))


def test_the_analysis_rerun_gives_the_same_bytes(study_run, tmp_path):
    """The analysis, rerun from the same searches in a copy, writes the same bytes (the
    searches' own byte-identical reruns are tested on tiny.yaml in test_workflow.py)."""
    shutil.copytree(study_run / "results", tmp_path / "results")
    shutil.copytree(study_run / ".snakemake", tmp_path / ".snakemake", symlinks=True)
    shutil.rmtree(tmp_path / "results" / "study")
    result, _ = run_snakemake(tmp_path, "--cores", "2", config=STUDY_CONFIG)
    assert "search" not in re.findall(r"^(\w+)\s+\d+$", result.stdout, re.M)
    first, second = study_tables(study_run), study_tables(tmp_path)
    assert "study/leaderboard.csv" in first and len(first) == 14
    assert first == second


def test_adding_a_seed_plans_only_its_searches_and_the_analysis(study_run, tmp_path):
    config = load_study()
    config["seeds"].append(3)
    counts = planned(study_run, write_config(tmp_path / "seed.yaml", config))
    searches = len(config["datasets"]) * len(config["models"]) * len(STRATEGIES)
    assert counts == {"search": searches, "compare": 2, "study_runs": 2, "all": 1, "total": 25,
                      **{rule: 1 for rule in ANALYSIS}}


def test_adding_a_dataset_reruns_only_its_problem(study_run, tmp_path):
    config = load_study()
    config["datasets"]["wine"] = {"source": "wine", "test_size": 0.25, "split_seed": 0}
    counts = planned(study_run, write_config(tmp_path / "dataset.yaml", config))
    assert counts == {"data": 1, "search": 2 * len(STRATEGIES), "compare": 1, "study_runs": 1,
                      "all": 1, "total": 24, **{rule: 1 for rule in ANALYSIS}}


def test_a_strategy_failing_on_one_problem_is_marked_missing(tmp_path):
    """k-NN with qmc's neighbours beyond the tiny dataset's fold size: every qmc trial fails
    there and none on the other dataset; the study still writes its leaderboard."""
    config = load_study()
    config["seeds"] = [1]
    config["models"] = {"knn": {
        "estimator": "KNeighborsClassifier",
        "figures": {"search_pattern": ["n_neighbors", "p"], "contour": ["n_neighbors", "p"]},
        "spaces": {
            "grid": {"n_neighbors": [3, 9], "p": [1, 2]},
            "qmc": {"n_neighbors": {"type": "int", "low": 70, "high": 74}, "p": [2]},
            "default": {"n_neighbors": {"type": "int", "low": 1, "high": 30}, "p": [1, 2]},
        },
    }}
    config["figures"] = {"search_pattern": ["n_neighbors", "p"], "contour": ["n_neighbors", "p"]}
    run_snakemake(tmp_path, "--cores", "2", config=write_config(tmp_path / "knn.yaml", config))
    board = pd.read_csv(tmp_path / "results" / "study" / "leaderboard.csv").set_index("strategy")
    assert len(board) == len(STRATEGIES)
    assert board.loc["qmc", "missing"] == "tiny/knn"
    assert board.drop(index="qmc")["missing"].isna().all()
    assert "(missing: tiny/knn)" in (tmp_path / "results" / "study" / "leaderboard.md").read_text()
