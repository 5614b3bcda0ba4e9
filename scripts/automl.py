from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

import pandas as pd

from tunelab import automl, figures, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    summaries = [trials.read_json(path) for path in snakemake.input.bests]
    seconds = [pd.read_csv(path)["seconds"].sum() for path in snakemake.input.timings]
    frame = automl.leaderboard_frame(summaries, snakemake.params.names)
    timings = automl.timing_frame(summaries, seconds)
    won = automl.winner(frame, summaries)
    trials.write_table(frame, snakemake.output.table)
    trials.write_table(timings, snakemake.output.timings)
    trials.write_json(won, snakemake.output.winner)
    with open(snakemake.output.markdown, "w") as markdown:
        markdown.write(automl.leaderboard_markdown(frame, timings, won, snakemake.params.dataset))
    figures.save(figures.automl_figure(frame), snakemake.output.figure)
    progress(f"AutoML winner: {won['name']} (CV {won['best_cv']:.4f}) with {won['best_params']}")
