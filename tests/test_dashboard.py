"""The README's dashboard command serves the workflow's runs on 127.0.0.1."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tunelab import tracking


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_dashboard_command_serves_the_project(tmp_path):
    directory = tmp_path / "trackio"
    logger = (
        "import sys; sys.path.insert(0, sys.argv[1]); from tunelab.tracking import start_run\n"
        "with start_run('demo', 'run-1', 'g', {'a': 1}, sys.argv[2]) as t:\n"
        "    t.log_step({'cv_score': 0.5}, 0)\n"
    )
    scripts = str(Path(__file__).resolve().parents[1] / "scripts")
    subprocess.run([sys.executable, "-c", logger, scripts, str(directory)], check=True, timeout=120)

    command = tracking.dashboard_command(directory, "demo", str(Path(sys.executable).with_name("trackio")))
    assert "127.0.0.1" in command
    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "BROWSER": "true"}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status = response.status
            except OSError:
                assert server.poll() is None, "trackio show exited"
                time.sleep(1)
        assert status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
