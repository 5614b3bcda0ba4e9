import sys

sys.path.insert(0, snakemake.scriptdir)

from tunelab import datasets, trials
from tunelab.experiments import run_experiment
from tunelab.runlog import job_log
from tunelab.tracking import start_run

with job_log(snakemake.log[0]) as progress:
    name = snakemake.wildcards.experiment
    runs = snakemake.params.runs
    data = datasets.read_split(snakemake.input.train, snakemake.input.test)
    options = {**runs, "folds": snakemake.params.folds, "threads": snakemake.threads}
    if "grid_best" in snakemake.input.keys():
        options["grid_best"] = trials.read_json(snakemake.input.grid_best)
    run = run_experiment(name, data, runs["seed"], options)

    trials.write_json(
        {"experiment": name, "config": run.config, "steps": run.steps, "summary": run.summary},
        snakemake.output[0],
    )
    tracking = snakemake.config["tracking"]
    with start_run(
        project=snakemake.config["project"],
        name=name,
        group="notebook-part3",
        config=run.config,
        directory=tracking["directory"],
        enabled=tracking["enabled"],
        log=progress,
    ) as tracker:
        for step, metrics in enumerate(run.steps):
            tracker.log_step(metrics, step)
        if not run.steps:
            tracker.log_step(run.summary, 0)
        tracker.log_summary(run.summary)
    progress(f"{name}: {run.summary}")
