from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import datasets, trials
from tunelab.nn.reproducibility import demo_summary, first_outputs, reproducibility_line
from tunelab.nn.training import train_seeded, weights_identical
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.settings
    runs, seed = settings["runs"], settings["seed"]
    # The unseeded demo first: this process has not seeded torch yet.
    unseeded = first_outputs(runs, None)
    progress(f"unseeded first outputs (not kept: they change with every run): {unseeded}")
    found = {"unseeded": demo_summary(unseeded, seeded=False),
             "seeded": demo_summary(first_outputs(runs, seed), seeded=True)}
    data = datasets.read_split(snakemake.input.train, snakemake.input.test)
    models = []
    for _ in range(2):
        model, _, environment = train_seeded(
            settings["network"], data.X_train, data.y_train, {}, seed, settings["threads"],
            settings["device"],
        )
        models.append(model)
    found["trained_twice"] = {"seed": seed, **weights_identical(*models)}
    found["environment"] = environment
    line = reproducibility_line(found)
    found["line"] = line
    trials.write_json(found, snakemake.output.summary)
    with open(snakemake.output.line, "w") as out:
        out.write(line + "\n")
    progress(line)
