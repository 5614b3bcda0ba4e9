rule search:
    input:
        unpack(get_search_split),
        code=get_library("search"),
    output:
        trials=f"{SEARCH_DIR}/trials.csv",
        timings=f"{SEARCH_DIR}/timings.csv",
        best=f"{SEARCH_DIR}/best.json",
        job_timings=f"{SEARCH_DIR}/job_timings.json",
    log:
        "results/logs/search/{dataset}/{model}/{strategy}/seed{seed}.log",
    benchmark:
        SEARCH_BENCHMARK
    priority: get_search_priority
    conda:
        "../envs/tuning.yaml"
    threads: config["threads"]["search"]
    resources:
        mem_mb=4000,
        runtime=120,
    params:
        settings=get_search_settings,
    script:
        "../scripts/search.py"
