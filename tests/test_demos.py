import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import numpy as np
import pytest
from matplotlib.figure import Figure

from tunelab.notebook import demos


@pytest.fixture(scope="module")
def polynomial():
    return demos.polynomial_degree_cv()


@pytest.fixture(scope="module")
def bo_1d():
    return demos.bayes_opt_1d()


@pytest.fixture(scope="module")
def al_vs_bo():
    return demos.active_learning_vs_bayes_opt()


def assert_same(a, b):
    """Deep equality for the demos' plain data: dicts, lists, tuples, floats and arrays."""
    assert type(a) is type(b)
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            assert_same(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b)
    else:
        assert a == b


# ---- Part 0b ----

def test_polynomial_summary_matches_notebook(polynomial):
    assert demos.polynomial_degree_summary(polynomial) == {"best_degree": 4, "best_cv_error": 2.238}


def test_polynomial_data_matches_global_seed_draws():
    np.random.seed(42)
    x_expected = np.sort(np.random.uniform(0, 6, 40))
    y_expected = np.sin(x_expected) * x_expected + np.random.normal(0, 0.5, 40)
    x, y = demos.polynomial_data()
    np.testing.assert_array_equal(x, x_expected)
    np.testing.assert_array_equal(y, y_expected)


def test_polynomial_result_shape(polynomial):
    assert polynomial["degrees"] == list(range(1, 16))
    assert len(polynomial["cv_errors"]) == 15
    assert polynomial["x"].shape == polynomial["y"].shape == (40,)
    assert np.all(np.diff(polynomial["x"]) >= 0)


def test_polynomial_is_deterministic(polynomial):
    assert_same(demos.polynomial_degree_cv(), polynomial)


def test_polynomial_parameters_change_the_data():
    x_default, y_default = demos.polynomial_data()
    x_other, y_other = demos.polynomial_data(n_points=30, noise=0.1, seed=7)
    assert x_other.shape == (30,)
    assert not np.array_equal(y_default[:30], y_other)
    noiseless_x, noiseless_y = demos.polynomial_data(noise=0.0)
    np.testing.assert_allclose(noiseless_y, np.sin(noiseless_x) * noiseless_x)


def test_polynomial_subrange_picks_best_inside_it():
    result = demos.polynomial_degree_cv(min_degree=5, max_degree=8)
    assert result["degrees"] == [5, 6, 7, 8]
    assert result["best_degree"] == 5


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"min_degree": 5, "max_degree": 3}, "degree range is empty"),
        ({"min_degree": 0}, "min_degree must be an integer >= 1"),
        ({"max_degree": 2.5}, "max_degree must be an integer"),
        ({"n_points": 3}, "n_points must be an integer >= cv_folds"),
        ({"cv_folds": 1}, "cv_folds must be an integer >= 2"),
        ({"noise": -0.5}, "noise must be a finite number >= 0"),
        ({"seed": -1}, "seed must be an integer >= 0"),
    ],
)
def test_polynomial_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        demos.polynomial_degree_cv(**kwargs)


def test_polynomial_figure(polynomial):
    figure = demos.plot_polynomial_degree(polynomial)
    assert isinstance(figure, Figure)
    assert len(figure.axes) == 2


# ---- Part 2a ----

def test_bo_1d_summary_matches_notebook(bo_1d):
    assert demos.bayes_opt_1d_summary(bo_1d) == {
        "initial_points": [
            {"x": 2.247, "f": 1.536},
            {"x": 5.704, "f": -2.719},
            {"x": 4.392, "f": -4.970},
        ],
        "best_x": 2.615,
        "best_f": 1.809,
    }


def test_bo_1d_records_every_evaluation(bo_1d):
    evaluations = bo_1d["evaluations"]
    assert [e["step"] for e in evaluations] == list(range(1, 11))
    assert [e["kind"] for e in evaluations] == ["random"] * 3 + ["guided"] * 7
    for e in evaluations:
        assert 0 <= e["x"] <= 6
        assert e["f"] == pytest.approx(demos.bo_1d_target(e["x"]))
    assert bo_1d["best_f"] == max(e["f"] for e in evaluations)


def test_bo_1d_is_deterministic(bo_1d):
    assert_same(demos.bayes_opt_1d(), bo_1d)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_random": 0}, "n_random must be an integer >= 1"),
        ({"n_guided": -1}, "n_guided must be an integer >= 0"),
        ({"bounds": (6, 0)}, "bounds must be finite with low < high"),
        ({"bounds": (0,)}, r"bounds must be \(low, high\)"),
        ({"acquisition": "thompson"}, "acquisition must be one of"),
        ({"kappa": -1.0}, "kappa must be a finite number >= 0"),
    ],
)
def test_bo_1d_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        demos.bayes_opt_1d(**kwargs)


def test_bo_1d_figure(bo_1d):
    figure = demos.plot_bayes_opt_1d(bo_1d)
    assert isinstance(figure, Figure)
    assert len(figure.axes) == 1


# ---- Part 2f ----

def test_al_vs_bo_summary_matches_notebook(al_vs_bo):
    assert demos.active_learning_vs_bayes_opt_summary(al_vs_bo) == {
        "true_max_x": 8.09,
        "al_best_x": 8.00,
        "al_best_score": 3.478,
        "bo_best_x": 8.10,
        "bo_best_score": 3.487,
        "bo_improvement_pct": 0.3,
    }


def test_al_vs_bo_samples(al_vs_bo):
    for key in ("al", "bo"):
        x, y = al_vs_bo[f"{key}_x"], al_vs_bo[f"{key}_y"]
        assert x.shape == y.shape == (9,)
        np.testing.assert_array_equal(x[:3], [1.0, 5.0, 9.0])
        np.testing.assert_allclose(y, demos.al_vs_bo_target(x))
        assert al_vs_bo[f"{key}_mean"].shape == al_vs_bo[f"{key}_std"].shape == (300,)
    # Active learning spreads out to the edges; BO stays near the peak around x = 8.
    assert {0.0, 10.0} <= set(al_vs_bo["al_x"].tolist())
    assert np.all(np.abs(al_vs_bo["bo_x"][3:] - 8.5) < 1.0)


def test_al_vs_bo_is_deterministic(al_vs_bo):
    assert_same(demos.active_learning_vs_bayes_opt(), al_vs_bo)


def test_run_gp_strategy_zero_iterations_returns_the_start():
    x, y = demos.run_gp_strategy([2.0, 4.0], "active_learning", n_iters=0)
    np.testing.assert_array_equal(x, [2.0, 4.0])
    np.testing.assert_array_equal(y, demos.al_vs_bo_target(np.array([2.0, 4.0])))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_iters": -1}, "n_iters must be an integer >= 0"),
        ({"x_init": []}, "x_init must hold at least one point"),
        ({"x_init": (1.0, 11.0)}, "x_init must lie inside domain"),
        ({"domain": (10, 0)}, "domain must be finite with low < high"),
        ({"n_candidates": 1}, "n_candidates must be an integer >= 2"),
        ({"exploration_weight": -1.5}, "exploration_weight must be a finite number >= 0"),
    ],
)
def test_al_vs_bo_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        demos.active_learning_vs_bayes_opt(**kwargs)


def test_run_gp_strategy_rejects_unknown_strategy():
    with pytest.raises(ValueError, match="strategy must be one of"):
        demos.run_gp_strategy([1.0], "random")


def test_al_vs_bo_figure(al_vs_bo):
    figure = demos.plot_active_learning_vs_bayes_opt(al_vs_bo)
    assert isinstance(figure, Figure)
    assert len(figure.axes) == 2


def test_bo_1d_other_acquisitions_share_the_random_start(bo_1d):
    for name in ("ei", "poi"):
        result = demos.bayes_opt_1d(n_guided=1, acquisition=name, xi=0.01)
        assert result["acquisition"]["name"] == name
        assert result["evaluations"][:3] == bo_1d["evaluations"][:3]
        assert len(result["evaluations"]) == 4
