from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from pathlib import Path

from tunelab import trials
from tunelab.notebook import parity
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
    nested = trials.read_json(snakemake.input.nested) if "nested" in snakemake.input.keys() else None
    leaderboard, winner = None, None
    if "automl" in snakemake.input.keys():
        leaderboard = trials.read_table(snakemake.input.automl).to_dict("records")
        winner = trials.read_json(snakemake.input.automl_winner)
    nn = {}
    for key in ("nn_train", "nn_reproducibility", "rf_seeds", "nn_multi_seed"):
        if key in snakemake.input.keys():
            nn[key] = trials.read_json(snakemake.input[key])
    for key in ("nn_lrs", "nn_optuna"):
        if key in snakemake.input.keys():
            nn[key] = [trials.read_json(path) for path in snakemake.input[key]]
    rows = (
        parity.data_rows(trials.read_json(snakemake.input.data))
        + parity.search_rows(bests)
        + parity.tracking_rows(logistic)
        + parity.demo_rows(demos)
        + parity.nested_rows(nested)
        + parity.automl_rows(leaderboard, winner)
        + (parity.nn_rows(nn) if nn else [])
    )
    with open(snakemake.output.table, "w") as out:
        out.write(parity.parity_markdown(rows, parity.context_line(snakemake.params.setup)))
    progress(f"{sum(row.status == 'match' for row in rows)}/{len(rows)} numbers match")
