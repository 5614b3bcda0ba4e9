from conftest import REPO

from tunelab.config_check import checking_code
from tunelab.deps import file_imports, imported_modules, library_files, module_file


def test_imported_modules_sees_every_import_form():
    source = "import tunelab.trials\nfrom tunelab import spaces, search\nfrom tunelab.models import x\nimport numpy\n"
    assert imported_modules(source) == {
        "tunelab.trials", "tunelab", "tunelab.spaces", "tunelab.search", "tunelab.models",
        "tunelab.models.x",
    }


def test_library_files_follow_imports_transitively(tmp_path):
    package = tmp_path / "tunelab"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from tunelab import b\n")
    (package / "b.py").write_text("import os\n")
    (package / "c.py").write_text("")
    script = tmp_path / "job.py"
    script.write_text("from tunelab.a import thing\n")
    found = library_files(script, package)
    assert [p.rsplit("/", 1)[-1] for p in found] == ["__init__.py", "a.py", "b.py"]


def test_the_search_script_depends_on_the_search_modules_only():
    files = {p.rsplit("/", 1)[-1] for p in library_files(REPO / "scripts" / "search.py", REPO / "scripts" / "tunelab")}
    assert {"search.py", "spaces.py", "models.py", "trials.py", "datasets.py", "runlog.py", "tracking.py"} <= files
    assert not files & {"figures.py", "parity.py", "demos.py", "config.py", "runs.py"}
    assert "worker.py" not in files  # where a job runs never reruns it


LIBRARY = REPO / "scripts" / "tunelab"
TUNING_CORE = ("spaces", "search", "trials", "compare", "figures", "strategies", "models", "datasets")


def module_name(path):
    parts = path.relative_to(LIBRARY.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph():
    """tunelab module -> the tunelab modules it imports (at the top or inside a function)."""
    graph = {}
    for path in sorted(LIBRARY.rglob("*.py")):
        targets = {module_file(LIBRARY, name) for name in file_imports(path)} - {None}
        graph[module_name(path)] = {module_name(target) for target in targets} - {module_name(path)}
    return graph


def modules_on_a_cycle(graph):
    def reaches(start, goal):
        seen, pending = set(), list(graph[start])
        while pending:
            name = pending.pop()
            if name == goal:
                return True
            if name not in seen:
                seen.add(name)
                pending.extend(graph.get(name, ()))
        return False

    return sorted(name for name in graph if reaches(name, name))


def test_no_library_module_is_part_of_an_import_cycle():
    graph = import_graph()
    assert "tunelab.notebook.runs" in graph and "tunelab.config_check" in graph
    assert modules_on_a_cycle(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert modules_on_a_cycle({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == ["a", "b"]


def test_the_tuning_core_does_not_import_the_notebook_wing():
    for name in TUNING_CORE:
        files = library_files(LIBRARY / f"{name}.py", LIBRARY)
        assert not [path for path in files if "/notebook/" in path], name


def test_the_tuning_core_does_not_import_the_networks_and_they_do_not_import_the_notebook_wing():
    for name in TUNING_CORE:
        assert not [path for path in library_files(LIBRARY / f"{name}.py", LIBRARY) if "/nn/" in path], name
    for path in sorted((LIBRARY / "nn").glob("*.py")):
        assert not [found for found in library_files(path, LIBRARY) if "/notebook/" in found], path.name


def test_network_jobs_import_torch_but_the_config_check_does_not():
    hashed = {str(path) for path in checking_code()}
    assert any(path.endswith("nn/checks.py") for path in hashed)
    # nn.checks names determinism (torch) only inside check_device, for device: cuda
    assert "import torch" not in (LIBRARY / "nn" / "checks.py").read_text()
    assert "import torch" not in (LIBRARY / "nn" / "config.py").read_text()


def test_the_config_check_hashes_every_file_its_checks_import():
    hashed = {path.name for path in checking_code()}
    assert {"checks.py", "config.py", "strategies.py", "models.py", "datasets.py", "spaces.py",
            "runs.py", "demos.py"} <= hashed
    assert "search.py" not in hashed and "tracking.py" not in hashed
