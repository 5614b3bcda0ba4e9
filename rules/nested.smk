rule nested_search:
    input:
        code=get_library("nested_search"),
    output:
        trials=f"{NESTED_DIR}/{{part}}/trials.csv",
        result=f"{NESTED_DIR}/{{part}}/result.json",
    log:
        "results/logs/nested_search/{strategy}/{part}.log",
    benchmark:
        "results/benchmarks/nested_search/{strategy}/{part}.tsv"
    priority: get_nested_priority
    conda:
        "../envs/tuning.yaml"
    threads: 1
    resources:
        mem_mb=4000,
        runtime=120,
    params:
        settings=get_nested_settings,
    script:
        "../scripts/nested_search.py"


rule nested_summary:
    input:
        outer=get_nested_outer_results,
        all=f"{NESTED_DIR}/all/result.json",
        code=get_library("nested_summary"),
    output:
        summary=f"{NESTED_DIR}/summary.json",
        figure=report(
            "results/figures/nested/{strategy}.png",
            caption="../report/nested_gap.rst",
            category="Nested CV",
        ),
    log:
        "results/logs/nested_summary/{strategy}.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/nested_summary.py"


rule nested_compare:
    input:
        summaries=get_nested_summaries,
        code=get_library("nested_compare"),
    output:
        table="results/nested/comparison.csv",
        markdown="results/nested/comparison.md",
        figure=report(
            "results/figures/nested/comparison.png",
            caption="../report/nested_comparison.rst",
            category="Nested CV",
        ),
    log:
        "results/logs/nested_compare.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        dataset=config.get("nested", {}).get("dataset"),
        model=config.get("nested", {}).get("model"),
    script:
        "../scripts/nested_compare.py"
