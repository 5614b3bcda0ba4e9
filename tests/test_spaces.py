import math

import numpy as np
import pytest

from tunelab import spaces

NOTEBOOK_RANDOM = {
    "n_estimators": {"type": "int", "low": 50, "high": 499},
    "max_features": {"type": "float", "low": 0.1, "high": 1.0},
}


def test_grid_keeps_explicit_values_and_enumerates_int_ranges():
    grid = spaces.sklearn_grid({"a": [1, None], "b": {"type": "int", "low": 2, "high": 4},
                                "c": {"type": "categorical", "choices": ["x"]}})
    assert grid == {"a": [1, None], "b": [2, 3, 4], "c": ["x"]}


def test_grid_rejects_float_ranges():
    with pytest.raises(ValueError, match="explicit values for float parameter 'f'"):
        spaces.sklearn_grid({"f": {"type": "float", "low": 0.1, "high": 1.0}})


def test_random_matches_the_notebooks_scipy_distributions():
    dists = spaces.scipy_distributions(NOTEBOOK_RANDOM)
    assert dists["n_estimators"].support() == (50, 499)  # randint(50, 500)
    assert dists["max_features"].support() == pytest.approx((0.1, 1.0))  # uniform(0.1, 0.9)


def test_random_log_float_is_loguniform():
    dist = spaces.scipy_distributions({"lr": {"type": "float", "low": 1e-4, "high": 1e-1, "log": True}})["lr"]
    draws = dist.rvs(size=2000, random_state=0)
    assert draws.min() >= 1e-4 and draws.max() <= 1e-1
    assert np.median(np.log10(draws)) == pytest.approx(-2.5, abs=0.1)


def test_gp_points_truncate_ints_and_index_choices():
    space = {"n": {"type": "int", "low": 50, "high": 500}, "k": ["a", "b", "c"],
             "lr": {"type": "float", "low": 1e-3, "high": 1.0, "log": True}}
    assert spaces.gp_bounds(space) == {"n": (50, 500), "k": (0.0, 3.0), "lr": (-3.0, 0.0)}
    params = spaces.from_gp_point(space, {"n": 326.9, "k": 3.0, "lr": -1.0})
    assert params == {"n": 326, "k": "c", "lr": pytest.approx(0.1)}
    assert isinstance(params["n"], int)


def test_optuna_distributions_and_suggest_follow_the_space():
    import optuna

    space = {"n": {"type": "int", "low": 1, "high": 3}, "d": [5, None],
             "f": {"type": "float", "low": 0.5, "high": 2.0, "log": True}}
    dists = spaces.optuna_distributions(space)
    assert list(dists) == ["n", "d", "f"]
    assert dists["f"].log and dists["d"].choices == (5, None)
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    params = spaces.suggest(study.ask(), space)
    assert 1 <= params["n"] <= 3 and params["d"] in (5, None) and 0.5 <= params["f"] <= 2.0
    assert not math.isnan(params["f"])
