"""Datasets named in the config: generated or bundled with sklearn, split once, stored as CSV."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

# Source name -> the sklearn.datasets function, imported only where data is made or checked
# (a job that only reads a split, e.g. a network's, skips sklearn's import time).
GENERATORS = {"make_classification": "make_classification"}
BUNDLED = {"breast_cancer": "load_breast_cancer", "digits": "load_digits", "wine": "load_wine"}
SOURCES = sorted([*GENERATORS, *BUNDLED])
TARGET = "target"


@dataclass(frozen=True)
class Split:
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


def sklearn_function(source: str):
    import sklearn.datasets

    return getattr(sklearn.datasets, {**GENERATORS, **BUNDLED}[source])


def generator_options(source: str) -> set[str]:
    """Keyword options a generator source accepts."""
    return set(inspect.signature(sklearn_function(source)).parameters)


def load_xy(spec: dict) -> tuple[np.ndarray, np.ndarray]:
    """The full feature matrix and labels a dataset spec describes."""
    source = spec["source"]
    if source in GENERATORS:
        return sklearn_function(source)(**spec.get("options", {}))
    bunch = sklearn_function(source)()
    return bunch.data, bunch.target


def split(X: np.ndarray, y: np.ndarray, test_size: float, seed: int) -> Split:
    """The notebook's stratified train/test split."""
    from sklearn.model_selection import train_test_split

    parts = train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)
    return Split(*parts)


def summarize(name: str, y: np.ndarray, data: Split) -> dict:
    """Sizes and class balance, as the notebook prints them."""
    classes, counts = np.unique(y, return_counts=True)
    return {
        "dataset": name,
        "n_samples": int(len(y)),
        "n_features": int(data.X_train.shape[1]),
        "n_train": int(len(data.y_train)),
        "n_test": int(len(data.y_test)),
        "classes": [int(c) for c in classes],
        "class_counts": [int(c) for c in counts],
        "positive_fraction": float(np.mean(y == classes[-1])),
    }


def to_frame(X: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    columns = [f"x{i}" for i in range(X.shape[1])]
    frame = pd.DataFrame(X, columns=columns)
    frame[TARGET] = y
    return frame


def write_part(path: str | Path, X: np.ndarray, y: np.ndarray) -> None:
    to_frame(X, y).to_csv(path, index=False, lineterminator="\n")


def read_part(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels back from CSV, bit-for-bit (round-trip float parsing)."""
    frame = pd.read_csv(path, float_precision="round_trip")
    y = frame.pop(TARGET).to_numpy()
    return frame.to_numpy(dtype=float), y


def read_split(train_path: str | Path, test_path: str | Path) -> Split:
    X_train, y_train = read_part(train_path)
    X_test, y_test = read_part(test_path)
    return Split(X_train, X_test, y_train, y_test)
