rule export_tracking:
    input:
        tracked=get_tracked_outputs,
        code=get_library("export_tracking"),
    output:
        runs="results/tracking/runs.csv",
        metrics="results/tracking/metrics.csv",
    log:
        "results/logs/export_tracking.log",
    conda:
        "../envs/tuning.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        directory=config["tracking"]["directory"],
        project=config["project"],
    script:
        "../scripts/export_tracking.py"
