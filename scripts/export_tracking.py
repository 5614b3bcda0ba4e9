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
