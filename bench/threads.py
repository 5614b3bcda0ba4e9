"""How should a search job spend its threads? Measure, on the notebook's data and forests.

Runs the same work (random-forest trials from the notebook's TPE space, 5-fold CV on the
800 training rows) four ways and prints wall and CPU seconds:

  sequential      one process, folds one after another, one thread per fit (the default)
  trees x2        one process, RandomForest(n_jobs=2): the trees of each fit on 2 threads
  folds x2        one process, cross_validate(n_jobs=2): 2 folds at once (joblib workers)
  two jobs        two processes side by side, each sequential with half the trials
                  (what Snakemake does with --cores 2 and one thread per search)

Read "CPU / sequential CPU": above 1 means threads cost CPU that fits do not use; "wall"
is what a lone job gains. Usage: python bench/threads.py [--trials N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split


def notebook_data():
    X, y = make_classification(n_samples=1000, n_features=10, n_informative=5, n_redundant=2,
                               n_classes=2, random_state=42)
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)
    return X_train, y_train


def trial_params(n_trials: int, seed: int = 0) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [{"n_estimators": int(rng.integers(50, 501)), "max_depth": int(rng.integers(3, 31)),
             "min_samples_leaf": int(rng.integers(1, 21)), "max_features": float(rng.uniform(0.1, 1.0))}
            for _ in range(n_trials)]


def run_trials(params: list[dict], tree_threads: int, fold_jobs: int) -> None:
    X, y = notebook_data()
    for p in params:
        model = RandomForestClassifier(**p, random_state=42, n_jobs=tree_threads)
        cross_validate(model, X, y, cv=StratifiedKFold(5), n_jobs=fold_jobs)


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measured_in_child(params: list[dict], tree_threads: int, fold_jobs: int) -> subprocess.Popen:
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import threads; "
            "threads.run_trials(json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))")
    return subprocess.Popen([sys.executable, "-c", code, sys.path[0], json.dumps(params),
                             str(tree_threads), str(fold_jobs)])


def measure(label: str, batches: list[tuple[list[dict], int, int]]) -> dict:
    """Run the batches as processes side by side; wall and CPU of all of them."""
    cpu_before, start = cpu_seconds(), time.perf_counter()
    for process in [measured_in_child(*batch) for batch in batches]:
        process.wait()
    return {"way": label, "wall": time.perf_counter() - start, "cpu": cpu_seconds() - cpu_before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=12)
    args = parser.parse_args()
    params = trial_params(args.trials)
    half = len(params) // 2
    rows = [
        measure("sequential", [(params, 1, 1)]),
        measure("trees x2", [(params, 2, 1)]),
        measure("folds x2", [(params, 1, 2)]),
        measure("two jobs", [(params[:half], 1, 1), (params[half:], 1, 1)]),
    ]
    base = rows[0]
    print(f"{args.trials} random-forest trials x 5 folds on the notebook's 800 training rows")
    print(f"{'way':<12} {'wall s':>8} {'CPU s':>8} {'CPU / sequential CPU':>21} {'speed-up':>9}")
    for row in rows:
        print(f"{row['way']:<12} {row['wall']:>8.1f} {row['cpu']:>8.1f} "
              f"{row['cpu'] / base['cpu']:>21.2f} {base['wall'] / row['wall']:>9.2f}")


if __name__ == "__main__":
    main()
