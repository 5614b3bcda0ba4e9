"""Nested cross-validation's summaries: per strategy (nested estimate, optimistic estimate,
gap) and across strategies (a table). Apart from tunelab.nested, which runs the searches, so
the summary and comparison jobs import no search code."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tunelab.strategies import label

ALL = "all"
OUTER_PREFIX = "outer"


def summarize(outer_results: list[dict], all_result: dict) -> dict:
    """The strategy's nested estimate (mean and population sd of the outer scores, as
    ``cross_val_score(...).std()``), its optimistic estimate and the gap between them."""
    ordered = sorted(outer_results, key=lambda result: int(result["part"].removeprefix(OUTER_PREFIX)))
    scores = np.array([result["outer_score"] for result in ordered], dtype=float)
    nested = float(scores.mean())
    optimistic = all_result["inner_best_cv"]
    return {
        "strategy": all_result["strategy"],
        "method": label(all_result["strategy"]),
        "outer_scores": scores.tolist(),
        "nested_score": nested,
        "nested_sd": float(scores.std()),
        "optimistic_score": optimistic,
        "gap": optimistic - nested,
        "chosen_params": [result["best_params"] for result in ordered],
        "optimistic_params": all_result["best_params"],
        "fits_used": int(sum(result["fits_used"] for result in [*ordered, all_result])),
    }


COMPARISON_COLUMNS = ["strategy", "method", "outer_folds", "nested_score", "nested_sd",
                      "optimistic_score", "gap", "fits_used"]


def comparison_frame(summaries: list[dict]) -> pd.DataFrame:
    """One row per strategy, in the config's order."""
    rows = [{**summary, "outer_folds": len(summary["outer_scores"])} for summary in summaries]
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def comparison_markdown(frame: pd.DataFrame, dataset: str, model: str) -> str:
    lines = [
        f"# Nested cross-validation: {dataset} / {model}",
        "",
        "| method | outer folds | nested score (mean ± sd) | optimistic best CV | gap | fits |",
        "|---|---|---|---|---|---|",
    ]
    for row in frame.itertuples():
        lines.append(
            f"| {row.method} | {row.outer_folds} | {row.nested_score:.4f} ± {row.nested_sd:.4f} | "
            f"{row.optimistic_score:.4f} | {row.gap:+.4f} | {row.fits_used} |"
        )
    lines += [
        "",
        "gap = optimistic − nested: positive when the tuned model's own best CV score "
        "overstates what the whole procedure achieves on unseen folds. It is an estimate: "
        "compare it with the outer folds' sd.",
    ]
    return "\n".join(lines) + "\n"
