from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, trials
from tunelab.notebook.runs import sweep_figure
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    sweep = trials.read_json(snakemake.input.sweep)
    figures.save(sweep_figure(sweep["steps"], snakemake.params.param), snakemake.output.figure)
    progress(f"{len(sweep['steps'])} values of {snakemake.params.param}")
