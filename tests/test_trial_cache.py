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
from tunelab.trial_cache import TrialCache, data_digest, digest, trial_key

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


def test_the_key_follows_data_every_split_estimator_and_scorer_but_not_threads():
    data = data_digest(X, y)
    splits = [(list(range(60)), list(range(60, 90))), (list(range(30, 90)), list(range(30)))]
    moved = [splits[0], (list(range(31, 90)), list(range(31)))]

    def key(splits=splits, data=data, scoring="accuracy", **params):
        estimator = RandomForestClassifier(**{"n_estimators": 5, "random_state": 1, **params})
        return trial_key(data, splits, estimator, scoring)

    assert key() == key(n_jobs=4)
    others = [key(data=data_digest(X[:, ::-1], y)), key(splits=moved), key(splits=splits[:1]),
              key(n_estimators=6), key(random_state=2), key(scoring="f1")]
    assert key() not in others and len(set(others)) == len(others)


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
    assert folds.cache.counts.unreadable == 2 and folds.cache.counts.computed == 2 * 3  # their folds
    assert len([line for line in lines if "unreadable" in line]) == 2
    assert "2 unreadable entries recomputed" in trial_cache.report(folds.cache, folds.trials_from_cache, 6)


CONCURRENT_JOB = """
import sys
sys.path.insert(0, sys.argv[2])
from tunelab.trial_cache import TrialCache, digest
cache = TrialCache(sys.argv[1])
for index in range(200):
    list(cache.scores(digest(f"key-{index % 120}".encode()), 2, lambda fold: float(index % 120 + fold)))
print(cache.counts.computed)
"""


def test_two_concurrent_jobs_writing_one_cache_lose_nothing(tmp_path):
    jobs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(CONCURRENT_JOB), str(tmp_path),
                              str(REPO / "scripts")], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [job.communicate(timeout=120)[0] for job in jobs]
    assert all(job.returncode == 0 for job in jobs), outputs
    cache = TrialCache(tmp_path)
    values = [list(cache.scores(key(index), 2, lambda fold: -1.0)) for index in range(120)]
    assert values == [[float(index), float(index + 1)] for index in range(120)]
    assert cache.counts.hits == 240 and cache.counts.computed == 0


def test_trim_holds_the_cache_to_its_size_at_most_once_per_interval(tmp_path):
    cache = TrialCache(tmp_path)
    for index in range(50):
        cache.store(key(index), {0: float(index)})
    size = sum(path.stat().st_size for path in tmp_path.rglob("*") if path.is_file())
    settings = {"enabled": True, "directory": str(tmp_path), "max_megabytes": size / 4 / 1024**2,
                "max_age_days": 30}

    def entries() -> int:
        return sum(1 for _ in tmp_path.rglob("output.pkl"))

    assert trial_cache.trim(settings)
    kept = entries()
    assert 0 < kept < 50
    for index in range(50, 100):
        cache.store(key(index), {0: float(index)})
    assert not trial_cache.trim(settings) and entries() == kept + 50  # trimmed a moment ago
    stamp = tmp_path / trial_cache.TRIM_STAMP
    an_hour_ago = stamp.stat().st_mtime - 3600
    os.utime(stamp, (an_hour_ago, an_hour_ago))
    assert trial_cache.trim(settings) and entries() <= kept


def test_a_search_stores_each_trial_in_one_entry_under_its_key(tmp_path):
    folds = FoldScorer(tpe_job(), X, y, TrialCache(tmp_path))
    params = {"n_estimators": 4, "max_depth": 2}
    scores = folds.scores(params)
    expected = trial_key(data_digest(X, y), folds.splits, folds.job.estimator(params), "accuracy")
    assert [entry.parent.name for entry in tmp_path.rglob("output.pkl")] == [expected]
    assert TrialCache(tmp_path).load(expected) == dict(enumerate(scores))


def test_a_closed_trial_keeps_its_folds_and_a_later_trial_completes_them(tmp_path):
    cache = TrialCache(tmp_path)
    fitted = []

    def fit(fold: int) -> float:
        fitted.append(fold)
        return fold / 10

    pruned = cache.scores(key(1), 5, fit)
    assert [next(pruned), next(pruned)] == [0.0, 0.1]
    pruned.close()  # as a pruner stops a trial after two folds
    assert cache.load(key(1)) == {0: 0.0, 1: 0.1}
    assert list(cache.scores(key(1), 5, fit)) == [0.0, 0.1, 0.2, 0.3, 0.4]
    assert fitted == [0, 1, 2, 3, 4] and cache.counts.hits == 2
    assert TrialCache(tmp_path).load(key(1)) == {fold: fold / 10 for fold in range(5)}


def test_a_failing_fold_keeps_the_folds_before_it(tmp_path):
    cache = TrialCache(tmp_path)

    def fit(fold: int) -> float:
        if fold == 2:
            raise ValueError("this fit fails")
        return float(fold)

    try:
        list(cache.scores(key(2), 4, fit))
    except ValueError:
        pass
    else:
        raise AssertionError("the failing fit did not raise")
    assert cache.load(key(2)) == {0: 0.0, 1: 1.0}


def test_a_pruned_search_stores_what_its_pruned_trials_fitted(tmp_path):
    job = SearchJob(strategy="tpe_pruned", model={"estimator": "RandomForestClassifier"}, space=SPACE,
                    settings={**TPE, "n_trials": 12, "pruner": {"n_startup_trials": 2, "n_warmup_steps": 0}},
                    folds=3, shuffle=True, scoring="accuracy", seed=3)
    folds = FoldScorer(job, X, y, TrialCache(tmp_path))
    found = run_search(folds, Listener(lambda message: None))
    assert any(trial.state == trials.PRUNED for trial in found)
    store = TrialCache(tmp_path)
    for trial in found:
        stored = store.load(folds.trial_key(job.estimator(trial.params)))
        # a later trial with the same params may have fitted more folds
        assert [stored.get(fold) for fold in range(len(trial.fold_scores))] == trial.fold_scores
