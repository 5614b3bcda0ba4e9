"""The warm worker on and off, side by side in one run: wall and CPU of a workflow from scratch.

Runs ``snakemake --cores N`` on a copy of the repository with ``--config-file`` (default: the
tests' tiny config, 42 short jobs) and the given targets (default: everything), alternately
with ``worker.enabled`` true and false, ``--repeats`` times each, every run from scratch
(``results/`` removed, the trial cache with it). CPU is every
process's, the warm worker and its forks included (this process adopts the worker and stops
it after each run; see notebook_vs_workflow.py). Prints each run, then the median of each
mode and on/off.

    .venv/bin/python bench/warm_worker.py                      # tiny config, ~4 min
    .venv/bin/python bench/warm_worker.py --config config/config.yaml nn_train nn_seeds
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_vs_workflow import (  # noqa: E402
    DEFAULT_REPO,
    copy_repo,
    print_table,
    progress,
    resolve_config,
    run_snakemake,
)

MODES = {"on": True, "off": False}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="Snakemake targets (default: all)")
    parser.add_argument("--config-file", default="tests/data/tiny.yaml")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--snakemake", default=str(Path(sys.executable).with_name("snakemake")))
    args = parser.parse_args(argv)

    workdir = copy_repo(DEFAULT_REPO)
    config = resolve_config(args.config_file, DEFAULT_REPO)
    switches = {}
    for mode, enabled in MODES.items():
        switches[mode] = workdir / f"worker_{mode}.yaml"
        switches[mode].write_text(yaml.safe_dump({"worker": {"enabled": enabled}}))
    rows, measured = [], {mode: [] for mode in MODES}
    for repeat in range(1, args.repeats + 1):
        for mode in MODES:
            shutil.rmtree(workdir / "results", ignore_errors=True)
            command = [args.snakemake, "--cores", str(args.cores), "--configfile", str(config),
                       str(switches[mode]), *args.targets]
            progress(f"run {repeat}, worker {mode} ...")
            wall, cpu, returncode = run_snakemake(command, workdir)
            if returncode != 0:
                sys.exit(f"snakemake failed ({returncode}); see {workdir / 'snakemake.log'}")
            measured[mode].append((wall, cpu))
            rows.append([str(repeat), mode, f"{wall:.1f}", f"{cpu:.1f}"])
    shutil.rmtree(workdir.parent)

    print(f"\nsnakemake --cores {args.cores} --configfile {args.config_file} "
          f"{' '.join(args.targets) or '(all)'}, from scratch")
    print_table("Runs", ["run", "worker", "wall s", "CPU s (all processes)"], rows)
    medians = {mode: [statistics.median(run[i] for run in runs) for i in (0, 1)]
               for mode, runs in measured.items()}
    summary = [[mode, f"{wall:.1f}", f"{cpu:.1f}"] for mode, (wall, cpu) in medians.items()]
    summary.append(["on / off", f"{medians['on'][0] / medians['off'][0]:.2f}",
                    f"{medians['on'][1] / medians['off'][1]:.2f}"])
    print_table("Medians", ["worker", "wall s", "CPU s"], summary)


if __name__ == "__main__":
    main()
