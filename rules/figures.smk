rule search_pattern:
    input:
        unpack(get_pattern_trials),
        code=get_library("search_pattern"),
    output:
        figure=report(
            f"{FIGURE_DIR}/seed{{seed}}/search_pattern.png",
            caption="../report/search_pattern.rst",
            category="Search patterns",
            subcategory="{dataset} / {model}",
        ),
    log:
        "results/logs/search_pattern/{dataset}/{model}/seed{seed}.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        axes=get_figure_axes("search_pattern"),
    script:
        "../scripts/search_pattern.py"


rule optuna_figures:
    input:
        unpack(get_baseline_bests),
        trials=f"{SEARCH_DIR}/trials.csv",
        code=get_library("optuna_figures"),
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
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        space=get_search_space,
        contour=get_figure_axes("contour"),
    script:
        "../scripts/optuna_figures.py"
