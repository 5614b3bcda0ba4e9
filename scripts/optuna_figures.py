from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, trials
from tunelab.runlog import job_log
from tunelab.strategies import STRATEGIES, label

with job_log(snakemake.log[0]) as progress:
    table = trials.read_trials(snakemake.input.trials)
    space = snakemake.params.space
    seed = int(snakemake.wildcards.seed)
    baselines = {
        label(name): trials.read_json(snakemake.input[name])["best_cv_score"]
        for name in snakemake.input.keys()
        if name in STRATEGIES
    }
    title = f"{label(snakemake.wildcards.strategy)} optimisation history"
    figures.save(figures.history_figure(table, title, baselines), snakemake.output.history)
    figures.save(figures.importance_figure(table, space, seed), snakemake.output.importance)
    figures.save(
        figures.contour_figure(table, space, snakemake.params.contour), snakemake.output.contour
    )
    progress(f"figures from {len(table)} trials")
