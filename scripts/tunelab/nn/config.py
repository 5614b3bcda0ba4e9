"""What each network job reads from the config's ``nn`` section (light: Snakemake imports it)."""

from __future__ import annotations

CPU, CUDA, AUTO = "cpu", "cuda", "auto"
DEVICES = (CPU, CUDA, AUTO)
# The names a config may use; tunelab.nn.training maps each to its torch class.
ACTIVATIONS = ("relu", "tanh")
OPTIMIZERS = ("Adam", "SGD")
MAX_LAYERS = 8
NO_GPU = "'cuda' but no GPU is visible here (torch.cuda.is_available() is False); use cpu or auto"


def has_nn(config: dict) -> bool:
    return "nn" in config


def lr_name(lr: float) -> str:
    """A learning rate as it appears in paths and wildcards: 0.001 -> '0.001'."""
    return f"{lr:g}"


def lr_names(config: dict) -> list[str]:
    return [lr_name(lr) for lr in config.get("nn", {}).get("lr_sweep", {}).get("lrs", [])]


def selections(config: dict) -> list[str]:
    return list(config.get("nn", {}).get("optuna", {}).get("selections", []))


def multi_seeds(config: dict) -> list[int]:
    return list(config.get("nn", {}).get("multi_seed", {}).get("seeds", []))


def runtime(config: dict) -> dict:
    """What every network job runs with: seed, torch threads, device."""
    section = config["nn"]
    return {"seed": section["seed"], "threads": section["threads"], "device": section["device"]}


def train_settings(config: dict) -> dict:
    return {**runtime(config), "dataset": config["nn"]["dataset"], "network": config["nn"]["train"]}


def lr_settings(config: dict, name: str) -> dict:
    """One lr of the sweep: the sweep's network with that learning rate."""
    sweep = dict(config["nn"]["lr_sweep"])
    lrs = sweep.pop("lrs")
    lr = next(value for value in lrs if lr_name(value) == name)
    return {**runtime(config), "dataset": config["nn"]["dataset"], "network": {**sweep, "lr": lr}}


def reproducibility_settings(config: dict) -> dict:
    return {**train_settings(config), **config["nn"]["reproducibility"]}


def optuna_settings(config: dict, selection: str) -> dict:
    return {**runtime(config), "dataset": config["nn"]["dataset"], "selection": selection,
            **config["nn"]["optuna"]}


def multi_seed_settings(config: dict) -> dict:
    """Retraining the chosen network: its epochs are the study's (the seed is the wildcard)."""
    section = config["nn"]
    return {"threads": section["threads"], "device": section["device"],
            "dataset": section["dataset"], "epochs": section["optuna"]["epochs"],
            "selection": section["multi_seed"]["selection"]}


def gpus(config: dict) -> int:
    """The ``gpu`` resource a network job declares: 1 when it will run on CUDA."""
    return int(config.get("nn", {}).get("device") == CUDA)
