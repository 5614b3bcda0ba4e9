"""The estimators a config may name, and how a model spec becomes an estimator."""

from __future__ import annotations

from typing import Any

from sklearn.ensemble import (
    AdaBoostClassifier,
    ExtraTreesClassifier,
    GradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

ESTIMATORS = {
    cls.__name__: cls
    for cls in (
        AdaBoostClassifier,
        DecisionTreeClassifier,
        ExtraTreesClassifier,
        GradientBoostingClassifier,
        KNeighborsClassifier,
        LogisticRegression,
        RandomForestClassifier,
        SVC,
    )
}

PIPELINE_STEP = "clf"
SEEDED_PARAM = "random_state"
THREADED_PARAM = "n_jobs"


def accepted_params(estimator_name: str) -> set[str]:
    """The constructor parameters an estimator accepts."""
    return set(ESTIMATORS[estimator_name]().get_params(deep=False))


def prefixed(model: dict, params: dict[str, Any]) -> dict[str, Any]:
    """Parameter names as a search over :func:`build_estimator`'s result must spell them."""
    if model.get("scale"):
        return {f"{PIPELINE_STEP}__{name}": value for name, value in params.items()}
    return dict(params)


def unprefixed(params: dict[str, Any]) -> dict[str, Any]:
    """Config names back from a search's parameter names (the inverse of :func:`prefixed`)."""
    return {name.removeprefix(f"{PIPELINE_STEP}__"): value for name, value in params.items()}


def build_estimator(model: dict, params: dict[str, Any], seed: int, threads: int = 1):
    """An unfitted estimator: fixed settings, then the trial's params, seeded by ``seed``.

    With ``scale: true`` the estimator sits behind a StandardScaler; config names stay plain.
    """
    cls = ESTIMATORS[model["estimator"]]
    accepted = accepted_params(model["estimator"])
    settings = {**model.get("fixed", {}), **params}
    if SEEDED_PARAM in accepted:
        settings[SEEDED_PARAM] = seed
    if THREADED_PARAM in accepted and threads > 1:  # None (the default) is one thread
        settings[THREADED_PARAM] = threads
    estimator = cls(**settings)
    if model.get("scale"):
        return Pipeline([("scaler", StandardScaler()), (PIPELINE_STEP, estimator)])
    return estimator
