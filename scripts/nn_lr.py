from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

import pandas as pd

from tunelab import datasets, trials
from tunelab.nn.training import train_seeded
from tunelab.runlog import job_log
from tunelab.tracking import track_job

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.settings
    data = datasets.read_split(snakemake.input.train, snakemake.input.test)
    lr = settings["network"]["lr"]
    labels = {"kind": "nn_lr_sweep", "dataset": settings["dataset"], "model": "mlp",
              "seed": settings["seed"]}
    name = f"nn-lr-{snakemake.wildcards.lr}"
    with track_job(snakemake.config, name, "nn_lr_sweep", labels, settings, progress) as tracker:
        _, history, environment = train_seeded(
            settings["network"], data.X_train, data.y_train,
            {"train": (data.X_train, data.y_train), "test": (data.X_test, data.y_test)},
            settings["seed"], settings["threads"], settings["device"],
            on_epoch=lambda record: tracker.log_step(record, record["epoch"] - 1),
        )
        summary = {key: history[-1][key] for key in ("train_score", "test_score", "train_test_gap")}
        tracker.log_summary(summary)
    trials.write_table(pd.DataFrame(history), snakemake.output.history)
    trials.write_json({**labels, "lr": lr, "summary": summary, "environment": environment},
                      snakemake.output.summary)
    progress(f"lr={lr}: final test accuracy {summary['test_score']:.4f}")
