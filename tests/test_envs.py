"""Pinned environments: requirements.txt pins everything; each envs/*.yaml carries exactly
what its rules' scripts import (with their dependencies), at the same pins.

Regenerate the env files after changing imports or pins:
``.venv/bin/python tests/test_envs.py --write``.
"""

import ast
import re
import sys
from importlib.metadata import packages_distributions, requires
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from tunelab.deps import library_files  # noqa: E402

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;]+)$")
RULE = re.compile(r"^rule (\w+):\n(.*?)(?=^rule |\Z)", re.S | re.M)
DEV_TOOLS = {"snakemake", "pytest", "snakefmt", "black"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines):
    found = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-r "):
            continue
        match = PIN.match(line)
        assert match, f"not an exact pin: {line!r}"
        found[normalise(match[1])] = match[2]
    return found


REQUIREMENTS = pins((REPO / "requirements.txt").read_text().splitlines())
SLURM_REQUIREMENTS = (REPO / "requirements-slurm.txt").read_text().splitlines()
ENV_FILES = sorted((REPO / "envs").glob("*.yaml"))


def rule_envs() -> dict[str, list[Path]]:
    """env file name -> the scripts of the rules that name it."""
    envs: dict[str, list[Path]] = {}
    for rule_file in sorted((REPO / "rules").glob("*.smk")):
        for name, body in RULE.findall(rule_file.read_text()):
            env = re.search(r'conda:\s*"\.\./envs/([^"]+)"', body)
            script = re.search(r'script:\s*"\.\./scripts/([^"]+)"', body)
            assert env and script, f"rule {name} names no conda env or no script"
            envs.setdefault(env[1], []).append(REPO / "scripts" / script[1])
    return envs


def imported_distributions(script: Path) -> set[str]:
    """Distributions a script and the library files it reaches import."""
    modules = set()
    for path in [script, *map(Path, library_files(script, REPO / "scripts" / "tunelab"))]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    installed = packages_distributions()
    return {normalise(dist) for module in modules for dist in installed.get(module, [])}


def closure(roots: set[str]) -> set[str]:
    """The distributions ``roots`` need, with everything they require, transitively."""
    seen, pending = set(), list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(normalise(requirement.name))
    return seen


def needed(scripts: list[Path]) -> set[str]:
    return closure(set().union(*map(imported_distributions, scripts)))


def env_pins(env_file: Path) -> dict[str, str]:
    env = yaml.safe_load(env_file.read_text())
    return pins(next(item["pip"] for item in env["dependencies"] if isinstance(item, dict)))


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
    env_pinned = env_pins(env_file)
    assert env_pinned == {name: REQUIREMENTS[name] for name in env_pinned}
    assert "python=3.11" in yaml.safe_load(env_file.read_text())["dependencies"]


def test_each_env_carries_what_its_rules_import_and_nothing_else():
    envs = rule_envs()
    assert set(envs) == {path.name for path in ENV_FILES}
    for env_name, scripts in envs.items():
        packages = set(env_pins(REPO / "envs" / env_name))
        wanted = needed(scripts)
        assert packages == wanted, f"{env_name}: missing {wanted - packages}, extra {packages - wanted}"
        assert not packages & DEV_TOOLS


def test_the_figure_env_leaves_tracking_out():
    assert "trackio" in env_pins(REPO / "envs" / "tuning.yaml")
    assert "trackio" not in env_pins(REPO / "envs" / "figures.yaml")


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


def write_envs() -> None:
    for env_name, scripts in rule_envs().items():
        packages = sorted(needed(scripts))
        kinds = ", ".join(sorted(path.stem for path in scripts))
        lines = [
            f"# Conda env of the rules running {kinds}.",
            "# Exactly what their scripts import, with its dependencies, at requirements.txt's pins",
            "# (tests/test_envs.py checks; regenerate with: python tests/test_envs.py --write).",
            "channels:", "  - conda-forge", "  - nodefaults", "dependencies:", "  - python=3.11",
            "  - pip", "  - pip:",
            *(f"      - {name}=={REQUIREMENTS[name]}" for name in packages),
        ]
        (REPO / "envs" / env_name).write_text("\n".join(lines) + "\n")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    write_envs()
