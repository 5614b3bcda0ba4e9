"""Pinned environments: requirements.txt and every envs/*.yaml agree, pin for pin."""

import re

import pytest
import yaml
from conftest import REPO

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;]+)$")


def pins(lines):
    found = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-r "):
            continue
        match = PIN.match(line)
        assert match, f"not an exact pin: {line!r}"
        found[match[1].lower().replace("_", "-")] = match[2]
    return found


REQUIREMENTS = pins((REPO / "requirements.txt").read_text().splitlines())
SLURM_REQUIREMENTS = (REPO / "requirements-slurm.txt").read_text().splitlines()
ENV_FILES = sorted((REPO / "envs").glob("*.yaml"))


def test_requirements_pin_every_package_exactly():
    assert REQUIREMENTS["torch"] == "2.13.0"
    assert REQUIREMENTS["snakemake"].startswith("9.")
    for package in ("scikit-learn", "optuna", "bayesian-optimization", "trackio", "pandas",
                    "matplotlib", "numpy"):
        assert package in REQUIREMENTS


def test_slurm_requirements_add_only_the_executor_to_the_workflow_pins():
    assert "-r requirements.txt" in SLURM_REQUIREMENTS
    extra = pins(SLURM_REQUIREMENTS)
    assert set(extra) == {"snakemake-executor-plugin-slurm", "snakemake-executor-plugin-slurm-jobstep"}
    assert not set(extra) & set(REQUIREMENTS)


@pytest.mark.parametrize("env_file", ENV_FILES, ids=lambda path: path.name)
def test_conda_env_pins_match_requirements(env_file):
    env = yaml.safe_load(env_file.read_text())
    pip_section = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    env_pins = pins(pip_section)
    assert env_pins == REQUIREMENTS
    assert "python=3.11" in env["dependencies"]


def test_every_rule_uses_an_env_that_exists():
    for rule_file in (REPO / "rules").glob("*.smk"):
        for env in re.findall(r'conda:\s*"([^"]+)"', rule_file.read_text()):
            assert (rule_file.parent / env).resolve().is_file(), f"{rule_file.name}: {env}"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    commands = re.findall(r"```bash\n(.+?)\n```", readme)
    install_and_run, install_and_test = commands[0], commands[1]
    assert "snakemake" in install_and_run and "pytest" in install_and_test
    ci_lines = (REPO / ".ci" / "run").read_text().splitlines()
    assert install_and_test in ci_lines


def test_ci_turns_on_the_live_slurm_tests_and_the_readme_says_so():
    # The README's test command leaves them off (they install system packages as root);
    # .ci/run, which runs that same command, turns them on, and the README says how.
    readme = (REPO / "README.md").read_text()
    install_and_test = re.findall(r"```bash\n(.+?)\n```", readme)[1]
    assert "TUNELAB_SLURM_TESTS" not in install_and_test
    assert "TUNELAB_SLURM_TESTS=1" in readme
    assert "export TUNELAB_SLURM_TESTS=1" in (REPO / ".ci" / "run").read_text().splitlines()
