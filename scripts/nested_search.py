from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import datasets, nested, trial_cache, trials
from tunelab.runlog import job_log
from tunelab.search import Listener
from tunelab.tracking import track_job

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.settings
    part = snakemake.wildcards.part
    X, y = datasets.load_xy(settings["dataset_spec"])
    cache = trial_cache.open_cache(snakemake.config["cache"], log=progress)
    progress(f"nested CV, {settings['strategy']} on {part} of {settings['dataset']} ({len(y)} samples)")

    labels = {"kind": "nested", "dataset": settings["dataset"], "model": settings["model"]["estimator"],
              "strategy": settings["strategy"], "seed": settings["seed"]}
    name = f"nested-{settings['strategy']}-{part}"
    with track_job(snakemake.config, name, "nested", labels, settings, progress) as tracker:
        running_best = trials.RunningBest()
        listener = Listener(
            progress, lambda trial: tracker.log_step(running_best.step(trial), trial.number)
        )
        result = nested.run_part(settings, part, X, y, cache, listener, snakemake.output.trials)
        trials.write_json(result, snakemake.output.result)
        summary = {"best_cv_score": result["inner_best_cv"], "n_trials": result["n_trials"],
                   "fits_used": result["fits_used"]}
        if result["outer_score"] is not None:
            summary["test_score"] = result["outer_score"]
        tracker.log_summary(summary)
    trial_cache.trim(snakemake.config["cache"])
    outer = "" if result["outer_score"] is None else f", outer test {result['outer_score']:.4f}"
    progress(f"inner best CV {result['inner_best_cv']:.4f}{outer}: {result['best_params']}")
