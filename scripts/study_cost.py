from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import study, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    curves = study.read_tables(snakemake.input.curves)
    runs = study.read_tables(snakemake.input.runs)
    to_target = study.evaluations_to_target(curves, snakemake.params.study["target_gap"])
    trials.write_table(study.cost(runs, to_target), snakemake.output.table)
    seconds = study.read_tables(snakemake.input.runs_timings)
    trials.write_table(study.cost_seconds(seconds), snakemake.output.timings)
    progress(f"cost of {len(runs)} runs")
