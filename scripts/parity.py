import sys
from pathlib import Path

sys.path.insert(0, snakemake.scriptdir)

from tunelab import parity, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    bests = {}
    for path in snakemake.input.bests:
        summary = trials.read_json(path)
        bests[summary["strategy"]] = summary
    logistic = (
        trials.read_json(snakemake.input.logistic) if "logistic" in snakemake.input.keys() else None
    )
    demos = {Path(path).stem: trials.read_json(path) for path in snakemake.input.demos}
    rows = (
        parity.data_rows(trials.read_json(snakemake.input.data))
        + parity.search_rows(bests)
        + parity.tracking_rows(logistic)
        + parity.demo_rows(demos)
    )
    setup = snakemake.config["parity"]
    context = (
        f"Workflow results for dataset `{setup['dataset']}`, model `{setup['model']}`, "
        f"seed {setup['seed']}, compared with the numbers printed in "
        "`spec/week8_tuning_notebook.txt` (Parts 0-3 and the demos of Parts 0b, 2a and 2f). Values print as the notebook prints them; a row matches only when the two strings are equal."
    )
    with open(snakemake.output[0], "w") as out:
        out.write(parity.parity_markdown(rows, context))
    progress(f"{sum(row.status == 'match' for row in rows)}/{len(rows)} numbers match")
