from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

import pandas as pd

from tunelab import datasets, figures, trials
from tunelab.nn.figures import curves_figure
from tunelab.nn.training import architecture, train_seeded
from tunelab.runlog import job_log
from tunelab.tracking import track_job

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.settings
    data = datasets.read_split(snakemake.input.train, snakemake.input.test)
    labels = {"kind": "nn_train", "dataset": settings["dataset"], "model": "mlp",
              "seed": settings["seed"]}
    with track_job(snakemake.config, "nn-train", "nn", labels, settings, progress) as tracker:
        _, history, environment = train_seeded(
            settings["network"], data.X_train, data.y_train,
            {"train": (data.X_train, data.y_train), "test": (data.X_test, data.y_test)},
            settings["seed"], settings["threads"], settings["device"],
            on_epoch=lambda record: tracker.log_step(record, record["epoch"] - 1),
        )
        final = history[-1]
        summary = {key: final[key] for key in ("train_score", "test_score", "train_test_gap")}
        tracker.log_summary(summary)
    frame = pd.DataFrame(history)
    trials.write_table(frame, snakemake.output.history)
    trials.write_json({**labels, "network": settings["network"], "summary": summary,
                       "environment": environment},
                      snakemake.output.summary)
    title = f"nn_train: {architecture(settings['network'], data.X_train, data.y_train)}"
    figures.save(curves_figure(frame, title), snakemake.output.figure)
    progress(f"final train {final['train_score']:.4f}, test {final['test_score']:.4f} "
             f"({environment['torch_threads']} torch thread(s), {environment['device']})")
