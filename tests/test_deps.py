from conftest import REPO

from tunelab.deps import imported_modules, library_files


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
    assert not files & {"figures.py", "parity.py", "demos.py", "config.py"}
