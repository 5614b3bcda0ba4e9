"""The trial cache: fold scores stored content-addressed, shared by every job.

A fold score is a pure function of the data bytes, the split's indices, the estimator's
class and parameters (threads aside: they change no fitted model here), the scorer and the
library versions. A trial's fold scores are stored together, in one entry whose key hashes
exactly those for all the job's folds; the entry records each fold fitted so far, so a pruned
trial's folds are reused and completed by a later trial that needs them all. Entries live in
the file store of a joblib ``Memory`` (one folder per key, its file written atomically: safe
for concurrent jobs and shared file systems), read and written directly: ``Memory.cache``'s
argument hashing, signature inspection and metadata file cost about 1 ms per fold, and a
folder and file per fold about another 1 ms, a tenth of a 10-ms fit.
A killed search replays its finished trials, a raised budget pays only for new trials, and
identical trials in different jobs run once. The cache never decides a result: a hit returns
the floats the fits would return, and an unreadable entry is recomputed.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import sys
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

KEY_VERSIONS = ("scikit-learn", "numpy", "scipy")
UNKEYED_PARAMS = ("n_jobs",)  # threads: the estimators used fit the same model for any value
TRIM_INTERVAL = datetime.timedelta(minutes=10)
TRIM_STAMP = ".last_trim"  # its modification time is when the cache was last trimmed
ENTRIES = "fold_scores"  # the store's folder of entries, one folder per key


def digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(hashlib.sha256(part).digest())
    return hasher.hexdigest()


def data_digest(X: np.ndarray, y: np.ndarray) -> str:
    """The data's identity: values, shapes and dtypes."""
    X, y = np.ascontiguousarray(X), np.ascontiguousarray(y)
    shapes = json.dumps([X.shape, str(X.dtype), y.shape, str(y.dtype)]).encode()
    return digest(shapes, X.tobytes(), y.tobytes())


def identity(value: Any) -> Any:
    """A JSON-able description of an estimator and its parameters, nested ones included."""
    if hasattr(value, "get_params") and not isinstance(value, type):
        params = value.get_params(deep=False)
        cls = type(value)
        return {
            "class": f"{cls.__module__}.{cls.__qualname__}",
            "params": {k: identity(v) for k, v in sorted(params.items()) if k not in UNKEYED_PARAMS},
        }
    if isinstance(value, (list, tuple)):
        return [identity(item) for item in value]
    if isinstance(value, dict):
        return {str(k): identity(v) for k, v in sorted(value.items())}
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def library_versions(estimator) -> dict[str, str]:
    """The versions a fold score depends on: Python, the numeric stack, the estimator's package."""
    return dict(package_versions(type(estimator).__module__.split(".")[0]))


@functools.cache
def package_versions(package: str) -> tuple[tuple[str, str], ...]:
    """Read once per process: each lookup scans the installed distributions (milliseconds,
    paid for every fold otherwise)."""
    names = set(KEY_VERSIONS) | ({package} if package != "sklearn" else set())
    found = {}
    for name in sorted(names):
        try:
            found[name] = version(name)
        except Exception:  # a package without distribution metadata
            found[name] = "unknown"
    found["python"] = "%d.%d.%d" % sys.version_info[:3]
    return tuple(found.items())


def trial_key(data: str, splits: list, estimator, scoring: str) -> str:
    """The key of a trial's entry: the data's digest, every fold's split, the estimator with
    its parameters, the scorer and the library versions."""
    return combined_key(data, splits_digest(splits), estimator_digest(estimator, scoring))


def splits_digest(splits: list) -> str:
    """The folds' identity: each fold's train and test indices, in order."""
    return digest(*(np.asarray(part, dtype=np.int64).tobytes() for split in splits for part in split))


def estimator_digest(estimator, scoring: str) -> str:
    """The estimator with all its parameters, the scorer and the library versions."""
    material = {"estimator": identity(estimator), "scoring": scoring, "versions": library_versions(estimator)}
    return digest(json.dumps(material, sort_keys=True).encode())


def combined_key(data: str, splits: str, estimator: str) -> str:
    """A trial's key from its parts' digests: a search computes the data's and the splits'
    once per job and the estimator's once per trial."""
    return digest(f"{data}/{splits}/{estimator}".encode())


@dataclass
class CacheCounts:
    hits: int = 0
    computed: int = 0
    unreadable: int = 0


@dataclass
class TrialCache:
    """Fold scores under ``directory``; disabled (``directory=None``) it only computes."""

    directory: str | Path | None = None
    log: Callable[[str], Any] = print
    counts: CacheCounts = field(default_factory=CacheCounts)

    def __post_init__(self) -> None:
        self._store = None
        if self.directory is not None:
            from joblib import Memory

            self._store = Memory(str(self.directory), verbose=0).store_backend

    @property
    def enabled(self) -> bool:
        return self._store is not None

    def scores(self, key: str, n_folds: int, compute: Callable[[int], float]) -> Iterator[float]:
        """A trial's fold scores one fold at a time: the one stored under ``key`` (a hex digest,
        as :func:`trial_key` makes: the store's trim finds entries by their hex folder names),
        else ``compute(fold_index)``. What was computed is stored in one write when the
        iteration ends, is closed (a pruned trial: close it, e.g. with ``contextlib.closing``)
        or raises (a failed fit: the folds before it are kept)."""
        stored = self.load(key)
        scores = dict(stored)
        try:
            for index in range(n_folds):
                if index in stored:
                    self.counts.hits += 1
                else:
                    scores[index] = float(compute(index))
                    self.counts.computed += 1
                yield scores[index]
        finally:
            if len(scores) > len(stored):
                self.store(key, scores)

    def load(self, key: str) -> dict[int, float]:
        """The fold scores stored under ``key`` by fold index; none if absent or unreadable
        (logged)."""
        try:
            return self._read(key)
        except Exception as error:
            self.counts.unreadable += 1
            self.log(f"cache entry {key[:12]} unreadable ({type(error).__name__}); recomputing its folds")
            return {}

    def store(self, key: str, scores: dict[int, float]) -> None:
        """Store ``scores`` under ``key``, with any other folds stored there meanwhile (by
        another job: the same key holds the same scores)."""
        if self._store is None:
            return
        try:
            scores = {**self._read(key), **scores}
        except Exception:  # unreadable: overwritten
            pass
        self._store.dump_item([ENTRIES, key], scores, verbose=0)

    def _read(self, key: str) -> dict[int, float]:
        entry = [ENTRIES, key]
        if self._store is None or not self._store.contains_item(entry):
            return {}
        return {int(index): float(score) for index, score in self._store.load_item(entry, verbose=0).items()}


def report(cache: TrialCache, trials_from_cache: int, n_trials: int) -> str:
    """One line for the job's log: how much of the search came from the cache."""
    if not cache.enabled:
        return "trial cache off"
    counts = cache.counts
    line = (f"trial cache: {trials_from_cache} of {n_trials} trials came from the cache "
            f"({counts.hits} fold scores read, {counts.computed} computed)")
    return line + (f"; {counts.unreadable} unreadable entries recomputed" if counts.unreadable else "")


def open_cache(settings: dict, log: Callable[[str], Any] = print) -> TrialCache:
    """The cache a job uses, from the config's ``cache`` block."""
    return TrialCache(settings["directory"] if settings["enabled"] else None, log=log)


def trim(settings: dict, every: datetime.timedelta = TRIM_INTERVAL) -> bool:
    """Hold the cache to its size and age limits (oldest-accessed entries go first), at most
    once per ``every`` across all jobs: a trim stats every entry (a study's cache holds
    hundreds of thousands), so jobs finishing between two trims skip it. Returns whether
    this call trimmed."""
    if not settings["enabled"] or not Path(settings["directory"]).exists():
        return False
    directory = Path(settings["directory"])
    stamp = directory / TRIM_STAMP
    if stamp.exists() and time.time() - stamp.stat().st_mtime < every.total_seconds():
        return False
    stamp.touch()
    from joblib import Memory

    Memory(str(directory), verbose=0).reduce_size(
        bytes_limit=int(settings["max_megabytes"] * 1024**2),
        age_limit=datetime.timedelta(days=settings["max_age_days"]),
    )
    return True
