"""The trial cache: fold scores stored content-addressed, shared by every job.

A fold score is a pure function of the data bytes, the split's indices, the estimator's
class and parameters (threads aside: they change no fitted model here), the scorer and the
library versions; its key hashes exactly those. Entries live in a joblib ``Memory`` store
(one file per entry, written atomically, safe for concurrent jobs and shared file systems).
A killed search replays its finished folds, a raised budget pays only for new trials, and
identical fits in different jobs run once. The cache never decides a result: a hit returns
the float the fit would return, and an unreadable entry is recomputed.
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
from typing import Any, Callable

import numpy as np

KEY_VERSIONS = ("scikit-learn", "numpy", "scipy")
UNKEYED_PARAMS = ("n_jobs",)  # threads: the estimators used fit the same model for any value
TRIM_INTERVAL = datetime.timedelta(minutes=10)
TRIM_STAMP = ".last_trim"  # its modification time is when the cache was last trimmed


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


def fold_key(data: str, train: np.ndarray, test: np.ndarray, estimator, scoring: str) -> str:
    material = {
        "data": data,
        "train": digest(np.asarray(train, dtype=np.int64).tobytes()),
        "test": digest(np.asarray(test, dtype=np.int64).tobytes()),
        "estimator": identity(estimator),
        "scoring": scoring,
        "versions": library_versions(estimator),
    }
    return digest(json.dumps(material, sort_keys=True).encode())


def _fold_score(key: str, compute: Callable[[], float]) -> float:
    """What the store memorises: the score under ``key`` (``compute`` is not hashed)."""
    return compute()


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
        self._cached = None
        if self.directory is not None:
            from joblib import Memory

            memory = Memory(str(self.directory), verbose=0)
            self._cached = memory.cache(_fold_score, ignore=["compute"])

    @property
    def enabled(self) -> bool:
        return self._cached is not None

    def score(self, key: str, compute: Callable[[], float]) -> float:
        """The cached score under ``key``, else ``compute()``, stored. A failing ``compute``
        raises and stores nothing."""
        if self._cached is None:
            return compute()
        if self._cached.check_call_in_cache(key, compute):
            try:
                value = self._cached.call_and_shelve(key, compute).get()
                self.counts.hits += 1
                return float(value)
            except Exception as error:
                self.counts.unreadable += 1
                self.log(f"cache entry {key[:12]} unreadable ({type(error).__name__}); recomputing it")
        value, _ = self._cached.call(key, compute)  # (output, metadata)
        self.counts.computed += 1
        return float(value)


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
