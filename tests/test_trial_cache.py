"""The trial cache stores fold scores by what they depend on and never changes a result."""

import os
import subprocess
import sys
import textwrap

from conftest import REPO
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier

from tunelab import trial_cache, trials
from tunelab.search import FoldScorer, Listener, SearchJob, run_search
from tunelab.trial_cache import TrialCache, data_digest, digest, fold_key

X, y = make_classification(n_samples=90, n_features=4, n_informative=3, n_redundant=0, random_state=0)
SPACE = {"n_estimators": {"type": "int", "low": 3, "high": 8}, "max_depth": [2, None]}
TPE = {"n_trials": 6, "sampler": {"multivariate": False, "constant_liar": False}}


def key(index: int) -> str:
    return digest(f"key-{index}".encode())


def tpe_job(n_trials=6):
    return SearchJob(strategy="tpe", model={"estimator": "RandomForestClassifier"}, space=SPACE,
                     settings={**TPE, "n_trials": n_trials}, folds=3, shuffle=True,
                     scoring="accuracy", seed=3)


def search(cache, n_trials=6):
    folds = FoldScorer(tpe_job(n_trials), X, y, cache)
    found = run_search(folds, Listener(lambda message: None))
    return trials.trial_frame(found, 3), folds


def test_the_key_follows_data_split_estimator_and_scorer_but_not_threads():
    data = data_digest(X, y)
    train, test = list(range(60)), list(range(60, 90))
    base = fold_key(data, train, test, RandomForestClassifier(n_estimators=5, random_state=1), "accuracy")
    assert base == fold_key(data, train, test, RandomForestClassifier(n_estimators=5, random_state=1, n_jobs=4), "accuracy")
    others = [
        fold_key(data_digest(X[:, ::-1], y), train, test, RandomForestClassifier(n_estimators=5, random_state=1), "accuracy"),
        fold_key(data, train[1:], test, RandomForestClassifier(n_estimators=5, random_state=1), "accuracy"),
        fold_key(data, train, test, RandomForestClassifier(n_estimators=6, random_state=1), "accuracy"),
        fold_key(data, train, test, RandomForestClassifier(n_estimators=5, random_state=2), "accuracy"),
        fold_key(data, train, test, RandomForestClassifier(n_estimators=5, random_state=1), "f1"),
    ]
    assert base not in others and len(set(others)) == len(others)


def test_cold_warm_and_off_give_the_same_table(tmp_path):
    off, _ = search(TrialCache())
    cold, cold_folds = search(TrialCache(tmp_path))
    warm, warm_folds = search(TrialCache(tmp_path))
    assert off.equals(cold) and cold.equals(warm)
    assert cold_folds.cache.counts.computed > 0
    assert warm_folds.cache.counts.computed == 0
    assert warm_folds.trials_from_cache == 6


def test_a_raised_budget_fits_only_the_new_trials(tmp_path):
    search(TrialCache(tmp_path), n_trials=6)
    larger, folds = search(TrialCache(tmp_path), n_trials=9)
    fresh, _ = search(TrialCache(), n_trials=9)
    assert larger.equals(fresh)
    assert folds.trials_from_cache >= 6
    assert folds.cache.counts.computed <= 3 * 3


def test_an_unreadable_entry_is_recomputed_with_one_log_line(tmp_path):
    reference, _ = search(TrialCache(tmp_path))
    entries = sorted(tmp_path.rglob("output.pkl"))
    assert entries
    for entry in entries[:2]:
        entry.write_bytes(b"not a pickle")
    lines = []
    again, folds = search(TrialCache(tmp_path, log=lines.append))
    assert again.equals(reference)
    assert folds.cache.counts.unreadable == 2 and folds.cache.counts.computed == 2
    assert len([line for line in lines if "unreadable" in line]) == 2
    assert "2 unreadable entries recomputed" in trial_cache.report(folds.cache, folds.trials_from_cache, 6)


CONCURRENT_JOB = """
import sys
sys.path.insert(0, sys.argv[2])
from tunelab.trial_cache import TrialCache, digest
cache = TrialCache(sys.argv[1])
for index in range(200):
    cache.score(digest(f"key-{index % 120}".encode()), lambda: float(index % 120))
print(cache.counts.computed)
"""


def test_two_concurrent_jobs_writing_one_cache_lose_nothing(tmp_path):
    jobs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(CONCURRENT_JOB), str(tmp_path),
                              str(REPO / "scripts")], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [job.communicate(timeout=120)[0] for job in jobs]
    assert all(job.returncode == 0 for job in jobs), outputs
    cache = TrialCache(tmp_path)
    values = [cache.score(key(index), lambda: -1.0) for index in range(120)]
    assert values == [float(index) for index in range(120)]
    assert cache.counts.hits == 120 and cache.counts.computed == 0


def test_trim_holds_the_cache_to_its_size_at_most_once_per_interval(tmp_path):
    cache = TrialCache(tmp_path)
    for index in range(50):
        cache.score(key(index), lambda: float(index))
    size = sum(path.stat().st_size for path in tmp_path.rglob("*") if path.is_file())
    settings = {"enabled": True, "directory": str(tmp_path), "max_megabytes": size / 4 / 1024**2,
                "max_age_days": 30}

    def entries() -> int:
        return sum(1 for _ in tmp_path.rglob("output.pkl"))

    assert trial_cache.trim(settings)
    kept = entries()
    assert 0 < kept < 50
    for index in range(50, 100):
        cache.score(key(index), lambda: float(index))
    assert not trial_cache.trim(settings) and entries() == kept + 50  # trimmed a moment ago
    stamp = tmp_path / trial_cache.TRIM_STAMP
    an_hour_ago = stamp.stat().st_mtime - 3600
    os.utime(stamp, (an_hour_ago, an_hour_ago))
    assert trial_cache.trim(settings) and entries() <= kept


def test_a_search_stores_each_fold_under_its_fold_key(tmp_path):
    folds = FoldScorer(tpe_job(), X, y, TrialCache(tmp_path))
    params = {"n_estimators": 4, "max_depth": 2}
    folds.scores(params)
    estimator = folds.job.estimator(params)
    expected = {fold_key(data_digest(X, y), train, test, estimator, "accuracy") for train, test in folds.splits}
    stored = {entry.parent.name for entry in tmp_path.rglob("output.pkl")}
    assert stored == expected and len(expected) == 3
