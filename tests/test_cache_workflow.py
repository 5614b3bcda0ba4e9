"""The trial cache inside the workflow: a killed search resumes from it, and results never
depend on it."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from conftest import REPO, SNAKEMAKE, load_tiny, result_tables, run_snakemake, write_config
from tunelab.runlog import read_done_line

TARGET = "results/searches/tiny/rf/tpe_pruned/seed1"
N_TRIALS = 40


def slow_search_config(tmp_path, cache_enabled=True):
    """One pruned TPE search, slow enough (about half a second a trial) to kill mid-way."""
    config = load_tiny()
    config["seeds"] = [1]
    config["datasets"]["tiny"]["options"]["n_samples"] = 600
    config["models"]["rf"]["spaces"]["default"]["n_estimators"] = {"type": "int", "low": 40, "high": 80}
    config["strategies"] = {"tpe_pruned": {**config["strategies"]["tpe_pruned"], "n_trials": N_TRIALS}}
    config["cache"]["enabled"] = cache_enabled
    config["tracking"]["enabled"] = False
    for section in ("notebook_runs", "parity", "demos", "automl", "nested"):
        config.pop(section)
    return write_config(tmp_path / f"slow-{cache_enabled}.yaml", config)


def search_process(workdir):
    """The job process running the search script (Snakemake copies it into the workdir)."""
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(workdir) in cmdline and "search.py" in cmdline and "snakemake" not in cmdline.split()[0]:
            return int(proc.name)
    return None


def finished_trials(log):
    return len(re.findall(r"tpe_pruned trial \d+/", log.read_text())) if log.exists() else 0


def test_a_search_killed_mid_way_resumes_from_the_cache(tmp_path):
    reference_dir, killed_dir = tmp_path / "reference", tmp_path / "killed"
    _, full_seconds = run_snakemake(reference_dir, "--cores", "1", f"{TARGET}/best.json",
                                    config=slow_search_config(tmp_path, cache_enabled=False))

    config = slow_search_config(tmp_path)
    command = [SNAKEMAKE, "-s", str(REPO / "Snakefile"), "--directory", str(killed_dir),
               "--configfile", str(config), "--cores", "1", f"{TARGET}/best.json"]
    log = killed_dir / "results" / "logs" / "search" / "tiny" / "rf" / "tpe_pruned" / "seed1.log"
    running = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while finished_trials(log) < N_TRIALS // 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    job = search_process(killed_dir)
    assert job is not None and finished_trials(log) < N_TRIALS, "the search ended before it was killed"
    os.kill(job, signal.SIGKILL)
    running.wait(timeout=120)
    assert running.returncode != 0
    assert not (killed_dir / TARGET / "trials.csv").exists()

    _, resume_seconds = run_snakemake(killed_dir, "--cores", "1", f"{TARGET}/best.json", config=config)
    for name in ("trials.csv", "best.json"):
        assert (killed_dir / TARGET / name).read_bytes() == (reference_dir / TARGET / name).read_bytes()
    replayed = int(re.search(r"trial cache: (\d+) of 40 trials came from the cache", log.read_text())[1])
    print(f"uninterrupted {full_seconds:.1f} s; killed after half, resumed in {resume_seconds:.1f} s; "
          f"{replayed} of {N_TRIALS} trials from the cache")
    assert replayed >= N_TRIALS // 2 - 1


def test_the_cache_off_gives_the_same_tables(tiny_run, tmp_path):
    workdir, _ = tiny_run
    config = load_tiny()
    config["cache"]["enabled"] = False
    run_snakemake(tmp_path / "off", "--cores", "2", config=write_config(tmp_path / "off.yaml", config))
    assert result_tables(tmp_path / "off") == result_tables(workdir)
    assert (workdir / "results" / "cache").is_dir() and not (tmp_path / "off" / "results" / "cache").exists()


def test_the_warm_worker_off_gives_the_same_tables(tiny_run, tmp_path):
    """Jobs forked from the warm worker (the default) and jobs in their own processes write the
    same bytes; each job's log says where it ran."""
    workdir, _ = tiny_run
    config = load_tiny()
    config["worker"] = {"enabled": False}
    run_snakemake(tmp_path / "off", "--cores", "2", config=write_config(tmp_path / "off.yaml", config))
    assert result_tables(tmp_path / "off") == result_tables(workdir)
    for folder, where in ((workdir, "a fork of the warm worker"), (tmp_path / "off", "its own process")):
        logs = sorted((folder / "results" / "logs").rglob("*.log"))
        assert logs and all(read_done_line(log)["warm_worker"] == (where != "its own process") for log in logs)
        assert all(log.read_text().rstrip().endswith(where) for log in logs)
