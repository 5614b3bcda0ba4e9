"""The strategy study: trial tables of many problems and seeds turned into anytime curves,
Bayesmark-normalised scores, ranks with Friedman/Wilcoxon tests, test-set scores and cost.

Pure functions over pandas frames; no Snakemake, no figures (those are in
:mod:`tunelab.study_figures`). A problem is a (dataset, model) pair, a run one search (a
strategy and a seed on a problem), a block one (problem, seed): strategies are ranked and
tested within blocks. Scores are maximised; loss is 1 - score.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from tunelab.strategies import label
from tunelab.trials import best_so_far, read_table, state_counts

PROBLEM = ["dataset", "model"]
RUN = [*PROBLEM, "strategy", "seed"]
BLOCK = [*PROBLEM, "seed"]
DIGITS = 10  # tables are rounded so that float noise never changes their bytes


def run_curve(trials: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """One run's best-so-far CV score after each evaluation (NaN before the first complete)."""
    return pd.DataFrame(
        {
            **{key: labels[key] for key in RUN},
            "evaluation": np.arange(1, len(trials) + 1),
            "best_so_far": best_so_far(trials),
        },
        columns=[*RUN, "evaluation", "best_so_far"],
    )


def run_curve_seconds(timings: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """Cumulative seconds of a run after each evaluation (kept apart: they vary)."""
    return pd.DataFrame(
        {
            **{key: labels[key] for key in RUN},
            "evaluation": np.arange(1, len(timings) + 1),
            "seconds": timings["seconds"].cumsum().round(3).to_numpy(),
        },
        columns=[*RUN, "evaluation", "seconds"],
    )


def run_summary(trials: pd.DataFrame, best: dict | None, labels: dict) -> dict:
    """A run's outcome: its counts, fits, best CV and held-out score (NaN where none completed)."""
    best = best or {}
    return {
        **{key: labels[key] for key in RUN},
        "evaluations": int(len(trials)),
        **state_counts(trials),
        "fits_used": int(trials["folds_fitted"].sum()),
        "best_cv": _number(best.get("best_cv_score")),
        "test_score": _number(best.get("test_score")),
    }


def _number(value) -> float:
    return math.nan if value is None else float(value)


def run_seconds(timings: pd.DataFrame, job_timings: dict, labels: dict) -> dict:
    """Seconds a run cost: its trials' wall time and its job process's CPU time."""
    return {
        **{key: labels[key] for key in RUN},
        "search_seconds": round(float(timings["seconds"].sum()), 3),
        "cpu_seconds": round(float(job_timings["cpu_seconds"]), 3),
    }


def budget_points(curves: pd.DataFrame, fractions: list[float]) -> pd.DataFrame:
    """The evaluation at each budget fraction of each problem (the problem's longest run)."""
    budgets = curves.groupby(PROBLEM, sort=False)["evaluation"].max().rename("budget")
    rows = [
        {**dict(zip(PROBLEM, problem)), "fraction": fraction,
         "evaluation": max(1, math.ceil(fraction * budget - 1e-9))}
        for problem, budget in budgets.items()
        for fraction in fractions
    ]
    return pd.DataFrame(rows, columns=[*PROBLEM, "fraction", "evaluation"])


def scores_at(curves: pd.DataFrame, fractions: list[float]) -> pd.DataFrame:
    """Each run's best-so-far at each budget fraction (a shorter run keeps its last value)."""
    points = budget_points(curves, fractions).rename(columns={"evaluation": "at"})
    merged = curves.merge(points, on=PROBLEM)
    reached = merged[merged["evaluation"] <= merged["at"]]
    last = reached.sort_values("evaluation", kind="stable").groupby(
        [*RUN, "fraction"], sort=False).tail(1)
    frame = last.drop(columns="evaluation").rename(columns={"at": "evaluation"})
    frame = frame.sort_values([*RUN, "fraction"], kind="stable", key=_config_order(curves))
    return frame[[*RUN, "fraction", "evaluation", "best_so_far"]].rename(
        columns={"best_so_far": "best_cv"}).reset_index(drop=True)


def _config_order(curves: pd.DataFrame):
    """Sort key keeping datasets, models and strategies in the order the curves list them."""
    orders = {column: {value: i for i, value in enumerate(dict.fromkeys(curves[column]))}
              for column in ("dataset", "model", "strategy")}

    def key(column: pd.Series) -> pd.Series:
        return column.map(orders[column.name]) if column.name in orders else column

    return key


def normalised_scores(at: pd.DataFrame, reference: str = "random") -> pd.DataFrame:
    """Bayesmark's normalised score of each run at each budget fraction.

    On loss = 1 - score: opt is the lowest loss any run reached on the problem (at any budget),
    rand the median loss of ``reference`` (random search) at the same fraction; the score is
    100 * (1 - (loss - opt) / (rand - opt)): 0 at random search's median, 100 at the best
    found. NaN where the problem has no reference runs or rand equals opt.
    """
    frame = at.copy()
    frame["loss"] = 1.0 - frame["best_cv"]
    opt = frame.groupby(PROBLEM)["loss"].min().rename("opt")
    reference_runs = frame[frame["strategy"] == reference]
    rand = reference_runs.groupby([*PROBLEM, "fraction"])["loss"].median().rename("rand")
    frame = frame.merge(opt.reset_index(), on=PROBLEM, how="left")
    frame = frame.merge(rand.reset_index(), on=[*PROBLEM, "fraction"], how="left")
    span = frame["rand"] - frame["opt"]
    ratio = (frame["loss"] - frame["opt"]) / span.where(span > 0)
    frame["normalised"] = (100.0 * (1.0 - ratio)).round(DIGITS) + 0.0  # + 0.0: no -0.0
    return frame[[*RUN, "fraction", "evaluation", "best_cv", "opt", "rand", "normalised"]]


def per_problem(normalised: pd.DataFrame) -> pd.DataFrame:
    """Median normalised score over seeds, per problem, strategy and fraction (random: 0)."""
    grouped = normalised.groupby([*PROBLEM, "strategy", "fraction"], sort=False)
    return grouped["normalised"].median().round(DIGITS).reset_index()


def mean_interval(values, confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean and its t-based interval; NaN values are left out, one value has no interval."""
    values = np.asarray([v for v in values if not pd.isna(v)], dtype=float)
    if len(values) == 0:
        return math.nan, math.nan, math.nan
    mean = float(values.mean())
    if len(values) < 2 or np.all(values == values[0]):
        return mean, mean, mean
    half = stats.t.ppf(0.5 + confidence / 2, len(values) - 1) * stats.sem(values)
    return mean, float(mean - half), float(mean + half)


def normalised_summary(problems: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Per strategy and fraction: mean normalised score over problems with its t interval."""
    rows = []
    for (strategy, fraction), group in problems.groupby(["strategy", "fraction"], sort=False):
        mean, low, high = mean_interval(group["normalised"], confidence)
        rows.append({"strategy": strategy, "fraction": fraction,
                     "problems": int(group["normalised"].notna().sum()),
                     "score": mean, "score_low": low, "score_high": high})
    return _rounded(pd.DataFrame(rows, columns=["strategy", "fraction", "problems", "score",
                                                "score_low", "score_high"]))


def complete_blocks(at: pd.DataFrame, value: str = "best_cv") -> pd.DataFrame:
    """Only blocks (problem, seed, fraction) in which every strategy has a value."""
    strategies = at["strategy"].nunique()
    finite = at[at[value].notna()]
    sizes = finite.groupby([*BLOCK, "fraction"])["strategy"].transform("nunique")
    return finite[sizes == strategies]


def ranks(at: pd.DataFrame) -> pd.DataFrame:
    """Rank of each run in its block at each fraction: 1 is the best, ties share the mean rank.
    Blocks in which a strategy has no value are left out."""
    blocks = complete_blocks(at).copy()
    blocks["rank"] = blocks.groupby([*BLOCK, "fraction"])["best_cv"].rank(
        ascending=False, method="average"
    )
    return blocks[[*RUN, "fraction", "rank"]]


def mean_ranks(ranked: pd.DataFrame) -> pd.DataFrame:
    grouped = ranked.groupby(["strategy", "fraction"], sort=False)
    frame = grouped["rank"].agg(mean_rank="mean", blocks="count").reset_index()
    return _rounded(frame)


def friedman(at: pd.DataFrame, fraction: float) -> dict:
    """Friedman's test over the complete blocks at ``fraction`` (scipy.stats.friedmanchisquare)."""
    table = _block_table(complete_blocks(at), fraction, "best_cv")
    if table.shape[1] < 3 or len(table) < 2:
        return {"fraction": fraction, "blocks": len(table), "statistic": math.nan, "p_value": math.nan}
    result = stats.friedmanchisquare(*[table[column] for column in table.columns])
    statistic = 0.0 if np.isnan(result.statistic) else float(result.statistic)
    p_value = 1.0 if np.isnan(result.pvalue) else float(result.pvalue)
    return {"fraction": fraction, "blocks": len(table), "statistic": statistic, "p_value": p_value}


def _block_table(frame: pd.DataFrame, fraction: float, value: str) -> pd.DataFrame:
    """Blocks as rows, strategies as columns (in order of appearance)."""
    subset = frame[frame["fraction"] == fraction]
    order = list(dict.fromkeys(subset["strategy"]))
    return subset.pivot_table(index=BLOCK, columns="strategy", values=value)[order]


def wilcoxon_vs_best(normalised: pd.DataFrame, ranked_means: pd.DataFrame, fraction: float,
                     alpha: float = 0.05) -> pd.DataFrame:
    """Each strategy against the best (lowest mean rank) at ``fraction``: Wilcoxon signed-rank
    tests on paired normalised scores (complete blocks), Holm-corrected over the strategies."""
    from statsmodels.stats.multitest import multipletests

    columns = ["fraction", "strategy", "best", "blocks", "p_value", "p_holm", "worse"]
    means = ranked_means[ranked_means["fraction"] == fraction]
    if means.empty:  # no block in which every strategy has a score
        return pd.DataFrame(columns=columns)
    best = means.loc[means["mean_rank"].idxmin(), "strategy"]
    table = _block_table(complete_blocks(normalised, "normalised"), fraction, "normalised")
    others = [strategy for strategy in table.columns if strategy != best]
    raw = [_wilcoxon(table[best], table[other]) for other in others]
    holm = multipletests(raw, alpha=alpha, method="holm")[1] if raw else []
    rows = [{"fraction": fraction, "strategy": other, "best": best, "blocks": len(table),
             "p_value": p, "p_holm": float(corrected), "worse": bool(corrected < alpha)}
            for other, p, corrected in zip(others, raw, holm)]
    rows.append({"fraction": fraction, "strategy": best, "best": best, "blocks": len(table),
                 "p_value": math.nan, "p_holm": math.nan, "worse": False})
    return _rounded(pd.DataFrame(rows, columns=columns))


def _wilcoxon(best: pd.Series, other: pd.Series) -> float:
    differences = (best - other).to_numpy()
    if len(differences) == 0 or np.all(differences == 0):
        return 1.0
    return float(stats.wilcoxon(best, other, zero_method="zsplit").pvalue)


def critical_difference(strategies: int, blocks: int, alpha: float = 0.05) -> float:
    """Nemenyi's critical difference of mean ranks (Demšar 2006), from the studentized range."""
    if strategies < 2 or blocks < 1:
        return math.nan
    q = stats.studentized_range.ppf(1 - alpha, strategies, np.inf) / math.sqrt(2)
    return float(q * math.sqrt(strategies * (strategies + 1) / (6 * blocks)))


def anytime(curves: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Mean best-so-far over seeds, with its t interval, per problem, strategy and evaluation."""
    rows = []
    for keys, group in curves.groupby([*PROBLEM, "strategy", "evaluation"], sort=False):
        mean, low, high = mean_interval(group["best_so_far"], confidence)
        rows.append({**dict(zip([*PROBLEM, "strategy", "evaluation"], keys)),
                     "seeds": int(group["best_so_far"].notna().sum()),
                     "mean": mean, "low": low, "high": high})
    return _rounded(pd.DataFrame(rows))


def anytime_seconds(curves: pd.DataFrame, seconds: pd.DataFrame, points: int = 40,
                    confidence: float = 0.95) -> pd.DataFrame:
    """Best-so-far against cumulative seconds: each run read as a step function on a common,
    log-spaced time grid per problem, then mean and t interval over seeds (NaN until every
    seed has a complete trial)."""
    merged = curves.merge(seconds, on=[*RUN, "evaluation"])
    rows = []
    for problem, frame in merged.groupby(PROBLEM, sort=False):
        positive = frame["seconds"][frame["seconds"] > 0]
        start = positive.min() if len(positive) else 1e-3
        grid = np.geomspace(start, max(frame["seconds"].max(), start * 1.001), points)
        for strategy, runs in frame.groupby("strategy", sort=False):
            values = []
            for _, run in runs.groupby("seed", sort=False):
                run = run.sort_values("evaluation")
                index = np.searchsorted(run["seconds"].to_numpy(), grid, side="right") - 1
                best = run["best_so_far"].to_numpy()
                values.append(np.where(index >= 0, best[np.maximum(index, 0)], np.nan))
            values = np.array(values)
            for column, time in enumerate(grid):
                # a mean over the seeds that have a score yet would jump as seeds join: wait for all
                started = not np.isnan(values[:, column]).any()
                mean, low, high = (mean_interval(values[:, column], confidence) if started
                                   else (math.nan, math.nan, math.nan))
                rows.append({**dict(zip(PROBLEM, problem)), "strategy": strategy,
                             "seconds": float(time), "mean": mean, "low": low, "high": high})
    return pd.DataFrame(rows)


def generalisation(runs: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Per strategy: mean CV score of the incumbents, their held-out test score, and CV - test."""
    frame = runs.assign(gap=runs["best_cv"] - runs["test_score"])
    rows = []
    for strategy, group in frame.groupby("strategy", sort=False):
        gap, low, high = mean_interval(group["gap"], confidence)
        rows.append({"strategy": strategy, "runs": int(group["gap"].notna().sum()),
                     "cv_score": group["best_cv"].mean(), "test_score": group["test_score"].mean(),
                     "cv_minus_test": gap, "cv_minus_test_low": low, "cv_minus_test_high": high})
    return _rounded(pd.DataFrame(rows))


def evaluations_to_target(curves: pd.DataFrame, gap: float) -> pd.DataFrame:
    """Per run: the first evaluation whose best-so-far is within ``gap`` of the best score any
    run found on the problem (NaN if it never gets there)."""
    best = curves.groupby(PROBLEM)["best_so_far"].max().rename("problem_best")
    frame = curves.merge(best.reset_index(), on=PROBLEM)
    frame["hit"] = frame["best_so_far"] >= frame["problem_best"] - gap - 1e-12
    rows = []
    for keys, run in frame.groupby(RUN, sort=False):
        hits = run.loc[run["hit"], "evaluation"]
        rows.append({**dict(zip(RUN, keys)), "to_target": float(hits.min()) if len(hits) else math.nan})
    return pd.DataFrame(rows, columns=[*RUN, "to_target"])


def cost(runs: pd.DataFrame, to_target: pd.DataFrame) -> pd.DataFrame:
    """Per strategy: mean fits used, share of runs reaching the target, median evaluations to it."""
    frame = runs.merge(to_target, on=RUN, how="left")
    rows = []
    for strategy, group in frame.groupby("strategy", sort=False):
        rows.append({"strategy": strategy, "runs": len(group),
                     "fits_used": group["fits_used"].mean(),
                     "target_reached": group["to_target"].notna().mean(),
                     "evals_to_target": group["to_target"].median()})
    return _rounded(pd.DataFrame(rows))


def cost_seconds(seconds: pd.DataFrame) -> pd.DataFrame:
    grouped = seconds.groupby("strategy", sort=False)
    frame = grouped[["search_seconds", "cpu_seconds"]].mean().reset_index()
    return frame.round(2)


def missing_problems(runs: pd.DataFrame, strategies: list[str]) -> dict[str, list[str]]:
    """Per strategy, the problems on which it has no completed run at all."""
    problems = list(runs[PROBLEM].drop_duplicates().itertuples(index=False))
    done = runs[runs["best_cv"].notna()]
    have = {tuple(key) for key in done[["strategy", *PROBLEM]].itertuples(index=False)}
    return {s: [f"{d}/{m}" for d, m in problems if (s, d, m) not in have] for s in strategies}


LEADERBOARD_FRACTION = 1.0


def leaderboard(strategies: list[str], summary: pd.DataFrame, ranked_means: pd.DataFrame,
                tests: pd.DataFrame, general: pd.DataFrame, costs: pd.DataFrame,
                missing: dict[str, list[str]], fractions: list[float]) -> pd.DataFrame:
    """One row per strategy, best mean rank at the full budget first."""
    rows = []
    for strategy in strategies:
        row = {"strategy": strategy, "method": label(strategy),
               "missing": ";".join(missing.get(strategy, []))}
        for fraction in fractions:
            tag = f"{round(fraction * 100):d}"
            score = _one(summary, strategy, fraction)
            row[f"score_{tag}"] = score.get("score", math.nan)
            row[f"score_{tag}_low"] = score.get("score_low", math.nan)
            row[f"score_{tag}_high"] = score.get("score_high", math.nan)
            row[f"rank_{tag}"] = _one(ranked_means, strategy, fraction).get("mean_rank", math.nan)
        test = _one(tests, strategy, LEADERBOARD_FRACTION)
        row["p_holm_vs_best"] = test.get("p_holm", math.nan)
        row["worse_than_best"] = bool(test.get("worse", False))
        for frame, columns in ((general, ["cv_score", "test_score", "cv_minus_test"]),
                               (costs, ["fits_used", "target_reached", "evals_to_target"])):
            found = frame[frame["strategy"] == strategy]
            for column in columns:
                row[column] = found[column].iloc[0] if len(found) else math.nan
        rows.append(row)
    board = pd.DataFrame(rows)
    rank = f"rank_{round(LEADERBOARD_FRACTION * 100):d}"
    return _rounded(board.sort_values(rank, kind="stable", na_position="last").reset_index(drop=True))


def _one(frame: pd.DataFrame, strategy: str, fraction: float) -> dict:
    found = frame[(frame["strategy"] == strategy) & np.isclose(frame["fraction"], fraction)]
    return found.iloc[0].to_dict() if len(found) else {}


def leaderboard_markdown(board: pd.DataFrame, seconds: pd.DataFrame, tests: pd.DataFrame,
                         fractions: list[float], problems: int, seeds: int, gap: float) -> str:
    tags = [f"{round(f * 100):d}" for f in fractions]
    header = (["Strategy"] + [f"Score @{t}%" for t in tags] + [f"Rank @{t}%" for t in tags]
              + ["Holm p vs best", "CV", "Test", "CV − test", "Fits", f"Reached (±{gap:g})",
                 "Evals to target", "CPU s"])
    lines = ["# Strategy study leaderboard", "", "| " + " | ".join(header) + " |",
             "|---|" + "---:|" * (len(header) - 1)]
    cpu = dict(zip(seconds["strategy"], seconds["cpu_seconds"]))
    for row in board.to_dict("records"):
        name = row["method"] + (" ‡" if row["worse_than_best"] else "")
        if row["missing"]:
            name += f" (missing: {row['missing']})"
        cells = [name]
        for tag in tags:
            score = row[f"score_{tag}"]
            cells.append("missing" if pd.isna(score) else
                         f"{score:.1f} [{row[f'score_{tag}_low']:.1f}, {row[f'score_{tag}_high']:.1f}]")
        cells += [_fmt(row[f"rank_{tag}"], ".2f") for tag in tags]
        cells += [_fmt(row["p_holm_vs_best"], ".3g", "best"), _fmt(row["cv_score"], ".4f"),
                  _fmt(row["test_score"], ".4f"), _fmt(row["cv_minus_test"], "+.4f"),
                  _fmt(row["fits_used"], ".0f"), _fmt(100 * row["target_reached"], ".0f") + "%",
                  _fmt(row["evals_to_target"], ".1f"), _fmt(cpu.get(row["strategy"]), ".1f")]
        lines.append("| " + " | ".join(cells) + " |")
    full = tests[np.isclose(tests["fraction"], LEADERBOARD_FRACTION)]
    lines += [
        "",
        f"{problems} problems (dataset × model) × {seeds} seeds. Score: Bayesmark's normalised "
        "score, 100 × (1 − (loss − opt) / (rand − opt)) on loss = 1 − CV score, opt the best loss "
        "any run reached on the problem and rand random search's median at the same budget; "
        "0 = random search's median, 100 = the best found. Per problem the median over seeds, "
        "then the mean over problems [t-based 95% interval]. Rank: mean rank within each "
        "(problem, seed) block (1 = best, ties share). Holm p: Wilcoxon signed-rank test of the "
        "normalised scores against the best-ranked strategy at the full budget, Holm-corrected; "
        f"‡ = worse at α = 0.05 ({int(full['blocks'].max()) if len(full) else 0} blocks). CV and "
        "Test: the incumbent's CV score and its held-out test score, means over runs. Fits: "
        "cross-validation fold fits per run. Reached: share of runs whose best CV came within "
        f"{gap:g} of the best any run found on the problem; Evals to target: the median number "
        "of evaluations those runs needed. CPU s: the search job's CPU seconds (Snakemake's "
        "benchmark), the only column that varies between runs.",
        "",
    ]
    return "\n".join(lines)


def _fmt(value, spec: str, nan: str = "–") -> str:
    return nan if value is None or pd.isna(value) else format(value, spec)


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    numeric = frame.select_dtypes("float").columns
    frame[numeric] = frame[numeric].round(DIGITS) + 0.0
    return frame


def read_tables(paths) -> pd.DataFrame:
    """Tables of several problems (or one), concatenated in the order given."""
    return pd.concat([read_table(path) for path in paths], ignore_index=True)
