"""Which library modules a script imports, so a rule can list them as inputs.

Snakemake reruns a job when its script changes, but not when a module the script
imports changes; naming those modules as inputs closes that gap.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = "tunelab"
# Modules that decide where a job runs, never what it computes: editing them reruns nothing.
NOT_RESULT_INPUTS = frozenset({"tunelab.worker"})


def imported_modules(source: str) -> set[str]:
    """Names of ``tunelab`` modules a piece of code imports (``from tunelab import x`` counts x)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == PACKAGE}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == PACKAGE:
                found.add(node.module)
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def module_file(package_dir: Path, module: str) -> Path | None:
    parts = module.split(".")[1:]
    candidates = [package_dir.joinpath(*parts).with_suffix(".py"), package_dir.joinpath(*parts, "__init__.py")]
    return next((path for path in candidates if path.is_file()), None)


@functools.cache
def file_imports(path: Path) -> frozenset[str]:
    """:func:`imported_modules` of a file, parsed once per process (every rule asks)."""
    return frozenset(imported_modules(path.read_text()))


def library_files(script: str | Path, package_dir: str | Path) -> list[str]:
    """Every library file ``script`` depends on, following imports transitively, sorted."""
    package_dir = Path(package_dir)
    seen: set[Path] = set()
    pending = [Path(script)]
    while pending:
        for module in file_imports(pending.pop()) - NOT_RESULT_INPUTS:
            path = module_file(package_dir, module)
            if path is not None and path not in seen:
                seen.add(path)
                pending.append(path)
    return sorted(str(path) for path in seen)
