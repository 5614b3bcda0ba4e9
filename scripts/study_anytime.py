from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, study, study_figures, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    confidence = snakemake.params.study["confidence"]
    curves = study.read_tables(snakemake.input.curves)
    seconds = study.read_tables(snakemake.input.curves_timings)
    by_evaluation = study.anytime(curves, confidence)
    by_seconds = study.anytime_seconds(curves, seconds, confidence=confidence)
    trials.write_table(by_evaluation, snakemake.output.table)
    trials.write_table(by_seconds, snakemake.output.timings)
    figures.save(study_figures.anytime_figure(by_evaluation, by_seconds), snakemake.output.figure)
    progress(f"anytime curves of {curves['strategy'].nunique()} strategies")
