"""The method comparison: one row per search, read from each search's ``best.json``."""

from __future__ import annotations

import pandas as pd

from tunelab.strategies import label
COLUMNS = [
    "strategy",
    "method",
    "seed",
    "evaluations",
    "complete",
    "pruned",
    "failed",
    "best_cv",
    "test_score",
    "fits_used",
]


def comparison_frame(summaries: list[dict]) -> pd.DataFrame:
    """Rows in the config's strategy order, then by seed."""
    rows = [
        {
            "strategy": s["strategy"],
            "method": label(s["strategy"]),
            "seed": s["seed"],
            "evaluations": s["n_trials"],
            **s["states"],
            "best_cv": s["best_cv_score"],
            "test_score": s["test_score"],
            "fits_used": s["fits_used"],
        }
        for s in summaries
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def timing_frame(summaries: list[dict], seconds: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "strategy": [s["strategy"] for s in summaries],
            "seed": [s["seed"] for s in summaries],
            "seconds": [round(value, 2) for value in seconds],
        }
    )


def per_method(frame: pd.DataFrame, timings: pd.DataFrame) -> pd.DataFrame:
    """Mean (and spread, over seeds) per strategy, in the table's order."""
    merged = frame.merge(timings, on=["strategy", "seed"])
    grouped = merged.groupby("strategy", sort=False)
    return pd.DataFrame(
        {
            "method": grouped["method"].first(),
            "seeds": grouped["seed"].count(),
            "evaluations": grouped["evaluations"].mean(),
            "best_cv": grouped["best_cv"].mean(),
            "best_cv_sd": grouped["best_cv"].std(ddof=1).fillna(0.0),
            "test_score": grouped["test_score"].mean(),
            "fits_used": grouped["fits_used"].mean(),
            "seconds": grouped["seconds"].mean(),
        }
    )


def comparison_markdown(frame: pd.DataFrame, timings: pd.DataFrame, title: str) -> str:
    methods = per_method(frame, timings)
    several = bool((methods["seeds"] > 1).any())
    header = "| Method | Evaluations | Best CV | Test score | Fits used | Seconds |"
    lines = [f"# {title}", "", header, "|---|---:|---:|---:|---:|---:|"]
    for row in methods.itertuples():
        cv = f"{row.best_cv:.4f}" + (f" ± {row.best_cv_sd:.4f}" if several else "")
        lines.append(
            f"| {row.method} | {row.evaluations:g} | {cv} | {row.test_score:.4f} "
            f"| {row.fits_used:g} | {row.seconds:.1f} |"
        )
    note = (
        f"Means over {int(methods['seeds'].max())} seeds (± sample sd)."
        if several
        else "One seed per method."
    )
    lines += [
        "",
        f"{note} Best CV is the mean cross-validation score of the best "
        "complete trial; the test score refits it on the whole training set. Fits used counts "
        "cross-validation fold fits (a pruned trial stops early). Seconds vary between runs; "
        "every other column is reproducible.",
        "",
    ]
    return "\n".join(lines)
