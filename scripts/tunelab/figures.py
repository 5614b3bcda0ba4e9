"""The comparison figures, drawn from trial tables and comparison rows (never from live studies)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from tunelab.strategies import color  # noqa: E402
from tunelab.trials import COMPLETE, best_so_far  # noqa: E402

PNG_METADATA = {"Software": None}


def save(figure: Figure, path) -> None:
    """PNG without a software stamp, so the same figure gives the same bytes."""
    figure.savefig(path, dpi=120, bbox_inches="tight", metadata=PNG_METADATA)
    plt.close(figure)


def methods_figure(methods: pd.DataFrame) -> Figure:
    """The notebook's bar chart of best CV score per method, with seeds' spread if any."""
    figure, ax = plt.subplots(figsize=(10, 4))
    names = list(methods["method"])
    scores = methods["best_cv"].to_numpy()
    spread = methods["best_cv_sd"].to_numpy()
    colors = [color(strategy) for strategy in methods.index]
    bars = ax.bar(names, scores, yerr=spread if spread.any() else None, color=colors,
                  edgecolor="black", linewidth=0.8, capsize=4)
    ax.set_ylabel("Best CV score")
    ax.set_title("Tuning methods comparison")
    # a method without a complete trial (NaN) has no bar; the limits come from the others
    low, high, widest = np.nanmin(scores), np.nanmax(scores), np.nanmax(spread)
    ax.set_ylim(low - 0.015 - widest, high + 0.008 + widest)
    for bar, score, budget in zip(bars, scores, methods["evaluations"]):
        text = "no complete\ntrial" if np.isnan(score) else f"{score:.4f}"
        top = low - 0.01 if np.isnan(score) else bar.get_height() + 0.001
        ax.text(bar.get_x() + bar.get_width() / 2, top,
                f"{text}\n({budget:g} evals)", ha="center", va="bottom", fontsize=9,
                fontweight="bold")
    figure.tight_layout()
    return figure


def plotted_values(values: pd.Series, none_at: float) -> np.ndarray:
    """Numbers as they are; ``None`` (NaN once in a DataFrame) at ``none_at``."""
    return np.array([none_at if pd.isna(v) else v for v in values], dtype=float)


def none_position(frames: list[pd.DataFrame], param: str) -> float:
    """Where ``None`` (e.g. unlimited max_depth) is drawn: just past the largest number."""
    numbers = [v for frame in frames for v in frame[param] if not pd.isna(v)]
    return float(max(numbers)) * 1.1 if numbers else 1.0


def search_pattern_figure(searches: dict[str, pd.DataFrame], x: str, y: str) -> Figure:
    """Where non-adaptive strategies sample (grid: a lattice; random: everywhere), one
    panel per strategy label, trials coloured by CV score."""
    params = {name: pd.DataFrame(list(frame["params"])) for name, frame in searches.items()}
    none_x = none_position(list(params.values()), x)
    none_y = none_position(list(params.values()), y)
    scores = [frame["mean_score"] for frame in searches.values()]
    low, high = min(s.min() for s in scores), max(s.max() for s in scores)
    figure, axes = plt.subplots(1, len(searches), figsize=(7 * len(searches), 5), squeeze=False)
    for ax, (name, frame) in zip(axes[0], searches.items()):
        points = ax.scatter(plotted_values(params[name][x], none_x),
                            plotted_values(params[name][y], none_y),
                            c=frame["mean_score"], cmap="viridis", vmin=low, vmax=high,
                            s=60, edgecolors="k", linewidths=0.5)
        ax.set_xlabel(x)
        has_none = params[name][y].isna().any()
        ax.set_ylabel(f"{y} (None drawn at {none_y:g})" if has_none else y)
        ax.set_title(f"{name} ({len(frame)} evals)")
        figure.colorbar(points, ax=ax, label="CV score")
    figure.suptitle("Where strategies that ignore earlier scores sample (colour: CV score)", y=1.02)
    figure.tight_layout()
    return figure


def history_figure(frame: pd.DataFrame, title: str, baselines: dict[str, float],
                   score: str = "CV score", pruned_score: str = "running mean") -> Figure:
    """Optuna's history: each trial, the best so far, and other strategies' bests. ``score``
    names the objective; ``pruned_score`` what a pruned trial's value is."""
    figure, ax = plt.subplots(figsize=(10, 5))
    complete = frame[frame["state"] == COMPLETE]
    ax.scatter(complete["trial"], complete["mean_score"], alpha=0.3, s=20, label="Complete trials")
    pruned = frame[frame["state"] == "pruned"]
    if not pruned.empty:
        ax.scatter(pruned["trial"], pruned["mean_score"], alpha=0.3, s=20, marker="x",
                   color="gray", label=f"Pruned ({pruned_score})")
    ax.plot(frame["trial"], best_so_far(frame), "r-", linewidth=2, label="Best so far")
    for (name, score), color in zip(baselines.items(), ("blue", "green", "orange", "purple")):
        ax.axhline(score, color=color, linestyle="--", alpha=0.7, label=f"{name} best ({score:.4f})")
    ax.set_xlabel("Trial number")
    ax.set_ylabel(score)
    ax.set_title(title)
    ax.legend(fontsize=9)
    figure.tight_layout()
    return figure


def study_from_trials(frame: pd.DataFrame, space: dict):
    """An in-memory Optuna study holding the table's complete trials."""
    import optuna

    from tunelab import spaces  # scipy.stats: only the figures drawn from a space need it

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    distributions = spaces.optuna_distributions(space)
    study = optuna.create_study(direction="maximize")
    study.add_trials(
        [
            optuna.trial.create_trial(params=row.params, distributions=distributions,
                                      value=row.mean_score)
            for row in frame[frame["state"] == COMPLETE].itertuples()
        ]
    )
    return study


def importance_figure(frame: pd.DataFrame, space: dict, seed: int) -> Figure:
    """Which parameters matter: fANOVA importances, seeded so the figure is reproducible."""
    from optuna.importance import FanovaImportanceEvaluator
    from optuna.visualization.matplotlib import plot_param_importances

    study = study_from_trials(frame, space)
    ax = plot_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=seed))
    figure = ax.figure
    figure.set_size_inches(8, 4)
    figure.tight_layout()
    return figure


def contour_figure(frame: pd.DataFrame, space: dict, params: list[str]) -> Figure:
    from optuna.visualization.matplotlib import plot_contour

    axes = plot_contour(study_from_trials(frame, space), params=params)
    figure = np.ravel(axes)[0].figure
    figure.set_size_inches(7, 6)
    figure.tight_layout()
    return figure


def optimism_gap_figure(summary: dict) -> Figure:
    """The notebook's Part 5 bars: nested CV (with the outer folds' sd) against best CV."""
    nested, optimistic, sd = summary["nested_score"], summary["optimistic_score"], summary["nested_sd"]
    figure, ax = plt.subplots(figsize=(8, 3.5))
    ax.barh(["Nested CV\n(unbiased)", f"{summary['method']} best CV\n(optimistic)"],
            [nested, optimistic], color=["#55A868", "#C44E52"], edgecolor="black",
            linewidth=0.8, height=0.5)
    ax.errorbar(nested, 0, xerr=sd, fmt="none", ecolor="black", capsize=5, linewidth=2)
    ax.set_xlabel("Score")
    ax.set_title(f"The optimism gap (best CV − nested): {summary['gap']:+.4f}")
    ax.set_xlim(min(nested - sd, optimistic) - 0.02, max(nested + sd, optimistic) + 0.04)
    for row, end in enumerate([nested + sd, optimistic]):
        ax.text(end + 0.003, row, f"{[nested, optimistic][row]:.4f}", va="center", fontweight="bold")
    figure.tight_layout()
    return figure


def nested_comparison_figure(frame: pd.DataFrame) -> Figure:
    """Each strategy's nested score (outer folds' sd as error bar) beside its optimistic
    best CV score; the gap is written above each pair."""
    figure, ax = plt.subplots(figsize=(max(6, 1.6 * len(frame) + 2), 4.5))
    x = np.arange(len(frame))
    width = 0.38
    colors = [color(strategy) for strategy in frame["strategy"]]
    ax.bar(x - width / 2, frame["nested_score"], width, yerr=frame["nested_sd"], capsize=4,
           color=colors, edgecolor="black", linewidth=0.8, label="nested CV (mean ± sd of outer folds)")
    ax.bar(x + width / 2, frame["optimistic_score"], width, color=colors, alpha=0.45,
           edgecolor="black", linewidth=0.8, hatch="//", label="best CV on all samples (optimistic)")
    top = (frame["nested_score"] + frame["nested_sd"]).combine(frame["optimistic_score"], max)
    for position, height, gap in zip(x, top, frame["gap"]):
        ax.text(position, height + 0.004, f"gap {gap:+.4f}", ha="center", va="bottom", fontsize=9)
    low = min((frame["nested_score"] - frame["nested_sd"]).min(), frame["optimistic_score"].min())
    ax.set_ylim(low - 0.02, top.max() + 0.025)
    ax.set_xticks(x, frame["method"])
    ax.set_ylabel("Score")
    ax.set_title("Nested CV against the optimistic best CV score, per strategy")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=9)
    figure.tight_layout()
    return figure


def automl_figure(frame: pd.DataFrame) -> Figure:
    """The notebook's CV-vs-test bars for the AutoML families, in leaderboard order."""
    figure, ax = plt.subplots(figsize=(max(8, 1.4 * len(frame) + 2), 5))
    x = np.arange(len(frame))
    width = 0.35
    cv = ax.bar(x - width / 2, frame["best_cv"], width, label="CV score", color="#4C72B0", edgecolor="black")
    test = ax.bar(x + width / 2, frame["test_score"], width, label="Test score", color="#55A868",
                  edgecolor="black")
    for bars, scores in ((cv, frame["best_cv"]), (test, frame["test_score"])):
        for bar, score in zip(bars, scores):
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.003, f"{score:.3f}",
                    ha="center", va="bottom", fontsize=8)
    ax.set_ylabel("Score")
    ax.set_title(f"DIY AutoML: CV vs test score for {len(frame)} model families")
    ax.set_xticks(x, frame["name"], rotation=30, ha="right")
    low = min(frame["best_cv"].min(), frame["test_score"].min())
    ax.set_ylim(max(0.0, low - 0.05), 1.0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figure.tight_layout()
    return figure
