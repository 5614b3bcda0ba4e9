from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, trials
from tunelab.notebook.demos import run_demo
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    summary, figure = run_demo(snakemake.wildcards.demo, snakemake.params.options)
    trials.write_json(summary, snakemake.output.summary)
    figures.save(figure, snakemake.output.figure)
    progress(f"{snakemake.wildcards.demo}: {summary}")
