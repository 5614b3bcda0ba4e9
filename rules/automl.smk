rule automl:
    input:
        bests=get_automl_inputs("best"),
        timings=get_automl_inputs("timings"),
        code=get_library("automl"),
    output:
        table="results/automl/leaderboard.csv",
        timings="results/automl/leaderboard_timings.csv",
        markdown="results/automl/leaderboard.md",
        winner="results/automl/winner.json",
        figure=report(
            "results/figures/automl/cv_vs_test.png",
            caption="../report/automl.rst",
            category="AutoML",
        ),
    log:
        "results/logs/automl.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        names=config.get("automl", {}).get("families"),
        dataset=config.get("automl", {}).get("dataset"),
    script:
        "../scripts/automl.py"
