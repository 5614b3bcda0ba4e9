"""The one trial table every strategy writes, and what is read back from it."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

COMPLETE, PRUNED, FAILED = "complete", "pruned", "failed"
STATES = (COMPLETE, PRUNED, FAILED)
SUMMARY_METRICS = ("best_cv_score", "test_score", "n_trials", "fits_used")


@dataclass
class Trial:
    number: int
    params: dict[str, Any]
    fold_scores: list[float] = field(default_factory=list)
    state: str = COMPLETE
    seconds: float = 0.0
    # The trial's objective where it is not the mean of its steps (a network's last epoch).
    value: float | None = None

    @property
    def mean_score(self) -> float:
        """The score the table ranks trials by: the mean of the folds, unless ``value`` is set."""
        if self.value is not None:
            return float(self.value)
        return float(np.mean(self.fold_scores)) if self.fold_scores else math.nan


def plain(value: Any) -> Any:
    """A JSON-safe Python value for a numpy scalar."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def params_json(params: dict[str, Any]) -> str:
    return json.dumps({name: plain(value) for name, value in params.items()})


def fold_column(index: int) -> str:
    return f"fold_{index + 1}"


def trial_frame(trials: list[Trial], folds: int, step_column=fold_column) -> pd.DataFrame:
    """The deterministic trial table: no timings (they go to :func:`timing_frame`).

    A trial's steps are its folds (``fold_1..``), or what ``step_column`` names (a network's
    epochs)."""
    rows = []
    for trial in trials:
        row = {"trial": trial.number, "params": params_json(trial.params)}
        for index in range(folds):
            score = trial.fold_scores[index] if index < len(trial.fold_scores) else math.nan
            row[step_column(index)] = score
        row["mean_score"] = trial.mean_score
        row["state"] = trial.state
        row["folds_fitted"] = len(trial.fold_scores) if trial.state != FAILED else folds
        rows.append(row)
    columns = ["trial", "params", *map(step_column, range(folds))]
    return pd.DataFrame(rows, columns=[*columns, "mean_score", "state", "folds_fitted"])


def timing_frame(trials: list[Trial]) -> pd.DataFrame:
    return pd.DataFrame(
        {"trial": [t.number for t in trials], "seconds": [round(t.seconds, 3) for t in trials]}
    )


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """CSV with floats at full precision: 0.93375 must stay on the side it was computed on."""
    frame.to_csv(path, index=False, lineterminator="\n")


def read_table(path: str | Path) -> pd.DataFrame:
    return pd.read_csv(path, float_precision="round_trip")


def read_trials(path: str | Path) -> pd.DataFrame:
    frame = read_table(path)
    frame["params"] = frame["params"].map(json.loads)
    return frame


def best_trial(frame: pd.DataFrame) -> pd.Series:
    """The first complete trial with the highest mean score (ties go to the earliest)."""
    complete = frame[frame["state"] == COMPLETE]
    if complete.empty:
        raise ValueError("no trial completed: every trial failed or was pruned")
    return complete.loc[complete["mean_score"].idxmax()]


def state_counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["state"].value_counts()
    return {state: int(counts.get(state, 0)) for state in STATES}


def best_so_far(frame: pd.DataFrame) -> np.ndarray:
    """Running best of complete trials' means, in trial order (NaN before the first)."""
    scores = frame["mean_score"].where(frame["state"] == COMPLETE)
    return scores.cummax().ffill().to_numpy()


def search_summary(frame: pd.DataFrame, held_out: float, labels: dict[str, Any]) -> dict:
    """What ``best.json`` holds: the best trial, its held-out score and the search's cost."""
    best = best_trial(frame)
    return {
        **labels,
        "best_trial": int(best["trial"]),
        "best_params": best["params"],
        "best_cv_score": float(best["mean_score"]),
        "test_score": held_out,
        "n_trials": int(len(frame)),
        "states": state_counts(frame),
        "fits_used": int(frame["folds_fitted"].sum()),
    }


def has_complete(frame: pd.DataFrame) -> bool:
    return bool((frame["state"] == COMPLETE).any())


def failed_search_summary(frame: pd.DataFrame, labels: dict[str, Any]) -> dict:
    """``best.json`` of a search in which no trial completed: no best, no scores (null)."""
    return {
        **labels,
        "best_trial": None,
        "best_params": None,
        "best_cv_score": None,
        "test_score": None,
        "n_trials": int(len(frame)),
        "states": state_counts(frame),
        "fits_used": int(frame["folds_fitted"].sum()),
    }


def write_json(data: dict, path: str | Path) -> None:
    Path(path).write_text(json.dumps(data, indent=2, default=plain) + "\n")


def read_json(path: str | Path) -> dict:
    return json.loads(Path(path).read_text())


class RunningBest:
    """Turns finished trials, in order, into tracking steps with a best-so-far."""

    def __init__(self) -> None:
        self.value = math.nan

    def step(self, trial: Trial) -> dict[str, Any]:
        if trial.state == COMPLETE and not trial.mean_score <= self.value:
            self.value = trial.mean_score
        return {
            "cv_score": trial.mean_score,
            "best_cv_score": self.value,
            "state": trial.state,
            "folds_fitted": len(trial.fold_scores),
            "seconds": round(trial.seconds, 3),
        }
