"""Multi-layer perceptrons as the config declares them, trained the notebook's way.

A network declaration is plain data: ``layers`` (each ``units``, ``activation``,
``dropout``), ``optimizer``, ``lr``, ``batch_size``, ``epochs`` and an optional
``scheduler`` (StepLR's ``step_size``, ``gamma``). Building and training follow the
notebook's cells line by line (Linear, activation, Dropout only when > 0; one optimiser
step per batch; the scheduler stepped after each epoch; accuracy as a float32 mean), so
the same seed gives the notebook's numbers.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn, optim

from tunelab.nn.determinism import ShuffledBatches, environment, prepare, tensors

# One torch class per name tunelab.nn.config.ACTIVATIONS / OPTIMIZERS allows.
ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh}
OPTIMIZERS = {"Adam": optim.Adam, "SGD": optim.SGD}

Sets = dict[str, tuple[torch.Tensor, torch.Tensor]]


def build_network(network: dict, n_features: int, n_classes: int) -> nn.Sequential:
    layers: list[nn.Module] = []
    width = n_features
    for layer in network["layers"]:
        layers.append(nn.Linear(width, layer["units"]))
        layers.append(ACTIVATIONS[layer["activation"]]())
        if layer.get("dropout", 0) > 0:
            layers.append(nn.Dropout(layer["dropout"]))
        width = layer["units"]
    layers.append(nn.Linear(width, n_classes))
    return nn.Sequential(*layers)


def accuracy(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> float:
    with torch.no_grad():
        return (model(X).argmax(dim=1) == y).float().mean().item()


def train_network(network: dict, model: nn.Module, train: tuple[torch.Tensor, torch.Tensor],
                  evaluate: Sets, on_epoch: Callable[[dict], None] | None = None) -> list[dict]:
    """Train ``model`` as ``network`` says; after each epoch, the accuracy on each set of
    ``evaluate`` (``<name>_score``), the mean batch loss and the learning rate in force
    next. ``on_epoch`` sees each record as it is made (and may stop training by raising)."""
    optimizer = OPTIMIZERS[network["optimizer"]](model.parameters(), lr=network["lr"])
    scheduler = None
    if network.get("scheduler"):
        scheduler = optim.lr_scheduler.StepLR(optimizer, **network["scheduler"])
    criterion = nn.CrossEntropyLoss()
    batches = ShuffledBatches(*train, network["batch_size"])
    history = []
    for epoch in range(network["epochs"]):
        model.train()
        epoch_loss = 0.0
        for batch_X, batch_y in batches:
            optimizer.zero_grad()
            loss = criterion(model(batch_X), batch_y)
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item()
        if scheduler is not None:
            scheduler.step()
        model.eval()
        record = {"epoch": epoch + 1, "train_loss": epoch_loss / len(batches)}
        record.update({f"{name}_score": accuracy(model, X, y) for name, (X, y) in evaluate.items()})
        if "train_score" in record and "test_score" in record:
            record["train_test_gap"] = record["train_score"] - record["test_score"]
        record["learning_rate"] = optimizer.param_groups[0]["lr"]
        history.append(record)
        if on_epoch is not None:
            on_epoch(record)
    return history


def weights_identical(first: nn.Module, second: nn.Module) -> dict:
    """Every tensor of two models' state compared: how many, whether all are equal, the largest gap."""
    a, b = first.state_dict(), second.state_dict()
    gaps = [float((a[name] - b[name]).abs().max()) for name in a]
    return {
        "tensors": len(a),
        "values": int(sum(tensor.numel() for tensor in a.values())),
        "identical": a.keys() == b.keys() and all(torch.equal(a[name], b[name]) for name in a),
        "max_abs_difference": max(gaps) if gaps else 0.0,
    }


def n_classes(y) -> int:
    return int(y.max()) + 1


def train_seeded(network: dict, X_train, y_train, evaluate: dict, seed: int, threads: int,
                 device: str, on_epoch: Callable[[dict], None] | None = None):
    """One seeded training from numpy arrays: (model, per-epoch history, environment).
    ``evaluate`` maps a set's name to its (X, y) arrays."""
    resolved = prepare(seed, threads, device)
    train = tensors(X_train, y_train, resolved)
    sets = {name: tensors(X, y, resolved) for name, (X, y) in evaluate.items()}
    model = build_network(network, X_train.shape[1], n_classes(y_train)).to(resolved)
    history = train_network(network, model, train, sets, on_epoch)
    return model, history, environment(threads, resolved)


def architecture(network: dict, X, y) -> str:
    """Layer widths as the notebook writes them: '10->64->32->2'."""
    widths = [X.shape[1], *(layer["units"] for layer in network["layers"]), n_classes(y)]
    return "->".join(map(str, widths))
