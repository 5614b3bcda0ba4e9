from tunelab.worker import run_in_warm_worker

run_in_warm_worker(snakemake)

import pandas as pd

from tunelab import figures, study, study_figures, trials
from tunelab.runlog import job_log

with job_log(snakemake.log[0]) as progress:
    settings = snakemake.params.study
    fractions = settings["budget_fractions"]
    normalised = study.read_tables([snakemake.input.normalised])
    ranked = study.ranks(normalised)
    means = study.mean_ranks(ranked)
    friedman = pd.DataFrame([study.friedman(normalised, fraction) for fraction in fractions])
    wilcoxon = pd.concat(
        [study.wilcoxon_vs_best(normalised, means, fraction) for fraction in fractions]
    )
    trials.write_table(means, snakemake.output.ranks)
    trials.write_table(friedman, snakemake.output.friedman)
    trials.write_table(wilcoxon, snakemake.output.wilcoxon)

    figures.save(study_figures.rank_figure(means), snakemake.output.figure)
    full = means[means["fraction"] == max(fractions)].set_index("strategy")
    blocks = int(full["blocks"].max()) if len(full) else 0
    cd = study.critical_difference(len(full), blocks)
    test = friedman.iloc[-1]
    title = (f"Mean ranks at the full budget over {blocks} (problem, seed) blocks; "
             f"Friedman p = {test['p_value']:.3g}")
    figures.save(study_figures.cd_figure(full["mean_rank"], cd, title), snakemake.output.cd_figure)
    progress(f"ranks over {blocks} blocks, critical difference {cd:.2f}")
