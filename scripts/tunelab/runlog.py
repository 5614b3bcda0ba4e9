"""A job's log: progress lines and library warnings go to the rule's ``log:`` file."""

from __future__ import annotations

import contextlib
import os
import resource
import time
from pathlib import Path
from typing import Callable, Iterator

from tunelab.worker import IN_WORKER


@contextlib.contextmanager
def job_log(path: str | Path) -> Iterator[Callable[[str], None]]:
    """Send stdout and stderr to ``path``; yield a function writing timestamped progress lines."""
    with open(path, "w", buffering=1) as stream:
        start = time.perf_counter()

        def progress(message: str) -> None:
            print(f"[{time.perf_counter() - start:8.1f}s] {message}", file=stream)

        with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
            if os.environ.get(IN_WORKER):
                progress(f"running in a fork of the warm worker (pid {os.environ[IN_WORKER]})")
            try:
                yield progress
            except BaseException as error:
                print(f"FAILED: {type(error).__name__}: {error}", file=stream)
                raise
        progress(done_line(process_usage()))


def process_usage() -> dict:
    """CPU seconds and peak memory of this process and its finished children so far: a job's
    own process from its start, or a fork of the warm worker from the fork (its imports were
    paid once, by the worker). Snakemake's ``benchmark:`` sees only the process it started,
    which with the worker is the client waiting for the fork."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_seconds": round(cpu_seconds(), 3),
        "max_rss_mb": round(max(own.ru_maxrss, children.ru_maxrss) / 1024, 1),
        "warm_worker": bool(os.environ.get(IN_WORKER)),
    }


def cpu_seconds() -> float:
    """User and system CPU seconds of this process (all its threads) and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def done_line(usage: dict) -> str:
    where = "a fork of the warm worker" if usage["warm_worker"] else "its own process"
    return f"done: {usage['cpu_seconds']:.2f} CPU-s, peak {usage['max_rss_mb']:.0f} MB, in {where}"


def read_done_line(path: str | Path) -> dict | None:
    """The usage a job's log ends with (None if the job did not finish)."""
    lines = Path(path).read_text().splitlines()
    words = lines[-1].split() if lines else []
    if "done:" not in words:
        return None
    start = words.index("done:")
    return {"cpu_seconds": float(words[start + 1]), "max_rss_mb": float(words[start + 4]),
            "warm_worker": lines[-1].endswith("warm worker")}

