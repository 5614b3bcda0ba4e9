from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, trials
from tunelab.nn.figures import lr_figure
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    histories = {
        lr: trials.read_table(path) for lr, path in zip(snakemake.params.lrs, snakemake.input.histories)
    }
    figures.save(lr_figure(histories), snakemake.output.figure)
    progress(f"{len(histories)} learning rates")
