from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

import pandas as pd

from tunelab import study, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    problem = {"dataset": snakemake.wildcards.dataset, "model": snakemake.wildcards.model}
    curves, seconds, runs, run_seconds = [], [], [], []
    files = zip(
        snakemake.params.runs,
        snakemake.input.trials,
        snakemake.input.timings,
        snakemake.input.best,
        snakemake.input.job_timings,
    )
    for run, trials_path, timings_path, best_path, job_timings_path in files:
        labels = {**problem, **run}
        table = trials.read_trials(trials_path)
        timings = pd.read_csv(timings_path)
        curves.append(study.run_curve(table, labels))
        seconds.append(study.run_curve_seconds(timings, labels))
        runs.append(study.run_summary(table, trials.read_json(best_path), labels))
        job = trials.read_json(job_timings_path)
        run_seconds.append(study.run_seconds(timings, job, labels))
    trials.write_table(pd.concat(curves, ignore_index=True), snakemake.output.curves)
    trials.write_table(pd.concat(seconds, ignore_index=True), snakemake.output.curves_timings)
    trials.write_table(pd.DataFrame(runs), snakemake.output.runs)
    trials.write_table(pd.DataFrame(run_seconds), snakemake.output.runs_timings)
    progress(f"{len(runs)} runs of {problem['dataset']} / {problem['model']}")
