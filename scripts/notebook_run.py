from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import datasets, trials
from tunelab.notebook.runs import run_notebook_run, tuned_by
from tunelab.runlog import job_log
from tunelab.tracking import track_job

with job_log(snakemake.log[0]) as progress:
    name = snakemake.wildcards.notebook_run
    run = snakemake.params.run
    data = datasets.read_split(snakemake.input.train, snakemake.input.test)
    if "search_best" in snakemake.input.keys():
        run = {**run, "search_best": trials.read_json(snakemake.input.search_best)}
    result = run_notebook_run(run, data, run["seed"], snakemake.threads)

    trials.write_json(
        {"notebook_run": name, "params": result.params, "steps": result.steps,
         "summary": result.summary},
        snakemake.output[0],
    )
    labels = {"kind": "notebook_run", "dataset": run["dataset"], "model": run["estimator"],
              "strategy": tuned_by(run), "seed": run["seed"]}
    with track_job(snakemake.config, name, "notebook", labels, snakemake.params.run, progress) as tracker:
        for step, metrics in enumerate(result.steps or [result.summary]):
            tracker.log_step(metrics, step)
        tracker.log_summary(result.summary)
    progress(f"{name}: {result.summary}")
