from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, trials
from tunelab.nn.figures import seeds_figure
from tunelab.nn.seeds import mean_std
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    runs = [trials.read_json(path) for path in snakemake.input.runs]
    summary = mean_std(runs)
    summary["selection"] = snakemake.params.selection
    trials.write_json(summary, snakemake.output.summary)
    title = f"Multi-Seed Reporting (best network, {summary['selection']} selection)"
    figures.save(seeds_figure(summary, title), snakemake.output.figure)
    progress(f"{summary['mean']:.4f} +/- {summary['std']:.4f}")
