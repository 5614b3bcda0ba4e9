rule notebook_run:
    input:
        unpack(get_notebook_run_inputs),
        code=get_library("notebook_run"),
    output:
        summary="results/notebook/runs/{notebook_run}.json",
    log:
        "results/logs/notebook_run/{notebook_run}.log",
    conda:
        "../envs/tuning.yaml"
    threads: config["threads"]["search"]
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        run=get_notebook_run_settings,
    script:
        "../scripts/notebook_run.py"


rule sweep_figure:
    input:
        sweep=rules.notebook_run.output.summary,
        code=get_library("sweep_figure"),
    output:
        figure=report(
            "results/figures/notebook/runs/{notebook_run}.png",
            caption="../report/sweep.rst",
            category="Notebook runs",
        ),
    log:
        "results/logs/sweep_figure/{notebook_run}.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        param=get_sweep_param,
    script:
        "../scripts/sweep_figure.py"


rule demo:
    input:
        code=get_library("demo"),
    output:
        summary="results/notebook/demos/{demo}.json",
        figure=report(
            "results/figures/notebook/demos/{demo}.png",
            caption="../report/demo.rst",
            category="Demos",
        ),
    log:
        "results/logs/demo/{demo}.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        options=get_demo_options,
    script:
        "../scripts/demo.py"


rule parity:
    input:
        unpack(get_parity_inputs),
        code=get_library("parity"),
    output:
        table="results/notebook_parity.md",
    log:
        "results/logs/parity.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        setup=get_parity_setup,
    script:
        "../scripts/parity.py"
