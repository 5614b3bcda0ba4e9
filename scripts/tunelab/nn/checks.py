"""Checks of the config's ``nn`` section past the schema, each a one-line ConfigError naming the key."""

from __future__ import annotations

from tunelab.checks import check_listed, fail
from tunelab.nn.config import ACTIVATIONS, CUDA, DEVICES, MAX_LAYERS, NO_GPU, OPTIMIZERS


def check_nn_section(config: dict, gpu_visible=None) -> None:
    section = config.get("nn")
    if section is None:
        return
    check_listed("nn.dataset", section["dataset"], config, "datasets")
    check_device(section["device"], gpu_visible)
    check_layers("nn.train.layers", section["train"]["layers"])
    check_choice("nn.train.optimizer", section["train"]["optimizer"], OPTIMIZERS)
    check_layers("nn.lr_sweep.layers", section["lr_sweep"]["layers"])
    check_choice("nn.lr_sweep.optimizer", section["lr_sweep"]["optimizer"], OPTIMIZERS)
    check_space("nn.optuna.space", section["optuna"]["space"])
    multi = section["multi_seed"]["selection"]
    if multi not in section["optuna"]["selections"]:
        fail("nn.multi_seed.selection", f"'{multi}' is not in nn.optuna.selections")


def check_choice(key: str, value: str, known: tuple[str, ...]) -> None:
    if value not in known:
        fail(key, f"unknown '{value}' (known: {', '.join(known)})")


def check_layers(key: str, layers: list[dict]) -> None:
    if not 1 <= len(layers) <= MAX_LAYERS:
        fail(key, f"{len(layers)} layers: must be 1..{MAX_LAYERS}")
    for index, layer in enumerate(layers):
        check_choice(f"{key}.{index}.activation", layer["activation"], ACTIVATIONS)


def check_range(key: str, low, high) -> None:
    if low > high:
        fail(key, f"low ({low}) must not exceed high ({high})")


def check_space(key: str, space: dict) -> None:
    layers = space["layers"]
    if not 1 <= layers["low"] <= layers["high"] <= MAX_LAYERS:
        fail(f"{key}.layers", f"layer counts {layers['low']}..{layers['high']} must lie in 1..{MAX_LAYERS}, low <= high")
    if space["units"]["low"] < 1:
        fail(f"{key}.units.low", "a layer needs at least 1 unit")
    check_range(f"{key}.units", space["units"]["low"], space["units"]["high"])
    dropout = space["dropout"]
    if not 0 <= dropout["low"] <= dropout["high"] < 1:
        fail(f"{key}.dropout", f"{dropout['low']}..{dropout['high']} must lie in [0, 1), low <= high")
    if not 0 < space["lr"]["low"] < space["lr"]["high"]:
        fail(f"{key}.lr", "a log-scaled range needs 0 < low < high")
    for index, name in enumerate(space["activations"]):
        check_choice(f"{key}.activations.{index}", name, ACTIVATIONS)
    for index, name in enumerate(space["optimizers"]):
        check_choice(f"{key}.optimizers.{index}", name, OPTIMIZERS)


def check_device(device: str, gpu_visible=None) -> None:
    """cuda must see a GPU here, before any job starts (torch is imported only for cuda)."""
    check_choice("nn.device", device, DEVICES)
    if device != CUDA:
        return
    if gpu_visible is None:
        from tunelab.nn.determinism import gpu_visible
    if not gpu_visible():
        fail("nn.device", NO_GPU)
