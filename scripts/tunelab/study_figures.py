"""The strategy study's figures, drawn from the tables of :mod:`tunelab.study`."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FormatStrFormatter, NullFormatter  # noqa: E402

from tunelab.strategies import color, label  # noqa: E402
from tunelab.study import PROBLEM  # noqa: E402


def _band(ax, x, frame: pd.DataFrame, strategy: str) -> None:
    ax.plot(x, frame["mean"], color=color(strategy), label=label(strategy), linewidth=1.5)
    ax.fill_between(x, frame["low"], frame["high"], color=color(strategy), alpha=0.15, linewidth=0)


def anytime_figure(curves: pd.DataFrame, seconds: pd.DataFrame) -> Figure:
    """One row per problem: best-so-far CV against evaluations (left) and seconds (right),
    mean over seeds with its 95% interval, one line per strategy."""
    problems = list(dict.fromkeys(map(tuple, curves[PROBLEM].to_numpy())))
    figure, axes = plt.subplots(len(problems), 2, figsize=(12, 3.2 * len(problems)), squeeze=False)
    for row, problem in zip(axes, problems):
        on_problem = (curves[PROBLEM] == problem).all(axis=1)
        timed = (seconds[PROBLEM] == problem).all(axis=1)
        for strategy, frame in curves[on_problem].groupby("strategy", sort=False):
            _band(row[0], frame["evaluation"], frame, strategy)
        for strategy, frame in seconds[timed].groupby("strategy", sort=False):
            _band(row[1], frame["seconds"], frame, strategy)
        row[0].set_ylabel(f"{problem[0]} / {problem[1]}\nbest CV so far")
        row[1].set_xscale("log")
        row[1].xaxis.set_major_formatter(FormatStrFormatter("%g"))
        row[1].xaxis.set_minor_formatter(NullFormatter())
        means = curves.loc[on_problem, "mean"]
        low, high = means.min(), means.max()
        pad = 0.5 * (high - low) + 0.01  # bands of few seeds are wide: keep the means readable
        for ax in row:
            ax.set_ylim(low - pad, high + pad)
    axes[-1][0].set_xlabel("evaluations")
    axes[-1][1].set_xlabel("cumulative seconds (log)")
    axes[0][0].set_title("against evaluations")
    axes[0][1].set_title("against time")
    handles, labels = axes[0][0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper center", ncol=min(len(labels), 4),
                  bbox_to_anchor=(0.5, 1.0))
    figure.tight_layout(rect=(0, 0, 1, 1 - 0.5 / (3.2 * len(problems))))
    return figure


def rank_figure(ranks: pd.DataFrame) -> Figure:
    """Mean rank of each strategy at each budget fraction (1 = best)."""
    figure, ax = plt.subplots(figsize=(7, 4.5))
    for strategy, frame in ranks.groupby("strategy", sort=False):
        ax.plot(100 * frame["fraction"], frame["mean_rank"], marker="o", color=color(strategy),
                label=label(strategy))
    ax.invert_yaxis()
    ax.set_xlabel("% of the evaluation budget")
    ax.set_ylabel("mean rank (1 = best)")
    ax.set_xticks(sorted(100 * ranks["fraction"].unique()))
    ax.legend(fontsize=8, loc="best")
    figure.tight_layout()
    return figure


def cd_figure(mean_ranks: pd.Series, cd: float, title: str) -> Figure:
    """A critical-difference diagram (Demšar 2006): strategies on the mean-rank axis, and bars
    joining those whose mean ranks differ by less than the critical difference."""
    order = mean_ranks.sort_values()
    k = len(order)
    figure, ax = plt.subplots(figsize=(8, 1.6 + 0.35 * k))
    ax.set_xlim(k + 0.5, 0.5)
    ax.set_ylim(-(k // 2 + 3), 2)
    ax.axhline(0, color="black", linewidth=1)
    for rank in range(1, k + 1):
        ax.plot([rank, rank], [0, 0.15], color="black", linewidth=1)
        ax.text(rank, 0.3, str(rank), ha="center", fontsize=9)
    if np.isfinite(cd):
        ax.plot([1, 1 + cd], [1.3, 1.3], color="black", linewidth=2)
        ax.text(1 + cd / 2, 1.45, f"CD = {cd:.2f}", ha="center", fontsize=9)
    half = (k + 1) // 2
    for index, (strategy, rank) in enumerate(order.items()):
        left = index < half
        depth = -(index + 1 if left else k - index)
        end = 0.5 if left else k + 0.5
        ax.plot([rank, rank, end], [0, depth, depth], color=color(strategy), linewidth=1)
        ax.text(end, depth + 0.1, f"{label(strategy)} ({rank:.2f})",
                ha="left" if left else "right", va="bottom", fontsize=8)
    cliques = [(i, j) for i in range(k) for j in range(i + 1, k)
               if order.iloc[j] - order.iloc[i] < cd
               and not any(a <= i and j <= b and (a, b) != (i, j) for a in range(k)
                           for b in range(a + 1, k) if order.iloc[b] - order.iloc[a] < cd)]
    for level, (i, j) in enumerate(cliques):
        y = -0.4 - 0.25 * level
        ax.plot([order.iloc[i] - 0.03, order.iloc[j] + 0.03], [y, y], color="black", linewidth=3)
    ax.axis("off")
    ax.set_title(title, fontsize=10)
    figure.tight_layout()
    return figure


def score_cost_figure(board: pd.DataFrame, seconds: pd.DataFrame, fraction_tag: str) -> Figure:
    """Normalised score at the full budget against mean CPU seconds per run (and fits used)."""
    merged = board.merge(seconds, on="strategy", how="left")
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True)
    for ax, column, name in ((axes[0], "cpu_seconds", "CPU seconds per run"),
                             (axes[1], "fits_used", "fold fits per run")):
        for row in merged.itertuples():
            score, low, high = (getattr(row, f"score_{fraction_tag}{end}") for end in ("", "_low", "_high"))
            x = getattr(row, column)
            ax.errorbar([x], [score], yerr=[[score - low], [high - score]], fmt="o",
                        color=color(row.strategy), capsize=3, label=label(row.strategy))
        ax.set_xlabel(name)
    axes[0].set_ylabel(f"normalised score at {fraction_tag}% of the budget")
    axes[0].legend(fontsize=8, loc="best")
    figure.tight_layout()
    return figure
