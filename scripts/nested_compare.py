from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, nested_report, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    frame = nested_report.comparison_frame([trials.read_json(path) for path in snakemake.input.summaries])
    trials.write_table(frame, snakemake.output.table)
    with open(snakemake.output.markdown, "w") as markdown:
        markdown.write(nested_report.comparison_markdown(frame, snakemake.params.dataset, snakemake.params.model))
    figures.save(figures.nested_comparison_figure(frame), snakemake.output.figure)
    progress(f"compared the nested CV of {len(frame)} strategies")
