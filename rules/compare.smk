rule compare:
    input:
        bests=comparison_inputs("best.json"),
        timings=comparison_inputs("timings.csv"),
        code=library_inputs("compare"),
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
        "../envs/tunelab.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/compare.py"


rule search_pattern:
    input:
        unpack(pattern_inputs),
        code=library_inputs("search_pattern"),
    output:
        report(
            f"{FIGURE_DIR}/seed{{seed}}/search_pattern.png",
            caption="../report/search_pattern.rst",
            category="Search patterns",
            subcategory="{dataset} / {model}",
        ),
    log:
        "results/logs/search_pattern/{dataset}/{model}/seed{seed}.log",
    conda:
        "../envs/tunelab.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        axes=config.get("figures", {}).get("search_pattern", []),
    script:
        "../scripts/search_pattern.py"


rule optuna_figures:
    input:
        unpack(baseline_inputs),
        trials=f"{SEARCH_DIR}/trials.csv",
        code=library_inputs("optuna_figures"),
    output:
        history=report(
            f"{FIGURE_DIR}/{{strategy}}/seed{{seed}}/history.png",
            caption="../report/history.rst",
            category="Optuna",
            subcategory="{dataset} / {model} / {strategy}",
        ),
        importance=report(
            f"{FIGURE_DIR}/{{strategy}}/seed{{seed}}/importance.png",
            caption="../report/importance.rst",
            category="Optuna",
            subcategory="{dataset} / {model} / {strategy}",
        ),
        contour=report(
            f"{FIGURE_DIR}/{{strategy}}/seed{{seed}}/contour.png",
            caption="../report/contour.rst",
            category="Optuna",
            subcategory="{dataset} / {model} / {strategy}",
        ),
    log:
        "results/logs/optuna_figures/{dataset}/{model}/{strategy}/seed{seed}.log",
    conda:
        "../envs/tunelab.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        settings=search_params,
        contour=config.get("figures", {}).get("contour", []),
    script:
        "../scripts/optuna_figures.py"


rule parity:
    input:
        unpack(parity_logistic_input),
        data=f"results/data/{config.get('parity', {}).get('dataset', 'none')}/summary.json",
        bests=parity_inputs,
        demos=expand("results/demos/{demo}.json", demo=config.get("demos", {})),
        code=library_inputs("parity"),
    output:
        "results/notebook_parity.md",
    log:
        "results/logs/parity.log",
    conda:
        "../envs/tunelab.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/parity.py"
