rule study_runs:
    input:
        unpack(get_study_run_inputs),
        code=get_library("study_runs"),
    output:
        curves=f"{STUDY_DIR}/problems/{{dataset}}/{{model}}/curves.csv",
        curves_timings=f"{STUDY_DIR}/problems/{{dataset}}/{{model}}/curves_timings.csv",
        runs=f"{STUDY_DIR}/problems/{{dataset}}/{{model}}/runs.csv",
        runs_timings=f"{STUDY_DIR}/problems/{{dataset}}/{{model}}/runs_timings.csv",
    log:
        "results/logs/study/runs/{dataset}/{model}.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        runs=get_study_runs,
    script:
        "../scripts/study_runs.py"


rule study_scores:
    input:
        curves=get_study_tables("curves"),
        code=get_library("study_scores"),
    output:
        runs=f"{STUDY_DIR}/normalised.csv",
        problems=f"{STUDY_DIR}/normalised_problems.csv",
        summary=f"{STUDY_DIR}/normalised_summary.csv",
    log:
        "results/logs/study/scores.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        study=get_study_settings("budget_fractions", "confidence"),
    script:
        "../scripts/study_scores.py"


rule study_ranks:
    input:
        normalised=rules.study_scores.output.runs,
        code=get_library("study_ranks"),
    output:
        ranks=f"{STUDY_DIR}/ranks.csv",
        friedman=f"{STUDY_DIR}/friedman.csv",
        wilcoxon=f"{STUDY_DIR}/wilcoxon.csv",
        figure=report(
            f"{STUDY_DIR}/rank_over_budget.png",
            caption="../report/study_ranks.rst",
            category="Strategy study",
        ),
        cd_figure=report(
            f"{STUDY_DIR}/critical_difference.png",
            caption="../report/study_cd.rst",
            category="Strategy study",
        ),
    log:
        "results/logs/study/ranks.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        study=get_study_settings("budget_fractions"),
    script:
        "../scripts/study_ranks.py"


rule study_anytime:
    input:
        curves=get_study_tables("curves"),
        curves_timings=get_study_tables("curves_timings"),
        code=get_library("study_anytime"),
    output:
        table=f"{STUDY_DIR}/anytime.csv",
        timings=f"{STUDY_DIR}/anytime_timings.csv",
        figure=report(
            f"{STUDY_DIR}/anytime.png",
            caption="../report/study_anytime.rst",
            category="Strategy study",
        ),
    log:
        "results/logs/study/anytime.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        study=get_study_settings("confidence"),
    script:
        "../scripts/study_anytime.py"


rule study_generalisation:
    input:
        runs=get_study_tables("runs"),
        code=get_library("study_generalisation"),
    output:
        table=f"{STUDY_DIR}/generalisation.csv",
    log:
        "results/logs/study/generalisation.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        study=get_study_settings("confidence"),
    script:
        "../scripts/study_generalisation.py"


rule study_cost:
    input:
        curves=get_study_tables("curves"),
        runs=get_study_tables("runs"),
        runs_timings=get_study_tables("runs_timings"),
        code=get_library("study_cost"),
    output:
        table=f"{STUDY_DIR}/cost.csv",
        timings=f"{STUDY_DIR}/cost_timings.csv",
    log:
        "results/logs/study/cost.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        study=get_study_settings("target_gap"),
    script:
        "../scripts/study_cost.py"


rule study_leaderboard:
    input:
        runs=get_study_tables("runs"),
        summary=rules.study_scores.output.summary,
        ranks=rules.study_ranks.output.ranks,
        wilcoxon=rules.study_ranks.output.wilcoxon,
        generalisation=rules.study_generalisation.output.table,
        cost=rules.study_cost.output.table,
        cost_timings=rules.study_cost.output.timings,
        code=get_library("study_leaderboard"),
    output:
        table=f"{STUDY_DIR}/leaderboard.csv",
        markdown=f"{STUDY_DIR}/leaderboard.md",
        figure=report(
            f"{STUDY_DIR}/score_vs_cost.png",
            caption="../report/study_cost.rst",
            category="Strategy study",
        ),
    log:
        "results/logs/study/leaderboard.log",
    conda:
        "../envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        study=get_study_settings(),
        seeds=len(config["seeds"]),
    script:
        "../scripts/study_leaderboard.py"
