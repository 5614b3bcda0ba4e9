"""Nested CV and the AutoML leaderboard: the library against sklearn, the DAG, the tiny run."""

import json

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import REPO, load_tiny, run_snakemake, write_config
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from test_workflow import job_counts

from tunelab import automl, datasets, nested, nested_report
from tunelab.config import nested_parts, nested_settings, search_grid
from tunelab.config_check import check_config
from tunelab.models import build_estimator, estimator_class

TINY = load_tiny()
SCHEMA = yaml.safe_load((REPO / "config" / "schema.yaml").read_text())


def sklearn_nested(config: dict) -> tuple[np.ndarray, float]:
    """The notebook's nested CV, written with sklearn alone, for the config's grid case."""
    section = config["nested"]
    X, y = datasets.load_xy(config["datasets"][section["dataset"]])
    grid = {name: values for name, values in section["strategies"]["grid"]["space"].items()}
    inner = GridSearchCV(RandomForestClassifier(random_state=section["seed"]), grid,
                         cv=section["inner"]["folds"], scoring=config["scoring"])
    outer = StratifiedKFold(section["outer"]["folds"], shuffle=True, random_state=section["seed"])
    outer_scores = cross_val_score(inner, X, y, cv=outer, scoring=config["scoring"])
    return outer_scores, inner.fit(X, y).best_score_


def test_a_strategys_nested_cv_equals_sklearns_nested_cv():
    X, y = datasets.load_xy(TINY["datasets"]["tiny"])
    settings = nested_settings(TINY, "grid")
    parts = {part: nested.run_part(settings, part, X, y) for part in nested_parts(TINY)}
    summary = nested_report.summarize([parts[p] for p in parts if p != "all"], parts["all"])
    outer_scores, optimistic = sklearn_nested(TINY)
    assert summary["outer_scores"] == outer_scores.tolist()
    assert summary["nested_score"] == outer_scores.mean()
    assert summary["nested_sd"] == outer_scores.std()
    assert summary["optimistic_score"] == optimistic
    assert summary["gap"] == optimistic - outer_scores.mean()


def test_outer_parts_partition_the_samples():
    y = np.array([0, 1] * 15)
    outer = {"folds": 3, "shuffle": True}
    tests = [nested.part_rows(f"outer{k}", y, outer, seed=0)[1] for k in (1, 2, 3)]
    assert sorted(np.concatenate(tests).tolist()) == list(range(30))
    train, test = nested.part_rows("all", y, outer, seed=0)
    assert test is None and len(train) == 30


def test_nested_settings_layer_the_strategys_own_budget_and_space():
    settings = nested_settings(TINY, "tpe")
    assert settings["settings"]["n_trials"] == 3  # nested.strategies.tpe over strategies.tpe (6)
    assert settings["space"] == TINY["models"]["rf"]["spaces"]["default"]
    assert (settings["folds"], settings["shuffle"]) == (2, False)
    assert settings["outer"] == {"folds": 3, "shuffle": True}
    grid = nested_settings(TINY, "grid")
    assert grid["space"] == {"max_depth": [2, None], "n_estimators": [5]}


def summary_of(model: str, cv: float, test: float) -> dict:
    return {"model": model, "strategy": "grid", "n_trials": 4, "best_cv_score": cv,
            "test_score": test, "fits_used": 20, "best_params": {"k": model}}


def test_the_leaderboard_ranks_by_cv_and_ties_keep_the_configs_order():
    summaries = [summary_of("a", 0.80, 0.7), summary_of("b", 0.90, 0.85), summary_of("c", 0.90, 0.95)]
    frame = automl.leaderboard_frame(summaries, {"a": "A", "b": "B", "c": "C"})
    timings = automl.timing_frame(summaries, [1.0, 2.0, 3.0])
    assert list(frame["family"]) == ["b", "c", "a"] and list(frame["rank"]) == [1, 2, 3]
    assert frame.loc[0, "cv_test_gap"] == pytest.approx(0.05)
    won = automl.winner(frame, summaries)
    assert won["name"] == "B" and won["best_params"] == {"k": "b"}
    markdown = automl.leaderboard_markdown(frame, timings, won, "toy")
    assert "Winner: **B**" in markdown and "| 1 | B | 4 | 0.9000 | 0.8500 | +0.0500 | 20 | 2.0 |" in markdown


def test_a_family_by_import_path_and_with_preprocessing():
    model = {"estimator": "sklearn.ensemble.HistGradientBoostingClassifier", "fixed": {"max_iter": 20}}
    estimator = build_estimator(model, {"learning_rate": 0.2}, seed=3)
    assert type(estimator).__name__ == "HistGradientBoostingClassifier"
    assert estimator.random_state == 3 and estimator.learning_rate == 0.2
    scaled = build_estimator({"estimator": "KNeighborsClassifier", "preprocessing": ["StandardScaler"]},
                             {"n_neighbors": 3}, seed=0)
    assert isinstance(scaled, Pipeline) and isinstance(scaled[-1], KNeighborsClassifier)
    assert [name for name, _ in scaled.steps] == ["standardscaler", "clf"]
    with pytest.raises(ValueError, match="unknown estimator 'Forest'"):
        estimator_class("Forest")


def test_the_random_forest_family_is_part_1s_grid_search():
    searches = search_grid(TINY)
    assert searches.count({"dataset": "tiny", "model": "rf", "strategy": "grid", "seed": 1}) == 1
    assert {"dataset": "tiny", "model": "knn", "strategy": "grid", "seed": 1} in searches
    assert not any(s["model"] == "knn" and s["strategy"] != "grid" for s in searches)


BAD_INPUTS = [
    (lambda c: c["models"]["knn"].update(estimator="KNearestClassifier"),
     "models.knn.estimator: unknown estimator 'KNearestClassifier'"),
    (lambda c: c["models"]["knn"].update(estimator="sklearn.ensemble.NoSuchClassifier"),
     "models.knn.estimator: module 'sklearn.ensemble' has no class 'NoSuchClassifier'"),
    (lambda c: c["models"]["knn"]["spaces"]["grid"].update(weights=["uniform", "heavy"]),
     "models.knn.spaces.grid.weights: The 'weights' parameter of KNeighborsClassifier"),
    (lambda c: c["models"]["knn"].update(preprocessing=["StandardScalar"]),
     "models.knn.preprocessing[0]: no preprocessing step 'StandardScalar'"),
    (lambda c: c["nested"]["outer"].update(folds=70),
     "nested.outer.folds: 70 outer folds, but the smallest class of tiny has"),
    (lambda c: c["automl"]["families"].update(svm="SVM"),
     "automl.families.svm: 'svm' is not in models"),
    (lambda c: c["nested"]["strategies"].update(random={"n_trials": 2}),
     "nested.strategies.random: 'random' is not in strategies"),
    (lambda c: c["nested"]["strategies"]["tpe"].update(n_trails=2),
     "nested.strategies.tpe: unknown key 'n_trails'"),
]


@pytest.mark.parametrize("mutate, message", BAD_INPUTS)
def test_bad_nested_and_automl_input_is_one_line_naming_the_key(mutate, message):
    config = load_tiny()
    if "'random' is not in" in message:
        del config["strategies"]["random"]
        config["compare"] = {"models": ["rf"]}
    mutate(config)
    with pytest.raises(Exception) as error:
        check_config(config, SCHEMA)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_outer_folds_are_separate_jobs_and_one_job_holds_the_rf_grid(tmp_path):
    result, _ = run_snakemake(tmp_path, "--cores", "2", "-n")
    counts = job_counts(result.stdout + result.stderr)
    assert counts["nested_search"] == 2 * (3 + 1)  # (grid, tpe) x (3 outer folds + all)
    assert counts["nested_summary"] == 2 and counts["nested_compare"] == 1
    assert counts["search"] == 5 * 2 + 1  # the comparison's ten, and the KNN family
    assert counts["automl"] == 1
    assert result.stdout.count("output: results/searches/tiny/rf/grid/seed1/trials.csv") == 1


def test_the_tiny_runs_nested_cv_and_leaderboard(tiny_run):
    workdir, _ = tiny_run
    results = workdir / "results"
    summary = json.loads((results / "nested" / "grid" / "summary.json").read_text())
    outer_scores, optimistic = sklearn_nested(TINY)
    assert summary["outer_scores"] == outer_scores.tolist()
    assert summary["optimistic_score"] == optimistic
    comparison = pd.read_csv(results / "nested" / "comparison.csv")
    assert list(comparison["strategy"]) == ["grid", "tpe"]
    board = pd.read_csv(results / "automl" / "leaderboard.csv")
    assert sorted(board["family"]) == ["knn", "rf"]
    rf_search = json.loads((results / "searches/tiny/rf/grid/seed1/best.json").read_text())
    rf_row = board[board["family"] == "rf"].iloc[0]
    assert rf_row["best_cv"] == rf_search["best_cv_score"] and rf_row["combinations"] == 4
    winner = json.loads((results / "automl" / "winner.json").read_text())
    assert winner["family"] == board.iloc[0]["family"]
    for figure in ("nested/grid.png", "nested/comparison.png", "automl/cv_vs_test.png"):
        assert (results / "figures" / figure).read_bytes()[:4] == b"\x89PNG"


def test_a_family_that_fails_leaves_the_others_with_keep_going(tmp_path):
    config = load_tiny()
    config["models"]["broken"] = {  # more neighbours than samples: every fit fails
        "estimator": "KNeighborsClassifier",
        "spaces": {"grid": {"n_neighbors": [500]}},
    }
    config["automl"]["families"]["broken"] = "Broken"
    config["compare"] = {"models": []}
    config.pop("nested")
    config.pop("notebook_runs")
    config.pop("parity")
    path = write_config(tmp_path / "broken.yaml", config)
    result, _ = run_snakemake(tmp_path / "run", "--cores", "2", "--keep-going", "results/automl/leaderboard.csv",
                              config=path, check=False)
    assert result.returncode != 0
    assert "Error in rule search" in result.stderr
    assert (tmp_path / "run/results/searches/tiny/knn/grid/seed1/best.json").exists()
    log = (tmp_path / "run/results/logs/search/tiny/broken/grid/seed1.log").read_text()
    assert "no trial completed" in log


def test_parity_rows_for_part_5():
    from tunelab.notebook import parity

    board = [{"name": name, "combinations": int(combos), "best_cv": float(score)}
             for name, (combos, score) in parity.NOTEBOOK_AUTOML.items()]
    board[-1]["best_cv"] = 0.94  # Extra Trees as sklearn 1.9.1 computes it
    winner = {"name": "Extra Trees", "best_cv": 0.94,
              "best_params": {"n_estimators": 50, "max_depth": None, "min_samples_leaf": 1}}
    rows = {row.quantity: row for row in parity.automl_rows(board, winner)}
    assert rows["AutoML KNN"].status == "match" and rows["AutoML KNN"].note == ""
    assert rows["AutoML Extra Trees"].status == "differs" and "752 vs 753" in rows["AutoML Extra Trees"].note
    assert rows["AutoML winner's params"].status == "match"
    summary = {"optimistic_score": 0.934, "nested_score": 0.935, "nested_sd": 0.012, "gap": -0.001}
    nested_rows = parity.nested_rows(summary)
    assert [row.status for row in nested_rows] == ["computed", "computed", "differs"]
    assert "|" not in "".join(row.note + row.workflow for row in nested_rows)
    assert parity.nested_rows(None)[0].status == "not run"
