from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    table = trials.read_trials(snakemake.input.trials)
    selection = snakemake.wildcards.selection
    title = f"Neural network tuning: optimization history (selection: {selection})"
    figure = figures.history_figure(table, title, {}, score=f"{selection} accuracy (last epoch)",
                                    pruned_score="last epoch reported")
    figures.save(figure, snakemake.output.history)
    progress(f"history of {len(table)} trials")
