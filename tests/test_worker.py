"""The warm worker: a job run in a fork behaves as the job run in its own process."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import REPO
from tunelab import worker
from tunelab.runlog import done_line, job_log, process_usage, read_done_line

IDLE_SECONDS = 3
CLIENT = (
    "import sys; from tunelab.worker import run_job; "
    f"sys.exit(run_job(sys.argv[1:], {IDLE_SECONDS}))"
)


def job_script(tmp_path: Path, body: str) -> Path:
    script = tmp_path / f"job_{uuid.uuid4().hex[:8]}.py"
    script.write_text(body)
    return script


def client(tmp_path: Path, script: Path, *args: str, key: str, wait=True):
    """A job's process handing ``script`` to the worker of this test's ``key`` (a variable in
    its environment, so no other test shares the worker)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "TUNELAB_TEST_KEY": key}
    command = [sys.executable, "-c", CLIENT, str(script), *args]
    if not wait:
        return subprocess.Popen(command, cwd=tmp_path, env=env)
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)


def wait_for(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_a_job_in_the_worker_sees_its_own_directory_arguments_environment_and_streams(tmp_path):
    script = job_script(tmp_path, """
import json, os, sys
print("to stdout"); print("to stderr", file=sys.stderr)
json.dump({"cwd": os.getcwd(), "argv": sys.argv, "key": os.environ["TUNELAB_TEST_KEY"],
           "worker": os.environ.get("TUNELAB_IN_WARM_WORKER"), "name": __name__,
           "numpy_seeded_apart": __import__("numpy").random.random()}, open("seen.json", "w"))
sys.exit(3)
""")
    key = uuid.uuid4().hex
    first = client(tmp_path, script, "a", "b", key=key)
    seen = json.loads((tmp_path / "seen.json").read_text())
    second = client(tmp_path, script, key=key)
    again = json.loads((tmp_path / "seen.json").read_text())

    assert first.returncode == 3 and second.returncode == 3
    assert "to stdout" in first.stdout and "to stderr" in first.stderr
    assert seen["cwd"] == str(tmp_path) and seen["argv"] == [str(script), "a", "b"]
    assert seen["key"] == key and seen["name"] == "__main__"
    assert seen["worker"] is not None and again["worker"] == seen["worker"]  # one worker, warm
    assert seen["numpy_seeded_apart"] != again["numpy_seeded_apart"]  # as two fresh processes


def test_a_failing_job_fails_with_its_traceback(tmp_path):
    script = job_script(tmp_path, "raise ValueError('bad input')\n")
    result = client(tmp_path, script, key=uuid.uuid4().hex)
    assert result.returncode == 1
    assert "ValueError: bad input" in result.stderr


def test_killing_a_jobs_process_kills_its_fork(tmp_path):
    script = job_script(tmp_path, """
import os, time
open("fork.pid", "w").write(str(os.getpid()))
time.sleep(120)
""")
    running = client(tmp_path, script, key=uuid.uuid4().hex, wait=False)
    pid_file = tmp_path / "fork.pid"
    wait_for(lambda: pid_file.exists() and pid_file.read_text())
    fork = int(pid_file.read_text())
    assert fork != running.pid and alive(fork)
    running.send_signal(signal.SIGKILL)  # as Snakemake cancelling the job, or a user
    running.wait()
    wait_for(lambda: not alive(fork), seconds=5)


def test_the_worker_leaves_when_idle_and_cleans_up(tmp_path):
    script = job_script(tmp_path, "import os; print(os.environ['TUNELAB_IN_WARM_WORKER'])\n")
    key = uuid.uuid4().hex
    result = client(tmp_path, script, key=key)
    worker_pid = int(result.stdout.split()[-1])
    assert alive(worker_pid)
    wait_for(lambda: not alive(worker_pid), seconds=IDLE_SECONDS + 10)
    env = {**os.environ, "TUNELAB_TEST_KEY": key}
    paths = subprocess.run(
        [sys.executable, "-c", "from tunelab import worker; print(*worker.worker_paths(worker.worker_key()).values())"],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(REPO / "scripts")}, capture_output=True,
        text=True, check=True,
    ).stdout.split()
    assert not [path for path in paths if Path(path).exists()]


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (4, 4), ("a message", 1)])
def test_run_script_gives_the_status_the_interpreter_would(tmp_path, code, status, capsys):
    script = job_script(tmp_path, f"import sys; sys.exit({code!r})\n")
    assert worker.run_script(str(script)) == status


def test_the_switch_and_slurm_keep_a_job_in_its_own_process(monkeypatch):
    def never(*args):
        raise AssertionError("the worker was used")

    monkeypatch.setattr(worker, "run_job", never)
    monkeypatch.delenv(worker.IN_WORKER, raising=False)
    worker.run_in_warm_worker(SimpleNamespace(config={"worker": {"enabled": False}}))
    monkeypatch.setenv("SLURM_JOB_ID", "1")
    worker.run_in_warm_worker(SimpleNamespace(config={}))
    monkeypatch.delenv("SLURM_JOB_ID")
    monkeypatch.setenv(worker.IN_WORKER, "123")  # already the fork
    worker.run_in_warm_worker(SimpleNamespace(config={}))


def test_an_unreachable_worker_leaves_the_job_in_its_own_process(monkeypatch, capsys):
    def unavailable(*args):
        raise worker.WorkerUnavailable("no socket here")

    monkeypatch.setattr(worker, "run_job", unavailable)
    monkeypatch.delenv(worker.IN_WORKER, raising=False)
    monkeypatch.delenv("SLURM_JOB_ID", raising=False)
    worker.run_in_warm_worker(SimpleNamespace(config={}))
    assert "no warm worker (no socket here); the job runs in its own process" in capsys.readouterr().err


def test_the_worker_key_follows_directory_and_environment(tmp_path, monkeypatch):
    key = worker.worker_key()
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    threads = worker.worker_key()
    monkeypatch.chdir(tmp_path)
    assert len({key, threads, worker.worker_key()}) == 3


def test_a_job_log_ends_with_the_jobs_own_usage(tmp_path):
    log = tmp_path / "job.log"
    before = process_usage()["cpu_seconds"]
    with job_log(log) as progress:
        progress("working")
        sum(range(10**6))
    after = process_usage()["cpu_seconds"]
    usage = read_done_line(log)
    assert before - 0.005 <= usage["cpu_seconds"] <= after + 0.005  # printed to 2 decimals
    assert usage["max_rss_mb"] > 0 and not usage["warm_worker"]
    assert done_line({**usage, "warm_worker": True}).endswith("a fork of the warm worker")


def test_an_unfinished_job_log_has_no_usage(tmp_path):
    log = tmp_path / "job.log"
    with pytest.raises(RuntimeError), job_log(log):
        raise RuntimeError("stopped")
    assert read_done_line(log) is None


def test_after_a_worker_found_it_cannot_serve_jobs_run_in_their_own_process(tmp_path):
    paths = worker.paths_at(tmp_path / "key")
    paths["failed"].write_text("the worker cannot serve here: no pidfd\n")
    with pytest.raises(worker.WorkerUnavailable, match="no pidfd"):
        worker.connect(paths, idle_seconds=1)
    assert not paths["lock"].exists()  # no worker was started
