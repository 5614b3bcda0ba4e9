from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import study, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.study
    curves = study.read_tables(snakemake.input.curves)
    at = study.scores_at(curves, settings["budget_fractions"])
    normalised = study.normalised_scores(at)
    problems = study.per_problem(normalised)
    summary = study.normalised_summary(problems, settings["confidence"])
    trials.write_table(normalised, snakemake.output.runs)
    trials.write_table(problems, snakemake.output.problems)
    trials.write_table(summary, snakemake.output.summary)
    progress(f"normalised scores of {len(at)} runs x budget points")
