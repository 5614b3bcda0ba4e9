"""The notebook's three small demos: which polynomial degree (0b), GP-BO in 1D (2a),
active learning vs Bayesian optimization (2f). Each is a pure function returning plain data,
a `*_summary` of the numbers the notebook prints, and a `plot_*` returning its figure."""

from __future__ import annotations

import matplotlib
import matplotlib.style
import numpy as np
from bayes_opt import BayesianOptimization
from bayes_opt import acquisition as bo_acquisition
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import Matern
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

NOTEBOOK_STYLE = "seaborn-v0_8-whitegrid"
ACQUISITIONS = ("ucb", "ei", "poi")
STRATEGIES = ("active_learning", "bayes_opt")


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _require_int(value, name: str, minimum: int) -> None:
    _require(
        isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= minimum,
        f"{name} must be an integer >= {minimum}, got {value!r}",
    )


def _require_nonnegative(value, name: str) -> None:
    _require(
        isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
        and np.isfinite(value) and value >= 0,
        f"{name} must be a finite number >= 0, got {value!r}",
    )


def _require_bounds(bounds, name: str) -> tuple[float, float]:
    try:
        low, high = (float(bound) for bound in bounds)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be (low, high), got {bounds!r}") from None
    _require(np.isfinite(low) and np.isfinite(high) and low < high,
             f"{name} must be finite with low < high, got {bounds!r}")
    return low, high


def _agg_figure(width: float, height: float, n_cols: int = 1) -> tuple[Figure, list]:
    """A figure on an Agg canvas, independent of pyplot's global state."""
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    return figure, list(figure.subplots(1, n_cols, squeeze=False)[0])


# ---- Part 0b: which polynomial degree? ------------------------------------------------------

def polynomial_data(n_points: int = 40, noise: float = 0.5, seed: int = 42,
                    x_range: tuple[float, float] = (0.0, 6.0)) -> tuple[np.ndarray, np.ndarray]:
    """Sorted x ~ U(x_range) and y = sin(x)·x + N(0, noise), the same draws as the notebook's
    `np.random.seed(seed)` followed by `np.random.uniform` and `np.random.normal`."""
    _require_int(n_points, "n_points", 1)
    _require_nonnegative(noise, "noise")
    _require_int(seed, "seed", 0)
    low, high = _require_bounds(x_range, "x_range")
    rng = np.random.RandomState(seed)
    x = np.sort(rng.uniform(low, high, n_points))
    y = np.sin(x) * x + rng.normal(0, noise, n_points)
    return x, y


def polynomial_cv_error(x: np.ndarray, y: np.ndarray, degree: int, cv_folds: int = 5) -> float:
    """Mean k-fold CV mean squared error of PolynomialFeatures(degree) + LinearRegression."""
    pipeline = make_pipeline(PolynomialFeatures(degree), LinearRegression())
    scores = cross_val_score(pipeline, x.reshape(-1, 1), y, cv=cv_folds,
                             scoring="neg_mean_squared_error")
    return float(-scores.mean())


def polynomial_degree_cv(n_points: int = 40, min_degree: int = 1, max_degree: int = 15,
                         noise: float = 0.5, seed: int = 42, cv_folds: int = 5) -> dict:
    """CV mean squared error of a polynomial fit for each degree in [min_degree, max_degree]."""
    _require_int(min_degree, "min_degree", 1)
    _require_int(max_degree, "max_degree", 1)
    _require(min_degree <= max_degree,
             f"degree range is empty: min_degree={min_degree} > max_degree={max_degree}")
    _require_int(cv_folds, "cv_folds", 2)
    _require(isinstance(n_points, (int, np.integer)) and n_points >= cv_folds,
             f"n_points must be an integer >= cv_folds ({cv_folds}), got {n_points!r}")
    x, y = polynomial_data(n_points, noise, seed)
    degrees = list(range(min_degree, max_degree + 1))
    cv_errors = [polynomial_cv_error(x, y, degree, cv_folds) for degree in degrees]
    best = int(np.argmin(cv_errors))
    return {
        "x": x,
        "y": y,
        "degrees": degrees,
        "cv_errors": cv_errors,
        "best_degree": degrees[best],
        "best_cv_error": cv_errors[best],
    }


def polynomial_degree_summary(result: dict) -> dict:
    """'Best degree: 4 (CV error = 2.238)'."""
    return {
        "best_degree": int(result["best_degree"]),
        "best_cv_error": round(float(result["best_cv_error"]), 3),
    }


def plot_polynomial_degree(result: dict) -> Figure:
    """Left: CV error per degree (lower is better); right: its negation, a maximization."""
    degrees = list(result["degrees"])
    cv_errors = list(result["cv_errors"])
    best = degrees.index(result["best_degree"])
    with matplotlib.style.context(NOTEBOOK_STYLE):
        figure, (error_ax, score_ax) = _agg_figure(14, 5, n_cols=2)
        panels = [
            (error_ax, cv_errors, "#e74c3c", "Polynomial Degree", "CV Error (MSE)",
             "Which Degree? Lower error = better"),
            (score_ax, [-e for e in cv_errors], "#3498db", "Hyperparameter (degree)",
             "Score (higher = better)", "Tuning = Finding the Maximum!"),
        ]
        for ax, values, color, xlabel, ylabel, title in panels:
            ax.plot(degrees, values, "o-", color=color, linewidth=2, markersize=8)
            ax.plot(degrees[best], values[best], "*", color="#2ecc71", markersize=20, zorder=5)
            ax.set_xlabel(xlabel, fontsize=13)
            ax.set_ylabel(ylabel, fontsize=13)
            ax.set_title(title, fontsize=14, fontweight="bold")
            ax.set_xticks(degrees)
        figure.tight_layout()
    return figure


# ---- Part 2a: GP-based Bayesian optimization in 1D ------------------------------------------

def bo_1d_target(x):
    """The function 2a maximizes: sin(x)·x + cos(2x)."""
    return np.sin(x) * x + np.cos(2 * x)


def acquisition_function(name: str = "ucb", kappa: float = 2.576, xi: float = 0.0):
    """A bayes_opt acquisition by name. UCB with kappa=2.576 is the default of bayes_opt 1.x
    (maximize(acq='ucb', kappa=2.576, xi=0.0)) and of 2.x/3.x alike."""
    _require(name in ACQUISITIONS, f"acquisition must be one of {ACQUISITIONS}, got {name!r}")
    _require_nonnegative(kappa, "kappa")
    _require_nonnegative(xi, "xi")
    if name == "ucb":
        return bo_acquisition.UpperConfidenceBound(kappa=kappa)
    if name == "ei":
        return bo_acquisition.ExpectedImprovement(xi=xi)
    return bo_acquisition.ProbabilityOfImprovement(xi=xi)


def bayes_opt_1d(n_random: int = 3, n_guided: int = 7, bounds: tuple[float, float] = (0.0, 6.0),
                 seed: int = 42, acquisition: str = "ucb", kappa: float = 2.576,
                 xi: float = 0.0) -> dict:
    """Maximize `bo_1d_target` with bayes_opt: n_random random probes, then n_guided by the GP."""
    _require_int(n_random, "n_random", 1)
    _require_int(n_guided, "n_guided", 0)
    _require_int(seed, "seed", 0)
    low, high = _require_bounds(bounds, "bounds")
    optimizer = BayesianOptimization(
        f=bo_1d_target,
        pbounds={"x": (low, high)},
        acquisition_function=acquisition_function(acquisition, kappa, xi),
        random_state=seed,
        verbose=0,
    )
    optimizer.maximize(init_points=n_random, n_iter=0)
    optimizer.maximize(init_points=0, n_iter=n_guided)
    evaluations = [
        {
            "step": step,
            "x": float(res["params"]["x"]),
            "f": float(res["target"]),
            "kind": "random" if step <= n_random else "guided",
        }
        for step, res in enumerate(optimizer.res, start=1)
    ]
    return {
        "evaluations": evaluations,
        "best_x": float(optimizer.max["params"]["x"]),
        "best_f": float(optimizer.max["target"]),
        "bounds": (low, high),
        "acquisition": {"name": acquisition, "kappa": kappa, "xi": xi},
    }


def bayes_opt_1d_summary(result: dict) -> dict:
    """The initial random points and 'Best: x=2.615, f(x)=1.809'."""
    return {
        "initial_points": [
            {"x": round(e["x"], 3), "f": round(e["f"], 3)}
            for e in result["evaluations"] if e["kind"] == "random"
        ],
        "best_x": round(result["best_x"], 3),
        "best_f": round(result["best_f"], 3),
    }


def plot_bayes_opt_1d(result: dict) -> Figure:
    """The trajectory: true function, numbered probes (squares random, circles guided), the best
    as a star."""
    evaluations = result["evaluations"]
    n_random = sum(e["kind"] == "random" for e in evaluations)
    x_curve = np.linspace(*result["bounds"], 300)
    colors = matplotlib.colormaps["Reds"](np.linspace(0.3, 1.0, len(evaluations)))
    with matplotlib.style.context(NOTEBOOK_STYLE):
        figure, (ax,) = _agg_figure(10, 5)
        ax.plot(x_curve, bo_1d_target(x_curve), "b-", linewidth=2, alpha=0.4,
                label="True function")
        for e, color in zip(evaluations, colors):
            marker = "s" if e["kind"] == "random" else "o"
            ax.scatter(e["x"], e["f"], c=[color], s=120, edgecolors="k", marker=marker, zorder=5)
            ax.annotate(f"{e['step']}", (e["x"], e["f"]), textcoords="offset points",
                        xytext=(5, 10), fontsize=10, fontweight="bold")
        best_x, best_f = result["best_x"], result["best_f"]
        ax.scatter([best_x], [best_f], c="green", s=250, marker="*", zorder=6, edgecolors="k",
                   label=f"Best: x={best_x:.2f}, f(x)={best_f:.2f}")
        ax.set_xlabel("x", fontsize=13)
        ax.set_ylabel("f(x)", fontsize=13)
        ax.set_title(f"Bayesian Optimization: {n_random} random (squares) + "
                     f"{len(evaluations) - n_random} guided (circles)", fontsize=13)
        ax.legend(loc="lower left", fontsize=11)
        figure.tight_layout()
    return figure


# ---- Part 2f: active learning vs Bayesian optimization --------------------------------------

def al_vs_bo_target(x):
    """The function 2f explores: 0.5·sin(x)·x + 0.5·cos(2x)."""
    return np.sin(x) * x * 0.5 + 0.5 * np.cos(2 * x)


def _notebook_gp() -> GaussianProcessRegressor:
    return GaussianProcessRegressor(kernel=Matern(nu=2.5), alpha=1e-6, normalize_y=True)


def gp_posterior(x_obs: np.ndarray, y_obs: np.ndarray,
                 x_query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation at x_query of the notebook's GP fitted to the observations."""
    gp = _notebook_gp().fit(np.reshape(x_obs, (-1, 1)), y_obs)
    return gp.predict(np.reshape(x_query, (-1, 1)), return_std=True)


def run_gp_strategy(x_init, strategy: str = "bayes_opt", n_iters: int = 6,
                    candidates: np.ndarray | None = None,
                    exploration_weight: float = 1.5) -> tuple[np.ndarray, np.ndarray]:
    """The notebook's run_strategy: refit the GP, probe the best candidate, repeat n_iters times.
    Active learning probes argmax σ; BO probes argmax μ + exploration_weight·σ."""
    _require(strategy in STRATEGIES, f"strategy must be one of {STRATEGIES}, got {strategy!r}")
    _require_int(n_iters, "n_iters", 0)
    _require_nonnegative(exploration_weight, "exploration_weight")
    candidates = np.linspace(0, 10, 500) if candidates is None else np.asarray(candidates, float)
    x_obs = np.asarray(x_init, dtype=float).ravel()
    _require(x_obs.size >= 1, "x_init must hold at least one point")
    y_obs = al_vs_bo_target(x_obs)
    for _ in range(n_iters):
        mu, sigma = gp_posterior(x_obs, y_obs, candidates)
        if strategy == "active_learning":
            acquisition_values = sigma
        else:
            acquisition_values = mu + exploration_weight * sigma
        x_new = candidates[np.argmax(acquisition_values)]
        x_obs = np.append(x_obs, x_new)
        y_obs = np.append(y_obs, al_vs_bo_target(x_new))
    return x_obs, y_obs


def active_learning_vs_bayes_opt(x_init=(1.0, 5.0, 9.0), n_iters: int = 6,
                                 domain: tuple[float, float] = (0.0, 10.0),
                                 n_candidates: int = 500, n_grid: int = 300,
                                 exploration_weight: float = 1.5) -> dict:
    """Both strategies from the same start, plus each final GP on the notebook's plotting grid."""
    low, high = _require_bounds(domain, "domain")
    _require_int(n_candidates, "n_candidates", 2)
    _require_int(n_grid, "n_grid", 2)
    x_init = np.asarray(x_init, dtype=float).ravel()
    _require(x_init.size >= 1, "x_init must hold at least one point")
    _require(bool(np.all((x_init >= low) & (x_init <= high))),
             f"x_init must lie inside domain {domain!r}, got {x_init.tolist()!r}")
    candidates = np.linspace(low, high, n_candidates)
    grid = np.linspace(low, high, n_grid)
    result = {
        "n_init": int(x_init.size),
        "grid_x": grid,
        "grid_y": al_vs_bo_target(grid),
    }
    for key, strategy in (("al", "active_learning"), ("bo", "bayes_opt")):
        x_obs, y_obs = run_gp_strategy(x_init, strategy, n_iters, candidates, exploration_weight)
        mean, std = gp_posterior(x_obs, y_obs, grid)
        result[f"{key}_x"], result[f"{key}_y"] = x_obs, y_obs
        result[f"{key}_mean"], result[f"{key}_std"] = mean, std
    result["true_max_x"] = float(grid[np.argmax(result["grid_y"])])
    for key in ("al", "bo"):
        best = int(np.argmax(result[f"{key}_y"]))
        result[f"{key}_best_x"] = float(result[f"{key}_x"][best])
        result[f"{key}_best_score"] = float(result[f"{key}_y"][best])
    result["bo_improvement_pct"] = float(
        (result["bo_best_score"] - result["al_best_score"]) / abs(result["al_best_score"]) * 100
    )
    return result


def active_learning_vs_bayes_opt_summary(result: dict) -> dict:
    """'True maximum at x = 8.09', each strategy's best sample (x to 2 places, score to 3),
    and 'BayesOpt found a 0.3% better maximum!'."""
    return {
        "true_max_x": round(result["true_max_x"], 2),
        "al_best_x": round(result["al_best_x"], 2),
        "al_best_score": round(result["al_best_score"], 3),
        "bo_best_x": round(result["bo_best_x"], 2),
        "bo_best_score": round(result["bo_best_score"], 3),
        "bo_improvement_pct": round(result["bo_improvement_pct"], 1),
    }


def plot_active_learning_vs_bayes_opt(result: dict) -> Figure:
    """Side by side: each strategy's samples and final GP mean ± 2σ over the true function."""
    n_init = result["n_init"]
    grid = result["grid_x"]
    panels = [
        ("al", 'Active Learning\n"Where am I most uncertain?"', "#e74c3c"),
        ("bo", 'Bayesian Optimization\n"Where is the score highest?"', "#3498db"),
    ]
    with matplotlib.style.context(NOTEBOOK_STYLE):
        figure, axes = _agg_figure(14, 5, n_cols=2)
        for ax, (key, title, color) in zip(axes, panels):
            x_obs, y_obs = result[f"{key}_x"], result[f"{key}_y"]
            mean, std = result[f"{key}_mean"], result[f"{key}_std"]
            ax.plot(grid, result["grid_y"], "k--", alpha=0.3, label="True function")
            ax.plot(grid, mean, color=color, linewidth=2, label="GP mean")
            ax.fill_between(grid, mean - 2 * std, mean + 2 * std, alpha=0.15, color=color)
            ax.scatter(x_obs[:n_init], y_obs[:n_init], s=80, c="gray", marker="s", zorder=5,
                       label=f"Initial ({n_init})")
            ax.scatter(x_obs[n_init:], y_obs[n_init:], s=80, c=color, marker="o", zorder=5,
                       edgecolors="white", linewidths=1, label=f"Added ({len(x_obs) - n_init})")
            ax.set_title(title, fontsize=13, fontweight="bold")
            ax.set_xlabel("x", fontsize=12)
            ax.legend(fontsize=9, loc="lower left")
            ax.set_ylim(-3, 5)
        figure.suptitle("Same GP Model, Different Goals", fontsize=15, fontweight="bold", y=1.02)
        figure.tight_layout()
    return figure


DEMOS = {
    "polynomial": (polynomial_degree_cv, polynomial_degree_summary, plot_polynomial_degree),
    "gp_1d": (bayes_opt_1d, bayes_opt_1d_summary, plot_bayes_opt_1d),
    "al_vs_bo": (
        active_learning_vs_bayes_opt,
        active_learning_vs_bayes_opt_summary,
        plot_active_learning_vs_bayes_opt,
    ),
}


def run_demo(name: str, options: dict) -> tuple[dict, Figure]:
    """A demo's printed numbers and its figure, from the config's options for it."""
    run, summarize, plot = DEMOS[name]
    result = run(**options)
    return summarize(result), plot(result)
