rule nn_train:
    input:
        unpack(get_nn_split),
        code=get_library("nn_train"),
    output:
        history="results/nn/train/history.csv",
        summary="results/nn/train/summary.json",
        figure=report(
            "results/figures/nn/train_curves.png",
            caption="../report/nn_train.rst",
            category="Neural networks",
        ),
    log:
        "results/logs/nn_train.log",
    benchmark:
        "results/benchmarks/nn_train.tsv"
    conda:
        "../envs/nn.yaml"
    threads: get_nn_threads()
    resources:
        mem_mb=2000,
        runtime=10,
        gpu=get_nn_gpus,
    params:
        settings=get_nn_train_settings,
    script:
        "../scripts/nn_train.py"


rule nn_lr:
    input:
        unpack(get_nn_split),
        code=get_library("nn_lr"),
    output:
        history="results/nn/lr_sweep/lr{lr}/history.csv",
        summary="results/nn/lr_sweep/lr{lr}/summary.json",
    log:
        "results/logs/nn_lr/lr{lr}.log",
    benchmark:
        "results/benchmarks/nn_lr/lr{lr}.tsv"
    conda:
        "../envs/nn.yaml"
    threads: get_nn_threads()
    resources:
        mem_mb=2000,
        runtime=10,
        gpu=get_nn_gpus,
    params:
        settings=get_nn_lr_settings,
    script:
        "../scripts/nn_lr.py"


rule nn_lr_figure:
    input:
        histories=get_nn_lr_histories,
        code=get_library("nn_lr_figure"),
    output:
        figure=report(
            "results/figures/nn/lr_sweep.png",
            caption="../report/nn_lr_sweep.rst",
            category="Neural networks",
        ),
    log:
        "results/logs/nn_lr_figure.log",
    benchmark:
        "results/benchmarks/nn_lr_figure.tsv"
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        lrs=get_nn_lr_names,
    script:
        "../scripts/nn_lr_figure.py"


rule nn_reproducibility:
    input:
        unpack(get_nn_split),
        code=get_library("nn_reproducibility"),
    output:
        summary="results/nn/reproducibility.json",
        line=report(
            "results/nn/reproducibility.txt",
            caption="../report/nn_reproducibility.rst",
            category="Neural networks",
        ),
    log:
        "results/logs/nn_reproducibility.log",
    benchmark:
        "results/benchmarks/nn_reproducibility.tsv"
    conda:
        "../envs/nn.yaml"
    threads: get_nn_threads()
    resources:
        mem_mb=2000,
        runtime=10,
        gpu=get_nn_gpus,
    params:
        settings=get_nn_reproducibility_settings,
    script:
        "../scripts/nn_reproducibility.py"


rule rf_seeds:
    input:
        code=get_library("rf_seeds"),
    output:
        summary="results/nn/rf_seeds.json",
        figure=report(
            "results/figures/nn/rf_seeds.png",
            caption="../report/rf_seeds.rst",
            category="Neural networks",
        ),
    log:
        "results/logs/rf_seeds.log",
    benchmark:
        "results/benchmarks/rf_seeds.tsv"
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        settings=get_rf_seeds_settings,
    script:
        "../scripts/rf_seeds.py"


rule nn_optuna:
    input:
        unpack(get_nn_split),
        code=get_library("nn_optuna"),
    output:
        trials="results/nn/optuna/{selection}/trials.csv",
        timings="results/nn/optuna/{selection}/timings.csv",
        best="results/nn/optuna/{selection}/best.json",
    log:
        "results/logs/nn_optuna/{selection}.log",
    benchmark:
        "results/benchmarks/nn_optuna/{selection}.tsv"
    priority: get_nn_optuna_priority
    conda:
        "../envs/nn.yaml"
    threads: get_nn_threads()
    resources:
        mem_mb=2000,
        runtime=60,
        gpu=get_nn_gpus,
    params:
        settings=get_nn_optuna_settings,
    script:
        "../scripts/nn_optuna.py"


rule nn_optuna_figure:
    input:
        trials=rules.nn_optuna.output.trials,
        code=get_library("nn_optuna_figure"),
    output:
        history=report(
            "results/figures/nn/optuna/{selection}/history.png",
            caption="../report/nn_optuna.rst",
            category="Neural networks",
            subcategory="Optuna",
        ),
    log:
        "results/logs/nn_optuna_figure/{selection}.log",
    benchmark:
        "results/benchmarks/nn_optuna_figure/{selection}.tsv"
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/nn_optuna_figure.py"


rule nn_seed:
    input:
        unpack(get_nn_split),
        best=get_nn_multi_seed_best,
        code=get_library("nn_seed"),
    output:
        summary="results/nn/multi_seed/seed{seed}.json",
    log:
        "results/logs/nn_seed/seed{seed}.log",
    benchmark:
        "results/benchmarks/nn_seed/seed{seed}.tsv"
    conda:
        "../envs/nn.yaml"
    threads: get_nn_threads()
    resources:
        mem_mb=2000,
        runtime=10,
        gpu=get_nn_gpus,
    params:
        settings=get_nn_multi_seed_settings,
    script:
        "../scripts/nn_seed.py"


rule nn_seeds:
    input:
        runs=get_nn_seed_runs,
        code=get_library("nn_seeds"),
    output:
        summary="results/nn/multi_seed/summary.json",
        figure=report(
            "results/figures/nn/multi_seed.png",
            caption="../report/nn_multi_seed.rst",
            category="Neural networks",
        ),
    log:
        "results/logs/nn_seeds.log",
    benchmark:
        "results/benchmarks/nn_seeds.tsv"
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        selection=get_nn_multi_seed_selection,
    script:
        "../scripts/nn_seeds.py"
