import sys

sys.path.insert(0, snakemake.scriptdir)

from tunelab import figures, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    searches = {name: trials.read_trials(snakemake.input[name]) for name in ("grid", "random")}
    x, y = snakemake.params.axes
    figures.save(figures.search_pattern_figure(searches, x, y), snakemake.output[0])
    progress(f"search pattern over {x} x {y}")
