from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import datasets, trials
from tunelab.nn.training import train_seeded
from tunelab.nn.tuning import TEST, epoch_column, network_from_params, run_study
from tunelab.runlog import job_log
from tunelab.tracking import track_job

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.settings
    selection, seed = settings["selection"], settings["seed"]
    data = datasets.read_split(snakemake.input.train, snakemake.input.test)
    labels = {"kind": "nn_optuna", "dataset": settings["dataset"], "model": "mlp",
              "strategy": f"tpe_pruned-{selection}", "seed": seed}
    name = f"nn-optuna-{selection}"
    with track_job(snakemake.config, name, "nn_optuna", labels, settings, progress) as tracker:
        running_best = trials.RunningBest()

        def on_trial(trial):
            tracker.log_step(running_best.step(trial), trial.number)
            progress(f"trial {trial.number}: {trial.state}, {trial.mean_score:.4f} "
                     f"after {len(trial.fold_scores)} epochs")

        found = run_study(settings, data, selection, seed, settings["threads"],
                          settings["device"], on_trial)
        frame = trials.trial_frame(found, settings["epochs"], step_column=epoch_column)
        trials.write_table(frame, snakemake.output.trials)
        trials.write_table(trials.timing_frame(found), snakemake.output.timings)

        table = trials.read_trials(snakemake.output.trials)
        best = trials.best_trial(table)
        # The chosen network, retrained with the seed on the whole training set, scored once on test.
        _, history, environment = train_seeded(
            network_from_params(best["params"], settings["epochs"]), data.X_train, data.y_train,
            {"test": (data.X_test, data.y_test)}, seed, settings["threads"], settings["device"],
        )
        summary = trials.search_summary(table, history[-1]["test_score"], labels)
        summary.update({
            "selection": selection,
            "selected_on": "test set (leaks it into the choice)" if selection == TEST
            else f"stratified validation split ({settings['validation_fraction']:g} of train)",
            "selection_test_gap": summary["best_cv_score"] - summary["test_score"],
            "environment": environment,
        })
        trials.write_json(summary, snakemake.output.best)
        tracker.log_summary({key: summary[key] for key in trials.SUMMARY_METRICS})
    progress(f"{selection}: best {summary['best_cv_score']:.4f} (trial {summary['best_trial']}), "
             f"test {summary['test_score']:.4f}, states {summary['states']}")
