"""Each search job of a finished run against the same trials fitted single-threaded in one process.

For every search job under ``--results`` (a run's results folder, e.g. the copy that
``notebook_vs_workflow.py --keep-workdir`` keeps), this process rebuilds the job's search
from the run's config and refits the job's first ``--trials`` trials exactly as the job fitted
them: the same params, folds and seed; a pruned trial only the folds it fitted. No cache, no
tracking, one thread, nothing else running in this process. Printed per job:

  job trials s    the same trials' seconds in the job (its ``timings.csv``)
  replay CPU s    their CPU seconds here
  fits ratio      job trials s / replay CPU s: what the job's fits cost against bare fits
                  (the job ran beside another job; the replay alone, unless --beside)
  search CPU s    the job's CPU while it searched (its ``job_timings.json``): fits, sampler,
                  cache and tracking steps
  search / replay search CPU s / the replay's CPU scaled to all the job's trials (the
                  issue's target: <= 1.15)
  job CPU s       the whole job's CPU, as its process measured it (its log's last line)
  job / replay    the same with the job's fixed costs: start-up, the Trackio run, the refit
                  and writing

With ``--beside`` each replay runs while a second process replays the same trials on the
other core, as each job ran beside another job (that process's CPU is not counted): the fits
then pay the same sharing of the machine in the job and in the replay.

The jobs ran with OpenMP and BLAS at their thread count (Snakemake sets ``OMP_NUM_THREADS``
and the like); run this with those at 1 for single-threaded replays. ``search_cpu.py`` sets
them itself.

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python bench/replay_trials.py --results PATH [--trials 25] [--beside]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
import warnings
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "scripts"))
from notebook_vs_workflow import job_cpu, print_table, progress  # noqa: E402

from tunelab import datasets  # noqa: E402
from tunelab.config import search_settings  # noqa: E402
from tunelab.config_check import check_config  # noqa: E402
from tunelab.search import FoldScorer, SearchJob  # noqa: E402
from tunelab.trials import FAILED, fold_column  # noqa: E402


def run_config(results: Path) -> dict:
    """The run's config, completed by its schema as the workflow completes it."""
    repo = results.parent
    config = yaml.safe_load((repo / "config" / "config.yaml").read_text())
    check_config(config, yaml.safe_load((repo / "config" / "schema.yaml").read_text()))
    return config


def job_trials(folder: Path) -> list[dict]:
    """The job's trials with their seconds in the job and how many folds each fitted."""
    with open(folder / "timings.csv") as handle:
        seconds = {int(row["trial"]): float(row["seconds"]) for row in csv.DictReader(handle)}
    trials = []
    with open(folder / "trials.csv") as handle:
        for row in csv.DictReader(handle):
            if row["state"] == FAILED:
                continue
            number = int(row["trial"])
            trials.append({"params": json.loads(row["params"]), "seconds": seconds[number],
                           "folds": int(row["folds_fitted"])})
    return trials


def replay(job: SearchJob, split: datasets.Split, trials: list[dict]) -> float:
    """CPU seconds of refitting ``trials`` as the job did, cache off, one thread."""
    scorer = FoldScorer(job, split.X_train, split.y_train)
    start = time.process_time()
    for trial in trials:
        estimator = job.estimator(trial["params"], threads=1)
        for train, test in scorer.splits[: trial["folds"]]:
            scorer.fit_and_score(estimator, train, test)
    return time.process_time() - start


def job_replay(results: Path, config: dict, folder: Path) -> tuple[SearchJob, datasets.Split]:
    dataset, model, strategy, seed = folder.parts[-4:]
    seed = int(seed.removeprefix("seed"))
    job = SearchJob.from_settings(search_settings(config, dataset, model, strategy), seed, 1)
    split = datasets.read_split(results / "data" / dataset / "train.csv",
                                results / "data" / dataset / "test.csv")
    return job, split


def neighbour(results: Path, folder: Path, limit: int) -> subprocess.Popen:
    """A process replaying the same trials over and over, until terminated."""
    return subprocess.Popen(
        [sys.executable, __file__, "--results", str(results), "--trials", str(limit),
         "--loop", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def compare_job(results: Path, config: dict, folder: Path, limit: int, beside: bool) -> list[str]:
    dataset, model, strategy, seed = folder.parts[-4:]
    seed = int(seed.removeprefix("seed"))
    job, split = job_replay(results, config, folder)
    trials = job_trials(folder)
    replayed = trials[:limit]
    other = neighbour(results, folder, limit) if beside else None
    try:
        replay_cpu = replay(job, split, replayed)
    finally:
        if other is not None:
            other.terminate()
            other.wait()
    job_seconds = sum(trial["seconds"] for trial in replayed)
    share = job_seconds / sum(trial["seconds"] for trial in trials)
    cpu = job_cpu(results, results / "benchmarks" / "search" / dataset / model / strategy
                  / f"seed{seed}.tsv")
    search_cpu = json.loads((folder / "job_timings.json").read_text()).get("search_cpu_seconds")
    all_trials = replay_cpu / share

    def against_replay(value: float | None) -> str:
        return "-" if value is None or not all_trials else f"{value / all_trials:.2f}"

    return [f"{dataset}/{model}/{strategy}/seed{seed}", f"{len(replayed)}/{len(trials)}",
            f"{job_seconds:.1f}", f"{replay_cpu:.1f}", f"{job_seconds / replay_cpu:.2f}",
            "-" if search_cpu is None else f"{search_cpu:.1f}", against_replay(search_cpu),
            "-" if cpu is None else f"{cpu:.1f}", against_replay(cpu)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, required=True, help="a finished run's results/")
    parser.add_argument("--trials", type=int, default=25, help="trials replayed per job")
    parser.add_argument("--beside", action="store_true",
                        help="replay beside a second process replaying the same trials")
    parser.add_argument("--loop", type=Path, help=argparse.SUPPRESS)  # that second process
    args = parser.parse_args(argv)
    results = args.results.resolve()
    warnings.simplefilter("ignore")  # the jobs' logs already hold the libraries' warnings
    config = run_config(results)
    if args.loop is not None:
        job, split = job_replay(results, config, args.loop)
        while True:
            replay(job, split, job_trials(args.loop)[: args.trials])
    rows = []
    for trials_csv in sorted((results / "searches").glob("*/*/*/seed*/trials.csv")):
        progress(f"replaying {trials_csv.parent.relative_to(results / 'searches')} ...")
        rows.append(compare_job(results, config, trials_csv.parent, args.trials, args.beside))
    where = "beside a second replay" if args.beside else "alone"
    print_table(
        f"Search jobs against the same trials fitted single-threaded in one process, {where}",
        ["search job", "trials", "job trials s", "replay CPU s", "fits ratio", "search CPU s",
         "search / replay", "job CPU s", "job / replay"], rows)
    print("(search / replay, job / replay: against the replay scaled to all the job's trials by "
          "the replayed trials' share of the job's trial seconds)")


if __name__ == "__main__":
    main()
