"""Notebook vs workflow: how long the default workflow takes next to the notebook it replaces.

What it measures, on one machine, in one run:

(a) The notebook: its computations (``notebook_cells.py``: exactly what the workflow's default
    config computes, no figures, no Trackio; its network cells on one torch thread, as the
    workflow's network jobs) run in this one Python process, as a kernel would run them.
    Each section is timed for wall (``time.perf_counter``) and CPU (``resource.getrusage``:
    this process plus its reaped children; joblib's worker pool is shut down at the end of
    each section so that its workers are reaped and counted). The nested-loop grid of Part 1a
    is an extra (``--with-manual-grid``), reported apart.
(b) The workflow: a copy of the repository in a temporary folder, ``snakemake --cores N``
    from scratch, tracking and the warm worker on as configured. Wall is the snakemake
    command's; CPU of "all processes" is the ``getrusage(RUSAGE_CHILDREN)`` delta around it
    (Snakemake itself, every job and the jobs' own children, and the warm worker with its
    forks: this process adopts the worker as a subreaper and stops it after the run, so its
    imports and every fork are counted). A job's CPU is what its process measured of itself
    (``getrusage``), the last line of its log: exact, where Snakemake's ``benchmark:`` would
    see only the client process waiting for its fork in the warm worker.

How to read the output:

- "Totals": both walls and ``workflow / notebook``; below 1 the workflow is faster.
- "Searches": each search job against the notebook section doing the same search
  (grid = 1b, random = 1c, gp = 2b, tpe = 2c, tpe_pruned = 2d); the CPU ratio near 1 means
  the same work, above 1 the workflow's extra work (refit and held-out score of the best,
  tracking, process start-up and imports).
- "Network jobs": each network job (summed per notebook section: ``nn_lr`` is one job per lr)
  against the section computing the same (8c, 8d, 7, 6); a job's note says what it does
  beyond the section. The workflow's extras, with no notebook counterpart (the Optuna study
  choosing on a validation split, the chosen network retrained per seed, figure jobs), are
  marked "extra"; they are in the workflow's total, not the notebook's.
- "Core utilisation": CPU seconds / (wall x cores). Low means cores idle (waiting on a long
  job at the end of the DAG, or Snakemake's own scheduling).
- "Per-job overhead": a search job's wall (Snakemake's benchmark) minus the seconds of its
  trials (``timings.csv``): start-up, connecting to the worker or importing, data reading, the
  refit of the best, tracking, writing. For grid and
  random a trial's seconds are its folds' fit and score times summed, folds running in
  parallel, so their overhead can come out negative.

Caveats: a job's own CPU leaves out its client process (about 0.1 s) and, in the warm
worker, the imports the worker paid once for every fork (they are in the total).
``--quick`` shrinks every budget to check the script itself; its numbers mean nothing.

    .venv/bin/python bench/notebook_vs_workflow.py --cores 2 --json bench.json
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DEFAULT_REPO = BENCH.parent
sys.path.insert(0, str(DEFAULT_REPO / "scripts"))
DEFAULT_CONFIG = "config/config.yaml"
QUICK_CONFIG = "tests/data/tiny.yaml"
TOP_LEVEL_SKIPPED = {".venv", ".git", "results", ".snakemake"}
STARTED = time.perf_counter()

# The notebook section that runs the same search as each workflow strategy.
SECTION_OF_STRATEGY = {
    "grid": "1b grid (GridSearchCV)",
    "random": "1c random (RandomizedSearchCV)",
    "gp": "2b GP-BO (bayes_opt)",
    "tpe": "2c TPE (Optuna)",
    "tpe_pruned": "2d TPE + MedianPruner",
}
# Strategies whose trial seconds are fold seconds summed (folds run in parallel).
FOLD_SUMMED = {"grid", "random"}
# Network jobs (rules/nn.smk) by benchmark file (a glob under results/benchmarks): the notebook
# section computing the same, None for a workflow extra, and what the job does beyond it.
NN_JOBS = [
    ("nn_train.tsv", "8c NN training", "also draws the training curves"),
    ("nn_lr/lr*.tsv", "8d lr sweep", "one job per lr"),
    ("nn_reproducibility.tsv", "7 reproducibility demo", "also trains 8c's network twice"),
    ("rf_seeds.tsv", "7 multi-seed RF", "also draws its figure"),
    ("nn_optuna/test.tsv", "6 Optuna NN", "chooses on test as the notebook; seeded first"),
    ("nn_optuna/validation.tsv", None, "the study choosing on a validation split"),
    ("nn_seed/seed*.tsv", None, "the chosen network retrained, one job per seed"),
    ("nn_seeds.tsv", None, "the per-seed summary and its figure"),
    ("nn_lr_figure.tsv", None, "figure"),
    ("nn_optuna_figure/*.tsv", None, "figure, one job per study"),
]


def progress(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:8.1f} s] {message}", flush=True)


# ---- CPU and wall -------------------------------------------------------------------------


def cpu_seconds() -> tuple[float, float]:
    """(this process, its reaped children): user + system CPU seconds so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def release_joblib_workers() -> None:
    """Shut joblib's reusable worker pool down so its workers are reaped: getrusage counts a
    child's CPU only once it has been waited for. The next parallel call starts a new pool."""
    executor_module = sys.modules.get("joblib.externals.loky.reusable_executor")
    executor = getattr(executor_module, "_executor", None)
    if executor is not None:
        executor.shutdown(wait=True)


def timed(function):
    """Run ``function()``; return its result and {wall, cpu, cpu_self, cpu_children}."""
    own_before, children_before = cpu_seconds()
    start = time.perf_counter()
    result = function()
    release_joblib_workers()
    wall = time.perf_counter() - start
    own_after, children_after = cpu_seconds()
    own, children = own_after - own_before, children_after - children_before
    return result, {"wall": wall, "cpu": own + children, "cpu_self": own, "cpu_children": children}


def adopt_orphans() -> None:
    """Become the parent of this process's orphaned descendants (Linux's
    PR_SET_CHILD_SUBREAPER), so that the warm worker, started by a job and outliving it, is
    waited for here and its CPU counted."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)


def stop_adopted_workers() -> int:
    """SIGTERM this process's adopted warm workers (idle, they leave at once) and wait for
    them; how many there were. Other children (joblib's resource tracker) are left alone."""
    workers = [int(proc.name) for proc in Path("/proc").iterdir()
               if proc.name.isdigit() and parent_pid(proc) == os.getpid() and is_worker(proc)]
    for pid in workers:
        os.kill(pid, 15)
    for pid in workers:
        os.waitpid(pid, 0)
    return len(workers)


def is_worker(proc: Path) -> bool:
    try:
        command = (proc / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(part.endswith(b"worker.py") for part in command) and b"serve" in command


def parent_pid(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def uncounted_child_cpu() -> tuple[int, float]:
    """Still-running children (helpers such as resource trackers): count, CPU seconds."""
    try:
        import psutil
    except ImportError:
        return 0, 0.0
    children = psutil.Process().children(recursive=True)
    return len(children), sum(sum(child.cpu_times()[:2]) for child in children)


# ---- (a) the notebook, in this process ----------------------------------------------------


def notebook_plan(cells, with_manual_grid: bool) -> list[tuple[str, str]]:
    """(section, method) in notebook order; Part 1a, if asked for, goes before 1b."""
    plan = list(cells.SECTIONS)
    if with_manual_grid:
        plan.insert(
            [name for name, _ in plan].index(SECTION_OF_STRATEGY["grid"]), cells.MANUAL_GRID
        )
    return plan


def run_notebook(quick: bool, with_manual_grid: bool) -> dict:
    """Every notebook section's times; Part 0's imports are a section of their own."""
    sys.path.insert(0, str(BENCH))
    sections, summaries = {}, {}
    progress("notebook: 0 imports ...")
    cells, sections["0 imports"] = timed(lambda: importlib.import_module("notebook_cells"))
    progress(f"notebook: 0 imports done in {sections['0 imports']['wall']:.1f} s")
    mapped = set(SECTION_OF_STRATEGY.values()) | {section for _, section, _ in NN_JOBS if section}
    assert mapped <= {name for name, _ in cells.SECTIONS}
    kernel = cells.NotebookKernel(cells.QUICK if quick else cells.NOTEBOOK)
    for name, method in notebook_plan(cells, with_manual_grid):
        progress(f"notebook: {name} ...")
        summaries[name], sections[name] = timed(getattr(kernel, method))
        progress(f"notebook: {name} done in {sections[name]['wall']:.1f} s: {summaries[name]}")
    extras = {name: sections.pop(name) for name in [cells.MANUAL_GRID[0]] if name in sections}
    helpers, helper_cpu = uncounted_child_cpu()
    return {
        "sections": sections,
        "extras": extras,
        "summaries": summaries,
        "total": {key: sum(t[key] for t in sections.values()) for key in ("wall", "cpu")},
        "uncounted_helpers": {"processes": helpers, "cpu": helper_cpu},
    }


# ---- (b) the workflow, from scratch in a copy ---------------------------------------------


def copy_ignorer(root: Path):
    """shutil.copytree's ignore: the top-level .venv, .git, results, .snakemake; __pycache__."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        top_level = Path(folder) == root
        return {n for n in names if n == "__pycache__" or (top_level and n in TOP_LEVEL_SKIPPED)}

    return ignore


def copy_repo(repo: Path) -> Path:
    """A copy of the repository, without what a fresh checkout lacks, in a temp dir."""
    workdir = Path(tempfile.mkdtemp(prefix="tunelab-bench-")) / "repo"
    shutil.copytree(repo, workdir, ignore=copy_ignorer(repo))
    return workdir


def resolve_config(config: str, repo: Path) -> Path:
    """A config path as given, else relative to the current folder, else to the repository."""
    path = Path(config)
    if path.is_absolute() or path.exists():
        return path.resolve()
    return (repo / path).resolve()


def run_snakemake(command: list[str], workdir: Path) -> tuple[float, float, int]:
    """Run Snakemake as a child; its output goes to workdir/snakemake.log, step counts to the
    console. Returns wall seconds, CPU seconds of the whole process tree, exit code."""
    step = re.compile(r"^\d+ of \d+ steps")
    adopt_orphans()
    stop_adopted_workers()  # one from an earlier run in this process
    _, children_before = cpu_seconds()
    start = time.perf_counter()
    with open(workdir / "snakemake.log", "w") as log:
        child = subprocess.Popen(
            command,
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        for line in child.stdout:
            log.write(line)
            if step.match(line.strip()):
                progress(f"workflow: {line.strip()}")
        returncode = child.wait()
    wall = time.perf_counter() - start
    stopped = stop_adopted_workers()
    if stopped:
        progress(f"workflow: stopped {stopped} warm worker(s) to count their CPU")
    _, children_after = cpu_seconds()
    return wall, children_after - children_before, returncode


def read_benchmark(path: Path) -> dict:
    """The one row of a Snakemake ``benchmark:`` file."""
    with open(path) as handle:
        return next(csv.DictReader(handle, delimiter="\t"))


def job_cpu(results: Path, benchmark: Path) -> float | None:
    """A job's CPU seconds as its process measured them (its log's last line; None if missing)."""
    from tunelab.runlog import read_done_line

    log = results / "logs" / benchmark.relative_to(results / "benchmarks").with_suffix(".log")
    usage = read_done_line(log) if log.exists() else None
    return None if usage is None else usage["cpu_seconds"]


def read_search_jobs(results: Path) -> list[dict]:
    """One row per search job: its wall (benchmark), its own CPU and its trials' seconds."""
    jobs = []
    for bench in sorted((results / "benchmarks" / "search").glob("*/*/*/seed*.tsv")):
        dataset, model, strategy = bench.parts[-4:-1]
        seed = bench.stem.removeprefix("seed")
        row = read_benchmark(bench)
        timings = results / "searches" / dataset / model / strategy / f"seed{seed}" / "timings.csv"
        with open(timings) as handle:
            trial_seconds = sum(float(r["seconds"]) for r in csv.DictReader(handle))
        jobs.append(
            {
                "job": f"{dataset}/{model}/{strategy}/seed{seed}",
                "strategy": strategy,
                "wall": float(row["s"]),
                "cpu": job_cpu(results, bench),
                "trial_seconds": trial_seconds,
                "overhead": float(row["s"]) - trial_seconds,
            }
        )
    return jobs


def read_nn_jobs(results: Path) -> list[dict]:
    """One row per entry of NN_JOBS that ran: its jobs' count, wall and CPU summed (CPU None
    when Snakemake sampled none of them)."""
    rows = []
    for pattern, section, note in NN_JOBS:
        benches = sorted((results / "benchmarks").glob(pattern))
        if not benches:
            continue
        found = [read_benchmark(bench) for bench in benches]
        cpu = [c for c in (job_cpu(results, bench) for bench in benches) if c is not None]
        rows.append(
            {
                "jobs": pattern.removesuffix(".tsv"),
                "count": len(found),
                "section": section,
                "note": note,
                "wall": sum(float(row["s"]) for row in found),
                "cpu": sum(cpu) if cpu else None,
            }
        )
    return rows


def run_workflow(repo: Path, snakemake: str, cores: int, config: Path | None, keep: bool) -> dict:
    workdir = copy_repo(repo)
    command = [snakemake, "--cores", str(cores)]
    if config is not None:
        command += ["--configfile", str(config)]
    progress(f"workflow: {' '.join(command)} in {workdir} ...")
    wall, cpu_all, returncode = run_snakemake(command, workdir)
    if returncode != 0:
        tail = (workdir / "snakemake.log").read_text().splitlines()[-40:]
        print("\n".join(tail), file=sys.stderr)
        sys.exit(f"snakemake failed ({returncode}); its log and the copy are in {workdir}")
    progress(f"workflow: done in {wall:.1f} s")
    jobs = read_search_jobs(workdir / "results")
    nn_jobs = read_nn_jobs(workdir / "results")
    if keep:
        progress(f"workflow: copy kept in {workdir}")
    else:
        shutil.rmtree(workdir.parent)
    search_cpu = [job["cpu"] for job in jobs if job["cpu"] is not None]
    return {
        "command": command,
        "cores": cores,
        "wall": wall,
        "cpu_all_processes": cpu_all,
        "cpu_search_jobs": sum(search_cpu),
        "search_jobs_without_cpu": len(jobs) - len(search_cpu),
        "utilisation_all_processes": cpu_all / (wall * cores),
        "utilisation_search_jobs": sum(search_cpu) / (wall * cores),
        "search_jobs": jobs,
        "nn_jobs": nn_jobs,
        "overhead_median": statistics.median(j["overhead"] for j in jobs) if jobs else None,
    }


# ---- (c) the report -----------------------------------------------------------------------


def fmt(value, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def ratio(numerator, denominator) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def print_table(title: str, headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    line = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    print(f"\n{title}")
    print(line.format(*headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))


def print_notebook(notebook: dict) -> None:
    rows = [
        [name, fmt(t["wall"]), fmt(t["cpu"]), fmt(ratio(t["cpu"], t["wall"]), ".2f")]
        for name, t in notebook["sections"].items()
    ]
    total = notebook["total"]
    rows.append(
        [
            "total",
            fmt(total["wall"]),
            fmt(total["cpu"]),
            fmt(ratio(total["cpu"], total["wall"]), ".2f"),
        ]
    )
    rows += [
        [
            f"{name} (extra, not in total)",
            fmt(t["wall"]),
            fmt(t["cpu"]),
            fmt(ratio(t["cpu"], t["wall"]), ".2f"),
        ]
        for name, t in notebook["extras"].items()
    ]
    print_table(
        "Notebook, one process (n_jobs=-1 as written)",
        ["section", "wall s", "CPU s", "CPU/wall"],
        rows,
    )
    helpers = notebook["uncounted_helpers"]
    if helpers["processes"]:
        print(
            f"(not counted: {helpers['cpu']:.1f} CPU s in {helpers['processes']} "
            "still-running helper processes)"
        )


def print_totals(notebook: dict | None, workflow: dict | None) -> None:
    rows = []
    if notebook:
        rows.append(
            [
                "notebook (one process)",
                fmt(notebook["total"]["wall"]),
                fmt(notebook["total"]["cpu"]),
            ]
        )
    if workflow:
        rows.append(
            [
                f"workflow (--cores {workflow['cores']})",
                fmt(workflow["wall"]),
                fmt(workflow["cpu_all_processes"]),
            ]
        )
    if notebook and workflow:
        rows.append(
            [
                "workflow / notebook",
                fmt(ratio(workflow["wall"], notebook["total"]["wall"]), ".2f"),
                fmt(ratio(workflow["cpu_all_processes"], notebook["total"]["cpu"]), ".2f"),
            ]
        )
    print_table("Totals", ["", "wall s", "CPU s"], rows)


def print_searches(workflow: dict, notebook: dict | None) -> None:
    sections = notebook["sections"] if notebook else {}
    rows = []
    for job in workflow["search_jobs"]:
        section = SECTION_OF_STRATEGY.get(job["strategy"], "")
        same = sections.get(section, {})
        rows.append(
            [
                job["job"],
                fmt(job["wall"]),
                fmt(job["cpu"]),
                section.split(" ")[0],
                fmt(same.get("wall")),
                fmt(same.get("cpu")),
                fmt(ratio(job["cpu"], same.get("cpu")), ".2f"),
            ]
        )
    print_table(
        "Searches: workflow job vs the same search in the notebook",
        ["search job", "wall s", "CPU s", "notebook", "wall s", "CPU s", "CPU ratio"],
        rows,
    )
    print("(job CPU: the job process's own getrusage, from its log)")


def print_nn_jobs(workflow: dict, notebook: dict | None) -> None:
    sections = notebook["sections"] if notebook else {}
    rows = []
    for group in workflow["nn_jobs"]:
        same = sections.get(group["section"], {})
        rows.append(
            [
                group["jobs"],
                str(group["count"]),
                fmt(group["wall"]),
                fmt(group["cpu"]),
                group["section"] or "extra",
                fmt(same.get("wall")),
                fmt(same.get("cpu")),
                fmt(ratio(group["cpu"], same.get("cpu")), ".2f"),
                group["note"],
            ]
        )
    if not rows:
        print("\nNetwork jobs: none ran (the config has no nn section)")
        return
    print_table(
        "Network jobs (summed per notebook section) vs the notebook's network sections",
        ["jobs", "n", "wall s", "CPU s", "notebook", "wall s", "CPU s", "CPU ratio", "note"],
        rows,
    )
    extras = [group for group in workflow["nn_jobs"] if group["section"] is None]
    print(
        f"(extra: {sum(g['count'] for g in extras)} jobs the notebook does not run, "
        f"{fmt(sum(g['wall'] for g in extras))} s wall summed, in the workflow's total; "
        "job CPU: the job process's own getrusage, from its log)"
    )


def print_utilisation(workflow: dict) -> None:
    capacity = f"{workflow['wall']:.1f} s x {workflow['cores']} cores"
    rows = [
        [
            "all processes (getrusage)",
            fmt(workflow["cpu_all_processes"]),
            capacity,
            fmt(100 * workflow["utilisation_all_processes"], ".0f") + " %",
        ],
        [
            "search jobs only (their own)",
            fmt(workflow["cpu_search_jobs"]),
            capacity,
            fmt(100 * workflow["utilisation_search_jobs"], ".0f") + " %",
        ],
    ]
    print_table(
        "Core utilisation of the workflow run: CPU / (wall x cores)",
        ["", "CPU s", "wall x cores", "utilisation"],
        rows,
    )


def print_overhead(workflow: dict) -> None:
    rows = [
        [
            job["job"],
            fmt(job["wall"]),
            fmt(job["trial_seconds"]),
            fmt(job["overhead"]),
            "fold seconds summed" if job["strategy"] in FOLD_SUMMED else "",
        ]
        for job in workflow["search_jobs"]
    ]
    print_table(
        "Per-job overhead: job wall - sum of its trials' seconds",
        ["search job", "wall s", "trials s", "overhead s", "note"],
        rows,
    )
    print(f"median overhead over {len(rows)} jobs: {fmt(workflow['overhead_median'])} s")


def print_report(results: dict) -> None:
    banner = "QUICK MODE: a smoke test of this script; these numbers are NOT the benchmark"
    if results["quick"]:
        print(f"\n{'=' * len(banner)}\n{banner}\n{'=' * len(banner)}")
    machine = results["machine"]
    print(
        f"\nmachine: {machine['cpu_count']} CPUs ({machine['usable_cpus']} usable), "
        f"Python {machine['python']}"
    )
    notebook, workflow = results.get("notebook"), results.get("workflow")
    if workflow:
        print(f"workflow: {' '.join(workflow['command'])}")
    if notebook:
        print_notebook(notebook)
    print_totals(notebook, workflow)
    if workflow:
        print_searches(workflow, notebook)
        print_nn_jobs(workflow, notebook)
        print_utilisation(workflow)
        print_overhead(workflow)
    if results["quick"]:
        print(f"\n{banner}")


# ---- command line -------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cores", type=int, default=2, help="snakemake --cores (default 2)")
    parser.add_argument("--skip-notebook", action="store_true", help="run the workflow only")
    parser.add_argument("--skip-workflow", action="store_true", help="run the notebook only")
    parser.add_argument(
        "--with-manual-grid",
        action="store_true",
        help="also time the notebook's nested-loop grid (Part 1a), apart",
    )
    parser.add_argument(
        "--config",
        help=f"workflow config (default {DEFAULT_CONFIG}); "
        "given, the run uses --configfile PATH",
    )
    parser.add_argument(
        "--repo",
        type=Path,
        default=DEFAULT_REPO,
        help="the repository to copy and run (default: the one holding bench/)",
    )
    parser.add_argument(
        "--snakemake",
        default=str(Path(sys.executable).with_name("snakemake")),
        help="snakemake executable (default: beside this Python)",
    )
    parser.add_argument("--json", type=Path, help="also write every number to this JSON file")
    parser.add_argument(
        "--keep-workdir",
        action="store_true",
        help="keep the workflow's copy (results, snakemake.log) afterwards",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test: a few trials per notebook part, workflow on "
        f"{QUICK_CONFIG}; never for reported numbers",
    )
    args = parser.parse_args(argv)
    if args.skip_notebook and args.skip_workflow:
        parser.error("--skip-notebook and --skip-workflow leave nothing to run")
    if args.quick and args.config is None:
        args.config = str(args.repo / QUICK_CONFIG)
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    repo = args.repo.resolve()
    results = {
        "quick": args.quick,
        "machine": {
            "cpu_count": os.cpu_count(),
            "usable_cpus": len(os.sched_getaffinity(0)),
            "python": sys.version.split()[0],
        },
    }
    progress("QUICK MODE (smoke test, numbers mean nothing)" if args.quick else "full run")
    if not args.skip_notebook:
        results["notebook"] = run_notebook(args.quick, args.with_manual_grid)
    if not args.skip_workflow:
        config = resolve_config(args.config, repo) if args.config else None
        results["workflow"] = run_workflow(
            repo, args.snakemake, args.cores, config, args.keep_workdir
        )
    if "notebook" in results and "workflow" in results:
        results["wall_ratio_workflow_over_notebook"] = ratio(
            results["workflow"]["wall"], results["notebook"]["total"]["wall"]
        )
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        progress(f"numbers written to {args.json}")


if __name__ == "__main__":
    main()
