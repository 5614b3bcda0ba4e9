"""Every job of the tiny workflow is tracked, and tracking never decides a result."""

import json

import pandas as pd
import pytest
from conftest import load_tiny, result_tables, run_snakemake, write_config

from tunelab import tracking
from tunelab.config import search_settings

STRATEGY_TRIALS = {"grid": 4, "random": 4, "gp": 4, "tpe": 6, "tpe_pruned": 6}
NOTEBOOK_RUNS = {"logistic-baseline": 1, "rf-grid-tuned": 1, "gb-tuned": 1, "rf-n-estimators-sweep": 4}


def test_every_job_has_its_run_with_every_step_and_its_config(tiny_run):
    workdir, _ = tiny_run
    config = load_tiny()
    directory = workdir / "results" / "trackio"
    runs = tracking.read_runs(directory, config["project"]).set_index("run")
    metrics = tracking.read_metrics(directory, config["project"])

    expected = {f"{s}-tiny-rf-seed{seed}": n for s, n in STRATEGY_TRIALS.items() for seed in (1, 2)}
    expected.update(NOTEBOOK_RUNS)
    expected["grid-tiny-knn-seed1"] = 4  # the AutoML family's grid search
    # nested CV: grid (2 points) and tpe (3 trials), per outer fold and on all samples
    for part in ("outer1", "outer2", "outer3", "all"):
        expected[f"nested-grid-{part}"] = 2
        expected[f"nested-tpe-{part}"] = 3
    assert sorted(runs.index) == sorted(expected)
    steps = metrics.groupby("run").size()
    for name, count in expected.items():
        assert runs.loc[name, "steps"] == count == steps[name], name

    for strategy in STRATEGY_TRIALS:
        for seed in (1, 2):
            name = f"{strategy}-tiny-rf-seed{seed}"
            settings = json.loads(json.dumps(search_settings(config, "tiny", "rf", strategy)))
            assert runs.loc[name, "config"] == {"kind": "search", "dataset": "tiny", "model": "rf",
                                                "strategy": strategy, "seed": seed, "settings": settings}
            assert runs.loc[name, "group"] == strategy
            best = json.loads((workdir / "results" / "searches" / "tiny" / "rf" / strategy / f"seed{seed}" / "best.json").read_text())
            assert runs.loc[name, "summary/best_cv_score"] == best["best_cv_score"]
            trial_steps = metrics[metrics["run"] == name]
            assert trial_steps["best_cv_score"].max() == pytest.approx(best["best_cv_score"], abs=1e-9)
            assert runs.loc[name, "summary/n_trials"] == STRATEGY_TRIALS[strategy]

    # one vocabulary: every run's config has the same top-level keys, every metric a known name
    assert {tuple(config) for config in runs["config"]} == {(*tracking.RUN_KEYS, "settings")}
    assert set(metrics.columns) - {"run", "step"} <= set(tracking.METRICS)
    summaries = {column.removeprefix("summary/") for column in runs.columns if column.startswith("summary/")}
    assert summaries <= set(tracking.METRICS)
    assert runs.loc["gb-tuned", "config"]["kind"] == "notebook_run"
    assert runs.loc["rf-grid-tuned", "config"]["strategy"] == "grid"

    exported = pd.read_csv(workdir / "results" / "tracking" / "runs.csv")
    assert len(exported) == len(expected)
    assert len(pd.read_csv(workdir / "results" / "tracking" / "metrics.csv")) == sum(expected.values())


def test_failing_tracking_leaves_every_result_identical(tiny_run, tmp_path):
    workdir, _ = tiny_run
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the tracking directory should be")
    config = load_tiny()
    config["tracking"]["directory"] = str(blocker / "trackio")
    broken = write_config(tmp_path / "broken.yaml", config)

    other = tmp_path / "run"
    run_snakemake(other, "--cores", "2", config=broken)

    assert result_tables(other) == result_tables(workdir)
    log = (other / "results" / "logs" / "search" / "tiny" / "rf" / "tpe" / "seed1.log").read_text()
    assert "tracking failed:" in log and "results are unaffected" in log
    assert pd.read_csv(other / "results" / "tracking" / "runs.csv").empty
