"""What the trial cache saves: a killed search's rerun, and a raised budget.

On the notebook's data with the default config's pruned-TPE settings (5 shuffled folds,
MedianPruner(10, 2), notebook-era TPE, seed 42), in this process, timing only the search:

  full N          cold cache, N trials                       (the uninterrupted search)
  resumed N       N/2 trials cached (the run killed half way), then N trials: the rerun
  raised 1.5 N    the full run's cache, then 1.5 N trials   (n_trials raised by half)
  fresh 1.5 N     no cache, 1.5 N trials                     (what the raise would cost without it)

and checks that every run's trial table equals the uncached one. The issue's targets:
resumed / full <= 0.6 and raised / fresh <= 0.6. Each ratio divides two runs made minutes
apart, and this shared machine's speed changes between runs by a third; so the full and the
fresh run also print the share of their own trial seconds that the rerun and the raise
fit (the later trials), a price at one run's speed. Usage: python bench/resume.py [--trials N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from tunelab import datasets, trials  # noqa: E402
from tunelab.config import search_settings  # noqa: E402
from tunelab.search import FoldScorer, Listener, SearchJob, run_search  # noqa: E402
from tunelab.trial_cache import TrialCache  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def notebook_search(n_trials: int) -> tuple[SearchJob, datasets.Split]:
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    config["strategies"]["tpe_pruned"]["n_trials"] = n_trials
    settings = search_settings(config, "classification", "rf", "tpe_pruned")
    spec = config["datasets"]["classification"]
    X, y = datasets.load_xy(spec)
    return SearchJob.from_settings(settings, seed=42, threads=1), datasets.split(
        X, y, spec["test_size"], spec["split_seed"])


def timed_search(n_trials: int, cache_dir: Path | None):
    job, data = notebook_search(n_trials)
    folds = FoldScorer(job, data.X_train, data.y_train, TrialCache(cache_dir))
    start = time.perf_counter()
    found = run_search(folds, Listener(lambda message: None))
    return time.perf_counter() - start, trials.trial_frame(found, job.folds), folds, found


def share_after(found: list, first: int) -> float:
    """The share of a run's trial seconds spent on its trials from number ``first`` on: what
    a rerun that replays the trials before ``first`` fits, priced at one run's speed (the
    machine's speed changes between runs by more than the difference measured)."""
    return sum(t.seconds for t in found if t.number >= first) / sum(t.seconds for t in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    n = parser.parse_args().trials
    half, raised = n // 2, n + n // 2
    with tempfile.TemporaryDirectory() as tmp:
        full_cache, killed_cache = Path(tmp) / "full", Path(tmp) / "killed"
        full, full_table, _, full_found = timed_search(n, full_cache)
        print(f"full {n}: {full:.1f} s (trials {half + 1}-{n}: {share_after(full_found, half):.2f} of its "
              "trial seconds)", flush=True)
        timed_search(half, killed_cache)
        resumed, resumed_table, resumed_folds, _ = timed_search(n, killed_cache)
        print(f"resumed {n} ({resumed_folds.trials_from_cache} trials from the cache): {resumed:.1f} s", flush=True)
        raise_wall, raised_table, raised_folds, _ = timed_search(raised, full_cache)
        print(f"raised to {raised} ({raised_folds.trials_from_cache} trials from the cache): {raise_wall:.1f} s", flush=True)
        fresh, fresh_table, _, fresh_found = timed_search(raised, None)
        print(f"fresh {raised}, no cache: {fresh:.1f} s (trials {n + 1}-{raised}: "
              f"{share_after(fresh_found, n):.2f} of its trial seconds)", flush=True)
    assert resumed_table.equals(full_table) and raised_table.equals(fresh_table)
    print("every table equals the uncached run's")
    print(f"resumed / full   = {resumed / full:.2f}   (target <= 0.60)")
    print(f"raised / fresh   = {raise_wall / fresh:.2f}   (target <= 0.60)")


if __name__ == "__main__":
    main()
