"""How long Snakemake takes to plan a big config: N search jobs, dry-run from a copy of the repo.

Generates a config of datasets x models x strategies x seeds from tests/data/tiny.yaml's
sections (default 10 x 2 x 5 x 10 = 1,000 searches), copies the repository to a temp dir,
and times `snakemake -n --configfile <it>` there twice (the first run also checks the
config; the second finds the check's stamp). Usage: python bench/dry_run_scale.py [--seeds N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def big_config(n_datasets: int, n_seeds: int) -> dict:
    config = yaml.safe_load((REPO / "tests" / "data" / "tiny.yaml").read_text())
    base = config["datasets"]["tiny"]
    config["datasets"] = {
        f"set{index}": {**base, "options": {**base["options"], "random_state": index}}
        for index in range(n_datasets)
    }
    config["models"]["rf2"] = config["models"]["rf"]
    config["compare"] = {"models": ["rf", "rf2"]}
    config["seeds"] = list(range(n_seeds))
    for section in ("notebook_runs", "parity", "demos", "automl", "nested"):
        config.pop(section)
    return config


def timed_dry_run(checkout: Path, config: Path) -> tuple[float, dict[str, int]]:
    snakemake = str(Path(sys.executable).with_name("snakemake"))
    start = time.perf_counter()
    result = subprocess.run([snakemake, "-n", "--configfile", str(config)], cwd=checkout,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    table = result.stdout.split("Job stats:", 1)[1]
    return seconds, {rule: int(n) for rule, n in re.findall(r"^(\w+)\s+(\d+)$", table, re.M)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=10)
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        checkout = Path(tmp) / "tunelab"
        shutil.copytree(REPO, checkout, ignore=shutil.ignore_patterns(
            ".venv", ".git", "results", ".snakemake", "__pycache__"))
        config = checkout / "big.yaml"
        config.write_text(yaml.safe_dump(big_config(args.datasets, args.seeds)))
        first, counts = timed_dry_run(checkout, config)
        second, _ = timed_dry_run(checkout, config)
    print(f"{counts['search']} search jobs, {counts['total']} jobs in all")
    print(f"dry run: {first:.1f} s with the config check, {second:.1f} s once checked")


if __name__ == "__main__":
    main()
