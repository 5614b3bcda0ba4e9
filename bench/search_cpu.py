"""Each search job run alone against the same trials fitted bare, alone: side by side in one run.

Issue 8's target: a search's CPU seconds within 15% of the same trials fitted single-threaded
in one process. In a full run every job shares the machine with another job (on a 2-vCPU
machine, with its hyperthread sibling), which slows its fits by an amount that depends on the
neighbour; ``replay_trials.py`` can only guess that neighbour. Here nothing else runs. For each
search job of ``--config-file`` (default: the default config), in a copy of the repository:

1. Snakemake runs the job alone (``--cores 1``, forced, the warm worker as configured, a cold
   trial cache: every fold is fitted and written; tracking on);
2. a fresh Python process replays the trials the job just ran: the same params, folds and
   seed, a pruned trial only the folds it fitted; no cache, no tracking, one thread and
   OpenMP and BLAS set to one thread as Snakemake sets them for the job (its imports are
   not counted; its first fits pay their first-use costs, as the job's do);

the two alternating, ``--repeats`` times. ``--budget N`` caps every strategy's budget (and
GP-BO's init points) at N trials so that all ten default searches take minutes; a grid keeps
its grid. Printed per job (medians over the repeats):

  search CPU s    the job's CPU while it searched (``job_timings.json``): fits, sampler, cache,
                  tracking steps, progress lines
  fits CPU s      the part of it inside the fits (each fold's fit and score, timed in the job)
  job CPU s       the whole job, its log's last line: plus start-up, the Trackio run, the refit
                  and writing
  replay CPU s    the same trials fitted bare
  search/fits     what the search costs besides its fits, measured inside the job on one clock:
                  free of the machine's changing speed, which moves every other ratio here
  fits/replay     the job's fits against the same fits bare (threads, the fork, the machine)
  search/replay   the target (<= 1.15): the median of each run's ratio to the replay right
                  after it (a pair shares the machine's state of the moment)
  job/replay      the same with the job's fixed costs, which issue 8 bounds separately
                  (overhead < 1.5 s)
  best of N       the least search CPU against the least replay CPU: on a shared machine a
                  sub-second search's CPU varies by a third from run to run

    .venv/bin/python bench/search_cpu.py --budget 20              # the ten default searches
    .venv/bin/python bench/search_cpu.py --only grid --repeats 5  # the grids only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import warnings
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from notebook_vs_workflow import (  # noqa: E402
    DEFAULT_CONFIG,
    DEFAULT_REPO,
    copy_repo,
    print_table,
    progress,
    resolve_config,
    run_snakemake,
)
from replay_trials import job_replay, job_trials, replay  # noqa: E402

from tunelab.config import search_grid  # noqa: E402
from tunelab.config_check import check_config  # noqa: E402
from tunelab.runlog import read_done_line  # noqa: E402


# What Snakemake sets to a job's thread count (snakemake/shell.py), so the replay's fits are
# single-threaded as the jobs' are.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "GOTO_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def capped(config: dict, budget: int | None) -> dict:
    """The ``strategies`` block with every budget (and init points) at most ``budget``."""
    if budget is None:
        return {}
    strategies = {}
    for name, settings in config["strategies"].items():
        cap = {key: min(settings[key], budget) for key in ("n_trials", "init_points") if key in settings}
        if cap:
            strategies[name] = cap
    return {"strategies": strategies}


def run_config(workdir: Path, *config_files: Path) -> dict:
    """The config as Snakemake builds it: the Snakefile's, then each ``--configfile`` on top
    (recursively), completed by the schema."""
    from snakemake.utils import update_config

    config = yaml.safe_load((workdir / DEFAULT_CONFIG).read_text())
    for path in config_files:
        update_config(config, yaml.safe_load(path.read_text()))
    check_config(config, yaml.safe_load((workdir / "config" / "schema.yaml").read_text()))
    return config


def folder_of(search: dict) -> str:
    return "{dataset}/{model}/{strategy}/seed{seed}".format(**search)


def run_job(snakemake: list[str], workdir: Path, search: dict) -> dict:
    """Run one search job alone, cold cache; its job_timings.json and log's usage line."""
    shutil.rmtree(workdir / "results" / "cache", ignore_errors=True)
    folder = Path("results") / "searches" / folder_of(search)
    _, _, returncode = run_snakemake([*snakemake, "--force", str(folder / "trials.csv")], workdir)
    if returncode != 0:
        sys.exit(f"snakemake failed ({returncode}); see {workdir / 'snakemake.log'}")
    timings = json.loads((workdir / folder / "job_timings.json").read_text())
    log = workdir / "results" / "logs" / "search" / f"{folder_of(search)}.log"
    return {"search": timings["search_cpu_seconds"], "fits": timings["fits_cpu_seconds"],
            "job": read_done_line(log)["cpu_seconds"]}


def replay_job(workdir: Path, config_files: list[Path], search: dict) -> float:
    """CPU seconds of the trials the job just ran, fitted bare in a fresh process, with the
    thread variables Snakemake sets for a one-thread job (OpenMP and BLAS single-threaded)."""
    command = [sys.executable, __file__, "--replay", json.dumps(search), "--workdir", str(workdir),
               "--config-files", *map(str, config_files)]
    env = {**os.environ, **{name: "1" for name in THREAD_VARIABLES}}
    return float(subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout)


def replay_here(workdir: Path, config_files: list[Path], search: dict) -> float:
    """CPU seconds of the trials the job just ran, fitted bare in this process."""
    results = workdir / "results"
    folder = results / "searches" / folder_of(search)
    job, split = job_replay(results, run_config(workdir, *config_files), folder)
    return replay(job, split, job_trials(folder))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config-file", default=DEFAULT_CONFIG)
    parser.add_argument("--budget", type=int, help="cap every strategy's budget at this many trials")
    parser.add_argument("--only", nargs="*", default=[],
                        help="measure only jobs whose dataset/model/strategy path contains one of these")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--snakemake", default=str(Path(sys.executable).with_name("snakemake")))
    parser.add_argument("--replay", type=json.loads, help=argparse.SUPPRESS)  # the fresh process
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--config-files", type=Path, nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.replay is not None:
        warnings.simplefilter("ignore")
        print(replay_here(args.workdir, args.config_files, args.replay))
        return
    if args.budget is not None and args.budget < 1:
        parser.error("--budget must be at least 1")
    warnings.simplefilter("ignore")  # the jobs' logs already hold the libraries' warnings

    workdir = copy_repo(DEFAULT_REPO)
    config_file = resolve_config(args.config_file, DEFAULT_REPO)
    budget_file = workdir / "bench_budget.yaml"
    budget_file.write_text(yaml.safe_dump(capped(run_config(workdir, config_file), args.budget)))
    config_files = [config_file, budget_file]
    config = run_config(workdir, *config_files)
    snakemake = [args.snakemake, "--cores", "1", "--configfile", *map(str, config_files)]
    searches = [s for s in search_grid(config) if not args.only or any(o in folder_of(s) for o in args.only)]
    if not searches:
        shutil.rmtree(workdir.parent)
        sys.exit(f"no search job of {args.config_file} matches --only {' '.join(args.only)}")

    measured = {folder_of(s): [] for s in searches}
    for repeat in range(1, args.repeats + 1):
        for search in searches:
            progress(f"repeat {repeat}/{args.repeats}: {folder_of(search)}: the job alone ...")
            run = run_job(snakemake, workdir, search)
            progress(f"repeat {repeat}/{args.repeats}: {folder_of(search)}: its trials bare ...")
            measured[folder_of(search)].append({**run, "replay": replay_job(workdir, config_files, search)})
            progress("  " + ", ".join(f"{k} {v:.3f}" for k, v in measured[folder_of(search)][-1].items()))
    shutil.rmtree(workdir.parent)

    rows = []
    for name, runs in measured.items():
        median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        least = {key: min(run[key] for run in runs) for key in runs[0]}

        def paired(top: str, bottom: str) -> str:
            return f"{statistics.median(run[top] / run[bottom] for run in runs):.2f}"

        rows.append([name, *(f"{median[key]:.2f}" for key in ("search", "fits", "job", "replay")),
                     paired("search", "fits"), paired("fits", "replay"), paired("search", "replay"),
                     paired("job", "replay"), f"{least['search'] / least['replay']:.2f}"])
    budget = f", budgets capped at {args.budget}" if args.budget else ""
    print_table(f"Search jobs alone against their trials fitted bare, alone ({args.config_file}{budget}; "
                f"median of {args.repeats})",
                ["search job", "search CPU s", "fits CPU s", "job CPU s", "replay CPU s", "search/fits",
                 "fits/replay", "search/replay", "job/replay", f"best of {args.repeats}: search/replay"],
                rows)
    print("(search/fits: within the job, on one clock at one time; fits/replay and search/replay: "
          "against the bare fits run just after, which the machine's speed of the moment moves; "
          "best of N: the least search CPU against the least replay CPU, the runs least disturbed "
          "by the rest of the machine, as timeit reports)")


if __name__ == "__main__":
    main()
