from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

from tunelab import figures, study, study_figures, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.study
    fractions, strategies = settings["budget_fractions"], settings["strategies"]
    runs = study.read_tables(snakemake.input.runs)
    tests = study.read_tables([snakemake.input.wilcoxon])
    seconds = study.read_tables([snakemake.input.cost_timings])
    board = study.leaderboard(
        strategies,
        study.read_tables([snakemake.input.summary]),
        study.read_tables([snakemake.input.ranks]),
        tests,
        study.read_tables([snakemake.input.generalisation]),
        study.read_tables([snakemake.input.cost]),
        study.missing_problems(runs, strategies),
        fractions,
    )
    trials.write_table(board, snakemake.output.table)
    problems = len(runs[study.PROBLEM].drop_duplicates())
    markdown = study.leaderboard_markdown(
        board, seconds, tests, fractions, problems, snakemake.params.seeds, settings["target_gap"]
    )
    with open(snakemake.output.markdown, "w") as stream:
        stream.write(markdown)
    figure = study_figures.score_cost_figure(board, seconds, "100")
    figures.save(figure, snakemake.output.figure)
    progress(f"leaderboard of {len(board)} strategies over {problems} problems")
