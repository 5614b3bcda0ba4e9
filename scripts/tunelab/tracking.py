"""Experiment tracking with trackio: one local run per job, never at the expense of a result.

trackio keeps each project in one SQLite file, ``<TRACKIO_DIR>/<project>.db``,
and reads ``TRACKIO_DIR`` once, when it is imported. So trackio is only ever
imported through `import_trackio`, which points it at the wanted directory
first. Reading runs back goes straight to that SQLite file (read-only), so it
works in any process, whatever trackio there was pointed at.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

SUMMARY_PREFIX = "summary/"
SUMMARY_KEY = "summary"

# Every metric any job logs, under one name each, so one dashboard chart holds every run
# that logs the quantity.
METRICS = {
    "cv_score": "mean cross-validation score (a trial's, or a run's chosen params')",
    "best_cv_score": "best complete trial's cv_score so far / of the search",
    "state": "trial state: complete, pruned or failed",
    "folds_fitted": "cross-validation folds a trial fitted (fewer when pruned)",
    "seconds": "wall seconds of a trial",
    "test_score": "held-out test score of the refitted choice",
    "train_score": "score on the training set it was fitted on",
    "train_test_gap": "train_score - test_score",
    "cv_test_gap": "cv_score - test_score: how optimistic the CV estimate was",
    "n_trials": "trials a search ran",
    "fits_used": "fold fits a search paid for",
    "sweep_value": "value of the swept parameter at this step",
    "best_sweep_value": "swept value with the best test_score",
    "epoch": "training epoch of a network (1-based)",
    "train_loss": "mean cross-entropy over an epoch's batches",
    "learning_rate": "optimiser learning rate in force after an epoch (after the scheduler step)",
}
# The top-level config keys of every run, so the dashboard groups and filters them alike.
RUN_KEYS = ("kind", "dataset", "model", "strategy", "seed")
DASHBOARD_HOST = "127.0.0.1"

# Any of these would send trackio to a Hugging Face Space, Bucket or Dataset,
# a self-hosted server or a webhook instead of the local directory.
REMOTE_TRACKIO_VARS = (
    "TRACKIO_SPACE_ID",
    "TRACKIO_SERVER_URL",
    "TRACKIO_WRITE_TOKEN",
    "TRACKIO_BUCKET_ID",
    "TRACKIO_DATASET_ID",
    "TRACKIO_WEBHOOK_URL",
)

# trackio stores non-finite floats as these strings.
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
# trackio adds these to every config; group lives only in "_Group".
_TRACKIO_CONFIG_KEYS = ("_Username", "_Created", "_Group")


class TrackioDirMismatch(RuntimeError):
    pass


class TrackingDataLost(RuntimeError):
    pass


# --- environment -------------------------------------------------------------


def tracking_env(directory: str | Path) -> dict[str, str]:
    """Variables a job process needs so trackio writes to `directory`.

    Also remove REMOTE_TRACKIO_VARS from that process's environment
    (`tracking_process_env` does both): trackio treats even an empty
    TRACKIO_SPACE_ID as a Space to log to.
    """
    return {
        "TRACKIO_DIR": os.path.abspath(directory),
        # "auto" would switch to JSONL inbox files on network filesystems,
        # which only a dashboard imports; the readers here read SQLite.
        "TRACKIO_STORAGE_MODE": "sqlite",
    }


def tracking_process_env(directory: str | Path, base: Mapping[str, str]) -> dict[str, str]:
    """`base` (e.g. os.environ) made ready for a subprocess that tracks into `directory`."""
    env = {name: value for name, value in base.items() if name not in REMOTE_TRACKIO_VARS}
    env.update(tracking_env(directory))
    return env


def import_trackio(directory: str | Path):
    """trackio, writing to `directory` only; raises TrackioDirMismatch if this
    process already imported it for another directory."""
    wanted = tracking_env(directory)["TRACKIO_DIR"]
    trackio_utils = sys.modules.get("trackio.utils")
    if trackio_utils is not None and os.path.abspath(trackio_utils.TRACKIO_DIR) != wanted:
        raise TrackioDirMismatch(
            f"trackio was already imported with TRACKIO_DIR={trackio_utils.TRACKIO_DIR}, "
            f"cannot switch this process to {wanted}"
        )
    for name in REMOTE_TRACKIO_VARS:
        os.environ.pop(name, None)
    os.environ.update(tracking_env(directory))

    import trackio
    import trackio.run

    # With a Hugging Face token present, every trackio.init() asks the Hub for
    # the user name (no timeout). Tracking stays offline: skip that lookup.
    trackio.run._get_default_namespace = _no_hub_user_lookup
    return trackio


def _no_hub_user_lookup() -> str:
    raise LookupError("tunelab keeps trackio offline")


# --- writing -----------------------------------------------------------------


def _failure_line(error: BaseException) -> str:
    return f"tracking failed: {type(error).__name__}: {error}; results are unaffected"


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Hide trackio's banner prints (dashboard hints without TRACKIO_DIR would mislead)."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield


class JobTracker:
    """One trackio run for one job. Every method is safe to call in any state:
    after a failure (reported once through `log`) or when disabled, it does nothing.

    trackio has no run summary: the summary goes into the run's stored config, under
    ``summary``, once the run is finished (so it is never an extra step)."""

    def __init__(self, run=None, *, trackio=None, directory: str | Path | None = None,
                 project: str | None = None, log: Callable[[str], Any] = print):
        self._run = run
        self._trackio = trackio
        self._directory = directory
        self._project = project
        self._log = log
        self._summary: dict = {}
        self._next_step = 0
        self._rows_logged = 0

    @property
    def active(self) -> bool:
        return self._run is not None

    def log_step(self, metrics: dict, step: int | None = None) -> None:
        if self._run is None or not self._names_known(metrics):
            return
        step = self._next_step if step is None else int(step)
        try:
            self._run.log(dict(metrics), step=step)
        except Exception as error:
            self.fail(error)
            return
        self._rows_logged += 1
        self._next_step = max(self._next_step, step + 1)

    def log_summary(self, metrics: dict) -> None:
        """The job's final numbers, stored with the run's config when it finishes."""
        if self._run is None or not self._names_known(metrics):
            return
        self._summary.update(metrics)

    def _names_known(self, metrics: dict) -> bool:
        unknown = sorted(set(metrics) - set(METRICS))
        if unknown:
            self.fail(ValueError(f"'{unknown[0]}' is not in tunelab.tracking.METRICS"))
        return not unknown

    def finish(self) -> None:
        if self._run is None:
            return
        run, self._run = self._run, None
        try:
            with _quiet():
                run.finish()
            if self._trackio.context_vars.current_run.get() is run:
                # Otherwise trackio's atexit hook finishes it a second time.
                self._trackio.context_vars.current_run.set(None)
            saved = count_saved_rows(self._directory, self._project, run.id)
            if saved != self._rows_logged:
                raise TrackingDataLost(f"{saved} of {self._rows_logged} logged rows were saved")
            if self._summary:
                store_summary(self._directory, self._project, run.id, self._summary)
        except Exception as error:
            self.fail(error)

    def fail(self, error: BaseException) -> None:
        """Stop tracking for good and say so once."""
        run, self._run = self._run, None
        if run is not None:
            self._close(run)
        self._log(_failure_line(error))

    def _close(self, run) -> None:
        """Finish a run given up on, so trackio's exit hook has nothing left to do."""
        with contextlib.suppress(Exception), _quiet():
            run.finish()
        with contextlib.suppress(Exception):
            if self._trackio.context_vars.current_run.get() is run:
                self._trackio.context_vars.current_run.set(None)

    def __enter__(self) -> JobTracker:
        return self

    def __exit__(self, *exc_info) -> bool:
        self.finish()
        return False


def summary_row(metrics: dict) -> dict:
    return {SUMMARY_PREFIX + str(name): value for name, value in metrics.items()}


def start_run(project: str, name: str, group: str | None, config: dict,
              directory: str | Path, enabled: bool = True,
              log: Callable[[str], Any] = print) -> JobTracker:
    """Start this job's run in `directory`, replacing an earlier run of the same name
    (a rerun job). Never raises: on failure the tracker is a no-op."""
    if not enabled:
        log("tracking disabled")
        return JobTracker(log=log)
    tracker = JobTracker(log=log)
    try:
        trackio = import_trackio(directory)
        # trackio only creates its files on the first flush and then swallows
        # errors; creating them now turns an unusable directory into an error.
        trackio.SQLiteStorage.init_db(project)
        _delete_runs_named(trackio, project, name)
        with _quiet():
            run = trackio.init(
                project=project, name=name, group=group, config=dict(config),
                resume="never", embed=False,
                space_id=None, server_url=None, dataset_id=None, bucket_id=None,
                webhook_url=None, auto_log_cpu=False, auto_log_gpu=False,
            )
    except Exception as error:
        tracker.fail(error)
        return tracker
    return JobTracker(run, trackio=trackio, directory=directory, project=project, log=log)


def track_job(workflow_config: dict, name: str, group: str, labels: dict, settings: dict,
              log: Callable[[str], Any] = print) -> JobTracker:
    """The Trackio run of one workflow job, set up from the workflow's ``project`` and
    ``tracking`` keys. Its config holds :data:`RUN_KEYS` (None where a key does not apply)
    and the job's ``settings``."""
    tracking = workflow_config["tracking"]
    config = {key: labels.get(key) for key in RUN_KEYS}
    config["settings"] = settings
    return start_run(workflow_config["project"], name, group, config, tracking["directory"],
                     enabled=tracking["enabled"], log=log)


def _delete_runs_named(trackio, project: str, name: str) -> None:
    for run in trackio.Api().runs(project):
        if run.name == name:
            run.delete()


# --- reading -----------------------------------------------------------------


def project_db_path(directory: str | Path, project: str) -> Path:
    """Where trackio keeps `project` (mirrors trackio.utils.canonical_project_name)."""
    safe = "".join(c for c in project if c.isalnum() or c in "-_").rstrip()
    return Path(directory) / f"{safe or 'default'}.db"


@contextlib.contextmanager
def _read_only(db_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{db_path.absolute().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def _decode(blob: str | bytes) -> dict:
    return _decoded(json.loads(blob))


def _decoded(values: dict) -> dict:
    return {
        key: _NON_FINITE.get(value, value) if isinstance(value, str) else value
        for key, value in values.items()
    }


def _metric_rows(directory: str | Path, project: str) -> list[tuple[str, str, int, dict]]:
    """(run name, run id, step, metrics) for every logged row, by run name, step, insertion."""
    db_path = project_db_path(directory, project)
    if not db_path.exists():
        return []
    with _read_only(db_path) as connection:
        rows = connection.execute(
            "SELECT run_name, run_id, step, metrics FROM metrics ORDER BY run_name, step, id"
        ).fetchall()
    return [(name, run_id, step, _decode(blob)) for name, run_id, step, blob in rows]


def _configs(directory: str | Path, project: str) -> dict[str, dict]:
    db_path = project_db_path(directory, project)
    if not db_path.exists():
        return {}
    with _read_only(db_path) as connection:
        rows = connection.execute("SELECT run_id, config FROM configs").fetchall()
    return {run_id: _decode(blob) for run_id, blob in rows}


def _encode(values: dict) -> dict:
    """Non-finite floats as trackio stores them (the inverse of `_decode`)."""
    return {key: _encoded(value) for key, value in values.items()}


def _encoded(value: Any) -> Any:
    if not isinstance(value, float) or math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def store_summary(directory: str | Path, project: str, run_id: str, summary: dict) -> None:
    """Put ``summary`` into a finished run's stored config, under ``summary``."""
    db_path = project_db_path(directory, project)
    with contextlib.closing(sqlite3.connect(db_path, timeout=30)) as connection, connection:
        row = connection.execute("SELECT config FROM configs WHERE run_id = ?", (run_id,)).fetchone()
        if row is None:
            raise TrackingDataLost("the run's config was not saved")
        config = json.loads(row[0])
        config[SUMMARY_KEY] = _encode(summary)
        connection.execute("UPDATE configs SET config = ? WHERE run_id = ?",
                           (json.dumps(config), run_id))


def count_saved_rows(directory: str | Path, project: str, run_id: str) -> int:
    with _read_only(project_db_path(directory, project)) as connection:
        (count,) = connection.execute(
            "SELECT COUNT(*) FROM metrics WHERE run_id = ?", (run_id,)
        ).fetchone()
    return count


def read_metrics(directory: str | Path, project: str) -> pd.DataFrame:
    """Every logged step: run, step, one column per metric."""
    import pandas as pd  # only readers need it; jobs that just log start faster

    records = [
        {"run": name, "step": step, **metrics}
        for name, _, step, metrics in _metric_rows(directory, project)
    ]
    metric_names = sorted({key for record in records for key in record} - {"run", "step"})
    return pd.DataFrame(records, columns=["run", "step", *metric_names])


def read_runs(directory: str | Path, project: str) -> pd.DataFrame:
    """One row per run, by name: run, group, config (dict), steps, then ``summary/*``."""
    import pandas as pd

    configs = _configs(directory, project)
    runs: dict[tuple[str, str], dict] = {}
    for name, run_id, _, metrics in _metric_rows(directory, project):
        run = runs.get((name, run_id))
        if run is None:
            config = dict(configs.get(run_id, {}))
            group = config.get("_Group")
            for key in _TRACKIO_CONFIG_KEYS:
                config.pop(key, None)
            summary = summary_row(_decoded(config.pop(SUMMARY_KEY, {})))
            run = runs[(name, run_id)] = {"run": name, "group": group, "config": config,
                                          "steps": 0, **summary}
        run["steps"] += 1
    records = sorted(runs.values(), key=lambda run: run["run"])
    summary_names = sorted({key for record in records for key in record if key.startswith(SUMMARY_PREFIX)})
    return pd.DataFrame(records, columns=["run", "group", "config", "steps", *summary_names])


def export_project(directory: str | Path, project: str,
                   runs_csv: str | Path, metrics_csv: str | Path) -> None:
    """trackio has no local export: write its runs and steps as two CSV files."""
    runs = read_runs(directory, project)
    runs["config"] = [json.dumps(config, sort_keys=True) for config in runs["config"]]
    for path, frame in ((runs_csv, runs), (metrics_csv, read_metrics(directory, project))):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(path, index=False)


# --- dashboard ---------------------------------------------------------------


def dashboard_command(directory: str | Path, project: str,
                      trackio_executable: str = "trackio") -> list[str]:
    """What to run to browse `project` on 127.0.0.1 (port from GRADIO_SERVER_PORT, default 7860)."""
    return [
        "env", f"TRACKIO_DIR={tracking_env(directory)['TRACKIO_DIR']}",
        trackio_executable, "show", "--project", project, "--host", DASHBOARD_HOST,
    ]
