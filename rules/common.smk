import os
import re
import sys
from pathlib import Path

# The library is imported here at parse time; job scripts find it beside them.
LIBRARY_ROOT = Path(workflow.basedir) / "scripts"
sys.path.insert(0, str(LIBRARY_ROOT))

from tunelab.config import (
    ConfigError,
    comparison_searches,
    compared_models,
    dataset_spec,
    figure_axes,
    nested_parts,
    nested_settings,
    notebook_run_names,
    notebook_run_settings,
    planned_fits,
    problems,
    search_grid,
    search_settings,
    study_runs,
    study_settings,
)
from tunelab.config_check import check_config_once
from tunelab.deps import library_files
from tunelab.nn.config import (
    gpus,
    has_nn,
    lr_names,
    lr_settings,
    multi_seed_settings,
    multi_seeds,
    optuna_settings,
    reproducibility_settings,
    selections,
    train_settings,
)
from tunelab.strategies import OPTUNA, non_adaptive, with_family

try:
    check_config_once(
        config,
        schema_path=Path(workflow.basedir) / "config" / "schema.yaml",
        stamp_path=".snakemake/tunelab/config-checked",
    )
except ConfigError as error:
    raise WorkflowError(f"config error: {error}") from None


def one_of(names):
    """A wildcard constraint matching exactly ``names`` (nothing, when there are none)."""
    return "|".join(names) or "(?!)"


wildcard_constraints:
    dataset="[A-Za-z0-9_-]+",
    model="[A-Za-z0-9_-]+",
    strategy=one_of(config["strategies"]),
    seed=r"\d+",
    notebook_run=one_of(notebook_run_names(config)),
    demo=one_of(config.get("demos", {})),
    part=r"outer\d+|all",
    lr=one_of(map(re.escape, lr_names(config))),
    selection=one_of(selections(config)),


SEARCH_DIR = "results/searches/{dataset}/{model}/{strategy}/seed{seed}"
SEARCH_BENCHMARK = (
    "results/benchmarks/search/{dataset}/{model}/{strategy}/seed{seed}.tsv"
)
FIGURE_DIR = "results/figures/{dataset}/{model}"
NESTED_DIR = "results/nested/{strategy}"
STUDY_DIR = "results/study"


def get_library(script):
    """The library modules scripts/<script>.py imports, as paths from the working directory."""
    files = library_files(LIBRARY_ROOT / f"{script}.py", LIBRARY_ROOT / "tunelab")
    return [os.path.relpath(path) for path in files]


def get_dataset_spec(wildcards):
    return dataset_spec(config, wildcards.dataset)


def get_search_settings(wildcards):
    return search_settings(
        config, wildcards.dataset, wildcards.model, wildcards.strategy
    )


def get_figure_axes(figure):
    def axes(wildcards):
        return figure_axes(config, wildcards.model, figure)

    return axes


def get_search_priority(wildcards):
    """Longest searches first, so the last one to finish does not start last."""
    return planned_fits(get_search_settings(wildcards))


def get_search_space(wildcards):
    return get_search_settings(wildcards)["space"]


def get_split(dataset):
    return {
        "train": rules.data.output.train.format(dataset=dataset),
        "test": rules.data.output.test.format(dataset=dataset),
    }


def get_search_split(wildcards):
    return get_split(wildcards.dataset)


def search_file(key, strategies, seeds, dataset, model):
    """One path per (strategy, seed) of a dataset/model's searches: output ``key`` of rule search."""
    return expand(
        getattr(rules.search.output, key),
        strategy=strategies,
        seed=seeds,
        dataset=dataset,
        model=model,
    )


def get_comparison_inputs(key):
    def inputs(wildcards):
        return search_file(
            key,
            config["strategies"],
            config["seeds"],
            wildcards.dataset,
            wildcards.model,
        )

    return inputs


def get_pattern_trials(wildcards):
    """The trial tables of the strategies that sample without looking at scores."""
    return {
        strategy: search_file(
            "trials", strategy, wildcards.seed, wildcards.dataset, wildcards.model
        )[0]
        for strategy in non_adaptive(config["strategies"])
    }


def get_baseline_bests(wildcards):
    """Bests drawn as reference lines on an adaptive strategy's history figure."""
    return {
        strategy: search_file(
            "best", strategy, wildcards.seed, wildcards.dataset, wildcards.model
        )[0]
        for strategy in non_adaptive(config["strategies"])
    }


def get_automl_inputs(key):
    """Output ``key`` of each AutoML family's search, in the config's family order."""

    def inputs(wildcards):
        automl = config["automl"]
        return [
            search_file(
                key, automl["strategy"], automl["seed"], automl["dataset"], family
            )[0]
            for family in automl["families"]
        ]

    return inputs


def get_study_run_inputs(wildcards):
    """Every search of one problem: tables, summaries and job timings, in study_runs' order."""
    return {
        key: search_file(
            key,
            config["strategies"],
            config["seeds"],
            wildcards.dataset,
            wildcards.model,
        )
        for key in ("trials", "timings", "best", "job_timings")
    }


def get_study_runs(wildcards):
    return study_runs(config)


def get_study_settings(*keys):
    """The study settings an analysis rule reads (all of them when no key is named)."""

    def settings(wildcards):
        found = study_settings(config)
        return {key: found[key] for key in keys} if keys else found

    return settings


def get_study_tables(key):
    """Output ``key`` of rule study_runs for every problem of the config."""

    def inputs(wildcards):
        return [
            getattr(rules.study_runs.output, key).format(**problem)
            for problem in problems(config)
        ]

    return inputs


def get_nested_settings(wildcards):
    return nested_settings(config, wildcards.strategy)


def get_nested_priority(wildcards):
    return planned_fits(get_nested_settings(wildcards))


def get_nested_outer_results(wildcards):
    outer = [part for part in nested_parts(config) if part != "all"]
    return expand(rules.nested_search.output.result, part=outer, allow_missing=True)


def get_nested_summaries(wildcards):
    return expand(
        rules.nested_summary.output.summary, strategy=config["nested"]["strategies"]
    )


def get_notebook_run_settings(wildcards):
    return notebook_run_settings(config, wildcards.notebook_run)


def get_notebook_run_inputs(wildcards):
    """The run's data split, and the best of the search it refits, if it refits one."""
    run = notebook_run_settings(config, wildcards.notebook_run)
    inputs = get_split(run["dataset"])
    if "search" in run:
        inputs["search_best"] = search_file(
            "best",
            run["search"]["strategy"],
            run["seed"],
            run["dataset"],
            run["search"]["model"],
        )[0]
    return inputs


def get_sweep_param(wildcards):
    return notebook_run_settings(config, wildcards.notebook_run)["sweep"]["param"]


def get_demo_options(wildcards):
    return config["demos"][wildcards.demo]


def get_parity_setup(wildcards):
    return config["parity"]


def get_parity_inputs(wildcards):
    parity = config["parity"]
    inputs = {
        "data": rules.data.output.summary.format(dataset=parity["dataset"]),
        "bests": search_file(
            "best",
            config["strategies"],
            parity["seed"],
            parity["dataset"],
            parity["model"],
        ),
        "demos": expand(rules.demo.output.summary, demo=config.get("demos", {})),
    }
    if "grid" in config.get("nested", {}).get("strategies", {}):
        inputs["nested"] = rules.nested_summary.output.summary.format(strategy="grid")
    if "automl" in config:
        inputs["automl"] = rules.automl.output.table
        inputs["automl_winner"] = rules.automl.output.winner
    if "logistic-baseline" in notebook_run_names(config):
        inputs["logistic"] = rules.notebook_run.output.summary.format(
            notebook_run="logistic-baseline"
        )
    inputs.update(nn_outputs())
    return inputs


def get_nn_threads():
    """Torch threads of every network job: from the config, whatever --cores grants."""
    return config.get("nn", {}).get("threads", 1)


def get_nn_gpus(wildcards):
    return gpus(config)


def get_nn_split(wildcards):
    return get_split(config["nn"]["dataset"])


def get_nn_train_settings(wildcards):
    return train_settings(config)


def get_nn_lr_settings(wildcards):
    return lr_settings(config, wildcards.lr)


def get_nn_lr_names(wildcards):
    return lr_names(config)


def get_nn_lr_histories(wildcards):
    return expand(rules.nn_lr.output.history, lr=lr_names(config))


def get_nn_reproducibility_settings(wildcards):
    return reproducibility_settings(config)


def get_rf_seeds_settings(wildcards):
    return config["nn"]["rf_seeds"]


def get_nn_optuna_settings(wildcards):
    return optuna_settings(config, wildcards.selection)


def get_nn_optuna_priority(wildcards):
    """The studies are the longest network jobs (and the multi-seed jobs wait for one): first."""
    return config["nn"]["optuna"]["n_trials"]


def get_nn_multi_seed_settings(wildcards):
    return multi_seed_settings(config)


def get_nn_multi_seed_selection(wildcards):
    return config["nn"]["multi_seed"]["selection"]


def get_nn_multi_seed_best(wildcards):
    return rules.nn_optuna.output.best.format(
        selection=get_nn_multi_seed_selection(wildcards)
    )


def get_nn_seed_runs(wildcards):
    return expand(rules.nn_seed.output.summary, seed=multi_seeds(config))


def nn_outputs():
    """The network results the parity table reads, by name (none without an ``nn`` section)."""
    if not has_nn(config):
        return {}
    return {
        "nn_train": rules.nn_train.output.summary,
        "nn_lrs": expand(rules.nn_lr.output.summary, lr=lr_names(config)),
        "nn_reproducibility": rules.nn_reproducibility.output.summary,
        "rf_seeds": rules.rf_seeds.output.summary,
        "nn_optuna": expand(rules.nn_optuna.output.best, selection=selections(config)),
        "nn_multi_seed": rules.nn_seeds.output.summary,
    }


def get_nn_tracked_outputs():
    """Network jobs that log a Trackio run."""
    if not has_nn(config):
        return []
    return [
        rules.nn_train.output.summary,
        *expand(rules.nn_lr.output.summary, lr=lr_names(config)),
        *expand(rules.nn_optuna.output.best, selection=selections(config)),
        *get_nn_seed_runs(None),
    ]


def get_nn_targets():
    if not has_nn(config):
        return []
    return [
        rules.nn_train.output.figure,
        rules.nn_lr_figure.output.figure,
        rules.nn_reproducibility.output.line,
        rules.rf_seeds.output.figure,
        *expand(rules.nn_optuna_figure.output.history, selection=selections(config)),
        rules.nn_seeds.output.figure,
    ]


def get_tracked_outputs(wildcards):
    """Every file whose job logs a Trackio run: the export waits for all of them."""
    searches = [
        rules.search.output.best.format(**search) for search in search_grid(config)
    ]
    runs = expand(
        rules.notebook_run.output.summary, notebook_run=notebook_run_names(config)
    )
    return searches + runs + nested_results() + get_nn_tracked_outputs()


def nested_results():
    if "nested" not in config:
        return []
    return expand(
        rules.nested_search.output.result,
        strategy=config["nested"]["strategies"],
        part=nested_parts(config),
    )


def sweep_runs():
    return [
        name
        for name in notebook_run_names(config)
        if notebook_run_settings(config, name)["kind"] == "sweep"
    ]


def per_search_figures():
    """Each search's own figures: always, unless a study turns them off."""
    return config.get("study", {}).get("per_search_figures", True)


def get_study_output():
    """The study's tables and figures, when the config has a ``study`` section."""
    if "study" not in config:
        return []
    return [
        rules.study_leaderboard.output.table,
        rules.study_leaderboard.output.figure,
        rules.study_anytime.output.figure,
        rules.study_ranks.output.figure,
        rules.study_ranks.output.cd_figure,
    ]


def get_final_output():
    searches = comparison_searches(config)
    used = list(config["strategies"]) if per_search_figures() else []
    datasets_models = problems(config)
    targets = expand(rules.data.output.summary, dataset=config["datasets"])
    targets += [
        rules.search.output.best.format(**search) for search in search_grid(config)
    ]
    targets += [rules.compare.output.figure.format(**pair) for pair in datasets_models]
    targets += [
        rules.optuna_figures.output.history.format(**search)
        for search in searches
        if search["strategy"] in with_family(OPTUNA, used)
    ]
    if non_adaptive(used):
        targets += [
            rules.search_pattern.output.figure.format(**pair, seed=seed)
            for pair in datasets_models
            for seed in config["seeds"]
        ]
    if "automl" in config:
        targets += [rules.automl.output.table, rules.automl.output.figure]
    if "nested" in config:
        targets += expand(
            rules.nested_summary.output.figure, strategy=config["nested"]["strategies"]
        )
        targets += [
            rules.nested_compare.output.table,
            rules.nested_compare.output.figure,
        ]
    targets += expand(
        rules.notebook_run.output.summary, notebook_run=notebook_run_names(config)
    )
    targets += expand(rules.sweep_figure.output.figure, notebook_run=sweep_runs())
    targets += expand(rules.demo.output.summary, demo=config.get("demos", {}))
    targets += get_nn_targets()
    if "parity" in config:
        targets.append(rules.parity.output.table)
    if config["tracking"]["enabled"]:
        targets.append(rules.export_tracking.output.runs)
    targets += get_study_output()
    return targets
