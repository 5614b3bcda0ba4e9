"""The AutoML leaderboard: model families, each tuned by one strategy, ranked by best CV score."""

from __future__ import annotations

import pandas as pd

from tunelab.strategies import label

COLUMNS = ["rank", "family", "name", "strategy", "combinations", "best_cv", "test_score",
           "cv_test_gap", "fits_used"]


def leaderboard_frame(summaries: list[dict], names: dict[str, str]) -> pd.DataFrame:
    """One row per family (``best.json`` of its search), best CV first; ties keep the
    config's order, so the winner is the first family reaching the top score, as the
    notebook's ``max`` over its dict picks it. Seconds are kept apart
    (:func:`timing_frame`), so the leaderboard is the same bytes on every run."""
    rows = [
        {
            "family": summary["model"],
            "name": names[summary["model"]],
            "strategy": summary["strategy"],
            "combinations": summary["n_trials"],
            "best_cv": summary["best_cv_score"],
            "test_score": summary["test_score"],
            "cv_test_gap": summary["best_cv_score"] - summary["test_score"],
            "fits_used": summary["fits_used"],
        }
        for summary in summaries
    ]
    frame = pd.DataFrame(rows).sort_values("best_cv", ascending=False, kind="stable")
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame.reset_index(drop=True)[COLUMNS]


def timing_frame(summaries: list[dict], seconds: list[float]) -> pd.DataFrame:
    """Seconds each family's search spent in its trials."""
    return pd.DataFrame({"family": [summary["model"] for summary in summaries],
                         "seconds": [round(spent, 2) for spent in seconds]})


def winner(frame: pd.DataFrame, summaries: list[dict]) -> dict:
    """The top family, its tuned params and scores."""
    top = frame.iloc[0]
    best = next(summary for summary in summaries if summary["model"] == top["family"])
    return {
        "family": top["family"],
        "name": top["name"],
        "strategy": top["strategy"],
        "best_cv": float(top["best_cv"]),
        "test_score": float(top["test_score"]),
        "best_params": best["best_params"],
    }


def leaderboard_markdown(frame: pd.DataFrame, timings: pd.DataFrame, won: dict, dataset: str) -> str:
    strategies = ", ".join(sorted({label(name) for name in frame["strategy"]}))
    lines = [
        f"# AutoML leaderboard: {dataset}",
        "",
        f"Each family tuned by {strategies}; CV = the search's best mean CV score, test = the "
        "refitted best on the held-out test set (seconds: the search's trials).",
        "",
        "| rank | family | combinations | best CV | test | CV − test | fits | seconds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    seconds = dict(zip(timings["family"], timings["seconds"]))
    for row in frame.itertuples():
        lines.append(
            f"| {row.rank} | {row.name} | {row.combinations} | {row.best_cv:.4f} | "
            f"{row.test_score:.4f} | {row.cv_test_gap:+.4f} | {row.fits_used} | {seconds[row.family]:.1f} |"
        )
    lines += ["", f"Winner: **{won['name']}** (CV {won['best_cv']:.4f}, test {won['test_score']:.4f}) "
              f"with {won['best_params']}"]
    return "\n".join(lines) + "\n"
