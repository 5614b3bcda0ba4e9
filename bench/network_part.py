"""The network part of the default workflow on its own: wall and CPU seconds, per job too.

In a copy of the repository, the data split is made first (not timed); then
``snakemake --cores N`` runs every network target of the default config (Parts 6, 7, 8c,
8d and the extras: the validation-selected study, the per-seed retrainings, the figures)
from scratch, ``--repeats`` times. For each run: the wall, the CPU seconds of Snakemake and
all its jobs, the warm worker included (``getrusage`` of the children), and then each job's
wall (its ``benchmark:`` file) and CPU (its process's own, its log's last line). The issue's target: within 60 s wall on 2 cores.

Usage: python bench/network_part.py [--cores 2] [--repeats 2]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_vs_workflow import (  # noqa: E402
    DEFAULT_REPO,
    copy_repo,
    print_table,
    progress,
    read_benchmark,
    job_cpu,
    run_snakemake,
)

DATA_TARGET = "results/data/{dataset}/summary.json"
# Rules without wildcards, as targets; the per-selection figures are added from the config.
NETWORK_RULES = ["nn_train", "nn_lr_figure", "nn_reproducibility", "rf_seeds", "nn_seeds"]
OPTUNA_FIGURE = "results/figures/nn/optuna/{selection}/history.png"
NETWORK_OUTPUTS = ("results/nn", "results/figures/nn", "results/benchmarks", "results/trackio")


def network_targets(config: dict) -> list[str]:
    selections = config["nn"]["optuna"]["selections"]
    return NETWORK_RULES + [OPTUNA_FIGURE.format(selection=s) for s in selections]


def job_rows(results: Path) -> list[list[str]]:
    rows = []
    for bench in sorted((results / "benchmarks").rglob("*.tsv")):
        row = read_benchmark(bench)
        cpu = job_cpu(results, bench)
        name = str(bench.relative_to(results / "benchmarks").with_suffix(""))
        rows.append([name, f"{float(row['s']):.1f}", "-" if cpu is None else f"{cpu:.1f}"])
    return rows


def clear_network_outputs(workdir: Path) -> None:
    for folder in NETWORK_OUTPUTS:
        shutil.rmtree(workdir / folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--snakemake", default=str(Path(sys.executable).with_name("snakemake")))
    args = parser.parse_args(argv)

    workdir = copy_repo(DEFAULT_REPO)
    config = yaml.safe_load((workdir / "config" / "config.yaml").read_text())
    snakemake = [args.snakemake, "--cores", str(args.cores)]
    data = DATA_TARGET.format(dataset=config["nn"]["dataset"])
    progress(f"network part: data split first, in {workdir}")
    if run_snakemake([*snakemake, data], workdir)[2] != 0:
        sys.exit(f"making the data split failed; see {workdir / 'snakemake.log'}")
    runs = []
    for repeat in range(1, args.repeats + 1):
        clear_network_outputs(workdir)
        progress(f"network part: run {repeat} of {args.repeats} ...")
        wall, cpu, returncode = run_snakemake([*snakemake, *network_targets(config)], workdir)
        if returncode != 0:
            sys.exit(f"snakemake failed ({returncode}); see {workdir / 'snakemake.log'}")
        runs.append([str(repeat), f"{wall:.1f}", f"{cpu:.1f}", f"{cpu / (wall * args.cores):.0%}"])
    jobs = job_rows(workdir / "results")

    print(f"\nNetwork part of the default config, snakemake --cores {args.cores}, from scratch")
    print_table("Runs", ["run", "wall s", "CPU s (all processes)", "utilisation"], runs)
    print_table(f"Jobs of run {args.repeats} (CPU: each job process's own, from its log)",
                ["job", "wall s", "CPU s"], jobs)
    shutil.rmtree(workdir.parent)


if __name__ == "__main__":
    main()
