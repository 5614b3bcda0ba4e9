"""Part 5 (nested CV, DIY AutoML): the notebook's cells against the workflow's jobs, one run.

(a) In this process, the notebook's cells (``notebook_cells.py``): the data, then Part 5's
nested CV and DIY AutoML, each timed (wall and CPU seconds, n_jobs=-1 as the notebook has it).
(b) In a fresh copy of the repository, ``snakemake --cores N`` on the default config's
Part 5 targets only (the nested-CV comparison and the AutoML leaderboard), from scratch: the
data job, the six nested-CV jobs and their aggregates, the six family searches and the
leaderboard. In the full default run the random forest's grid search is Part 1's job, so its
own wall is printed apart.

    .venv/bin/python bench/part5.py --cores 2
"""

from __future__ import annotations

import argparse
import csv
import importlib
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from notebook_vs_workflow import copy_repo, progress, run_snakemake, timed  # noqa: E402

TARGETS = ["results/nested/comparison.csv", "results/automl/leaderboard.csv"]
RF_GRID = "results/benchmarks/search/classification/rf/grid/seed42.tsv"


def run_notebook(quick: bool) -> dict:
    cells = importlib.import_module("notebook_cells")
    kernel = cells.NotebookKernel(cells.QUICK if quick else cells.NOTEBOOK)
    kernel.part0_data()
    sections = {}
    for name, method in (("nested CV", "part5_nested"), ("DIY AutoML", "part5_automl")):
        summary, sections[name] = timed(getattr(kernel, method))
        progress(f"notebook: {name} in {sections[name]['wall']:.1f} s: {summary}")
    return sections


def run_workflow(repo: Path, snakemake: str, cores: int) -> dict:
    workdir = copy_repo(repo)
    command = [snakemake, "--cores", str(cores), *TARGETS]
    progress(f"workflow: {' '.join(command)} in {workdir} ...")
    wall, cpu, returncode = run_snakemake(command, workdir)
    if returncode != 0:
        sys.exit(f"snakemake failed ({returncode}); see {workdir}/snakemake.log")
    with open(workdir / RF_GRID) as handle:
        rf_grid = float(next(csv.DictReader(handle, delimiter="\t"))["s"])
    shutil.rmtree(workdir.parent)
    return {"wall": wall, "cpu": cpu, "rf_grid_wall": rf_grid}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="smoke test of the notebook side")
    parser.add_argument("--snakemake", default=str(Path(sys.executable).with_name("snakemake")))
    args = parser.parse_args()
    notebook = run_notebook(args.quick)
    workflow = run_workflow(BENCH.parent, args.snakemake, args.cores)
    total = {key: sum(section[key] for section in notebook.values()) for key in ("wall", "cpu")}
    print(f"\nPart 5 on {args.cores} cores")
    for name, times in notebook.items():
        print(f"  notebook {name:12s} wall {times['wall']:7.1f} s   cpu {times['cpu']:7.1f} s")
    print(f"  notebook {'both':12s} wall {total['wall']:7.1f} s   cpu {total['cpu']:7.1f} s")
    print(f"  workflow {'both':12s} wall {workflow['wall']:7.1f} s   cpu {workflow['cpu']:7.1f} s"
          f"   (of which the random forest's grid search, Part 1's job in a full run: "
          f"{workflow['rf_grid_wall']:.1f} s wall)")
    print(f"  ratio workflow / notebook wall: {workflow['wall'] / total['wall']:.2f}")


if __name__ == "__main__":
    main()
