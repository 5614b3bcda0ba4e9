"""The tiny workflow on a live one-node SLURM cluster (tests/slurm/slurm_up.sh).

Runs for real wherever the cluster can be started (root with apt-get). Elsewhere it is
skipped with the reason, except under CI=true, where it must run.
"""

import importlib.util
import os
import shutil
import subprocess
import time

import pytest
from conftest import REPO, SNAKEMAKE, TINY_CONFIG, load_tiny, result_tables, write_config

SLURM_DIR = REPO / "tests" / "slurm"
PROFILE = REPO / "profiles" / "slurm"
STATE_DIR = "/tmp/tunelab-slurm-tests"


def why_no_slurm() -> str | None:
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        return "the SLURM executor plugin is not installed (pip install -r requirements-slurm.txt)"
    if os.geteuid() != 0:
        return "starting SLURM needs root (slurmctld, slurmd and munged run as root here)"
    if shutil.which("apt-get") is None and shutil.which("slurmctld") is None:
        return "no apt-get to install SLURM and no slurmctld on PATH"
    return None


@pytest.fixture(scope="module")
def slurm_cluster():
    reason = why_no_slurm()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"SLURM test cannot run under CI=true: {reason}")
        pytest.skip(reason)
    up = subprocess.run(["bash", str(SLURM_DIR / "slurm_up.sh"), STATE_DIR],
                        capture_output=True, text=True, timeout=900)
    print(up.stdout[-2000:])
    assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
    yield
    subprocess.run(["bash", str(SLURM_DIR / "slurm_down.sh"), STATE_DIR],
                   capture_output=True, text=True, timeout=120)


def run_on_slurm(workdir, *targets, config=TINY_CONFIG, limit=1500):
    """Snakemake with the SLURM profile, killed hard at ``limit`` (it ignores SIGTERM)."""
    command = ["timeout", "-s", "KILL", str(limit), SNAKEMAKE, "-s", str(REPO / "Snakefile"),
               "--directory", str(workdir), "--configfile", str(config),
               "--workflow-profile", str(PROFILE), *targets]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    return result, time.perf_counter() - start


def test_slurm_results_are_identical_to_the_local_run(slurm_cluster, tiny_run, tmp_path):
    local, _ = tiny_run
    result, seconds = run_on_slurm(tmp_path / "slurm")
    output = result.stdout + result.stderr
    print(f"tiny workflow on SLURM: {seconds:.0f} s")
    assert result.returncode == 0, output[-5000:]
    assert "sbatch" in output or "SLURM jobid" in output
    tables = result_tables(tmp_path / "slurm")
    reference = result_tables(local)
    assert tables.keys() == reference.keys()
    assert [name for name in reference if tables[name] != reference[name]] == []


def test_a_failing_rule_is_reported_failed_not_hung(slurm_cluster, tmp_path):
    config = load_tiny()
    # valid parameters, impossible together: lbfgs cannot fit an l1 penalty, so every fit fails
    config["models"]["rf"] = {"estimator": "LogisticRegression", "fixed": {"solver": "lbfgs"},
                              "spaces": {"grid": {"penalty": ["l1"]}}}
    config["strategies"] = {"grid": {}}
    config["figures"] = {"search_pattern": ["penalty", "penalty"], "contour": ["penalty", "penalty"]}
    broken = write_config(tmp_path / "broken.yaml", config)
    target = "results/searches/tiny/rf/grid/seed1/best.json"
    result, seconds = run_on_slurm(tmp_path / "fail", target, config=broken, limit=600)
    output = result.stdout + result.stderr
    print(f"failing rule on SLURM reported after {seconds:.0f} s")
    assert result.returncode not in (0, 137), output[-5000:]
    assert "Error in rule search" in output
    assert seconds < 300
