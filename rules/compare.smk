rule compare:
    input:
        bests=get_comparison_inputs("best"),
        timings=get_comparison_inputs("timings"),
        code=get_library("compare"),
    output:
        table="results/compare/{dataset}/{model}/comparison.csv",
        timings="results/compare/{dataset}/{model}/comparison_timings.csv",
        markdown="results/compare/{dataset}/{model}/comparison.md",
        figure=report(
            f"{FIGURE_DIR}/methods.png",
            caption="../report/methods.rst",
            category="Comparison",
            subcategory="{dataset} / {model}",
        ),
    log:
        "results/logs/compare/{dataset}/{model}.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/compare.py"
