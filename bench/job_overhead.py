"""What a search job spends outside its trials, phase by phase, in fresh interpreters.

Each phase of ``scripts/search.py`` that is not a trial, timed in its own new Python process
(so every import is cold, as in a job), repeated ``--repeats`` times; the median CPU and wall
seconds of each:

  interpreter     ``python -c pass``
  imports         the search script's imports (numpy, scikit-learn, pandas, the library)
  data            reading the notebook's train/test split from CSV
  tracking        trackio imported, one run started, one step per trial logged, finished
  refit           the best params refitted on the training set and scored on the test set
                  (the default config's pruned-TPE best: 385 trees)
  writing         the trial table, timings and best.json

With ``--warm`` every phase runs as a job does with the warm worker (tunelab.worker): a
client process hands a script to the worker, which forks and runs it. ``interpreter`` is then
a job with nothing to do (the client's start-up and hand-over, the fork), and each phase's CPU
is what the fork spent; the worker's own imports, paid once per run, are left out (a first,
untimed job starts it).

CPU seconds are the honest measure on a busy machine; wall is printed beside them.
Usage: python bench/job_overhead.py [--repeats 3] [--trials 100] [--warm]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SETUP = f"""
import json, os, sys, tempfile, time
sys.path.insert(0, {str(REPO / "scripts")!r})
start_cpu, start_wall = time.process_time(), time.perf_counter()
"""
PHASES = {
    "interpreter": "",
    "imports": """
from tunelab import datasets, trial_cache, trials
from tunelab.search import FoldScorer, Listener, SearchJob, held_out_score, run_search
""",
    "data": """
from tunelab import datasets
start_cpu, start_wall = time.process_time(), time.perf_counter()
datasets.read_split(os.environ["TRAIN"], os.environ["TEST"])
""",
    "tracking": """
from tunelab.tracking import track_job
config = {"project": "bench", "tracking": {"enabled": True, "directory": tempfile.mkdtemp()}}
with track_job(config, "run", "bench", {"kind": "search"}, {}, lambda line: None) as tracker:
    for step in range(int(os.environ["TRIALS"])):
        tracker.log_step({"cv_score": 0.9, "best_cv_score": 0.9}, step)
    tracker.log_summary({"best_cv_score": 0.9})
""",
    "refit": """
from tunelab import datasets
from tunelab.search import SearchJob, held_out_score
data = datasets.read_split(os.environ["TRAIN"], os.environ["TEST"])
job = SearchJob("tpe_pruned", {"estimator": "RandomForestClassifier"}, {}, {}, 5, True,
                "accuracy", 42)
params = {"n_estimators": 385, "max_depth": 21, "min_samples_leaf": 1,
          "max_features": 0.9703214532766801}
start_cpu, start_wall = time.process_time(), time.perf_counter()
held_out_score(job, params, data.X_train, data.y_train, data.X_test, data.y_test)
""",
    "writing": """
from tunelab import trials
start_cpu, start_wall = time.process_time(), time.perf_counter()
found = [trials.Trial(n, {"n_estimators": 100 + n}, [0.9] * 5, seconds=1.0)
         for n in range(int(os.environ["TRIALS"]))]
out = tempfile.mkdtemp()
trials.write_table(trials.trial_frame(found, 5), out + "/trials.csv")
trials.write_table(trials.timing_frame(found), out + "/timings.csv")
table = trials.read_trials(out + "/trials.csv")
trials.write_json(trials.search_summary(table, 0.9, {"seed": 42}), out + "/best.json")
""",
}
REPORT = """
print(json.dumps({"cpu": time.process_time() - start_cpu, "wall": time.perf_counter() - start_wall}))
"""
# A job with nothing to do, in the warm worker: everything its fork spent.
EMPTY_JOB = """
import json, time
print(json.dumps({"cpu": time.process_time(), "wall": 0.0}))
"""
CLIENT = "import sys; from tunelab.worker import run_job; sys.exit(run_job(sys.argv[1:], 60))"


def time_phase(name: str, env: dict[str, str], warm: bool) -> dict[str, float]:
    """CPU and wall seconds of one phase; the interpreter's own start-up is timed from outside."""
    if warm:
        return time_warm_phase(name, env)
    if name == "interpreter":
        before = _children_cpu()
        wall = _wall(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
        return {"cpu": _children_cpu() - before, "wall": wall}
    code = SETUP + PHASES[name] + REPORT
    result = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def time_warm_phase(name: str, env: dict[str, str]) -> dict[str, float]:
    """One phase as a job in the warm worker; for ``interpreter``, the whole empty job."""
    script = Path(env["WORK"]) / f"{name}.py"
    script.write_text(EMPTY_JOB if name == "interpreter" else SETUP + PHASES[name] + REPORT)
    before = _children_cpu()
    outcome = {}

    def run() -> None:
        result = subprocess.run([sys.executable, "-c", CLIENT, str(script)], env=env,
                                check=True, capture_output=True, text=True)
        outcome.update(json.loads(result.stdout.strip().splitlines()[-1]))

    wall = _wall(run)
    if name != "interpreter":
        return outcome
    return {"cpu": outcome["cpu"] + _children_cpu() - before, "wall": wall}


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(action) -> float:
    import time

    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def notebook_split(directory: Path) -> dict[str, str]:
    """The default config's classification split, written as the data rule writes it."""
    import yaml

    sys.path.insert(0, str(REPO / "scripts"))
    from tunelab import datasets

    spec = yaml.safe_load((REPO / "config" / "config.yaml").read_text())["datasets"]["classification"]
    X, y = datasets.load_xy(spec)
    data = datasets.split(X, y, spec["test_size"], spec["split_seed"])
    paths = {"TRAIN": str(directory / "train.csv"), "TEST": str(directory / "test.csv")}
    datasets.write_part(paths["TRAIN"], data.X_train, data.y_train)
    datasets.write_part(paths["TEST"], data.X_test, data.y_test)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--trials", type=int, default=100, help="tracked steps and table rows")
    parser.add_argument("--warm", action="store_true", help="each phase as a job in the warm worker")
    args = parser.parse_args()
    import os

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, **notebook_split(Path(tmp)), "TRIALS": str(args.trials),
               "WORK": tmp, "PYTHONPATH": str(REPO / "scripts")}
        if args.warm:
            time_phase("interpreter", env, warm=True)  # starts the worker: its imports untimed
        medians = {}
        for name in PHASES:
            runs = [time_phase(name, env, args.warm) for _ in range(args.repeats)]
            medians[name] = {key: statistics.median(run[key] for run in runs) for key in ("cpu", "wall")}
            print(f"{name:12s} cpu {medians[name]['cpu']:6.2f} s   wall {medians[name]['wall']:6.2f} s",
                  flush=True)
    total = {key: sum(phase[key] for phase in medians.values()) for key in ("cpu", "wall")}
    print(f"{'total':12s} cpu {total['cpu']:6.2f} s   wall {total['wall']:6.2f} s")


if __name__ == "__main__":
    main()
