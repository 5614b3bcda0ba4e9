from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, trials
from tunelab.runlog import job_log
from tunelab.strategies import STRATEGIES, label

with job_log(snakemake.log[0]) as progress:
    searches = {
        label(name): trials.read_trials(snakemake.input[name])
        for name in snakemake.input.keys()
        if name in STRATEGIES
    }
    x, y = snakemake.params.axes
    figures.save(figures.search_pattern_figure(searches, x, y), snakemake.output.figure)
    progress(f"search pattern of {', '.join(searches)} over {x} x {y}")
