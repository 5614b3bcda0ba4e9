import os
import sys
from pathlib import Path

LIBRARY_ROOT = Path(workflow.basedir) / "scripts"
sys.path.insert(0, str(LIBRARY_ROOT))

from tunelab.config import (
    OPTUNA_STRATEGIES,
    ConfigError,
    check_config_once,
    search_grid,
    search_settings,
)
from tunelab.deps import library_files
from tunelab.experiments import EXPERIMENTS

try:
    check_config_once(
        config,
        schema_path=Path(workflow.basedir) / "config" / "schema.yaml",
        stamp_path=".snakemake/tunelab/config-checked",
    )
except ConfigError as error:
    raise WorkflowError(f"config error: {error}") from None


wildcard_constraints:
    dataset="[A-Za-z0-9_-]+",
    model="[A-Za-z0-9_-]+",
    strategy="|".join(config["strategies"]),
    seed=r"\d+",
    experiment="|".join(EXPERIMENTS),
    demo="|".join(config.get("demos", {})) or "none",


SEARCH_DIR = "results/searches/{dataset}/{model}/{strategy}/seed{seed}"
FIGURE_DIR = "results/figures/{dataset}/{model}"


def library_inputs(script):
    """The library modules scripts/<script>.py imports, as paths from the working directory."""
    files = library_files(LIBRARY_ROOT / f"{script}.py", LIBRARY_ROOT / "tunelab")
    return [os.path.relpath(path) for path in files]


def dataset_spec(wildcards):
    return config["datasets"][wildcards.dataset]


def demo_options(wildcards):
    return config["demos"][wildcards.demo]


def search_params(wildcards):
    return search_settings(
        config, wildcards.dataset, wildcards.model, wildcards.strategy
    )


def search_files(name, seeds=None, **fixed):
    """One path per (strategy, seed) of a dataset/model's searches."""
    return [
        f"{SEARCH_DIR}/{name}".format(strategy=strategy, seed=seed, **fixed)
        for strategy in config["strategies"]
        for seed in seeds or config["seeds"]
    ]


def comparison_inputs(name):
    def inputs(wildcards):
        return search_files(name, dataset=wildcards.dataset, model=wildcards.model)

    return inputs


def search_file(name, wildcards, **override):
    values = {**dict(wildcards.items()), **override}
    return f"{SEARCH_DIR}/{name}".format(**values)


def pattern_inputs(wildcards):
    return {
        strategy: search_file("trials.csv", wildcards, strategy=strategy)
        for strategy in ("grid", "random")
    }


def baseline_inputs(wildcards):
    """Grid and random bests drawn as lines on an Optuna history, where they ran."""
    return {
        strategy: search_file("best.json", wildcards, strategy=strategy)
        for strategy in ("grid", "random")
        if strategy in config["strategies"]
    }


def parity_inputs(wildcards):
    parity = config["parity"]
    return search_files(
        "best.json",
        seeds=[parity["seed"]],
        dataset=parity["dataset"],
        model=parity["model"],
    )


def notebook_run_inputs(wildcards):
    runs = config["notebook_runs"]
    inputs = {
        name: f"results/data/{runs['dataset']}/{name}.csv" for name in ("train", "test")
    }
    if wildcards.experiment == "rf-grid-tuned":
        inputs["grid_best"] = f"{SEARCH_DIR}/best.json".format(
            dataset=runs["dataset"],
            model=runs["grid_model"],
            strategy="grid",
            seed=runs["seed"],
        )
    return inputs


def parity_logistic_input(wildcards):
    if "notebook_runs" not in config:
        return {}
    return {"logistic": "results/tracking/notebook/logistic-baseline.json"}


def notebook_run_files():
    if "notebook_runs" not in config:
        return []
    return expand("results/tracking/notebook/{experiment}.json", experiment=EXPERIMENTS)


def tracked_outputs():
    """Every file whose job logs a Trackio run: the export waits for all of them."""
    searches = [
        f"{SEARCH_DIR}/best.json".format(**search) for search in search_grid(config)
    ]
    return searches + notebook_run_files()


def all_targets():
    targets = [
        "results/data/{dataset}/summary.json".format(dataset=dataset)
        for dataset in config["datasets"]
    ]
    strategies = config["strategies"]
    for search in search_grid(config):
        targets.append(f"{SEARCH_DIR}/best.json".format(**search))
        if search["strategy"] in OPTUNA_STRATEGIES:
            targets.append(
                f"{FIGURE_DIR}/{{strategy}}/seed{{seed}}/history.png".format(**search)
            )
        if search["strategy"] == "grid" and "random" in strategies:
            targets.append(
                f"{FIGURE_DIR}/seed{{seed}}/search_pattern.png".format(**search)
            )
    for dataset in config["datasets"]:
        for model in config["models"]:
            targets.append(
                f"{FIGURE_DIR}/methods.png".format(dataset=dataset, model=model)
            )
    targets += notebook_run_files()
    if "notebook_runs" in config:
        targets.append("results/figures/tracking/rf-n-estimators-sweep.png")
    if config["tracking"]["enabled"]:
        targets.append("results/tracking/runs.csv")
    for demo in config.get("demos", {}):
        targets.append(f"results/demos/{demo}.json")
    if "parity" in config:
        targets.append("results/notebook_parity.md")
    return targets
