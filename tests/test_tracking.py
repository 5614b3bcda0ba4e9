"""trackio reads TRACKIO_DIR at import, so everything that imports it runs in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))

from tunelab.tracking import (  # noqa: E402
    dashboard_command,
    export_project,
    project_db_path,
    read_metrics,
    read_runs,
    start_run,
    tracking_env,
    tracking_process_env,
)

PROJECT = "tune.demo"  # the dot is dropped on disk, as trackio does
STEPS = 5


def job_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKIO_")}
    env["PYTHONPATH"] = os.pathsep.join([str(SCRIPTS), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


def python_job(code: str, *args: str, **extra_env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=job_env(**extra_env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finished(job: subprocess.Popen, timeout: float = 60) -> str:
    out, err = job.communicate(timeout=timeout)
    assert job.returncode == 0, err
    return out


def run_python(code: str, *args: str, **extra_env: str) -> str:
    return finished(python_job(code, *args, **extra_env))


ROUND_TRIP_JOB = """
import json, math, socket, sys, time
from tunelab.tracking import start_run, import_trackio

network = []
def refuse(*args, **kwargs):
    network.append(args)
    raise OSError("network used")
socket.socket.connect = refuse
socket.getaddrinfo = refuse

directory, project, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
configs = {"a": {"lr": 0.1, "depth": 3, "layers": [8, 4]}, "b": {"lr": 0.01, "depth": 5, "layers": [16]}}

with start_run(project, "a", "grid", {"lr": 9.9}, directory) as job:  # replaced by the rerun below
    job.log_step({"cv_score": 99.0})
finish_seconds = []
for name, config in configs.items():
    job = start_run(project, name, "grid", config, directory)
    assert job.active
    for step in range(steps):
        job.log_step({"cv_score": 1.0 / (step + 1), "train_score": step / steps})
    job.log_summary({"best_cv_score": 1.0 / steps, "test_score": math.inf})
    started = time.perf_counter()
    job.finish()
    finish_seconds.append(time.perf_counter() - started)

trackio = import_trackio(directory)
storage = trackio.SQLiteStorage
print(json.dumps({
    "network": len(network),
    "finish_seconds": max(finish_seconds),
    "trackio_runs": sorted(storage.get_runs(project)),
    "trackio_log_counts": {r: len(storage.get_logs(project, r)) for r in storage.get_runs(project)},
    "trackio_configs": {r: storage.get_run_config(project, r) for r in storage.get_runs(project)},
}))
"""


@pytest.fixture(scope="module")
def tracked(tmp_path_factory) -> tuple[Path, dict]:
    directory = tmp_path_factory.mktemp("trackio")
    out = run_python(
        ROUND_TRIP_JOB, str(directory), PROJECT, str(STEPS),
        HF_TOKEN="hf_not_a_real_token", TRACKIO_SPACE_ID="someone/some-space",
    )
    return directory, json.loads(out.strip().splitlines()[-1])


def test_runs_round_trip(tracked):
    directory, trackio_view = tracked
    runs = read_runs(directory, PROJECT)
    metrics = read_metrics(directory, PROJECT)

    assert project_db_path(directory, PROJECT) == directory / "tunedemo.db"
    assert list(runs["run"]) == ["a", "b"]  # the first "a" was replaced by its rerun
    assert list(runs["group"]) == ["grid", "grid"]
    assert runs["config"].tolist() == [
        {"lr": 0.1, "depth": 3, "layers": [8, 4]},
        {"lr": 0.01, "depth": 5, "layers": [16]},
    ]
    assert list(runs["steps"]) == [STEPS, STEPS]
    assert list(runs["summary/best_cv_score"]) == [1.0 / STEPS] * 2
    assert list(runs["summary/test_score"]) == [float("inf")] * 2

    assert list(metrics.columns) == ["run", "step", "cv_score", "train_score"]
    assert len(metrics) == 2 * STEPS
    assert metrics.groupby("run")["step"].apply(list).to_dict() == {
        "a": list(range(STEPS)), "b": list(range(STEPS))}
    assert metrics["cv_score"].iloc[:STEPS].tolist() == [1.0 / (s + 1) for s in range(STEPS)]

    # trackio's own reader agrees with ours: one row per step, the summary in the config
    assert trackio_view["trackio_runs"] == ["a", "b"]
    assert trackio_view["trackio_log_counts"] == {"a": STEPS, "b": STEPS}
    assert trackio_view["trackio_configs"]["a"]["lr"] == 0.1
    assert trackio_view["trackio_configs"]["a"]["summary"]["best_cv_score"] == 1.0 / STEPS
    assert trackio_view["network"] == 0


def test_export_writes_one_row_per_run_and_step(tracked, tmp_path):
    directory, _ = tracked
    runs_csv, metrics_csv = tmp_path / "out" / "runs.csv", tmp_path / "out" / "metrics.csv"
    export_project(directory, PROJECT, runs_csv, metrics_csv)

    runs = pd.read_csv(runs_csv)
    assert list(runs.columns) == ["run", "group", "config", "steps", "summary/best_cv_score", "summary/test_score"]
    assert list(runs["run"]) == ["a", "b"]
    assert json.loads(runs["config"][1]) == {"depth": 5, "layers": [16], "lr": 0.01}
    metrics = pd.read_csv(metrics_csv)
    assert list(metrics.columns) == ["run", "step", "cv_score", "train_score"]
    assert list(zip(metrics["run"], metrics["step"])) == [
        (run, step) for run in ("a", "b") for step in range(STEPS)]

    first = (runs_csv.read_bytes(), metrics_csv.read_bytes())
    export_project(directory, PROJECT, runs_csv, metrics_csv)
    assert (runs_csv.read_bytes(), metrics_csv.read_bytes()) == first


def test_concurrent_jobs_lose_no_rows(tmp_path):
    jobs, steps = 8, 25
    code = """
        import sys
        from tunelab.tracking import start_run
        directory, name, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
        with start_run("stress", name, "g", {"job": name}, directory, log=print) as job:
            for step in range(steps):
                job.log_step({"cv_score": float(step)})
    """
    running = [python_job(code, str(tmp_path), f"job{i}", str(steps)) for i in range(jobs)]
    outputs = [finished(job, timeout=120) for job in running]

    assert not any("tracking failed" in out for out in outputs), outputs
    metrics = read_metrics(tmp_path, "stress")
    assert len(metrics) == jobs * steps
    assert metrics.groupby("run").size().to_dict() == {f"job{i}": steps for i in range(jobs)}
    assert len(read_runs(tmp_path, "stress")) == jobs


def test_unusable_directory_never_breaks_the_job(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    out = run_python("""
        import sys
        from tunelab.tracking import start_run
        with start_run("p", "r", "g", {"x": 1}, sys.argv[1]) as job:
            job.log_step({"cv_score": 1.0})
            job.log_summary({"cv_score": 1.0})
        print("result still written")
    """, str(blocker / "trackio"))

    lines = out.splitlines()
    failures = [line for line in lines if line.startswith("tracking failed: ")]
    assert len(failures) == 1 and failures[0].endswith("; results are unaffected")
    assert "NotADirectoryError" in failures[0]
    assert lines[-1] == "result still written"


def test_lost_rows_and_second_directory_are_reported(tmp_path):
    out = run_python(f"""
        from tunelab.tracking import import_trackio, start_run
        trackio = import_trackio({str(tmp_path / "one")!r})
        def disk_full(*args, **kwargs):
            raise OSError(28, "No space left on device")
        trackio.SQLiteStorage.bulk_log = disk_full  # trackio swallows this one itself
        with start_run("p", "r", "g", {{}}, {str(tmp_path / "one")!r}) as job:
            job.log_step({{"cv_score": 1.0}})
        print("after first")
        with start_run("p", "r", "g", {{}}, {str(tmp_path / "two")!r}) as job:
            job.log_step({{"cv_score": 1.0}})
        print("after second")
    """)

    lines = out.splitlines()
    assert lines[0] == "tracking failed: TrackingDataLost: 0 of 1 logged rows were saved; results are unaffected"
    assert lines[1] == "after first"
    assert lines[2].startswith("tracking failed: TrackioDirMismatch: ")
    assert lines[3] == "after second"
    assert not (tmp_path / "two").exists()


def test_a_metric_outside_the_vocabulary_stops_tracking_not_the_job(tmp_path):
    out = run_python("""
        import sys
        from tunelab.tracking import start_run
        with start_run("p", "r", "g", {}, sys.argv[1]) as job:
            job.log_step({"accuracy": 1.0})
            job.log_step({"cv_score": 1.0})
        print("result still written")
    """, str(tmp_path / "trackio"))
    lines = out.splitlines()
    assert lines[0] == ("tracking failed: ValueError: 'accuracy' is not in tunelab.tracking.METRICS; "
                        "results are unaffected")
    assert lines[-1] == "result still written"


def test_disabled_tracking_is_silent_and_creates_nothing(tmp_path):
    trackio_was_imported = "trackio" in sys.modules
    messages = []
    with pytest.raises(ZeroDivisionError):
        with start_run("p", "r", "g", {}, tmp_path / "trackio", enabled=False, log=messages.append) as job:
            job.log_step({"cv_score": 1.0})
            job.log_summary({"cv_score": 1.0})
            1 / 0  # the job's own errors still propagate
    assert messages == ["tracking disabled"]
    assert not job.active
    assert not (tmp_path / "trackio").exists()
    assert trackio_was_imported or "trackio" not in sys.modules


def test_importing_tunelab_tracking_does_not_import_trackio():
    out = run_python("import sys, tunelab.tracking; print('trackio' in sys.modules)")
    assert out.strip() == "False"


def test_subprocess_env_points_at_directory_and_drops_remote_targets(tmp_path):
    base = {"PATH": "/bin", "TRACKIO_SPACE_ID": "", "TRACKIO_SERVER_URL": "http://x", "TRACKIO_DIR": "/elsewhere"}
    assert tracking_process_env(tmp_path, base) == {
        "PATH": "/bin", "TRACKIO_DIR": str(tmp_path), "TRACKIO_STORAGE_MODE": "sqlite"}


def test_reading_a_missing_project_gives_empty_tables(tmp_path):
    assert read_runs(tmp_path, "none").empty
    assert list(read_metrics(tmp_path, "none").columns) == ["run", "step"]


def test_dashboard_command_uses_real_cli_flags(tmp_path):
    command = dashboard_command(tmp_path / "t", "proj")
    assert command == [
        "env", f"TRACKIO_DIR={tmp_path / 't'}", "trackio", "show", "--project", "proj", "--host", "127.0.0.1"]
    assert tracking_env(tmp_path / "t")["TRACKIO_DIR"] == str(tmp_path / "t")

    help_text = run_python("""
        import sys
        from trackio.cli import main
        sys.argv = ["trackio", "show", "--help"]
        try:
            main()
        except SystemExit:
            pass
    """)
    assert "--project" in help_text and "--host" in help_text
