"""Optuna over conditional MLP architectures (notebook Part 6), written as a trial table.

The space: 1..``layers.high`` layers, per layer units, activation and dropout; lr on a log
scale; optimiser; batch size, suggested in the notebook's order. Each epoch's accuracy on the
selection set is reported, so the MedianPruner can stop a trial. The selection set is the
test set (``selection: test``, the notebook's, which leaks the test set into the choice) or
a stratified validation split carved from the training data (``selection: validation``,
the test set scored once, for the chosen network).

Trials go into the workflow's trial table (tunelab.trials): one row per trial, the accuracy
after each epoch in ``epoch_<n>``, ``mean_score`` the trial's objective (its last reported
epoch), ``state`` complete/pruned/failed and ``folds_fitted`` the epochs it trained.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from tunelab.nn.determinism import prepare, tensors
from tunelab.nn.training import build_network, n_classes, train_network
from tunelab.trials import COMPLETE, FAILED, PRUNED, Trial

TEST, VALIDATION = "test", "validation"
SELECTIONS = (TEST, VALIDATION)


def epoch_column(index: int) -> str:
    return f"epoch_{index + 1}"


def selection_split(data, selection: str, fraction: float, seed: int):
    """(X_fit, y_fit, X_select, y_select): what trials train on and are scored on."""
    if selection == TEST:
        return data.X_train, data.y_train, data.X_test, data.y_test
    from sklearn.model_selection import train_test_split

    X_fit, X_select, y_fit, y_select = train_test_split(
        data.X_train, data.y_train, test_size=fraction, stratify=data.y_train, random_state=seed
    )
    return X_fit, y_fit, X_select, y_select


def suggest_network(trial, space: dict, epochs: int) -> dict:
    """The notebook's ``create_model`` + ``nn_objective`` suggestions, as a network declaration."""
    layers = []
    for index in range(trial.suggest_int("n_layers", space["layers"]["low"], space["layers"]["high"])):
        layers.append({
            "units": trial.suggest_int(f"n_units_l{index}", space["units"]["low"], space["units"]["high"]),
            "activation": trial.suggest_categorical(f"activation_l{index}", space["activations"]),
            "dropout": trial.suggest_float(f"dropout_l{index}", space["dropout"]["low"], space["dropout"]["high"]),
        })
    return {
        "layers": layers,
        "lr": trial.suggest_float("lr", space["lr"]["low"], space["lr"]["high"], log=True),
        "optimizer": trial.suggest_categorical("optimizer", space["optimizers"]),
        "batch_size": trial.suggest_categorical("batch_size", space["batch_sizes"]),
        "epochs": epochs,
    }


def network_from_params(params: dict, epochs: int) -> dict:
    """A trial's params (``n_layers``, ``n_units_l0``, ...) back into a network declaration."""
    layers = [
        {"units": params[f"n_units_l{i}"], "activation": params[f"activation_l{i}"],
         "dropout": params[f"dropout_l{i}"]}
        for i in range(params["n_layers"])
    ]
    return {"layers": layers, "lr": params["lr"], "optimizer": params["optimizer"],
            "batch_size": params["batch_size"], "epochs": epochs}


def run_study(settings: dict, data, selection: str, seed: int, threads: int, device: str,
              on_trial: Callable[[Trial], None] = lambda trial: None) -> list[Trial]:
    """The notebook's study: seeded once, then one trial at a time."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    X_fit, y_fit, X_select, y_select = selection_split(
        data, selection, settings["validation_fraction"], seed
    )
    resolved = prepare(seed, threads, device)
    fit = tensors(X_fit, y_fit, resolved)
    select = {"select": tensors(X_select, y_select, resolved)}
    classes = n_classes(data.y_train)
    started = {}

    def objective(trial: optuna.Trial) -> float:
        started[trial.number] = time.perf_counter()
        network = suggest_network(trial, settings["space"], settings["epochs"])
        model = build_network(network, X_fit.shape[1], classes).to(resolved)

        def report(record: dict) -> None:
            trial.report(record["select_score"], record["epoch"] - 1)
            if trial.should_prune():
                raise optuna.TrialPruned()

        history = train_network(network, model, fit, select, report)
        return history[-1]["select_score"]

    study = optuna.create_study(
        direction="maximize",
        sampler=optuna.samplers.TPESampler(seed=seed, **settings.get("sampler", {})),
        pruner=optuna.pruners.MedianPruner(**settings["pruner"]),
    )
    found: list[Trial] = []

    def on_trial_end(study: optuna.Study, frozen: optuna.trial.FrozenTrial) -> None:
        found.append(trial_from_frozen(frozen, time.perf_counter() - started[frozen.number]))
        on_trial(found[-1])

    study.optimize(objective, n_trials=settings["n_trials"], callbacks=[on_trial_end],
                   catch=(RuntimeError, ValueError))
    return found


def trial_from_frozen(frozen, seconds: float) -> Trial:
    import optuna

    states = {optuna.trial.TrialState.COMPLETE: COMPLETE, optuna.trial.TrialState.PRUNED: PRUNED}
    state = states.get(frozen.state, FAILED)
    steps = [frozen.intermediate_values[step] for step in sorted(frozen.intermediate_values)]
    value = frozen.value if state == COMPLETE else (steps[-1] if steps else math.nan)
    return Trial(number=frozen.number, params=dict(frozen.params), fold_scores=steps,
                 state=state, seconds=seconds, value=value)
