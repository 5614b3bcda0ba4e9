rule data:
    input:
        code=get_library("data"),
    output:
        train="results/data/{dataset}/train.csv",
        test="results/data/{dataset}/test.csv",
        summary="results/data/{dataset}/summary.json",
    log:
        "results/logs/data/{dataset}.log",
    conda:
        "../envs/tuning.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        spec=get_dataset_spec,
    script:
        "../scripts/data.py"
