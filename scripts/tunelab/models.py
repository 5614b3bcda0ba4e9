"""The estimators a config may name, and how a model spec becomes an estimator.

An estimator is one of the built-in names below or any scikit-learn-compatible classifier
given by import path (``sklearn.ensemble.HistGradientBoostingClassifier``,
``xgboost.XGBClassifier`` when installed). Classes are imported when first used, so a job
pays only for the modules its own model needs.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any

BUILTIN_ESTIMATORS = {
    "AdaBoostClassifier": "sklearn.ensemble",
    "DecisionTreeClassifier": "sklearn.tree",
    "ExtraTreesClassifier": "sklearn.ensemble",
    "GradientBoostingClassifier": "sklearn.ensemble",
    "KNeighborsClassifier": "sklearn.neighbors",
    "LogisticRegression": "sklearn.linear_model",
    "RandomForestClassifier": "sklearn.ensemble",
    "SVC": "sklearn.svm",
}
# Preprocessing steps by name (from sklearn.preprocessing) or import path, in pipeline order.
PREPROCESSING_MODULE = "sklearn.preprocessing"

PIPELINE_STEP = "clf"
SEEDED_PARAM = "random_state"
THREADED_PARAM = "n_jobs"


@functools.cache
def import_class(name: str, default_module: str | None = None) -> type:
    """The class ``name`` names: ``module.path.Class``, or ``Class`` in ``default_module``.

    Raises ImportError (a missing module) or AttributeError (no such class) with a message
    that names it.
    """
    module_name, _, class_name = name.rpartition(".")
    module = importlib.import_module(module_name or default_module)
    try:
        return getattr(module, class_name)
    except AttributeError:
        raise AttributeError(f"module '{module.__name__}' has no class '{class_name}'") from None


def estimator_class(name: str) -> type:
    """A built-in estimator by name, or any estimator class by import path."""
    if name in BUILTIN_ESTIMATORS:
        return import_class(f"{BUILTIN_ESTIMATORS[name]}.{name}")
    if "." not in name:
        raise ValueError(
            f"unknown estimator '{name}' (built in: {', '.join(BUILTIN_ESTIMATORS)}; "
            "or an import path such as sklearn.ensemble.HistGradientBoostingClassifier)"
        )
    return import_class(name)


def preprocessing_class(name: str) -> type:
    return import_class(name, PREPROCESSING_MODULE)


def accepted_params(estimator_name: str) -> set[str]:
    """The constructor parameters an estimator accepts."""
    return set(estimator_class(estimator_name)().get_params(deep=False))


def declares_constraints(estimator_name: str) -> bool:
    """Whether the estimator declares sklearn's parameter constraints (so values can be
    validated without fitting); third-party estimators often do not."""
    return hasattr(estimator_class(estimator_name), "_parameter_constraints")


def prefixed(model: dict, params: dict[str, Any]) -> dict[str, Any]:
    """Parameter names as a search over :func:`build_estimator`'s result must spell them."""
    if model.get("preprocessing"):
        return {f"{PIPELINE_STEP}__{name}": value for name, value in params.items()}
    return dict(params)


def unprefixed(params: dict[str, Any]) -> dict[str, Any]:
    """Config names back from a search's parameter names (the inverse of :func:`prefixed`)."""
    return {name.removeprefix(f"{PIPELINE_STEP}__"): value for name, value in params.items()}


def build_estimator(model: dict, params: dict[str, Any], seed: int, threads: int = 1):
    """An unfitted estimator: fixed settings, then the trial's params, seeded by ``seed``.

    With ``preprocessing`` the estimator is the last step of a Pipeline behind those steps
    (default settings each); config names stay plain.
    """
    cls = estimator_class(model["estimator"])
    accepted = accepted_params(model["estimator"])
    settings = {**model.get("fixed", {}), **params}
    if SEEDED_PARAM in accepted:
        settings[SEEDED_PARAM] = seed
    if THREADED_PARAM in accepted and threads > 1:  # None (the default) is one thread
        settings[THREADED_PARAM] = threads
    estimator = cls(**settings)
    steps = model.get("preprocessing", [])
    if not steps:
        return estimator
    from sklearn.pipeline import Pipeline

    named = [(f"{preprocessing_class(step).__name__.lower()}", preprocessing_class(step)()) for step in steps]
    return Pipeline([*named, (PIPELINE_STEP, estimator)])
