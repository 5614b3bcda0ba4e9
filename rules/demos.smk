rule demo:
    input:
        code=library_inputs("demo"),
    output:
        summary="results/demos/{demo}.json",
        figure=report(
            "results/figures/demos/{demo}.png",
            caption="../report/demo.rst",
            category="Demos",
        ),
    log:
        "results/logs/demo/{demo}.log",
    conda:
        "../envs/tunelab.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        options=demo_options,
    script:
        "../scripts/demo.py"
