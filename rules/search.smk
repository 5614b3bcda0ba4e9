rule search:
    input:
        train="results/data/{dataset}/train.csv",
        test="results/data/{dataset}/test.csv",
        code=library_inputs("search"),
    output:
        trials=f"{SEARCH_DIR}/trials.csv",
        timings=f"{SEARCH_DIR}/timings.csv",
        best=f"{SEARCH_DIR}/best.json",
    log:
        "results/logs/search/{dataset}/{model}/{strategy}/seed{seed}.log",
    benchmark:
        "results/benchmarks/search/{dataset}/{model}/{strategy}/seed{seed}.tsv"
    conda:
        "../envs/tunelab.yaml"
    threads: config["threads"]["search"]
    resources:
        mem_mb=4000,
        runtime=120,
    params:
        settings=search_params,
    script:
        "../scripts/search.py"
