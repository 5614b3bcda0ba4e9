from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import datasets, trials
from tunelab.nn.training import train_seeded
from tunelab.nn.tuning import network_from_params
from tunelab.runlog import job_log
from tunelab.tracking import track_job

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.settings
    seed = int(snakemake.wildcards.seed)
    chosen = trials.read_json(snakemake.input.best)
    network = network_from_params(chosen["best_params"], settings["epochs"])
    data = datasets.read_split(snakemake.input.train, snakemake.input.test)
    labels = {"kind": "nn_multi_seed", "dataset": settings["dataset"], "model": "mlp",
              "strategy": f"tpe_pruned-{settings['selection']}", "seed": seed}
    with track_job(snakemake.config, f"nn-seed{seed}", "nn_multi_seed", labels,
                   {**settings, "network": network}, progress) as tracker:
        _, history, environment = train_seeded(
            network, data.X_train, data.y_train,
            {"train": (data.X_train, data.y_train), "test": (data.X_test, data.y_test)},
            seed, settings["threads"], settings["device"],
            on_epoch=lambda record: tracker.log_step(record, record["epoch"] - 1),
        )
        summary = {key: history[-1][key] for key in ("train_score", "test_score", "train_test_gap")}
        tracker.log_summary(summary)
    trials.write_json({"seed": seed, "network": network, **summary, "environment": environment},
                      snakemake.output.summary)
    progress(f"seed {seed}: test accuracy {summary['test_score']:.4f}")
