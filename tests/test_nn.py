"""Networks (Parts 6, 7, 8c, 8d): determinism, the trial table, bad config, the rules end to end."""

import copy
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
import yaml
from conftest import REPO, result_tables, run_snakemake

from tunelab.config import ConfigError
from tunelab.config_check import check_config
from tunelab.datasets import Split
from tunelab.nn import determinism
from tunelab.nn.checks import check_device
from tunelab.nn.reproducibility import all_same, first_outputs
from tunelab.nn.training import build_network, train_seeded, weights_identical
from tunelab.nn.tuning import epoch_column, network_from_params, run_study
from tunelab.trials import trial_frame

NN_CONFIG = REPO / "tests" / "data" / "nn_tiny.yaml"
SCHEMA = yaml.safe_load((REPO / "config" / "schema.yaml").read_text())
NETWORK = {"layers": [{"units": 8, "activation": "relu", "dropout": 0.2}], "optimizer": "Adam",
           "lr": 0.01, "batch_size": 16, "epochs": 3}


def load_nn_tiny() -> dict:
    return yaml.safe_load(NN_CONFIG.read_text())


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 4))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    return Split(X[:60], X[60:], y[:60], y[60:])


def test_unseeded_runs_differ_and_seeded_runs_are_identical():
    assert not all_same(first_outputs(3, None))
    assert all_same(first_outputs(3, 7))


def test_the_same_seed_trains_the_same_weights_and_fixes_the_threads(data):
    models = [train_seeded(NETWORK, data.X_train, data.y_train, {}, 3, 1, "cpu")[0] for _ in range(2)]
    other = train_seeded(NETWORK, data.X_train, data.y_train, {}, 4, 1, "cpu")[0]
    assert weights_identical(*models)["identical"]
    assert not weights_identical(models[0], other)["identical"]
    assert torch.get_num_threads() == 1 and torch.are_deterministic_algorithms_enabled()


@pytest.mark.parametrize("rows, batch_size", [(60, 16), (64, 16), (5, 8)])
def test_shuffled_batches_are_the_dataloaders_bit_for_bit(rows, batch_size):
    from torch.utils.data import DataLoader, TensorDataset

    X, y = torch.randn(rows, 3), torch.arange(rows)

    def passes(batches) -> tuple[list, torch.Tensor]:
        torch.manual_seed(11)
        seen = []
        for _ in range(3):
            seen.append([(bx.clone(), by.clone()) for bx, by in batches])
            torch.rand(4)  # dropout's draws between passes
        return seen, torch.get_rng_state()

    expected, expected_state = passes(DataLoader(TensorDataset(X, y), batch_size, shuffle=True))
    got, state = passes(determinism.ShuffledBatches(X, y, batch_size))
    assert len(got) == len(expected) and torch.equal(state, expected_state)
    for ours, theirs in zip(got, expected):
        assert len(ours) == len(theirs) == len(determinism.ShuffledBatches(X, y, batch_size))
        assert all(torch.equal(a, c) and torch.equal(b, d) for (a, b), (c, d) in zip(ours, theirs))
    assert not torch.equal(got[0][0][1], got[1][0][1])  # each pass shuffles anew


def test_the_network_is_built_as_declared():
    network = build_network({"layers": [{"units": 6, "activation": "tanh", "dropout": 0.0},
                                        {"units": 3, "activation": "relu", "dropout": 0.5}]}, 4, 2)
    kinds = [type(layer).__name__ for layer in network]
    assert kinds == ["Linear", "Tanh", "Linear", "ReLU", "Dropout", "Linear"]


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is visible")
def test_cuda_without_a_gpu_is_one_line_naming_the_key():
    with pytest.raises(ConfigError, match=r"^nn\.device: 'cuda' but no GPU is visible") as error:
        determinism.resolve_device("cuda")
    assert "\n" not in str(error.value)
    assert determinism.resolve_device("auto").type == "cpu"


def test_the_study_writes_the_trial_table(data):
    settings = load_nn_tiny()["nn"]["optuna"]
    found = run_study(settings, data, "validation", 1, 1, "cpu")
    table = trial_frame(found, settings["epochs"], step_column=epoch_column)
    assert list(table.columns) == ["trial", "params", "epoch_1", "epoch_2", "epoch_3",
                                   "mean_score", "state", "folds_fitted"]
    assert len(table) == settings["n_trials"]
    assert set(table["state"]) <= {"complete", "pruned", "failed"}
    complete = table[table["state"] == "complete"]
    assert (complete["mean_score"] == complete["epoch_3"]).all()
    network = network_from_params(found[0].params, 3)
    assert len(network["layers"]) == found[0].params["n_layers"]


def mutated(path, value):
    config = copy.deepcopy(load_nn_tiny())
    *parents, last = path
    node = config
    for key in parents:
        node = node[key]
    node[last] = value
    return config


BAD_NN = {
    "unknown activation": ((["nn", "train", "layers", 0, "activation"], "sigmoid"),
                           "nn.train.layers.0.activation: unknown 'sigmoid' (known: relu, tanh)"),
    "unknown optimizer": ((["nn", "optuna", "space", "optimizers"], ["Adam", "RMSprop"]),
                          "nn.optuna.space.optimizers.1: unknown 'RMSprop' (known: Adam, SGD)"),
    "unknown sweep optimizer": ((["nn", "lr_sweep", "optimizer"], "adam"),
                                "nn.lr_sweep.optimizer: unknown 'adam'"),
    "too many layers": ((["nn", "optuna", "space", "layers"], {"low": 1, "high": 9}),
                        "nn.optuna.space.layers: layer counts 1..9 must lie in 1..8"),
    "no layers": ((["nn", "optuna", "space", "layers"], {"low": 0, "high": 2}),
                  "nn.optuna.space.layers: layer counts 0..2 must lie in 1..8"),
    "validation fraction 1": ((["nn", "optuna", "validation_fraction"], 1.0),
                              "nn.optuna.validation_fraction: 1.0 is greater than or equal to the maximum of 1"),
    "validation fraction 0": ((["nn", "optuna", "validation_fraction"], 0),
                              "nn.optuna.validation_fraction: 0 is less than or equal to the minimum of 0"),
    "unknown device": ((["nn", "device"], "tpu"), "nn.device: unknown 'tpu' (known: cpu, cuda, auto)"),
    "unknown dataset": ((["nn", "dataset"], "mnist"), "nn.dataset: 'mnist' is not in datasets"),
    "multi-seed selection not run": ((["nn", "optuna", "selections"], ["test"]),
                                     "nn.multi_seed.selection: 'validation' is not in nn.optuna.selections"),
}


@pytest.mark.parametrize("case", sorted(BAD_NN))
def test_a_bad_nn_section_fails_in_one_line_naming_the_key(case):
    (path, value), message = BAD_NN[case]
    with pytest.raises(ConfigError) as error:
        check_config(mutated(path, value), SCHEMA)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_cuda_is_checked_before_any_job():
    with pytest.raises(ConfigError, match=r"^nn\.device: 'cuda' but no GPU is visible"):
        check_device("cuda", gpu_visible=lambda: False)
    check_device("cuda", gpu_visible=lambda: True)


def test_the_default_and_tiny_nn_configs_pass():
    check_config(load_nn_tiny(), SCHEMA)
    check_config(yaml.safe_load((REPO / "config" / "config.yaml").read_text()), SCHEMA)


@pytest.fixture(scope="module")
def nn_runs(tmp_path_factory):
    """The nn config run twice from scratch: --cores 1, then --cores 2."""
    runs = {}
    for cores in ("1", "2"):
        workdir = tmp_path_factory.mktemp(f"nn_cores{cores}")
        _, seconds = run_snakemake(workdir, "--cores", cores, config=NN_CONFIG)
        runs[cores] = (workdir, seconds)
    return runs


def test_nn_results_are_the_same_bytes_with_1_and_2_cores(nn_runs):
    (one, one_s), (two, two_s) = nn_runs["1"], nn_runs["2"]
    print(f"nn tiny workflow: {one_s:.1f} s with --cores 1, {two_s:.1f} s with --cores 2")
    first, second = result_tables(one), result_tables(two)
    nn_files = [name for name in first if name.startswith("nn/")]
    assert len(nn_files) >= 12 and "nn/optuna/validation/trials.csv" in nn_files
    assert first == second
    for name in ("train_curves.png", "lr_sweep.png", "rf_seeds.png", "multi_seed.png",
                 "optuna/test/history.png"):
        assert (two / "results" / "figures" / "nn" / name).read_bytes()[:4] == b"\x89PNG"


def test_the_reproducibility_check_was_computed(nn_runs):
    workdir, _ = nn_runs["2"]
    found = json.loads((workdir / "results" / "nn" / "reproducibility.json").read_text())
    assert found["unseeded"]["all_same"] is False and found["unseeded"]["distinct"] == 3
    assert found["seeded"]["all_same"] is True
    assert found["trained_twice"]["identical"] and found["trained_twice"]["tensors"] == 4
    assert found["environment"]["torch_threads"] == 1 and found["environment"]["device"] == "cpu"
    line = (workdir / "results" / "nn" / "reproducibility.txt").read_text()
    assert line.startswith("Unseeded runs differ") and line == found["line"] + "\n"


def test_nn_outputs_reach_the_parity_table_and_tracking(nn_runs):
    workdir, _ = nn_runs["2"]
    results = workdir / "results"
    parity = (results / "notebook_parity.md").read_text()
    assert "| 8c | NN training: final test accuracy |" in parity
    assert "| 6 | Optuna NN (selection: test): best accuracy | 0.9550 |" in parity
    trials = pd.read_csv(results / "nn" / "optuna" / "test" / "trials.csv")
    best = json.loads((results / "nn" / "optuna" / "test" / "best.json").read_text())
    assert best["n_trials"] == len(trials) == 5 and best["selection"] == "test"
    runs = pd.read_csv(results / "tracking" / "runs.csv")
    assert {"nn-train", "nn-lr-0.01", "nn-optuna-validation", "nn-seed2"} <= set(runs["run"])
    metrics = pd.read_csv(results / "tracking" / "metrics.csv")
    assert (metrics["run"] == "nn-train").sum() == 4  # one step per epoch


def test_network_jobs_ask_for_a_gpu_only_on_cuda():
    from tunelab.nn.config import gpus

    assert [gpus({"nn": {"device": d}}) for d in ("cpu", "auto", "cuda")] == [0, 0, 1]
    assert gpus({}) == 0


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is visible")
def test_the_workflow_refuses_cuda_without_a_gpu_before_any_job(tmp_path):
    config = load_nn_tiny()
    config["nn"]["device"] = "cuda"
    path = tmp_path / "cuda.yaml"
    path.write_text(yaml.safe_dump(config))
    result, _ = run_snakemake(tmp_path, "-n", config=path, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "config error: nn.device: 'cuda' but no GPU is visible here" in output
    assert "Traceback" not in output
    assert not (tmp_path / "results").exists()
