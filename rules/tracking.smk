rule notebook_run:
    input:
        unpack(notebook_run_inputs),
        code=library_inputs("notebook_run"),
    output:
        "results/tracking/notebook/{experiment}.json",
    log:
        "results/logs/notebook_run/{experiment}.log",
    conda:
        "../envs/tunelab.yaml"
    threads: config["threads"]["search"]
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        runs=config.get("notebook_runs", {}),
        folds=config["cv"]["folds"],
    script:
        "../scripts/notebook_run.py"


rule sweep_figure:
    input:
        sweep="results/tracking/notebook/rf-n-estimators-sweep.json",
        code=library_inputs("sweep_figure"),
    output:
        report(
            "results/figures/tracking/rf-n-estimators-sweep.png",
            caption="../report/sweep.rst",
            category="Tracking",
        ),
    log:
        "results/logs/sweep_figure.log",
    conda:
        "../envs/tunelab.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/sweep_figure.py"


rule export_tracking:
    input:
        tracked=tracked_outputs(),
        code=library_inputs("export_tracking"),
    output:
        runs="results/tracking/runs.csv",
        metrics="results/tracking/metrics.csv",
    log:
        "results/logs/export_tracking.log",
    conda:
        "../envs/tunelab.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        directory=config["tracking"]["directory"],
        project=config["project"],
    script:
        "../scripts/export_tracking.py"
