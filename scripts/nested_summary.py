from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, nested_report, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    outer = [trials.read_json(path) for path in snakemake.input.outer]
    summary = nested_report.summarize(outer, trials.read_json(snakemake.input.all))
    trials.write_json(summary, snakemake.output.summary)
    figures.save(figures.optimism_gap_figure(summary), snakemake.output.figure)
    progress(
        f"{summary['method']}: nested {summary['nested_score']:.4f} ± {summary['nested_sd']:.4f}, "
        f"optimistic {summary['optimistic_score']:.4f}, gap {summary['gap']:+.4f}"
    )
