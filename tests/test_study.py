"""The study's analysis on hand-made trial tables whose scores, ranks and tests are known."""

import math

import numpy as np
import pandas as pd
import pytest

from tunelab import study, trials

FRACTIONS = [0.25, 0.5, 1.0]


def trial_table(scores, states=None):
    """A trial table (two folds, both equal to the score); None is a failed trial."""
    rows = []
    for number, score in enumerate(scores):
        state = (states or {}).get(number, "failed" if score is None else "complete")
        folds = [] if state == "failed" else [score, score]
        rows.append(trials.Trial(number, {"x": number}, folds, state=state))
    return trials.trial_frame(rows, folds=2)


# Per strategy and seed, the scores of 4 evaluations on each of two problems.
RUNS = {
    "random": {0: [0.70, 0.75, 0.80, 0.80], 1: [0.60, 0.70, 0.70, 0.85], 2: [0.72, 0.72, 0.90, 0.90]},
    "tpe": {0: [0.95, 0.95, 0.95, 0.95], 1: [0.95, 0.95, 0.95, 0.95], 2: [0.95, 0.95, 0.95, 0.95]},
    "qmc": {0: [0.95, 0.95, 0.95, 0.95], 1: [0.95, 0.95, 0.95, 0.95], 2: [0.95, 0.95, 0.95, 0.95]},
    "gp": {0: [0.50, 0.50, 0.60, 0.95], 1: [None, 0.50, 0.60, 0.94], 2: [0.50, 0.50, 0.50, 0.50]},
}
PROBLEMS = [("d1", "m"), ("d2", "m")]


def labels(problem, strategy, seed):
    return {"dataset": problem[0], "model": problem[1], "strategy": strategy, "seed": seed}


@pytest.fixture(scope="module")
def curves():
    return pd.concat([
        study.run_curve(trial_table(scores), labels(problem, strategy, seed))
        for problem in PROBLEMS for strategy, seeds in RUNS.items() for seed, scores in seeds.items()
    ], ignore_index=True)


@pytest.fixture(scope="module")
def normalised(curves):
    return study.normalised_scores(study.scores_at(curves, FRACTIONS))


def test_run_curve_is_the_running_best_of_complete_trials():
    curve = study.run_curve(trial_table([None, 0.5, 0.4, 0.7]), labels(PROBLEMS[0], "s", 1))
    assert list(curve["evaluation"]) == [1, 2, 3, 4]
    assert np.isnan(curve["best_so_far"][0]) and list(curve["best_so_far"][1:]) == [0.5, 0.5, 0.7]


def test_budget_points_are_fractions_of_the_longest_run(curves):
    points = study.budget_points(curves, FRACTIONS)
    assert list(points["evaluation"][:3]) == [1, 2, 4]


def test_random_median_scores_0_and_the_optimum_100(normalised):
    problems = study.per_problem(normalised)
    random = problems[problems["strategy"] == "random"]
    assert (random["normalised"] == 0.0).all()
    oracle = problems[problems["strategy"] == "tpe"]
    assert (oracle["normalised"] == 100.0).all()
    summary = study.normalised_summary(problems)
    row = summary[(summary["strategy"] == "tpe") & (summary["fraction"] == 1.0)].iloc[0]
    assert (row["score"], row["score_low"], row["score_high"], row["problems"]) == (100, 100, 100, 2)


def test_normalised_score_by_hand(normalised):
    # gp (slow), seed 0, full budget: loss 0.05 = opt, so 100; at 50%: loss 0.5, rand = median(0.25,
    # 0.30, 0.28) = 0.28 at evaluation 2, opt 0.05: 100 * (1 - 0.45 / 0.23)
    row = normalised[(normalised["strategy"] == "gp") & (normalised["seed"] == 0)
                     & (normalised["dataset"] == "d1")]
    assert row.set_index("fraction")["normalised"].to_dict() == pytest.approx(
        {0.25: 100 * (1 - 0.45 / 0.25), 0.5: 100 * (1 - 0.45 / 0.23), 1.0: 100.0})


def test_mean_interval_is_t_based():
    mean, low, high = study.mean_interval([1.0, 2.0, 3.0, math.nan])
    half = 4.302652729911275 * 1 / math.sqrt(3)  # t(0.975, 2) * sd / sqrt(n)
    assert (mean, low, high) == pytest.approx((2.0, 2.0 - half, 2.0 + half))
    assert study.mean_interval([5.0]) == (5.0, 5.0, 5.0)


def test_ties_share_the_mean_rank(curves):
    ranked = study.ranks(study.scores_at(curves, FRACTIONS))
    full = ranked[ranked["fraction"] == 1.0]
    d1_seed1 = full[(full["dataset"] == "d1") & (full["seed"] == 1)].set_index("strategy")["rank"]
    assert d1_seed1.to_dict() == {"random": 4.0, "tpe": 1.5, "qmc": 1.5, "gp": 3.0}
    means = study.mean_ranks(ranked)
    at_start = means[means["fraction"] == 0.25].set_index("strategy")["mean_rank"]
    assert at_start["tpe"] == at_start["qmc"] == 1.5


def test_friedman_and_wilcoxon_holm_against_the_best(curves, normalised):
    at = study.scores_at(curves, FRACTIONS)
    result = study.friedman(at, 0.25)
    assert result["blocks"] == 4  # seed 1's slow run has no value at evaluation 1
    assert 0 < result["p_value"] < 0.05
    tests = study.wilcoxon_vs_best(normalised, study.mean_ranks(study.ranks(at)), 0.25)
    rows = tests.set_index("strategy")
    assert rows["best"].unique().tolist() == ["tpe"]
    assert rows.loc["qmc", "p_value"] == 1.0 and not rows.loc["qmc", "worse"]
    assert (rows.loc["random", "p_holm"] >= rows.loc["random", "p_value"])
    assert math.isnan(rows.loc["tpe", "p_value"])


def test_critical_difference_matches_demsar():
    # Demšar (2006), table 5(a): q_0.05 = 2.569 for k = 4
    assert study.critical_difference(4, 10) == pytest.approx(2.569 * math.sqrt(4 * 5 / 60), rel=1e-3)


def test_generalisation_and_cost():
    runs = pd.DataFrame([
        {**labels(PROBLEMS[0], "a", 0), "fits_used": 10, "best_cv": 0.9, "test_score": 0.8},
        {**labels(PROBLEMS[0], "a", 1), "fits_used": 20, "best_cv": 0.8, "test_score": 0.8},
    ])
    general = study.generalisation(runs).iloc[0]
    assert general["cv_minus_test"] == pytest.approx(0.05) and general["test_score"] == 0.8
    curves = pd.concat([study.run_curve(trial_table([0.5, 0.896, 0.9]), labels(PROBLEMS[0], "a", 0)),
                        study.run_curve(trial_table([0.5, 0.6, 0.8]), labels(PROBLEMS[0], "a", 1))])
    to_target = study.evaluations_to_target(curves, gap=0.005)
    assert to_target["to_target"].tolist()[0] == 2 and math.isnan(to_target["to_target"].tolist()[1])
    cost = study.cost(runs, to_target).iloc[0]
    assert (cost["fits_used"], cost["target_reached"], cost["evals_to_target"]) == (15, 0.5, 2)


def test_a_strategy_missing_on_a_problem_is_marked_not_a_crash(curves):
    # "gp" failed every trial on d2: its runs there have no value at all
    failed = curves.copy()
    failed.loc[(failed["strategy"] == "gp") & (failed["dataset"] == "d2"), "best_so_far"] = math.nan
    at = study.scores_at(failed, FRACTIONS)
    normalised = study.normalised_scores(at)
    summary = study.normalised_summary(study.per_problem(normalised))
    ranked = study.mean_ranks(study.ranks(at))
    tests = pd.concat([study.wilcoxon_vs_best(normalised, ranked, f) for f in FRACTIONS])
    runs = at[at["fraction"] == 1.0].assign(fits_used=8, test_score=0.9)
    general = study.generalisation(runs)
    cost = study.cost(runs, study.evaluations_to_target(failed, 0.005))
    missing = study.missing_problems(runs, list(RUNS))
    assert missing == {"random": [], "tpe": [], "qmc": [], "gp": ["d2/m"]}
    board = study.leaderboard(list(RUNS), summary, ranked, tests, general, cost, missing, FRACTIONS)
    assert list(board["strategy"])[:2] == ["tpe", "qmc"] and len(board) == 4
    slow = board.set_index("strategy").loc["gp"]
    assert slow["missing"] == "d2/m"
    seconds = pd.DataFrame({"strategy": list(RUNS), "search_seconds": 1.0, "cpu_seconds": 2.0})
    markdown = study.leaderboard_markdown(board, seconds, tests, FRACTIONS, 2, 3, 0.005)
    assert "(missing: d2/m)" in markdown and markdown.count("\n| ") == 5


def test_anytime_over_evaluations_and_seconds(curves):
    curve = study.anytime(curves)
    oracle = curve[(curve["strategy"] == "tpe") & (curve["dataset"] == "d1")]
    assert oracle["mean"].tolist() == [0.95] * 4 and oracle["seeds"].tolist() == [3] * 4
    seconds = curves[study.RUN + ["evaluation"]].assign(seconds=curves["evaluation"] * 0.5)
    timed = study.anytime_seconds(curves, seconds, points=5)
    first = timed[(timed["strategy"] == "random") & (timed["dataset"] == "d1")]
    assert first["seconds"].iloc[0] == 0.5 and first["seconds"].iloc[-1] == pytest.approx(2.0)
    assert first["mean"].iloc[-1] == pytest.approx(np.mean([0.80, 0.85, 0.90]))
