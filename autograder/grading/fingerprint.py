"""The grader fingerprint: what a score depends on besides the notebook.

A hash of the package version, the assignment's items list, its hidden suite with every suite
module and data file it uses, and the reference solution modules those import. A resumed run
regrades every result whose fingerprint differs, so a test fixed mid-term reaches every student.
"""

from __future__ import annotations

import ast
import hashlib
from functools import cache
from pathlib import Path

from .. import __version__

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # holds autograder/ and solutions/
FOLLOWED = ("autograder.suites", "solutions")
SUITE_DATA = ("autograder/suites/explanations.yaml",)


def _module_file(module: str) -> Path | None:
    base = PACKAGE_ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(module: str, path: Path) -> set[str]:
    """The modules `module` imports, resolved to absolute names (a name may be a submodule)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1]) if node.level else ""
            origin = ".".join(p for p in (base, node.module or "") if p)
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return found


def source_files(assignment: str) -> list[Path]:
    """Every file the grading of `assignment` reads from the suites and the reference."""
    todo = [f"autograder.suites.{assignment}", f"solutions.{assignment}"]
    seen: dict[str, Path] = {}
    while todo:
        module = todo.pop()
        path = _module_file(module)
        if module in seen or path is None or not module.startswith(FOLLOWED):
            continue
        seen[module] = path
        todo += [m for m in _imports(module, path) if m.startswith(FOLLOWED)]
    data = [PACKAGE_ROOT / name for name in SUITE_DATA]
    data.append(PACKAGE_ROOT / "autograder" / "suites" / "items" / f"{assignment}.yaml")
    return sorted(set(seen.values()) | {p for p in data if p.is_file()})


@cache
def grader_fingerprint(assignment: str) -> str:
    digest = hashlib.sha256(f"nngrade {__version__}\n".encode())
    for path in source_files(assignment):
        digest.update(f"{path.relative_to(PACKAGE_ROOT).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
