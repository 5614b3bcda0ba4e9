import sys

sys.path.insert(0, snakemake.scriptdir)

from tunelab import figures, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    sweep = trials.read_json(snakemake.input.sweep)
    figures.save(figures.sweep_figure(sweep["steps"]), snakemake.output[0])
    progress(f"{len(sweep['steps'])} forest sizes")
