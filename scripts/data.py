from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import datasets
from tunelab.runlog import job_log
from tunelab.trials import write_json

with job_log(snakemake.log[0]) as progress:
    spec = snakemake.params.spec
    name = snakemake.wildcards.dataset
    X, y = datasets.load_xy(spec)
    data = datasets.split(X, y, spec["test_size"], spec["split_seed"])
    datasets.write_part(snakemake.output.train, data.X_train, data.y_train)
    datasets.write_part(snakemake.output.test, data.X_test, data.y_test)
    summary = datasets.summarize(name, y, data)
    write_json(summary, snakemake.output.summary)
    progress(f"{name}: {summary['n_train']} train / {summary['n_test']} test rows")
