from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

import pandas as pd

from tunelab import compare, figures, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    summaries = [trials.read_json(path) for path in snakemake.input.bests]
    seconds = [pd.read_csv(path)["seconds"].sum() for path in snakemake.input.timings]
    table = compare.comparison_frame(summaries)
    timings = compare.timing_frame(summaries, seconds)
    trials.write_table(table, snakemake.output.table)
    trials.write_table(timings, snakemake.output.timings)

    title = f"Tuning methods on {snakemake.wildcards.dataset} / {snakemake.wildcards.model}"
    with open(snakemake.output.markdown, "w") as markdown:
        markdown.write(compare.comparison_markdown(table, timings, title))
    figures.save(figures.methods_figure(compare.per_method(table, timings)), snakemake.output.figure)
    progress(f"compared {len(table)} searches")
