"""The workflow end to end on the tiny config: outputs, determinism, caching."""

import json
import os
import re
import subprocess
from pathlib import Path

import pandas as pd
from conftest import REPO, SNAKEMAKE, load_tiny, result_tables, run_snakemake, write_config

SEARCHES = [(s, seed) for s in ("grid", "random", "gp", "tpe", "tpe_pruned") for seed in (1, 2)]


def job_counts(output: str) -> dict[str, int]:
    """The 'Job stats' table of a dry run, as {rule: count}."""
    counts = {}
    if "Job stats:" not in output:
        return counts
    table = output.split("Job stats:", 1)[1]
    for line in table.splitlines()[3:]:
        match = re.match(r"^(\w+)\s+(\d+)$", line.strip())
        if not match:
            break
        counts[match[1]] = int(match[2])
    return counts


def test_tiny_config_runs_end_to_end(tiny_run):
    workdir, seconds = tiny_run
    print(f"tiny workflow: {seconds:.1f} s with --cores 2")
    results = workdir / "results"
    for strategy, seed in SEARCHES:
        folder = results / "searches" / "tiny" / "rf" / strategy / f"seed{seed}"
        table = pd.read_csv(folder / "trials.csv")
        best = json.loads((folder / "best.json").read_text())
        expected = 4 if strategy in ("grid", "random", "gp") else 6
        assert len(table) == expected == best["n_trials"]
        complete = table[table["state"] == "complete"]
        assert best["best_cv_score"] == complete["mean_score"].max()
        assert best["fits_used"] == table["folds_fitted"].sum()
        assert 0 <= best["test_score"] <= 1
        timings = pd.read_csv(folder / "timings.csv")
        assert list(timings["trial"]) == list(table["trial"]) and (timings["seconds"] >= 0).all()
        usage = json.loads((folder / "job_timings.json").read_text())
        assert 0 < usage["fits_cpu_seconds"] <= usage["search_cpu_seconds"] <= usage["cpu_seconds"]
    comparison = pd.read_csv(results / "compare" / "tiny" / "rf" / "comparison.csv")
    assert len(comparison) == len(SEARCHES)
    markdown = (results / "compare" / "tiny" / "rf" / "comparison.md").read_text()
    assert "| Optuna+Pruning | 6 |" in markdown
    figures = [
        "figures/tiny/rf/methods.png",
        "figures/tiny/rf/seed1/search_pattern.png",
        "figures/tiny/rf/tpe/seed2/history.png",
        "figures/tiny/rf/tpe_pruned/seed1/importance.png",
        "figures/tiny/rf/tpe/seed1/contour.png",
        "figures/notebook/demos/polynomial.png",
        "figures/notebook/runs/rf-n-estimators-sweep.png",
    ]
    for figure in figures:
        assert (results / figure).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", figure
    parity = (results / "notebook_parity.md").read_text()
    assert "| 1b | Grid Search: best CV | 0.9338 |" in parity
    assert "| 0b | Polynomial degree | Best degree: 4 (CV error = 2.238) | Best degree: 4 (CV error = 2.238) | match |" in parity


def test_results_are_byte_identical_across_runs_and_core_counts(tiny_run, tmp_path):
    first, _ = tiny_run
    reference = result_tables(first)
    assert len(reference) > 20
    for cores in ("2", "1"):
        workdir = tmp_path / f"cores{cores}"
        run_snakemake(workdir, "--cores", cores)
        tables = result_tables(workdir)
        assert tables.keys() == reference.keys()
        differing = [name for name in reference if tables[name] != reference[name]]
        assert not differing, f"--cores {cores} differs in {differing}"


def test_a_second_run_does_nothing(tiny_run):
    workdir, _ = tiny_run
    result, seconds = run_snakemake(workdir, "--cores", "2")
    print(f"no-op rerun: {seconds:.2f} s")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_changing_one_budget_reruns_only_that_search_and_its_dependents(tiny_run, tmp_path):
    workdir, _ = tiny_run
    config = load_tiny()
    config["strategies"]["tpe"]["n_trials"] = 7
    changed = write_config(tmp_path / "changed.yaml", config)
    result, _ = run_snakemake(workdir, "--cores", "2", "-n", config=changed)
    counts = job_counts(result.stdout + result.stderr)
    # tpe for both seeds, their figures, the comparison, the parity table and the tracking
    # export (it reads every tracked job's run): nothing else
    assert counts == {"search": 2, "optuna_figures": 2, "compare": 1, "parity": 1,
                      "export_tracking": 1, "all": 1, "total": 8}
    assert "tpe_pruned" not in "".join(
        line for line in result.stdout.splitlines() if line.strip().startswith("output:")
    )


def test_changing_one_notebook_run_reruns_that_run_alone(tiny_run, tmp_path):
    workdir, _ = tiny_run
    config = load_tiny()
    config["notebook_runs"]["runs"]["gb-tuned"]["grid"]["n_estimators"] = [5, 20]
    changed = write_config(tmp_path / "changed.yaml", config)
    result, _ = run_snakemake(workdir, "--cores", "2", "-n", config=changed)
    counts = job_counts(result.stdout + result.stderr)
    assert counts == {"notebook_run": 1, "export_tracking": 1, "all": 1, "total": 3}
    assert "results/notebook/runs/gb-tuned.json" in result.stdout


def test_changing_a_library_module_reruns_the_rules_that_import_it(tiny_run):
    workdir, _ = tiny_run
    figures = REPO / "scripts" / "tunelab" / "figures.py"
    source, before = figures.read_bytes(), figures.stat()
    try:
        # an edit: Snakemake compares checksums, so a touch alone would not count
        figures.write_bytes(source + b"\n")
        result, _ = run_snakemake(workdir, "--cores", "1", "-n")
    finally:
        figures.write_bytes(source)
        os.utime(figures, ns=(before.st_atime_ns, before.st_mtime_ns))
    counts = job_counts(result.stdout + result.stderr)
    assert counts.get("search", 0) == 0 and counts.get("data", 0) == 0
    assert counts["compare"] == 1 and counts["optuna_figures"] == 4 and counts["search_pattern"] == 2
    assert counts["demo"] == 3 and counts["sweep_figure"] == 1


def test_lint_and_format_are_clean():
    lint = subprocess.run([SNAKEMAKE, "--lint", "-s", str(REPO / "Snakefile"), "--directory", str(REPO)],
                          capture_output=True, text=True, timeout=300)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    snakefmt = str(Path(SNAKEMAKE).with_name("snakefmt"))
    fmt = subprocess.run([snakefmt, "--check", "."], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_report_holds_every_figure_with_its_caption(tiny_run):
    workdir, _ = tiny_run
    report = workdir / "report.html"
    run_snakemake(workdir, "--report", str(report))
    html = report.read_text()
    for caption in ("random search covers the space", "fANOVA", "Active learning samples",
                    "number of trees grows", "labelled with the number of evaluations"):
        assert caption in html, caption
