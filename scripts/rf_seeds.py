from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, trials
from tunelab.nn.figures import seeds_figure
from tunelab.nn.seeds import mean_std, rf_seed_scores
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    summary = mean_std(rf_seed_scores(snakemake.params.settings))
    trials.write_json(summary, snakemake.output.summary)
    figures.save(seeds_figure(summary, "Multi-Seed Reporting (random forest)"), snakemake.output.figure)
    progress(f"{summary['mean']:.4f} +/- {summary['std']:.4f}")
