"""The warm worker: script jobs run in a fork of a process that has already imported the
scientific stack, instead of each paying about two CPU-seconds of imports.

Snakemake starts every ``script:`` job as a fresh Python process, and scikit-learn, pandas,
Optuna, Matplotlib and Trackio's dependencies take longer to import than most of this
workflow's jobs take to run. So a job's script first calls `run_in_warm_worker`: the job's
process (the client) connects to a worker over a Unix socket and hands it the job's
arguments, working directory, environment, ``sys.path`` and standard streams. The worker
forks; the fork runs the job's script from the start, as the client would have, and the
client exits with the fork's status. A client that dies (Snakemake cancelling the job) takes
its fork with it, and forks die with the worker.

The first job that finds no worker starts one, in the background; jobs connect to it while
it imports. There is one worker per interpreter, installed packages, working directory,
environment and version of this file (jobs with different thread counts have different
``OMP_NUM_THREADS`` and so different workers). It leaves after ``idle_seconds`` without a
job. When a worker cannot be reached the job runs in its own process as before, with one line
on stderr saying why. Results never depend on where a job ran.

This module is the worker's program too (``python worker.py serve ...``), so it imports the
standard library only: the worker must not hold tunelab, which each job imports from its own
checkout after the fork.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import hashlib
import importlib
import json
import os
import runpy
import selectors
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import traceback
from pathlib import Path

DEFAULTS = {"enabled": True, "idle_seconds": 60}
IN_WORKER = "TUNELAB_IN_WARM_WORKER"  # set in a job's environment when a worker's fork runs it
CONNECT_SECONDS = 30  # how long a client waits for a worker it started to listen
FAILED_SECONDS = 3600  # after a worker found it cannot serve, clients do not start another for this long
MESSAGE_BYTES = 1 << 20
# What jobs import before their first line of work; the rest of their imports are cheap.
# Not tunelab (each job imports its own checkout's) nor trackio (it reads TRACKIO_DIR when
# imported: tunelab.tracking). None of these starts a thread on import, so forking is safe
# (torch's own DataLoader workers fork after importing torch the same way).
PRELOAD = (
    "numpy",
    "scipy.stats",
    "pandas",
    "sklearn.base",
    "sklearn.datasets",
    "sklearn.ensemble",
    "sklearn.gaussian_process",
    "sklearn.linear_model",
    "sklearn.metrics",
    "sklearn.model_selection",
    "sklearn.neighbors",
    "sklearn.pipeline",
    "sklearn.preprocessing",
    "sklearn.svm",
    "optuna",
    "bayes_opt",
    "matplotlib",
    "matplotlib.pyplot",
    "huggingface_hub",
    "gradio_client",
    # What trackio imports besides itself (trackio reads TRACKIO_DIR when imported, so each
    # fork imports it): 0.2 CPU-s a job, 0.05 with these preloaded.
    "huggingface_hub.hf_api",
    "huggingface_hub.file_download",
    "huggingface_hub.lfs",
    "uvicorn",
    "starlette.applications",
    "starlette.requests",
    "starlette.responses",
    "starlette.routing",
    "httpcore2",
    "anyio",
    "watchfiles",
    "orjson",
    "python_multipart",
    "truststore",
    "certifi",
    "torch",
    "torch.nn",
    "torch.optim",
    "torch._dynamo",  # imported by the first optimiser step: about 2 s
    "yaml",
    "snakemake.script",
)


class WorkerUnavailable(RuntimeError):
    pass


# --- the client: a job's own process ------------------------------------------


def run_in_warm_worker(snakemake) -> None:
    """Run this script job in the warm worker and exit with its status. Returns, to run the
    job here, when this already is the worker's fork, when the config's ``worker`` block turns
    it off, under SLURM (each job runs alone on its node), or when no worker can be reached."""
    settings = {**DEFAULTS, **(snakemake.config.get("worker") or {})}
    if os.environ.get(IN_WORKER) or not settings["enabled"] or "SLURM_JOB_ID" in os.environ:
        return
    try:
        status = run_job(sys.argv, settings["idle_seconds"])
    except WorkerUnavailable as reason:
        print(f"tunelab: no warm worker ({reason}); the job runs in its own process",
              file=sys.stderr)
        return
    sys.exit(status)


def run_job(argv: list[str], idle_seconds: float) -> int:
    """Run the script ``argv[0]`` in a worker; its exit status (128 + N if killed by signal N)."""
    try:
        connection = connect(worker_paths(worker_key()), idle_seconds)
    except OSError as error:
        raise WorkerUnavailable(str(error)) from error
    with connection:
        streams = [fd for fd in (0, 1, 2) if _is_open(fd)]
        request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "path": sys.path,
                   "streams": streams}
        try:
            socket.send_fds(connection, [json.dumps(request).encode()], streams)
            started = receive(connection)
        except OSError as error:
            raise WorkerUnavailable(f"the worker hung up: {error}") from error
        if started is None:  # the worker was leaving as we connected
            raise WorkerUnavailable("the worker was leaving")
        finished = receive(connection)
    if finished is None:
        print(f"tunelab: the warm worker ended before job process {started['pid']} finished",
              file=sys.stderr)
        return 1
    return finished["status"] if finished["status"] >= 0 else 128 - finished["status"]


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def receive(connection: socket.socket) -> dict | None:
    message = connection.recv(MESSAGE_BYTES)
    return json.loads(message) if message else None


def worker_key() -> str:
    """The worker this process may use: same program, interpreter, installed packages (the
    site-packages folder changes when one is installed or removed), directory and environment."""
    packages = os.stat(sysconfig.get_paths()["purelib"]).st_mtime_ns
    identity = json.dumps(
        [Path(__file__).read_text(), sys.executable, sys.version, packages, os.getcwd(),
         sorted(os.environ.items())]
    )
    return hashlib.sha256(identity.encode()).hexdigest()[:24]


def runtime_directory() -> Path:
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    directory = Path(base) / f"tunelab-workers-{os.getuid()}"
    directory.mkdir(mode=0o700, exist_ok=True)
    if directory.stat().st_uid != os.getuid():
        raise WorkerUnavailable(f"{directory} belongs to another user")
    return directory


def worker_paths(key: str) -> dict[str, Path]:
    return paths_at(runtime_directory() / key)


def paths_at(base: Path) -> dict[str, Path]:
    """A worker's files: its socket, lock, log, and the reason it could not serve."""
    return {suffix: base.with_suffix(f".{suffix}") for suffix in ("sock", "lock", "log", "failed")}


def connect(paths: dict[str, Path], idle_seconds: float) -> socket.socket:
    """A connection to the worker, starting one if none is listening (unless one found, within
    the last FAILED_SECONDS, that it cannot serve here: every job would pay its imports twice)."""
    with contextlib.suppress(OSError):
        return _connect(paths["sock"])
    with contextlib.suppress(FileNotFoundError):
        if time.time() - paths["failed"].stat().st_mtime < FAILED_SECONDS:
            raise WorkerUnavailable(paths["failed"].read_text().strip())
    worker = start_worker(paths, idle_seconds)
    deadline = time.monotonic() + CONNECT_SECONDS
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            return _connect(paths["sock"])
        if worker.poll() is not None and not lock_held(paths["lock"]):
            raise WorkerUnavailable(f"the worker did not start; see {paths['log']}")
        time.sleep(0.02)
    worker.kill()
    raise WorkerUnavailable(f"the worker did not listen within {CONNECT_SECONDS} s")


def _connect(path: Path) -> socket.socket:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        connection.connect(str(path))
    except OSError:
        connection.close()
        raise
    return connection


def start_worker(paths: dict[str, Path], idle_seconds: float) -> subprocess.Popen:
    """A worker in its own session, in this directory and environment; it exits at once if
    another one holds the lock. -P keeps this file's directory off its sys.path."""
    with open(paths["log"], "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-P", __file__, "serve", str(paths["sock"].with_suffix("")),
             str(idle_seconds)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def lock_held(path: Path) -> bool:
    with open(path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        return False


# --- the worker ----------------------------------------------------------------


def serve(base: Path, idle_seconds: float) -> int:
    """Fork a job for each client until ``idle_seconds`` pass without one (or SIGTERM)."""
    paths = paths_at(base)
    socket_path = str(paths["sock"])
    lock = open(paths["lock"], "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return 0  # another worker is serving this key
    with contextlib.suppress(FileNotFoundError):
        os.unlink(socket_path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(socket_path)
    listener.listen(64)  # clients queue from here on, while the imports run
    try:
        problem = _serve(listener, idle_seconds)
    finally:
        listener.close()
        os.unlink(socket_path)
    if problem is not None:
        paths["failed"].write_text(f"the worker cannot serve here: {problem}\n")
        return 1
    # The socket is gone first, so no client reaches a worker without its lock.
    for path in (paths["lock"], paths["log"]):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    return 0


def _serve(listener: socket.socket, idle_seconds: float) -> str | None:
    """Serve until idle; None then, or (at once) why it cannot serve here."""
    start = time.perf_counter()
    preload()
    problem = cannot_serve()
    if problem:
        log(f"cannot serve: {problem}; leaving")
        return problem
    log(f"pid {os.getpid()}: imports took {time.perf_counter() - start:.2f} s; serving")
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "listener")
    jobs: dict[int, socket.socket] = {}  # pid -> its client's connection
    last_seen = time.monotonic()
    while jobs or not stopping and time.monotonic() - last_seen < idle_seconds:
        for key, _ in selector.select(timeout=1.0):
            kind = key.data if isinstance(key.data, str) else key.data[0]
            if kind == "listener":
                _accept(listener, selector, jobs)
            elif kind == "client":  # the client spoke or hung up: it is gone
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(key.data[1], signal.SIGKILL)
                selector.unregister(key.fileobj)
            else:
                _reap(key, selector, jobs)
        last_seen = time.monotonic() if jobs else last_seen
    log(f"leaving after {time.perf_counter() - start:.0f} s")
    return None


def cannot_serve() -> str | None:
    if threading.active_count() > 1:
        return "an import started a thread, and a fork would not have it"
    if not hasattr(os, "pidfd_open"):
        return "os.pidfd_open is missing (Linux 5.3 or newer is needed)"
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError as error:
        return f"os.pidfd_open failed: {error}"
    return None


def _accept(listener: socket.socket, selector: selectors.BaseSelector,
            jobs: dict[int, socket.socket]) -> None:
    connection, _ = listener.accept()
    connection.settimeout(5)
    fds: list[int] = []
    try:
        message, fds, _, _ = socket.recv_fds(connection, MESSAGE_BYTES, 3)
        request = json.loads(message)
        if len(fds) != len(request["streams"]):
            raise ValueError("streams missing")
    except (OSError, ValueError, KeyError) as error:
        log(f"dropped a client: {error}")
        for fd in fds:
            os.close(fd)
        connection.close()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        for worker_socket in (listener, connection, *jobs.values()):
            worker_socket.close()
        _become_job(request, fds)
    with contextlib.suppress(OSError):  # as the fork does: either way it leads its group first
        os.setpgid(pid, pid)
    for fd in fds:
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    jobs[pid] = connection
    with contextlib.suppress(OSError):
        connection.send(json.dumps({"pid": pid}).encode())
    selector.register(connection, selectors.EVENT_READ, ("client", pid))
    selector.register(pidfd, selectors.EVENT_READ, ("exit", pid))


def _reap(key, selector: selectors.BaseSelector, jobs: dict[int, socket.socket]) -> None:
    pid = key.data[1]
    _, status = os.waitpid(pid, 0)
    selector.unregister(key.fileobj)
    os.close(key.fileobj)
    connection = jobs.pop(pid)
    with contextlib.suppress(KeyError, ValueError):
        selector.unregister(connection)
    with contextlib.suppress(OSError):
        connection.send(json.dumps({"status": os.waitstatus_to_exitcode(status)}).encode())
    connection.close()


def _become_job(request: dict, fds: list[int]) -> None:
    """In the fork: take the client's streams, directory, environment and path, run its
    script as ``__main__`` and exit as a Python process does. Never returns."""
    status = 1
    try:
        os.setpgid(0, 0)
        _die_with_parent()
        for target, fd in zip(request["streams"], fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ[IN_WORKER] = str(os.getppid())
        sys.argv[:] = request["argv"]
        sys.path[:] = request["path"]
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if "numpy" in sys.modules:  # a fresh process seeds numpy's global generator itself
            sys.modules["numpy"].random.seed()
        status = run_script(request["argv"][0])
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            threading._shutdown()  # as the interpreter does at exit: join non-daemon threads
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


def run_script(path: str) -> int:
    """Run a script as ``__main__``; the exit status the interpreter would give it."""
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as exit:
        if exit.code is None or isinstance(exit.code, int):
            return exit.code or 0
        print(exit.code, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        traceback.print_exc()
        return 128 + signal.SIGINT
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def _die_with_parent() -> None:
    """SIGKILL this process when the worker dies (Linux's PR_SET_PDEATHSIG)."""
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getppid()
    if libc.prctl(1, signal.SIGKILL, 0, 0, 0) != 0 or os.getppid() != parent:
        os._exit(1)


def preload() -> None:
    for name in PRELOAD:
        try:
            module = importlib.import_module(name)
            if name == "matplotlib":
                module.use("Agg")  # as tunelab's figure modules do before importing pyplot
        except Exception as error:  # a job importing it fails the same way in its own fork
            log(f"not preloaded: {name}: {type(error).__name__}: {error}")


def log(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] != ["serve"] or len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} serve PATH_WITHOUT_SUFFIX IDLE_SECONDS")
    sys.exit(serve(Path(sys.argv[2]), float(sys.argv[3])))
