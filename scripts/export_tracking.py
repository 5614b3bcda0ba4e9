from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab.runlog import job_log
from tunelab.tracking import export_project

with job_log(snakemake.log[0]) as progress:
    export_project(
        snakemake.params.directory,
        snakemake.params.project,
        snakemake.output.runs,
        snakemake.output.metrics,
    )
    progress(f"exported project {snakemake.params.project} from {snakemake.params.directory}")
