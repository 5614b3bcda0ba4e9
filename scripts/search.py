from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

import time

from tunelab import datasets, trial_cache, trials
from tunelab.runlog import job_log, process_usage
from tunelab.search import FoldScorer, Listener, SearchJob, held_out_score, run_search
from tunelab.tracking import track_job

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.settings
    seed = int(snakemake.wildcards.seed)
    job = SearchJob.from_settings(settings, seed, snakemake.threads)
    data = datasets.read_split(snakemake.input.train, snakemake.input.test)
    cache = trial_cache.open_cache(snakemake.config["cache"], log=progress)
    progress(f"{job.strategy} search on {settings['dataset']} with {snakemake.threads} thread(s)")

    labels = {**snakemake.wildcards, "kind": "search", "seed": seed}
    name = "{strategy}-{dataset}-{model}-seed{seed}".format(**labels)
    with track_job(snakemake.config, name, job.strategy, labels, settings, progress) as tracker:
        running_best = trials.RunningBest()
        listener = Listener(
            progress, lambda trial: tracker.log_step(running_best.step(trial), trial.number)
        )
        folds = FoldScorer(job, data.X_train, data.y_train, cache)
        search_start = time.process_time()  # the clock FoldScorer times its fits with
        found = run_search(folds, listener)
        search_cpu = time.process_time() - search_start
        trials.write_table(trials.trial_frame(found, job.folds), snakemake.output.trials)
        trials.write_table(trials.timing_frame(found), snakemake.output.timings)

        table = trials.read_trials(snakemake.output.trials)
        run_labels = {**snakemake.wildcards, "seed": seed}
        # In a study a search in which no trial completes is a result (reported missing);
        # elsewhere it fails the job, as best_trial raises.
        if "study" in snakemake.config and not trials.has_complete(table):
            trials.write_json(trials.failed_search_summary(table, run_labels), snakemake.output.best)
            progress("no trial completed: recorded without a best (the study reports it missing)")
        else:
            best = trials.best_trial(table)
            score = held_out_score(
                job, best["params"], data.X_train, data.y_train, data.X_test, data.y_test
            )
            summary = trials.search_summary(table, score, run_labels)
            trials.write_json(summary, snakemake.output.best)
            tracker.log_summary({key: summary[key] for key in trials.SUMMARY_METRICS})
            progress(
                f"best CV {summary['best_cv_score']:.4f}, test {score:.4f}: {summary['best_params']}"
            )
    progress(trial_cache.report(cache, folds.trials_from_cache, len(found)))
    trial_cache.trim(snakemake.config["cache"])
    progress(f"the search itself: {search_cpu:.2f} CPU-s, {folds.fits_cpu_seconds:.2f} of them in its fits")
    usage = {**process_usage(), "search_cpu_seconds": round(search_cpu, 3),
             "fits_cpu_seconds": round(folds.fits_cpu_seconds, 3)}
    trials.write_json(usage, snakemake.output.job_timings)
