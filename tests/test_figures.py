import json
import numpy as np
import pandas as pd

from tunelab import figures, trials


def table(rows):
    return trials.trial_frame([trials.Trial(i, params, scores) for i, (params, scores) in enumerate(rows)], 2)


def test_search_pattern_draws_none_values_past_the_largest_number():
    grid = table([({"n": 10, "depth": 5}, [0.8, 0.9]), ({"n": 10, "depth": None}, [0.7, 0.7])])
    random = table([({"n": 12, "depth": 20}, [0.6, 0.9])])
    grid["params"] = [json.loads(p) for p in grid["params"]]
    random["params"] = [json.loads(p) for p in random["params"]]
    figure = figures.search_pattern_figure({"grid": grid, "random": random}, "n", "depth")
    points = figure.axes[0].collections[0].get_offsets()
    assert np.isfinite(points).all() and len(points) == 2
    assert points[:, 1].max() == 22.0  # None drawn at 1.1 x the largest depth (20)
    assert "None drawn at 22" in figure.axes[0].get_ylabel()


def test_history_and_methods_figures_draw_every_trial_and_method():
    frame = table([({"a": 1}, [0.5, 0.7]), ({"a": 2}, [0.9, 0.9])])
    figure = figures.history_figure(frame, "t", {"Grid": 0.8})
    assert len(figure.axes[0].collections[0].get_offsets()) == 2
    methods = pd.DataFrame({"method": ["Grid", "TPE"], "best_cv": [0.9, 0.92], "best_cv_sd": [0.0, 0.01],
                            "evaluations": [4, 6]}, index=["grid", "tpe"])
    assert len(figures.methods_figure(methods).axes[0].patches) == 2
