import sys

sys.path.insert(0, snakemake.scriptdir)

from tunelab import datasets, trials
from tunelab.config import search_job
from tunelab.runlog import job_log
from tunelab.search import held_out_score, run_search

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.settings
    seed = int(snakemake.wildcards.seed)
    job = search_job(settings, seed, snakemake.threads)
    data = datasets.read_split(snakemake.input.train, snakemake.input.test)
    progress(f"{job.strategy} search on {settings['dataset']} with {snakemake.threads} threads")

    found = run_search(job, data.X_train, data.y_train, progress)
    trials.write_table(trials.trial_frame(found, job.folds), snakemake.output.trials)
    trials.write_table(trials.timing_frame(found), snakemake.output.timings)

    table = trials.read_trials(snakemake.output.trials)
    best = trials.best_trial(table)
    score = held_out_score(
        job, best["params"], data.X_train, data.y_train, data.X_test, data.y_test
    )
    labels = {**snakemake.wildcards, "seed": seed}
    summary = trials.search_summary(table, score, labels)
    trials.write_json(summary, snakemake.output.best)
    progress(f"best CV {summary['best_cv_score']:.4f}, test {score:.4f}: {summary['best_params']}")
