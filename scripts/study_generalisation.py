from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import study, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    runs = study.read_tables(snakemake.input.runs)
    table = study.generalisation(runs, snakemake.params.study["confidence"])
    trials.write_table(table, snakemake.output.table)
    progress(f"CV - test of {len(runs)} runs")
