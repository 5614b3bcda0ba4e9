"""A job's log: progress lines and library warnings go to the rule's ``log:`` file."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Callable, Iterator


@contextlib.contextmanager
def job_log(path: str | Path) -> Iterator[Callable[[str], None]]:
    """Send stdout and stderr to ``path``; yield a function writing timestamped progress lines."""
    with open(path, "w", buffering=1) as stream:
        start = time.perf_counter()

        def progress(message: str) -> None:
            print(f"[{time.perf_counter() - start:8.1f}s] {message}", file=stream)

        with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
            try:
                yield progress
            except BaseException as error:
                print(f"FAILED: {type(error).__name__}: {error}", file=stream)
                raise
        progress("done")

